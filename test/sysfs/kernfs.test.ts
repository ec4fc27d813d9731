/**
 * kernfs: name hashes, readdir order and resumption, links, the stock /sys tree.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { kernfs_name_hash } from "../../src/fs/kernfs/kernfs.ts";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { bootWith, expectErrno, proc } from "../helpers.ts";

let k: Kernel;
beforeAll(async () => {
  k = await bootWith();
});

describe("kernfs_name_hash", () => {
  // Reference values from fs/kernfs/dir.c:kernfs_name_hash() with include/linux/stringhash.h
  // and hash.h of Linux 5.4, compiled with gcc 12.2 (Debian 12) on x86_64.
  it.each([
    ["uevent", 45078383],
    ["power", 608164118],
    ["subsystem", 1429880257],
    ["driver_override", 1411040352],
    ["modalias", 2099233685],
    ["llkdsysfs_debug_level", 1104453357],
    ["llkdsysfs_pgoff", 1346273143],
    ["llkdsysfs_pressure", 1451104155],
    ["a", 573381588],
    ["", 2],
    ["platform", 579739277],
    ["serial8250", 1805420654],
    ["Fixed MDIO bus.0", 754347997],
    ["é", 1490632645],
    ["naïve", 100694257],
  ])("%j -> %i", (name, want) => {
    expect(kernfs_name_hash(name)).toBe(want);
  });
});

/** The same hash in BigInt arithmetic, statement by statement (the oracle for the fast one). */
function referenceHash(name: string): number {
  const U64 = (1n << 64n) - 1n;
  let h = 0n;
  for (const b of new TextEncoder().encode(name)) {
    const c = b >= 0x80 ? (BigInt(b) - 256n) & U64 : BigInt(b);
    h = ((h + (c << 4n) + (c >> 4n)) * 11n) & U64;
  }
  let hash = Number(((h * 0x61c8864680b583ebn) & U64) >> 32n) & 0x7fffffff;
  if (hash < 2) hash += 2;
  if (hash >= 0x7fffffff) hash = 0x7fffffff - 1;
  return hash;
}

describe("kernfs_name_hash in 32-bit halves", () => {
  it("equals the 64-bit computation on any name", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (s) => {
        expect(kernfs_name_hash(s)).toBe(referenceHash(s));
      }),
      { numRuns: 2000 },
    );
  });
});

/** getdents64 with a buffer of `size` bytes until it returns 0. */
async function getdentsSmall(path: string, size: number): Promise<string[]> {
  const { libc } = proc(k, 0);
  const fd = await libc.open(path, 0o200000);
  const buf = libc.mem.malloc(size);
  const names: string[] = [];
  for (;;) {
    const n = await libc.syscall("getdents64", fd, buf, size);
    if (n === 0) break;
    const b = libc.mem.read(buf, n);
    const dv = new DataView(b.buffer);
    for (let o = 0; o < n; ) {
      const reclen = dv.getUint16(o + 16, true);
      names.push(new TextDecoder().decode(b.subarray(o + 19, b.indexOf(0, o + 19))));
      o += reclen;
    }
  }
  await libc.close(fd);
  return names;
}

describe("readdir", () => {
  it("lists '.', '..', then the children in hash order", async () => {
    const { libc } = proc(k, 0);
    const names = (await libc.readdir("/sys/devices/platform/serial8250")).map((e) => e.name);
    expect(names.slice(0, 2)).toEqual([".", ".."]);
    const rest = names.slice(2);
    const hashes = rest.map(kernfs_name_hash);
    expect([...hashes].sort((a, b) => a - b)).toEqual(hashes);
    expect([...rest].sort()).toEqual(
      ["driver", "driver_override", "modalias", "power", "subsystem", "tty", "uevent"].sort(),
    );
  });

  it.each([40, 64, 100, 4096])("resumes across getdents buffers of %i bytes", async (size) => {
    const all = await getdentsSmall("/sys/bus/platform/drivers", 65536);
    expect(await getdentsSmall("/sys/bus/platform/drivers", size)).toEqual(all);
  });

  it("a getdents buffer too small for one entry is EINVAL", async () => {
    const { libc } = proc(k, 0);
    const fd = await libc.open("/sys/bus", 0o200000);
    const buf = libc.mem.malloc(16);
    await expectErrno(libc.syscall("getdents64", fd, buf, 16), "EINVAL");
    await libc.close(fd);
  });
});

