/**
 * The printk ring (kernel/printk/printk.c of 5.4): records keep their order, sequence
 * numbers and text; the oldest go when 256 KiB are full; continuation lines are visible
 * before their newline; non-ASCII text survives the round trip through bytes.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PrintkBuffer } from "../../src/kernel/printk.ts";
import { Clock } from "../../src/kernel/time.ts";

function ring() {
  const clock = new Clock({ mode: "virtual", bootWallMs: 0, syscallStepNs: 1000 });
  return { log: new PrintkBuffer(clock), clock };
}

describe("printk ring buffer", () => {
  it("stores records with their level, facility, timestamp and text", () => {
    const { log, clock } = ring();
    log.store(6, 0, "hello\n", false);
    clock.advance(1500);
    log.store(3, 1, "two\nlines\n", false);
    expect(log.all()).toEqual([
      { seq: 0, tsNs: 0, level: 6, facility: 0, text: "hello", open: false },
      { seq: 1, tsNs: 1500, level: 3, facility: 1, text: "two\nlines", open: false },
    ]);
    expect(log.firstSeq()).toBe(0);
    expect(log.next).toBe(2);
  });

  it("a continued line is visible while open and completed by KERN_CONT", () => {
    const { log } = ring();
    log.store(4, 0, "abc", false);
    expect(log.all().map((r) => [r.text, r.open])).toEqual([["abc", true]]);
    log.store(4, 0, "def\n", true);
    expect(log.all().map((r) => [r.text, r.open])).toEqual([["abcdef", false]]);
    log.store(4, 0, "open", false);
    log.store(6, 0, "next\n", false);
    expect(log.all().map((r) => r.text)).toEqual(["abcdef", "open", "next"]);
  });

  it("keeps UTF-8 text", () => {
    const { log } = ring();
    log.store(6, 0, "café ✓ 日本\n", false);
    expect(log.all()[0].text).toBe("café ✓ 日本");
  });

  it("drops the oldest records when full, and keeps at most 256 KiB", () => {
    const { log } = ring();
    const n = 20000;
    for (let i = 0; i < n; i++)
      log.store(6, 0, `message number ${i} ${"x".repeat(i % 50)}\n`, false);
    const recs = log.all();
    expect(recs.at(-1)?.text).toBe(`message number ${n - 1} ${"x".repeat((n - 1) % 50)}`);
    // Consecutive sequence numbers up to the last, each record's own text.
    recs.forEach((r, i) => {
      expect(r.seq).toBe(recs[0].seq + i);
      expect(r.text).toBe(`message number ${r.seq} ${"x".repeat(r.seq % 50)}`);
    });
    expect(log.firstSeq()).toBe(recs[0].seq);
    const bytes = recs.reduce((s, r) => s + ((16 + r.text.length + 7) & ~7), 0);
    expect(bytes).toBeLessThanOrEqual(1 << 18);
    expect(bytes).toBeGreaterThan((1 << 18) - 200);
    expect(log.from(n - 3).map((r) => r.seq)).toEqual([n - 3, n - 2, n - 1]);
    expect(log.from(n - 3, 1).map((r) => r.seq)).toEqual([n - 3]);
  });

  it("a message larger than the ring is cut to a quarter of it and marked", () => {
    const { log } = ring();
    log.store(6, 0, "before\n", false);
    log.store(6, 0, `${"y".repeat(300000)}\n`, false);
    const last = log.all().at(-1)!;
    expect(last.text).toBe(`${"y".repeat(65536)}<truncated>`);
  });

  it("messages longer than the encoding scratch area (16 KiB) are stored whole", () => {
    const { log } = ring();
    const long = `${"z".repeat(20000)}é${"w".repeat(3000)}`;
    log.store(6, 0, `${long}\n`, false);
    log.store(6, 0, `${"q".repeat(17000)}`, false);
    log.store(6, 0, "after\n", false);
    expect(log.all().map((r) => [r.text.length, r.open])).toEqual([
      [long.length, false],
      [17000, false],
      [5, false],
    ]);
    expect(log.all()[0].text).toBe(long);
  });

  it("tells listeners each record without its newline, as readers see it", () => {
    const { log } = ring();
    const seen: [string, boolean][] = [];
    log.subscribe((r) => seen.push([r.text, r.open]));
    log.store(6, 0, "one\n", false);
    log.store(6, 0, "two", false);
    log.store(6, 0, " more\n", true);
    log.store(6, 0, `${"x".repeat(17000)}\n`, false);
    expect(seen.map(([t, o]) => [t.length > 20 ? t.length : t, o])).toEqual([
      ["one", false],
      ["two", true],
      ["two more", false],
      [17000, false],
    ]);
  });

  it("reads back what a simple list of records would hold, whatever the mix of calls", () => {
    // Messages wait in a queue before the ring (encoded in batches); readers must never
    // see the difference. The model: records in order, an open last line, KERN_CONT.
    const piece = fc.oneof(
      fc.constantFrom("a", "line", "é", "日本", "\u{1f600}", "x".repeat(40), ""),
      fc.string({ maxLength: 8 }),
    );
    const op = fc.record({
      level: fc.integer({ min: 0, max: 7 }),
      text: fc.array(piece, { maxLength: 3 }).map((p) => p.join("")),
      newline: fc.boolean(),
      cont: fc.boolean(),
      hint: fc.boolean(),
      read: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const { log } = ring();
        const model: { level: number; text: string; open: boolean }[] = [];
        for (const o of ops) {
          const text = o.newline ? `${o.text}\n` : o.text;
          const last = model.at(-1);
          if (o.cont && last?.open) {
            last.text += text;
            if (last.text.endsWith("\n")) {
              last.text = last.text.slice(0, -1);
              last.open = false;
            }
          } else {
            if (last?.open) last.open = false;
            const open = !text.endsWith("\n");
            model.push({ level: o.level, text: open ? text : text.slice(0, -1), open });
          }
          log.store(o.level, 0, text, o.cont, o.hint && o.newline ? true : undefined);
          if (o.read) expect(log.all().length).toBe(model.length);
        }
        expect(log.all().map((r) => ({ level: r.level, text: r.text, open: r.open }))).toEqual(
          model,
        );
        expect(log.all().map((r) => r.seq)).toEqual(model.map((_, i) => i));
        expect(log.firstSeq()).toBe(0);
        expect(log.next).toBe(model.length);
      }),
      { numRuns: 300 },
    );
  });
});
