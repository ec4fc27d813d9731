/**
 * Command-line options of GNU ls (coreutils 8.28 src/ls.c:decode_switches()) and the
 * settings derived from them: output format (one per line unless stdout is a terminal),
 * quoting style (shell-escape on a terminal, literal otherwise), line width (COLUMNS, then
 * TIOCGWINSZ, then -w), which files to hide, sort order, and when files must be stat'ed.
 */

import { argmatch, xargmatch } from "./argmatch.ts";
import { FNM_PERIOD, fnmatch } from "./fnmatch.ts";
import type { LongOption } from "./getopt.ts";
import { human_autoscale, human_base_1024, human_SI } from "./human.ts";
import type { IndicatorStyle, LongOptions, TimeType } from "./ls_long.ts";
import type { Cmd } from "./prog.ts";
import { QUOTING_STYLES, type QuotingStyle } from "./quote.ts";
import { terminalColumns } from "./sys.ts";

export type Format = "long" | "one_per_line" | "many_per_line" | "horizontal" | "with_commas";
export type SortType = "name" | "none" | "time" | "size" | "extension" | "version";
export type Dereference =
  | "never"
  | "command_line_arguments"
  | "command_line_symlink_to_dir"
  | "always";

export interface LsOptions {
  operands: string[];
  format: Format;
  long: boolean;
  sort: SortType;
  reverse: boolean;
  timeType: TimeType;
  recursive: boolean;
  immediateDirs: boolean;
  dereference: Dereference;
  indicator: IndicatorStyle;
  printInode: boolean;
  printBlockSize: boolean;
  formatNeedsStat: boolean;
  formatNeedsType: boolean;
  lineLength: number;
  tabsize: number;
  alignQuotes: boolean;
  longOpts: LongOptions;
  quoteName(name: string): string;
  quoteDirName(name: string): string;
  displayWidth(s: string): number;
  ignored(name: string): boolean;
}

const L = (name: string, hasArg: 0 | 1 | 2, val: string): LongOption => ({ name, hasArg, val });

/** ls.c long_options[] of 8.28. */
const LONG: LongOption[] = [
  L("all", 0, "a"),
  L("escape", 0, "b"),
  L("directory", 0, "d"),
  L("dired", 0, "D"),
  L("full-time", 0, "full-time"),
  L("group-directories-first", 0, "gdf"),
  L("human-readable", 0, "h"),
  L("inode", 0, "i"),
  L("kibibytes", 0, "k"),
  L("numeric-uid-gid", 0, "n"),
  L("no-group", 0, "G"),
  L("hide-control-chars", 0, "q"),
  L("reverse", 0, "r"),
  L("size", 0, "s"),
  L("width", 1, "w"),
  L("almost-all", 0, "A"),
  L("ignore-backups", 0, "B"),
  L("classify", 0, "F"),
  L("file-type", 0, "file-type"),
  L("si", 0, "si"),
  L("dereference-command-line", 0, "H"),
  L("dereference-command-line-symlink-to-dir", 0, "deref-dir"),
  L("hide", 1, "hide"),
  L("ignore", 1, "I"),
  L("indicator-style", 1, "indicator-style"),
  L("dereference", 0, "L"),
  L("literal", 0, "N"),
  L("quote-name", 0, "Q"),
  L("quoting-style", 1, "quoting-style"),
  L("recursive", 0, "R"),
  L("format", 1, "format"),
  L("show-control-chars", 0, "show-control-chars"),
  L("sort", 1, "sort"),
  L("tabsize", 1, "T"),
  L("time", 1, "time"),
  L("time-style", 1, "time-style"),
  L("color", 2, "color"),
  L("block-size", 1, "block-size"),
  L("context", 0, "Z"),
  L("author", 0, "author"),
  L("help", 0, "help"),
  L("version", 0, "version"),
];

const SHORT = "abcdfghiklmnopqrstuvw:xABCDFGHI:LNQRST:UXZ1";

/** Parses a column count as ls does for -w, -T, COLUMNS and TABSIZE. */
function parseCount(s: string): number | null {
  return /^\d+$/.test(s) && Number(s) <= 2 ** 31 ? Number(s) : null;
}

