/** The conformance report as text: a header, the table, details of what differed, the summary. */

import type { Outcome, Report, Row } from "./suite.ts";

const VERDICT: Record<Row["verdict"], string> = {
  same: "same",
  allowed: "different (allowed)",
  different: "DIFFERENT",
  skipped: "skipped",
  error: "ERROR",
};

export function outcomeText(o: Outcome): string {
  if (o.kind === "skip") return "(skipped)";
  if (o.kind === "error") return "(error)";
  return JSON.stringify(o.value);
}

function cell(s: string, w: number): string {
  return s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w);
}

/** Formats the report; `verbose` prints every outcome in full, not only the failures'. */
export function formatReport(report: Report, header: string[], verbose = false): string {
  const out: string[] = [...header, ""];
  const idW = Math.max(5, ...report.rows.map((r) => r.check.id.length));
  const w = 30;
  out.push(`${cell("check", idW)}  ${cell("host", w)}  ${cell("vkern", w)}  result`);
  out.push(`${"-".repeat(idW)}  ${"-".repeat(w)}  ${"-".repeat(w)}  ${"-".repeat(19)}`);
  for (const r of report.rows) {
    out.push(
      `${cell(r.check.id, idW)}  ${cell(outcomeText(r.host), w)}  ${cell(outcomeText(r.vkern), w)}  ${VERDICT[r.verdict]}`,
    );
  }
  const detailed = report.rows.filter((r) => verbose || r.verdict !== "same");
  if (detailed.length) out.push("");
  for (const r of detailed) {
    out.push(`${r.check.id} (${VERDICT[r.verdict]}): ${r.check.what}`);
    if (r.host.kind === "value" || verbose) out.push(`  host:  ${outcomeText(r.host)}`);
    if (r.vkern.kind === "value" || verbose) out.push(`  vkern: ${outcomeText(r.vkern)}`);
    if (r.note) out.push(`  ${r.verdict === "allowed" ? "reason" : "note"}: ${r.note}`);
  }
  for (const a of report.unusedAllowances) {
    out.push(`warning: allow-list entry ${a.check} matched no difference (stale?)`);
  }
  out.push("");
  out.push(`${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`);
  return `${out.join("\n")}\n`;
}
