/**
 * Checking submissions: a submission is a set of files (a directory's); files it lacks
 * that the starter has (the Makefile, the shared header) are taken from the starter, so
 * a teacher can collect just the learners' .ts files. Used by `vkern exercise check`
 * (src/cli/exercise.ts) and by the guest's `check` command (src/user/bin/check.ts).
 */
import { checkSubmission } from "./harness.ts";
import type { CheckReport, Exercise } from "./types.ts";

export async function checkFiles(
  ex: Exercise,
  files: Map<string, Uint8Array | string>,
  submission: string,
): Promise<CheckReport> {
  const all = new Map<string, Uint8Array | string>(Object.entries(ex.starter));
  for (const [k, v] of files) all.set(k, v);
  return checkSubmission(ex, all, submission);
}

/** One JSON line per submission (teachers' mode). */
export function reportJson(r: CheckReport): string {
  return JSON.stringify(r);
}
