/**
 * tail -f/-F (GNU coreutils 9.1 tail_forever() without inotify; src/user/lib/tail_follow.ts).
 * Every expected text is what `tail ---disable-inotify ARGS` printed (stdout and stderr on
 * one pipe) on this machine (Debian 12, coreutils 9.1), run from a script that started it
 * on files in /tmp/tf (log = "line 1".."line 12", b = "b1"), changed the files with a pause
 * longer than the sleep interval after each change, then sent SIGINT: the status was -2,
 * which a shell shows as 130. vkern runs on its virtual clock here: each poll's sleep moves
 * the clock, and the test waits for the output each change must cause.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { O_APPEND, O_CREAT, O_TRUNC, O_WRONLY } from "../../src/include/uapi/fcntl.ts";
import { SIGINT, SIGKILL } from "../../src/include/uapi/signal.ts";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { boot, runProgram } from "../../src/vkern.ts";
import { proc } from "../helpers.ts";
import { running } from "./follow_helpers.ts";

const TAIL = "/usr/bin/tail";
const LOG = Array.from({ length: 12 }, (_, i) => `line ${i + 1}\n`).join("");
const LAST10 = LOG.split("\n").slice(2).join("\n");

type Step =
  | ["append" | "write", string, string]
  | ["rename", string, string]
  | ["unlink" | "chmod000", string];

interface Case {
  name: string;
  args: string[];
  steps: Step[];
  /** Text each step's output must contain before the next step (none: just let it poll). */
  waitFor?: (string | null)[];
  want: string;
  status?: number;
  /** Extra files created before tail starts. */
  files?: Record<string, string>;
}

const CASES: Case[] = [
  {
    name: "appended data is printed as the file grows",
    args: ["-f", "log"],
    steps: [
      ["append", "log", "appended 1\n"],
      ["append", "log", "appended 2\nappended 3\n"],
    ],
    waitFor: ["appended 1\n", "appended 3\n"],
    want: `${LAST10}appended 1\nappended 2\nappended 3\n`,
  },
  {
    name: "a file that shrinks is reported as truncated and read from its start",
    args: ["-f", "-n", "2", "log"],
    steps: [
      ["write", "log", ""],
      ["append", "log", "after truncate\n"],
    ],
    waitFor: ["truncated\n", "after truncate\n"],
    want: "line 11\nline 12\ntail: log: file truncated\nafter truncate\n",
  },
  {
    name: "two files get a header whenever the output switches between them",
    args: ["-f", "log", "b"],
    steps: [
      ["append", "log", "to log\n"],
      ["append", "b", "to b\n"],
      ["append", "b", "more b\n"],
      ["append", "log", "log again\n"],
    ],
    waitFor: ["to log\n", "to b\n", "more b\n", "log again\n"],
    want:
      `==> log <==\n${LAST10}\n==> b <==\nb1\n\n==> log <==\nto log\n\n==> b <==\nto b\nmore b\n` +
      "\n==> log <==\nlog again\n",
  },
  {
    name: "-q: no headers",
    args: ["-fq", "log", "b"],
    steps: [
      ["append", "b", "to b\n"],
      ["append", "log", "log again\n"],
    ],
    waitFor: ["to b\n", "log again\n"],
    want: `${LAST10}b1\nto b\nlog again\n`,
  },
  {
    name: "-v: a header for one file",
    args: ["-fv", "-n1", "log"],
    steps: [["append", "log", "x\n"]],
    waitFor: ["x\n"],
    want: "==> log <==\nline 12\nx\n",
  },
  {
    name: "-s sets the interval",
    args: ["-f", "-s", "0.1", "-n", "1", "log"],
    steps: [["append", "log", "fast\n"]],
    waitFor: ["fast\n"],
    want: "line 12\nfast\n",
  },
  {
    name: "a missing file among others is reported once; the rest is followed",
    args: ["-f", "nonexist", "log"],
    steps: [["append", "log", "ok\n"]],
    waitFor: ["ok\n"],
    want:
      "tail: cannot open 'nonexist' for reading: No such file or directory\n" +
      `==> log <==\n${LAST10}ok\n`,
  },
  {
    name: "-c: bytes, and appended bytes without a newline",
    args: ["-f", "-c", "5", "log"],
    steps: [["append", "log", "partial"]],
    waitFor: ["partial"],
    want: "e 12\npartial",
  },
  {
    name: "-n +N",
    args: ["-f", "-n", "+12", "log"],
    steps: [["append", "log", "next\n"]],
    waitFor: ["next\n"],
    want: "line 12\nnext\n",
  },
  {
    name: "--follow=name",
    args: ["--follow=name", "-n1", "log"],
    steps: [["append", "log", "named\n"]],
    waitFor: ["named\n"],
    want: "line 12\nnamed\n",
  },
  {
    name: "-F: a file that is missing at first is followed once it appears",
    args: ["-F", "-n1", "newfile"],
    steps: [["append", "newfile", "appeared\n"]],
    waitFor: ["appeared\n"],
    want:
      "tail: cannot open 'newfile' for reading: No such file or directory\n" +
      "tail: 'newfile' has appeared;  following new file\nappeared\n",
  },
  {
    name: "-f --retry: the same, with a warning",
    args: ["-f", "--retry", "-n1", "nonexist"],
    steps: [["append", "nonexist", "x\n"]],
    waitFor: ["x\n"],
    want:
      "tail: warning: --retry only effective for the initial open\n" +
      "tail: cannot open 'nonexist' for reading: No such file or directory\n" +
      "tail: 'nonexist' has appeared;  following new file\nx\n",
  },
  {
    name: "-F: a name that goes away and comes back",
    args: ["-F", "-s", "0.2", "-n1", "log"],
    steps: [
      ["unlink", "log"],
      ["append", "log", "back\n"],
    ],
    waitFor: ["inaccessible: No such file or directory\n", "back\n"],
    want:
      "line 12\ntail: 'log' has become inaccessible: No such file or directory\n" +
      "tail: 'log' has appeared;  following new file\nback\n",
  },
  {
    name: "-F: a name replaced by another file (mv new log)",
    args: ["-F", "-s", "0.2", "-n1", "log"],
    files: { new: "replacement\n" },
    steps: [
      ["rename", "new", "log"],
      ["append", "log", "more\n"],
    ],
    waitFor: ["replacement\n", "more\n"],
    want: "line 12\ntail: 'log' has been replaced;  following new file\nreplacement\nmore\n",
  },
  {
    name: "-f follows the descriptor: a renamed file is still read, a new name is not",
    args: ["-f", "-s", "0.2", "-n1", "log"],
    steps: [
      ["rename", "log", "old"],
      ["append", "old", "still followed\n"],
      ["append", "log", "new file\n"],
    ],
    waitFor: [null, "still followed\n", null],
    want: "line 12\nstill followed\n",
  },
];

