/**
 * ls(1), GNU coreutils 8.28: list directory contents. Mirrors src/ls.c: main(),
 * gobble_file(), extract_dirs_from_files(), print_dir(), sort_files(), print_current_files().
 *
 * Sorting is by code point, which is strcoll() in the C and C.UTF-8 locales (vkern's LANG is
 * C.UTF-8); Ubuntu's en_US.UTF-8 collation, which folds case and skips punctuation, is not
 * emulated. Every listing in the transcripts sorts identically under both.
 */

import { S_ISDIR, S_ISLNK } from "../../include/uapi/stat.ts";
import { layoutColumns } from "../lib/ls_columns.ts";
import {
  blocksText,
  type FileInfo,
  type FileType,
  fileTime,
  filetypeOfDtype,
  inodeText,
  longPrefix,
  type Names,
  noteWidths,
  typeIndicator,
  type Widths,
  zeroWidths,
} from "../lib/ls_long.ts";
import { type LsOptions, parseLsOptions } from "../lib/ls_options.ts";
import { groupName, userName } from "../lib/passwd.ts";
import { type Cmd, coreutilsMain, errnoOf } from "../lib/prog.ts";
import { tsNs } from "../lib/sys.ts";
import type { Stat } from "../libc/libc.ts";

const LS_MINOR_PROBLEM = 1;
const LS_FAILURE = 2;

/** Code-point order (strcmp() of UTF-8 bytes). */
function cmpNames(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (astral planes) sort after U+E000..U+FFFF in code-point order.
      if (x >= 0xd800 && x < 0xe000 && y >= 0xe000) return 1;
      if (y >= 0xd800 && y < 0xe000 && x >= 0xe000) return -1;
      return x - y;
    }
  }
  return a.length - b.length;
}

/** file_name_concat(): "dir/name" without doubling a trailing slash. */
function concat(dir: string, name: string): string {
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}

class Ls {
  status = 0;
  files: FileInfo[] = [];
  widths: Widths = zeroWidths();
  totalBlocks = 0;
  someQuoted = false;
  pending: { name: string; cmdline: boolean }[] = [];
  printDirName = true;
  firstDir = true;
  now: bigint | null = null;
  private userCache = new Map<number, string | undefined>();
  private groupCache = new Map<number, string | undefined>();
  readonly names: Names = {
    user: (u) => this.userCache.get(u),
    group: (g) => this.groupCache.get(g),
  };

  constructor(
    readonly cmd: Cmd,
    readonly o: LsOptions,
  ) {}

  /** Mirrors ls.c:file_failure(): message, and exit status 2 (serious) or 1. */
  async fileFailure(serious: boolean, message: string, file: string, errno: number) {
    await this.cmd.error(`${message} ${this.cmd.q.quoteaf(file)}`, errno);
    if (serious) this.status = LS_FAILURE;
    else if (this.status === 0) this.status = LS_MINOR_PROBLEM;
  }

  private async resolveNames(st: Stat) {
    const { libc } = this.cmd;
    if (!this.userCache.has(st.uid)) this.userCache.set(st.uid, await userName(libc, st.uid));
    if (!this.groupCache.has(st.gid)) this.groupCache.set(st.gid, await groupName(libc, st.gid));
  }

  private async statOf(path: string, cmdline: boolean): Promise<Stat> {
    const { libc } = this.cmd;
    const deref = this.o.dereference;
    if (deref === "always") return libc.stat(path);
    if (cmdline && deref === "command_line_arguments") return libc.stat(path);
    if (cmdline && deref === "command_line_symlink_to_dir") {
      // stat() first; fall back to lstat() unless it names a directory.
      try {
        const st = await libc.stat(path);
        if (S_ISDIR(st.mode)) return st;
      } catch (e) {
        if (errnoOf(e) !== 2) throw e;
      }
    }
    return libc.lstat(path);
  }