export async function parseLsOptions(cmd: Cmd, argv: string[]): Promise<LsOptions> {
  const { libc, q } = cmd;
  const isTty = await libc.isatty(1);
  let format: Format = isTty ? "many_per_line" : "one_per_line";
  let sort: SortType = "name";
  let reverse = false;
  let timeType: TimeType = "mtime";
  let recursive = false;
  let immediateDirs = false;
  let dereference: Dereference | null = null;
  let indicator: IndicatorStyle = "none";
  let printInode = false;
  let printBlockSize = false;
  let ignoreMode: "default" | "dot_and_dotdot" | "minimal" = "default";
  const ignorePatterns: string[] = [];
  const hidePatterns: string[] = [];
  let quotingStyle: QuotingStyle | null = null;
  let qmark: boolean | null = null;
  let humanOpts = 0;
  let outputBlockSize = 1024;
  let fileHumanOpts = 0;
  let fileOutputBlockSize = 1;
  let printOwner = true;
  let printGroup = true;
  let numericIds = false;
  let timeStyle: LongOptions["timeStyle"] = "locale";
  let lineLength = 80;
  let tabsize = 8;

  const cols = libc.getenv("COLUMNS");
  if (cols) {
    const n = parseCount(cols);
    if (n !== null && n > 0) lineLength = n;
    else
      await cmd.error(`ignoring invalid width in environment variable COLUMNS: ${q.quote(cols)}`);
  }
  const ws = await terminalColumns(libc, 1);
  if (ws) lineLength = ws;
  const tabs = libc.getenv("TABSIZE");
  if (tabs !== undefined) {
    const n = parseCount(tabs);
    if (n !== null) tabsize = n;
    else
      await cmd.error(
        `ignoring invalid tab size in environment variable TABSIZE: ${q.quote(tabs)}`,
      );
  }

  const { options, operands } = await cmd.getopt(argv, SHORT, LONG);
  for (const { key, arg = "" } of options) {
    switch (key) {
      case "a":
        ignoreMode = "minimal";
        break;
      case "b":
        quotingStyle = "escape";
        break;
      case "c":
        timeType = "ctime";
        break;
      case "d":
        immediateDirs = true;
        break;
      case "f":
        ignoreMode = "minimal";
        sort = "none";
        if (format === "long") format = isTty ? "many_per_line" : "one_per_line";
        printBlockSize = false;
        break;
      case "file-type":
        indicator = "file_type";
        break;
      case "g":
        format = "long";
        printOwner = false;
        break;
      case "h":
      case "si":
        humanOpts = human_autoscale | human_SI | (key === "h" ? human_base_1024 : 0);
        fileHumanOpts = humanOpts;
        outputBlockSize = 1;
        fileOutputBlockSize = 1;
        break;
      case "i":
        printInode = true;
        break;
      case "k":
        break;
      case "l":
        format = "long";
        break;
      case "m":
        format = "with_commas";
        break;
      case "n":
        numericIds = true;
        format = "long";
        break;
      case "o":
        format = "long";
        printGroup = false;
        break;
      case "p":
        indicator = "slash";
        break;
      case "q":
        qmark = true;
        break;
      case "show-control-chars":
        qmark = false;
        break;
      case "r":
        reverse = true;
        break;
      case "s":
        printBlockSize = true;
        break;
      case "t":
        sort = "time";
        break;
      case "u":
        timeType = "atime";
        break;
      case "v":
        sort = "version";
        break;
      case "w": {
        // 8.28 wants 0 < COLS (9.x takes 0 as "no limit").
        const n = parseCount(arg);
        if (!n) await cmd.die(2, `invalid line width: ${q.quote(arg)}`);
        lineLength = n ?? lineLength;
        break;
      }
      case "x":
        format = "horizontal";
        break;
      case "A":
        ignoreMode = "dot_and_dotdot";
        break;
      case "B":
        ignorePatterns.push("*~", ".*~");
        break;
      case "C":
        format = "many_per_line";
        break;
      case "F":
        indicator = "classify";
        break;
      case "G":
        printGroup = false;
        break;
      case "H":
        dereference = "command_line_arguments";
        break;
      case "deref-dir":
        dereference = "command_line_symlink_to_dir";
        break;
      case "I":
        ignorePatterns.push(arg);
        break;
      case "hide":
        hidePatterns.push(arg);
        break;
      case "L":
        dereference = "always";
        break;
      case "N":
        quotingStyle = "literal";
        break;
      case "Q":
        quotingStyle = "c";
        break;
      case "R":
        recursive = true;
        break;
      case "S":
        sort = "size";
        break;
      case "T": {
        const n = parseCount(arg);
        if (n === null) await cmd.die(2, `invalid tab size: ${q.quote(arg)}`);
        tabsize = n ?? tabsize;
        break;
      }
      case "U":
        sort = "none";
        break;
      case "X":
        sort = "extension";
        break;
      case "1":
        if (format !== "long") format = "one_per_line";
        break;
      case "full-time":
        format = "long";
        timeStyle = "full-iso";
        break;
      case "format":
        format = await xargmatch(
          cmd,
          "--format",
          arg,
          ["verbose", "long", "commas", "horizontal", "across", "vertical", "single-column"],
          [
            "long",
            "long",
            "with_commas",
            "horizontal",
            "horizontal",
            "many_per_line",
            "one_per_line",
          ] as Format[],
        );
        break;
      case "sort":
        sort = await xargmatch(
          cmd,
          "--sort",
          arg,
          ["none", "time", "size", "extension", "version"],
          ["none", "time", "size", "extension", "version"] as SortType[],
        );
        break;
      case "time":
        timeType = await xargmatch(
          cmd,
          "--time",
          arg,
          ["atime", "access", "use", "ctime", "status"],
          ["atime", "atime", "atime", "ctime", "ctime"] as TimeType[],
        );
        break;
      case "indicator-style":
        indicator = await xargmatch(
          cmd,
          "--indicator-style",
          arg,
          ["none", "slash", "file-type", "classify"],
          ["none", "slash", "file_type", "classify"] as IndicatorStyle[],
        );
        break;
      case "quoting-style":
        quotingStyle = await xargmatch(cmd, "--quoting-style", arg, QUOTING_STYLES, QUOTING_STYLES);
        break;
      case "time-style": {
        const styles = ["full-iso", "long-iso", "iso", "locale"] as const;
        const s = arg.startsWith("posix-") ? arg.slice(6) : arg;
        const i = argmatch(s, styles, styles);
        if (i < 0) await xargmatch(cmd, "time style", arg, styles, styles);
        timeStyle = styles[Math.max(i, 0)];
        break;
      }
      case "color":
        // Colors are not drawn; the argument is still checked as ls checks it.
        if (arg)
          await xargmatch(
            cmd,
            "--color",
            arg,
            ["always", "yes", "force", "never", "no", "none", "auto", "tty", "if-tty"],
            [1, 1, 1, 0, 0, 0, 2, 2, 2],
          );
        break;
      default:
        // --dired, --context, --author, --block-size, --group-directories-first, --help,
        // --version: not supported by vkern's ls.
        await cmd.usageError(
          `option '${key.length === 1 ? `-${key}` : `--${key}`}' is not supported`,
        );
    }
  }

  if (dereference === null) {
    dereference =
      immediateDirs || indicator === "classify" || format === "long"
        ? "never"
        : "command_line_symlink_to_dir";
  }
  // QUOTING_STYLE from the environment, then ls's default: shell-escape on a terminal.
  if (quotingStyle === null) {
    const env = libc.getenv("QUOTING_STYLE");
    if (env !== undefined) {
      const i = argmatch(env, QUOTING_STYLES, QUOTING_STYLES);
      if (i >= 0) quotingStyle = QUOTING_STYLES[i];
      else
        await cmd.error(
          `ignoring invalid value of environment variable QUOTING_STYLE: ${q.quote(env)}`,
        );
    }
  }
  const style: QuotingStyle = quotingStyle ?? (isTty ? "shell-escape" : "literal");
  const hideControl = qmark ?? isTty;
  const long = format === "long";
  const formatNeedsStat = sort === "time" || sort === "size" || long || printBlockSize;
  const alignQuotes =
    (long || ((format === "many_per_line" || format === "horizontal") && lineLength > 0)) &&
    (style === "shell" || style === "shell-escape" || style === "c-maybe");
  const qmarkify = (s: string) => (hideControl ? s.replace(/[\x00-\x1f\x7f]/g, "?") : s);

  return {
    operands,
    format,
    long,
    sort,
    reverse,
    timeType,
    recursive,
    immediateDirs,
    dereference,
    indicator,
    printInode,
    printBlockSize,
    formatNeedsStat,
    formatNeedsType: !formatNeedsStat && (recursive || indicator !== "none"),
    lineLength,
    tabsize,
    alignQuotes,
    longOpts: {
      humanOpts,
      outputBlockSize,
      fileHumanOpts,
      fileOutputBlockSize,
      printOwner,
      printGroup,
      numericIds,
      timeType,
      indicator,
      printInode,
      printBlockSize,
      timeStyle,
    },
    quoteName: (name) => qmarkify(q.style(name, style)),
    quoteDirName: (name) => qmarkify(q.style(name, style, ":")),
    displayWidth: (s) => Array.from(s).length,
    ignored: (name) =>
      (ignoreMode !== "minimal" &&
        name.startsWith(".") &&
        (ignoreMode === "default" || name === "." || name === "..")) ||
      (ignoreMode === "default" && hidePatterns.some((p) => fnmatch(p, name, FNM_PERIOD))) ||
      ignorePatterns.some((p) => fnmatch(p, name, FNM_PERIOD)),
  };
}
