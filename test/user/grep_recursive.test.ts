/**
 * grep -r/-R/-d/-D/--include/--exclude/--exclude-dir (src/user/lib/grep_tree.ts), checked
 * against GNU grep 3.8 on Debian 12: every expected text below is what `echo hello | grep
 * ARGS 2>&1; echo rc=$?` printed there, run as user nobody in the same tree on tmpfs
 * (/dev/shm), whose readdir order (newest entry first) vkern's tmpfs shares. grep 3.1 (the
 * book's Ubuntu 18.04) walks and names files the same way.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { boot, runProgram } from "../../src/vkern.ts";

const sh = async (k: Kernel, script: string, uid = 1000) =>
  (await runProgram(k, ["sh", "-c", script], { uid, cwd: "/tmp" })).output;

/** The recorded tree: files, a subdirectory, symlinks to a file, a directory and nowhere,
 * an unreadable file and an unreadable directory. Created in this order (readdir shows the
 * newest first). */
const TREE = `mkdir gr && cd gr && printf 'hello\\nworld\\n' > a.txt && mkdir sub &&
printf 'hello there\\n' > sub/b.txt && mkdir sub/deep && printf 'nothing\\n' > sub/deep/c.txt &&
ln -s a.txt link && ln -s sub dlink && ln -s nowhere dangling &&
printf 'hello secret\\n' > secret && chmod 000 secret &&
mkdir closed && printf 'hello\\n' > closed/x && chmod 000 closed`;

