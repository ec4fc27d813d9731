/**
 * The ioctl demo: the ioctl_llkd_kdrv driver and ioctl_llkd_userspace, following
 * ../shared/transcripts/ioctl.t through system calls (sudo = uid 0, cr8devnode.sh = its
 * mknod), and the driver's answers to commands the program never sends.
 */
import { describe, expect, it } from "vitest";
import { O_RDONLY, O_RDWR } from "../../src/include/uapi/fcntl.ts";
import { _IO, _IOR } from "../../src/include/uapi/ioctl.ts";
import { makedev, S_IFCHR } from "../../src/include/uapi/stat.ts";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { TASK_SIZE } from "../../src/mm/mm.ts";
import {
  IOCTL_LLKD_IOCQPOWER,
  IOCTL_LLKD_IOCRESET,
  IOCTL_LLKD_IOCSPOWER,
} from "../../src/modules/ioctl_llkd_kdrv/ioctl_llkd.ts";
import { CR8DEVNODE_PATH, CR8DEVNODE_SH } from "../../src/user/apps/cr8devnode.ts";
import { boot, runProgram } from "../../src/vkern.ts";
import { expectErrno, insmod, proc, readText } from "../helpers.ts";

const FYI =
  "(FYI, IOCTL_LLKD_IOCRESET = 0xa800 IOCTL_LLKD_IOCQPOWER= 0x8004a801 IOCTL_LLKD_IOCSPOWER=0x4004a802)\n";
const NODE = "/dev/ioctl_llkd_kdrv";

/** insmod, then what cr8devnode.sh does: the major from /proc/devices, mknod as root. */
async function setup(): Promise<Kernel> {
  const k = await boot();
  expect(await insmod(k, "ioctl_llkd_kdrv")).toBe(0);
  const { libc } = proc(k, 0);
  const devices = await readText(libc, "/proc/devices");
  const line = devices.split("\n").filter((l) => l.includes("ioctl_llkd_kdrv"));
  expect(line.length).toBe(1); // grep -c ioctl_llkd_kdrv /proc/devices
  const major = Number(line[0].trim().split(/\s+/)[0]);
  await libc.umask(0o022);
  await libc.mknod(NODE, S_IFCHR | 0o666, makedev(major, 0));
  return k;
}

describe("ioctl.t through system calls", () => {
  it("successive runs toggle the power; a user without access or CAP_SYS_ADMIN fails", async () => {
    const k = await setup();
    const root = proc(k, 0).libc;
    const st = await root.stat(NODE);
    expect([st.mode, st.uid, st.gid]).toEqual([S_IFCHR | 0o644, 0, 0]); // crw-r--r-- root root

    const t0 = k.clock.ns();
    const run1 = await runProgram(k, ["ioctl_llkd_userspace", NODE], { uid: 0 });
    expect(run1.output).toBe(
      `device opened: fd=3\n${FYI}ioctl_llkd_userspace: device reset.\nioctl_llkd_userspace: power=1\nioctl_llkd_userspace: Device ON, powering it OFF in 3s ...\nioctl_llkd_userspace: power OFF ok, exiting..\n`,
    );
    expect(run1.status).toBe(0);
    expect(k.clock.ns() - t0).toBeGreaterThanOrEqual(3e9); // sleep(3) in virtual time

    const run2 = await runProgram(k, ["ioctl_llkd_userspace", NODE], { uid: 0 });
    expect(run2.output).toBe(
      `device opened: fd=3\n${FYI}ioctl_llkd_userspace: device reset.\nioctl_llkd_userspace: power=0\nioctl_llkd_userspace: Device OFF, powering it On now ...\nioctl_llkd_userspace: power is ON now.\n`,
    );

    const run3 = await runProgram(k, ["ioctl_llkd_userspace", NODE], { uid: 1000 });
    expect([run3.output, run3.status]).toEqual(["open: Permission denied\n", 1]);

    await root.chmod(NODE, 0o666);
    const run4 = await runProgram(k, ["ioctl_llkd_userspace", NODE], { uid: 1000 });
    // stdout goes to a pipe, so stdio holds it until exit; perror's stderr comes first.
    expect(run4.output).toBe(
      `ioctl IOCTL_LLKD_IOCQPOWER failed: Operation not permitted\ndevice opened: fd=3\n${FYI}ioctl_llkd_userspace: device reset.\n`,
    );
    expect(run4.status).toBe(1);
  });

  it("without an argument it prints the book's usage", async () => {
    const k = await boot();
    const r = await runProgram(k, ["ioctl_llkd_userspace"], { uid: 1000 });
    expect(r.stderr).toBe(
      "Usage: ioctl_llkd_userspace device_file\n  If device_file does not exist, create it using mknod(1) (as root)\n",
    );
    expect(r.status).toBe(1);
  });

  it("cr8devnode.sh is installed as an executable bash script that reads /proc/devices", async () => {
    const k = await boot();
    const { libc } = proc(k, 1000);
    const st = await libc.stat(CR8DEVNODE_PATH);
    expect(st.mode & 0o7777).toBe(0o755);
    expect(st.uid).toBe(0);
    const text = await readText(libc, CR8DEVNODE_PATH);
    expect(text).toBe(CR8DEVNODE_SH);
    expect(text.startsWith("#!/bin/bash\n")).toBe(true);
    expect(text).toContain(`MAJOR=$(grep "\${OURMODNAME}" /proc/devices | awk '{print $1}')`);
    expect(text).toContain('sudo mknod "${DEVNM}" c "${MAJOR}" 0');
  });
});

