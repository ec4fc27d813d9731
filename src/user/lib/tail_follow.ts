/**
 * tail -f/-F of GNU coreutils 9.1 (src/tail.c) as it runs without inotify (what
 * `---disable-inotify` selects, and all vkern has): every sleep interval each file is
 * fstat()ed; one that grew (or whose mtime changed) has the new bytes copied to stdout, one
 * that shrank is reported ("tail: F: file truncated") and read again from its start; with
 * several files a "==> F <==" header comes whenever the output switches to another file.
 * Following by name (-F, --follow=name) reopens the name when the file has not changed for
 * --max-unchanged-stats polls, or while it is missing, and reports what became of it.
 */

import { ENOENT } from "../../include/uapi/errno.ts";
import { F_GETFL, F_SETFL, O_NONBLOCK, O_RDONLY, SEEK_SET } from "../../include/uapi/fcntl.ts";
import { S_IFCHR, S_IFIFO, S_IFMT, S_IFREG } from "../../include/uapi/stat.ts";
import { SysError } from "../libc/errors.ts";
import type { Stat, Timespec } from "../libc/libc.ts";
import { byteStr } from "./io.ts";
import type { Cmd } from "./prog.ts";

/** struct File_spec. */
export interface FileSpec {
  name: string;
  fd: number;
  size: number;
  mtime: Timespec;
  dev: bigint;
  ino: number;
  mode: number;
  /** The name referred to a type tail cannot follow: never looked at again. */
  ignore: boolean;
  tailable: boolean;
  /** errno of the last failure with this file, -1 for "not tailable", 0 when fine. */
  errnum: number;
  /** The fd is in blocking mode (null: not known, standard input). */
  blocking: boolean | null;
  nUnchangedStats: number;
}

export interface FollowOptions {
  byName: boolean;
  /** --retry (or -F): keep trying to open missing or inaccessible files. */
  reopen: boolean;
  /** --pid: stop once this process is gone. */
  pid: number;
  sleepInterval: number;
  maxUnchangedStats: number;
  printHeaders: boolean;
  /** write_header(): prints "==> F <==" with the blank line before all but the first. */
  header: (name: string) => Promise<void>;
}

/** IS_TAILABLE_FILE_TYPE(). */
export function isTailable(mode: number): boolean {
  const t = mode & S_IFMT;
  return t === S_IFREG || t === S_IFIFO || t === S_IFCHR;
}

const isReg = (mode: number) => (mode & S_IFMT) === S_IFREG;

/** pretty_name(). */
export function prettyName(f: FileSpec): string {
  return f.name === "-" ? "standard input" : f.name;
}

/** Mirrors tail.c:record_open_fd(). */
export function recordOpenFd(
  f: FileSpec,
  fd: number,
  size: number,
  st: Stat,
  blocking: boolean | null,
): void {
  f.fd = fd;
  f.size = size;
  f.mtime = st.mtime;
  f.dev = st.dev;
  f.ino = st.ino;
  f.mode = st.mode;
  f.blocking = blocking;
  f.nUnchangedStats = 0;
  f.ignore = false;
}

const errnoOf = (e: unknown): number => {
  if (e instanceof SysError) return e.errno;
  throw e;
};

export class Follower {
  constructor(
    private readonly cmd: Cmd,
    private readonly o: FollowOptions,
  ) {}

  private get libc() {
    return this.cmd.libc;
  }

  private q(s: string): string {
    return this.cmd.q.quoteaf(s);
  }

  private async closeFd(fd: number): Promise<void> {
    if (fd > 0) await this.libc.close(fd).catch(() => 0);
  }

  /** Mirrors tail.c:dump_remainder() with COPY_TO_EOF (or one buffer when blocking). */
  private async dumpRemainder(f: FileSpec, oneBuffer: boolean): Promise<number> {
    const size = 8192;
    const buf = this.libc.mem.malloc(size);
    let total = 0;
    try {
      for (;;) {
        let n: number;
        try {
          n = await this.libc.read(f.fd, buf, size);
        } catch (e) {
          const errno = errnoOf(e);
          if (this.libc.errnoName(errno) === "EAGAIN") break;
          return this.cmd.die(1, `error reading ${this.q(prettyName(f))}`, errno);
        }
        if (n === 0) break;
        await this.libc.stdout.write(byteStr(this.libc.mem.read(buf, n)));
        total += n;
        if (oneBuffer) break;
      }
    } finally {
      this.libc.mem.free(buf);
    }
    return total;
  }

