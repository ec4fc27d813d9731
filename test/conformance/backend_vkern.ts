/**
 * The vkern backend of the conformance interface: a process of a booted vkern kernel,
 * making its calls through vkern's C library (src/user/libc) exactly as a user program
 * does. Runs anywhere vkern runs (no Node built-ins here).
 */

import { errnoName } from "../../src/include/uapi/errno.ts";
import { major, makedev, minor } from "../../src/include/uapi/stat.ts";
import type { Kernel } from "../../src/kernel/kernel.ts";
import type { SyscallPort } from "../../src/kernel/port.ts";
import type { SyscallArg } from "../../src/kernel/syscalls.ts";
import { SysError } from "../../src/user/libc/errors.ts";
import { Libc, type Stat } from "../../src/user/libc/libc.ts";
import { processHooks } from "../../src/user/libc/process.ts";
import { sockets } from "../../src/user/libc/socket.ts";
import { hostProcess } from "../../src/user/run.ts";
import { must, type NlAddr, type R, type RecvResult, type StatInfo, type Sys } from "./sys.ts";

/** Rewrites one system call's results on their way back: a deliberately broken vkern. */
export type PortFilter = (
  name: string,
  args: readonly SyscallArg[],
  ret: number | bigint,
) => number | bigint;

const enc = new TextEncoder();

function statInfo(s: Stat): StatInfo {
  const rdev = Number(s.rdev);
  return {
    mode: s.mode,
    size: s.size,
    uid: s.uid,
    gid: s.gid,
    nlink: s.nlink,
    rdevMajor: major(rdev),
    rdevMinor: minor(rdev),
  };
}

function nlAddr(b: Uint8Array): NlAddr {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return {
    family: b.length >= 2 ? dv.getUint16(0, true) : 0,
    pid: b.length >= 8 ? dv.getUint32(4, true) : 0,
    groups: b.length >= 12 ? dv.getUint32(8, true) : 0,
  };
}

/** Wraps a port so that `filter` sees (and may change) every result. */
function filteredPort(port: SyscallPort, filter: PortFilter): SyscallPort {
  const wrap = (name: string, args: readonly SyscallArg[], r: unknown): unknown =>
    typeof r === "number" || typeof r === "bigint" ? filter(name, args, r) : r;
  return new Proxy(port, {
    get(target, prop, receiver) {
      if (prop !== "call") return Reflect.get(target, prop, receiver);
      return (name: string, args: readonly SyscallArg[]) => {
        const r = target.call(name, args);
        return r instanceof Promise ? r.then((v) => wrap(name, args, v)) : wrap(name, args, r);
      };
    },
  });
}

export class VkernSys implements Sys {
  readonly backend = "vkern" as const;
  private readonly libc: Libc;
  private readonly open_ = new Set<number>();
  private readonly users = new Map<number, VkernSys>();

  constructor(
    readonly k: Kernel,
    readonly uid: number,
    readonly tmp: string,
    private readonly filter?: PortFilter,
  ) {
    const { libc } = hostProcess(k, uid, "/", () => {});
    this.libc = filter
      ? new Libc(filteredPort(libc.port, filter), processHooks, libc.environ())
      : libc;
  }

  /** Runs a libc call, turning a SysError into { err }. */
  private async call<T>(fn: () => Promise<T>): Promise<R<T>> {
    try {
      return { ok: await fn() };
    } catch (e) {
      if (e instanceof SysError) return { err: errnoName(e.errno) ?? `E${e.errno}` };
      throw e;
    }
  }

  private track(r: R<number>): R<number> {
    if ("ok" in r) this.open_.add(r.ok);
    return r;
  }

  private get sock() {
    return sockets(this.libc);
  }

  private get mem() {
    return this.libc.mem;
  }

  getpid(): Promise<number> {
    return this.libc.getpid();
  }

  async open(path: string, flags: number, mode = 0o666): Promise<R<number>> {
    return this.track(await this.call(() => this.libc.open(path, flags, mode)));
  }

  close(fd: number): Promise<R<number>> {
    this.open_.delete(fd);
    return this.call(() => this.libc.close(fd));
  }

  read(fd: number, n: number): Promise<R<Uint8Array>> {
    return this.call(() => this.libc.readBytes(fd, n));
  }

  pread(fd: number, n: number, off: number): Promise<R<Uint8Array>> {
    return this.call(() => this.libc.preadBytes(fd, n, off));
  }

  write(fd: number, data: Uint8Array | string): Promise<R<number>> {
    return this.call(() => this.libc.writeBytes(fd, data));
  }

  pwrite(fd: number, data: Uint8Array | string, off: number): Promise<R<number>> {
    const b = typeof data === "string" ? enc.encode(data) : data;
    return this.call(async () => {
      const p = this.mem.malloc(Math.max(1, b.length));
      try {
        this.mem.write(p, b);
        return await this.libc.pwrite(fd, p, b.length, off);
      } finally {
        this.mem.free(p);
      }
    });
  }

  lseek(fd: number, off: number, whence: number): Promise<R<number>> {
    return this.call(() => this.libc.lseek(fd, off, whence));
  }

  ioctl(fd: number, cmd: number, arg: number): Promise<R<number>> {
    return this.call(() => this.libc.ioctl(fd, cmd, arg));
  }

