/**
 * The real-kernel backend of the conformance interface: host_helper.py, a python3 process
 * making the real system calls, spoken to in JSON lines. Node-only (child_process), so it
 * lives here beside the suite and never in src/.
 */

import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { errnoName } from "../../src/include/uapi/errno.ts";
import { type NlAddr, type R, type RecvResult, Skip, type StatInfo, type Sys } from "./sys.ts";

const HELPER = fileURLToPath(new URL("./host_helper.py", import.meta.url));
/** A real system call never takes this long; a helper that does is stuck (a blocking recv). */
const TIMEOUT_MS = 5000;

interface Reply {
  ok?: unknown;
  errno?: number;
  /** A Python exception in the helper: a bug, never a kernel result. */
  fault?: string;
}

/** What the helper says about the machine when it starts. */
export interface HostInfo {
  pid: number;
  uid: number;
  sysname: string;
  release: string;
  version: string;
  machine: string;
  /** Whether debugfs is at /sys/kernel/debug for the helpers, and how. */
  debugfs: string;
}

/** One helper process: requests go out in order, replies come back in order. */
class Helper {
  private readonly waiting: ((r: Reply) => void)[] = [];
  private buf = "";
  private dead: string | null = null;
  private stderr = "";

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      this.buf += chunk;
      for (let i = this.buf.indexOf("\n"); i >= 0; i = this.buf.indexOf("\n")) {
        const line = this.buf.slice(0, i);
        this.buf = this.buf.slice(i + 1);
        this.waiting.shift()?.(JSON.parse(line) as Reply);
      }
    });
    child.stderr.on("data", (c: Buffer) => {
      this.stderr += c.toString();
    });
    child.on("exit", (code, sig) => {
      this.dead = `helper exited (${sig ?? code}): ${this.stderr.trim()}`;
      for (const w of this.waiting.splice(0)) w({ errno: -1 });
    });
  }

  request(op: string, args: unknown[]): Promise<Reply> {
    if (this.dead) return Promise.reject(new Error(this.dead));
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        // A stuck helper can answer nothing else: kill it so later calls fail fast.
        this.child.kill("SIGKILL");
        reject(new Error(`host helper: ${op} did not return within ${TIMEOUT_MS} ms`));
      }, TIMEOUT_MS);
      this.waiting.push((r) => {
        clearTimeout(timer);
        if (r.errno === -1 && this.dead) reject(new Error(this.dead));
        else resolve(r);
      });
      this.child.stdin.write(`${JSON.stringify({ op, args })}\n`);
    });
  }

  async call<T>(op: string, ...args: unknown[]): Promise<R<T>> {
    const r = await this.request(op, args);
    if (r.fault) throw new Error(`host helper: ${op}: ${r.fault}`);
    if (r.errno !== undefined) return { err: errnoName(r.errno) ?? `E${r.errno}` };
    return { ok: r.ok as T };
  }

  async value<T>(op: string, ...args: unknown[]): Promise<T> {
    const r = await this.call<T>(op, ...args);
    if ("err" in r) throw new Error(`host helper: ${op}: ${r.err}`);
    return r.ok;
  }

  close(): void {
    this.child.stdin.end();
  }
}

function startHelper(args: string[]): Helper {
  return new Helper(spawn("python3", [HELPER, ...args], { stdio: ["pipe", "pipe", "pipe"] }));
}

const b64 = (d: Uint8Array | string): string =>
  Buffer.from(typeof d === "string" ? Buffer.from(d, "utf8") : d).toString("base64");
const unb64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "base64"));

export class HostSys implements Sys {
  readonly backend = "host" as const;
  private readonly open_ = new Set<number>();
  private readonly users = new Map<number, HostSys>();

  constructor(
    private readonly h: Helper,
    readonly uid: number,
    readonly tmp: string,
    readonly info: HostInfo,
  ) {}

  private track(r: R<number>): R<number> {
    if ("ok" in r) this.open_.add(r.ok);
    return r;
  }

  async getpid(): Promise<number> {
    return this.h.value<number>("getpid");
  }

  async open(path: string, flags: number, mode = 0o666): Promise<R<number>> {
    return this.track(await this.h.call<number>("open", path, flags, mode));
  }

  close(fd: number): Promise<R<number>> {
    this.open_.delete(fd);
    return this.h.call("close", fd);
  }

  async read(fd: number, n: number): Promise<R<Uint8Array>> {
    const r = await this.h.call<string>("read", fd, n);
    return "ok" in r ? { ok: unb64(r.ok) } : r;
  }

  async pread(fd: number, n: number, off: number): Promise<R<Uint8Array>> {
    const r = await this.h.call<string>("pread", fd, n, off);
    return "ok" in r ? { ok: unb64(r.ok) } : r;
  }

  write(fd: number, data: Uint8Array | string): Promise<R<number>> {
    return this.h.call("write", fd, b64(data));
  }

  pwrite(fd: number, data: Uint8Array | string, off: number): Promise<R<number>> {
    return this.h.call("pwrite", fd, b64(data), off);
  }

