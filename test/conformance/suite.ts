/**
 * Runs every check on both backends and compares the outcomes. A check passes when both
 * outcomes are equal, or when they differ and the allow-list names the check with a reason
 * (an intended difference). It is skipped when either backend cannot run it (the reason is
 * kept); it fails on any other difference or on an error in either backend.
 */

import type { Check } from "./check.ts";
import { Skip, type Sys } from "./sys.ts";

export type Verdict = "same" | "allowed" | "different" | "skipped" | "error";

/** One backend's outcome of one check. */
export type Outcome =
  | { kind: "value"; value: unknown }
  | { kind: "skip"; reason: string }
  | { kind: "error"; message: string };

export interface Row {
  check: Check;
  host: Outcome;
  vkern: Outcome;
  verdict: Verdict;
  /** The allow-list's reason (allowed), the skip reason, or the error. */
  note?: string;
}

export interface AllowEntry {
  check: string;
  reason: string;
}

export interface Report {
  rows: Row[];
  passed: number;
  failed: number;
  skipped: number;
  /** Allow-list entries whose check came out the same: stale. */
  unusedAllowances: AllowEntry[];
}

/** A backend, or the reason it cannot run at all (every check is then skipped). */
export type Backend = Sys | { unavailable: string };

const CHECK_TIMEOUT_MS = 15000;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not finish (blocked?)`)),
      CHECK_TIMEOUT_MS,
    );
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

async function runOn(check: Check, b: Backend): Promise<Outcome> {
  if ("unavailable" in b) return { kind: "skip", reason: b.unavailable };
  if (check.root && b.uid !== 0) {
    return { kind: "skip", reason: `needs root; the ${b.backend} process is uid ${b.uid}` };
  }
  try {
    const value = await withTimeout(check.run(b), check.id);
    // Through JSON, so that the outcome is what the table shows (no undefined, no -0).
    return { kind: "value", value: JSON.parse(JSON.stringify(value ?? null)) };
  } catch (e) {
    if (e instanceof Skip) return { kind: "skip", reason: e.reason };
    return { kind: "error", message: e instanceof Error ? e.message : String(e) };
  } finally {
    try {
      await b.cleanup();
    } catch {
      // a dead helper is reported by the next call
    }
  }
}

export function equalOutcomes(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function judge(host: Outcome, vkern: Outcome, allowed?: AllowEntry): Pick<Row, "verdict" | "note"> {
  if (host.kind === "error") return { verdict: "error", note: `host: ${host.message}` };
  if (vkern.kind === "error") return { verdict: "error", note: `vkern: ${vkern.message}` };
  if (host.kind === "skip") return { verdict: "skipped", note: `host: ${host.reason}` };
  if (vkern.kind === "skip") return { verdict: "skipped", note: `vkern: ${vkern.reason}` };
  if (equalOutcomes(host.value, vkern.value)) return { verdict: "same" };
  if (allowed) return { verdict: "allowed", note: allowed.reason };
  return { verdict: "different" };
}

/** Runs the checks in order, host first then vkern for each. */
export async function runSuite(
  list: readonly Check[],
  host: Backend,
  vkern: Backend,
  allow: readonly AllowEntry[],
  onRow?: (r: Row) => void,
): Promise<Report> {
  const rows: Row[] = [];
  const byId = new Map(allow.map((a) => [a.check, a]));
  for (const check of list) {
    const h = await runOn(check, host);
    const v = await runOn(check, vkern);
    const row: Row = { check, host: h, vkern: v, ...judge(h, v, byId.get(check.id)) };
    rows.push(row);
    onRow?.(row);
  }
  const same = new Set(rows.filter((r) => r.verdict === "same").map((r) => r.check.id));
  return {
    rows,
    passed: rows.filter((r) => r.verdict === "same" || r.verdict === "allowed").length,
    failed: rows.filter((r) => r.verdict === "different" || r.verdict === "error").length,
    skipped: rows.filter((r) => r.verdict === "skipped").length,
    unusedAllowances: allow.filter((a) => same.has(a.check)),
  };
}
