/**
 * strace: the decoder's formats and whole runs. Quoting and column alignment were
 * recorded from strace 6.1 on Debian 12 (`strace -e trace=read cat` of a file holding
 * a\tb"c\\ \001 \001 2x \177, and `strace -e trace=close true`), which print them as
 * strace 4.21 of Ubuntu 18.04 does.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { Kernel } from "../../src/kernel/kernel.ts";
import type { TraceeMemory } from "../../src/kernel/ptrace.ts";
import { argTypes, ioctlCode, openFlags, quoteBytes } from "../../src/user/bin/strace/args.ts";
import { parseTraceSet, StraceDecoder } from "../../src/user/bin/strace/decoder.ts";
import { boot, runProgram } from "../../src/vkern.ts";
import { installProgram, suicideProgram } from "./helpers.ts";

const noMem: TraceeMemory = { read: () => null, readString: () => null };
const dec = (trace: Set<string> | null = null) =>
  new StraceDecoder({ strsize: 32, trace, pidPrefix: false, quietExit: false });
const line = (name: string, args: (number | bigint)[], ret: number) => {
  const d = dec();
  const ctx = { pid: 42, nprocs: 1 };
  return d.exit(
    ctx,
    d.enter(ctx, name, [...args, 0, 0, 0, 0, 0, 0].slice(0, 6), noMem),
    ret,
    noMem,
  );
};

describe("strace formats", () => {
  it("quotes strings as string_quote() does", () => {
    const b = new Uint8Array([0x61, 9, 0x62, 0x22, 0x63, 0x5c, 1, 1, 0x32, 0x78, 0x7f]);
    expect(quoteBytes(b)).toBe('"a\\tb\\"c\\\\\\1\\0012x\\177"'); // strace 6.1
  });

  it.each([
    // strace 6.1: 'close(3)                                = 0' ("=" at column 40)
    ["close", [3], 0, "close(3)                                = 0\n"],
    [
      "socket",
      [16, 3, 31],
      -93,
      "socket(AF_NETLINK, SOCK_RAW, 0x1f /* NETLINK_??? */) = -1 EPROTONOSUPPORT (Protocol not supported)\n",
    ],
    [
      "socket",
      [16, 0o2000003, 15],
      3,
      "socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT) = 3\n",
    ],
    ["exit_group", [0], 0, "exit_group(0)                           = ?\n"],
    // strace 6.1 of `sh -c 'umask 0; umask 077; umask 02777'`: RVAL_OCTAL, "%#03lo"
    ["umask", [0], 0o22, "umask(000)                              = 022\n"],
    ["umask", [0o77], 0, "umask(077)                              = 000\n"],
    ["umask", [0o2777], 0o77, "umask(02777)                            = 077\n"],
    ["umask", [0o22], 0o777, "umask(022)                              = 0777\n"],
    [
      "ioctl",
      [3, 0x8004a801, 0x7ffd0000],
      0,
      "ioctl(3, _IOC(_IOC_READ, 0xa8, 0x1, 0x4), 0x7ffd0000) = 0\n",
    ],
    [
      "ioctl",
      [1, 0x5401, 0x7ffd0000],
      -25,
      "ioctl(1, TCGETS, 0x7ffd0000)            = -1 ENOTTY (Inappropriate ioctl for device)\n",
    ],
    [
      "mmap",
      [0, 4096, 3, 0x22, -1, 0],
      0x7f0000000000,
      "mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000\n",
    ],
    ["lseek", [3, 0, 3], 0, "lseek(3, 0, SEEK_DATA)                  = 0\n"],
    ["kill", [12, 9], 0, "kill(12, SIGKILL)                       = 0\n"],
    [
      "delete_module",
      [0, 0o4000],
      -2,
      "delete_module(NULL, O_NONBLOCK)         = -1 ENOENT (No such file or directory)\n",
    ],
  ])("%s(%j) = %i", (name, args, ret, want) => {
    expect(line(name as string, args as number[], ret as number)).toBe(want);
  });

  it.each([
    [0xa800, "_IOC(_IOC_NONE, 0xa8, 0, 0)"],
    [0x8004a801, "_IOC(_IOC_READ, 0xa8, 0x1, 0x4)"],
    [0x4004a802, "_IOC(_IOC_WRITE, 0xa8, 0x2, 0x4)"],
    [0xc008a803, "_IOC(_IOC_READ|_IOC_WRITE, 0xa8, 0x3, 0x8)"],
    [0x541b, "FIONREAD"],
    [0x5401, "TCGETS"],
  ])("ioctl code %i is %s", (cmd, text) => {
    expect(ioctlCode(cmd)).toBe(text);
  });

  it.each([
    [0, "O_RDONLY"],
    [0o2000000, "O_RDONLY|O_CLOEXEC"],
    [0o1101, "O_WRONLY|O_CREAT|O_TRUNC"],
    [0o200000 | 0o4000, "O_RDONLY|O_NONBLOCK|O_DIRECTORY"],
  ])("open flags %o are %s", (f, text) => {
    expect(openFlags(f)).toBe(text);
  });

  it("lets others add printers", () => {
    argTypes.set("test_answer", { format: () => "42" });
    expect(
      argTypes
        .get("test_answer")
        ?.format({ value: 0, args: [], mem: noMem, opts: { strsize: 32 } }),
    ).toBe("42");
    argTypes.delete("test_answer");
  });

  it.each([
    ["trace=network", ["socket", "bind", "sendmsg"], ["open", "read"]],
    ["trace=%file", ["open", "execve", "stat"], ["read"]],
    ["trace=open,close", ["open", "close"], ["read"]],
    ["trace=!close", ["open"], ["close"]],
  ])("-e %s", (spec, inSet, outSet) => {
    const s = parseTraceSet(spec);
    expect(s && !("bad" in s)).toBe(true);
    const set = s as Set<string>;
    for (const n of inSet) expect(set.has(n)).toBe(true);
    for (const n of outSet) expect(set.has(n)).toBe(false);
  });
});

