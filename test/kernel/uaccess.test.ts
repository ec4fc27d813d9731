import { describe, expect, it } from "vitest";
import { PAGE_SIZE } from "../../src/mm/mm.ts";
import {
  access_ok,
  clear_user,
  copy_from_user,
  copy_to_user,
  get_user,
  put_user,
  strncpy_from_user,
} from "../../src/mm/uaccess.ts";
import { bootWith, proc } from "../helpers.ts";

async function setup() {
  const k = await bootWith();
  const { task, libc } = proc(k, 1000);
  // Two pages mapped at a fixed place, with nothing after them.
  const base = 0x10000000;
  task.mm.mapFixed(base, 2 * PAGE_SIZE, 3, "test");
  return { k, task, libc, base };
}

describe("user memory (copy_to_user and friends)", () => {
  it("copies within a mapping", async () => {
    const { k, task, base } = await setup();
    const left = k.run(() => copy_to_user(base + 10, "hello", 5), task);
    expect(left).toBe(0);
    const back = new Uint8Array(5);
    expect(k.run(() => copy_from_user(back, base + 10, 5), task)).toBe(0);
    expect(new TextDecoder().decode(back)).toBe("hello");
  });

  it("gives partial counts when a range crosses into unmapped memory", async () => {
    const { k, task, base } = await setup();
    const end = base + 2 * PAGE_SIZE;
    expect(k.run(() => copy_to_user(end - 3, new Uint8Array(10), 10), task)).toBe(7);
    const dst = new Uint8Array(10).fill(0xaa);
    expect(k.run(() => copy_from_user(dst, end - 4, 10), task)).toBe(6);
    // the uncopied tail is zeroed, as copy_from_user() guarantees
    expect([...dst.subarray(4)]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  const bad: [string, number][] = [
    ["NULL", 0],
    ["unmapped", 0x20000000],
    ["a kernel address", 0xffff888000000000],
    ["beyond TASK_SIZE", 0x800000000000],
  ];
  for (const [what, addr] of bad) {
    it(`fails on ${what}`, async () => {
      const { k, task } = await setup();
      expect(k.run(() => copy_to_user(addr, "abc", 3), task)).toBe(3);
      expect(k.run(() => put_user(1, addr, "int"), task)).toBe(-14);
      expect(k.run(() => get_user(addr, "int").err, task)).toBe(-14);
      expect(k.run(() => clear_user(addr, 8), task)).toBe(8);
      expect(k.run(() => strncpy_from_user(addr, 10).err, task)).toBe(-14);
    });
  }

  it("access_ok checks the range, not the mapping", () => {
    expect(access_ok(0x1000, 16)).toBe(true);
    expect(access_ok(0x7ffffffff000 - 16, 16)).toBe(true);
    expect(access_ok(0x7ffffffff000 - 15, 16)).toBe(false);
    expect(access_ok(-1, 1)).toBe(false);
  });

  it("get_user/put_user move C-sized values little-endian", async () => {
    const { k, task, base } = await setup();
    k.run(() => {
      expect(put_user(-2, base, "int")).toBe(0);
      expect(get_user(base, "int")).toEqual({ err: 0, value: -2 });
      expect(get_user(base, "u32")).toEqual({ err: 0, value: 0xfffffffe });
      expect(put_user(0x1122334455667788n, base, "u64")).toBe(0);
      expect(get_user(base, "u8")).toEqual({ err: 0, value: 0x88 });
      expect(get_user(base, "u64")).toEqual({ err: 0, value: 0x1122334455667788n });
    }, task);
  });

  it("strncpy_from_user stops at NUL and reports truncation", async () => {
    const { k, task, base } = await setup();
    k.run(() => {
      copy_to_user(base, "abc\0def", 7);
      const r = strncpy_from_user(base, 100);
      expect(new TextDecoder().decode(r.bytes)).toBe("abc");
      expect(strncpy_from_user(base, 2).truncated).toBe(true);
    }, task);
  });
});
