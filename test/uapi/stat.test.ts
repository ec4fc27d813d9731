import { describe, expect, it } from "vitest";
import * as stat from "../../src/include/uapi/stat.ts";
import {
  DTTOIF,
  format_dev_t,
  huge_decode_dev,
  huge_encode_dev,
  IFTODT,
  MAJOR,
  MINOR,
  MKDEV,
  major,
  makedev,
  minor,
  new_decode_dev,
  new_encode_dev,
  old_decode_dev,
  old_encode_dev,
  old_valid_dev,
  S_IALLUGO,
  S_IFBLK,
  S_IFCHR,
  S_IFDIR,
  S_IFIFO,
  S_IFLNK,
  S_IFREG,
  S_IFSOCK,
  S_IRUGO,
  S_IRWXUGO,
  S_ISBLK,
  S_ISCHR,
  S_ISDIR,
  S_ISFIFO,
  S_ISLNK,
  S_ISREG,
  S_ISSOCK,
  S_IWUGO,
  S_IXUGO,
} from "../../src/include/uapi/stat.ts";

// [name, value] recorded from <sys/stat.h>/<dirent.h> of glibc 2.36 with gcc 12.2 on this
// machine (Debian 12, x86_64).
const RECORDED: readonly (readonly [string, number])[] = [
  ["S_IFMT", 61440],
  ["S_IFSOCK", 49152],
  ["S_IFLNK", 40960],
  ["S_IFREG", 32768],
  ["S_IFBLK", 24576],
  ["S_IFDIR", 16384],
  ["S_IFCHR", 8192],
  ["S_IFIFO", 4096],
  ["S_ISUID", 2048],
  ["S_ISGID", 1024],
  ["S_ISVTX", 512],
  ["S_IRWXU", 448],
  ["S_IRUSR", 256],
  ["S_IWUSR", 128],
  ["S_IXUSR", 64],
  ["S_IRWXG", 56],
  ["S_IRGRP", 32],
  ["S_IWGRP", 16],
  ["S_IXGRP", 8],
  ["S_IRWXO", 7],
  ["S_IROTH", 4],
  ["S_IWOTH", 2],
  ["S_IXOTH", 1],
  ["DT_UNKNOWN", 0],
  ["DT_FIFO", 1],
  ["DT_CHR", 2],
  ["DT_DIR", 4],
  ["DT_BLK", 6],
  ["DT_REG", 8],
  ["DT_LNK", 10],
  ["DT_SOCK", 12],
  ["DT_WHT", 14],
];

// [major, minor, makedev(major, minor)] recorded from glibc 2.36's <sys/sysmacros.h>; major()
// and minor() of each result gave the inputs back. makedev(0xffffffff, 0xffffffff) is
// 0xffffffffffffffff, beyond a JS number.
const MAKEDEV: readonly (readonly [number, number, number])[] = [
  [0, 0, 0],
  [0x1, 0x3, 0x103],
  [0x8, 0x1, 0x801],
  [0x4, 0x40, 0x440],
  [0x88, 0, 0x8800],
  [0x103, 0, 0x10300],
  [0xa, 0xe8, 0xae8],
  [0xfe, 0xff, 0xfeff],
  [0xff, 0x100, 0x10ff00],
  [0xfff, 0xfffff, 0xffffffff],
  [0x1000, 0, 0x100000000000],
  [0xfffff, 0xffffffff, 0xfffffffffffff],
  [0x1, 0x100, 0x100100],
  [0x1000, 0x100000, 0x100100000000],
];

const values = stat as unknown as Readonly<Record<string, number>>;

describe("mode bits", () => {
  it.each(RECORDED)("%s = %i", (name, value) => {
    expect(values[name]).toBe(value);
  });

  it("has the kernel's composites", () => {
    expect(S_IRUGO).toBe(0o444);
    expect(S_IWUGO).toBe(0o222);
    expect(S_IXUGO).toBe(0o111);
    expect(S_IRWXUGO).toBe(0o777);
    expect(S_IALLUGO).toBe(0o7777);
    expect(stat.ACCESSPERMS).toBe(0o777);
    expect(stat.ALLPERMS).toBe(0o7777);
    expect(stat.DEFFILEMODE).toBe(0o666);
  });

  it("classifies file types", () => {
    const preds = [S_ISSOCK, S_ISLNK, S_ISREG, S_ISBLK, S_ISDIR, S_ISCHR, S_ISFIFO];
    const types = [S_IFSOCK, S_IFLNK, S_IFREG, S_IFBLK, S_IFDIR, S_IFCHR, S_IFIFO];
    types.forEach((type, i) => {
      preds.forEach((pred, j) => {
        expect(pred(type | 0o4755)).toBe(i === j);
      });
    });
    expect(S_ISDIR(0o755)).toBe(false);
  });

  it("converts to and from dirent types", () => {
    // recorded: IFTODT(S_IFDIR) == 4, DTTOIF(DT_LNK) == 0120000
    expect(IFTODT(S_IFDIR | 0o755)).toBe(stat.DT_DIR);
    expect(DTTOIF(stat.DT_LNK)).toBe(S_IFLNK);
    expect(IFTODT(S_IFREG)).toBe(stat.DT_REG);
    expect(IFTODT(S_IFCHR)).toBe(stat.DT_CHR);
    expect(IFTODT(0o644)).toBe(stat.DT_UNKNOWN);
  });
});

describe("device numbers", () => {
  it.each(MAKEDEV)("glibc makedev(%#x, %#x) = %#x", (ma, mi, dev) => {
    expect(makedev(ma, mi)).toBe(dev);
    expect(major(dev)).toBe(ma);
    expect(minor(dev)).toBe(mi);
  });

  it("refuses what a JS number cannot hold", () => {
    expect(() => makedev(0xffffffff, 0xffffffff)).toThrow(RangeError);
    expect(() => major(-1)).toThrow(RangeError);
    expect(() => minor(2 ** 64)).toThrow(RangeError);
  });

  it("encodes kernel dev_t with MINORBITS 20", () => {
    expect(stat.MINORBITS).toBe(20);
    expect(stat.MINORMASK).toBe(0xfffff);
    expect(MKDEV(8, 1)).toBe(0x800001);
    expect(MKDEV(4095, 0xfffff)).toBe(0xffffffff);
    expect(MAJOR(0xffffffff)).toBe(4095);
    expect(MINOR(0xffffffff)).toBe(0xfffff);
    expect(MAJOR(MKDEV(10, 232))).toBe(10);
    expect(MINOR(MKDEV(10, 232))).toBe(232);
    expect(format_dev_t(MKDEV(254, 0))).toBe("254:0");
  });

  it("converts kernel dev_t to the user encoding like glibc's makedev", () => {
    for (const [ma, mi, dev] of MAKEDEV) {
      if (ma >= 4096 || mi >= 2 ** 20) continue;
      expect(new_encode_dev(MKDEV(ma, mi))).toBe(dev);
      expect(huge_encode_dev(MKDEV(ma, mi))).toBe(dev);
      expect(new_decode_dev(dev)).toBe(MKDEV(ma, mi));
      expect(huge_decode_dev(dev)).toBe(MKDEV(ma, mi));
    }
  });

  it("has the old 16-bit encoding", () => {
    expect(old_encode_dev(MKDEV(8, 1))).toBe(0x801);
    expect(old_decode_dev(0x801)).toBe(MKDEV(8, 1));
    expect(old_valid_dev(MKDEV(255, 255))).toBe(true);
    expect(old_valid_dev(MKDEV(259, 0))).toBe(false);
  });
});
