/**
 * dmesg, as util-linux 2.31 prints records (sys-utils/dmesg.c print_record()): the
 * "[%5lu.%06lu] " stamp, continuation lines indented to its width, -x, -t, -T, -l.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { parseKmsgRecord, parseSyslogBuffer } from "../../src/user/bin/dmesg.ts";
import { boot, runProgram } from "../../src/vkern.ts";

let k: Kernel;
beforeEach(async () => {
  k = await boot();
});

const last = (s: string, n = 1) =>
  s
    .split("\n")
    .slice(-1 - n, -1)
    .join("\n");

describe("dmesg", () => {
  it("prints every record with its timestamp and indents continuation lines", async () => {
    k.printk('netlink_simple_intf: received from PID 123:\n"sample user data"', 6);
    const r = await runProgram(k, ["dmesg"]);
    expect(r.status).toBe(0);
    expect(r.output.split("\n")[0]).toMatch(/^\[ {4}0\.000000\] Linux version 5\.4\.0-llkd01 /);
    expect(last(r.output, 2)).toMatch(
      /^\[ +\d+\.\d{6}\] netlink_simple_intf: received from PID 123:\n {15}"sample user data"$/,
    );
  });

  it.each([
    [["dmesg", "-t"], "hello there"],
    [["dmesg", "-x"], /^kern {2}:warn {2}: \[ +\d+\.\d{6}\] hello there$/],
    [["dmesg", "-r"], /^<4>\[ +\d+\.\d{6}\] hello there$/],
    [["dmesg", "-T"], /^\[Mon Mar {2}1 10:00:0\d 2021\] hello there$/],
    [["dmesg", "--level=warn"], /^\[ +\d+\.\d{6}\] hello there$/],
    [["dmesg", "-S"], /^\[ +\d+\.\d{6}\] hello there$/],
  ])("%j formats the last record", async (argv, want) => {
    k.printk("hello there", 4);
    const r = await runProgram(k, argv);
    expect(r.status).toBe(0);
    if (typeof want === "string") expect(last(r.output)).toBe(want);
    else expect(last(r.output)).toMatch(want);
  });

  it("filters by level", async () => {
    k.printk("an error", 3);
    k.printk("some info", 6);
    const r = await runProgram(k, ["dmesg", "-l", "err,crit", "-t"]);
    expect(r.output).toBe("an error\n");
  });

  it("-c reads and clears, as root; -C needs privilege", async () => {
    k.printk("before", 6);
    expect((await runProgram(k, ["dmesg", "-C"])).output).toBe(
      "dmesg: klogctl failed: Operation not permitted\n",
    );
    expect(last((await runProgram(k, ["dmesg", "-c", "-t"], { uid: 0 })).output)).toBe("before");
    expect((await runProgram(k, ["dmesg"])).output).toBe("");
    k.printk("after", 6);
    expect((await runProgram(k, ["dmesg", "-t"])).output).toBe("after\n");
  });

  it("reports dmesg_restrict for a normal user", async () => {
    k.sysctl.dmesg_restrict = 1;
    expect(await runProgram(k, ["dmesg"])).toMatchObject({
      output: "dmesg: read kernel buffer failed: Operation not permitted\n",
      status: 1,
    });
    expect((await runProgram(k, ["dmesg"], { uid: 0 })).status).toBe(0);
  });

  it.each([
    [["dmesg", "-l", "loud"], "dmesg: unknown level 'loud'\n"],
    [["dmesg", "-z"], "dmesg: invalid option -- 'z'\nTry 'dmesg --help' for more information.\n"],
  ])("%j is refused", async (argv, out) => {
    expect(await runProgram(k, argv)).toMatchObject({ output: out, status: 1 });
  });

  it("parses both record formats", () => {
    expect(parseKmsgRecord("6,12,1522054,-;a\\x0ab\\x5c\n SUBSYSTEM=x\n")).toEqual({
      level: 6,
      facility: 0,
      usec: 1522054,
      text: "a\nb\\",
    });
    expect(parseSyslogBuffer("<14>[    1.500000] user msg\n")).toEqual([
      { level: 6, facility: 1, usec: 1500000, text: "user msg" },
    ]);
  });
});
