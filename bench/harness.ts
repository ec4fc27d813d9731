/**
 * The benchmark harness: cases measured with tinybench, each batched so that
 * sub-microsecond operations are timed reliably, printed as one JSON line each.
 */
import { Bench } from "tinybench";

export interface BenchCase {
  name: string;
  /** Work done by one call of `fn`, in operations. */
  batch: number;
  /** Prepared once; returns the function to time. */
  setup(): Promise<() => unknown>;
  /** What the number should be compared with (a person reads this). */
  compare?: string;
}

export interface BenchResult {
  name: string;
  /** The mean, GC pauses included. */
  ns_per_op: number;
  /** The median batch: what a typical call costs. */
  p50_ns_per_op: number;
  /**
   * The best of five rounds of ~0.2 s each (GC pauses included): how bench/native/*.c
   * measure the real kernel, so this is the figure to hold against theirs.
   */
  best_round_ns_per_op: number;
  ops_per_s: number;
  rme_percent: number;
  samples: number;
  compare?: string;
}

/**
 * Each case is warmed up for half a second first, so that the JIT has compiled the hot path
 * (a kernel that runs for minutes is measured in its steady state, not while V8 tiers up).
 */
export async function runCases(cases: BenchCase[], timeMs = 500): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const c of cases) {
    const fn = await c.setup();
    const bench = new Bench({ time: timeMs, warmupTime: 500 });
    bench.add(c.name, fn as () => void);
    await bench.run();
    const task = bench.tasks[0];
    const r = task.result as unknown as {
      latency?: { mean: number; p50?: number; rme: number; samplesCount?: number };
      state?: string;
      error?: unknown;
    };
    if (!r?.latency) throw new Error(`benchmark ${c.name} failed: ${String(r?.error ?? r?.state)}`);
    const nsPerCall = r.latency.mean * 1e6;
    const ns = nsPerCall / c.batch;
    const best = (await bestOfRounds(fn, nsPerCall)) / c.batch;
    const res: BenchResult = {
      name: c.name,
      ns_per_op: Math.round(ns * 10) / 10,
      p50_ns_per_op: Math.round(((r.latency.p50 ?? r.latency.mean) * 1e7) / c.batch) / 10,
      best_round_ns_per_op: Math.round(best * 10) / 10,
      ops_per_s: Math.round(1e9 / ns),
      rme_percent: Math.round(r.latency.rme * 100) / 100,
      samples: r.latency.samplesCount ?? 0,
      ...(c.compare ? { compare: c.compare } : {}),
    };
    results.push(res);
    console.log(JSON.stringify(res));
  }
  return results;
}

const ROUNDS = 5;
const ROUND_NS = 200e6;

/**
 * Times ROUNDS rounds of back-to-back calls, each ~0.2 s long by tinybench's mean, and
 * returns the best round's ns per call: the native programs' method (best of five rounds).
 */
async function bestOfRounds(fn: () => unknown, nsPerCall: number): Promise<number> {
  const calls = Math.max(1, Math.round(ROUND_NS / Math.max(nsPerCall, 1)));
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) {
      const r = fn();
      if (r instanceof Promise) await r;
    }
    best = Math.min(best, ((performance.now() - t0) * 1e6) / calls);
  }
  return best;
}
