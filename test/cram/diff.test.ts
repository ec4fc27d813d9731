import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CommandResult, diffCram } from "../../src/user/cram/diff.ts";
import { type CramFile, parseCram } from "../../src/user/cram/parse.ts";

const TRANSCRIPTS = join(import.meta.dirname, "../../../shared/transcripts");

// What a correct vkern might print for the annotated lines of the acceptance transcripts.
const SAMPLES: Record<string, string> = {
  "-rw-r--r-- 1 root root 0 * llkd_dbgfs_debug_level (glob)":
    "-rw-r--r-- 1 root root 0 Jan  1 00:00 llkd_dbgfs_debug_level",
  "-r--r----- 1 root root 0 * llkd_dbgfs_show_drvctx (glob)":
    "-r--r----- 1 root root 0 Jan  1 00:00 llkd_dbgfs_show_drvctx",
  "config1:0x0,config2:0x48524a5f,config3:0x[0-9a-f]+ \\([0-9]+\\) (re)":
    "config1:0x0,config2:0x48524a5f,config3:0xfffb6c4f (4294667343)",
  "RIP: 0010:debugfs_u32_get+0x*/0x* (glob)": "RIP: 0010:debugfs_u32_get+0x5/0x20",
  "crw-r--r-- 1 root root *, 0 * /dev/ioctl_llkd_kdrv (glob)":
    "crw-r--r-- 1 root root 240, 0 Jan  1 00:00 /dev/ioctl_llkd_kdrv",
  "netlink_simple_intf * 0 (glob)": "netlink_simple_intf    16384  0",
  "netlink_userapp:PID *: netlink socket created (glob)":
    "netlink_userapp:PID 153: netlink socket created",
  "netlink_userapp:sendmsg(): \\*\\*\\* success, sent 1040 bytes all-inclusive (glob)":
    "netlink_userapp:sendmsg(): *** success, sent 1040 bytes all-inclusive",
  "netlink_userapp:recvmsg(): \\*\\*\\* success, received 44 bytes: (glob)":
    "netlink_userapp:recvmsg(): *** success, received 44 bytes:",
  "\\[ *[0-9]+\\.[0-9]{6}\\] netlink_simple_intf: received from PID [0-9]+: (re)":
    "[    5.004000] netlink_simple_intf: received from PID 153:",
  ' {15}"sample user data to send to kernel via netlink" (re)':
    '               "sample user data to send to kernel via netlink"',
  "-rw-r--r-- 1 root root 0 * llkdproc_config1 (glob)":
    "-rw-r--r-- 1 root root 0 Jan  1 00:00 llkdproc_config1",
  "-rw-r--r-- 1 root root 0 * llkdproc_debug_level (glob)":
    "-rw-r--r-- 1 root root 0 Jan  1 00:00 llkdproc_debug_level",
  "-r--r----- 1 root root 0 * llkdproc_show_drvctx (glob)":
    "-r--r----- 1 root root 0 Jan  1 00:00 llkdproc_show_drvctx",
  "-r--r--r-- 1 root root 0 * llkdproc_show_pgoff (glob)":
    "-r--r--r-- 1 root root 0 Jan  1 00:00 llkdproc_show_pgoff",
  "\\[ *[0-9]+\\.[0-9]{6}\\] procfs_simple_intf: trying to set invalid value for debug_level \\[allowed range: 0-2\\]; resetting to previous \\(2\\) (re)":
    "[    2.000000] procfs_simple_intf: trying to set invalid value for debug_level [allowed range: 0-2]; resetting to previous (2)",
  "procfs_simple_intf * 0 (glob)": "procfs_simple_intf     16384  0",
  "-rw-r--r-- 1 root root 4096 * driver_override (glob)":
    "-rw-r--r-- 1 root root 4096 Jan  1 00:00 driver_override",
  "-rw-r--r-- 1 root root 4096 * llkdsysfs_debug_level (glob)":
    "-rw-r--r-- 1 root root 4096 Jan  1 00:00 llkdsysfs_debug_level",
  "-r--r--r-- 1 root root 4096 * llkdsysfs_pgoff (glob)":
    "-r--r--r-- 1 root root 4096 Jan  1 00:00 llkdsysfs_pgoff",
  "-r--r--r-- 1 root root 4096 * llkdsysfs_pressure (glob)":
    "-r--r--r-- 1 root root 4096 Jan  1 00:00 llkdsysfs_pressure",
  "-r--r--r-- 1 root root 4096 * modalias (glob)":
    "-r--r--r-- 1 root root 4096 Jan  1 00:00 modalias",
  "drwxr-xr-x 2 root root    0 * power (glob)": "drwxr-xr-x 2 root root    0 Jan  1 00:00 power",
  "lrwxrwxrwx 1 root root    0 * subsystem -> ../../../bus/platform (glob)":
    "lrwxrwxrwx 1 root root    0 Jan  1 00:00 subsystem -> ../../../bus/platform",
  "-rw-r--r-- 1 root root 4096 * uevent (glob)": "-rw-r--r-- 1 root root 4096 Jan  1 00:00 uevent",
};

