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
  // A sleep cut short by a signal (-ERESTARTSYS ... -ERESTART_RESTARTBLOCK) never
  // reaches user space: with no SA_RESTART in vkern, handle_signal() makes it EINTR.
  if (typeof ret === "number" && ret <= -512 && ret >= -516) return -4;
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
  const regs: SyscallArg[] = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < args.length && i < 6; i++) {
    const a = args[i];
    if (typeof a === "number") regs[i] = Number.isFinite(a) ? Math.trunc(a) : 0;
    else if (typeof a === "bigint")
      regs[i] = name === "ioctl" && i === 2 ? a : Number(BigInt.asIntN(64, a));
  }
  k.clock.tick();
  t.nsyscalls++;
  t.tracer?.enter(t, name, regs);
  if (!fn) return leave(k, t, name, regs, -ENOSYS);
  const sk = cpu.kernel;
  const st = cpu.task;
  const sm = cpu.module;
  cpu.kernel = k;
  cpu.task = t;
  cpu.module = null;
  t.inSyscall = true;
  let r: ReturnType<typeof fn>;
  try {
    r = fn(t, regs[0], regs[1], regs[2], regs[3], regs[4], regs[5]);
  } catch (e) {
    cpu.kernel = sk;
    cpu.task = st;
    cpu.module = sm;
    k.oops(t, e);
    return leave(k, t, name, regs, -14);
  }
  if (r instanceof Promise) {
    // A call that went to sleep leaves the CPU to this task: the code after an
    // `await` in a driver runs in a later microtask and must still find `current`.
    // Wake-ups (wait_event_interruptible) set it again for the task they resume.
    return r.then(
      (v) => leave(k, t, name, regs, v),
      (e) => {
        k.oops(t, e);
        return leave(k, t, name, regs, -14);
      },
    );
  }
  cpu.kernel = sk;
  cpu.task = st;
  cpu.module = sm;
  return leave(k, t, name, regs, r);
}
