/**
 * grep's handling of its file operands (GNU grep 3.8 src/grep.c: grep_command_line_arg(),
 * grepfile(), grepdesc(), grepdirent()) and the directory walk that gnulib's fts does for
 * -r/-R with grep's flags (FTS_CWDFD | FTS_NOSTAT | FTS_TIGHT_CYCLE_CHECK, plus
 * FTS_COMFOLLOW | FTS_PHYSICAL for -r, FTS_LOGICAL for -R) and no comparison function:
 * depth first, each directory's entries in the order getdents returns them (fts sorts by
 * inode only past 10000 entries, and never on tmpfs), "dir/name" paths built as fts_build()
 * does (one trailing slash of the operand is not doubled). Under -r a symbolic link met
 * during the walk is skipped silently (opened with O_NOFOLLOW); a command-line one is
 * followed. -R follows every link, reports dangling ones and loops, and reads devices.
 */

import { ELOOP, ENOENT } from "../../include/uapi/errno.ts";
import { O_NOCTTY, O_NOFOLLOW, O_NONBLOCK, O_RDONLY } from "../../include/uapi/fcntl.ts";
import {
  DT_BLK,
  DT_CHR,
  DT_DIR,
  DT_FIFO,
  DT_LNK,
  DT_REG,
  DT_SOCK,
  DT_UNKNOWN,
  S_IFBLK,
  S_IFCHR,
  S_IFDIR,
  S_IFIFO,
  S_IFLNK,
  S_IFMT,
  S_IFREG,
  S_IFSOCK,
} from "../../include/uapi/stat.ts";
import { SysError } from "../libc/errors.ts";
import type { DirEntry, Libc, Stat } from "../libc/libc.ts";
import type { ExcludeList } from "./exclude.ts";

export type Directories = "read" | "recurse" | "skip";
export type Devices = "command-line" | "read" | "skip";

export interface TreeOptions {
  directories: Directories;
  devices: Devices;
  /** -R: fts with FTS_LOGICAL. */
  logical: boolean;
  noMessages: boolean;
  /** --include/--exclude patterns: [during the walk (anchored), on the command line]. */
  excluded: [ExcludeList, ExcludeList] | null;
  /** --exclude-dir patterns, likewise. */
  excludedDirs: [ExcludeList, ExcludeList] | null;
  /** The operand is the implicit "." of `grep -r PAT`: names lose their "./". */
  omitDotSlash: boolean;
  /** -H/-h as given, or null: then one operand means no names unless it is a directory. */
  withFilename: boolean | null;
  /** --label: the name of standard input. */
  label: string;
  /** Standard output's regular file, for "input file is also the output", or null. */
  outStat: Stat | null;
}

/**
 * Searches one open input (fd 0 is standard input). `name` is the file name to show (a JS
 * string); the callback owns `fd` from then on and closes it. Returns the number of selected lines.
 */
export type SearchFn = (fd: number, name: string, st: Stat) => Promise<number>;

type FtsInfo = "D" | "DC" | "DNR" | "F" | "SL" | "SLNONE" | "DEFAULT" | "NS" | "NSOK";

const isDevice = (m: number): boolean => [S_IFCHR, S_IFBLK, S_IFSOCK, S_IFIFO].includes(m & S_IFMT);
const isDir = (m: number): boolean => (m & S_IFMT) === S_IFDIR;

/** set_stat_type(): the file type that d_type tells. */
function dtMode(t: number): number {
  switch (t) {
    case DT_BLK:
      return S_IFBLK;
    case DT_CHR:
      return S_IFCHR;
    case DT_DIR:
      return S_IFDIR;
    case DT_FIFO:
      return S_IFIFO;
    case DT_LNK:
      return S_IFLNK;
    case DT_REG:
      return S_IFREG;
    case DT_SOCK:
      return S_IFSOCK;
    default:
      return 0;
  }
}

/** fts_open(): two or more trailing slashes of an operand are cut down to one. */
function ftsRoot(p: string): string {
  let len = p.length;
  if (len > 2 && p[len - 1] === "/") while (len > 1 && p[len - 2] === "/") len--;
  return p.slice(0, len);
}

/** fts_build(): the child's path, without doubling the parent's trailing slash (NAPPEND). */
function ftsJoin(dir: string, name: string): string {
  return `${dir.endsWith("/") ? dir.slice(0, -1) : dir}/${name}`;
}