describe("the driver's ioctl method", () => {
  // [what, cmd, uid, errno or null, log line or null]
  const MSG = "ioctl_llkd_kdrv:ioctl_intf_ioctl(): ";
  const cases: [string, number, number, string | null, string | null][] = [
    ["reset as a user", IOCTL_LLKD_IOCRESET, 1000, null, null],
    ["query as a user", IOCTL_LLKD_IOCQPOWER, 1000, "EPERM", null],
    ["set as a user", IOCTL_LLKD_IOCSPOWER, 1000, "EPERM", null],
    ["a wrong magic", _IOR(0xa9, 1, 4), 0, "ENOTTY", `${MSG}ioctl fail; magic # mismatch`],
    ["nr above the max", _IO(0xa8, 4), 0, "ENOTTY", `${MSG}ioctl fail; invalid cmd?`],
    ["nr 3, within the max but unknown", _IO(0xa8, 3), 0, "ENOTTY", null],
    ["the right nr with another direction", _IO(0xa8, 1), 0, "ENOTTY", null],
    ["a terminal's TCGETS", 0x5401, 0, "ENOTTY", `${MSG}ioctl fail; magic # mismatch`],
  ];
  it.each(cases)("%s", async (_what, cmd, uid, err, log) => {
    const k = await setup();
    const { libc } = proc(k, uid);
    const fd = await libc.open(NODE, O_RDONLY);
    const before = k.log.next;
    const p = libc.mem.malloc(4);
    if (err) await expectErrno(libc.ioctl(fd, cmd, p), err);
    else expect(await libc.ioctl(fd, cmd, p)).toBe(0);
    const logged = k.log.from(before).map((r) => r.text);
    expect(logged).toEqual(log ? [log] : []);
  });

  it("query writes the int through the pointer; a bad pointer is EFAULT", async () => {
    const k = await setup();
    const { libc } = proc(k, 0);
    const fd = await libc.open(NODE, O_RDWR);
    const p = libc.mem.malloc(4);
    libc.mem.setI32(p, -5);
    expect(await libc.ioctl(fd, IOCTL_LLKD_IOCQPOWER, p)).toBe(0);
    expect(libc.mem.i32(p)).toBe(1); // power starts at 1
    for (const bad of [0, 0x1000, TASK_SIZE - 2, -1, 2n ** 63n])
      await expectErrno(libc.ioctl(fd, IOCTL_LLKD_IOCQPOWER, bad), "EFAULT");
  });

  it("set takes the argument itself, as C's int", async () => {
    const k = await setup();
    const { libc } = proc(k, 0);
    const fd = await libc.open(NODE, O_RDWR);
    const p = libc.mem.malloc(4);
    for (const [arg, want] of [
      [42, 42],
      [-1, -1],
      [0x1_0000_0007, 7],
      [2n ** 64n - 2n, -2],
    ] as const) {
      await libc.ioctl(fd, IOCTL_LLKD_IOCSPOWER, arg);
      await libc.ioctl(fd, IOCTL_LLKD_IOCQPOWER, p);
      expect(libc.mem.i32(p)).toBe(want);
    }
  });

  it("lseek on the device is ESPIPE (no_llseek); read and write are EINVAL (no methods)", async () => {
    const k = await setup();
    const { libc } = proc(k, 0);
    const fd = await libc.open(NODE, O_RDWR);
    await expectErrno(libc.lseek(fd, 0, 0), "ESPIPE");
    await expectErrno(libc.readBytes(fd, 4), "EINVAL");
    await expectErrno(libc.writeBytes(fd, "x"), "EINVAL");
  });
});

