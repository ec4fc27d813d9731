/**
 * System-call entry and exit (arch/x86/entry/common.c:do_syscall_64()): set the
 * CPU context, trace, run the handler, turn exceptions into an Oops, deliver
 * fatal signals on the way out.
 */
import { ENOSYS } from "../include/uapi/errno.ts";
import { cpu } from "./context.ts";
import { type Kernel, KernelPanicked } from "./kernel.ts";
import { type SyscallArg, syscallTable } from "./syscalls.ts";
import type { Task } from "./task.ts";

/** What a system call gives back to user space. */
export type SysResult = number | bigint;

/** The task was killed during the call: user space must not run on. */
export const TASK_DEAD = Symbol("vkern.task-dead");

export type EntryResult = SysResult | typeof TASK_DEAD;

function leave(
  k: Kernel,
  t: Task,
  name: string,
  args: readonly SyscallArg[],
  ret: SysResult,
): EntryResult {
  t.inSyscall = false;
  if (k.panicked) throw new KernelPanicked(k.panicked);
  t.tracer?.exit(t, name, args, ret);
  if (!t.alive) return TASK_DEAD;
  if (k.signals.deliverOnExit(t)) return TASK_DEAD;
  return ret;
}

/**
 * Makes system call `name` for task `t`. Synchronous unless the kernel had to
 * sleep. Kernel faults become an Oops and TASK_DEAD; after a panic every call
 * throws KernelPanicked.
 */
export function do_syscall(
  k: Kernel,
  t: Task,
  name: string,
  args: readonly SyscallArg[],
): EntryResult | Promise<EntryResult> {
  if (k.panicked) throw new KernelPanicked(k.panicked);
  if (!t.alive) return TASK_DEAD;
  if (k.signals.deliverOnExit(t)) return TASK_DEAD;
  const fn = syscallTable[name];
  // Registers: missing arguments are 0; 64-bit values become numbers except an
  // ioctl's argument, which drivers may read as an unsigned long.
  const regs: SyscallArg[] = [];
  for (let i = 0; i < 6; i++) {
    const a = args[i];
    if (typeof a === "bigint") regs.push(name === "ioctl" && i === 2 ? a : Number(BigInt.asIntN(64, a)));
    else regs.push(typeof a === "number" && Number.isFinite(a) ? Math.trunc(a) : 0);
  }
  args = regs;
  k.clock.tick();
  t.nsyscalls++;
  t.tracer?.enter(t, name, args);
  if (!fn) return leave(k, t, name, args, -ENOSYS);
  const saved = { kernel: cpu.kernel, task: cpu.task, module: cpu.module };
  cpu.kernel = k;
  cpu.task = t;
  cpu.module = null;
  t.inSyscall = true;
  let r: ReturnType<typeof fn>;
  try {
    r = fn(t, ...args);
  } catch (e) {
    Object.assign(cpu, saved);
    k.oops(t, e);
    return leave(k, t, name, args, -14);
  }
  // A call that went to sleep leaves the CPU to this task: the code after an
  // `await` in a driver runs in a later microtask and must still find `current`.
  // Wake-ups (wait_event_interruptible) set it again for the task they resume.
  if (!(r instanceof Promise)) Object.assign(cpu, saved);
  if (r instanceof Promise) {
    return r.then(
      (v) => leave(k, t, name, args, v),
      (e) => {
        k.oops(t, e);
        return leave(k, t, name, args, -14);
      },
    );
  }
  return leave(k, t, name, args, r);
}
