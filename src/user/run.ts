/**
 * Running a program in a fresh process from host code, capturing its output:
 * the test harness of user-space commands, and the core of `vkern -c`.
 */

import { hostEmptyInput, hostSink, hostSource } from "../drivers/tty/host.ts";
import { type Kernel, KernelPanicked } from "../kernel/kernel.ts";
import { spawnUserTask } from "../kernel/spawn.ts";
import type { Task } from "../kernel/task.ts";
import type { Libc } from "./libc/libc.ts";
import { libcFor } from "./libc/process.ts";

export interface RunResult {
  /** stdout and stderr, in the order written (one pipe). */
  output: string;
  stdout: string;
  stderr: string;
  /** Exit status as a shell shows it: code, or 128+signal. */
  status: number;
  /** The raw wait status. */
  wstatus: number;
}

export interface RunOptions {
  uid?: number;
  cwd?: string;
  env?: string[];
  /** Path of the executable (default: looked up in /bin, /sbin, /usr/bin, /usr/sbin). */
  path?: string;
  /** Bytes for standard input (a source that ends after them); default: empty input. */
  stdin?: string | Uint8Array;
}

function userOf(k: Kernel, uid: number) {
  return (
    k.options.users.find((u) => u.uid === uid) ?? {
      name: String(uid),
      uid,
      gid: uid,
      groups: [],
      home: "/",
      shell: "/bin/sh",
    }
  );
}

export function groupIds(k: Kernel, uid: number): number[] {
  const u = userOf(k, uid);
  const gids = u.groups
    .map((g) => k.options.groups.find((x) => x.name === g)?.gid)
    .filter((g): g is number => g !== undefined);
  return uid === 0 ? [0] : [...gids, u.gid];
}

/** Decodes a wait status the way a shell turns it into $?. */
export function shellStatus(wstatus: number): number {
  const sig = wstatus & 0x7f;
  return sig ? 128 + sig : (wstatus >> 8) & 0xff;
}

/** A parent process for host-driven runs: it forks and waits like a shell would. */
export function hostProcess(
  k: Kernel,
  uid: number,
  cwd: string,
  out: (b: Uint8Array, stream: 1 | 2) => void,
  input?: Uint8Array,
): { task: Task; libc: Libc } {
  const u = userOf(k, uid);
  const task = spawnUserTask(k, {
    uid,
    gid: u.gid,
    groups: groupIds(k, uid),
    cwd,
    comm: "vkern-host",
    argv: ["vkern-host"],
    envp: [
      `HOME=${u.home}`,
      `USER=${u.name}`,
      `LOGNAME=${u.name}`,
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      "LANG=C.UTF-8",
      `SHELL=${u.shell}`,
    ],
    files: [
      (t) => (input ? hostSource(k, t, input) : hostEmptyInput(k, t)),
      (t) => hostSink(k, t, (b) => out(b, 1)),
      (t) => hostSink(k, t, (b) => out(b, 2)),
    ],
  });
  return { task, libc: libcFor(k, task) };
}

/** Runs argv as a child process of a fresh host process; resolves when it has exited. */
export async function runProgram(
  k: Kernel,
  argv: string[],
  opts: RunOptions = {},
): Promise<RunResult> {
  const uid = opts.uid ?? 1000;
  let output = "";
  let stdout = "";
  let stderr = "";
  const input = typeof opts.stdin === "string" ? new TextEncoder().encode(opts.stdin) : opts.stdin;
  // Streaming decoders: a UTF-8 character may be split across two writes.
  const decAll = new TextDecoder();
  const decs = { 1: new TextDecoder(), 2: new TextDecoder() };
  const { libc } = hostProcess(
    k,
    uid,
    opts.cwd ?? userOf(k, uid).home,
    (b, s) => {
      output += decAll.decode(b, { stream: true });
      const t = decs[s].decode(b, { stream: true });
      if (s === 1) stdout += t;
      else stderr += t;
    },
    input,
  );
  const envp = opts.env ?? libc.environ();
  const path = opts.path ?? (await resolve(libc, argv[0]));
  const pid = await libc.fork(async (child) => {
    try {
      await child.execve(path, argv, envp);
    } catch (e) {
      await child.stderr.write(`${argv[0]}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 127;
    }
  });
  const { status } = await untilPanic(k, libc.waitpid(pid));
  // The host process has done its job: let it exit so that `ps` does not collect them.
  libc.port.call("exit_group", [0]);
  output += decAll.decode();
  stdout += decs[1].decode();
  stderr += decs[2].decode();
  return { output, stdout, stderr, status: shellStatus(status), wstatus: status };
}

/** Resolves with p, or rejects with KernelPanicked when the kernel panics first. */
export function untilPanic<T>(k: Kernel, p: Promise<T>): Promise<T> {
  if (k.panicked) return Promise.reject(new KernelPanicked(k.panicked));
  return new Promise<T>((resolve, reject) => {
    const onPanic = (reason: string) => reject(new KernelPanicked(reason));
    k.panicListeners.add(onPanic);
    p.then(
      (v) => {
        k.panicListeners.delete(onPanic);
        resolve(v);
      },
      (e) => {
        k.panicListeners.delete(onPanic);
        reject(e);
      },
    );
  });
}

async function resolve(libc: Libc, name: string): Promise<string> {
  if (name.includes("/")) return name;
  for (const dir of [
    "/usr/local/sbin",
    "/usr/local/bin",
    "/usr/sbin",
    "/usr/bin",
    "/sbin",
    "/bin",
  ]) {
    try {
      await libc.access(`${dir}/${name}`, 1);
      return `${dir}/${name}`;
    } catch {
      // not here
    }
  }
  return name;
}
