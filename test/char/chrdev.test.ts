/** Character device numbers: registration, dynamic majors, /proc/devices (fs/char_dev.c). */
import { describe, expect, it } from "vitest";
import {
  __register_chrdev,
  alloc_chrdev_region,
  cdev_add,
  cdev_alloc,
  cdev_del,
  cdev_init,
  register_chrdev,
  register_chrdev_region,
  unregister_chrdev,
  unregister_chrdev_region,
} from "../../src/fs/char_dev.ts";
import { EBUSY, EINVAL } from "../../src/include/uapi/errno.ts";
import { MAJOR, MINOR, MKDEV } from "../../src/include/uapi/stat.ts";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { boot } from "../../src/vkern.ts";
import { proc, readText } from "../helpers.ts";

async function devices(k: Kernel): Promise<string> {
  return readText(proc(k).libc, "/proc/devices");
}

function lastLog(k: Kernel): string {
  return k.log.all().at(-1)?.text ?? "";
}

describe("dynamic majors", () => {
  it("come from 254 down to 234, then 511 down to 384, as find_dynamic_major() gives them", async () => {
    const k = await boot();
    const got = k.run(() => {
      const out: number[] = [];
      for (let i = 0; i < 7 + 128; i++) out.push(register_chrdev(0, `d${i}`, {}));
      return out;
    });
    // The book's VM already holds 241..254 (see boot_devices.ts).
    const want = [
      ...Array.from({ length: 7 }, (_, i) => 240 - i),
      ...Array.from({ length: 128 }, (_, i) => 511 - i),
    ];
    expect(got).toEqual(want);
    expect(k.run(() => register_chrdev(0, "full", {}))).toBe(-EBUSY);
    expect(lastLog(k)).toBe('CHRDEV "full" dynamic allocation region is full');
  });

  it("skips a low major whose hash bucket is taken by major + 255", async () => {
    const k = await boot();
    // 495 hashes into bucket 240 (495 % 255): Linux then skips 240 though it is free.
    expect(k.run(() => register_chrdev(495, "ext", {}))).toBe(0);
    expect(k.run(() => register_chrdev(0, "next", {}))).toBe(239);
  });

  it("reuses a major after unregister_chrdev", async () => {
    const k = await boot();
    const a = k.run(() => register_chrdev(0, "a", {}));
    k.run(() => unregister_chrdev(a, "a"));
    expect(k.run(() => register_chrdev(0, "b", {}))).toBe(a);
  });

  it("alloc_chrdev_region writes the first number through its pointer", async () => {
    const k = await boot();
    const dev = { value: 0 };
    expect(k.run(() => alloc_chrdev_region(dev, 5, 3, "x"))).toBe(0);
    expect([MAJOR(dev.value), MINOR(dev.value)]).toEqual([240, 5]);
  });
});

describe("fixed majors and ranges", () => {
  const cases: [string, () => number, number, string | null][] = [
    ["a taken minor range", () => register_chrdev(1, "mine", {}), -EBUSY, null],
    [
      "major 512",
      () => register_chrdev(512, "big", {}),
      -EINVAL,
      'CHRDEV "big" major requested (512) is greater than the maximum (511)',
    ],
    [
      "a minor range past MINORMASK",
      () => register_chrdev_region(MKDEV(300, 0xfffff), 2, "wide"),
      0, // spans two majors, as register_chrdev_region allows
      null,
    ],
    [
      "__register_chrdev with too many minors",
      () => __register_chrdev(300, 1, 0x100000, "over", {}),
      -EINVAL,
      'CHRDEV "over" minor range requested (1-1048576) is out of range of maximum range (0-1048575) for a single major',
    ],
    [
      "a free slot of a busy major",
      () => register_chrdev_region(MKDEV(4, 100), 4, "ttyX"),
      0,
      null,
    ],
    [
      "an overlap inside a busy major",
      () => register_chrdev_region(MKDEV(4, 90), 4, "ttyY"),
      -EBUSY,
      null,
    ],
  ];
  it.each(cases)("%s", async (_name, fn, want, log) => {
    const k = await boot();
    expect(k.run(fn)).toBe(want);
    if (log) expect(lastLog(k)).toBe(log);
  });

  it("a failing multi-major registration leaves nothing behind", async () => {
    const k = await boot();
    // 300:0 .. 301:255 fits, but 302 is taken below, so all of it must be undone.
    k.run(() => register_chrdev_region(MKDEV(302, 0), 1, "blocker"));
    expect(k.run(() => register_chrdev_region(MKDEV(300, 0), 0x200001, "span"))).toBe(-EBUSY);
    expect(await devices(k)).not.toContain("span");
    k.run(() => unregister_chrdev_region(MKDEV(302, 0), 1));
    expect(await devices(k)).not.toContain("blocker");
  });
});

describe("/proc/devices", () => {
  it("lists character then block majors, a major's names by first minor", async () => {
    const k = await boot();
    k.run(() => {
      register_chrdev_region(MKDEV(300, 10), 1, "second");
      register_chrdev_region(MKDEV(300, 2), 1, "first");
      register_chrdev(0, "ioctl_llkd_kdrv", {});
    });
    const text = await devices(k);
    expect(text.startsWith("Character devices:\n  1 mem\n  4 /dev/vc/0\n  4 tty\n  4 ttyS\n")).toBe(
      true,
    );
    expect(text).toContain("\n240 ioctl_llkd_kdrv\n241 cec\n");
    expect(text).toContain("\n254 gpiochip\n300 first\n300 second\n\nBlock devices:\n  7 loop\n");
    expect(text.endsWith("253 device-mapper\n254 mdp\n259 blkext\n")).toBe(true);
  });

  it("reads the same in 7-byte chunks as in one read", async () => {
    const k = await boot();
    const { libc } = proc(k);
    const whole = await readText(libc, "/proc/devices");
    const fd = await libc.open("/proc/devices", 0);
    const parts = new TextDecoder().decode(await libc.readAll(fd, 7));
    expect(parts).toBe(whole);
  });
});

describe("cdev_init / cdev_add / cdev_del", () => {
  it("only the added minors dispatch to the cdev; cdev_del stops new opens", async () => {
    const k = await boot();
    const c = cdev_alloc();
    k.run(() => {
      register_chrdev_region(MKDEV(300, 0), 4, "mydev");
      cdev_init(c, { read: () => 0 });
      cdev_add(c, MKDEV(300, 1), 2);
    });
    expect(k.cdevs.lookup(MKDEV(300, 0))).toBeNull();
    expect(k.cdevs.lookup(MKDEV(300, 1))).toBe(c);
    expect(k.cdevs.lookup(MKDEV(300, 2))).toBe(c);
    expect(k.cdevs.lookup(MKDEV(300, 3))).toBeNull();
    k.run(() => cdev_del(c));
    expect(k.cdevs.lookup(MKDEV(300, 1))).toBeNull();
  });

  it("the narrower cdev wins where two overlap (kobj_map order)", async () => {
    const k = await boot();
    const wide = cdev_alloc();
    const narrow = cdev_alloc();
    k.run(() => {
      cdev_add(narrow, MKDEV(300, 5), 1);
      cdev_add(wide, MKDEV(300, 0), 256);
    });
    expect(k.cdevs.lookup(MKDEV(300, 5))).toBe(narrow);
    expect(k.cdevs.lookup(MKDEV(300, 6))).toBe(wide);
  });
});