async function apply(k: Kernel, step: Step): Promise<void> {
  const { libc } = proc(k, 0, "/tmp/tf");
  switch (step[0]) {
    case "append":
    case "write": {
      const flags = O_WRONLY | O_CREAT | (step[0] === "append" ? O_APPEND : O_TRUNC);
      const fd = await libc.open(step[1], flags, 0o644);
      await libc.writeAll(fd, step[2]);
      await libc.close(fd);
      break;
    }
    case "rename":
      await libc.rename(step[1], step[2]);
      break;
    case "unlink":
      await libc.unlink(step[1]);
      break;
    case "chmod000":
      await libc.chmod(step[1], 0);
      break;
  }
}

describe("tail -f", () => {
  let k: Kernel;
  beforeEach(async () => {
    k = await boot();
    const { libc } = proc(k, 0);
    await libc.mkdir("/tmp/tf");
    await libc.writeFile("/tmp/tf/log", LOG);
    await libc.writeFile("/tmp/tf/b", "b1\n");
  });

  it.each(CASES)("$name: tail $args", async (c) => {
    for (const [f, text] of Object.entries(c.files ?? {}))
      await proc(k, 0).libc.writeFile(`/tmp/tf/${f}`, text);
    await running(k, TAIL, ["tail", ...c.args], { cwd: "/tmp/tf" }, async (t) => {
      await t.until(() => false, 300);
      for (const [i, step] of c.steps.entries()) {
        await apply(k, step);
        const text = c.waitFor?.[i];
        if (text) expect(await t.until(() => t.output().endsWith(text))).toBe(true);
        else await t.until(() => false, 1000);
      }
      expect(await t.stop()).toBe(c.status ?? 130);
      expect(t.output()).toBe(c.want);
    });
  });

  it.each([
    [
      ["-f", "nonexist"],
      "tail: cannot open 'nonexist' for reading: No such file or directory\ntail: no files remaining\n",
      1,
    ],
    [
      ["-f", "."],
      "tail: error reading '.': Is a directory\n" +
        "tail: .: cannot follow end of this type of file; giving up on this name\n" +
        "tail: no files remaining\n",
      1,
    ],
    [["-f", "-s", "x", "log"], "tail: invalid number of seconds: ‘x’\n", 1],
    [["-f", "-s", "-1", "log"], "tail: invalid number of seconds: ‘-1’\n", 1],
    [["--pid=x", "-f", "log"], "tail: invalid PID: ‘x’\n", 1],
    [["-n", "3", "-5", "log"], "tail: option used in invalid context -- 5\n", 1],
    [
      ["--follow=foo", "log"],
      "tail: invalid argument ‘foo’ for ‘--follow’\nValid arguments are:\n  - ‘descriptor’\n" +
        "  - ‘name’\nTry 'tail --help' for more information.\n",
      1,
    ],
    [
      ["--retry", "-n1", "nonexist"],
      "tail: warning: --retry ignored; --retry is useful only when following\n" +
        "tail: cannot open 'nonexist' for reading: No such file or directory\n",
      1,
    ],
    [
      ["--pid=1", "-n1", "log"],
      "tail: warning: PID ignored; --pid=PID is useful only when following\nline 12\n",
      0,
    ],
    // --pid of a process that is gone: one more look at the files, then exit 0.
    [["-f", "-s", "0.2", "-n", "1", "--pid=999999", "log"], "line 12\n", 0],
  ])("tail %j ends by itself", async (args, want, status) => {
    await running(k, TAIL, ["tail", ...args], { cwd: "/tmp/tf" }, async (t) => {
      expect(await t.exited()).toBe(status);
      expect(t.output()).toBe(want);
    });
  });

  it("--follow=name without --retry gives up on a name that is gone (status 0)", async () => {
    // coreutils 9.1: "tail: log: No such file or directory", "tail: no files remaining".
    const argv = ["tail", "--follow=name", "-s", "0.2", "-n1", "log"];
    await running(k, TAIL, argv, { cwd: "/tmp/tf" }, async (t) => {
      await t.until(() => t.output() === "line 12\n");
      await apply(k, ["unlink", "log"]);
      expect(await t.exited()).toBe(0);
      expect(t.output()).toBe(
        "line 12\ntail: log: No such file or directory\ntail: no files remaining\n",
      );
    });
  });

  it("a pipe on standard input ends when it ends (echo hi | tail -f)", async () => {
    const o = { cwd: "/tmp/tf", stdinPipe: "hi\n" };
    await running(k, TAIL, ["tail", "-f"], o, async (t) => {
      expect(await t.exited()).toBe(0);
      expect(t.output()).toBe("hi\n");
    });
  });

  it("a regular file on standard input is followed (tail -f -n1 < log)", async () => {
    const o = { cwd: "/tmp/tf", stdinFile: "/tmp/tf/log" };
    await running(k, TAIL, ["tail", "-f", "-n1"], o, async (t) => {
      await t.until(() => t.output() === "line 12\n");
      await apply(k, ["append", "log", "via stdin\n"]);
      expect(await t.until(() => t.output().endsWith("via stdin\n"))).toBe(true);
      expect(await t.stop()).toBe(130);
      expect(t.output()).toBe("line 12\nvia stdin\n");
    });
  });

  it("sleeps -s seconds between polls (strace -e trace=nanosleep)", async () => {
    const argv = ["strace", "-e", "trace=nanosleep", "tail", "-f", "-s", "2.5", "-n1", "log"];
    const sleep = "nanosleep({tv_sec=2, tv_nsec=500000000}, NULL) = 0\n";
    await running(k, "/usr/bin/strace", argv, { cwd: "/tmp/tf" }, async (t) => {
      const tracee = () =>
        k.tasks.all().find((x) => x.parent?.pid === t.pid && x.comm === "tail" && x.alive);
      try {
        expect(await t.until(() => t.output().split(sleep).length > 3)).toBe(true);
        await t.libc.kill(tracee()?.pid ?? 0, SIGINT);
        expect(await t.exited()).toBe(130);
        expect(t.output()).toMatch(
          /^line 12\n(nanosleep\(\{tv_sec=2, tv_nsec=500000000\}, NULL\) = 0\n)+/,
        );
        expect(t.output()).toMatch(/\+\+\+ killed by SIGINT \+\+\+\n$/);
      } finally {
        // The tracee polls on the virtual clock: it must not outlive the test.
        const left = tracee();
        if (left) await t.libc.kill(left.pid, SIGKILL);
      }
    });
  });

  it("without -f, tail still ends (regression guard for the follow rewrite)", async () => {
    const r = await runProgram(k, ["tail", "-n", "2", "/tmp/tf/log", "/tmp/tf/b"]);
    expect(r.output).toBe("==> /tmp/tf/log <==\nline 11\nline 12\n\n==> /tmp/tf/b <==\nb1\n");
  });
});
