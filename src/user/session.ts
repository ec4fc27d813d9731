/**
 * A login session: the first user process of a booted kernel, running the
 * shell, with its standard streams on a terminal or on host sinks.
 */

import { attachTty, HostTty, hostEmptyInput, hostSink } from "../drivers/tty/host.ts";
import type { File } from "../fs/fs.ts";
import { do_filp_open } from "../fs/open.ts";
import { AT_FDCWD, O_RDWR } from "../include/uapi/fcntl.ts";
import { SIGINT, SIGQUIT, SIGTERM, SIGTSTP } from "../include/uapi/signal.ts";
import type { Kernel } from "../kernel/kernel.ts";
import { spawnUserTask } from "../kernel/spawn.ts";
import type { Task } from "../kernel/task.ts";
import type { Libc } from "./libc/libc.ts";
import { libcFor } from "./libc/process.ts";
import { groupIds } from "./run.ts";
import type { ShellSession } from "./sh/api.ts";
import { createShell } from "./sh/index.ts";

export interface SessionOptions {
  user?: string;
  /** Output of a non-terminal session (stdout and stderr share it, in order). */
  onOutput?: (bytes: Uint8Array) => void;
  /** A terminal session: output to the host terminal; input typed through `tty.type`. */
  terminal?: { write: (bytes: Uint8Array) => void; cols?: number; rows?: number };
  cwd?: string;
  /**
   * false for `bash -c` (vkern -c): no job-control notices such as `[1] PID`, and SIGINT,
   * SIGTERM... keep their defaults. A login shell at a terminal (the default) is interactive.
   */
  interactive?: boolean;
}

export interface Session {
  kernel: Kernel;
  task: Task;
  libc: Libc;
  shell: ShellSession;
  tty: HostTty | null;
}

function loginEnv(k: Kernel, name: string, home: string, shell: string, tty: boolean): string[] {
  const env = [
    `SHELL=${shell}`,
    `PWD=${home}`,
    `LOGNAME=${name}`,
    `HOME=${home}`,
    "LANG=C.UTF-8",
    `USER=${name}`,
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
  ];
  if (tty) env.push("TERM=xterm-256color");
  void k;
  return env;
}

/** Starts the login shell of `user` (default llkd) in its home directory. */
export async function startSession(k: Kernel, o: SessionOptions = {}): Promise<Session> {
  const name = o.user ?? "llkd";
  const u = k.options.users.find((x) => x.name === name);
  if (!u) throw new Error(`no such user: ${name}`);
  let tty: HostTty | null = null;
  let files: ((t: Task) => File)[];
  if (o.terminal) {
    tty = new HostTty(k, o.terminal.write, 0);
    if (o.terminal.cols) tty.cols = o.terminal.cols;
    if (o.terminal.rows) tty.rows = o.terminal.rows;
    attachTty(k, tty, u.uid);
    const open = (t: Task): File => {
      const f = k.run(() => do_filp_open(t, AT_FDCWD, `/dev/pts/${tty!.index}`, O_RDWR, 0), t);
      if (typeof f === "number" || f instanceof Promise)
        throw new Error("cannot open the terminal");
      return f;
    };
    files = [open, open, open];
  } else {
    const out = o.onOutput ?? (() => {});
    files = [(t) => hostEmptyInput(k, t), (t) => hostSink(k, t, out), (t) => hostSink(k, t, out)];
  }
  const task = spawnUserTask(k, {
    uid: u.uid,
    gid: u.gid,
    groups: groupIds(k, u.uid),
    cwd: o.cwd ?? u.home,
    comm: "bash",
    argv: ["bash"],
    envp: loginEnv(k, u.name, u.home, u.shell, !!o.terminal),
    files,
    exe: "/bin/bash",
  });
  const interactive = o.interactive ?? true;
  // An interactive bash ignores these (bash(1), SIGNALS), so Ctrl-C stops the foreground job,
  // not the login shell; the commands it runs restore the defaults (sh/exec.ts).
  if (interactive)
    for (const sig of [SIGINT, SIGQUIT, SIGTERM, SIGTSTP]) task.sighand.set(sig, "ignore");
  if (tty) {
    tty.pgrp = task.pgid;
    tty.sid = task.sid;
  }
  const libc = libcFor(k, task);
  // Not interactive: the session runs one command string, as `bash -c` does ($- has c).
  const shell = createShell(libc, {
    personality: "bash",
    interactive,
    name: "bash",
    reads: interactive ? undefined : "c",
  });
  return { kernel: k, task, libc, shell, tty };
}
