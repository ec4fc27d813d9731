/**
 * Wait queues (include/linux/wait.h). A task that must sleep returns a Promise;
 * wake_up() re-checks each sleeper's condition, and a signal sent to a sleeping
 * task wakes it with -ERESTARTSYS, as an interruptible sleep does.
 */
import { ERESTARTSYS } from "../include/uapi/errno.ts";
import { cpu, get_current } from "./context.ts";
import type { Task } from "./task.ts";

export interface WaitQueueHead {
  waiters: Set<() => void>;
}

export function DECLARE_WAIT_QUEUE_HEAD(): WaitQueueHead {
  return { waiters: new Set() };
}
export const init_waitqueue_head = DECLARE_WAIT_QUEUE_HEAD;

/** Mirrors wake_up()/wake_up_interruptible(): every sleeper re-checks its condition. */
export function wake_up(wq: WaitQueueHead): void {
  for (const w of [...wq.waiters]) w();
}
export const wake_up_interruptible = wake_up;
export const wake_up_all = wake_up;

/**
 * Sleeps the current task until `cond()` holds. Resolves 0, or -ERESTARTSYS when a
 * signal arrives first. Restores the CPU context (current task) before resolving,
 * so the code after `await` runs as the sleeping task again.
 */
export function wait_event_interruptible(
  wq: WaitQueueHead,
  cond: () => boolean,
): number | Promise<number> {
  if (cond()) return 0;
  const task = get_current();
  const kernel = cpu.kernel!;
  if (task.signalPending()) return -ERESTARTSYS;
  return new Promise<number>((resolve) => {
    const done = (v: number) => {
      wq.waiters.delete(check);
      task.sleeping = null;
      cpu.kernel = kernel;
      cpu.task = task;
      cpu.module = null;
      resolve(v);
    };
    const check = () => {
      if (cond()) done(0);
    };
    wq.waiters.add(check);
    task.sleeping = () => done(-ERESTARTSYS);
  });
}

/** Sleeps for `ns` of kernel time: virtual time jumps; real time waits. */
export function task_sleep(task: Task, ns: number): number | Promise<number> {
  const k = task.kernel;
  if (k.clock.opts.mode === "virtual") {
    k.clock.advance(ns);
    return 0;
  }
  return new Promise<number>((resolve) => {
    const cancel = k.clock.schedule(() => {
      task.sleeping = null;
      resolve(0);
    }, ns / 1e6);
    task.sleeping = () => {
      cancel();
      task.sleeping = null;
      resolve(-ERESTARTSYS);
    };
  });
}

/**
 * Continues kernel work after a sleep in the context (kernel, task, module) of
 * the caller: promise callbacks run later, when another task may own the CPU.
 */
export function kthen<T, R>(p: Promise<T>, fn: (v: T) => R | Promise<R>): Promise<R> {
  const ctx = { kernel: cpu.kernel, task: cpu.task, module: cpu.module };
  return p.then((v) => {
    const saved = { kernel: cpu.kernel, task: cpu.task, module: cpu.module };
    Object.assign(cpu, ctx);
    try {
      return fn(v);
    } finally {
      Object.assign(cpu, saved);
    }
  });
}