describe("strace runs", () => {
  let k: Kernel;
  beforeEach(async () => {
    k = await boot();
    installProgram(k, "suicide", suicideProgram);
  });

  it("traces a command, interleaved exactly with its own output", async () => {
    const r = await runProgram(k, ["strace", "cat", "/etc/hostname"]);
    expect(r.status).toBe(0);
    const lines = r.output.split("\n");
    expect(lines[0]).toMatch(
      /^execve\("\/bin\/cat", \["cat", "\/etc\/hostname"\], 0x[0-9a-f]+ \/\* \d+ vars \*\/\) = 0$/,
    );
    const w = lines.findIndex((l) => /^write\(1, "llkd-vbox\\n", 10\) += 10$/.test(l));
    expect(w).toBeGreaterThan(0);
    expect(lines[w].indexOf("=")).toBe(40);
    expect(lines[w - 1]).toBe("llkd-vbox");
    expect(lines.slice(-3)).toEqual([
      "exit_group(0)                           = ?",
      "+++ exited with 0 +++",
      "",
    ]);
  });

  it("filters, and reports errors", async () => {
    const r = await runProgram(k, ["strace", "-e", "trace=open", "cat", "/nonexist"]);
    expect(r).toMatchObject({
      output:
        'open("/nonexist", O_RDONLY)             = -1 ENOENT (No such file or directory)\ncat: /nonexist: No such file or directory\n+++ exited with 1 +++\n',
      status: 1,
    });
  });

  it("mirrors a death by signal, as strace does", async () => {
    const r = await runProgram(k, ["strace", "-e", "trace=kill", "suicide", "9"]);
    expect(r.output).toMatch(/^kill\(\d+, SIGKILL\) += \?\n\+\+\+ killed by SIGKILL \+\+\+\n$/);
    expect(r.status).toBe(137);
  });

  it("a traced set-user-ID program does not gain root, as on Linux", async () => {
    const r = await runProgram(k, ["strace", "-e", "trace=none", "sudo", "true"]);
    expect(r.output).toContain("sudo: effective uid is not 0");
  });

  it("follows forks with -f and prefixes pids", async () => {
    const r = await runProgram(k, [
      "strace",
      "-f",
      "-e",
      "trace=execve,exit_group",
      "sh",
      "-c",
      "/bin/true; exit 0",
    ]);
    const lines = r.output.split("\n");
    expect(lines[0]).toMatch(/^execve\("\/bin\/sh"/);
    expect(lines[1]).toMatch(/^\[pid +\d+\] execve\("\/bin\/true", \["\/bin\/true"\]/);
    expect(lines[2]).toMatch(/^\[pid +\d+\] exit_group\(0\) += \?$/);
    expect(lines[3]).toMatch(/^\[pid +\d+\] \+\+\+ exited with 0 \+\+\+$/);
    expect(lines.slice(4)).toEqual([
      "exit_group(0)                           = ?",
      "+++ exited with 0 +++",
      "",
    ]);
  });

  it("writes to -o FILE", async () => {
    const r = await runProgram(k, [
      "strace",
      "-o",
      "/tmp/trace",
      "-e",
      "trace=close",
      "cat",
      "/etc/hostname",
    ]);
    expect(r.output).toBe("llkd-vbox\n");
    const t = await runProgram(k, ["cat", "/tmp/trace"]);
    expect(t.output).toBe("close(3)                                = 0\n+++ exited with 0 +++\n");
  });

  it.each([
    [
      ["strace"],
      "strace: must have PROG [ARGS] or -p PID\nTry 'strace -h' for more information.\n",
    ],
    [["strace", "nosuch"], "strace: Can't stat 'nosuch': No such file or directory\n"],
    [["strace", "-e", "trace=bogus", "true"], "strace: invalid system call 'bogus'\n"],
  ])("%j fails", async (argv, out) => {
    expect(await runProgram(k, argv)).toMatchObject({ output: out, status: 1 });
  });

  it("decodes a failed socket(2) when the socket layer answers EPROTONOSUPPORT", () => {
    const d = dec(parseTraceSet("trace=network") as Set<string>);
    const ctx = { pid: 1, nprocs: 1 };
    expect(d.enter(ctx, "read", [0, 0, 0, 0, 0, 0], noMem)).toBeNull();
    const s = d.enter(ctx, "socket", [16, 3, 31, 0, 0, 0], noMem);
    expect(d.exit(ctx, s, -93, noMem)).toBe(
      "socket(AF_NETLINK, SOCK_RAW, 0x1f /* NETLINK_??? */) = -1 EPROTONOSUPPORT (Protocol not supported)\n",
    );
  });
});