  lseek(fd: number, off: number, whence: number): Promise<R<number>> {
    return this.h.call("lseek", fd, off, whence);
  }

  ioctl(fd: number, cmd: number, arg: number): Promise<R<number>> {
    return this.h.call("ioctl", fd, cmd >>> 0, arg);
  }

  ioctlInt(fd: number, cmd: number): Promise<R<{ ret: number; value: number }>> {
    return this.h.call("ioctl_int", fd, cmd >>> 0);
  }

  stat(path: string): Promise<R<StatInfo>> {
    return this.h.call("stat", path);
  }

  fstat(fd: number): Promise<R<StatInfo>> {
    return this.h.call("fstat", fd);
  }

  mknod(path: string, mode: number, major: number, minor: number): Promise<R<number>> {
    return this.h.call("mknod", path, mode, major, minor);
  }

  mkdir(path: string, mode: number): Promise<R<number>> {
    return this.h.call("mkdir", path, mode);
  }

  unlink(path: string): Promise<R<number>> {
    return this.h.call("unlink", path);
  }

  rmdir(path: string): Promise<R<number>> {
    return this.h.call("rmdir", path);
  }

  chmod(path: string, mode: number): Promise<R<number>> {
    return this.h.call("chmod", path, mode);
  }

  readlink(path: string): Promise<R<string>> {
    return this.h.call("readlink", path);
  }

  async pipe(): Promise<R<[number, number]>> {
    const r = await this.h.call<[number, number]>("pipe");
    if ("ok" in r) for (const fd of r.ok) this.open_.add(fd);
    return r;
  }

  mapMany(n: number): Promise<R<number>> {
    return this.h.call("map_many", n);
  }

  async socket(domain: number, type: number, protocol: number): Promise<R<number>> {
    return this.track(await this.h.call<number>("socket", domain, type, protocol));
  }

  bind(fd: number, pid: number, groups: number): Promise<R<number>> {
    return this.h.call("bind", fd, pid, groups);
  }

  bindRaw(fd: number, addr: Uint8Array): Promise<R<number>> {
    return this.h.call("bind_raw", fd, b64(addr));
  }

  connect(fd: number, pid: number, groups: number): Promise<R<number>> {
    return this.h.call("connect", fd, pid, groups);
  }

  getsockname(fd: number): Promise<R<NlAddr>> {
    return this.h.call("getsockname", fd);
  }

  sendto(
    fd: number,
    data: Uint8Array,
    flags: number,
    to?: { pid: number; groups: number },
  ): Promise<R<number>> {
    return this.h.call("sendto", fd, b64(data), flags, to ?? null);
  }

  async recvmsg(fd: number, n: number, flags: number): Promise<R<RecvResult>> {
    const r = await this.h.call<RecvResult & { data: string }>("recvmsg", fd, n, flags);
    return "ok" in r ? { ok: { ...r.ok, data: unb64(r.ok.data) } } : r;
  }

  setsockopt(fd: number, level: number, name: number, value: number): Promise<R<number>> {
    return this.h.call("setsockopt", fd, level, name, value);
  }

  getsockopt(fd: number, level: number, name: number): Promise<R<number>> {
    return this.h.call("getsockopt", fd, level, name);
  }

  async asUser(uid: number): Promise<Sys> {
    if (uid === this.uid) return this;
    if (this.uid !== 0) throw new Skip(`host helper runs as uid ${this.uid}, cannot become ${uid}`);
    let s = this.users.get(uid);
    if (!s) {
      // Joins the root helper's mount namespace, so it sees the same debugfs mount.
      const h = startHelper(["--mntns", `/proc/${this.info.pid}/ns/mnt`, "--uid", String(uid)]);
      s = new HostSys(h, uid, this.tmp, await h.value<HostInfo>("hello"));
      this.users.set(uid, s);
    }
    return s;
  }

  async cleanup(): Promise<void> {
    for (const fd of this.open_) await this.h.call("close", fd);
    this.open_.clear();
    for (const u of this.users.values()) await u.cleanup();
  }

  /** Ends the helpers and removes the scratch directory. */
  async shutdown(): Promise<void> {
    await this.cleanup();
    await this.h.call("rmtree", this.tmp);
    for (const u of this.users.values()) u.h.close();
    this.h.close();
  }
}

/** Why the real kernel cannot be used here, or null when it can. */
export function hostUnavailable(): string | null {
  if (process.platform !== "linux") return `the host is ${process.platform}, not Linux`;
  const py = spawnSync("python3", ["-c", "import ctypes, json, base64"], { encoding: "utf8" });
  if (py.error || py.status !== 0) return "python3 (with ctypes) is not available";
  return null;
}

/** Starts the root helper (in a private mount namespace when root) and its scratch dir. */
export async function hostSys(): Promise<HostSys> {
  const root = process.getuid?.() === 0;
  const h = startHelper(root ? ["--private-mounts"] : []);
  const info = await h.value<HostInfo>("hello");
  const tmp = await h.value<string>("mkdtemp");
  await h.call("chmod", tmp, 0o755);
  return new HostSys(h, info.uid, tmp, info);
}
