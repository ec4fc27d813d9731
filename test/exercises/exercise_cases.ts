/**
 * The table every exercise's test file runs: the reference solution passes its checker,
 * the starter builds, loads and unloads but fails the exercise's own checks, and every
 * broken variant fails exactly the checks it names.
 */
import { describe, expect, it } from "vitest";
import { broken } from "./fixtures/broken.ts";
import {
  brokenFiles,
  check,
  dump,
  exercise,
  expectAllPass,
  expectedFailures,
  failing,
  solution,
} from "./helpers.ts";

const T = 60_000;

export function exerciseSuite(name: string): void {
  describe(name, () => {
    it("the reference solution passes every check", { timeout: T }, async () => {
      const ex = exercise(name);
      const r = await check(name, solution(name), "solution");
      expectAllPass(r);
      // build, load, the exercise's tests, unload
      expect(r.total).toBe(ex.tests.length + 3);
    });

    it("the starter builds, loads and unloads, and fails the exercise's checks", {
      timeout: T,
    }, async () => {
      const ex = exercise(name);
      const r = await check(name, new Map(Object.entries(ex.starter)), "starter");
      const f = failing(r);
      expect(f, dump(r)).not.toContain("builds with make");
      expect(f, dump(r)).not.toContain("loads with insmod");
      expect(f, dump(r)).not.toContain("unloads with rmmod and leaves nothing behind");
      expect(f.length, dump(r)).toBeGreaterThan(0);
      for (const t of r.results.filter((x) => !x.pass)) {
        expect(t.expected.length).toBeGreaterThan(0);
        expect(t.seen.length).toBeGreaterThan(0);
      }
    });

    const variants = broken.filter((v) => v.exercise === name);
    it.each(variants.map((v) => [v.variant, v] as const))(
      "broken variant %s fails the right checks",
      { timeout: T },
      async (_n, v) => {
        const r = await check(name, brokenFiles(v), v.variant);
        expect(failing(r).sort(), `${v.mistake}\n${dump(r)}`).toEqual(
          expectedFailures(r, v.fails).sort(),
        );
      },
    );
  });
}