describe("the ioctl command", () => {
  const cases: [string, string[], number, string][] = [
    [
      "a query as root",
      ["ioctl", NODE, "IOCTL_LLKD_IOCQPOWER"],
      0,
      "ioctl(/dev/ioctl_llkd_kdrv, IOCTL_LLKD_IOCQPOWER) = 0, *arg = 1 (0x1)\n",
    ],
    [
      "a query as a user",
      ["ioctl", NODE, "IOCTL_LLKD_IOCQPOWER"],
      1000,
      "ioctl: /dev/ioctl_llkd_kdrv: IOCTL_LLKD_IOCQPOWER: EPERM (Operation not permitted)\n",
    ],
    [
      "a NULL pointer",
      ["ioctl", NODE, "IOCTL_LLKD_IOCQPOWER", "0"],
      0,
      "ioctl: /dev/ioctl_llkd_kdrv: IOCTL_LLKD_IOCQPOWER: EFAULT (Bad address)\n",
    ],
    [
      "a set by number",
      ["ioctl", NODE, "0x4004a802", "5"],
      0,
      "ioctl(/dev/ioctl_llkd_kdrv, 0x4004a802) = 0\n",
    ],
    [
      "a wrong magic by number",
      ["ioctl", NODE, "0x8004a901"],
      0,
      "ioctl: /dev/ioctl_llkd_kdrv: 0x8004a901: ENOTTY (Inappropriate ioctl for device)\n",
    ],
    [
      "FIONREAD on /dev/null",
      ["ioctl", "/dev/null", "FIONREAD"],
      1000,
      "ioctl: /dev/null: FIONREAD: ENOTTY (Inappropriate ioctl for device)\n",
    ],
    [
      "FIONREAD on a procfs file",
      ["ioctl", "/proc/version", "FIONREAD"],
      1000,
      "ioctl(/proc/version, FIONREAD) = 0, *arg = 0 (0x0)\n",
    ],
    [
      "a node the user may only read (falls back to O_RDONLY)",
      ["ioctl", "/dev/kmsg", "FIONREAD"],
      1000,
      "ioctl: /dev/kmsg: FIONREAD: ENOTTY (Inappropriate ioctl for device)\n",
    ],
    [
      "a file the user may not open at all",
      ["ioctl", "/root/.bashrc", "FIONREAD"],
      1000,
      "ioctl: /root/.bashrc: Permission denied\n",
    ],
    [
      "a missing file",
      ["ioctl", "/nope", "FIONREAD"],
      1000,
      "ioctl: /nope: No such file or directory\n",
    ],
    ["a bad command", ["ioctl", NODE, "FOO"], 1000, "ioctl: invalid command 'FOO'\n"],
  ];
  it.each(cases)("%s", async (_what, argv, uid, want) => {
    const k = await setup();
    const r = await runProgram(k, argv, { uid });
    expect(r.output.split("Usage:")[0]).toBe(want);
  });
});
