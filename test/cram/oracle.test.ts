import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runCramFiles } from "../../src/cli/cram.ts";
import { outputToLines } from "../../src/user/cram/match.ts";
import { hostShellRun } from "./host-runner.ts";

// Differential test against real cram 0.7 (Debian's python3-cram, `apt-get install
// python3-cram`), skipped where it is not installed: random transcripts whose commands print
// random output, checked by both; the printed results must be identical byte for byte.
const CRAM = "/usr/bin/cram3";

const OUTPUT_LINES = [
  "a",
  "b",
  "foo",
  "foo bar",
  "",
  " lead",
  "tab\there",
  "\x1b[0m",
  "caf\u00e9",
  "x*y",
  "back\\slash",
  "25",
  "[1]",
  "cr\r",
];
const PATTERNS = [
  "* (glob)",
  "f?o (glob)",
  "foo * (glob)",
  "x\\*y (glob)",
  "[a-z]+ (re)",
  "foo|bar (re)",
  ".* (re)",
  " \\w+ (re)",
  "tab\\there (esc)",
  "\\x1b[0m (esc)",
  "caf\\xc3\\xa9 (esc)",
  "25 (no-eol)",
  "b (no-eol)",
  "cr\\r (no-eol) (esc)",
  "back\\\\slash (esc)",
];
const COMMENTS = ["Some prose.", "", "Another comment."];

// printf with an octal escape for every byte prints exactly these bytes.
function printfCommand(bytes: Uint8Array, status: number): string {
  const body = [...bytes].map((b) => `\\${b.toString(8).padStart(3, "0")}`).join("");
  return `printf '${body}'${status === 0 ? "" : `; (exit ${status})`}`;
}

type Expectation = "same" | "glob" | "re" | "drop" | { line: string };

const expectationArb: fc.Arbitrary<Expectation> = fc.oneof(
  { arbitrary: fc.constant<Expectation>("same"), weight: 8 },
  { arbitrary: fc.constantFrom<Expectation>("glob", "re", "drop"), weight: 3 },
  {
    arbitrary: fc.constantFrom(...OUTPUT_LINES, ...PATTERNS).map((line): Expectation => ({ line })),
    weight: 2,
  },
);

/** An expected line for `actual` (its text as cram renders it, no indent, no "\n"). */
function expectFor(e: Expectation, rendered: string): string | null {
  if (e === "drop") return null;
  if (e === "same") return rendered;
  if (e === "glob") return `${rendered.slice(0, -1).replace(/[*?\\]/g, "\\$&")}* (glob)`;
  if (e === "re") return `${rendered.replace(/[.^$*+?{}[\]\\|()]/g, "\\$&")} (re)`;
  return e.line;
}

const commandArb = fc
  .record({
    lines: fc.array(fc.constantFrom(...OUTPUT_LINES), { maxLength: 5 }),
    eol: fc.constantFrom(true, true, true, false),
    status: fc.constantFrom(0, 0, 0, 1, 2),
    expectation: fc.array(expectationArb, { minLength: 6, maxLength: 6 }),
    extra: fc.oneof(
      { arbitrary: fc.constant(null), weight: 20 },
      { arbitrary: fc.constantFrom(...OUTPUT_LINES, ...PATTERNS), weight: 1 },
    ),
    statusLine: fc.constantFrom(...Array<string>(20).fill("right"), "none", "wrong"),
    comment: fc.option(fc.constantFrom(...COMMENTS)),
  })
  .map((c) => {
    const text = c.lines.join("\n") + (c.eol && c.lines.length > 0 ? "\n" : "");
    const bytes = new TextEncoder().encode(text);
    // cram's own rendering of each output line (what a "same" expectation writes).
    const rendered = outputToLines(bytes, "").map((l) => l.slice(0, -1));
    const expected: string[] = [];
    rendered.forEach((r, i) => {
      const e = expectFor(c.expectation[i]!, r);
      if (e !== null) expected.push(e);
    });
    if (c.extra !== null) expected.push(c.extra);
    if (c.statusLine === "right" && c.status !== 0) expected.push(`[${c.status}]`);
    if (c.statusLine === "wrong") expected.push("[3]");
    const out = [`  $ ${printfCommand(bytes, c.status)}`, ...expected.map((e) => `  ${e}`)];
    if (c.comment !== null) out.push(c.comment);
    return out.join("\n");
  });

const transcriptArb = fc
  .tuple(
    fc.option(fc.constantFrom(...COMMENTS)),
    fc.array(commandArb, { minLength: 1, maxLength: 3 }),
  )
  .map(([head, commands]) => `${head === null ? "" : `${head}\n`}${commands.join("\n")}\n`);

describe.skipIf(!existsSync(CRAM))("runCramFiles against real cram 0.7", () => {
  it("prints the same for random transcripts", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(transcriptArb, { minLength: 10, maxLength: 10 }), async (texts) => {
        const dir = mkdtempSync(join(tmpdir(), "vkern-oracle-"));
        try {
          const paths = texts.map((t, i) => {
            const p = join(dir, `t${String(i).padStart(2, "0")}.t`);
            writeFileSync(p, t);
            return p;
          });
          const cram = spawnSync(CRAM, paths, { cwd: dir, env: { PATH: process.env.PATH ?? "" } });
          let out = "";
          const code = await runCramFiles(paths, async (commands) => hostShellRun(commands, dir), {
            write: (s: string) => (out += s),
          });
          expect(out).toBe(cram.stdout.toString("utf8"));
          expect(code).toBe(cram.status);
        } finally {
          rmSync(dir, { recursive: true });
        }
      }),
      { numRuns: Number(process.env.ORACLE_RUNS ?? 15) },
    );
  }, 600_000);
});