  /** Mirrors ls.c:gobble_file(): adds one entry to the current listing; returns its blocks. */
  async gobble(name: string, type: FileType, ino: number, cmdline: boolean, dir: string) {
    const o = this.o;
    const f: FileInfo = {
      name,
      filetype: type,
      stat: null,
      ino,
      linkMode: 0,
      quoted: "",
      isQuoted: false,
    };
    const needsStat =
      cmdline ||
      o.formatNeedsStat ||
      (o.formatNeedsType &&
        (type === "unknown" || (type === "normal" && o.indicator === "classify"))) ||
      (o.printInode && ino === 0);
    const full = dir === "" || name.startsWith("/") ? name : concat(dir, name);
    if (needsStat) {
      let st: Stat;
      try {
        st = await this.statOf(full, cmdline);
      } catch (e) {
        await this.fileFailure(cmdline, "cannot access", full, errnoOf(e));
        if (cmdline) return 0;
        this.add(f);
        return 0;
      }
      f.stat = st;
      if (o.long || o.printBlockSize) await this.resolveNames(st);
      if (S_ISLNK(st.mode) && o.long) {
        try {
          f.linkName = await this.cmd.libc.readlink(full);
        } catch (e) {
          await this.fileFailure(cmdline, "cannot read symbolic link", full, errnoOf(e));
        }
        // Only -F and --file-type show the target's type (file_type <= indicator_style).
        if (
          f.linkName !== undefined &&
          (o.indicator === "file_type" || o.indicator === "classify")
        ) {
          const target = f.linkName.startsWith("/")
            ? f.linkName
            : full.includes("/")
              ? full.slice(0, full.lastIndexOf("/") + 1) + f.linkName
              : f.linkName;
          try {
            f.linkMode = (await this.cmd.libc.stat(target)).mode;
          } catch {
            f.linkMode = 0;
          }
        }
      }
      if (S_ISLNK(st.mode)) f.filetype = "symbolic_link";
      else if (S_ISDIR(st.mode))
        f.filetype = cmdline && !o.immediateDirs ? "arg_directory" : "directory";
      else f.filetype = filetypeOfDtype((st.mode >>> 12) & 0xf);
      noteWidths(this.widths, f, o.longOpts, o.long, this.names);
    }
    if (o.printInode) this.widths.inode = Math.max(this.widths.inode, inodeText(f).length);
    this.add(f);
    return f.stat ? f.stat.blocks : 0;
  }

  private add(f: FileInfo) {
    f.quoted = this.o.quoteName(f.name);
    f.isQuoted = f.quoted !== f.name;
    if (f.isQuoted && this.o.alignQuotes) this.someQuoted = true;
    this.files.push(f);
  }

  clearFiles() {
    this.files = [];
    this.widths = zeroWidths();
    this.someQuoted = false;
  }

  /**
   * Mirrors ls.c:sort_files() with the comparators of -t, -S, -X, name, -r, -U. -v (version
   * order, gnulib filevercmp()) is not implemented and sorts by name.
   */
  sortFiles() {
    const o = this.o;
    if (o.sort === "none") return;
    const byName = (a: FileInfo, b: FileInfo) => cmpNames(a.name, b.name);
    let cmp: (a: FileInfo, b: FileInfo) => number = byName;
    if (o.sort === "time") {
      cmp = (a, b) => {
        const ta = a.stat ? tsNs(fileTime(a.stat, o.timeType)) : 0n;
        const tb = b.stat ? tsNs(fileTime(b.stat, o.timeType)) : 0n;
        return tb > ta ? 1 : tb < ta ? -1 : byName(a, b);
      };
    } else if (o.sort === "extension") {
      // ls.c:cmp_extension(): from the last '.', names without one first.
      const ext = (n: string) => (n.lastIndexOf(".") >= 0 ? n.slice(n.lastIndexOf(".")) : "");
      cmp = (a, b) => cmpNames(ext(a.name), ext(b.name)) || byName(a, b);
    } else if (o.sort === "size") {
      cmp = (a, b) => {
        const d = (b.stat?.size ?? 0) - (a.stat?.size ?? 0);
        return d !== 0 ? Math.sign(d) : byName(a, b);
      };
    }
    this.files.sort(o.reverse ? (a, b) => cmp(b, a) : cmp);
  }

  /** Mirrors ls.c:extract_dirs_from_files(): queue directories (last first, it is a stack). */
  extractDirs(dirname: string | null, cmdline: boolean) {
    const isDir = (f: FileInfo) => f.filetype === "directory" || f.filetype === "arg_directory";
    const dots = (n: string) => {
      const base = n.slice(n.lastIndexOf("/") + 1);
      return base === "." || base === "..";
    };
    for (let i = this.files.length - 1; i >= 0; i--) {
      const f = this.files[i];
      if (isDir(f) && (dirname === null || !dots(f.name))) {
        const name = dirname === null || f.name.startsWith("/") ? f.name : concat(dirname, f.name);
        this.pending.push({ name, cmdline });
      }
    }
    this.files = this.files.filter((f) => f.filetype !== "arg_directory");
  }

  private nameText(f: FileInfo): string {
    const pad = this.o.alignQuotes && this.someQuoted && !f.isQuoted ? " " : "";
    return pad + f.quoted;
  }

  /** Mirrors print_file_name_and_frills() and length_of_file_name_and_frills(). */
  private frills(f: FileInfo, commas: boolean): { text: string; width: number } {
    const o = this.o;
    let text = "";
    if (o.printInode) text += `${inodeText(f).padStart(commas ? 0 : this.widths.inode)} `;
    if (o.printBlockSize) {
      const b = f.stat ? blocksText(f.stat, o.longOpts) : "?";
      text += `${b.padStart(commas ? 0 : this.widths.block)} `;
    }
    const name = this.nameText(f);
    const ind = typeIndicator(f.stat !== null, f.stat?.mode ?? 0, f.filetype, o.indicator);
    text += name + ind;
    return { text, width: o.displayWidth(text) };
  }

