/**
 * Running a command that never ends by itself (dmesg -w, tail -f) from a test: start it as
 * the child of a host process, let it run while the test changes the system, then stop it
 * with a signal and take the status as a shell would show it. Nothing here can hang the
 * test run: every wait is a bounded number of system calls by the host process (each one a
 * turn of the scheduler, so the child runs in between, whether it sleeps on a wait queue or
 * polls with nanosleep on the virtual clock), and a child that outlives SIGINT gets SIGKILL.
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
  /** Runs a host-side system call as the parent (e.g. to write to a file). */
  libc: ReturnType<typeof proc>["libc"];
}

export async function start(
  k: Kernel,
  path: string,
  argv: string[],
  uid = 0,
  cwd = "/",
): Promise<Running> {
  const p = proc(k, uid, cwd);
  const env = ["PATH=/usr/bin:/bin", "LANG=C.UTF-8", "HOME=/root"];
  const pid = await p.libc.fork(async (c) => {
    await c.execve(path, argv, env);
  });
  const turn = () => p.libc.nanosleep(0, 0);
  const until = async (cond: () => boolean, turns = 20000) => {
    for (let i = 0; i < turns && !cond(); i++) await turn();
    return cond();
  };
  const stop = async (sig: number = SIGINT) => {
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
  return { pid, output: p.output, until, stop, libc: p.libc };
}