  /** Mirrors tail.c:recheck(): open/fstat the name again and say what became of it. */
  private async recheck(f: FileSpec, blocking: boolean): Promise<void> {
    const isStdin = f.name === "-";
    const wasTailable = f.tailable;
    const prevErrnum = f.errnum;
    let fd = -1;
    let err = 0;
    try {
      fd = isStdin ? 0 : await this.libc.open(f.name, O_RDONLY | (blocking ? 0 : O_NONBLOCK));
    } catch (e) {
      err = errnoOf(e);
    }
    f.tailable = !(this.o.reopen && fd === -1);
    let st: Stat | null = null;
    if (fd !== -1) {
      try {
        st = await this.libc.fstat(fd);
      } catch (e) {
        err = errnoOf(e);
      }
    }
    let ok = true;
    const name = prettyName(f);
    if (!st) {
      ok = false;
      f.errnum = err;
      if (!f.tailable) {
        if (wasTailable) await this.cmd.error(`${this.q(name)} has become inaccessible`, err);
      } else if (prevErrnum !== err) await this.cmd.error(this.cmd.q.quotef(name), err);
    } else if (!isTailable(st.mode)) {
      ok = false;
      f.errnum = -1;
      f.tailable = false;
      f.ignore = !(this.o.reopen && this.o.byName);
      if (wasTailable || prevErrnum !== f.errnum) {
        const giveUp = f.ignore ? "; giving up on this name" : "";
        await this.cmd.error(`${this.q(name)} has been replaced with an untailable file${giveUp}`);
      }
    } else f.errnum = 0;

    let newFile = false;
    if (!ok || !st) {
      await this.closeFd(fd);
      await this.closeFd(f.fd);
      f.fd = -1;
    } else if (prevErrnum && prevErrnum !== ENOENT) {
      newFile = true;
      await this.cmd.error(`${this.q(name)} has become accessible`);
    } else if (f.fd === -1) {
      newFile = true;
      await this.cmd.error(`${this.q(name)} has appeared;  following new file`);
    } else if (f.ino !== st.ino || f.dev !== st.dev) {
      newFile = true;
      await this.cmd.error(`${this.q(name)} has been replaced;  following new file`);
      await this.closeFd(f.fd);
    } else {
      await this.closeFd(fd);
    }
    if (newFile && st) {
      recordOpenFd(f, fd, 0, st, isStdin ? null : blocking);
      if (isReg(st.mode)) await this.libc.lseek(fd, 0, SEEK_SET);
    }
  }

  /** Mirrors tail.c:any_live_files(). */
  private anyLive(files: FileSpec[]): boolean {
    if (this.o.reopen && this.o.byName) return true;
    return files.some((f) => f.fd >= 0 || (!f.ignore && this.o.reopen));
  }

  /** Mirrors tail.c:tail_forever(); returns when no file is left or the --pid writer died. */
  async forever(files: FileSpec[]): Promise<void> {
    const libc = this.libc;
    const blocking =
      this.o.pid === 0 &&
      !this.o.byName &&
      files.length === 1 &&
      files[0].fd !== -1 &&
      !isReg(files[0].mode);
    let last = files.length - 1;
    let writerIsDead = false;
    for (;;) {
      let anyInput = false;
      for (let i = 0; i < files.length; i++) {
        const f = files[i];
        if (f.ignore) continue;
        if (f.fd < 0) {
          await this.recheck(f, blocking);
          continue;
        }
        const fd = f.fd;
        const name = prettyName(f);
        const mode = f.mode;
        if (f.blocking !== blocking) {
          const old = await libc.fcntl(fd, F_GETFL).catch(() => -1);
          const flags = blocking ? old & ~O_NONBLOCK : old | O_NONBLOCK;
          if (
            old >= 0 &&
            (flags === old ||
              (await libc.fcntl(fd, F_SETFL, flags).then(
                () => 1,
                () => 0,
              )))
          )
            f.blocking = blocking;
        }
        let readUnchanged = false;
        if (!f.blocking) {
          let st: Stat;
          try {
            st = await libc.fstat(fd);
          } catch (e) {
            f.fd = -1;
            f.errnum = errnoOf(e);
            await this.cmd.error(this.cmd.q.quotef(name), f.errnum);
            await this.closeFd(fd);
            continue;
          }
          const mtimeSame = f.mtime.sec === st.mtime.sec && f.mtime.nsec === st.mtime.nsec;
          if (f.mode === st.mode && (!isReg(st.mode) || f.size === st.size) && mtimeSame) {
            if (this.o.maxUnchangedStats <= f.nUnchangedStats++ && this.o.byName) {
              await this.recheck(f, !!f.blocking);
              f.nUnchangedStats = 0;
            }
            if (fd !== f.fd || isReg(st.mode) || files.length > 1) continue;
            readUnchanged = true;
          }
          f.mtime = st.mtime;
          f.mode = st.mode;
          if (!readUnchanged) f.nUnchangedStats = 0;
          // A heuristic, as in tail.c: a file that shrank was truncated; read it from 0.
          if (isReg(mode) && st.size < f.size) {
            await this.cmd.error(`${this.cmd.q.quotef(name)}: file truncated`);
            await libc.lseek(fd, 0, SEEK_SET);
            f.size = 0;
          }
          if (i !== last) {
            if (this.o.printHeaders) await this.o.header(name);
            last = i;
          }
        }
        const bytes = await this.dumpRemainder(f, !!f.blocking);
        if (readUnchanged && bytes) f.nUnchangedStats = 0;
        anyInput ||= bytes !== 0;
        f.size += bytes;
      }
      if (!this.anyLive(files)) {
        await this.cmd.error("no files remaining");
        return;
      }
      if (!anyInput || blocking) {
        await libc.stdout.flush().catch((e) => this.cmd.die(1, "write error", errnoOf(e)));
      }
      if (!anyInput) {
        if (writerIsDead) return;
        // Once the writer is dead, read the files once more to catch its last words.
        if (this.o.pid) {
          writerIsDead = await libc.kill(this.o.pid, 0).then(
            () => false,
            (e) => libc.errnoName(errnoOf(e)) !== "EPERM",
          );
        }
        if (!writerIsDead) await libc.sleep(this.o.sleepInterval);
      }
    }
  }
}