/** The results a correct kernel would give for `file`. */
function perfectResults(file: CramFile): CommandResult[] {
  return file.commands.map((c) => {
    let output = "";
    for (const e of c.expected) {
      if (e.endsWith(" (no-eol)")) output += e.slice(0, -" (no-eol)".length);
      else output += `${SAMPLES[e] ?? e}\n`;
    }
    return { output, status: c.status };
  });
}

describe("diffCram on the acceptance transcripts", () => {
  it.each(["debugfs.t", "ioctl.t", "netlink.t", "procfs.t", "sysfs.t"])(
    "%s passes with correct output",
    (name) => {
      const text = readFileSync(join(TRANSCRIPTS, name), "utf8");
      const file = parseCram(text);
      const result = diffCram(file, perfectResults(file), name);
      expect(result.diff).toBe("");
      expect(result.passed).toBe(true);
      // Nothing differs, so what cram -i would write back is the file itself.
      expect(result.output).toBe(text);
    },
  );

  it("reports a wrong column width and a wrong status in sysfs.t", () => {
    const file = parseCram(readFileSync(join(TRANSCRIPTS, "sysfs.t"), "utf8"));
    const results = perfectResults(file);
    results[1]!.output = String(results[1]!.output).replace("root    0", "root 0");
    results[13]!.status = 1;
    const result = diffCram(file, results, "sysfs.t");
    expect(result.passed).toBe(false);
    expect(result.diff).toBe(
      [
        "--- sysfs.t",
        "+++ sysfs.t.err",
        "@@ -8,7 +8,7 @@",
        "   -r--r--r-- 1 root root 4096 * llkdsysfs_pgoff (glob)",
        "   -r--r--r-- 1 root root 4096 * llkdsysfs_pressure (glob)",
        "   -r--r--r-- 1 root root 4096 * modalias (glob)",
        "-  drwxr-xr-x 2 root root    0 * power (glob)",
        "+  drwxr-xr-x 2 root root 0 Jan  1 00:00 power",
        "   lrwxrwxrwx 1 root root    0 * subsystem -> ../../../bus/platform (glob)",
        "   -rw-r--r-- 1 root root 4096 * uevent (glob)",
        "   $ cd /sys/devices/platform/llkd_sysfs_simple_intf_device",
        "@@ -31,4 +31,4 @@",
        "   $ sudo rmmod sysfs_simple_intf",
        "   $ ls /sys/devices/platform/llkd_sysfs_simple_intf_device",
        "   ls: cannot access '/sys/devices/platform/llkd_sysfs_simple_intf_device': No such file or directory",
        "-  [2]",
        "+  [1]",
        "",
      ].join("\n"),
    );
  });
});