export class GrepTree {
  /** errseen: some error was reported; grep then exits with 2. */
  errseen = false;
  /** -q saw a match: grep exits at once. */
  quit = false;
  /** out_file: print file names (1), not (0), or undecided until the operand is seen (-1). */
  outFile: number;

  constructor(
    private readonly libc: Libc,
    private readonly prog: string,
    private readonly o: TreeOptions,
    private readonly search: SearchFn,
    private readonly quiet: boolean,
    operands: number,
  ) {
    this.outFile =
      o.withFilename === null && operands <= 1
        ? o.directories === "recurse"
          ? -1
          : 0
        : o.withFilename !== false
          ? 1
          : 0;
  }

  /** glibc error(): flush stdout first, so that messages and matches keep their order. */
  async error(msg: string): Promise<void> {
    await this.libc.stdout.flush().catch(() => undefined);
    await this.libc.stderr.write(`${this.prog}: ${msg}\n`);
  }

  /** Mirrors grep.c:suppressible_error(). */
  async suppressible(name: string, e: unknown): Promise<void> {
    if (!(e instanceof SysError)) throw e;
    if (!this.o.noMessages) await this.error(`${name}: ${this.libc.strerror(e.errno)}`);
    this.errseen = true;
  }

  private skipDevices(commandLine: boolean): boolean {
    return this.o.devices === "skip" || (this.o.devices === "command-line" && !commandLine);
  }

  /** Mirrors grep.c:skipped_file(). */
  private skippedFile(name: string, commandLine: boolean, dir: boolean): boolean {
    let lists: [ExcludeList, ExcludeList] | null;
    if (!dir) lists = this.o.excluded;
    else if (this.o.directories === "skip") return true;
    else if (commandLine && this.o.omitDotSlash) return false;
    else lists = this.o.excludedDirs;
    return lists?.[commandLine ? 1 : 0].excluded(name) ?? false;
  }

  /** Mirrors grep.c:grep_command_line_arg(); returns true when nothing was selected. */
  commandLineArg(arg: string): Promise<boolean> {
    if (arg === "-") return this.grepdesc(0, this.o.label, true);
    return this.grepfile(arg, arg, true, true);
  }

  /** Mirrors grep.c:grepfile(): `path` is opened, `name` is what messages and output show. */
  private async grepfile(
    path: string,
    name: string,
    follow: boolean,
    commandLine: boolean,
  ): Promise<boolean> {
    const flags =
      O_RDONLY |
      O_NOCTTY |
      (follow ? 0 : O_NOFOLLOW) |
      (this.skipDevices(commandLine) ? O_NONBLOCK : 0);
    let fd: number;
    try {
      fd = await this.libc.open(path, flags);
    } catch (e) {
      // A symbolic link met by -r: open_symlink_nofollow_error(), skipped without a word.
      if (follow || !(e instanceof SysError && e.errno === ELOOP)) await this.suppressible(name, e);
      return true;
    }
    return this.grepdesc(fd, name, commandLine);
  }

  /** Mirrors grep.c:grepdesc(). */
  private async grepdesc(fd: number, name: string, commandLine: boolean): Promise<boolean> {
    const close = () => (fd !== 0 ? this.libc.close(fd).catch(() => 0) : 0);
    let st: Stat;
    try {
      st = await this.libc.fstat(fd);
    } catch (e) {
      await this.suppressible(name, e);
      await close();
      return true;
    }
    const dir = isDir(st.mode);
    if (fd !== 0 && this.skipDevices(commandLine) && isDevice(st.mode)) {
      await close();
      return true;
    }
    if (fd !== 0 && commandLine && this.skippedFile(name, true, dir)) {
      await close();
      return true;
    }
    if (this.outFile < 0) this.outFile = dir ? 1 : 0;
    if (fd !== 0 && this.o.directories === "recurse" && dir) {
      await close();
      return this.walk(name, commandLine);
    }
    if (fd !== 0 && this.o.directories === "skip" && dir) {
      await close();
      return true;
    }
    const out = this.o.outStat;
    if (out && (st.mode & S_IFMT) === S_IFREG && st.ino === out.ino && st.dev === out.dev) {
      if (!this.o.noMessages) await this.error(`${name}: input file is also the output`);
      this.errseen = true;
      await close();
      return true;
    }
    const count = await this.search(fd, name, st);
    if (count > 0 && this.quiet) this.quit = true;
    return count === 0;
  }

