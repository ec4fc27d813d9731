/**
 * The system-call interface every conformance check is written against. Two backends
 * implement it: vkern's C library (backend_vkern.ts) and the machine's real kernel through
 * a python3 helper process (backend_host.ts + host_helper.py). Results are plain values
 * — `{ ok: value }` or `{ err: "ENOENT" }` — so that the same check, run on both, yields
 * outcomes that can be compared with a deep equality.
 */

/** A system call's result: its value, or the errno name it failed with. */
export type R<T> = { ok: T } | { err: string };

/** struct stat, reduced to what checks compare. */
export interface StatInfo {
  mode: number;
  size: number;
  uid: number;
  gid: number;
  nlink: number;
  rdevMajor: number;
  rdevMinor: number;
}

/** A netlink address (struct sockaddr_nl without the padding). */
export interface NlAddr {
  family: number;
  pid: number;
  groups: number;
}

/** What recvmsg(2) gave: its return value, the bytes stored, msg_flags, the source. */
export interface RecvResult {
  ret: number;
  data: Uint8Array;
  flags: number;
  from: NlAddr;
}

export type BackendName = "host" | "vkern";

export interface Sys {
  readonly backend: BackendName;
  /** Real uid of the process making the calls. */
  readonly uid: number;
  /** A scratch directory on a disk filesystem (tmpfs in vkern), private to this run. */
  readonly tmp: string;
  getpid(): Promise<number>;

  open(path: string, flags: number, mode?: number): Promise<R<number>>;
  close(fd: number): Promise<R<number>>;
  /** read(2) of at most n bytes. */
  read(fd: number, n: number): Promise<R<Uint8Array>>;
  pread(fd: number, n: number, off: number): Promise<R<Uint8Array>>;
  write(fd: number, data: Uint8Array | string): Promise<R<number>>;
  pwrite(fd: number, data: Uint8Array | string, off: number): Promise<R<number>>;
  lseek(fd: number, off: number, whence: number): Promise<R<number>>;
  /** ioctl(2) with an integer argument; the result is ioctl's return value. */
  ioctl(fd: number, cmd: number, arg: number): Promise<R<number>>;
  /** ioctl(2) whose argument points at a zeroed int; gives the int afterwards. */
  ioctlInt(fd: number, cmd: number): Promise<R<{ ret: number; value: number }>>;
  stat(path: string): Promise<R<StatInfo>>;
  fstat(fd: number): Promise<R<StatInfo>>;
  mknod(path: string, mode: number, major: number, minor: number): Promise<R<number>>;
  mkdir(path: string, mode: number): Promise<R<number>>;
  unlink(path: string): Promise<R<number>>;
  rmdir(path: string): Promise<R<number>>;
  chmod(path: string, mode: number): Promise<R<number>>;
  readlink(path: string): Promise<R<string>>;
  pipe(): Promise<R<[number, number]>>;
  /** Makes n anonymous mappings that cannot merge (alternating protections). */
  mapMany(n: number): Promise<R<number>>;

  socket(domain: number, type: number, protocol: number): Promise<R<number>>;
  bind(fd: number, pid: number, groups: number): Promise<R<number>>;
  /** bind(2) with an address of an arbitrary length (to test addrlen checks). */
  bindRaw(fd: number, addr: Uint8Array): Promise<R<number>>;
  connect(fd: number, pid: number, groups: number): Promise<R<number>>;
  getsockname(fd: number): Promise<R<NlAddr>>;
  /** sendto(2); `to` omitted means a NULL address (send(2)). */
  sendto(
    fd: number,
    data: Uint8Array,
    flags: number,
    to?: { pid: number; groups: number },
  ): Promise<R<number>>;
  /** recvmsg(2) into one buffer of n bytes, with room for a sockaddr_nl. */
  recvmsg(fd: number, n: number, flags: number): Promise<R<RecvResult>>;
  setsockopt(fd: number, level: number, name: number, value: number): Promise<R<number>>;
  getsockopt(fd: number, level: number, name: number): Promise<R<number>>;

  /** Another process, running as `uid` (its groups cleared), seeing the same files. */
  asUser(uid: number): Promise<Sys>;
  /** Closes every descriptor this process opened since the last cleanup. */
  cleanup(): Promise<void>;
}

/** Thrown by a check when a backend lacks what it needs: the check is skipped, not passed. */
export class Skip extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "Skip";
  }
}

/** The value of a result, or a Skip-free failure carrying the errno (for setup steps). */
export function must<T>(r: R<T>, what: string): T {
  if ("err" in r) throw new Error(`${what}: ${r.err}`);
  return r.ok;
}

/** The result as a short comparable value: the errno name, or "ok" / the given projection. */
export function res<T>(r: R<T>, project?: (v: T) => unknown): unknown {
  if ("err" in r) return r.err;
  return project ? project(r.ok) : "ok";
}

const dec = new TextDecoder("latin1");

/** Bytes as a string (latin1, so every byte shows). */
export function text(b: Uint8Array): string {
  return dec.decode(b);
}

export const enc = new TextEncoder();
