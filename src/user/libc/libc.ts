/**
 * The C library of vkern's user space: one instance per running program, bound
 * to its task's system-call port. Wrappers marshal arguments into user memory,
 * make the system call, and throw a SysError (code/errno/syscall) on failure,
 * setting `errno` as C's would be.
 */
import { errnoName, strerror } from "../../include/uapi/errno.ts";
import { AT_FDCWD, O_CREAT, O_TRUNC, O_WRONLY } from "../../include/uapi/fcntl.ts";
import { TCGETS } from "../../include/uapi/ioctl.ts";
import { strsignal } from "../../include/uapi/signal.ts";
import { TASK_DEAD } from "../../kernel/entry.ts";
import { KernelPanicked } from "../../kernel/kernel.ts";
import type { SyscallPort } from "../../kernel/port.ts";
import type { SyscallArg } from "../../kernel/syscalls.ts";
import { format, type PrintfArg } from "../../lib/vsprintf.ts";
import { SysError } from "./errors.ts";
import { cloneHeap, type HeapState, Memory, newHeap, type Ptr } from "./memory.ts";
import { FILE } from "./stdio.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A promise that never settles: what a killed or exited program's code waits on forever. */
export function never<T>(): Promise<T> {
  return new Promise<T>(() => {});
}

export interface Timespec {
  sec: number;
  nsec: number;
}

/** struct stat, decoded. */
export interface Stat {
  dev: bigint;
  ino: number;
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  rdev: bigint;
  size: number;
  blksize: number;
  blocks: number;
  atime: Timespec;
  mtime: Timespec;
  ctime: Timespec;
}

export interface DirEntry {
  ino: number;
  type: number;
  name: string;
}

export interface Utsname {
  sysname: string;
  nodename: string;
  release: string;
  version: string;
  machine: string;
  domainname: string;
}

/** What a program is: argv, environment and the C library, returning the exit status. */
export type ProgramMain = (
  argv: string[],
  envp: string[],
  libc: Libc,
) => Promise<number | undefined | void>;

/** Hooks for process creation (set by the process layer, see process.ts). */
export interface ProcessHooks {
  startChild(
    port: SyscallPort,
    fn: (libc: Libc) => Promise<number | undefined | void>,
    parent: Libc,
  ): void;
  startImage(port: SyscallPort, image: unknown): void;
}

export class Libc {
  errno = 0;
  readonly mem: Memory;
  readonly stdin: FILE;
  readonly stdout: FILE;
  readonly stderr: FILE;
  /** User handlers of signals (sigaction). */
  readonly handlers = new Map<number, (sig: number) => void>();
  /** Environment of the running program (getenv/setenv). */
  env: Map<string, string>;