  /** fts_open() + fts_read() over one directory operand, with grepdirent() on each entry. */
  private async walk(operand: string, commandLine: boolean): Promise<boolean> {
    const root = ftsRoot(operand);
    // fts_stat() of the root: followed with FTS_COMFOLLOW (a command-line operand) or -R.
    let st: Stat;
    try {
      st = commandLine || this.o.logical ? await this.libc.stat(root) : await this.libc.lstat(root);
    } catch (e) {
      await this.suppressible(root, e);
      return true;
    }
    if (!isDir(st.mode)) {
      return this.grepfile(root, root, commandLine || this.o.logical, commandLine);
    }
    const active = new Set([`${st.dev}:${st.ino}`]);
    return this.walkDir(root, active);
  }

  /** fts_build() and the fts_read() loop over one directory's entries. */
  private async walkDir(dir: string, active: Set<string>): Promise<boolean> {
    let entries: DirEntry[];
    try {
      entries = await this.libc.readdir(dir);
    } catch (e) {
      // FTS_DNR: the directory was reported (FTS_D) but cannot be read.
      await this.suppressible(this.shown(dir), e);
      return true;
    }
    let status = true;
    for (const ent of entries) {
      if (ent.name === "." || ent.name === "..") continue;
      if (this.quit) break;
      status = (await this.dirent(ftsJoin(dir, ent.name), ent, active)) && status;
    }
    return status;
  }

  /** The name grep shows for a walked path (grepdirent(): omit_dot_slash). */
  private shown(path: string): string {
    return this.o.omitDotSlash && path.length > 1 ? path.slice(2) : path;
  }

  /** Mirrors gnulib fts.c:fts_stat(). */
  private async ftsStat(path: string): Promise<{ info: FtsInfo; st?: Stat; err?: unknown }> {
    let st: Stat;
    try {
      st = this.o.logical ? await this.libc.stat(path) : await this.libc.lstat(path);
    } catch (e) {
      if (this.o.logical && e instanceof SysError && e.errno === ENOENT) {
        const l = await this.libc.lstat(path).catch(() => null);
        if (l) return { info: "SLNONE", st: l };
      }
      return { info: "NS", err: e };
    }
    const fmt = st.mode & S_IFMT;
    const info = fmt === S_IFDIR ? "D" : fmt === S_IFLNK ? "SL" : fmt === S_IFREG ? "F" : "DEFAULT";
    return { info, st };
  }

  /** One entry of the walk: fts_build()'s stat decision, then grepdirent(). */
  private async dirent(path: string, ent: DirEntry, active: Set<string>): Promise<boolean> {
    // FTS_NOSTAT: a known d_type that is not a directory (nor, for -R, a link) needs no stat.
    const needStat =
      ent.type === DT_UNKNOWN || ent.type === DT_DIR || (this.o.logical && ent.type === DT_LNK);
    let info: FtsInfo = "NSOK";
    let mode = dtMode(ent.type);
    let err: unknown = null;
    let key = "";
    if (needStat) {
      const r = await this.ftsStat(path);
      info = r.info;
      err = r.err;
      if (r.st) {
        mode = r.st.mode;
        key = `${r.st.dev}:${r.st.ino}`;
      }
      // enter_dir(): a directory that is its own ancestor (FTS_TIGHT_CYCLE_CHECK).
      if (info === "D" && active.has(key)) info = "DC";
    }
    const name = this.shown(path);
    const dirLike = info === "D" || info === "DC" || info === "DNR";
    if (this.skippedFile(ent.name, false, dirLike)) return true;
    switch (info) {
      case "D": {
        active.add(key);
        const status = await this.walkDir(path, active);
        active.delete(key);
        return status;
      }
      case "DC":
        if (!this.o.noMessages) await this.error(`${name}: warning: recursive directory loop`);
        return true;
      case "NS":
        await this.suppressible(name, err);
        return true;
      case "NSOK":
      case "DEFAULT":
        if (this.skipDevices(false) && isDevice(mode)) return true;
        break;
      case "SL":
        return true;
      default:
        break;
    }
    return this.grepfile(path, name, this.o.logical, false);
  }
}
