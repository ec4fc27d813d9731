/**
 * grep(1), GNU grep 3.1 (Ubuntu 18.04): print lines that match patterns. Basic (-G),
 * extended (-E) and fixed-string (-F) patterns; -i -v -w -x -c -l -L -o -q -s -n -b -h -H
 * -m -z, context (-A -B -C -NUM) with `--` group separators; directories and devices (-r -R
 * -d -D --include --exclude --exclude-from --exclude-dir, src/user/lib/grep_tree.ts, as grep
 * 3.8 does them, which 3.1 does alike). Exit status: 0 when a line was selected, 1 when none,
 * 2 on error (0 with -q when a line was selected anyway).
 */

import { argmatch } from "../lib/argmatch.ts";
import { quote, utf8Locale } from "../lib/coreutils.ts";
import { ExcludeList } from "../lib/exclude.ts";
import { getoptLong, type LongOption } from "../lib/getopt.ts";
import { type Devices, type Directories, GrepTree } from "../lib/grep_tree.ts";
import { argBytes, byteStr, errText, out, Reader, warn } from "../lib/io.ts";
import { PosixRegex, RegexError } from "../lib/regex.ts";
import type { Libc, Stat } from "../libc/libc.ts";

const LONG: LongOption[] = [
  { name: "extended-regexp", hasArg: 0, val: "E" },
  { name: "fixed-strings", hasArg: 0, val: "F" },
  { name: "basic-regexp", hasArg: 0, val: "G" },
  { name: "perl-regexp", hasArg: 0, val: "P" },
  { name: "regexp", hasArg: 1, val: "e" },
  { name: "file", hasArg: 1, val: "f" },
  { name: "ignore-case", hasArg: 0, val: "i" },
  { name: "no-ignore-case", hasArg: 0, val: "no-ignore-case" },
  { name: "word-regexp", hasArg: 0, val: "w" },
  { name: "line-regexp", hasArg: 0, val: "x" },
  { name: "null-data", hasArg: 0, val: "z" },
  { name: "no-messages", hasArg: 0, val: "s" },
  { name: "invert-match", hasArg: 0, val: "v" },
  { name: "version", hasArg: 0, val: "V" },
  { name: "help", hasArg: 0, val: "help" },
  { name: "max-count", hasArg: 1, val: "m" },
  { name: "byte-offset", hasArg: 0, val: "b" },
  { name: "line-number", hasArg: 0, val: "n" },
  { name: "line-buffered", hasArg: 0, val: "line-buffered" },
  { name: "with-filename", hasArg: 0, val: "H" },
  { name: "no-filename", hasArg: 0, val: "h" },
  { name: "label", hasArg: 1, val: "label" },
  { name: "only-matching", hasArg: 0, val: "o" },
  { name: "quiet", hasArg: 0, val: "q" },
  { name: "silent", hasArg: 0, val: "q" },
  { name: "binary-files", hasArg: 1, val: "binary-files" },
  { name: "text", hasArg: 0, val: "a" },
  { name: "files-without-match", hasArg: 0, val: "L" },
  { name: "files-with-matches", hasArg: 0, val: "l" },
  { name: "count", hasArg: 0, val: "c" },
  { name: "null", hasArg: 0, val: "Z" },
  { name: "before-context", hasArg: 1, val: "B" },
  { name: "after-context", hasArg: 1, val: "A" },
  { name: "context", hasArg: 1, val: "C" },
  { name: "group-separator", hasArg: 1, val: "group-separator" },
  { name: "no-group-separator", hasArg: 0, val: "no-group-separator" },
  { name: "color", hasArg: 2, val: "color" },
  { name: "colour", hasArg: 2, val: "color" },
  { name: "initial-tab", hasArg: 0, val: "T" },
  { name: "recursive", hasArg: 0, val: "r" },
  { name: "dereference-recursive", hasArg: 0, val: "R" },
  { name: "directories", hasArg: 1, val: "d" },
  { name: "devices", hasArg: 1, val: "D" },
  { name: "include", hasArg: 1, val: "include" },
  { name: "exclude", hasArg: 1, val: "exclude" },
  { name: "exclude-from", hasArg: 1, val: "exclude-from" },
  { name: "exclude-dir", hasArg: 1, val: "exclude-dir" },
];