  private async now_(): Promise<bigint> {
    if (this.now === null) this.now = tsNs(await this.cmd.libc.clock_gettime(0));
    return this.now;
  }

  /** Mirrors ls.c:print_current_files(). */
  async printCurrentFiles() {
    const o = this.o;
    const out: string[] = [];
    if (o.format === "long") {
      for (const f of this.files) {
        // ls refreshes its clock when it meets a file from the future (print_long_format()).
        if (f.stat && tsNs(fileTime(f.stat, o.timeType)) >= (await this.now_())) {
          this.now = tsNs(await this.cmd.libc.clock_gettime(0));
        }
        let line = longPrefix(f, this.widths, o.longOpts, await this.now_(), this.names);
        line += this.nameText(f);
        if (f.filetype === "symbolic_link") {
          if (f.linkName !== undefined) {
            line += ` -> ${o.quoteName(f.linkName)}`;
            if (o.indicator !== "none")
              line += typeIndicator(true, f.linkMode, "unknown", o.indicator);
          }
        } else {
          line += typeIndicator(f.stat !== null, f.stat?.mode ?? 0, f.filetype, o.indicator);
        }
        out.push(`${line}\n`);
      }
    } else if (o.format === "one_per_line") {
      for (const f of this.files) out.push(`${this.frills(f, false).text}\n`);
    } else if (o.format === "with_commas") {
      out.push(this.commas());
    } else {
      const fr = this.files.map((f) => this.frills(f, false));
      const lines = layoutColumns(
        fr.map((x) => x.text),
        fr.map((x) => x.width),
        o.lineLength,
        o.tabsize,
        o.format === "many_per_line",
      );
      for (const l of lines) out.push(`${l}\n`);
    }
    await this.cmd.out(out.join(""));
  }

  /** Mirrors ls.c:print_with_separator(',') for -m. */
  private commas(): string {
    let pos = 0;
    let s = "";
    this.files.forEach((f, i) => {
      const { text, width } = this.frills(f, true);
      if (i > 0) {
        if (this.o.lineLength === 0 || pos + 2 + width < this.o.lineLength) {
          s += ", ";
          pos += 2;
        } else {
          s += ",\n";
          pos = 0;
        }
      }
      s += text;
      pos += width;
    });
    return `${s}\n`;
  }

  /** Mirrors ls.c:print_dir(). */
  async printDir(name: string, cmdline: boolean) {
    const { libc } = this.cmd;
    let entries: { ino: number; type: number; name: string }[];
    try {
      entries = await libc.readdir(name);
    } catch (e) {
      const errno = errnoOf(e);
      await this.fileFailure(
        cmdline,
        errno === 20 ? "cannot access" : "cannot open directory",
        name,
        errno,
      );
      return;
    }
    this.clearFiles();
    if (this.o.recursive || this.printDirName) {
      if (!this.firstDir) await this.cmd.out("\n");
      this.firstDir = false;
      await this.cmd.out(`${this.o.quoteDirName(name)}:\n`);
    }
    let total = 0;
    for (const e of entries) {
      if (this.o.ignored(e.name)) continue;
      total += await this.gobble(e.name, filetypeOfDtype(e.type), e.ino, false, name);
    }
    this.sortFiles();
    if (this.o.recursive) this.extractDirs(name, false);
    if (this.o.format === "long" || this.o.printBlockSize) {
      const t = blocksText({ blocks: total } as Stat, this.o.longOpts);
      await this.cmd.out(`total ${t}\n`);
    }
    if (this.files.length) await this.printCurrentFiles();
  }
}

async function run(cmd: Cmd, argv: string[]): Promise<number> {
  cmd.exitFailure = LS_FAILURE;
  const o = await parseLsOptions(cmd, argv);
  const ls = new Ls(cmd, o);
  if (o.operands.length === 0) {
    if (o.immediateDirs) await ls.gobble(".", "directory", 0, true, "");
    else ls.pending.push({ name: ".", cmdline: true });
  } else {
    for (const f of o.operands) await ls.gobble(f, "unknown", 0, true, "");
  }
  if (ls.files.length) {
    ls.sortFiles();
    if (!o.immediateDirs) ls.extractDirs(null, true);
  }
  if (ls.files.length) {
    await ls.printCurrentFiles();
    if (ls.pending.length) await cmd.out("\n");
  } else if (o.operands.length <= 1 && ls.pending.length === 1) {
    ls.printDirName = false;
  }
  while (ls.pending.length) {
    const d = ls.pending.pop()!;
    await ls.printDir(d.name, d.cmdline);
  }
  return ls.status;
}

export const main = coreutilsMain(run);
