/** Opening character devices: dispatch by major/minor, module pinning, misc devices. */
import { describe, expect, it } from "vitest";
import {
  MISC_DYNAMIC_MINOR,
  misc_deregister,
  misc_register,
  type miscdevice,
} from "../../src/drivers/char/misc.ts";
import { register_chrdev } from "../../src/fs/char_dev.ts";
import type { FileOperations } from "../../src/fs/fs.ts";
import { EBUSY, EEXIST } from "../../src/include/uapi/errno.ts";
import { O_PATH, O_RDONLY, O_RDWR } from "../../src/include/uapi/fcntl.ts";
import { makedev, S_IFCHR } from "../../src/include/uapi/stat.ts";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { boot, runProgram } from "../../src/vkern.ts";
import { expectErrno, insmod, proc, readText, rmmod } from "../helpers.ts";

async function mknod(k: Kernel, path: string, major: number, minor: number, mode = 0o666) {
  const { libc } = proc(k, 0);
  await libc.umask(0);
  await libc.mknod(path, S_IFCHR | mode, makedev(major, minor));
}

function refcnt(k: Kernel, name: string): number {
  return k.modules.find(name)?.refcnt ?? -1;
}

describe("open dispatch by major and minor", () => {
  // [what, errno, major, minor]
  const cases: [string, string, number, number][] = [
    ["a major nobody registered", "ENXIO", 300, 0],
    ["a stock major with no driver behind it (ttyS)", "ENXIO", 4, 64],
    ["a free dynamic major", "ENXIO", 240, 0],
    ["a mem minor without a device (/dev/mem is not modelled)", "ENXIO", 1, 1],
    ["a misc minor nobody registered", "ENODEV", 10, 200],
  ];
  it.each(cases)("%s gives %s", async (_what, err, major, minor) => {
    const k = await boot();
    await mknod(k, "/tmp/node", major, minor);
    await expectErrno(proc(k, 0).libc.open("/tmp/node", O_RDWR), err);
  });

  it("O_PATH opens any node without the driver", async () => {
    const k = await boot();
    await mknod(k, "/tmp/node", 300, 0);
    const { libc } = proc(k, 0);
    const fd = await libc.open("/tmp/node", O_PATH);
    await expectErrno(libc.ioctl(fd, 0x5421, 0), "EBADF");
  });

  it("the driver's open sees its minor (iminor) and may refuse it", async () => {
    const k = await boot();
    expect(await insmod(k, "ioctl_llkd_kdrv")).toBe(0);
    await mknod(k, "/tmp/minor0", 240, 0);
    await mknod(k, "/tmp/minor1", 240, 1);
    const { libc } = proc(k, 0);
    await libc.close(await libc.open("/tmp/minor0", O_RDWR));
    await expectErrno(libc.open("/tmp/minor1", O_RDWR), "ENXIO");
    expect(refcnt(k, "ioctl_llkd_kdrv")).toBe(0);
  });

  it("a node's permissions are checked before the driver is reached", async () => {
    const k = await boot();
    await insmod(k, "ioctl_llkd_kdrv");
    await mknod(k, "/tmp/ro", 240, 0, 0o644);
    const { libc } = proc(k, 1000);
    await expectErrno(libc.open("/tmp/ro", O_RDWR), "EACCES");
    await libc.close(await libc.open("/tmp/ro", O_RDONLY));
  });
});

describe("an open file pins the driver's module", () => {
  it("rmmod fails while open, works after close; then the number is free again", async () => {
    const k = await boot();
    await insmod(k, "ioctl_llkd_kdrv");
    await mknod(k, "/dev/ioctl_llkd_kdrv", 240, 0);
    const { libc } = proc(k, 1000);
    const fd = await libc.open("/dev/ioctl_llkd_kdrv", O_RDWR);
    // cdev_get() and fops_get() each take a reference, as in Linux.
    expect(refcnt(k, "ioctl_llkd_kdrv")).toBe(2);
    const dup = await libc.dup(fd);
    expect(refcnt(k, "ioctl_llkd_kdrv")).toBe(2);
    const r = await runProgram(k, ["rmmod", "ioctl_llkd_kdrv"], { uid: 0 });
    expect(r.output).toBe("rmmod: ERROR: Module ioctl_llkd_kdrv is in use\n");
    expect(r.status).toBe(1);
    expect(await rmmod(k, "ioctl_llkd_kdrv")).toBe(-11); // EWOULDBLOCK from delete_module
    await libc.close(fd);
    expect(refcnt(k, "ioctl_llkd_kdrv")).toBe(2);
    await libc.close(dup);
    expect(refcnt(k, "ioctl_llkd_kdrv")).toBe(0);
    expect(await rmmod(k, "ioctl_llkd_kdrv")).toBe(0);
    expect(await readText(libc, "/proc/devices")).not.toContain("ioctl_llkd_kdrv");
    await expectErrno(libc.open("/dev/ioctl_llkd_kdrv", O_RDWR), "ENXIO");
    expect(k.log.all().at(-1)?.text).toBe("ioctl_llkd_kdrv:ioctl_llkd_kdrv_cleanup(): removed");
  });

  it("a file that exits with its process drops the pin too", async () => {
    const k = await boot();
    await insmod(k, "ioctl_llkd_kdrv");
    await mknod(k, "/dev/ioctl_llkd_kdrv", 240, 0);
    const r = await runProgram(k, ["ioctl_llkd_userspace", "/dev/ioctl_llkd_kdrv"], { uid: 0 });
    expect(r.status).toBe(0);
    expect(refcnt(k, "ioctl_llkd_kdrv")).toBe(0);
  });
});

