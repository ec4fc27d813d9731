import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { format } from "../../src/lib/vsprintf.ts";
import { formatFast } from "../../src/lib/vsprintf_fast.ts";

/** The fast path must agree with the full engine whenever it answers at all. */
describe("vsprintf fast path", () => {
  it("agrees with the full kernel and user engines", () => {
    const conv = fc.constantFrom(
      "%d",
      "%i",
      "%u",
      "%x",
      "%s",
      "%ld",
      "%lu",
      "%llx",
      "%lld",
      "%%",
      "%5d",
      "%08x",
    );
    const lit = fc.string({ maxLength: 6 }).map((s) => s.replace(/%/g, ""));
    const arg = fc.oneof(
      fc.integer(),
      fc.maxSafeInteger(),
      fc.string({ maxLength: 5 }),
      fc.constant(-1),
      fc.bigInt(),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(lit, conv), { maxLength: 4 }),
        fc.array(arg, { maxLength: 5 }),
        fc.boolean(),
        (parts, args, kernel) => {
          const fmt = parts.map(([l, c]) => l + c).join("");
          const fast = formatFast(fmt, args);
          if (fast === null) return;
          // Compare against the engine itself: a trailing %c (which the fast path never takes)
          // forces the full engine; it prints "A" after the same text.
          const n = parts.filter(([, c]) => c !== "%%").length;
          const slow = format(`${fmt}%c`, [...args.slice(0, n), 65], { kernel }).slice(0, -1);
          expect(fast).toBe(slow);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
