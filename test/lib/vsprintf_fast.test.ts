import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatFull } from "../../src/lib/vsprintf.ts";
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
      "%03d",
      "%-4d",
      "%-05d",
      "%0d",
      "%12lu",
      "%016llx",
      "%c",
      "%3c",
      "%-3c",
      "%03c",
      "%8s",
      "%-8s",
      "%05s",
      "%5%",
    );
    const lit = fc.string({ maxLength: 6 }).map((s) => s.replace(/%/g, ""));
    const arg = fc.oneof(
      fc.integer(),
      fc.maxSafeInteger(),
      fc.string({ maxLength: 5 }),
      fc.string({ maxLength: 3, unit: "binary" }),
      fc.constant(""),
      fc.constant("a\0b"),
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
          expect(fast).toBe(formatFull(fmt, args, { kernel }));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