// The cases below were run with real cram 0.7 (Debian python3-cram 0.7-5): each command is a
// printf printing exactly the output given to diffCram, and the expected diffs and .err
// contents are cram's own, pasted.
describe("diffCram against cram 0.7", () => {
  const typical = [
    "A typical failure.",
    "",
    "  $ printf 'total 0\\n-rw-r--r-- 1 root root 0 Jan  1 00:00 a\\n-rw-r--r-- 1 root root 5 Jan  1 00:00 b\\n'",
    "  total 0",
    "  -rw-r--r-- 1 root root 0 * a (glob)",
    "  -rw-r--r-- 1 root root 0 * b (glob)",
    "  $ printf 'cat: missing: No such file or directory\\n'; (exit 2)",
    "  cat: missing: No such file or directory",
    "  [1]",
    "  $ printf '25\\n'",
    "  25 (no-eol)",
    "End.",
    "",
  ].join("\n");
  const typicalResults: CommandResult[] = [
    {
      output:
        "total 0\n-rw-r--r-- 1 root root 0 Jan  1 00:00 a\n-rw-r--r-- 1 root root 5 Jan  1 00:00 b\n",
      status: 0,
    },
    { output: "cat: missing: No such file or directory\n", status: 2 },
    { output: "25\n", status: 0 },
  ];

  it("prints cram's unified diff", () => {
    const result = diffCram(parseCram(typical), typicalResults, "typical.t");
    expect(result.passed).toBe(false);
    expect(result.diff).toBe(
      [
        "--- typical.t",
        "+++ typical.t.err",
        "@@ -3,10 +3,10 @@",
        "   $ printf 'total 0\\n-rw-r--r-- 1 root root 0 Jan  1 00:00 a\\n-rw-r--r-- 1 root root 5 Jan  1 00:00 b\\n'",
        "   total 0",
        "   -rw-r--r-- 1 root root 0 * a (glob)",
        "-  -rw-r--r-- 1 root root 0 * b (glob)",
        "+  -rw-r--r-- 1 root root 5 Jan  1 00:00 b",
        "   $ printf 'cat: missing: No such file or directory\\n'; (exit 2)",
        "   cat: missing: No such file or directory",
        "-  [1]",
        "+  [2]",
        "   $ printf '25\\n'",
        "-  25 (no-eol)",
        "+  25",
        " End.",
        "",
      ].join("\n"),
    );
  });

  it("gives the actual transcript (cram's .err) and the merged one (cram -i)", () => {
    const result = diffCram(parseCram(typical), typicalResults, "typical.t");
    // typical.t.err as cram 0.7 wrote it.
    expect(result.actual.join("")).toBe(
      [
        "A typical failure.",
        "",
        "  $ printf 'total 0\\n-rw-r--r-- 1 root root 0 Jan  1 00:00 a\\n-rw-r--r-- 1 root root 5 Jan  1 00:00 b\\n'",
        "  total 0",
        "  -rw-r--r-- 1 root root 0 Jan  1 00:00 a",
        "  -rw-r--r-- 1 root root 5 Jan  1 00:00 b",
        "  $ printf 'cat: missing: No such file or directory\\n'; (exit 2)",
        "  cat: missing: No such file or directory",
        "  [2]",
        "  $ printf '25\\n'",
        "  25",
        "End.",
        "",
      ].join("\n"),
    );
    // Matching (glob) lines stay, differing lines are replaced.
    expect(result.output).toBe(
      typical
        .replace(
          "  -rw-r--r-- 1 root root 0 * b (glob)",
          "  -rw-r--r-- 1 root root 5 Jan  1 00:00 b",
        )
        .replace("  [1]", "  [2]")
        .replace("  25 (no-eol)", "  25"),
    );
  });

  it("shows output of commands that expected none, escaped", () => {
    const text = [
      "  $ printf 'a\\tb\\\\c\\n'",
      "  $ printf 'a\\rb\\n'",
      "  $ printf 'a\\r\\n'",
      "  $ printf 'nl-less\\001'",
      "  $ printf 'back\\\\slash\\n'",
      "  $ printf '\\303\\251t\\303\\251\\n'",
      "  $ printf 'x (re)\\n'",
      "  x (re)",
      "",
    ].join("\n");
    const results: CommandResult[] = [
      { output: "a\tb\\c\n", status: 0 },
      { output: "a\rb\n", status: 0 },
      { output: "a\r\n", status: 0 },
      { output: "nl-less\x01", status: 0 },
      { output: "back\\slash\n", status: 0 },
      { output: new Uint8Array([0xc3, 0xa9, 0x74, 0xc3, 0xa9, 0x0a]), status: 0 },
      { output: "x (re)\n", status: 0 },
    ];
    expect(diffCram(parseCram(text), results, "esc.t").diff).toBe(
      [
        "--- esc.t",
        "+++ esc.t.err",
        "@@ -1,8 +1,15 @@",
        "   $ printf 'a\\tb\\\\c\\n'",
        "+  a\\tb\\\\c (esc)",
        "   $ printf 'a\\rb\\n'",
        "+  a\\r (no-eol) (esc)",
        "+  b",
        "   $ printf 'a\\r\\n'",
        "+  a\\r (esc)",
        "   $ printf 'nl-less\\001'",
        "+  nl-less\\x01 (no-eol) (esc)",
        "   $ printf 'back\\\\slash\\n'",
        "+  back\\slash",
        "   $ printf '\\303\\251t\\303\\251\\n'",
        "+  \\xc3\\xa9t\\xc3\\xa9 (esc)",
        "   $ printf 'x (re)\\n'",
        "   x (re)",
        "",
      ].join("\n"),
    );
  });

  it("splits distant changes into hunks with 3 lines of context", () => {
    const expected = ["Two hunks far apart.", "", "  $ seq 1 30"];
    for (let i = 1; i <= 30; i++) expected.push(`  ${i === 3 || i === 25 ? i * 100 : i}`);
    expected.push("  $ echo end", "  end", "");
    const seq = Array.from({ length: 30 }, (_, i) => `${i + 1}\n`).join("");
    const result = diffCram(
      parseCram(expected.join("\n")),
      [
        { output: seq, status: 0 },
        { output: "end\n", status: 0 },
      ],
      "hunks.t",
    );
    expect(result.diff).toBe(
      [
        "--- hunks.t",
        "+++ hunks.t.err",
        "@@ -3,7 +3,7 @@",
        "   $ seq 1 30",
        "   1",
        "   2",
        "-  300",
        "+  3",
        "   4",
        "   5",
        "   6",
        "@@ -25,7 +25,7 @@",
        "   22",
        "   23",
        "   24",
        "-  2500",
        "+  25",
        "   26",
        "   27",
        "   28",
        "",
      ].join("\n"),
    );
  });

  it("treats lines repeated in 200+ lines as popular, as difflib's autojunk does", () => {
    const text = `  $ cmd\n${"  same\n".repeat(250)}  DIFF\n${"  same\n".repeat(20)}`;
    const output = `${"same\n".repeat(250)}diff\n${"same\n".repeat(20)}`;
    const result = diffCram(parseCram(text), [{ output, status: 0 }], "popular.t");
    // cram does not line up the 20 trailing "same" lines: all of them show as changed.
    const expected = [
      "--- popular.t",
      "+++ popular.t.err",
      "@@ -249,24 +249,24 @@",
      "   same",
      "   same",
      "   same",
      "-  DIFF",
      ...Array<string>(20).fill("-  same"),
      "+  diff",
      ...Array<string>(20).fill("+  same"),
      "",
    ];
    expect(result.diff).toBe(expected.join("\n"));
  });

  it("stops where the shell exited, dropping the last byte of its output", () => {
    const text = [
      "A failing file.",
      "",
      "  $ printf 'one\\ntwo\\nthree\\n'",
      "  one",
      "  TWO",
      "  three",
      "  $ printf 'x\\n'; exit 3 2>/dev/null || (exit 2)",
      "  x",
      "  $ true",
      "  [1]",
      "  $ printf 'foo|bar\\nbar\\n'",
      "  foo|bar (re)",
      "  foo|bar (re)",
      "Trailing comment.",
      "",
    ].join("\n");
    const result = diffCram(
      parseCram(text),
      [
        { output: "one\ntwo\nthree\n", status: 0 },
        { output: "x\n", status: 3, shellExited: true },
      ],
      "fail.t",
    );
    expect(result.diff).toBe(
      [
        "--- fail.t",
        "+++ fail.t.err",
        "@@ -2,13 +2,8 @@",
        " ",
        "   $ printf 'one\\ntwo\\nthree\\n'",
        "   one",
        "-  TWO",
        "+  two",
        "   three",
        "   $ printf 'x\\n'; exit 3 2>/dev/null || (exit 2)",
        "-  x",
        "+  x (no-eol)",
        "   $ true",
        "-  [1]",
        "-  $ printf 'foo|bar\\nbar\\n'",
        "-  foo|bar (re)",
        "-  foo|bar (re)",
        "-Trailing comment.",
        "",
      ].join("\n"),
    );
  });

  it("skips a file whose shell exits with 80", () => {
    const file = parseCram("  $ echo before\n  before\n  $ exit 80\n  $ echo after\n  after\n");
    const result = diffCram(file, [
      { output: "before\n", status: 0 },
      { output: "", status: 80, shellExited: true },
    ]);
    expect(result).toMatchObject({ passed: true, skipped: true, diff: "" });
  });

  it("treats fewer results than commands as an early exit", () => {
    const file = parseCram(
      "  $ echo before\n  before\n  $ exit 3\nComment after exit.\n  $ echo after\n  after\nLast comment.\n",
    );
    const result = diffCram(
      file,
      [
        { output: "before\n", status: 0 },
        { output: "", status: 3 },
      ],
      "exit.t",
    );
    expect(result.diff).toBe(
      [
        "--- exit.t",
        "+++ exit.t.err",
        "@@ -3,5 +3,3 @@",
        "   $ exit 3",
        " Comment after exit.",
        "   $ echo after",
        "-  after",
        "-Last comment.",
        "",
      ].join("\n"),
    );
  });

  it("uses bare headers without a name, like cram's test()", () => {
    // From cram/_test.py's doctest.
    const result = diffCram(parseCram("  $ echo hi\n  bye\n"), [{ output: "hi\n", status: 0 }]);
    expect(result.diff).toBe("--- \n+++ \n@@ -1,2 +1,2 @@\n   $ echo hi\n-  bye\n+  hi\n");
  });

  it("passes the doctest example with a regex", () => {
    const result = diffCram(parseCram("  $ echo hi\n  [a-z]{2} (re)\n"), [
      { output: "hi\n", status: 0 },
    ]);
    expect(result.passed).toBe(true);
    expect(result.actual).toEqual(["  $ echo hi\n", "  hi\n"]);
  });
});
