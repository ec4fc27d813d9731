/**
 * Running a command that never ends by itself (dmesg -w, tail -f) from a test: start it as
 * the child of a host process, let it run while the test changes the system, then stop it
 * with a signal and take the status as a shell would show it. Nothing here can hang the
 * test run: every wait is a bounded number of system calls by the host process (each one a
 * turn of the scheduler, so the child runs in between, whether it sleeps on a wait queue or
 * polls with nanosleep on the virtual clock), and a child that outlives SIGINT gets SIGKILL.
 * Use running(): a child that polls on the virtual clock never lets the host's timers run,
 * so a failed expectation must not leave it behind; running() kills it on the way out.
 */
import { SIGINT, SIGKILL } from "../../src/include/uapi/signal.ts";
import { WNOHANG } from "../../src/kernel/exit.ts";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { shellStatus } from "../../src/user/run.ts";
import { proc } from "../helpers.ts";

export interface Running {
  pid: number;
  output: () => string;
  /** Lets the system run until `cond()` holds; false if it still does not after `turns`. */
  until: (cond: () => boolean, turns?: number) => Promise<boolean>;
  /** Sends `sig`, waits for the exit; the shell-style status (130 for SIGINT). */
  stop: (sig?: number) => Promise<number>;
  /** The exit status once the program has ended by itself, or null if it is still running
   * after `turns` (it is then killed). */
  exited: (turns?: number) => Promise<number | null>;
  /** SIGKILL unless stop() or exited() already ended it. */
  reap: () => Promise<void>;
  /** Runs a host-side system call as the parent (e.g. to write to a file). */
  libc: ReturnType<typeof proc>["libc"];
}

export interface StartOptions {
  uid?: number;
  cwd?: string;
  /** Standard input: this file, or a pipe that gets these bytes and is then closed. */
  stdinFile?: string;
  stdinPipe?: string;
}

export async function start(
  k: Kernel,
  path: string,
  argv: string[],
  o: StartOptions = {},
): Promise<Running> {
  const p = proc(k, o.uid ?? 0, o.cwd ?? "/");
  const env = ["PATH=/usr/bin:/bin", "LANG=C.UTF-8", "HOME=/root"];
  const pipe = o.stdinPipe !== undefined ? await p.libc.pipe() : null;
  const pid = await p.libc.fork(async (c) => {
    if (o.stdinFile !== undefined) await c.dup2(await c.open(o.stdinFile, 0), 0);
    if (pipe) {
      await c.dup2(pipe[0], 0);
      await c.close(pipe[0]);
      await c.close(pipe[1]);
    }
    await c.execve(path, argv, env);
  });
  if (pipe) {
    await p.libc.close(pipe[0]);
    await p.libc.writeAll(pipe[1], o.stdinPipe as string);
    await p.libc.close(pipe[1]);
  }
  const turn = () => p.libc.nanosleep(0, 0);
  const until = async (cond: () => boolean, turns = 20000) => {
    for (let i = 0; i < turns && !cond(); i++) await turn();
    return cond();
  };
  let done = false;
  const stop = async (sig: number = SIGINT) => {
    done = true;
    await p.libc.kill(pid, sig);
    for (let i = 0; i < 20000; i++) {
      const r = await p.libc.waitpid(pid, WNOHANG);
      if (r.pid === pid) return shellStatus(r.status);
      await turn();
    }
    await p.libc.kill(pid, SIGKILL);
    await p.libc.waitpid(pid);
    throw new Error(`${argv.join(" ")} did not stop on signal ${sig}`);
  };
  const exited = async (turns = 20000) => {
    done = true;
    for (let i = 0; i < turns; i++) {
      const r = await p.libc.waitpid(pid, WNOHANG);
      if (r.pid === pid) return shellStatus(r.status);
      await turn();
    }
    await p.libc.kill(pid, SIGKILL);
    await p.libc.waitpid(pid);
    return null;
  };
  const reap = async () => {
    if (done) return;
    done = true;
    await p.libc.kill(pid, SIGKILL).catch(() => 0);
    await p.libc.waitpid(pid).catch(() => null);
  };
  return { pid, output: p.output, until, stop, exited, reap, libc: p.libc };
}

/** Runs `body` with the program started; whatever happens, the program is gone afterwards. */
export async function running<T>(
  k: Kernel,
  path: string,
  argv: string[],
  o: StartOptions,
  body: (t: Running) => Promise<T>,
): Promise<T> {
  const t = await start(k, path, argv, o);
  try {
    return await body(t);
  } finally {
    await t.reap();
  }
}
