/**
 * Copying files as cp(1) and mv(1) do: a port of the parts of coreutils 8.28 src/copy.c
 * that matter here (copy_internal(), copy_reg(), copy_dir()) with its diagnostics: same file,
 * directory into itself, directory over non-directory and back, -r missing, unreadable or
 * uncreatable files. Regular files are copied by read/write; directories, symbolic links,
 * FIFOs and device nodes are recreated; -p/-a preserve mode, owner and times.
 */

import { O_CREAT, O_EXCL, O_RDONLY, O_TRUNC, O_WRONLY } from "../../include/uapi/fcntl.ts";
import {
  S_IFMT,
  S_ISBLK,
  S_ISCHR,
  S_ISDIR,
  S_ISFIFO,
  S_ISLNK,
  S_ISREG,
  S_ISSOCK,
} from "../../include/uapi/stat.ts";
import type { Stat } from "../libc/libc.ts";
import { joinPath, yesno } from "./fileutil.ts";
import { type Cmd, errnoOf } from "./prog.ts";
import { AT_FDCWD, utimensat } from "./sys.ts";

export interface CopyOptions {
  recursive: boolean;
  /** "always" (-L), "command_line" (-H, and -r's default), "never" (-P, -d). */
  dereference: "always" | "command_line" | "never";
  preserveMode: boolean;
  preserveOwnership: boolean;
  preserveTimestamps: boolean;
  force: boolean;
  interactive: boolean;
  noClobber: boolean;
  verbose: boolean;
  update: boolean;
  hardLink: boolean;
  symbolicLink: boolean;
  /** mv: rename first, copy and remove only across file systems. */
  moveMode: boolean;
  umask: number;
}

const ENOENT = 2;
const EXDEV = 18;
const EEXIST = 17;
const BUF = 131072;

function sameFile(a: Stat, b: Stat): boolean {
  return a.ino === b.ino && a.dev === b.dev;
}

export class Copier {
  /** Directories being copied (struct dir_list): a symlink loop. */
  private ancestors: Stat[] = [];
  /** Directories this copy created (remember_copied()): a directory copied into itself. */
  private created: Stat[] = [];
  private topSrc = "";
  private topDst = "";

  constructor(
    readonly cmd: Cmd,
    readonly o: CopyOptions,
  ) {}

  private q(s: string) {
    return this.cmd.q.quoteaf(s);
  }

  /** copy() of copy.c: one command-line source to its destination name. */
  async copy(src: string, dst: string): Promise<boolean> {
    this.topSrc = src;
    this.topDst = dst;
    this.ancestors = [];
    this.created = [];
    return this.copyInternal(src, dst, true);
  }

  private async statSrc(path: string, cmdline: boolean): Promise<Stat> {
    const deref =
      this.o.dereference === "always" || (cmdline && this.o.dereference === "command_line");
    return deref ? this.cmd.libc.stat(path) : this.cmd.libc.lstat(path);
  }