const SHORT = "0123456789A:B:C:D:EFGHIJLPTUVX:abcd:e:f:hiLlm:noqRrsuvwxyZz";

interface Config {
  re: PosixRegex;
  invert: boolean;
  count: boolean;
  listMatching: boolean;
  listNonMatching: boolean;
  only: boolean;
  quiet: boolean;
  noMessages: boolean;
  lineNumber: boolean;
  byteOffset: boolean;
  withFilename: boolean;
  maxCount: number;
  before: number;
  after: number;
  groupSeparator: string | null;
  binaryText: boolean;
  binaryWithoutMatch: boolean;
  nullAfterName: boolean;
  nullData: boolean;
  label: string;
  /** -A, -B, -C or -NUM was given (even 0): groups get separators (out_before/out_after >= 0). */
  contextGiven: boolean;
  /** Something has been printed, in any file: the next group gets a separator (prtext()). */
  used: boolean;
}

function usage(prog: string): string {
  return `Usage: ${prog} [OPTION]... PATTERN [FILE]...\nTry '${prog} --help' for more information.\n`;
}

/** Mirrors grep.c:context_length_arg(). */
function contextArg(s: string): number | null {
  if (!/^[0-9]+$/.test(s)) return null;
  return Math.min(Number(s), Number.MAX_SAFE_INTEGER);
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv[0] ?? "grep";
  const parsed = getoptLong(argv, SHORT, LONG, {
    posixlyCorrect: libc.getenv("POSIXLY_CORRECT") !== undefined,
  });
  if (parsed.error) {
    await libc.stderr.write(parsed.error + usage(prog));
    return 2;
  }
  let mode: "G" | "E" | "F" = "G";
  const patterns: string[] = [];
  let havePatterns = false;
  let icase = false;
  let word = false;
  let line = false;
  const cfg: Omit<Config, "re" | "contextGiven" | "used"> = {
    invert: false,
    count: false,
    listMatching: false,
    listNonMatching: false,
    only: false,
    quiet: false,
    noMessages: false,
    lineNumber: false,
    byteOffset: false,
    withFilename: false,
    maxCount: Number.POSITIVE_INFINITY,
    before: -1,
    after: -1,
    groupSeparator: "--",
    binaryText: false,
    binaryWithoutMatch: false,
    nullAfterName: false,
    nullData: false,
    label: "(standard input)",
  };
  let filenameOpt: boolean | null = null;
  let directories: Directories = "read";
  let devices: Devices = "command-line";
  let logical = false;
  let excluded: [ExcludeList, ExcludeList] | null = null;
  let excludedDirs: [ExcludeList, ExcludeList] | null = null;
  // exclude_options(): anchored during the walk, unanchored for command-line names.
  const lists = (): [ExcludeList, ExcludeList] => [new ExcludeList(true), new ExcludeList(false)];
  let digitContext = "";
  let digitIndex = -1;
  let context = -1;
  for (const o of parsed.options) {
    const a = o.arg ?? "";
    if (o.key >= "0" && o.key <= "9" && o.key.length === 1) {
      // -NUM: digits of one argument accumulate (grep.c: prev_digit_optind).
      digitContext = o.index === digitIndex ? digitContext + o.key : o.key;
      digitIndex = o.index;
      context = Number(digitContext);
      continue;
    }
    switch (o.key) {
      case "E":
      case "F":
      case "G":
        mode = o.key;
        break;
      case "P":
        await warn(
          libc,
          prog,
          "support for the -P option is not compiled into this --disable-perl-regexp binary",
        );
        return 2;
      case "e":
        patterns.push(...argBytes(a).split("\n"));
        havePatterns = true;
        break;
      case "f": {
        try {
          const bytes = a === "-" ? await libc.readAll(0) : await libc.readFile(a);
          const text = byteStr(bytes).replace(/\n$/, "");
          // An empty file gives no pattern at all (matches nothing).
          if (bytes.length) patterns.push(...text.split("\n"));
        } catch (e) {
          await warn(libc, prog, `${a}: ${errText(libc, e)}`);
          return 2;
        }
        havePatterns = true;
        break;
      }
      case "i":
      case "y":
        icase = true;
        break;
      case "no-ignore-case":
        icase = false;
        break;
      case "w":
        word = true;
        break;
      case "x":
        line = true;
        break;
      case "z":
        cfg.nullData = true;
        break;
      case "s":
        cfg.noMessages = true;
        break;
      case "v":
        cfg.invert = true;
        break;
      case "V":
        await out(libc, "grep (GNU grep) 3.1\n");
        return 0;
      case "help":
        await out(
          libc,
          `Usage: ${prog} [OPTION]... PATTERN [FILE]...\nSearch for PATTERN in each FILE.\n`,
        );
        return 0;
      case "m": {
        if (!/^-?[0-9]+$/.test(a)) {
          await warn(libc, prog, "invalid max count");
          return 2;
        }
        cfg.maxCount = Number(a) < 0 ? Number.POSITIVE_INFINITY : Number(a);
        break;
      }
      case "b":
        cfg.byteOffset = true;
        break;
      case "n":
        cfg.lineNumber = true;
        break;
      case "H":
        filenameOpt = true;
        break;
      case "h":
        filenameOpt = false;
        break;
      case "label":
        cfg.label = a;
        break;
      case "o":
        cfg.only = true;
        break;
      case "q":
        cfg.quiet = true;
        break;
      case "a":
        cfg.binaryText = true;
        break;
      case "I":
        cfg.binaryWithoutMatch = true;
        break;
      case "binary-files":
        if (a === "text") cfg.binaryText = true;
        else if (a === "without-match") cfg.binaryWithoutMatch = true;
        else if (a !== "binary") {
          await warn(libc, prog, "unknown binary-files type");
          return 2;
        }
        break;
      case "L":
        cfg.listNonMatching = true;
        cfg.listMatching = false;
        break;
      case "l":
        cfg.listMatching = true;
        cfg.listNonMatching = false;
        break;
      case "c":
        cfg.count = true;
        break;
      case "Z":
        cfg.nullAfterName = true;
        break;
      case "A":
      case "B":
      case "C": {
        const n = contextArg(a);
        if (n === null) {
          await warn(libc, prog, `${a}: invalid context length argument`);
          return 2;
        }
        if (o.key === "A") cfg.after = n;
        else if (o.key === "B") cfg.before = n;
        else context = n;
        break;
      }
      case "group-separator":
        cfg.groupSeparator = argBytes(a);
        break;
      case "no-group-separator":
        cfg.groupSeparator = null;
        break;
      case "R":
        // -R after -r, or -r after -R: the walk stays logical once -R was seen (grep.c).
        logical = true;
        directories = "recurse";
        break;
      case "r":
        directories = "recurse";
        break;
      case "d": {
        const dirArgs = ["read", "recurse", "skip"] as const;
        const i = argmatch(a, dirArgs, dirArgs);
        if (i < 0) {
          // argmatch_die() is grep's usage(EXIT_FAILURE): status 1, not 2.
          const what = i === -1 ? "invalid argument" : "ambiguous argument";
          let msg = `${prog}: ${what} ${quote(libc, a)} for ${quote(libc, "--directories")}\n`;
          msg += "Valid arguments are:\n";
          for (const d of dirArgs) msg += `  - ${quote(libc, d)}\n`;
          await libc.stderr.write(msg + usage(prog));
          return 1;
        }
        directories = dirArgs[i];
        break;
      }
      case "D":
        if (a === "read") devices = "read";
        else if (a === "skip") devices = "skip";
        else {
          await warn(libc, prog, "unknown devices method");
          return 2;
        }
        break;
      case "include":
      case "exclude":
        excluded ??= lists();
        for (const l of excluded) l.add(a, o.key === "include");
        break;
      case "exclude-from": {
        // add_exclude_file(): one pattern a line, trailing white space and empty lines dropped.
        let text: string;
        try {
          text = new TextDecoder().decode(await libc.readFile(a));
        } catch (e) {
          await warn(libc, prog, `${a}: ${errText(libc, e)}`);
          return 2;
        }
        excluded ??= lists();
        for (const line of text.split("\n")) {
          const pat = line.replace(/\s+$/, "");
          if (pat) for (const l of excluded) l.add(pat, false);
        }
        break;
      }
      case "exclude-dir": {
        excludedDirs ??= lists();
        const pat = a.length > 1 ? a.replace(/\/+$/, "") || "/" : a;
        for (const l of excludedDirs) l.add(pat, false);
        break;
      }
      default:
        // --color, -T, -U, -u and the rest: accepted, without effect here.
        break;
    }
  }
  const contextGiven = cfg.after >= 0 || cfg.before >= 0 || context >= 0;
  if (cfg.after < 0) cfg.after = Math.max(context, 0);
  if (cfg.before < 0) cfg.before = Math.max(context, 0);
  const operands = [...parsed.operands];
  if (!havePatterns) {
    if (!operands.length) {
      await libc.stderr.write(usage(prog));
      return 2;
    }
    patterns.push(...argBytes(operands.shift() as string).split("\n"));
  }
  let re: PosixRegex;
  try {
    const fixed = mode === "F";
    re = new PosixRegex(patterns, {
      extended: mode === "E",
      fixed,
      icase,
      word,
      line,
      utf8: utf8Locale(libc),
    });
  } catch (e) {
    if (!(e instanceof RegexError)) throw e;
    await warn(libc, prog, e.message);
    return 2;
  }
  const nOperands = operands.length;
  // `grep -r PAT` searches the working directory, showing names without their "./".
  const omitDotSlash = !operands.length && directories === "recurse";
  if (!operands.length) operands.push(omitDotSlash ? "." : "-");
  if (logical && devices === "command-line") devices = "read";
  const config: Config = { ...cfg, re, contextGiven, used: false };
  const list = config.listMatching || config.listNonMatching;
  let outStat: Stat | null = null;
  if (!config.quiet && !config.count && !list && config.maxCount > 1) {
    const st = await libc.fstat(1).catch(() => null);
    if (st && (st.mode & 0o170000) === 0o100000) outStat = st;
  }
  const tree: GrepTree = new GrepTree(
    libc,
    prog,
    {
      directories,
      devices,
      logical,
      noMessages: config.noMessages,
      excluded,
      excludedDirs,
      omitDotSlash,
      withFilename: filenameOpt,
      label: config.label,
      outStat,
    },
    (fd, name) => {
      config.withFilename = tree.outFile === 1;
      return grepDesc(libc, tree, config, fd, name);
    },
    config.quiet,
    nOperands,
  );
  let selected = false;
  for (const name of operands) {
    if (!(await tree.commandLineArg(name))) selected = true;
    if (tree.quit) break;
  }
  if (config.quiet && selected) return 0;
  try {
    await libc.stdout.flush();
  } catch (e) {
    await warn(libc, prog, `write error: ${errText(libc, e)}`);
    return 2;
  }
  if (tree.errseen) return 2;
  return selected ? 0 : 1;
}

