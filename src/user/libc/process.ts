/**
 * Running programs in tasks: the binary format for vkern's TypeScript programs,
 * the program registry, and the glue that starts a program's main() when a task
 * forks or execs, and exits the task with main's status.
 */

import { register_binfmt } from "../../fs/exec.ts";
import { SIGSEGV } from "../../include/uapi/signal.ts";
import type { Kernel } from "../../kernel/kernel.ts";
import { defineKernelLocal } from "../../kernel/kernel.ts";
import { type SyscallPort, userPort } from "../../kernel/port.ts";
import type { Task } from "../../kernel/task.ts";
import { SegmentationFault } from "./errors.ts";
import { Libc, type ProcessHooks, type ProgramMain } from "./libc.ts";

/** The bytes of a vkern executable: an ELF magic and the program's name. */
export const PROGRAM_MAGIC = "\x7fELF\x02\x01\x01\x00vkern-program:";

export function programFile(name: string): Uint8Array {
  // Padding makes `ls -l` sizes look like small binaries rather than a few bytes.
  const body = `${PROGRAM_MAGIC}${name}\x00`;
  const out = new Uint8Array(Math.max(1024, body.length));
  out.set(new TextEncoder().encode(body));
  return out;
}

export interface Program {
  name: string;
  main: ProgramMain;
}

interface ProgramImage {
  main: ProgramMain;
}

export const programRegistry = defineKernelLocal<Map<string, ProgramMain>>(() => new Map());

const dec = new TextDecoder();

/** Installs the binary format that recognises vkern programs (register_binfmt()). */
export function registerProgramBinfmt(k: Kernel): void {
  const registry = programRegistry.get(k);
  k.run(() =>
    register_binfmt(k.tasks.init, (bprm) => {
      const head = dec.decode(bprm.bytes.subarray(0, 256));
      if (!head.startsWith(PROGRAM_MAGIC)) return null;
      const name = head.slice(PROGRAM_MAGIC.length, head.indexOf("\x00", PROGRAM_MAGIC.length));
      const main = registry.get(name);
      return main ? ({ main } satisfies ProgramImage) : null;
    }),
  );
}

/** Runs a program body in a task and exits the task with its status. */
async function runBody(libc: Libc, body: () => Promise<number | undefined | void>): Promise<void> {
  let code: number;
  try {
    code = (await body()) ?? 0;
  } catch (e) {
    if (!libc.port.alive) return;
    if (e instanceof SegmentationFault || !(e instanceof Error && e.name === "SysError")) {
      // An uncaught exception in a program is its crash: SIGSEGV, as a C bug would be.
      const t = libc.port.task;
      t.kernel.printk(
        `${t.comm}[${t.pid}]: segfault at 0 ip 0000000000000000 sp 00007ffc00000000 error 4${e instanceof Error ? ` (${e.message})` : ""}`,
        6,
      );
      if (globalThis.process?.env?.VKERN_DEBUG) console.error(e);
      await libc.fflushAll().catch(() => {});
      t.kernel.run(() => t.kernel.signals.send(t, SIGSEGV), t);
      return;
    }
    code = 1;
  }
  await libc.exit(code);
}

export const processHooks: ProcessHooks = {
  startChild(port: SyscallPort, fn, parent: Libc) {
    const libc = parent.forChild(port);
    queueMicrotask(() => void runBody(libc, () => fn(libc)));
  },
  startImage(port: SyscallPort, image: unknown) {
    const img = image as ProgramImage;
    const t = port.task;
    const libc = new Libc(port, processHooks, t.envp);
    queueMicrotask(() => void runBody(libc, () => img.main([...t.argv], [...t.envp], libc)));
  },
};

/** A C library for a task the host created (the login shell, a test's process). */
export function libcFor(k: Kernel, task: Task): Libc {
  return new Libc(userPort(k, task), processHooks, task.envp);
}

/** Starts `main` as the program of an existing task (used for the first user process). */
export function runInTask(k: Kernel, task: Task, main: ProgramMain): void {
  const libc = libcFor(k, task);
  queueMicrotask(() => void runBody(libc, () => main([...task.argv], [...task.envp], libc)));
}