  /** Mirrors copy.c:copy_internal(). */
  async copyInternal(src: string, dst: string, cmdline: boolean): Promise<boolean> {
    const { libc } = this.cmd;
    const o = this.o;
    let sst: Stat;
    try {
      sst = await this.statSrc(src, cmdline);
    } catch (e) {
      await this.cmd.error(`cannot stat ${this.q(src)}`, errnoOf(e));
      return false;
    }
    if (S_ISDIR(sst.mode) && !o.recursive && !o.moveMode) {
      // 8.28's wording; coreutils 8.30+ prefixes "-r not specified; ".
      await this.cmd.error(`omitting directory ${this.q(src)}`);
      return false;
    }
    if (o.moveMode) {
      const existing =
        o.interactive || o.noClobber || o.update ? await libc.lstat(dst).catch(() => null) : null;
      if (existing && !S_ISDIR(existing.mode)) {
        if (o.noClobber) return true;
        if (
          o.update &&
          existing.mtime.sec * 1e9 + existing.mtime.nsec >= sst.mtime.sec * 1e9 + sst.mtime.nsec
        )
          return true;
        if (o.interactive) {
          await libc.stderr.write(`${this.cmd.name}: overwrite ${this.q(dst)}? `);
          if (!(await yesno(libc))) return true;
        }
      }
      try {
        await libc.rename(src, dst);
        if (o.verbose) await this.cmd.out(`renamed ${this.q(src)} -> ${this.q(dst)}\n`);
        return true;
      } catch (e) {
        const err = errnoOf(e);
        if (err === 22) {
          await this.cmd.error(
            `cannot move ${this.cmd.q.quoteaf(src)} to a subdirectory of itself, ${this.q(dst)}`,
          );
          return false;
        }
        if (err !== EXDEV) {
          // Let the checks below explain a refusal (same file, dir over file ...).
          const dstat = await libc.lstat(dst).catch(() => null);
          if (!dstat || (S_ISDIR(dstat.mode) === S_ISDIR(sst.mode) && !sameFile(sst, dstat))) {
            await this.cmd.error(`cannot move ${this.q(src)} to ${this.q(dst)}`, err);
            return false;
          }
        }
      }
    }
    let dstat: Stat | null = null;
    try {
      dstat = await libc.stat(dst);
    } catch (e) {
      const err = errnoOf(e);
      if (err !== ENOENT) {
        // A dangling symlink or an unreachable name: lstat decides whether it exists.
        dstat = await libc.lstat(dst).catch(() => null);
        if (!dstat && err !== ENOENT) {
          await this.cmd.error(`cannot stat ${this.q(dst)}`, err);
          return false;
        }
      }
    }
    if (dstat) {
      if (sameFile(sst, dstat) && !o.hardLink) {
        await this.cmd.error(`${this.q(src)} and ${this.q(dst)} are the same file`);
        return false;
      }
      if (!S_ISDIR(sst.mode) && S_ISDIR(dstat.mode)) {
        await this.cmd.error(`cannot overwrite directory ${this.q(dst)} with non-directory`);
        return false;
      }
      if (S_ISDIR(sst.mode) && !S_ISDIR(dstat.mode)) {
        await this.cmd.error(
          `cannot overwrite non-directory ${this.q(dst)} with directory ${this.q(src)}`,
        );
        return false;
      }
      if (!S_ISDIR(sst.mode)) {
        if (o.noClobber) return true;
        if (
          o.update &&
          dstat.mtime.sec * 1e9 + dstat.mtime.nsec >= sst.mtime.sec * 1e9 + sst.mtime.nsec
        )
          return true;
        if (o.interactive && !o.moveMode) {
          await libc.stderr.write(`${this.cmd.name}: overwrite ${this.q(dst)}? `);
          if (!(await yesno(libc))) return true;
        }
      }
    }
    if (S_ISDIR(sst.mode) && this.created.some((a) => sameFile(a, sst))) {
      await this.cmd.error(
        `cannot copy a directory, ${this.q(this.topSrc)}, into itself, ${this.q(this.topDst)}`,
      );
      return false;
    }
    if (S_ISDIR(sst.mode) && this.ancestors.some((a) => sameFile(a, sst))) {
      await this.cmd.error(`cannot copy cyclic symbolic link ${this.q(src)}`);
      return false;
    }
    let ok: boolean;
    if (S_ISDIR(sst.mode)) ok = await this.copyDir(src, dst, sst, dstat);
    else if (o.symbolicLink)
      ok = await this.make(
        () => libc.symlink(src, dst),
        `cannot create symbolic link ${this.q(dst)} to ${this.q(src)}`,
        dst,
      );
    else if (o.hardLink)
      ok = await this.make(
        () => libc.link(src, dst),
        `cannot create hard link ${this.q(dst)} to ${this.q(src)}`,
        dst,
      );
    else if (S_ISREG(sst.mode) || (!S_ISLNK(sst.mode) && !o.recursive && !o.moveMode))
      ok = await this.copyReg(src, dst, sst, dstat);
    else if (S_ISLNK(sst.mode)) ok = await this.copySymlink(src, dst);
    else if (S_ISFIFO(sst.mode) || S_ISCHR(sst.mode) || S_ISBLK(sst.mode) || S_ISSOCK(sst.mode)) {
      const what = S_ISFIFO(sst.mode) ? "fifo" : "special file";
      ok = await this.make(
        () => libc.mknod(dst, sst.mode & (S_IFMT | 0o7777), Number(sst.rdev & 0xffffffffn)),
        `cannot create ${what} ${this.q(dst)}`,
        dst,
      );
    } else {
      await this.cmd.error(`${this.q(src)} has unknown file type`);
      ok = false;
    }
    if (!ok) return false;
    if (o.verbose && !o.moveMode && !S_ISDIR(sst.mode)) {
      await this.cmd.out(`${this.q(src)} -> ${this.q(dst)}\n`);
    }
    if (!S_ISDIR(sst.mode) && !o.hardLink && !o.symbolicLink) await this.preserve(dst, sst, !dstat);
    if (o.moveMode) {
      if (o.verbose) await this.cmd.out(`${this.q(src)} -> ${this.q(dst)}\n`);
      return this.removeTree(src, sst);
    }
    return true;
  }

  private async make(fn: () => Promise<number>, msg: string, dst: string): Promise<boolean> {
    try {
      await fn();
      return true;
    } catch (e) {
      let err = errnoOf(e);
      if (err === EEXIST && (this.o.force || this.o.moveMode)) {
        await this.cmd.libc.unlink(dst).catch(() => 0);
        try {
          await fn();
          return true;
        } catch (e2) {
          err = errnoOf(e2);
        }
      }
      await this.cmd.error(msg, err);
      return false;
    }
  }