describe("grep -r", () => {
  let k: Kernel;
  beforeAll(async () => {
    k = await boot();
    expect(await sh(k, TREE)).toBe("");
  });

  // [cwd, arguments, output of `echo hello | grep ARGS 2>&1; echo rc=$?` in grep 3.8]
  const RECORDED: [string, string, string][] = [
    [
      "/tmp",
      "-r hello gr",
      "grep: gr/closed: Permission denied\ngrep: gr/secret: Permission denied\ngr/sub/b.txt:hello there\ngr/a.txt:hello\nrc=2\n",
    ],
    [
      "/tmp",
      "-r hello gr/",
      "grep: gr/closed: Permission denied\ngrep: gr/secret: Permission denied\ngr/sub/b.txt:hello there\ngr/a.txt:hello\nrc=2\n",
    ],
    [
      "/tmp",
      "-r hello gr//",
      "grep: gr/closed: Permission denied\ngrep: gr/secret: Permission denied\ngr/sub/b.txt:hello there\ngr/a.txt:hello\nrc=2\n",
    ],
    [
      "/tmp",
      "-rh hello gr",
      "grep: gr/closed: Permission denied\ngrep: gr/secret: Permission denied\nhello there\nhello\nrc=2\n",
    ],
    ["/tmp", "-rH hello gr/a.txt", "gr/a.txt:hello\nrc=0\n"],
    ["/tmp", "-r hello gr/a.txt", "hello\nrc=0\n"],
    [
      "/tmp",
      "-rn hello gr",
      "grep: gr/closed: Permission denied\ngrep: gr/secret: Permission denied\ngr/sub/b.txt:1:hello there\ngr/a.txt:1:hello\nrc=2\n",
    ],
    [
      "/tmp",
      "-rc hello gr",
      "grep: gr/closed: Permission denied\ngrep: gr/secret: Permission denied\ngr/sub/deep/c.txt:0\ngr/sub/b.txt:1\ngr/a.txt:1\nrc=2\n",
    ],
    [
      "/tmp",
      "-rl hello gr",
      "grep: gr/closed: Permission denied\ngrep: gr/secret: Permission denied\ngr/sub/b.txt\ngr/a.txt\nrc=2\n",
    ],
    [
      "/tmp",
      "-rL hello gr",
      "grep: gr/closed: Permission denied\ngrep: gr/secret: Permission denied\ngr/sub/deep/c.txt\nrc=2\n",
    ],
    [
      "/tmp",
      "-R hello gr",
      "grep: gr/closed: Permission denied\ngrep: gr/secret: Permission denied\ngrep: gr/dangling: No such file or directory\ngr/dlink/b.txt:hello there\ngr/link:hello\ngr/sub/b.txt:hello there\ngr/a.txt:hello\nrc=2\n",
    ],
    ["/tmp", "hello gr", "grep: gr: Is a directory\nrc=2\n"],
    ["/tmp", "-r hello gr/link", "hello\nrc=0\n"],
    ["/tmp", "-r hello gr/dlink", "gr/dlink/b.txt:hello there\nrc=0\n"],
    ["/tmp", "-rs hello gr", "gr/sub/b.txt:hello there\ngr/a.txt:hello\nrc=2\n"],
    [
      "/tmp",
      "-rq hello gr",
      "grep: gr/closed: Permission denied\ngrep: gr/secret: Permission denied\nrc=0\n",
    ],
    ["/tmp", "-d skip hello gr", "rc=1\n"],
    [
      "/tmp",
      "-d recurse hello gr",
      "grep: gr/closed: Permission denied\ngrep: gr/secret: Permission denied\ngr/sub/b.txt:hello there\ngr/a.txt:hello\nrc=2\n",
    ],
    [
      "/tmp/gr",
      "-r hello",
      "grep: closed: Permission denied\ngrep: secret: Permission denied\nsub/b.txt:hello there\na.txt:hello\nrc=2\n",
    ],
    [
      "/tmp/gr",
      "-r hello .",
      "grep: ./closed: Permission denied\ngrep: ./secret: Permission denied\n./sub/b.txt:hello there\n./a.txt:hello\nrc=2\n",
    ],
    [
      "/tmp/gr",
      "--recursive -n hello",
      "grep: closed: Permission denied\ngrep: secret: Permission denied\nsub/b.txt:1:hello there\na.txt:1:hello\nrc=2\n",
    ],
    ["/tmp/gr", "-rH hello sub", "sub/b.txt:hello there\nrc=0\n"],
    ["/tmp/gr", "-r hello sub a.txt", "sub/b.txt:hello there\na.txt:hello\nrc=0\n"],
    ["/tmp/gr", "-r hello ./sub", "./sub/b.txt:hello there\nrc=0\n"],
    ["/tmp/gr", "-rh hello sub a.txt", "hello there\nhello\nrc=0\n"],
    ["/tmp/gr", "-r -c hello sub/deep", "sub/deep/c.txt:0\nrc=1\n"],
    ["/tmp/gr", "-rL hello sub/deep", "sub/deep/c.txt\nrc=1\n"],
    ["/tmp/gr", "-r hello nonexist", "grep: nonexist: No such file or directory\nrc=2\n"],
    ["/tmp/gr", "-r hello -", "hello\nrc=0\n"],
    ["/tmp/gr", "-R -r hello dlink/", "dlink/b.txt:hello there\nrc=0\n"],
    ["/tmp/gr", "--dereference-recursive hello dlink", "dlink/b.txt:hello there\nrc=0\n"],
    ["/tmp/gr", "-L hello a.txt sub", "grep: sub: Is a directory\nsub\nrc=2\n"],
    ["/tmp/gr", "-c hello a.txt sub", "a.txt:1\ngrep: sub: Is a directory\nsub:0\nrc=2\n"],
    ["/tmp/gr", "-rc hello a.txt sub", "a.txt:1\nsub/deep/c.txt:0\nsub/b.txt:1\nrc=0\n"],
    ["/tmp/gr", "-rZl hello sub", "sub/b.txt\u0000rc=0\n"],
    [
      "/tmp/gr",
      "-r -m1 hello .",
      "grep: ./closed: Permission denied\ngrep: ./secret: Permission denied\n./sub/b.txt:hello there\n./a.txt:hello\nrc=2\n",
    ],
    [
      "/tmp/gr",
      "-r -o hel .",
      "grep: ./closed: Permission denied\ngrep: ./secret: Permission denied\n./sub/b.txt:hel\n./a.txt:hel\nrc=2\n",
    ],
    [
      "/tmp/gr",
      "-r -A1 hello a.txt sub",
      "a.txt:hello\na.txt-world\n--\nsub/b.txt:hello there\nrc=0\n",
    ],
    [
      "/tmp/gr",
      "-r --include=*.txt hello",
      "grep: closed: Permission denied\nsub/b.txt:hello there\na.txt:hello\nrc=2\n",
    ],
    [
      "/tmp/gr",
      "-r hello --exclude-dir=sub .",
      "grep: ./closed: Permission denied\ngrep: ./secret: Permission denied\n./a.txt:hello\nrc=2\n",
    ],
    ["/tmp/gr", "-r hello --exclude-dir=sub sub", "rc=1\n"],
    ["/tmp/gr", "-r hello --exclude=a.txt ./a.txt", "rc=1\n"],
    [
      "/tmp/gr",
      "-r hello --exclude=*.txt --include=a* .",
      "grep: ./closed: Permission denied\ngrep: ./secret: Permission denied\n./a.txt:hello\nrc=2\n",
    ],
    [
      "/tmp/gr",
      "-r hello --include=a* --exclude=*.txt .",
      "grep: ./closed: Permission denied\nrc=2\n",
    ],
    [
      "/tmp/gr",
      "-r hello --exclude-dir=.",
      "grep: closed: Permission denied\ngrep: secret: Permission denied\nsub/b.txt:hello there\na.txt:hello\nrc=2\n",
    ],
    ["/tmp/gr", "-r hello --exclude-dir=. .", "rc=1\n"],
    ["/tmp/gr", "-D foo x .", "grep: unknown devices method\nrc=2\n"],
    // grep 3.1 (vkern's usage text) says PATTERN where 3.8 says PATTERNS.
    [
      "/tmp/gr",
      "-d foo x .",
      "grep: invalid argument ‘foo’ for ‘--directories’\nValid arguments are:\n  - ‘read’\n  - ‘recurse’\n  - ‘skip’\nUsage: grep [OPTION]... PATTERN [FILE]...\nTry 'grep --help' for more information.\nrc=1\n",
    ],
  ];

  it.each(RECORDED)("in %s: grep %s", async (cwd, args, want) => {
    const out = await sh(k, `cd ${cwd} && echo hello | grep ${args} 2>&1; echo rc=$?`);
    expect(out).toBe(want);
  });

  it("reports the output file among its inputs and skips it (grep 3.8)", async () => {
    const out = await sh(
      k,
      "mkdir o && cd o && echo hello > a && grep -r hello . > out.txt; echo rc=$?; cat out.txt;" +
        " grep -c hello a out.txt >> out.txt; echo rc=$?; cat out.txt",
    );
    expect(out).toBe(
      "grep: ./out.txt: input file is also the output\nrc=2\n./a:hello\nrc=0\n./a:hello\na:1\nout.txt:1\n",
    );
  });

  it("-R follows links, warns of a loop, reports a link loop; -r skips links (grep 3.8)", async () => {
    const out = await sh(
      k,
      "mkdir -p lp/d && echo x > lp/d/f && ln -s .. lp/d/up && ln -s /tmp/lp/d/self lp/d/self;" +
        " grep -R x lp 2>&1; echo rc=$?; grep -r x lp 2>&1; echo rc=$?; grep -Rs x lp 2>&1; echo rc=$?",
    );
    expect(out).toBe(
      "grep: lp/d/self: Too many levels of symbolic links\n" +
        "grep: lp/d/up: warning: recursive directory loop\n" +
        "lp/d/f:x\nrc=2\nlp/d/f:x\nrc=0\nlp/d/f:x\nrc=2\n",
    );
  });

  it("skips devices met during the walk, reads command-line ones; -D skip skips both", async () => {
    // /dev/zero would be read forever: the walk must not open it (GNU grep 3.8 does not).
    expect(await sh(k, "grep -r zzz /dev/ 2>&1 | grep -v 'Permission denied'; echo rc=$?")).toBe(
      "rc=1\n",
    );
    expect(await sh(k, "grep -rc x /dev/null; echo rc=$?")).toBe("0\nrc=1\n");
    expect(await sh(k, "grep -D skip -c x /dev/null; echo rc=$?")).toBe("rc=1\n");
  });
});