describe("the stock tree", () => {
  it.each([
    ["/sys/devices/platform/serial8250/subsystem", "../../../bus/platform"],
    ["/sys/devices/platform/serial8250/driver", "../../../bus/platform/drivers/serial8250"],
    ["/sys/bus/platform/devices/serial8250", "../../../devices/platform/serial8250"],
    ["/sys/bus/platform/drivers/serial8250/module", "../../../../module/8250"],
    ["/sys/module/8250/drivers/platform:serial8250", "../../../bus/platform/drivers/serial8250"],
    ["/sys/class/tty/ttyS0", "../../devices/platform/serial8250/tty/ttyS0"],
    ["/sys/class/mem/null", "../../devices/virtual/mem/null"],
    ["/sys/dev/char/1:3", "../../devices/virtual/mem/null"],
    ["/sys/dev/char/4:64", "../../devices/platform/serial8250/tty/ttyS0"],
    ["/sys/devices/system/cpu/cpu0/subsystem", "../../../../bus/cpu"],
    ["/sys/devices/system/cpu/cpu0/driver", "../../../../bus/cpu/drivers/processor"],
    ["/sys/devices/platform/i8042/serio0/driver", "../../../../bus/serio/drivers/atkbd"],
    ["/sys/class/net/lo", "../../devices/virtual/net/lo"],
  ])("%s -> %s", async (path, target) => {
    const { libc } = proc(k, 1000);
    expect(await libc.readlink(path)).toBe(target);
  });

  it.each([
    ["/sys/devices/system/cpu/online", "0\n"],
    ["/sys/devices/system/cpu/possible", "0\n"],
    ["/sys/devices/system/cpu/kernel_max", "63\n"],
    ["/sys/class/mem/null/dev", "1:3\n"],
    ["/sys/class/mem/null/uevent", "MAJOR=1\nMINOR=3\nDEVNAME=null\nDEVMODE=0666\n"],
    ["/sys/class/tty/ttyS0/uevent", "MAJOR=4\nMINOR=64\nDEVNAME=ttyS0\n"],
    ["/sys/class/tty/tty/uevent", "MAJOR=5\nMINOR=0\nDEVNAME=tty\nDEVMODE=0666\n"],
    [
      "/sys/devices/platform/serial8250/uevent",
      "DRIVER=serial8250\nMODALIAS=platform:serial8250\n",
    ],
    ["/sys/devices/platform/rtc_cmos/uevent", "MODALIAS=platform:rtc_cmos\n"],
    ["/sys/devices/platform/uevent", ""],
    ["/sys/devices/platform/serial8250/driver_override", "(null)\n"],
    ["/sys/devices/platform/serial8250/power/control", "auto\n"],
    ["/sys/devices/platform/serial8250/power/runtime_status", "unsupported\n"],
    ["/sys/module/printk/parameters/time", "Y\n"],
    ["/sys/module/kernel/parameters/panic", "0\n"],
    ["/sys/kernel/mm/transparent_hugepage/enabled", "always [madvise] never\n"],
    ["/sys/class/dmi/id/sys_vendor", "innotek GmbH\n"],
    ["/sys/class/net/lo/mtu", "65536\n"],
    ["/sys/power/state", "freeze mem disk\n"],
  ])("%s reads %j", async (path, text) => {
    const { libc } = proc(k, 1000);
    expect(await libc.readFileText(path)).toBe(text);
  });

  it("the chapter's platform devices are there", async () => {
    const { libc } = proc(k, 1000);
    const names = (await libc.readdir("/sys/devices/platform")).map((e) => e.name).sort();
    expect(names).toEqual(
      [
        ".",
        "..",
        "Fixed MDIO bus.0",
        "alarmtimer",
        "eisa.0",
        "i8042",
        "intel_pmc_core.0",
        "pcspkr",
        "platform-framebuffer.0",
        "power",
        "reg-dummy",
        "rtc_cmos",
        "serial8250",
        "uevent",
      ].sort(),
    );
  });

  it("/sys/kernel/debug is an empty directory; top-level entries are there", async () => {
    const { libc } = proc(k, 1000);
    const top = (await libc.readdir("/sys")).map((e) => e.name).sort();
    expect(top).toEqual(
      [
        ".",
        "..",
        "block",
        "bus",
        "class",
        "dev",
        "devices",
        "firmware",
        "fs",
        "hypervisor",
        "kernel",
        "module",
        "power",
      ].sort(),
    );
    expect((await libc.lstat("/sys/kernel/debug")).mode & 0o777).toBeGreaterThan(0);
  });

  it("writing a bad value to a stock attribute is EINVAL; a good one sticks", async () => {
    const { libc } = proc(k, 0);
    await expectErrno(
      libc.writeFile("/sys/kernel/mm/transparent_hugepage/enabled", "sometimes\n"),
      "EINVAL",
    );
    await libc.writeFile("/sys/kernel/mm/transparent_hugepage/enabled", "never\n");
    expect(await libc.readFileText("/sys/kernel/mm/transparent_hugepage/enabled")).toBe(
      "always madvise [never]\n",
    );
  });
});