  /** Mirrors copy.c:copy_reg(): read/write in 128 KiB chunks. */
  private async copyReg(src: string, dst: string, sst: Stat, dstat: Stat | null): Promise<boolean> {
    const { libc } = this.cmd;
    let sfd: number;
    try {
      sfd = await libc.open(src, O_RDONLY);
    } catch (e) {
      await this.cmd.error(`cannot open ${this.q(src)} for reading`, errnoOf(e));
      return false;
    }
    let dfd = -1;
    try {
      let err = 0;
      if (dstat) {
        try {
          dfd = await libc.open(dst, O_WRONLY | O_TRUNC);
        } catch (e) {
          err = errnoOf(e);
          if (this.o.force) {
            await libc.unlink(dst).catch(() => 0);
            dstat = null;
          }
        }
      }
      if (!dstat) {
        try {
          dfd = await libc.open(dst, O_WRONLY | O_CREAT | O_EXCL, sst.mode & 0o777);
        } catch (e) {
          err = errnoOf(e);
        }
      }
      if (dfd < 0) {
        await this.cmd.error(`cannot create regular file ${this.q(dst)}`, err);
        return false;
      }
      const buf = libc.mem.malloc(BUF);
      try {
        for (;;) {
          let n: number;
          try {
            n = await libc.read(sfd, buf, BUF);
          } catch (e) {
            await this.cmd.error(`error reading ${this.q(src)}`, errnoOf(e));
            return false;
          }
          if (n === 0) break;
          try {
            let off = 0;
            while (off < n) off += await libc.write(dfd, buf + off, n - off);
          } catch (e) {
            await this.cmd.error(`error writing ${this.q(dst)}`, errnoOf(e));
            return false;
          }
        }
      } finally {
        libc.mem.free(buf);
      }
      return true;
    } finally {
      await libc.close(sfd).catch(() => 0);
      if (dfd >= 0) await libc.close(dfd).catch(() => 0);
    }
  }

  private async copySymlink(src: string, dst: string): Promise<boolean> {
    let target: string;
    try {
      target = await this.cmd.libc.readlink(src);
    } catch (e) {
      await this.cmd.error(`cannot read symbolic link ${this.q(src)}`, errnoOf(e));
      return false;
    }
    return this.make(
      () => this.cmd.libc.symlink(target, dst),
      `cannot create symbolic link ${this.q(dst)}`,
      dst,
    );
  }

  /** Mirrors copy.c:copy_dir() with the mkdir and mode handling of copy_internal(). */
  private async copyDir(src: string, dst: string, sst: Stat, dstat: Stat | null): Promise<boolean> {
    const { libc } = this.cmd;
    if (!dstat) {
      try {
        // Owner rwx while filling it; the real mode is set afterwards.
        await libc.mkdir(dst, (sst.mode & 0o777) | 0o700);
      } catch (e) {
        await this.cmd.error(`cannot create directory ${this.q(dst)}`, errnoOf(e));
        return false;
      }
      if (this.o.verbose && !this.o.moveMode)
        await this.cmd.out(`${this.q(src)} -> ${this.q(dst)}\n`);
      const me = await libc.stat(dst).catch(() => null);
      if (me) this.created.push(me);
    }
    let names: string[];
    try {
      names = (await libc.readdir(src)).map((e) => e.name).filter((n) => n !== "." && n !== "..");
    } catch (e) {
      await this.cmd.error(`cannot access ${this.q(src)}`, errnoOf(e));
      return false;
    }
    this.ancestors.push(sst);
    let ok = true;
    for (const n of names)
      ok = (await this.copyInternal(joinPath(src, n), joinPath(dst, n), false)) && ok;
    this.ancestors.pop();
    if (!dstat) await this.preserve(dst, sst, true);
    return ok;
  }

  /** Sets mode/owner/times on a new copy (copy_internal()'s tail). */
  private async preserve(dst: string, sst: Stat, isNew: boolean): Promise<void> {
    const { libc } = this.cmd;
    const o = this.o;
    if (S_ISLNK(sst.mode)) return;
    if (o.preserveTimestamps) {
      await utimensat(libc, AT_FDCWD, dst, [sst.atime, sst.mtime]).catch(async (e) => {
        await this.cmd.error(`preserving times for ${this.q(dst)}`, errnoOf(e));
      });
    }
    if (o.preserveOwnership) await libc.chown(dst, sst.uid, sst.gid).catch(() => 0);
    if (o.preserveMode) {
      await libc.chmod(dst, sst.mode & 0o7777).catch(async (e) => {
        await this.cmd.error(`preserving permissions for ${this.q(dst)}`, errnoOf(e));
      });
    } else if (isNew && S_ISDIR(sst.mode)) {
      await libc.chmod(dst, sst.mode & 0o777 & ~o.umask).catch(() => 0);
    }
  }

  /** mv across file systems: remove the source once copied (rm -r's order). */
  private async removeTree(path: string, st: Stat): Promise<boolean> {
    const { libc } = this.cmd;
    try {
      if (S_ISDIR(st.mode)) {
        for (const e of await libc.readdir(path)) {
          if (e.name === "." || e.name === "..") continue;
          const child = joinPath(path, e.name);
          if (!(await this.removeTree(child, await libc.lstat(child)))) return false;
        }
        await libc.rmdir(path);
      } else await libc.unlink(path);
      return true;
    } catch (e) {
      await this.cmd.error(`cannot remove ${this.q(path)}`, errnoOf(e));
      return false;
    }
  }
}
