import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { type CramRunner, runCramFiles } from "../../src/cli/cram.ts";
import { hostShellRun } from "./host-runner.ts";

// fixtures/*.t run their commands in /bin/sh; fixtures/cram-0.7-*.out are what real cram 0.7
// (Debian python3-cram 0.7-5) printed for them, run from the project root as
//   cram3 [-v|-q] test/cram/fixtures/X.t ...
const FIXTURES = join(import.meta.dirname, "fixtures");
const REL = relative(process.cwd(), FIXTURES);

function recorded(name: string): string {
  return readFileSync(join(FIXTURES, `cram-0.7-${name}.out`), "utf8").replaceAll(
    "test/cram/fixtures/",
    `${REL}/`,
  );
}

const hostRunner: CramRunner = async (commands) => hostShellRun(commands, tmpdir());

async function run(
  names: string[],
  options: Parameters<typeof runCramFiles>[3] = {},
  runner: CramRunner = hostRunner,
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runCramFiles(
    names.map((n) => (n.includes("/") ? n : join(REL, n))),
    runner,
    { write: (s: string) => (out += s) },
    { err: { write: (s: string) => (err += s) }, ...options },
  );
  return { code, out, err };
}

describe("runCramFiles prints what cram 0.7 prints", () => {
  it("dots, diffs and the summary", async () => {
    const r = await run([
      "pass.t",
      "fail.t",
      "esc.t",
      "empty.t",
      "skip.t",
      "exit.t",
      "hunks.t",
      "popular.t",
      "typical.t",
    ]);
    expect(r.out).toBe(recorded("all"));
    expect(r.out.endsWith("\n# Ran 9 tests, 2 skipped, 6 failed.\n")).toBe(true);
    expect(r.code).toBe(1);
  });

  it("-v", async () => {
    const r = await run(["pass.t", "typical.t", "empty.t", "skip.t"], { verbose: true });
    expect(r.out).toBe(recorded("verbose"));
  });

  it("-q", async () => {
    const r = await run(["pass.t", "typical.t", "empty.t", "skip.t"], { quiet: true });
    expect(r.out).toBe(recorded("quiet"));
    expect(r.out).toBe(".!ss\n# Ran 4 tests, 2 skipped, 1 failed.\n");
  });

  it("returns 0 when everything passes", async () => {
    const r = await run(["pass.t", "empty.t"]);
    expect(r).toEqual({ code: 0, out: ".s\n# Ran 2 tests, 1 skipped, 0 failed.\n", err: "" });
  });
});

describe("runCramFiles and its runner", () => {
  it("hands the runner each file's commands, continuations joined", async () => {
    const seen: string[][] = [];
    const r = await run(["pass.t"], {}, async (commands, info) => {
      seen.push(commands);
      expect(info.path).toBe(join(REL, "pass.t"));
      return hostShellRun(commands);
    });
    expect(r.code).toBe(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toHaveLength(10);
    expect(seen[0]![9]).toBe("printf 'multi\\n'\nprintf 'line\\n'");
  });

  it("refuses a missing file before running anything", async () => {
    let calls = 0;
    const r = await run(["pass.t", "nonexistent.t"], {}, async (c) => {
      calls++;
      return hostShellRun(c);
    });
    expect(r).toEqual({ code: 2, out: "", err: `no such file: ${join(REL, "nonexistent.t")}\n` });
    expect(calls).toBe(0);
  });

  it("walks directories: sorted, hidden files and directories left out, each file once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vkern-cram-"));
    try {
      const pass = readFileSync(join(FIXTURES, "pass.t"));
      mkdirSync(join(dir, "sub"));
      mkdirSync(join(dir, ".hidden"));
      for (const f of ["b.t", "a.t", "sub/c.t", ".hidden/d.t", ".e.t", "f.txt"])
        writeFileSync(join(dir, f), pass);
      const r = await run([dir, join(dir, "a.t")], { verbose: true });
      expect(r.out).toBe(
        [
          `${dir}/a.t: passed`,
          `${dir}/b.t: passed`,
          `${dir}/sub/c.t: passed`,
          "# Ran 3 tests, 0 skipped, 0 failed.",
          "",
        ].join("\n"),
      );
      const empty = join(dir, "sub", "nothing");
      mkdirSync(empty);
      expect(await run([empty])).toEqual({ code: 2, out: "", err: "no tests found\n" });
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it("writes X.t.err for a failure and removes it once X.t passes, when asked", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vkern-cram-"));
    try {
      const t = join(dir, "x.t");
      writeFileSync(t, "  $ echo hi\n  bye\n");
      expect((await run([t], { writeErr: true })).code).toBe(1);
      expect(readFileSync(`${t}.err`, "utf8")).toBe("  $ echo hi\n  hi\n");
      writeFileSync(t, "  $ echo hi\n  hi\n");
      expect((await run([t], { writeErr: true })).code).toBe(0);
      expect(existsSync(`${t}.err`)).toBe(false);
      writeFileSync(t, "  $ echo hi\n  bye\n");
      await run([t]);
      expect(existsSync(`${t}.err`)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
