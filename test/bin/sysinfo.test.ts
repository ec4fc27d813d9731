/**
 * System-information commands on a fresh kernel (virtual clock: boot at
 * 2021-03-01 10:00:00 UTC, host llkd-vbox, user llkd). Expected formats come from the real
 * tools where this machine has them (coreutils 9.1 date/uname/id/groups/whoami/tty/nproc,
 * procps-ng 4.0.2 kill -l/-L, ncurses 6.4 clear) and otherwise from the 18.04-era sources
 * named in each command's file (procps-ng 3.3.12 free, uptime and ps).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { boot, runProgram } from "../../src/vkern.ts";

let k: Kernel;
beforeAll(async () => {
  k = await boot();
});

const run = (argv: string[], uid = 1000, env?: string[]) =>
  runProgram(k, argv, { uid, cwd: "/", env });

// procps-ng 4.0.2 `/bin/kill -L` on this machine (the same table as 3.3.12).
const KILL_TABLE = ` 1 HUP      2 INT      3 QUIT     4 ILL      5 TRAP     6 ABRT     7 BUS
 8 FPE      9 KILL    10 USR1    11 SEGV    12 USR2    13 PIPE    14 ALRM
15 TERM    16 STKFLT  17 CHLD    18 CONT    19 STOP    20 TSTP    21 TTIN
22 TTOU    23 URG     24 XCPU    25 XFSZ    26 VTALRM  27 PROF    28 WINCH
29 POLL    30 PWR     31 SYS     
`;

describe("identity and system", () => {
  it.each([
    [
      ["uname", "-a"],
      1000,
      "Linux llkd-vbox 5.4.0-llkd01 #1 SMP Mon Mar 1 09:00:00 UTC 2021 x86_64 x86_64 x86_64 GNU/Linux\n",
    ],
    [["uname"], 1000, "Linux\n"],
    [["uname", "-srm"], 1000, "Linux 5.4.0-llkd01 x86_64\n"],
    [["uname", "-o", "-n"], 1000, "llkd-vbox GNU/Linux\n"],
    [["hostname"], 1000, "llkd-vbox\n"],
    [["hostname", "-s"], 1000, "llkd-vbox\n"],
    [["hostname", "-i"], 1000, "127.0.1.1\n"],
    [
      ["id"],
      1000,
      "uid=1000(llkd) gid=1000(llkd) groups=1000(llkd),4(adm),24(cdrom),27(sudo),30(dip),46(plugdev)\n",
    ],
    [["id"], 0, "uid=0(root) gid=0(root) groups=0(root)\n"],
    [["id", "-u"], 1000, "1000\n"],
    [["id", "-un"], 1000, "llkd\n"],
    [["id", "-g"], 1000, "1000\n"],
    [["id", "-G"], 1000, "1000 4 24 27 30 46\n"],
    [["id", "-Gn"], 1000, "llkd adm cdrom sudo dip plugdev\n"],
    [
      ["id", "llkd"],
      0,
      "uid=1000(llkd) gid=1000(llkd) groups=1000(llkd),4(adm),24(cdrom),27(sudo),30(dip),46(plugdev)\n",
    ],
    [["whoami"], 1000, "llkd\n"],
    [["whoami"], 0, "root\n"],
    [["groups"], 1000, "llkd adm cdrom sudo dip plugdev\n"],
    [["groups", "llkd", "root"], 1000, "llkd : llkd adm cdrom sudo dip plugdev\nroot : root\n"],
    [["nproc"], 1000, "1\n"],
    [
      ["kill", "-l"],
      1000,
      "HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT\nCHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH POLL PWR SYS\n",
    ],
    [["kill", "-L"], 1000, KILL_TABLE],
    [["kill", "-l9"], 1000, "KILL\n"],
    [["kill", "-lTERM"], 1000, "15\n"],
  ] as [string[], number, string][])("%j as %d", async (argv, uid, want) => {
    const r = await run(argv, uid);
    expect(r.output).toBe(want);
    expect(r.status).toBe(0);
  });

  it.each([
    [["id", "nosuch"], "id: ‘nosuch’: no such user\n", 1],
    [
      ["id", "-n"],
      "id: cannot print only names or real IDs in default format\nTry 'id --help' for more information.\n",
      1,
    ],
    [
      ["id", "-ug"],
      "id: cannot print \"only\" of more than one choice\nTry 'id --help' for more information.\n",
      1,
    ],
    [["whoami", "x"], "whoami: extra operand ‘x’\nTry 'whoami --help' for more information.\n", 1],
    [["groups", "nosuch"], "groups: ‘nosuch’: no such user\n", 1],
    [["uname", "a"], "uname: extra operand ‘a’\nTry 'uname --help' for more information.\n", 1],
    [
      ["uname", "-x"],
      "uname: invalid option -- 'x'\nTry 'uname --help' for more information.\n",
      1,
    ],
    [["hostname", "foo"], "hostname: you must be root to change the host name\n", 1],
    [["kill", "99999"], "kill: (99999): No such process\n", 1],
    [["kill", "abc"], "kill: failed to parse argument: 'abc'\n", 1],
    [["kill", "-s", "FOO", "1"], "kill: (1): Invalid argument\n", 1],
    [["date", "x"], "date: invalid date ‘x’\n", 1],
    [
      ["date", "+%s", "+%y"],
      "date: extra operand ‘+%y’\nTry 'date --help' for more information.\n",
      1,
    ],
    [["clear"], "TERM environment variable not set.\n", 1],
    [["tty"], "not a tty\n", 1],
  ] as [string[], string, number][])("%j fails", async (argv, want, status) => {
    const r = await run(argv);
    expect(r.output).toBe(want);
    expect(r.status).toBe(status);
  });

  it("kill without arguments prints procps usage on stderr", async () => {
    const r = await run(["kill"]);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^\nUsage:\n kill \[options\] <pid> \[\.\.\.\]\n\nOptions:\n/);
    expect(r.status).toBe(1);
  });

  it("kill -9 ends a process and reports nothing", async () => {
    const r = await run(["bash", "-c", "sleep 100 & /bin/kill -9 $!; wait $!; echo $?"]);
    expect(r.output).toBe("137\n");
  });

  it("clear writes the xterm-256color sequence", async () => {
    const r = await run(["clear"], 1000, ["TERM=xterm-256color"]);
    expect(r.output).toBe("\x1b[H\x1b[2J\x1b[3J");
    expect((await run(["clear", "-x"], 1000, ["TERM=xterm-256color"])).output).toBe(
      "\x1b[H\x1b[2J",
    );
    expect((await run(["clear"], 1000, ["TERM=foo"])).output).toBe(
      "'foo': unknown terminal type.\n",
    );
  });
});

describe("date", () => {
  it.each([
    [["date", "-d", "@0"], "Thu Jan  1 00:00:00 UTC 1970\n"],
    [["date", "-u", "-d", "@1614592803"], "Mon Mar  1 10:00:03 UTC 2021\n"],
    [["date", "-d", "@1614592803", "+%c"], "Mon Mar  1 10:00:03 2021\n"],
    [["date", "-R", "-d", "@1614592803"], "Mon, 01 Mar 2021 10:00:03 +0000\n"],
    [["date", "-I", "-d", "@1614592803"], "2021-03-01\n"],
    [["date", "-Iseconds", "-d", "@1614592803"], "2021-03-01T10:00:03+00:00\n"],
    [["date", "--rfc-3339=seconds", "-d", "@1614592803"], "2021-03-01 10:00:03+00:00\n"],
    [["date", "-d", "2021-03-01 10:00:03", "+%s"], "1614592803\n"],
    // `date -d @1614592803 '+%F %T|%j %a %A %b %B %e|%-d|%_m|%y %Z %z %:z %p %I %l %k %u %w %U %V %W %G %C %D %R %r %x %X %%'`
    [
      [
        "date",
        "-d",
        "@1614592803",
        "+%F %T|%j %a %A %b %B %e|%-d|%_m|%y %Z %z %:z %p %I %l %k %u %w %U %V %W %G %C %D %R %r %x %X %%",
      ],
      "2021-03-01 10:00:03|060 Mon Monday Mar March  1|1| 3|21 UTC +0000 +00:00 AM 10 10 10 1 1 09 09 09 2021 20 03/01/21 10:00 10:00:03 AM 03/01/21 10:00:03 %\n",
    ],
    [["date", "-d", "@1609459200", "+%G-W%V-%u %U %W %j"], "2020-W53-5 00 00 001\n"],
  ])("%j", async (argv, want) => {
    expect((await run(argv)).output).toBe(want);
  });

  it("prints the virtual clock in date(1)'s default format", async () => {
    const r = await run(["date"]);
    expect(r.output).toMatch(/^Mon Mar {2}1 10:00:0\d UTC 2021\n$/);
  });

  it("sleep advances the virtual clock", async () => {
    const r = await run([
      "bash",
      "-c",
      "a=$(date +%s); sleep 2.5; sleep 1m; b=$(date +%s); echo $((b-a))",
    ]);
    expect(r.output).toMatch(/^6[23]\n$/);
  });
});

describe("free and uptime", () => {
  it("free prints /proc/meminfo in procps 3.3.12 columns", async () => {
    const r = await run(["free"]);
    const lines = r.output.split("\n");
    expect(lines[0]).toBe(
      "              total        used        free      shared  buff/cache   available",
    );
    expect(lines[1]).toMatch(/^Mem: {3}( {1,11}\d+){6}$/);
    expect(lines[1].length).toBe(7 + 6 * 12);
    expect(lines[2]).toMatch(/^Swap: {2}( {1,11}\d+){3}$/);
    const t = await run(["free", "-t", "-m"]);
    expect(t.output.split("\n")[3]).toMatch(/^Total: ( {1,11}\d+){3}$/);
    const w = await run(["free", "-w"]);
    expect(w.output.split("\n")[0]).toBe(
      "              total        used        free      shared     buffers       cache   available",
    );
  });

  it("uptime uses sprint_uptime()'s layout", async () => {
    const r = await run(["uptime"]);
    expect(r.output).toMatch(
      /^ 10:0\d:\d\d up {1,2}\d+ min, {2}\d users?, {2}load average: 0\.00, 0\.00, 0\.00\n$/,
    );
    expect((await run(["uptime", "-p"])).output).toMatch(/^up \d+ minutes?\n$/);
    expect((await run(["uptime", "-s"])).output).toBe("2021-03-01 10:00:00\n");
  });
});

describe("ps", () => {
  it("each -o is its own list; with every header emptied there is no header line (procps 4.0.2)", async () => {
    const r = await run(["ps", "-o", "pid=", "-o", "comm=", "-p", "1"]);
    expect(r.output).toBe("      1 systemd\n");
    const h = await run(["ps", "-o", "pid", "-o", "comm=NAME", "-p", "1"]);
    expect(h.output).toBe("    PID NAME\n      1 systemd\n");
  });

  it("default: the session's processes with a PID column as wide as pid_max needs", async () => {
    const r = await run(["bash", "-c", "ps"]);
    const lines = r.output.trimEnd().split("\n");
    expect(lines[0]).toBe("    PID TTY          TIME CMD");
    // runProgram has no controlling terminal, so ps shows "?" as for a daemon.
    expect(lines.at(-1)).toMatch(/^ +\d+ \? {8}00:00:00 ps$/);
    expect(lines.some((l) => / bash$/.test(l))).toBe(true);
    expect(lines.some((l) => /kthreadd/.test(l))).toBe(false);
  });

  it("-ef: full format, kernel threads in brackets, full command lines", async () => {
    const r = await run(["ps", "-ef"]);
    const lines = r.output.split("\n");
    expect(lines[0]).toBe("UID          PID    PPID  C STIME TTY          TIME CMD");
    expect(lines).toContain("root           2       0  0 10:00 ?        00:00:00 [kthreadd]");
    expect(lines.find((l) => /ps -ef$/.test(l))).toMatch(
      /^llkd +\d+ +\d+ {2}0 10:0\d \? {8}00:00:00 ps -ef$/,
    );
  });

  it("aux: BSD user format", async () => {
    const r = await run(["ps", "aux"]);
    const lines = r.output.split("\n");
    expect(lines[0]).toBe(
      "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND",
    );
    expect(lines).toContain(
      "root           2  0.0  0.0      0     0 ?        S    10:00   0:00 [kthreadd]",
    );
  });

  it("-e, -p, -o, errors", async () => {
    const e = await run(["ps", "-e"]);
    expect(e.output).toContain("      2 ?        00:00:00 kthreadd\n");
    const p = await run(["ps", "-p", "1", "-o", "pid,ppid,user,comm"]);
    expect(p.output).toBe("    PID    PPID USER     COMMAND\n      1       0 root     systemd\n");
    const h = await run(["ps", "-p", "2", "-o", "comm=NAME"]);
    expect(h.output).toBe("NAME\nkthreadd\n");
    const none = await run(["ps", "-p", "99999"]);
    expect(none).toMatchObject({ output: "    PID TTY          TIME CMD\n", status: 1 });
    const bad = await run(["ps", "-o", "foo"]);
    expect(bad.stderr).toMatch(
      /^error: unknown user-defined format specifier "foo"\n\nUsage:\n ps \[options\]\n/,
    );
    expect(bad.status).toBe(1);
    const long = await run(["ps", "--foo"]);
    expect(long.stderr).toMatch(/^error: unknown gnu long option\n/);
  });
});
