/**
 * The "CPU": which kernel, task and module the code now running belongs to.
 *
 * Linux finds `current` through a per-CPU pointer; vkern has one JavaScript thread,
 * so one mutable context that every entry into the kernel (system call, module
 * init/exit, callback into a module) saves, sets and restores is enough.
 */
import type { Kernel } from "./kernel.ts";
import type { Module } from "./module.ts";
import type { Task } from "./task.ts";

export interface CpuContext {
  kernel: Kernel | null;
  task: Task | null;
  module: Module | null;
}

export const cpu: CpuContext = { kernel: null, task: null, module: null };

/** Runs fn with the context set, restoring the previous one afterwards (also on throw). */
export function withContext<T>(
  kernel: Kernel,
  task: Task | null,
  module: Module | null,
  fn: () => T,
): T {
  const saved = { kernel: cpu.kernel, task: cpu.task, module: cpu.module };
  cpu.kernel = kernel;
  cpu.task = task;
  cpu.module = module;
  try {
    return fn();
  } finally {
    cpu.kernel = saved.kernel;
    cpu.task = saved.task;
    cpu.module = saved.module;
  }
}

/** The kernel whose code is running. Driver API functions find their kernel here. */
export function this_kernel(): Kernel {
  const k = cpu.kernel;
  if (!k) throw new Error("vkern: kernel API called outside of any kernel context");
  return k;
}

/** Mirrors include/asm-generic/current.h:get_current(). */
export function get_current(): Task {
  const k = this_kernel();
  return cpu.task ?? k.tasks.swapper;
}

/** `current` of Linux, as a function since JavaScript has no macros. */
export const current = get_current;
