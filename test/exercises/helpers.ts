/** Shared by the exercise tests: reference solutions from disk, broken variants, verdicts. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { findExercise } from "../../src/exercises/index.ts";
import { checkFiles } from "../../src/exercises/run.ts";
import type { CheckReport, Exercise } from "../../src/exercises/types.ts";
import type { BrokenVariant } from "./fixtures/broken.ts";

const SRC = join(import.meta.dirname, "../../src/exercises");

export function exercise(name: string): Exercise {
  const ex = findExercise(name);
  if (!ex) throw new Error(`no exercise ${name}`);
  return ex;
}

/** The reference solution's files (src/exercises/<name>/solution/). */
export function solution(name: string): Map<string, string> {
  const dir = join(SRC, name, "solution");
  return new Map(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), "utf8")]));
}

/** The solution with the variant's one edit; throws if the edit does not apply. */
export function brokenFiles(v: BrokenVariant): Map<string, string> {
  const files = solution(v.exercise);
  const text = files.get(v.file);
  if (text === undefined) throw new Error(`${v.variant}: no file ${v.file}`);
  const edited = text.replace(v.from, v.to);
  if (edited === text) throw new Error(`${v.variant}: the edit does not apply to ${v.file}`);
  files.set(v.file, edited);
  return files;
}

export function check(
  name: string,
  files: Map<string, string>,
  label: string,
): Promise<CheckReport> {
  return checkFiles(exercise(name), files, label);
}

/** The names of the checks that must fail for a variant ("(all)": that one and all after). */
export function expectedFailures(r: CheckReport, fails: string[]): string[] {
  const names = r.results.map((t) => t.name);
  const out = new Set<string>();
  fails.forEach((f, i) => {
    if (f === "(all)") {
      const from = names.indexOf(fails[i - 1]);
      for (const n of names.slice(from)) out.add(n);
    } else out.add(f);
  });
  return [...out];
}

export function failing(r: CheckReport): string[] {
  return r.results.filter((t) => !t.pass).map((t) => t.name);
}

/** A readable dump of a report, for assertion messages. */
export function dump(r: CheckReport): string {
  return r.results
    .map((t) => `${t.pass ? "PASS" : "FAIL"} ${t.name}${t.pass ? "" : ` -- ${t.seen}`}`)
    .join("\n");
}

export function expectAllPass(r: CheckReport): void {
  expect(failing(r), dump(r)).toEqual([]);
  expect(r.ok).toBe(true);
  expect(r.passed).toBe(r.total);
}
