/**
 * Text commands in pipelines through the shell: streaming (a reader that stops early ends
 * the writer through SIGPIPE, so `yes | head` terminates), chunked reading, and stdio
 * buffering. Expected outputs were recorded with bash 5.2 and GNU coreutils 9.1 / grep 3.8 /
 * sed 4.9 on this machine. Property tests (fast-check) compare grep -F with
 * String.prototype.includes and sort with JavaScript's sort on random ASCII lines.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { writeFile } from "../../src/init/initramfs.ts";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { boot, runProgram } from "../../src/vkern.ts";

let k: Kernel;
beforeAll(async () => {
  k = await boot();
});

const sh = (cmd: string) => runProgram(k, ["bash", "-c", cmd], { uid: 1000, cwd: "/tmp" });

describe("pipelines", () => {
  it.each([
    ["yes | head -n 3", "y\ny\ny\n"],
    ["yes abc | sed -n '2q;p'", "abc\n"],
    ["seq 1 20000 | grep -c 9", "6878\n"],
    ["yes | grep -m2 y", "y\ny\n"],
    ["printf 'b\\na\\nb\\n' | sort | uniq -c", "      1 a\n      2 b\n"],
    ["seq 10 | tail -n 3 | tr '\\n' ,", "8,9,10,"],
    ["seq 20 | grep -A1 -B1 '^1[05]$'", "9\n10\n11\n--\n14\n15\n16\n"],
    ["echo hello | sed 's/l/L/g' | cut -c2-4", "eLL\n"],
    ["yes | head -c 10 | wc -c", "10\n"],
    ["yes | true; echo $?", "0\n"],
    ["seq 100000 | sed -n '$p'", "100000\n"],
    ["printf 'x y\\nz\\n' | wc", "      2       3       6\n"],
    ["seq 3 | sort -rn | head -1", "3\n"],
    ["echo 'a:b:c' | cut -d: -f2 | tr a-z A-Z", "B\n"],
    ["seq 1 5 | sed 1d | sort -r | head -n 2 | uniq", "5\n4\n"],
    ["printf '%s\\n' 3 1 2 | sort -n | tail -1", "3\n"],
  ])("%s", async (cmd, want) => {
    const r = await sh(cmd);
    expect(r.output).toBe(want);
    expect(r.status).toBe(0);
  });

  it("yes is killed by SIGPIPE when head exits", async () => {
    const r = await sh('{ yes; echo "yes: $?" >&2; } | head -n 1');
    expect(r.stdout).toBe("y\n");
    expect(r.stderr).toBe("yes: 141\n");
  });

  it("grep writes matches as its input arrives (stdout fully buffered in a pipe)", async () => {
    // 5000 lines of 10 bytes: more than one 4096-byte stdio buffer reaches tail early.
    const r = await sh("seq 10000 | grep -E '^[0-9]{4}$' | tail -n 1");
    expect(r.output).toBe("9999\n");
  });
});

const line = fc.string({ unit: fc.constantFrom(..."abc xyz:-_.AB1\t"), maxLength: 12 });

describe("properties", () => {
  it("grep -F selects exactly the lines that include the string", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 12 }), line, async (lines, needle) => {
        writeFile(k, "/tmp/prop.txt", lines.map((l) => `${l}\n`).join(""));
        const r = await runProgram(k, ["grep", "-F", "--", needle, "/tmp/prop.txt"], { cwd: "/" });
        const want = lines.filter((l) => l.includes(needle));
        expect(r.stdout).toBe(want.map((l) => `${l}\n`).join(""));
        expect(r.status).toBe(want.length ? 0 : 1);
      }),
      { numRuns: 40 },
    );
  });

  it("sort orders lines bytewise as the C.UTF-8 locale does (and -r, -u)", async () => {
    const ascii = fc
      .string({ unit: "grapheme-ascii", maxLength: 10 })
      .map((s) => s.replace(/\n/g, ""));
    await fc.assert(
      fc.asyncProperty(fc.array(ascii, { maxLength: 15 }), async (lines) => {
        writeFile(k, "/tmp/sort.txt", lines.map((l) => `${l}\n`).join(""));
        const byte = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
        const sorted = [...lines].sort(byte);
        const cases: [string[], string[]][] = [
          [[], sorted],
          [["-r"], [...sorted].reverse()],
          [["-u"], sorted.filter((l, i) => i === 0 || l !== sorted[i - 1])],
        ];
        for (const [opts, want] of cases) {
          const r = await runProgram(k, ["sort", ...opts, "/tmp/sort.txt"], { cwd: "/" });
          expect(r.stdout).toBe(want.map((l) => `${l}\n`).join(""));
        }
      }),
      { numRuns: 30 },
    );
  });
});
