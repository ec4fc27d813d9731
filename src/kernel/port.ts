/**
 * The boundary between a user program and the kernel: the system-call gate of
 * one task, plus what user code may touch directly (its own memory). User space
 * holds nothing else of the kernel.
 */
import type { MM } from "../mm/mm.ts";
import { do_syscall, type EntryResult } from "./entry.ts";
import type { Kernel } from "./kernel.ts";
import type { SyscallArg } from "./syscalls.ts";
import type { Task } from "./task.ts";

export interface SyscallPort {
  readonly pid: number;
  /** Makes a system call. */
  call(name: string, args: readonly SyscallArg[]): EntryResult | Promise<EntryResult>;
  /** The task's own address space (changes on execve). */
  readonly mm: MM;
  /** The port of a child that fork() just made (fork "returns twice"). */
  childPort(pid: number): SyscallPort | null;
  /** The image a successful execve left to start. */
  takeImage(): unknown;
  /** The next pending signal that has a user handler, if any. */
  takeSignal(): number | null;
  readonly alive: boolean;
  /** For strace: attach a tracer to this task (ptrace, reduced). */
  readonly task: Task;
}

export function userPort(k: Kernel, task: Task): SyscallPort {
  return {
    pid: task.pid,
    call: (name, args) => do_syscall(k, task, name, args),
    get mm() {
      return task.mm;
    },
    childPort(pid) {
      const c = k.tasks.get(pid);
      return c && c.parent === task ? userPort(k, c) : null;
    },
    takeImage() {
      const img = task.pendingImage;
      task.pendingImage = null;
      return img;
    },
    takeSignal: () => k.signals.takeHandled(task),
    get alive() {
      return task.alive;
    },
    task,
  };
}