describe("grep -r on sysfs", () => {
  it("prints a module's parameters as Linux does", async () => {
    const k = await boot();
    // grep 3.8 on Linux 6.18 (this machine) printed, in kernfs's hash order:
    //   /sys/module/printk/parameters/time:Y
    //   /sys/module/printk/parameters/console_no_auto_verbose:N
    //   /sys/module/printk/parameters/console_suspend:Y
    //   /sys/module/printk/parameters/always_kmsg_dump:N
    //   /sys/module/printk/parameters/ignore_loglevel:N
    // Linux 5.4 has no console_no_auto_verbose (added in 6.x); the others keep their order.
    expect(await sh(k, "grep -r . /sys/module/printk/parameters/; echo rc=$?")).toBe(
      "/sys/module/printk/parameters/time:Y\n" +
        "/sys/module/printk/parameters/console_suspend:Y\n" +
        "/sys/module/printk/parameters/always_kmsg_dump:N\n" +
        "/sys/module/printk/parameters/ignore_loglevel:N\nrc=0\n",
    );
    // grep 3.8, Linux 6.18: two operands get "name:" prefixes; one does not.
    expect(await sh(k, "grep . /sys/class/net/lo/mtu /sys/class/net/lo/operstate")).toBe(
      "/sys/class/net/lo/mtu:65536\n/sys/class/net/lo/operstate:unknown\n",
    );
    expect(await sh(k, "grep . /sys/class/net/*/mtu")).toBe("65536\n");
    // /sys/class/net/* are symbolic links: -r skips them (rc=1 on Linux too), -R follows.
    expect(await sh(k, "grep -r . /sys/class/net/; echo rc=$?")).toBe("rc=1\n");
    expect(
      await sh(k, "grep -R -h . /sys/class/net/lo/mtu /sys/class/net/ 2>/dev/null | grep -c 65536"),
    ).toBe("2\n");
  });

  it("finds a loaded module's parameters with grep -r . /sys/module/<mod>/parameters/", async () => {
    const k = await boot();
    expect(
      await sh(
        k,
        "insmod debugfs_simple_intf 2>&1; grep -r . /sys/module/debugfs_simple_intf/parameters/",
        0,
      ),
    ).toBe("/sys/module/debugfs_simple_intf/parameters/cause_an_oops:0\n");
  });
});