/** Searches one open input and closes it; returns the number of selected lines. */
async function grepDesc(
  libc: Libc,
  tree: GrepTree,
  cfg: Config,
  fd: number,
  name: string,
): Promise<number> {
  const reader = new Reader(libc, fd);
  if (cfg.nullData) reader.eol = "\0";
  try {
    // A directory without -r fails here: "grep: DIR: Is a directory".
    return await search(libc, cfg, reader, argBytes(name), (e) => tree.suppressible(name, e));
  } finally {
    await reader.close();
  }
}

/** Mirrors grep.c:grep() and prtext(): select lines, print them with context and prefixes. */
async function search(
  libc: Libc,
  cfg: Config,
  reader: Reader,
  display: string,
  readError: (e: unknown) => Promise<void>,
): Promise<number> {
  const eol = cfg.nullData ? "\0" : "\n";
  const sep = cfg.nullAfterName ? "\0" : null;
  const printLines = !(cfg.quiet || cfg.count || cfg.listMatching || cfg.listNonMatching);
  // With -o, context lines print nothing but still count for adjacency (as in prline()).
  const context = printLines && cfg.contextGiven;
  const before: { text: string; no: number; off: number }[] = [];
  let lastPrinted = 0;
  let afterLeft = 0;
  let selected = 0;
  let lineNo = 0;
  let offset = 0;
  let binary = false;
  let binaryMatched = false;

  const prefix = (no: number, off: number, mark: string): string => {
    let p = "";
    if (cfg.withFilename) p += display + (sep ?? mark);
    if (cfg.lineNumber) p += `${no}${mark}`;
    if (cfg.byteOffset) p += `${off}${mark}`;
    return p;
  };
  /** prtext()'s group separator: before output not adjacent to this file's last output. */
  const group = async (no: number) => {
    const adjacent = lastPrinted > 0 && no === lastPrinted + 1;
    if (context && cfg.used && !adjacent && cfg.groupSeparator !== null)
      await out(libc, `${cfg.groupSeparator}\n`);
    lastPrinted = no;
    cfg.used = true;
  };
  const emit = async (text: string, no: number, off: number, mark: string) => {
    await group(no);
    if (!(cfg.only && mark === "-")) await out(libc, prefix(no, off, mark) + text + eol);
  };

  for (;;) {
    if (selected >= cfg.maxCount && afterLeft === 0) break;
    let raw: string | null;
    try {
      raw = await reader.readLine();
    } catch (e) {
      // fillbuf() failed: report it, and finish as at end of file (a count is still printed).
      if (!(e instanceof Error && e.name === "SysError")) throw e;
      await readError(e);
      break;
    }
    if (raw === null) break;
    lineNo++;
    const off = offset;
    offset += raw.length;
    const text = raw.endsWith(eol) ? raw.slice(0, -1) : raw;
    if (!binary && !cfg.binaryText && !cfg.nullData && reader.sawNul && printLines) binary = true;
    if (selected >= cfg.maxCount) {
      // Trailing context after the last counted match (grep -m N -A M).
      if (context && !binary) await emit(text, lineNo, off, "-");
      afterLeft--;
      continue;
    }
    const isMatch = cfg.re.test(text) !== cfg.invert;
    if (!isMatch) {
      if (context && !binary) {
        if (afterLeft > 0) {
          await emit(text, lineNo, off, "-");
          afterLeft--;
        } else if (cfg.before > 0) {
          before.push({ text, no: lineNo, off });
          if (before.length > cfg.before) before.shift();
        }
      }
      continue;
    }
    selected++;
    if (cfg.quiet || cfg.listMatching || cfg.listNonMatching) break;
    if (cfg.count) continue;
    if (binary) {
      if (cfg.binaryWithoutMatch) return 0;
      binaryMatched = true;
      break;
    }
    if (context) {
      for (const b of before) await emit(b.text, b.no, b.off, "-");
      before.length = 0;
      afterLeft = cfg.after;
    }
    if (cfg.only) {
      if (cfg.invert) continue;
      await group(lineNo);
      for (let from = 0; from <= text.length; ) {
        const m = cfg.re.exec(text, from);
        if (!m) break;
        if (m.end === m.index) {
          from = m.index + 1;
          continue;
        }
        await out(libc, prefix(lineNo, off + m.index, ":") + text.slice(m.index, m.end) + eol);
        from = m.end;
      }
    } else {
      await emit(text, lineNo, off, ":");
    }
  }
  if (cfg.count) {
    const name = cfg.withFilename ? display + (sep ?? ":") : "";
    await out(libc, `${name}${selected}\n`);
  }
  if (cfg.listMatching && selected > 0) await out(libc, display + (sep ?? "\n"));
  if (cfg.listNonMatching && selected === 0) await out(libc, display + (sep ?? "\n"));
  // grep 3.1 reports on stdout; grep 3.5+ moved this to stderr as "grep: X: binary file matches".
  if (binaryMatched) await out(libc, `Binary file ${display} matches\n`);
  return selected;
}
