/**
 * Time: a monotonic clock in nanoseconds since boot, a wall clock, and jiffies.
 *
 * The virtual clock moves only when the kernel moves it (a fixed step per system
 * call, and jumps for sleeps), so logs and timestamps are reproducible byte for
 * byte. The real clock reads a host time source injected by the caller.
 */

export type ClockMode = "virtual" | "real";

export interface ClockOptions {
  mode: ClockMode;
  /** Wall-clock time at boot, milliseconds since the epoch. */
  bootWallMs: number;
  /** Host monotonic time source in milliseconds (real mode only). */
  now?: () => number;
  /** Virtual nanoseconds that each system call costs. */
  syscallStepNs: number;
  /** Host timer for real-mode sleeps; returns a cancel function. */
  setTimer?: (fn: () => void, ms: number) => () => void;
}

export class Clock {
  private virtNs = 0;
  /**
   * System calls made (virtual mode): each costs syscallStepNs. Counted apart from virtNs
   * so that the per-call work stays a small-integer increment: adding nanoseconds to one
   * field passes 2^31 after ~2 s of virtual time, and from then on V8 keeps every Clock's
   * field as a boxed double, which made each system call of every kernel in the process
   * measurably slower.
   */
  private ticks = 0;
  private readonly hostStart: number;
  private readonly hostNow: () => number;

  constructor(readonly opts: ClockOptions) {
    this.hostNow = opts.now ?? (() => Date.now());
    this.hostStart = this.hostNow();
  }

  /** Nanoseconds since boot (CLOCK_MONOTONIC, ktime_get_ns()). */
  ns(): number {
    if (this.opts.mode === "real") {
      return Math.round((this.hostNow() - this.hostStart) * 1e6) + this.virtNs;
    }
    return this.virtNs + this.ticks * this.opts.syscallStepNs;
  }

  /** Moves virtual time forward; in real mode, accumulates as an offset (sleeps do not). */
  advance(ns: number): void {
    if (this.opts.mode === "virtual") this.virtNs += ns;
  }

  /** A system call's fixed cost in virtual time. */
  tick(): void {
    if (this.opts.mode === "virtual") this.ticks++;
  }

  /** Runs fn after `ms` of host time (real mode); returns a cancel function. */
  schedule(fn: () => void, ms: number): () => void {
    if (this.opts.setTimer) return this.opts.setTimer(fn, ms);
    const t = globalThis.setTimeout(fn, ms);
    return () => globalThis.clearTimeout(t);
  }

  /** Wall clock (CLOCK_REALTIME) in nanoseconds since the epoch, as a bigint. */
  realtimeNs(): bigint {
    return BigInt(this.opts.bootWallMs) * 1_000_000n + BigInt(this.ns());
  }

  /** Wall clock in whole seconds. */
  realtimeSec(): number {
    return Math.floor(this.opts.bootWallMs / 1000 + this.ns() / 1e9);
  }
}

/** include/linux/jiffies.h: INITIAL_JIFFIES = (unsigned long)(unsigned int)(-300*HZ). */
export function initialJiffies(hz: number): bigint {
  return BigInt((2 ** 32 - 300 * hz) >>> 0);
}