describe("grep group separators", () => {
  // `grep ARGS` in GNU grep 3.8 over t1 = a b a, t2 = ab x y ab, t3 = ab x ab: a group
  // after output in an earlier file gets "--" too, -A0 and -o still separate groups.
  const RECORDED: [string, string][] = [
    ["-o -A1 a t2", "a\n--\na\n"],
    ["-o -A0 a t2", "a\n--\na\n"],
    ["-o -A1 a t3", "a\na\n"],
    ["-A0 a t1", "a\n--\na\n"],
    ["-A1 a t1 t2 t3", "t1:a\nt1-b\nt1:a\n--\nt2:ab\nt2-x\n--\nt2:ab\n--\nt3:ab\nt3-x\nt3:ab\n"],
    ["-B1 -n a t2 t3", "t2:1:ab\n--\nt2-3-y\nt2:4:ab\n--\nt3:1:ab\nt3-2-x\nt3:3:ab\n"],
    ["-C0 -c a t1 t2", "t1:2\nt2:2\n"],
    ["-o -B1 a t2 t3", "t2:a\n--\nt2:a\n--\nt3:a\nt3:a\n"],
    ["-1 x t2 t3", "t2-ab\nt2:x\nt2-y\n--\nt3-ab\nt3:x\nt3-ab\n"],
    ["-A1 -m1 a t1 t2", "t1:a\nt1-b\n--\nt2:ab\nt2-x\n"],
  ];
  let k: Kernel;
  beforeAll(async () => {
    k = await boot();
  });
  it.each(RECORDED)("grep %s", async (args, want) => {
    const setup =
      "printf 'a\\nb\\na\\n' > t1; printf 'ab\\nx\\ny\\nab\\n' > t2; printf 'ab\\nx\\nab\\n' > t3";
    expect(await sh(k, `${setup}; grep ${args}`)).toBe(want);
  });
});
