/**
 * sed -i / --in-place (GNU sed 4.9, src/user/lib/sed_inplace.ts) and the -s behaviour it
 * rests on. fixtures/sed_inplace.sh was run with bash and sed 4.9 on Debian 12 (as root,
 * umask 022, in /tmp/si on tmpfs); fixtures/sed_inplace.out is what it printed: the edited
 * files with their modes, backups (-i.bak, --in-place=.orig, the `-ie` gotcha: suffix "e",
 * `-in`: suffix "n"), '*' in the suffix, -n/-E combinations, "sed: no input files" (4),
 * "can't read" (2), "couldn't edit d: not a regular file" (4), "cannot rename" (4, the
 * original kept, no temporary file left), q truncating the file, symlinks with and without
 * --follow-symlinks, w /dev/stdout, a read-only file, and -s resetting the hold space and
 * going on past an empty file.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { boot, runProgram } from "../../src/vkern.ts";

const script = readFileSync(new URL("./fixtures/sed_inplace.sh", import.meta.url), "utf8");
const recorded = readFileSync(new URL("./fixtures/sed_inplace.out", import.meta.url), "utf8");

describe("sed -i", () => {
  it("replays the recorded sed 4.9 session", async () => {
    const k = await boot();
    const r = await runProgram(k, ["bash", "-c", `umask 022; mkdir -p /tmp/si; ${script}`], {
      uid: 0,
      cwd: "/",
    });
    // vkern's usage text is sed 4.9's without the --debug lines (see sed.ts usageText()).
    const want = recorded.replace(
      "      --debug\n                 annotate program execution\n",
      "",
    );
    expect(r.output).toBe(want);
  });

  it("writes a temporary sedXXXXXX beside the file and renames it over the file", async () => {
    // strace 6.1 of sed 4.9 -i.b s/a/b/ f on this machine (less the library and locale opens):
    //   openat(AT_FDCWD, "f", O_RDONLY)         = 3
    //   umask(077)                              = 022
    //   openat(AT_FDCWD, "./sedTVHal6", O_RDWR|O_CREAT|O_EXCL, 0600) = 4
    //   umask(022)                              = 077
    //   fchown(4, 0, 0)                         = 0
    //   fsetxattr(4, "system.posix_acl_access", ...) = 0    (vkern: fchmod, no ACLs)
    //   rename("f", "f.b")                      = 0
    //   rename("./sedTVHal6", "f")              = 0
    // vkern's C library opens with open(2) where glibc uses openat(2).
    const k = await boot();
    const cmd =
      "cd /tmp && printf 'a\\n' > f && strace -e trace=open,rename,fchmod,fchown sed -i.b s/a/b/ f" +
      " 2>&1; cat f f.b; ls /tmp | grep -c '^sed'";
    const r = await runProgram(k, ["bash", "-c", cmd], { uid: 1000 });
    const tmp = /"(\.\/sed[A-Za-z0-9]{6})"/.exec(r.output)?.[1];
    expect(tmp).toBeDefined();
    expect(r.output.split("\n").map((l) => l.replace(/ +=/, " ="))).toEqual([
      'open("f", O_RDONLY) = 3',
      `open("${tmp}", O_RDWR|O_CREAT|O_EXCL, 0600) = 4`,
      "fchown(4, 1000, 1000) = 0",
      "fchmod(4, 0664) = 0",
      'rename("f", "f.b") = 0',
      `rename("${tmp}", "f") = 0`,
      "+++ exited with 0 +++",
      "b",
      "a",
      "0",
      "",
    ]);
  });
});
