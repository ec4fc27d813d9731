/**
 * which, xargs, nl, rev, cmp, diff, strings, more, less and sync against answers recorded
 * from the real tools on this machine (Debian 12: debianutils 5.7, findutils 4.9.0,
 * coreutils 9.1, util-linux 2.38.1, diffutils 3.8, binutils 2.40, less 590), run with
 * LANG=C.UTF-8 TZ=UTC in a directory holding the fixture's files. Re-record with
 * `npx tsx test/bin/fixtures/text-record.mts utils`. Where vkern follows the Ubuntu 18.04
 * versions or its own file-system layout, the case is listed below with the reason.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { writeFile } from "../../src/init/initramfs.ts";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { boot, runProgram } from "../../src/vkern.ts";

interface Case {
  argv: string[];
  stdin: string;
  stdout: string;
  stderr: string;
  status: number;
}
const fx: { files: Record<string, string>; cases: Case[] } = JSON.parse(
  readFileSync(new URL("./fixtures/text-utils.json", import.meta.url), "utf8"),
);

type Override = { skip: string } | { fix: (c: Case) => Partial<Case>; why: string };

/** Debian 12 merged /usr, so its PATH finds /usr/bin/sh before /bin/sh; vkern keeps /bin. */
const MERGED_USR = "Debian 12 has a merged /usr; Ubuntu 18.04 and vkern have sh and ls in /bin";
/** util-linux 2.31's more.c:checkf() stats the file first; 2.38 says "cannot open". */
const MORE_231 = (c: Case) => ({
  stderr: c.stderr.replace(/cannot open (\S+): /, "stat of $1 failed: "),
});

const OVERRIDES: Record<string, Override> = {
  '["which","sh"]': { why: MERGED_USR, fix: () => ({ stdout: "/bin/sh\n" }) },
  '["which","-a","sh","ls"]': { why: MERGED_USR, fix: () => ({ stdout: "/bin/sh\n/bin/ls\n" }) },
  '["which","sh","nonexistent-cmd","ls"]': {
    why: MERGED_USR,
    fix: () => ({ stdout: "/bin/sh\n/bin/ls\n" }),
  },
  '["which","-x","sh"]': {
    why: "the script's $0 is /bin/which on Ubuntu 18.04",
    fix: (c) => ({ stdout: c.stdout.replace("/usr/bin/which", "/bin/which") }),
  },
  '["more","/nonexistent","short"]': { why: "util-linux 2.31 wording", fix: MORE_231 },
};

/** diff -u shows each file's mtime: the host's and vkern's clocks differ. */
const stamp = (s: string) =>
  s.replace(/\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} [+-]\d{4}\n/g, "\t<mtime>\n");

let k: Kernel;
beforeAll(async () => {
  k = await boot();
  for (const [n, c] of Object.entries(fx.files)) writeFile(k, `/tmp/cmpw/${n}`, c);
});

describe("recorded: which, xargs, nl, rev, cmp, diff, strings, more, less, sync", () => {
  const rows = fx.cases.map((c) => {
    const key = JSON.stringify(c.argv);
    return { c, o: OVERRIDES[key], title: `${c.argv.join(" ")}${c.stdin ? " <<<" : ""}` };
  });
  it.each(rows.filter((r) => !(r.o && "skip" in r.o)))("$title", async ({ c, o }) => {
    const want = {
      stdout: stamp(c.stdout),
      stderr: c.stderr,
      status: c.status,
      ...(o && "fix" in o ? o.fix(c) : {}),
    };
    const r = await runProgram(k, c.argv, { cwd: "/tmp/cmpw", stdin: c.stdin });
    expect({ stdout: stamp(r.stdout), stderr: r.stderr, status: r.status }).toEqual(want);
  });
});

describe("beyond the recordings", () => {
  it("diff -u shows stat()'s mtime with nanoseconds and the zone", async () => {
    const sh = (c: string) => runProgram(k, ["sh", "-c", c], { cwd: "/tmp" });
    await sh(
      "printf 'a\\nb\\n' > u1; printf 'a\\nc\\n' > u2; touch -d '2021-03-01 10:00:00' u1 u2",
    );
    const r = await sh("diff -u u1 u2");
    expect(r.output).toBe(
      "--- u1\t2021-03-01 10:00:00.000000000 +0000\n+++ u2\t2021-03-01 10:00:00.000000000 +0000\n" +
        "@@ -1,2 +1,2 @@\n a\n-b\n+c\n",
    );
    expect(r.status).toBe(1);
  });

  it("xargs gives each command /dev/null as standard input", async () => {
    const r = await runProgram(k, ["xargs", "sh", "-c", "cat; echo ran"], { stdin: "x y\n" });
    expect(r.output).toBe("ran\n");
  });

  it("logger writes <13>tag: message to /dev/kmsg as root; dmesg shows it", async () => {
    const r = await runProgram(k, ["logger", "-t", "mytag", "hello", "world"], { uid: 0 });
    expect(r.status).toBe(0);
    const d = await runProgram(k, ["dmesg"], { uid: 0 });
    expect(d.stdout).toMatch(/\] mytag: hello world\n$/);
  });

  it("logger as a user finds no syslog socket, like a machine without a syslog daemon", async () => {
    const r = await runProgram(k, ["logger", "hi"], { uid: 1000 });
    expect(r.output).toBe("logger: socket /dev/log: No such file or directory\n");
    expect(r.status).toBe(1);
  });

  it("more reports a directory on standard output, as util-linux does", async () => {
    const r = await runProgram(k, ["more", "/tmp"]);
    expect(r.stdout).toBe("\n*** /tmp: directory ***\n\n");
    expect(r.status).toBe(0);
  });

  it("which finds the installed commands along PATH", async () => {
    const r = await runProgram(k, ["which", "-a", "awk", "mawk", "diff"], {
      env: ["PATH=/usr/local/bin:/usr/bin:/bin"],
    });
    expect(r.stdout).toBe("/usr/bin/awk\n/usr/bin/mawk\n/usr/bin/diff\n");
  });
});