  ioctlInt(fd: number, cmd: number): Promise<R<{ ret: number; value: number }>> {
    return this.call(async () => {
      const p = this.mem.malloc(8);
      try {
        this.mem.fill(p, 0, 8);
        const ret = await this.libc.ioctl(fd, cmd, p);
        return { ret, value: this.mem.i32(p) };
      } finally {
        this.mem.free(p);
      }
    });
  }

  stat(path: string): Promise<R<StatInfo>> {
    return this.call(async () => statInfo(await this.libc.stat(path)));
  }

  fstat(fd: number): Promise<R<StatInfo>> {
    return this.call(async () => statInfo(await this.libc.fstat(fd)));
  }

  mknod(path: string, mode: number, maj: number, min: number): Promise<R<number>> {
    return this.call(() => this.libc.mknod(path, mode, makedev(maj, min)));
  }

  mkdir(path: string, mode: number): Promise<R<number>> {
    return this.call(() => this.libc.mkdir(path, mode));
  }

  unlink(path: string): Promise<R<number>> {
    return this.call(() => this.libc.unlink(path));
  }

  rmdir(path: string): Promise<R<number>> {
    return this.call(() => this.libc.rmdir(path));
  }

  chmod(path: string, mode: number): Promise<R<number>> {
    return this.call(() => this.libc.chmod(path, mode));
  }

  readlink(path: string): Promise<R<string>> {
    return this.call(() => this.libc.readlink(path));
  }

  async pipe(): Promise<R<[number, number]>> {
    const r = await this.call(() => this.libc.pipe());
    if ("ok" in r) for (const fd of r.ok) this.open_.add(fd);
    return r;
  }

  mapMany(n: number): Promise<R<number>> {
    return this.call(async () => {
      for (let i = 0; i < n; i++) {
        // PROT_READ and PROT_READ|PROT_WRITE alternate, MAP_PRIVATE|MAP_ANONYMOUS.
        await this.libc.syscall("mmap", 0, 4096, i % 2 ? 3 : 1, 0x22, -1, 0);
      }
      return n;
    });
  }

  async socket(domain: number, type: number, protocol: number): Promise<R<number>> {
    return this.track(await this.call(() => this.sock.socket(domain, type, protocol)));
  }

  bind(fd: number, pid: number, groups: number): Promise<R<number>> {
    return this.call(() => this.sock.bindNl(fd, pid, groups));
  }

  bindRaw(fd: number, addr: Uint8Array): Promise<R<number>> {
    return this.call(async () => {
      const p = this.mem.malloc(Math.max(16, addr.length));
      try {
        this.mem.write(p, addr);
        return await this.sock.bind(fd, p, addr.length);
      } finally {
        this.mem.free(p);
      }
    });
  }

  connect(fd: number, pid: number, groups: number): Promise<R<number>> {
    return this.call(() => this.sock.connectNl(fd, pid, groups));
  }

  getsockname(fd: number): Promise<R<NlAddr>> {
    return this.call(async () => nlAddr(await this.sock.getsockname(fd)));
  }

  sendto(
    fd: number,
    data: Uint8Array,
    flags: number,
    to?: { pid: number; groups: number },
  ): Promise<R<number>> {
    return this.call(() =>
      to ? this.sock.sendNl(fd, data, to.pid, to.groups, flags) : this.sock.send(fd, data, flags),
    );
  }

  recvmsg(fd: number, n: number, flags: number): Promise<R<RecvResult>> {
    return this.call(async () => {
      const r = await this.sock.recvmsgNl(fd, n, flags);
      return {
        ret: r.ret,
        data: r.data,
        flags: r.msgFlags,
        from: { family: r.from.nl_family, pid: r.from.nl_pid, groups: r.from.nl_groups },
      };
    });
  }

  setsockopt(fd: number, level: number, name: number, value: number): Promise<R<number>> {
    return this.call(() => this.sock.setsockopt(fd, level, name, value));
  }

  getsockopt(fd: number, level: number, name: number): Promise<R<number>> {
    return this.call(() => this.sock.getsockopt(fd, level, name));
  }

  async asUser(uid: number): Promise<Sys> {
    if (uid === this.uid) return this;
    let s = this.users.get(uid);
    if (!s) this.users.set(uid, (s = new VkernSys(this.k, uid, this.tmp, this.filter)));
    return s;
  }

  async cleanup(): Promise<void> {
    for (const fd of this.open_) await this.call(() => this.libc.close(fd));
    this.open_.clear();
    for (const u of this.users.values()) await u.cleanup();
  }
}

/**
 * A vkern backend on kernel `k`: a process of `uid` (root by default; the host helper's uid
 * when that is not root, so both sides run with the same privileges) and a scratch
 * directory under /tmp.
 */
export async function vkernSys(k: Kernel, filter?: PortFilter, uid = 0): Promise<VkernSys> {
  const root = new VkernSys(k, 0, "/tmp/conformance", filter);
  const r = await root.mkdir(root.tmp, 0o755);
  if ("err" in r && r.err !== "EEXIST") throw new Error(`mkdir ${root.tmp}: ${r.err}`);
  if (uid === 0) return root;
  must(await root.chmod(root.tmp, 0o1777), "chmod");
  return new VkernSys(k, uid, root.tmp, filter);
}
