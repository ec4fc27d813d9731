/**
 * `vkern exercise list|start|check` (teachers' mode: a folder of submissions, one JSON
 * result each) and `check NAME` inside the guest.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { exerciseMain } from "../../src/cli/exercise.ts";
import type { CheckReport } from "../../src/exercises/types.ts";
import { writeFile } from "../../src/init/initramfs.ts";
import { boot, runProgram } from "../../src/vkern.ts";
import { broken } from "./fixtures/broken.ts";
import { brokenFiles, exercise, solution } from "./helpers.ts";

let out = "";
let err = "";
let tmp = "";
beforeEach(() => {
  out = "";
  err = "";
  tmp = mkdtempSync(join(tmpdir(), "vkern-ex-"));
  vi.spyOn(process.stdout, "write").mockImplementation((s) => {
    out += String(s);
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation((s) => {
    err += String(s);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(tmp, { recursive: true, force: true });
});

function writeDir(dir: string, files: Map<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const [n, t] of files) writeFileSync(join(dir, n), t);
}

describe("vkern exercise", () => {
  it("list names the six exercises", async () => {
    expect(await exerciseMain(["list"])).toBe(0);
    expect(
      out
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual([
      "sysfs_on_misc",
      "sysfs_addrxlate",
      "dbgfs_disp_pgoff",
      "dbgfs_showall_threads",
      "ioctl_pgoff",
      "ioctl_undoc",
    ]);
  });

  it("start writes the starter directory and keeps existing files", async () => {
    const dir = join(tmp, "mine");
    expect(await exerciseMain(["start", "ioctl_undoc", "--dir", dir])).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(
      ["Makefile", "README.md", "ioctl_llkd.ts", "ioctl_undoc.ts", "ioctl_undoc_user.ts"].sort(),
    );
    expect(readFileSync(join(dir, "README.md"), "utf8")).toContain("IOCTL_LLKD_IOCQDRVSTAT");
    writeFileSync(join(dir, "ioctl_undoc.ts"), "// mine\n");
    expect(await exerciseMain(["start", "ioctl_undoc", "--dir", dir])).toBe(0);
    expect(readFileSync(join(dir, "ioctl_undoc.ts"), "utf8")).toBe("// mine\n");
    expect(err).toContain("exists, left as it is");
  });

  it.each([
    [["check"], "which exercise?"],
    [["check", "nope"], "no exercise 'nope'"],
    [["frob"], "usage: vkern exercise list"],
    [["check", "ioctl_pgoff", "--bogus"], "unknown option '--bogus'"],
  ])("%j is a usage error", async (argv, msg) => {
    expect(await exerciseMain(argv)).toBe(2);
    expect(err).toContain(msg);
  });

  it("teachers' mode: one JSON result per submission, status 1 when one fails", {
    timeout: 60_000,
  }, async () => {
    // alice hands in the reference solution; bob the hard-coded PAGE_OFFSET, and only his .ts
    writeDir(join(tmp, "alice"), solution("dbgfs_disp_pgoff"));
    const bad = broken.find((v) => v.exercise === "dbgfs_disp_pgoff" && v.variant === "hardcoded")!;
    writeDir(
      join(tmp, "bob"),
      new Map([["dbgfs_disp_pgoff.ts", brokenFiles(bad).get("dbgfs_disp_pgoff.ts")!]]),
    );
    expect(await exerciseMain(["check", "dbgfs_disp_pgoff", "--dir", tmp, "--json"])).toBe(1);
    const lines = out.trim().split("\n");
    expect(lines).toHaveLength(2);
    const [a, b] = lines.map((l) => JSON.parse(l) as CheckReport);
    expect(a).toMatchObject({
      exercise: "dbgfs_disp_pgoff",
      submission: "alice",
      ok: true,
      passed: 6,
      total: 6,
    });
    expect(b).toMatchObject({ submission: "bob", ok: false, passed: 5, total: 6 });
    const f = b.results.find((r) => !r.pass)!;
    expect(f.name).toBe("reading it shows PAGE_OFFSET");
    expect(f.expected).toBe("text with 0xffff9f8b00000000 (this kernel's PAGE_OFFSET)");
    expect(f.seen).toBe('"0xffff888000000000\\n"');
  });

  it("a directory with sources is one submission, reported for people", {
    timeout: 60_000,
  }, async () => {
    writeDir(join(tmp, "s"), solution("dbgfs_disp_pgoff"));
    expect(await exerciseMain(["check", "dbgfs_disp_pgoff", "--dir", join(tmp, "s")])).toBe(0);
    expect(out).toBe(
      `Checking dbgfs_disp_pgoff (${join(tmp, "s")})
PASS  builds with make
PASS  loads with insmod
PASS  /sys/kernel/debug/dbgfs_disp_pgoff exists
PASS  reading it shows PAGE_OFFSET
PASS  reading it 3 bytes at a time gives the same text
PASS  unloads with rmmod and leaves nothing behind
6/6 tests passed
`,
    );
  });
});

describe("check in the guest", () => {
  it("checks ~/exercises/NAME in a fresh kernel and prints each test", {
    timeout: 60_000,
  }, async () => {
    const k = await boot();
    const ex = exercise("dbgfs_disp_pgoff");
    // The starter is there at boot; the learner's work replaces the skeleton.
    const r0 = await runProgram(k, ["ls", "/home/llkd/exercises/dbgfs_disp_pgoff"], { uid: 1000 });
    expect(r0.output).toBe("Makefile\nREADME.md\ndbgfs_disp_pgoff.ts\n");
    writeFile(
      k,
      "/home/llkd/exercises/dbgfs_disp_pgoff/dbgfs_disp_pgoff.ts",
      solution(ex.name).get("dbgfs_disp_pgoff.ts")!,
      0o664,
      {
        uid: 1000,
        gid: 1000,
      },
    );
    const r = await runProgram(k, ["check", "dbgfs_disp_pgoff"], { uid: 1000, cwd: "/home/llkd" });
    expect(r.status).toBe(0);
    expect(r.output).toContain("PASS  reading it shows PAGE_OFFSET\n");
    expect(r.output.endsWith("6/6 tests passed\n")).toBe(true);
    // The checked kernel is not this one: nothing was loaded here.
    expect(k.modules.find("dbgfs_disp_pgoff")).toBeNull();
    const j = await runProgram(k, ["check", "sysfs_addrxlate", "--json"], { uid: 1000 });
    expect(j.status).toBe(1);
    expect(JSON.parse(j.stdout)).toMatchObject({ exercise: "sysfs_addrxlate", ok: false });
    const bad = await runProgram(k, ["check", "nope"], { uid: 1000 });
    expect(bad).toMatchObject({
      status: 2,
      output: "check: no exercise 'nope' (check --list lists them)\n",
    });
  });
});
