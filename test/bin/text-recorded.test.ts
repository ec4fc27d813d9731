/**
 * The text commands against answers recorded from the real tools on this machine (Debian 12:
 * GNU grep 3.8, GNU sed 4.9, GNU coreutils 9.1), run with LANG=C.UTF-8 TZ=UTC in a directory
 * holding the same files. The fixtures are re-recorded by test/bin/fixtures/text-record.mts;
 * each case's stdout, stderr and exit status must match byte for byte, except where vkern
 * deliberately follows the Ubuntu 18.04 versions (grep 3.1, sed 4.4, coreutils 8.28): those
 * overrides are listed below with the reason.
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
interface Fixture {
  files: Record<string, string>;
  cases: Case[];
}

const load = (name: string): Fixture =>
  JSON.parse(readFileSync(new URL(`./fixtures/text-${name}.json`, import.meta.url), "utf8"));

const GREP31_USAGE =
  "Usage: grep [OPTION]... PATTERN [FILE]...\nTry 'grep --help' for more information.\n";
/** sed 4.4's usage() (4.6 added the --debug lines). */
const SED44_USAGE = (real: string) =>
  real.replace("      --debug\n                 annotate program execution\n", "");

type Override = { skip: string } | { fix: (c: Case) => Partial<Case>; why: string };

const OVERRIDES: Record<string, Override> = {
  '["grep"]': { why: "grep 3.1 says PATTERN", fix: () => ({ stderr: GREP31_USAGE }) },
  '["grep","--foo","x"]': {
    why: "grep 3.1 says PATTERN",
    fix: (c) => ({ stderr: c.stderr.replace("PATTERNS", "PATTERN") }),
  },
  '["grep","-k","x"]': {
    why: "grep 3.1 says PATTERN",
    fix: (c) => ({ stderr: c.stderr.replace("PATTERNS", "PATTERN") }),
  },
  '["grep","-e"]': {
    why: "grep 3.1 says PATTERN",
    fix: (c) => ({ stderr: c.stderr.replace("PATTERNS", "PATTERN") }),
  },
  '["grep","a"]a\u0000b\nab\n': {
    why: "grep 3.1 reports binary matches on stdout (3.5 moved it to stderr)",
    fix: () => ({ stdout: "Binary file (standard input) matches\n", stderr: "" }),
  },
  '["sed"]': { why: "sed 4.4 usage", fix: (c) => ({ stderr: SED44_USAGE(c.stderr) }) },
  '["sed","--foo"]': { why: "sed 4.4 usage", fix: (c) => ({ stderr: SED44_USAGE(c.stderr) }) },
  '["/usr/bin/printf","%e %g %G %a\\\\n","1234.5","0.0001","1e20","1"]': {
    skip: "%La prints x87 long doubles (0x8p-3); vkern formats a double (0x1p+0)",
  },
  '["env","=x"]': { skip: "prints the whole environment, which differs between host and vkern" },
  '["sort","-t",":","-k","3n","/etc/passwd"]': { skip: "/etc/passwd differs" },
};

let k: Kernel;
beforeAll(async () => {
  k = await boot();
  const files = load("grep").files;
  for (const [n, c] of Object.entries(files)) writeFile(k, `/tmp/cmpw/${n}`, c);
});

for (const name of ["grep", "sed", "tools", "misc"]) {
  describe(`recorded: ${name}`, () => {
    const fx = load(name);
    const rows = fx.cases.map((c) => {
      const key = JSON.stringify(c.argv) + c.stdin;
      const o = OVERRIDES[key] ?? OVERRIDES[JSON.stringify(c.argv)];
      return {
        c,
        o,
        title: `${c.argv.join(" ")}${c.stdin ? ` <<< ${JSON.stringify(c.stdin).slice(0, 30)}` : ""}`,
      };
    });
    it.each(rows.filter((r) => !(r.o && "skip" in r.o)))("$title", async ({ c, o }) => {
      const want = {
        stdout: c.stdout,
        stderr: c.stderr,
        status: c.status,
        ...(o && "fix" in o ? o.fix(c) : {}),
      };
      const r = await runProgram(k, c.argv, { cwd: "/tmp/cmpw", stdin: c.stdin });
      expect({ stdout: r.stdout, stderr: r.stderr, status: r.status }).toEqual(want);
    });
  });
}
