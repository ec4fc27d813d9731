/**
 * The soft-lockup detector (kernel/watchdog.c) for code vkern cannot preempt.
 *
 * In Linux a CPU looping in kernel code for more than 2 * watchdog_thresh seconds is
 * reported by the watchdog's hrtimer: "watchdog: BUG: soft lockup - CPU#0 stuck for 22s!
 * [insmod:1234]", the modules, the registers and the call trace. The loop goes on (the
 * report repeats) unless softlockup_panic is set. vkern's kernel is JavaScript: a loop
 * that never ends would hang the host, so the loops of learners' modules are instrumented
 * (src/lib/loop_guard.ts) and counted; after `thresholdIterations` iterations without a
 * yield the tick throws a SoftLockupFault, which the system-call entry reports in the
 * soft-lockup layout and then handles like an Oops: the task is killed (vkern's departure
 * from Linux, the only way to get the CPU back) and the kernel is tainted L.
 */
import { type LoopWatchdog, loopWatchdog } from "../lib/loop_guard.ts";
import { KernelFault } from "./fault.ts";
import { defineKernelLocal, type Kernel } from "./kernel.ts";

/** What the tick throws: a fault the Oops path prints as a soft lockup. */
export class SoftLockupFault extends KernelFault {
  constructor(readonly seconds: number) {
    super("softlockup", 0n, false, null, `soft lockup - CPU#0 stuck for ${seconds}s!`);
  }
}

export interface SoftLockupSettings {
  /** Loop iterations without a yield that count as "stuck" (a few tenths of a second of host CPU). */
  thresholdIterations: number;
  /** /proc/sys/kernel/watchdog_thresh: a soft lockup is 2 * thresh seconds without scheduling. */
  watchdogThresh: number;
}

export const softlockupSettings = defineKernelLocal<SoftLockupSettings>(() => ({
  thresholdIterations: 1 << 27,
  watchdogThresh: 10,
}));

/**
 * The watchdog ticks for code of kernel `k` (`wrap` makes the fault what the code may
 * catch: a learner's module gets a view of it, see module_membrane.ts). The report says "stuck for 22s": the
 * detector's hrtimer samples every thresh*2/5 = 4 s, so the first report of a CPU stuck
 * past 20 s comes at 22-23 s (watchdog_timer_fn() prints now - touch_ts). The virtual
 * clock moves on by that much, as the stuck CPU's time passed.
 */
export function kernelLoopWatchdog(
  k: Kernel,
  wrap: (fault: SoftLockupFault) => unknown = (f) => f,
): LoopWatchdog {
  const st = softlockupSettings.get(k);
  return loopWatchdog(
    () => st.thresholdIterations,
    () => {
      const secs = st.watchdogThresh * 2 + 2;
      k.clock.advance(secs * 1_000_000_000);
      return wrap(new SoftLockupFault(secs));
    },
  );
}
