import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCram, splitCramLines } from "../../src/user/cram/parse.ts";

const TRANSCRIPTS = join(import.meta.dirname, "../../../shared/transcripts");

function load(name: string): string {
  return readFileSync(join(TRANSCRIPTS, name), "utf8");
}

describe("parseCram on the acceptance transcripts", () => {
  // Counted with grep on the files: `^  \$ `, indented lines that are neither commands nor
  // continuations nor `[N]`, and the `[N]` lines.
  it.each([
    ["debugfs.t", 16, 16, [2, 137]],
    ["ioctl.t", 9, 19, [1, 1]],
    ["netlink.t", 7, 16, [1]],
    ["procfs.t", 18, 21, [1, 1, 2, 1, 2]],
    ["sysfs.t", 14, 17, [2]],
  ])("%s: %i commands, %i expected lines, statuses %j", (name, commands, outputs, statuses) => {
    const file = parseCram(load(name));
    expect(file.commands).toHaveLength(commands);
    expect(file.commands.reduce((n, c) => n + c.expected.length, 0)).toBe(outputs);
    expect(file.commands.map((c) => c.status).filter((s) => s !== 0)).toEqual(statuses);
    // Every line is kept, so the file can be printed back for a diff.
    expect(file.lines.map((l) => `${l.text}\n`).join("")).toBe(load(name));
  });

  it("keeps commands, their line numbers and expected output (debugfs.t)", () => {
    const file = parseCram(load("debugfs.t"));
    expect(file.commands[0]).toEqual({
      command: "sudo insmod debugfs_simple_intf",
      lineNo: 3,
      lineIndex: 2,
      expected: [],
      status: 0,
    });
    expect(file.commands[1]).toMatchObject({
      command: "ls -l /sys/kernel/debug/dbgfs_simple_intf",
      lineNo: 4,
      expected: ["ls: cannot access '/sys/kernel/debug/dbgfs_simple_intf': Permission denied"],
      status: 2,
    });
    const oops = file.commands.find((c) => c.status === 137)!;
    expect(oops.expected).toEqual(["Killed"]);
    expect(file.lines[0]).toEqual({
      kind: "comment",
      text: "The debugfs demo, its u32 helper without validation, and the deliberate Oops.",
      lineNo: 1,
    });
  });

  it("keeps annotations and inner spaces of expected lines (sysfs.t, netlink.t)", () => {
    const sysfs = parseCram(load("sysfs.t"));
    expect(sysfs.commands[1]!.expected[6]).toBe("drwxr-xr-x 2 root root    0 * power (glob)");
    expect(sysfs.commands.find((c) => c.command === "cat llkdsysfs_pressure")!.expected).toEqual([
      "25 (no-eol)",
    ]);
    const netlink = parseCram(load("netlink.t"));
    const app = netlink.commands[4]!;
    expect(app.command).toBe("netlink_userapp");
    expect(app.expected).toContain(" (see kernel log for dtl)");
    expect(netlink.commands[5]!.expected[1]).toBe(
      ' {15}"sample user data to send to kernel via netlink" (re)',
    );
  });
});

describe("parseCram line classes", () => {
  const text = [
    "Intro",
    "  $ echo a &&",
    "  > echo b",
    "  a",
    "  b",
    "between",
    "  more output",
    "\tnot indented enough",
    "  $ false",
    "  $",
    "  [1]",
    "  $ echo '[3]'",
    "  [3]",
    "  [4]",
  ].join("\n");

  it("classifies every line as cram does", () => {
    const file = parseCram(text);
    expect(file.lines.map((l) => l.kind)).toEqual([
      "comment",
      "command",
      "continuation",
      "output",
      "output",
      "comment",
      "output",
      "comment",
      "command",
      // "  $" without the space is not a command: it is an expected line "$".
      "output",
      "output",
      "command",
      "output",
      "output",
    ]);
  });

  it("joins continuations and collects output across comments", () => {
    const [first, second, third] = parseCram(text).commands;
    expect(first).toMatchObject({
      command: "echo a &&\necho b",
      lineNo: 2,
      expected: ["a", "b", "more output"],
    });
    expect(second).toMatchObject({ command: "false", status: 1, expected: ["$"] });
    // Only the last line can be the status.
    expect(third).toMatchObject({ command: "echo '[3]'", status: 4, expected: ["[3]"] });
  });

  it("honours --indent", () => {
    const file = parseCram("    $ echo hi\n    hi\n  $ not a command\n", { indent: 4 });
    expect(file.indent).toBe(4);
    expect(file.commands).toEqual([
      { command: "echo hi", lineNo: 1, lineIndex: 0, expected: ["hi"], status: 0 },
    ]);
    expect(file.lines[2]!.kind).toBe("comment");
  });

  it("splits on \\n only, like a file iterated in binary mode", () => {
    expect(splitCramLines("")).toEqual([]);
    expect(splitCramLines("a\nb")).toEqual(["a", "b"]);
    expect(splitCramLines("a\nb\n")).toEqual(["a", "b"]);
    expect(splitCramLines("a\r\nb\rc\n\n")).toEqual(["a\r", "b\rc", ""]);
  });
});
