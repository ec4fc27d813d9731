/**
 * sed -i (GNU sed 4.9 execute.c: open_next_file(), closedown(), get_backup_file_name(); utils.c:
 * ck_mkstemp(), follow_symlink()): each input file's output goes to a new "sedXXXXXX" in the
 * file's directory (created with umask 077); when the file is done the temporary file gets
 * the original's owner and mode, the original is renamed to the backup name (the suffix with
 * every '*' replaced by the file name, "*SUFFIX" when the suffix has no '*'), and the
 * temporary file is renamed over the original. Errors here are sed's panics: exit status 4.
 */

import { O_CREAT, O_EXCL, O_RDWR } from "../../include/uapi/fcntl.ts";
import { S_IFMT, S_IFREG } from "../../include/uapi/stat.ts";
import { SysError } from "../libc/errors.ts";
import type { Libc, Stat } from "../libc/libc.ts";
import { strBytes } from "./io.ts";
import { SedError } from "./sed-compile.ts";

/** What `-i[SUFFIX]` leaves in in_place_extension (sed.c): "*" means no backup. */
export function inPlaceExtension(suffix: string | undefined): string {
  if (suffix === undefined) return "*";
  return suffix.includes("*") ? suffix : `*${suffix}`;
}

/** Mirrors execute.c:get_backup_file_name(): each '*' becomes the file's name. */
export function backupFileName(extension: string, name: string): string {
  return extension.split("*").join(name);
}

const TEMPLATE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

interface Editing {
  /** The file being replaced (after --follow-symlinks, its target). */
  target: string;
  st: Stat;
  tmp: string;
  fd: number;
  pending: string[];
  pendingBytes: number;
}

export class InPlace {
  private cur: Editing | null = null;

  constructor(
    private readonly libc: Libc,
    private readonly extension: string,
    private readonly followSymlinks: boolean,
  ) {}

  private panic(msg: string): never {
    throw new SedError(msg, 4);
  }

  /** Mirrors utils.c:follow_symlink(): the name at the end of a chain of links. */
  async followSymlink(name: string): Promise<string> {
    if (!this.followSymlinks) return name;
    let path = name;
    for (let i = 0; i < 40; i++) {
      const st = await this.libc.lstat(path).catch(() => null);
      if (!st || (st.mode & S_IFMT) !== 0o120000) return path;
      let target: string;
      try {
        target = await this.libc.readlink(path);
      } catch (e) {
        if (!(e instanceof SysError)) throw e;
        return this.panic(`couldn't readlink ${path}: ${this.libc.strerror(e.errno)}`);
      }
      const slash = path.lastIndexOf("/");
      path = target.startsWith("/") || slash < 0 ? target : path.slice(0, slash + 1) + target;
    }
    return path;
  }

  /** mkostemp(): "DIR/sedXXXXXX", created exclusively, mode 0600 (umask 077 around it). */
  private async mkstemp(dir: string): Promise<{ name: string; fd: number }> {
    for (let attempt = 0; ; attempt++) {
      const rnd = new Uint8Array(6);
      const buf = this.libc.mem.malloc(6);
      try {
        await this.libc.syscall("getrandom", buf, 6, 0);
        rnd.set(this.libc.mem.read(buf, 6));
      } finally {
        this.libc.mem.free(buf);
      }
      let suffix = "";
      for (const b of rnd) suffix += TEMPLATE_CHARS[b % TEMPLATE_CHARS.length];
      const name = `${dir}/sed${suffix}`;
      const old = await this.libc.umask(0o077);
      try {
        return { name, fd: await this.libc.open(name, O_RDWR | O_CREAT | O_EXCL, 0o600) };
      } catch (e) {
        if (!(e instanceof SysError)) throw e;
        if (e.code !== "EEXIST" || attempt > 100) {
          this.panic(`couldn't open temporary file ${name}: ${this.libc.strerror(e.errno)}`);
        }
      } finally {
        await this.libc.umask(old);
      }
    }
  }

  /** open_next_file() for -i: `fd` is the input just opened as `name`. */
  async open(name: string, target: string, fd: number): Promise<void> {
    const slash = target.lastIndexOf("/");
    const dir = slash >= 0 ? target.slice(0, slash) : ".";
    if (await this.libc.isatty(fd)) this.panic(`couldn't edit ${target}: is a terminal`);
    const st = await this.libc.fstat(fd);
    if ((st.mode & S_IFMT) !== S_IFREG) this.panic(`couldn't edit ${target}: not a regular file`);
    void name;
    const tmp = await this.mkstemp(dir);
    this.cur = { target, st, tmp: tmp.name, fd: tmp.fd, pending: [], pendingBytes: 0 };
  }

  /** Output of the current file (buffered as a stdio FILE would be). */
  async write(s: string): Promise<void> {
    const c = this.cur;
    if (!c) return;
    c.pending.push(s);
    c.pendingBytes += s.length;
    if (c.pendingBytes >= 65536) await this.flush(c);
  }

  private async flush(c: Editing): Promise<void> {
    if (!c.pending.length) return;
    const data = c.pending.join("");
    c.pending = [];
    c.pendingBytes = 0;
    try {
      await this.libc.writeAll(c.fd, strBytes(data));
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      this.panic(`couldn't write items to ${c.tmp}: ${this.libc.strerror(e.errno)}`);
    }
  }

  /** Mirrors execute.c:closedown(): owner, mode, backup, then the rename over the file. */
  async finish(): Promise<void> {
    const c = this.cur;
    if (!c) return;
    await this.flush(c);
    const libc = this.libc;
    // Both owner and group if allowed, else the group only; failure is ignored.
    await libc
      .syscall("fchown", c.fd, c.st.uid, c.st.gid)
      .catch(() => libc.syscall("fchown", c.fd, -1, c.st.gid).catch(() => 0));
    await libc.syscall("fchmod", c.fd, c.st.mode & 0o7777).catch(() => 0);
    await libc.close(c.fd).catch(() => 0);
    this.cur = null;
    const rename = async (from: string, to: string) => {
      try {
        await libc.rename(from, to);
      } catch (e) {
        if (!(e instanceof SysError)) throw e;
        await libc.unlink(c.tmp).catch(() => 0);
        this.panic(`cannot rename ${from}: ${libc.strerror(e.errno)}`);
      }
    };
    if (this.extension !== "*") await rename(c.target, backupFileName(this.extension, c.target));
    await rename(c.tmp, c.target);
  }

  /** A panic's cleanup (register_cleanup_file()): the temporary file goes away. */
  async abort(): Promise<void> {
    const c = this.cur;
    if (!c) return;
    this.cur = null;
    await this.libc.close(c.fd).catch(() => 0);
    await this.libc.unlink(c.tmp).catch(() => 0);
  }
}
