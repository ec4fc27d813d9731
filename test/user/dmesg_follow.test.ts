/**
 * dmesg -w/--follow and -W/--follow-new (util-linux 2.38 sys-utils/dmesg.c: init_kmsg()
 * opens /dev/kmsg without O_NONBLOCK, seeks to the last clear or, for -W, to the end, makes
 * stdout line-buffered, and read()s one record at a time until a signal ends it), and the
 * blocking /dev/kmsg read underneath (printk.c devkmsg_read()).
 *
 * Recorded with util-linux 2.38.1 dmesg on Linux 6.18 (this machine), each run as
 * `dmesg ARGS` in the background, two records written to /dev/kmsg, then SIGINT:
 *   dmesg -W                 -> "[13031.798378] hello from test", status -2 (shell: 130)
 *   dmesg -W -t -l info      -> "hello again"      (the <3> record filtered out)
 *   dmesg -W -x              -> "user  :info  : [13033.004190] decoded"
 *                               "user  :warn  : [13033.004239] user warn"
 *   dmesg -S -w, dmesg -w -S -> "dmesg: mutually exclusive arguments: --syslog --follow", 1
 *   dmesg -w x               -> "dmesg: bad usage" + "Try 'dmesg --help' ...", 1
 */
import { describe, expect, it } from "vitest";
import { O_NONBLOCK, O_RDONLY, SEEK_END } from "../../src/include/uapi/fcntl.ts";
import { boot, runProgram } from "../../src/vkern.ts";
import { expectErrno, proc } from "../helpers.ts";
import { running } from "./follow_helpers.ts";

const STAMP = /^\[ *\d+\.\d{6}\] /;

describe("/dev/kmsg reads", () => {
  it("block at the end of the log until a record comes; O_NONBLOCK gives EAGAIN", async () => {
    const k = await boot();
    const { libc } = proc(k, 0);
    const nb = await libc.open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
    await libc.lseek(nb, 0, SEEK_END);
    await expectErrno(libc.readBytes(nb, 8192), "EAGAIN");
    const fd = await libc.open("/dev/kmsg", O_RDONLY);
    await libc.lseek(fd, 0, SEEK_END);
    let got: string | null = null;
    const pending = libc.readBytes(fd, 8192).then((b) => {
      got = new TextDecoder().decode(b);
    });
    for (let i = 0; i < 50; i++) await proc(k, 0).libc.nanosleep(0, 0);
    expect(got).toBeNull();
    k.printk("wakes the reader", 6);
    await pending;
    expect(got).toMatch(/^6,\d+,\d+,-;wakes the reader\n$/);
  });
});

describe("dmesg -w / -W", () => {
  it("-w prints the log, then each new record as it comes, until SIGINT (status 130)", async () => {
    const k = await boot();
    k.printk("before dmesg", 6);
    await running(k, "/bin/dmesg", ["dmesg", "-w"], {}, async (d) => {
      expect(await d.until(() => d.output().includes("before dmesg\n"))).toBe(true);
      expect(d.output()).toMatch(/^\[ {4}0\.000000\] Linux version 5\.4\.0-llkd01 /);
      // Let it reach the end of the log and sleep in read() there.
      await d.until(() => false, 500);
      k.printk("first new", 6);
      expect(await d.until(() => d.output().includes("first new\n"))).toBe(true);
      k.printk("second new\nwith a continuation line", 4);
      expect(await d.until(() => d.output().includes("continuation line\n"))).toBe(true);
      expect(await d.stop()).toBe(130);
      const lines = d.output().split("\n");
      expect(lines.slice(-5, -1).map((l) => l.replace(STAMP, "[T] "))).toEqual([
        "[T] before dmesg",
        "[T] first new",
        "[T] second new",
        `${" ".repeat(15)}with a continuation line`,
      ]);
    });
  });

  it("-W prints only records that come after it starts", async () => {
    const k = await boot();
    k.printk("old record", 6);
    await running(k, "/bin/dmesg", ["dmesg", "--follow-new"], {}, async (d) => {
      await d.until(() => false, 200);
      expect(d.output()).toBe("");
      k.printk("hello from test", 6);
      expect(await d.until(() => d.output() !== "")).toBe(true);
      expect(await d.stop()).toBe(130);
      expect(d.output()).toMatch(/^\[ *\d+\.\d{6}\] hello from test\n$/);
    });
  });

  it.each([
    [["dmesg", "-W", "-t", "-l", "info"], ["<6>hello again", "<3>an error"], "hello again\n"],
    [
      ["dmesg", "-W", "-x"],
      ["<6>decoded", "<12>user warn"],
      /^user {2}:info {2}: \[ *\d+\.\d{6}\] decoded\nuser {2}:warn {2}: \[ *\d+\.\d{6}\] user warn\n$/,
    ],
    [["dmesg", "-wt", "-l", "err"], ["<6>not shown", "<3>an error"], "an error\n"],
    [["dmesg", "-W", "-T"], ["<6>ctime one"], /^\[Mon Mar {2}1 10:00:\d\d 2021\] ctime one\n$/],
  ])("%j formats followed records as without -w", async (argv, msgs, want) => {
    const k = await boot();
    // -w would print the boot log first: start from an empty one (dmesg -C).
    expect((await runProgram(k, ["dmesg", "-C"], { uid: 0 })).status).toBe(0);
    await running(k, "/bin/dmesg", argv, {}, async (d) => {
      await d.until(() => false, 200);
      const w = proc(k, 0).libc;
      for (const m of msgs) await w.writeFile("/dev/kmsg", `${m}\n`);
      const lines = typeof want === "string" ? want.split("\n").length - 1 : msgs.length;
      expect(await d.until(() => d.output().split("\n").length > lines)).toBe(true);
      expect(await d.stop()).toBe(130);
      if (typeof want === "string") expect(d.output()).toBe(want);
      else expect(d.output()).toMatch(want);
    });
  });

  it.each([
    [["dmesg", "-S", "-w"], "dmesg: mutually exclusive arguments: --syslog --follow\n"],
    [["dmesg", "--follow", "--syslog"], "dmesg: mutually exclusive arguments: --syslog --follow\n"],
    [["dmesg", "-w", "x"], "dmesg: bad usage\nTry 'dmesg --help' for more information.\n"],
  ])("%j is refused", async (argv, out) => {
    const k = await boot();
    expect(await runProgram(k, argv, { uid: 0 })).toMatchObject({ output: out, status: 1 });
  });

  it("a user who may not read the log gets the syslog(2) error, and no follow", async () => {
    const k = await boot();
    k.sysctl.dmesg_restrict = 1;
    expect(await runProgram(k, ["dmesg", "-w"])).toMatchObject({
      output: "dmesg: read kernel buffer failed: Operation not permitted\n",
      status: 1,
    });
  });
});
