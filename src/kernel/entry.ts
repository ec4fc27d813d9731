/**
 * System-call entry and exit (arch/x86/entry/common.c:do_syscall_64()): set the
 * CPU context, trace, run the handler, turn exceptions into an Oops, deliver
 * fatal signals on the way out.
 */
import { ENOSYS } from "../include/uapi/errno.ts";
import { cpu } from "./context.ts";
import { type Kernel, KernelPanicked } from "./kernel.ts";
import { type SyscallArg, type SyscallFn, syscallTable } from "./syscalls.ts";
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
  if (t.pending.size !== 0 && k.signals.deliverOnExit(t)) return TASK_DEAD;
  // A sleep cut short by a signal (-ERESTARTSYS ... -ERESTART_RESTARTBLOCK) never
  // reaches user space: with no SA_RESTART in vkern, handle_signal() makes it EINTR.
  if (typeof ret === "number" && ret <= -512 && ret >= -516) return -4;
  return ret;
}

/** A register as the CPU holds it: missing is 0, 64-bit values become numbers. */
function reg(a: SyscallArg | undefined): SyscallArg {
  if (typeof a === "number")
    return Number.isInteger(a) ? a : Number.isFinite(a) ? Math.trunc(a) : 0;
  if (typeof a === "bigint") return Number(BigInt.asIntN(64, a));
  return 0;
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
  if (t.pending.size !== 0 && k.signals.deliverOnExit(t)) return TASK_DEAD;
  // Registers: missing arguments are 0; 64-bit values become numbers except an
  // ioctl's argument, which drivers may read as an unsigned long. Six locals rather
  // than an array: this is the hottest path in the kernel.
  const n = args.length;
  const r0 = n > 0 ? reg(args.at(0)) : 0;
  const r1 = n > 1 ? reg(args.at(1)) : 0;
  const a2 = n > 2 ? args.at(2) : 0;
  const r2 = typeof a2 === "bigint" && name === "ioctl" ? a2 : reg(a2);
  const r3 = n > 3 ? reg(args.at(3)) : 0;
  const r4 = n > 4 ? reg(args.at(4)) : 0;
  const r5 = n > 5 ? reg(args.at(5)) : 0;
  k.clock.tick();
  t.nsyscalls++;
  if (t.tracer) return tracedSyscall(k, t, name, [r0, r1, r2, r3, r4, r5]);
  const fn = syscallTable.get(name);
  if (!fn) return leave(k, t, name, EMPTY, -ENOSYS);
  return runHandler(k, t, name, EMPTY, fn, r0, r1, r2, r3, r4, r5);
}

/**
 * Runs a handler on this CPU as task `t` and leaves the call. `regs` is what the tracer
 * sees on exit (empty when there is none: no array on the hot path).
 */
function runHandler(
  k: Kernel,
  t: Task,
  name: string,
  regs: readonly SyscallArg[],
  fn: SyscallFn,
  r0: SyscallArg,
  r1: SyscallArg,
  r2: SyscallArg,
  r3: SyscallArg,
  r4: SyscallArg,
  r5: SyscallArg,
): EntryResult | Promise<EntryResult> {
  const sk = cpu.kernel;
  const st = cpu.task;
  const sm = cpu.module;
  cpu.kernel = k;
  cpu.task = t;
  cpu.module = null;
  t.inSyscall = true;
  let r: ReturnType<typeof fn>;
  try {
    r = fn(t, r0, r1, r2, r3, r4, r5);
  } catch (e) {
    cpu.kernel = sk;
    cpu.task = st;
    cpu.module = sm;
    k.oops(t, e);
    return leave(k, t, name, regs, -14);
  }
  if (r instanceof Promise) return sleeping(k, t, name, regs, r);
  cpu.kernel = sk;
  cpu.task = st;
  cpu.module = sm;
  return leave(k, t, name, regs, r);
}

const EMPTY: readonly SyscallArg[] = [];

/**
 * A call that went to sleep leaves the CPU to this task: the code after an `await` in a
 * driver runs in a later microtask and must still find `current`. Wake-ups
 * (wait_event_interruptible) set it again for the task they resume.
 */
function sleeping(
  k: Kernel,
  t: Task,
  name: string,
  regs: readonly SyscallArg[],
  r: Promise<SysResult>,
): Promise<EntryResult> {
  return r.then(
    (v) => leave(k, t, name, regs, v),
    (e) => {
      k.oops(t, e);
      return leave(k, t, name, regs, -14);
    },
  );
}

/** The same path with a tracer (strace) attached: it sees the registers on entry and exit. */
function tracedSyscall(
  k: Kernel,
  t: Task,
  name: string,
  regs: SyscallArg[],
): EntryResult | Promise<EntryResult> {
  const fn = syscallTable.get(name);
  t.tracer?.enter(t, name, regs);
  if (!fn) return leave(k, t, name, regs, -ENOSYS);
  return runHandler(k, t, name, regs, fn, regs[0], regs[1], regs[2], regs[3], regs[4], regs[5]);
}
