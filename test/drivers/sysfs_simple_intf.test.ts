/**
 * The chapter's sysfs demo module (sysfs_simple_intf): the device directory as the book's
 * `ls -l` shows it, the three attributes, store's validation, the log lines, cleanup.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { O_WRONLY } from "../../src/include/uapi/fcntl.ts";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { register_uevent_listener } from "../../src/linux.ts";
import { runProgram } from "../../src/vkern.ts";
import { bootWith, expectErrno, insmod, proc, rmmod } from "../helpers.ts";

const D = "/sys/devices/platform/llkd_sysfs_simple_intf_device";
let k: Kernel;
let events: string[];

beforeEach(async () => {
  k = await bootWith();
  events = [];
  register_uevent_listener(k, (a, p) => events.push(`${a} ${p}`));
  expect(await insmod(k, "sysfs_simple_intf")).toBe(0);
});

describe("sysfs_simple_intf", () => {
  it("ls -l of the device directory matches the chapter", async () => {
    const r = await runProgram(k, ["ls", "-l", `${D}/`], { uid: 1000, cwd: "/" });
    const lines = r.stdout.split("\n").map((l) => l.replace(/ Mar {2}1 10:00 /, " * "));
    expect(lines).toEqual([
      "total 0",
      "-rw-r--r-- 1 root root 4096 * driver_override",
      "-rw-r--r-- 1 root root 4096 * llkdsysfs_debug_level",
      "-r--r--r-- 1 root root 4096 * llkdsysfs_pgoff",
      "-r--r--r-- 1 root root 4096 * llkdsysfs_pressure",
      "-r--r--r-- 1 root root 4096 * modalias",
      "drwxr-xr-x 2 root root    0 * power",
      "lrwxrwxrwx 1 root root    0 * subsystem -> ../../../bus/platform",
      "-rw-r--r-- 1 root root 4096 * uevent",
      "",
    ]);
  });

  it.each([
    ["llkdsysfs_debug_level", "0\n"],
    ["llkdsysfs_pressure", "25"],
    ["llkdsysfs_pgoff", "0xffff888000000000"],
    ["modalias", "platform:llkd_sysfs_simple_intf_device\n"],
    ["uevent", "MODALIAS=platform:llkd_sysfs_simple_intf_device\n"],
    ["driver_override", "(null)\n"],
  ])("%s reads %j", async (name, text) => {
    const r = await runProgram(k, ["cat", `${D}/${name}`], { uid: 1000, cwd: "/" });
    expect(r.output).toBe(text);
  });

  it.each([
    ["2\n", 2, null],
    ["0", 0, null],
    ["0x1", 1, null],
    ["5\n", 0, "EFAULT"],
    ["-1", 0, "EFAULT"],
    ["abc\n", 0, "EINVAL"],
    ["0000000000001", 0, "EINVAL"],
  ])("writing %j leaves debug_level %i (error %s)", async (text, level, code) => {
    const { libc } = proc(k, 0);
    const fd = await libc.open(`${D}/llkdsysfs_debug_level`, O_WRONLY);
    if (code) await expectErrno(libc.writeBytes(fd, text), code);
    else expect(await libc.writeBytes(fd, text)).toBe(text.length);
    await libc.close(fd);
    expect(await libc.readFileText(`${D}/llkdsysfs_debug_level`)).toBe(`${level}\n`);
  });

  it("an out-of-range value is logged with the allowed range", async () => {
    const { libc } = proc(k, 0);
    await expectErrno(libc.writeFile(`${D}/llkdsysfs_debug_level`, "5\n"), "EFAULT");
    const rec = k.log.all().find((r) => r.text.includes("trying to set invalid value"));
    expect(rec?.text).toBe(
      "sysfs_simple_intf:llkdsysfs_debug_level_store(): trying to set invalid value (5) for debug_level\n [allowed range: 0-2]; resetting to previous (0)",
    );
  });

  it("the read-only attributes refuse writers, even root", async () => {
    const { libc } = proc(k, 0);
    await expectErrno(libc.open(`${D}/llkdsysfs_pgoff`, O_WRONLY), "EACCES");
    await expectErrno(libc.open(`${D}/llkdsysfs_pressure`, O_WRONLY), "EACCES");
    await expectErrno(proc(k, 1000).libc.open(`${D}/llkdsysfs_debug_level`, O_WRONLY), "EACCES");
  });

  it("init logs one line per sysfs file created", () => {
    const lines = k.log
      .all()
      .map((r) => r.text)
      .filter((t) => t.includes("sysfs file"));
    expect(lines).toEqual(
      ["llkdsysfs_debug_level", "llkdsysfs_pgoff", "llkdsysfs_pressure"].map(
        (n, i) =>
          `sysfs_simple_intf:sysfs_simple_intf_init(): sysfs file [${i + 1}] (${D}/${n}) created`,
      ),
    );
  });

  it("rmmod removes the device; open files then get ENODEV; it loads again", async () => {
    const { libc } = proc(k, 0);
    const fd = await libc.open(`${D}/llkdsysfs_debug_level`, O_WRONLY);
    events.length = 0;
    expect(await rmmod(k, "sysfs_simple_intf")).toBe(0);
    await expectErrno(libc.writeBytes(fd, "1"), "ENODEV");
    await libc.close(fd);
    await expectErrno(libc.stat(D), "ENOENT");
    await expectErrno(
      libc.lstat("/sys/bus/platform/devices/llkd_sysfs_simple_intf_device"),
      "ENOENT",
    );
    expect(events).toEqual([
      "remove /devices/platform/llkd_sysfs_simple_intf_device",
      "remove /module/sysfs_simple_intf",
    ]);
    expect(await insmod(k, "sysfs_simple_intf")).toBe(0);
    expect(await libc.readFileText(`${D}/llkdsysfs_pressure`)).toBe("25");
  });
});
