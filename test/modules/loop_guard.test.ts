/**
 * The loop instrumentation that lets the watchdog stop runaway loops: every loop form
 * ticks, the program's meaning is unchanged, and text that only looks like a loop
 * (strings, regular expressions, property names, comments) is left alone.
 */
import { describe, expect, it } from "vitest";
import { instrumentLoops, loopWatchdog, WD_ITER, WD_TICK } from "../../src/lib/loop_guard.ts";

/** Runs `body` (which returns a value) plainly and instrumented; returns both and the ticks. */
function both(body: string) {
  const plain = new Function(body)();
  let ticks = 0;
  const tick = () => {
    ticks++;
    return true;
  };
  function* iter<T>(it: Iterable<T>) {
    for (const v of it) {
      tick();
      yield v;
    }
  }
  const code = instrumentLoops(body);
  const got = new Function(WD_TICK, WD_ITER, code)(tick, iter);
  return { plain, got, ticks, code };
}

describe("instrumentLoops", () => {
  it.each([
    ["while", "let i = 0, s = 0; while (i < 5) { s += i; i++; } return s;", 10, 6],
    ["while without braces", "let i = 0; while (i < 7) i++; return i;", 7, 8],
    ["do-while", "let i = 0; do { i++; } while (i < 3); return i;", 3, 3],
    ["do-while without braces", "let i = 0; do i += 2; while (i < 9); return i;", 10, 5],
    [
      "do containing while",
      "let i = 0, j = 0; do while (j < 2) j++; while (++i < 3); return i * 10 + j;",
      32,
      8,
    ],
    ["for(;;) with break", "let i = 0; for (;;) { if (++i === 4) break; } return i;", 4, 4],
    ["classic for", "let s = 0; for (let i = 0; i < 4; i++) s += i; return s;", 6, 5],
    ["for with comma condition", "let s = 0; for (let i = 0; s++, i < 3; i++); return s;", 4, 4],
    ["for-of", "let s = 0; for (const x of [1, 2, 3]) s += x; return s;", 6, 3],
    [
      "for-of over a generator",
      "function* g() { yield 5; yield 6; } let s = 0; for (const v of g()) s += v; return s;",
      11,
      2,
    ],
    [
      "a variable named of",
      "const of = [4, 5]; let s = 0; for (const of2 of of) s += of2; return s;",
      9,
      2,
    ],
    ["for (const of of ...)", "let s = 0; for (const of of [7, 8]) s += of; return s;", 15, 2],
    [
      "for-in is left alone",
      "let s = ''; for (const k in { a: 1, b: 2 }) s += k; return s;",
      "ab",
      0,
    ],
    [
      "labels and continue",
      "let n = 0; outer: for (let i = 0; i < 3; i++) { for (let j = 0; j < 3; j++) { if (j === 1) continue outer; n++; } } return n;",
      3,
      10,
    ],
    [
      "dangling else is not changed",
      "let r = ''; const c = false; if (c) for (let i = 0; i < 2; i++) r += i; else r = 'else'; return r;",
      "else",
      0,
    ],
    [
      "regex and division",
      "const a = 10 / 2 / 5; const re = /while \\(x\\) \\{/g; return a + String(re.test('while (x) {'));",
      "1true",
      0,
    ],
    [
      "strings, templates, comments",
      "const s = 'for (;;) {}' + `while(1) ${'do'}`; /* while (true) */ return s;",
      "for (;;) {}while(1) do",
      0,
    ],
    [
      "keywords as property names",
      "const o = { while: 1, for: 2, do: 3 }; return o.while + o.for + o.do;",
      6,
      0,
    ],
    [
      "nested loops in a template",
      "let n = 0; const t = `${(() => { for (let i = 0; i < 3; i++) n++; return n; })()}`; return t;",
      "3",
      4,
    ],
  ])("%s", (_name, body, value, ticks) => {
    const r = both(body as string);
    expect(r.plain).toEqual(value);
    expect(r.got).toEqual(value);
    expect(r.ticks, r.code).toBe(ticks);
  });

  it("keeps line numbers (stack traces point at the source lines)", () => {
    const src = "let i = 0;\nwhile (i < 2)\n  i++;\nfor (;;) {\n  break;\n}\n";
    expect(instrumentLoops(src).split("\n").length).toBe(src.split("\n").length);
  });

  it("leaves code without loops byte for byte", () => {
    const src = "const x = a ? b : c; // for (;;)\nexport const y = `while`;";
    expect(instrumentLoops(src)).toBe(src);
  });

  it("rejects what is not JavaScript", () => {
    expect(() => instrumentLoops("while (")).toThrow();
  });
});

describe("loopWatchdog", () => {
  it("throws after the limit of iterations without a yield", () => {
    const wd = loopWatchdog(
      () => 100_000,
      () => new Error("stuck"),
    );
    const run = new Function(WD_TICK, instrumentLoops("let n = 0; while (true) n++;"));
    expect(() => run(wd.tick)).toThrow("stuck");
  });

  it("a loop that awaits (yields) is never stopped", async () => {
    const wd = loopWatchdog(
      () => 50_000,
      () => new Error("stuck"),
    );
    let n = 0;
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 40_000; i++) wd.tick();
      n += 40_000;
      await Promise.resolve();
    }
    expect(n).toBe(800_000);
  });

  it("for-of iterators tick too", () => {
    const wd = loopWatchdog(
      () => 50_000,
      () => new Error("stuck"),
    );
    const forever = function* () {
      for (;;) yield 1;
    };
    expect(() => {
      for (const _ of wd.iter(forever())) {
        // an endless for-of
      }
    }).toThrow("stuck");
  });
});