describe("misc devices", () => {
  const fops: FileOperations = { read: () => 0 };
  const dev = (name: string, minor = MISC_DYNAMIC_MINOR, mode = 0): miscdevice => ({
    minor,
    name,
    fops,
    mode,
  });

  it("dynamic minors are 63, 62, ... and are reused after misc_deregister", async () => {
    const k = await boot();
    const a = dev("a");
    const b = dev("b");
    const c = dev("c");
    expect(k.run(() => [misc_register(a), misc_register(b)])).toEqual([0, 0]);
    expect([a.minor, b.minor]).toEqual([63, 62]);
    k.run(() => misc_deregister(a));
    expect(a.minor).toBe(63); // misc_deregister leaves it, as Linux does
    k.run(() => misc_register(c));
    expect(c.minor).toBe(63);
  });

  it("a fixed minor in use gives EBUSY, a name in use EEXIST", async () => {
    const k = await boot();
    expect(k.run(() => misc_register(dev("fixed", 130)))).toBe(0);
    expect(k.run(() => misc_register(dev("other", 130)))).toBe(-EBUSY);
    const dup = dev("fixed");
    expect(k.run(() => misc_register(dup))).toBe(-EEXIST);
    expect(dup.minor).toBe(MISC_DYNAMIC_MINOR);
    const logged = k.log.all().map((r) => r.text);
    expect(logged).toContain(
      "sysfs: cannot create duplicate filename '/devices/virtual/misc/fixed'",
    );
  });

  it("the node appears in /dev (0600 unless the device says), /proc/misc lists it", async () => {
    const k = await boot();
    k.run(() => {
      misc_register(dev("llkd_miscdrv"));
      misc_register(dev("open_one", MISC_DYNAMIC_MINOR, 0o666));
    });
    const { libc } = proc(k, 1000);
    const st = await libc.stat("/dev/llkd_miscdrv");
    expect(st.mode).toBe(S_IFCHR | 0o600);
    expect(st.rdev).toBe(BigInt(makedev(10, 63)));
    expect((await libc.stat("/dev/open_one")).mode).toBe(S_IFCHR | 0o666);
    await libc.close(await libc.open("/dev/open_one", O_RDWR));
    expect(await readText(libc, "/proc/misc")).toBe(" 62 open_one\n 63 llkd_miscdrv\n");
    // The device model's side: the class link and the device's dev attribute.
    expect(await libc.readlink("/sys/class/misc/llkd_miscdrv")).toBe(
      "../../devices/virtual/misc/llkd_miscdrv",
    );
    expect(await readText(libc, "/sys/class/misc/llkd_miscdrv/dev")).toBe("10:63\n");
    const sub: miscdevice = { ...dev("sub"), nodename: "llkd/sub0" };
    k.run(() => misc_register(sub));
    expect((await libc.stat("/dev/llkd/sub0")).rdev).toBe(BigInt(makedev(10, 61)));
    const m = dev("gone");
    k.run(() => misc_register(m));
    k.run(() => misc_deregister(m));
    await expectErrno(libc.stat("/dev/gone"), "ENOENT");
    await expectErrno(libc.stat("/sys/class/misc/gone"), "ENOENT");
  });

  it("misc_open hands the file to the device's fops and its module", async () => {
    const k = await boot();
    let seen: unknown = null;
    const m: miscdevice = {
      minor: MISC_DYNAMIC_MINOR,
      name: "peek",
      mode: 0o666,
      fops: {
        open: (_i, f) => {
          seen = f.private_data;
          return 0;
        },
      },
    };
    k.run(() => misc_register(m));
    const { libc } = proc(k, 1000);
    await libc.close(await libc.open("/dev/peek", O_RDWR));
    expect(seen).toBe(m);
  });
});

describe("register_chrdev from a driver", () => {
  it("a node made for the new major reaches the driver's fops", async () => {
    const k = await boot();
    const major = k.run(() => register_chrdev(0, "reader", { read: () => 0 }));
    await mknod(k, "/tmp/r", major, 7);
    const { libc } = proc(k, 1000);
    const fd = await libc.open("/tmp/r", O_RDONLY);
    expect((await libc.readBytes(fd, 10)).length).toBe(0);
  });
});
