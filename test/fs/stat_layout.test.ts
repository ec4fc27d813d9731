/**
 * struct stat as cp_new_stat() lays it out on x86_64 (144 bytes), checked field by field
 * against an independent BigInt encoding; st_dev/st_rdev decoded as glibc's major()/minor()
 * decode them.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { KStat } from "../../src/fs/fs.ts";
import { encodeStat } from "../../src/fs/stat.ts";
import { MAJOR, MINOR, major, minor } from "../../src/include/uapi/stat.ts";

function kstat(over: Partial<KStat>): KStat {
  return {
    dev: 0,
    ino: 0,
    mode: 0,
    nlink: 0,
    uid: 0,
    gid: 0,
    rdev: 0,
    size: 0,
    blksize: 4096,
    blocks: 0,
    atimeNs: 0n,
    mtimeNs: 0n,
    ctimeNs: 0n,
    ...over,
  };
}

describe("encodeStat", () => {
  it("st_dev and st_rdev give back every dev_t's major and minor through glibc's major()/minor()", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        (dev, rdev) => {
          const dv = new DataView(encodeStat(kstat({ dev, rdev })).buffer);
          for (const [off, d] of [
            [0, dev],
            [40, rdev],
          ]) {
            const user = Number(dv.getBigUint64(off, true));
            expect([major(user), minor(user)]).toEqual([MAJOR(d), MINOR(d)]);
          }
        },
      ),
    );
  });

  it("64-bit fields and timespecs land where struct stat has them", () => {
    const big = 2 ** 40 + 7;
    const t = 1_700_000_000_123_456_789n;
    const b = encodeStat(
      kstat({
        ino: big,
        nlink: 3,
        mode: 0o100644,
        uid: 1000,
        gid: 27,
        size: big + 1,
        blocks: 16,
        atimeNs: t,
        mtimeNs: t + 1n,
        ctimeNs: 5n,
      }),
    );
    const dv = new DataView(b.buffer);
    expect(b.length).toBe(144);
    expect(dv.getBigUint64(8, true)).toBe(BigInt(big));
    expect(dv.getBigUint64(16, true)).toBe(3n);
    expect(dv.getUint32(24, true)).toBe(0o100644);
    expect(dv.getUint32(28, true)).toBe(1000);
    expect(dv.getUint32(32, true)).toBe(27);
    expect(dv.getBigInt64(48, true)).toBe(BigInt(big + 1));
    expect(dv.getBigInt64(56, true)).toBe(4096n);
    expect(dv.getBigInt64(64, true)).toBe(16n);
    expect(dv.getBigInt64(72, true)).toBe(1_700_000_000n);
    expect(dv.getBigInt64(80, true)).toBe(123_456_789n);
    expect(dv.getBigInt64(96, true)).toBe(123_456_790n);
    expect(dv.getBigInt64(104, true)).toBe(0n);
    expect(dv.getBigInt64(112, true)).toBe(5n);
  });

  it("a negative size is stored as its two's complement", () => {
    const dv = new DataView(encodeStat(kstat({ size: -1 })).buffer);
    expect(dv.getBigInt64(48, true)).toBe(-1n);
  });
});