  constructor(
    readonly port: SyscallPort,
    readonly hooks: ProcessHooks,
    envp: readonly string[] = [],
    heap: HeapState = newHeap(),
  ) {
    this.mem = new Memory(
      () => port.mm,
      heap,
      (len) => this.mapAnon(len),
    );
    const sink = {
      writeAll: (fd: number, d: Uint8Array) => this.writeAll(fd, d),
      // glibc sizes a stream's buffer from fstat and asks TCGETS only of a char device.
      isatty: async (fd: number) => {
        const st = await this.fstat(fd).catch(() => null);
        return st !== null && (st.mode & 0o170000) === 0o020000 && this.isatty(fd);
      },
    };
    this.stdin = new FILE(0, sink);
    this.stdout = new FILE(1, sink);
    this.stderr = new FILE(2, sink, "none");
    this.env = new Map(
      envp
        .map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)])
        .filter(([k]) => k) as [string, string][],
    );
  }

  get pid(): number {
    return this.port.pid;
  }

  // -- the raw gate ---------------------------------------------------------

  /**
   * Makes a system call. Returns the non-negative result; throws SysError for
   * -errno; never settles if the task died (killed, or the kernel panicked).
   */
  async syscall(name: string, ...args: SyscallArg[]): Promise<number> {
    let r: Awaited<ReturnType<SyscallPort["call"]>>;
    try {
      const p = this.port.call(name, args);
      r = p instanceof Promise ? await p : p;
    } catch (e) {
      // A panicked kernel runs no more user code: the program just stops here.
      if (e instanceof KernelPanicked) return never();
      throw e;
    }
    if (r === TASK_DEAD) return never();
    await this.runHandlers();
    const n = typeof r === "bigint" ? Number(r) : r;
    if (n < 0 && n >= -4095) {
      this.errno = -n;
      throw new SysError(-n, name);
    }
    return n;
  }

  /** Like syscall() but returns -errno instead of throwing (for C-style callers). */
  async rawSyscall(name: string, ...args: SyscallArg[]): Promise<number> {
    try {
      return await this.syscall(name, ...args);
    } catch (e) {
      if (e instanceof SysError) return -e.errno;
      throw e;
    }
  }

  private async runHandlers(): Promise<void> {
    for (let s = this.port.takeSignal(); s !== null; s = this.port.takeSignal()) {
      this.handlers.get(s)?.(s);
    }
  }

  private mapAnon(len: number): number {
    // mmap never sleeps, so the port answers synchronously.
    const r = this.port.call("mmap", [0, len, 3, 0x22, -1, 0]);
    return typeof r === "number" ? r : -1;
  }

  /** Runs fn with a NUL-terminated copy of s in user memory. */
  async withString<T>(s: string, fn: (p: Ptr) => Promise<T>): Promise<T> {
    const p = this.mem.strdup(s);
    try {
      return await fn(p);
    } finally {
      this.mem.free(p);
    }
  }

  private async pathCall(name: string, path: string, ...rest: SyscallArg[]): Promise<number> {
    const p = this.mem.strdup(path);
    try {
      return await this.syscall(name, p, ...rest);
    } catch (e) {
      if (e instanceof SysError) throw new SysError(e.errno, name, path);
      throw e;
    } finally {
      this.mem.free(p);
    }
  }

  // -- files ---------------------------------------------------------------

  open(path: string, flags: number, mode = 0o666): Promise<number> {
    return this.pathCall("open", path, flags, mode);
  }

  async close(fd: number): Promise<number> {
    return this.syscall("close", fd);
  }

  read(fd: number, buf: Ptr, count: number): Promise<number> {
    return this.syscall("read", fd, buf, count);
  }

  write(fd: number, buf: Ptr, count: number): Promise<number> {
    return this.syscall("write", fd, buf, count);
  }

  pread(fd: number, buf: Ptr, count: number, off: number): Promise<number> {
    return this.syscall("pread64", fd, buf, count, off);
  }

  pwrite(fd: number, buf: Ptr, count: number, off: number): Promise<number> {
    return this.syscall("pwrite64", fd, buf, count, off);
  }

  lseek(fd: number, off: number, whence: number): Promise<number> {
    return this.syscall("lseek", fd, off, whence);
  }

  ioctl(fd: number, cmd: number, arg: number | bigint = 0): Promise<number> {
    return this.syscall("ioctl", fd, cmd >>> 0, arg);
  }

  /** Reads up to n bytes into a fresh array (a convenience over read()). */
  async readBytes(fd: number, n: number): Promise<Uint8Array> {
    const p = this.mem.malloc(Math.max(n, 1));
    try {
      const got = await this.read(fd, p, n);
      return this.mem.read(p, got);
    } finally {
      this.mem.free(p);
    }
  }

  /** pread into a fresh array. */
  async preadBytes(fd: number, n: number, off: number): Promise<Uint8Array> {
    const p = this.mem.malloc(Math.max(n, 1));
    try {
      const got = await this.pread(fd, p, n, off);
      return this.mem.read(p, got);
    } finally {
      this.mem.free(p);
    }
  }

  /** One write() of the bytes; returns what the kernel took. */
  async writeBytes(fd: number, data: Uint8Array | string): Promise<number> {
    const b = typeof data === "string" ? enc.encode(data) : data;
    const p = this.mem.malloc(Math.max(b.length, 1));
    try {
      this.mem.write(p, b);
      return await this.write(fd, p, b.length);
    } finally {
      this.mem.free(p);
    }
  }

  /** Writes everything, retrying short writes (what stdio does). */
  async writeAll(fd: number, data: Uint8Array | string): Promise<void> {
    let b = typeof data === "string" ? enc.encode(data) : data;
    while (b.length) {
      const n = await this.writeBytes(fd, b);
      if (n === 0) throw new SysError(5, "write");
      b = b.subarray(n);
    }
  }

  /** Reads to end of file in chunks of `chunk` bytes. */
  async readAll(fd: number, chunk = 65536): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let total = 0;
    const p = this.mem.malloc(chunk);
    try {
      for (;;) {
        const n = await this.read(fd, p, chunk);
        if (n === 0) break;
        parts.push(this.mem.read(p, n));
        total += n;
      }
    } finally {
      this.mem.free(p);
    }
    const out = new Uint8Array(total);
    let o = 0;
    for (const x of parts) {
      out.set(x, o);
      o += x.length;
    }
    return out;
  }

  /** Opens, reads whole, closes: the bytes of a file. */
  async readFile(path: string): Promise<Uint8Array> {
    const fd = await this.open(path, 0);
    try {
      return await this.readAll(fd);
    } finally {
      await this.close(fd);
    }
  }

  async readFileText(path: string): Promise<string> {
    return dec.decode(await this.readFile(path));
  }

  async writeFile(path: string, data: Uint8Array | string, mode = 0o666): Promise<void> {
    const fd = await this.open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    try {
      await this.writeAll(fd, data);
    } finally {
      await this.close(fd);
    }
  }

  private async statCall(name: string, args: SyscallArg[], path?: string): Promise<Stat> {
    const buf = this.mem.malloc(144);
    try {
      if (path !== undefined) await this.pathCall(name, path, buf);
      else await this.syscall(name, ...args, buf);
      return decodeStat(this.mem.read(buf, 144));
    } finally {
      this.mem.free(buf);
    }
  }

  stat(path: string): Promise<Stat> {
    return this.statCall("stat", [], path);
  }

  lstat(path: string): Promise<Stat> {
    return this.statCall("lstat", [], path);
  }

  fstat(fd: number): Promise<Stat> {
    return this.statCall("fstat", [fd]);
  }

  async readlink(path: string): Promise<string> {
    const buf = this.mem.malloc(4096);
    try {
      const n = await this.pathCall("readlink", path, buf, 4096);
      return dec.decode(this.mem.read(buf, n));
    } finally {
      this.mem.free(buf);
    }
  }

  /** All entries of an open directory (getdents64 until it returns 0). */
  async getdents(fd: number): Promise<DirEntry[]> {
    const size = 32768;
    const buf = this.mem.malloc(size);
    const out: DirEntry[] = [];
    try {
      for (;;) {
        const n = await this.syscall("getdents64", fd, buf, size);
        if (n === 0) break;
        const b = this.mem.read(buf, n);
        const dv = new DataView(b.buffer);
        for (let o = 0; o < n; ) {
          const ino = Number(dv.getBigUint64(o, true));
          const reclen = dv.getUint16(o + 16, true);
          const type = dv.getUint8(o + 18);
          const end = b.indexOf(0, o + 19);
          out.push({ ino, type, name: dec.decode(b.subarray(o + 19, end)) });
          o += reclen;
        }
      }
    } finally {
      this.mem.free(buf);
    }
    return out;
  }

  async readdir(path: string): Promise<DirEntry[]> {
    const fd = await this.open(path, 0o200000);
    try {
      return await this.getdents(fd);
    } finally {
      await this.close(fd);
    }
  }

  mkdir(path: string, mode = 0o777): Promise<number> {
    return this.pathCall("mkdir", path, mode);
  }
  rmdir(path: string): Promise<number> {
    return this.pathCall("rmdir", path);
  }
  unlink(path: string): Promise<number> {
    return this.pathCall("unlink", path);
  }
  chmod(path: string, mode: number): Promise<number> {
    return this.pathCall("chmod", path, mode);
  }
  chown(path: string, uid: number, gid: number): Promise<number> {
    return this.pathCall("chown", path, uid, gid);
  }
  lchown(path: string, uid: number, gid: number): Promise<number> {
    return this.pathCall("lchown", path, uid, gid);
  }
  mknod(path: string, mode: number, dev: number): Promise<number> {
    return this.pathCall("mknod", path, mode, dev);
  }
  truncate(path: string, len: number): Promise<number> {
    return this.pathCall("truncate", path, len);
  }
  access(path: string, mode: number): Promise<number> {
    return this.pathCall("access", path, mode);
  }
  chdir(path: string): Promise<number> {
    return this.pathCall("chdir", path);
  }

  private async twoPaths(name: string, a: string, b: string): Promise<number> {
    const pa = this.mem.strdup(a);
    const pb = this.mem.strdup(b);
    try {
      return await this.syscall(name, pa, pb);
    } catch (e) {
      if (e instanceof SysError) throw new SysError(e.errno, name, b);
      throw e;
    } finally {
      this.mem.free(pa);
      this.mem.free(pb);
    }
  }

  rename(from: string, to: string): Promise<number> {
    return this.twoPaths("rename", from, to);
  }
  link(from: string, to: string): Promise<number> {
    return this.twoPaths("link", from, to);
  }
  symlink(target: string, path: string): Promise<number> {
    return this.twoPaths("symlink", target, path);
  }

  async getcwd(): Promise<string> {
    const buf = this.mem.malloc(4096);
    try {
      const n = await this.syscall("getcwd", buf, 4096);
      return dec.decode(this.mem.read(buf, n - 1));
    } finally {
      this.mem.free(buf);
    }
  }

  umask(mask: number): Promise<number> {
    return this.syscall("umask", mask);
  }
  dup(fd: number): Promise<number> {
    return this.syscall("dup", fd);
  }
  dup2(fd: number, to: number): Promise<number> {
    return this.syscall("dup2", fd, to);
  }
  fcntl(fd: number, cmd: number, arg = 0): Promise<number> {
    return this.syscall("fcntl", fd, cmd, arg);
  }

  async pipe(flags = 0): Promise<[number, number]> {
    const buf = this.mem.malloc(8);
    try {
      await this.syscall("pipe2", buf, flags);
      return [this.mem.i32(buf), this.mem.i32(buf + 4)];
    } finally {
      this.mem.free(buf);
    }
  }

  async isatty(fd: number): Promise<boolean> {
    const buf = this.mem.malloc(64);
    try {
      return (await this.rawSyscall("ioctl", fd, TCGETS, buf)) === 0;
    } finally {
      this.mem.free(buf);
    }
  }

  // -- identity, time, system ------------------------------------------------

  getpid = () => this.syscall("getpid");
  getppid = () => this.syscall("getppid");
  getuid = () => this.syscall("getuid");
  geteuid = () => this.syscall("geteuid");
  getgid = () => this.syscall("getgid");
  getegid = () => this.syscall("getegid");
  setuid = (uid: number) => this.syscall("setuid", uid);
  setgid = (gid: number) => this.syscall("setgid", gid);

  async getgroups(): Promise<number[]> {
    const n = await this.syscall("getgroups", 0, 0);
    const buf = this.mem.malloc(Math.max(4, n * 4));
    try {
      const m = await this.syscall("getgroups", n, buf);
      return Array.from({ length: m }, (_, i) => this.mem.u32(buf + i * 4));
    } finally {
      this.mem.free(buf);
    }
  }

  async setgroups(groups: number[]): Promise<number> {
    const buf = this.mem.malloc(Math.max(4, groups.length * 4));
    try {
      groups.forEach((g, i) => this.mem.setU32(buf + i * 4, g));
      return await this.syscall("setgroups", groups.length, buf);
    } finally {
      this.mem.free(buf);
    }
  }

  async uname(): Promise<Utsname> {
    const buf = this.mem.malloc(390);
    try {
      await this.syscall("uname", buf);
      const f = (i: number) => this.mem.cstring(buf + i * 65, 65);
      return {
        sysname: f(0),
        nodename: f(1),
        release: f(2),
        version: f(3),
        machine: f(4),
        domainname: f(5),
      };
    } finally {
      this.mem.free(buf);
    }
  }

  async clock_gettime(clk: number): Promise<Timespec> {
    const buf = this.mem.malloc(16);
    try {
      await this.syscall("clock_gettime", clk, buf);
      return { sec: Number(this.mem.i64(buf)), nsec: Number(this.mem.i64(buf + 8)) };
    } finally {
      this.mem.free(buf);
    }
  }

  /** time(2): wall-clock seconds. */
  async time(): Promise<number> {
    return (await this.clock_gettime(0)).sec;
  }

  async nanosleep(sec: number, nsec = 0): Promise<number> {
    const buf = this.mem.malloc(16);
    try {
      this.mem.setU64(buf, BigInt(Math.floor(sec)));
      this.mem.setU64(buf + 8, BigInt(Math.floor(nsec)));
      return await this.syscall("nanosleep", buf, 0);
    } finally {
      this.mem.free(buf);
    }
  }

  /** sleep(3) of whole or fractional seconds. */
  sleep(seconds: number): Promise<number> {
    const whole = Math.floor(seconds);
    return this.nanosleep(whole, Math.round((seconds - whole) * 1e9));
  }

  kill(pid: number, sig: number): Promise<number> {
    return this.syscall("kill", pid, sig);
  }

  /** signal(2)/sigaction(2): a handler, "ignore" or "default". */
  async signal(
    sig: number,
    handler: "default" | "ignore" | ((sig: number) => void),
  ): Promise<void> {
    if (typeof handler === "function") this.handlers.set(sig, handler);
    else this.handlers.delete(sig);
    await this.syscall(
      "rt_sigaction",
      sig,
      handler === "default" ? 0 : handler === "ignore" ? 1 : 2,
    );
  }

  // -- processes -------------------------------------------------------------

  /**
   * fork(2): the child runs `child` with its own C library in a copy of this
   * process; the parent gets the child's pid. (A JavaScript function cannot be
   * copied mid-flight, so the child's code is given explicitly.)
   */
  async fork(child: (libc: Libc) => Promise<number | undefined | void>): Promise<number> {
    const pid = await this.syscall("fork");
    const port = this.port.childPort(pid);
    if (port) this.hooks.startChild(port, child, this);
    return pid;
  }

  /** A C library for the child: the copied heap, the same environment. */
  forChild(port: SyscallPort): Libc {
    const c = new Libc(port, this.hooks, [], cloneHeap(this.mem.heap));
    c.env = new Map(this.env);
    return c;
  }

  /** execve(2): on success this program is gone and never resumes. */
  async execve(path: string, argv: readonly string[], envp: readonly string[]): Promise<never> {
    const pp = this.mem.strdup(path);
    const a = this.mem.stringArray(argv);
    const e = this.mem.stringArray(envp);
    try {
      await this.syscall("execve", pp, a.ptr, e.ptr);
    } catch (err) {
      this.mem.free(pp);
      for (const p of [...a.allocs, ...e.allocs]) this.mem.free(p);
      if (err instanceof SysError) throw new SysError(err.errno, "execve", path);
      throw err;
    }
    // Unflushed stdio data is lost on exec, as in C.
    this.stdout.discard();
    this.hooks.startImage(this.port, this.port.takeImage());
    return never();
  }

  /** waitpid(2): the child's pid and wait status, or pid 0 with WNOHANG. */
  async waitpid(pid: number, options = 0): Promise<{ pid: number; status: number }> {
    const buf = this.mem.malloc(4);
    try {
      const r = await this.syscall("wait4", pid, buf, options, 0);
      return { pid: r, status: r > 0 ? this.mem.i32(buf) : 0 };
    } finally {
      this.mem.free(buf);
    }
  }

  /** exit(3): flush stdio, then exit_group. Never returns. */
  async exit(code: number): Promise<never> {
    try {
      await this.fflushAll();
    } catch {
      // a failed flush at exit is ignored, as glibc does (the status stays)
    }
    this.port.call("exit_group", [code & 0xff]);
    return never();
  }

  /** _exit(2): no stdio flush. */
  _exit(code: number): Promise<never> {
    this.port.call("exit_group", [code & 0xff]);
    return never();
  }

  // -- stdio -----------------------------------------------------------------

  async fflushAll(): Promise<void> {
    await this.stdout.flush();
    await this.stderr.flush();
  }

  printf(fmt: string, ...args: PrintfArg[]): Promise<void> {
    return this.stdout.write(format(fmt, args));
  }
  fprintf(f: FILE, fmt: string, ...args: PrintfArg[]): Promise<void> {
    return f.write(format(fmt, args));
  }
  puts(s: string): Promise<void> {
    return this.stdout.write(`${s}\n`);
  }
  fputs(s: string, f: FILE): Promise<void> {
    return f.write(s);
  }
  fflush(f: FILE): Promise<void> {
    return f.flush();
  }

  /** perror(3): "msg: strerror(errno)" on stderr. */
  perror(msg: string | null): Promise<void> {
    const text = strerror(this.errno);
    return this.stderr.write(msg ? `${msg}: ${text}\n` : `${text}\n`);
  }

  strerror(n: number): string {
    return strerror(n);
  }
  strsignal(n: number): string {
    return strsignal(n);
  }
  errnoName(n: number): string {
    return errnoName(n) ?? String(n);
  }

  getenv(name: string): string | undefined {
    return this.env.get(name);
  }
  setenv(name: string, value: string): void {
    this.env.set(name, value);
  }
  unsetenv(name: string): void {
    this.env.delete(name);
  }
  environ(): string[] {
    return [...this.env].map(([k, v]) => `${k}=${v}`);
  }
}

/** Decodes x86_64's struct stat. */
export function decodeStat(b: Uint8Array): Stat {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const ts = (o: number): Timespec => ({
    sec: Number(dv.getBigInt64(o, true)),
    nsec: Number(dv.getBigInt64(o + 8, true)),
  });
  return {
    dev: dv.getBigUint64(0, true),
    ino: Number(dv.getBigUint64(8, true)),
    nlink: Number(dv.getBigUint64(16, true)),
    mode: dv.getUint32(24, true),
    uid: dv.getUint32(28, true),
    gid: dv.getUint32(32, true),
    rdev: dv.getBigUint64(40, true),
    size: Number(dv.getBigInt64(48, true)),
    blksize: Number(dv.getBigInt64(56, true)),
    blocks: Number(dv.getBigInt64(64, true)),
    atime: ts(72),
    mtime: ts(88),
    ctime: ts(104),
  };
}

export { AT_FDCWD };
