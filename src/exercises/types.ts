/** The shape of an exercise of the chapter, its checker's tests and their results. */
import type { Harness } from "./harness.ts";

/** One check's verdict, with what was expected and what was seen. */
export interface TestResult {
  name: string;
  pass: boolean;
  expected: string;
  seen: string;
}

/** A test returns its verdict; throwing counts as a failure with the error as "seen". */
export interface ExerciseTest {
  name: string;
  run(h: Harness): Promise<Omit<TestResult, "name">>;
}

export interface Exercise {
  name: string;
  /** One line for `vkern exercise list`. */
  title: string;
  /** The chapter's statement (also the first part of the starter README). */
  statement: string;
  /** The starter directory: file name -> contents. */
  starter: Record<string, string>;
  /** The module the Makefile builds (<module>.ko). */
  module: string;
  /** A user program the Makefile builds too, if the exercise has one. */
  program?: string;
  /** Paths the loaded module must create (and remove again on rmmod). */
  creates: string[];
  /** A character device name it registers (in /proc/devices until rmmod). */
  chrdev?: string;
  tests: ExerciseTest[];
}

/** A checker's report on one submission. */
export interface CheckReport {
  exercise: string;
  submission: string;
  passed: number;
  total: number;
  ok: boolean;
  results: TestResult[];
}

/** Shorthands for results. */
export const pass = (expected: string, seen = expected): Omit<TestResult, "name"> => ({
  pass: true,
  expected,
  seen,
});

export const verdict = (ok: boolean, expected: string, seen: string): Omit<TestResult, "name"> => ({
  pass: ok,
  expected,
  seen,
});
