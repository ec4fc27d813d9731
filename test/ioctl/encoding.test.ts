/**
 * Command numbers against the C macros. The expected values were printed by a C program
 * compiled with gcc 12.2.0 against linux-libc-dev 6.1.187-1 on this machine (Debian 12,
 * x86_64): printf("0x%x", (unsigned)X) for each X of <linux/fs.h>, <linux/random.h>, and of
 * the book's ioctl_llkd.h (with `struct space_resv` written out, as it left the uapi headers).
 */
import { describe, expect, it } from "vitest";
import * as fs from "../../src/include/uapi/fs.ts";
import { _IOC_DIR, _IOC_NR, _IOC_SIZE, _IOC_TYPE } from "../../src/include/uapi/ioctl.ts";
import * as rnd from "../../src/include/uapi/random.ts";
import * as llkd from "../../src/modules/ioctl_llkd_kdrv/ioctl_llkd.ts";
import { knownCommands, parseNumber } from "../../src/user/bin/ioctl.ts";

const FROM_GCC: [string, number, number][] = [
  ["IOCTL_LLKD_IOCRESET", llkd.IOCTL_LLKD_IOCRESET, 0xa800],
  ["IOCTL_LLKD_IOCQPOWER", llkd.IOCTL_LLKD_IOCQPOWER, 0x8004a801],
  ["IOCTL_LLKD_IOCSPOWER", llkd.IOCTL_LLKD_IOCSPOWER, 0x4004a802],
  ["FIBMAP", fs.FIBMAP, 0x1],
  ["FIGETBSZ", fs.FIGETBSZ, 0x2],
  ["FIFREEZE", fs.FIFREEZE, 0xc0045877],
  ["FITHAW", fs.FITHAW, 0xc0045878],
  ["FICLONE", fs.FICLONE, 0x40049409],
  ["FICLONERANGE", fs.FICLONERANGE, 0x4020940d],
  ["FIDEDUPERANGE", fs.FIDEDUPERANGE, 0xc0189436],
  ["FS_IOC_FIEMAP", fs.FS_IOC_FIEMAP, 0xc020660b],
  ["FS_IOC_RESVSP", fs.FS_IOC_RESVSP, 0x40305828],
  ["FS_IOC_RESVSP64", fs.FS_IOC_RESVSP64, 0x4030582a],
  ["RNDGETENTCNT", rnd.RNDGETENTCNT, 0x80045200],
  ["RNDADDTOENTCNT", rnd.RNDADDTOENTCNT, 0x40045201],
  ["RNDGETPOOL", rnd.RNDGETPOOL, 0x80085202],
  ["RNDADDENTROPY", rnd.RNDADDENTROPY, 0x40085203],
  ["RNDZAPENTCNT", rnd.RNDZAPENTCNT, 0x5204],
  ["RNDCLEARPOOL", rnd.RNDCLEARPOOL, 0x5206],
  ["RNDRESEEDCRNG", rnd.RNDRESEEDCRNG, 0x5207],
];

describe("command numbers", () => {
  it.each(FROM_GCC)("%s", (_name, got, want) => expect(got).toBe(want));

  it("the demo's commands decode to the header's magic, numbers and sizes", () => {
    const q = llkd.IOCTL_LLKD_IOCQPOWER;
    expect([_IOC_DIR(q), _IOC_TYPE(q), _IOC_NR(q), _IOC_SIZE(q)]).toEqual([2, 0xa8, 1, 4]);
    expect(llkd.IOCTL_LLKD_MAGIC).toBe(0xa8);
    expect(llkd.IOCTL_LLKD_MAXIOCTL).toBe(3);
  });

  it("the ioctl command knows every name by its real number", () => {
    for (const [name, got] of FROM_GCC)
      if (knownCommands[name]) expect(knownCommands[name][0]).toBe(got);
  });
});

describe("the ioctl command's numbers read as strtoul(s, NULL, 0)", () => {
  const cases: [string, bigint | null][] = [
    ["0", 0n],
    ["42", 42n],
    ["0x8004a801", 0x8004a801n],
    ["0X1f", 0x1fn],
    ["017", 15n],
    ["-1", 0xffffffffffffffffn],
    ["08", null],
    ["0x", null],
    ["12abc", null],
    ["", null],
    ["18446744073709551616", null],
  ];
  it.each(cases)("%j", (s, want) => expect(parseNumber(s)).toBe(want));
});
