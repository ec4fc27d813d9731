/**
 * The one-variable helpers: read formats, write parsing and truncation, per type.
 * Expected texts follow fs/debugfs/file.c and fs/libfs.c of Linux 5.4 (simple_attr_write
 * parses with simple_strtoll(), so junk reads as 0 and "-1" as all ones).
 */
import { describe, expect, it } from "vitest";
import { O_RDONLY, O_WRONLY, SEEK_SET } from "../../src/include/uapi/fcntl.ts";
import type { ModuleDefinition } from "../../src/kernel/module.ts";
import {
  DEFINE_DEBUGFS_ATTRIBUTE,
  DEFINE_SIMPLE_ATTRIBUTE,
  type DebugfsDentry,
  debugfs_create_atomic_t,
  debugfs_create_bool,
  debugfs_create_dir,
  debugfs_create_file,
  debugfs_create_file_unsafe,
  debugfs_create_size_t,
  debugfs_create_u8,
  debugfs_create_u16,
  debugfs_create_u32,
  debugfs_create_u64,
  debugfs_create_ulong,
  debugfs_create_x8,
  debugfs_create_x16,
  debugfs_create_x32,
  debugfs_create_x64,
  debugfs_remove_recursive,
  EINVAL,
  type KPtr,
  kptr,
} from "../../src/linux.ts";
import { bootWith, insmod, proc, rmmod } from "../helpers.ts";
import { cat, DBG, errnoOf, fixture, readChunks, write1 } from "./util.ts";

type Create = (name: string, mode: number, parent: DebugfsDentry, value: KPtr<never>) => unknown;

interface IntCase {
  helper: string;
  create: Create;
  big: boolean;
  /** [initial value, expected read] */
  reads: [number | bigint, string][];
  /** [written text, expected read afterwards] */
  writes: [string, string][];
}

const U64_MAX = "18446744073709551615";

const INT_CASES: IntCase[] = [
  {
    helper: "u8",
    create: debugfs_create_u8 as Create,
    big: false,
    reads: [
      [0, "0\n"],
      [255, "255\n"],
      [300, "44\n"], // *(u8 *)data of a wider value
    ],
    writes: [
      ["255", "255\n"],
      ["256", "0\n"],
      ["257\n", "1\n"],
      ["0x1ff", "255\n"],
      ["010", "8\n"],
      ["-1", "255\n"],
      ["abc", "0\n"],
      [" 7", "0\n"],
      ["12abc", "12\n"],
    ],
  },
  {
    helper: "u16",
    create: debugfs_create_u16 as Create,
    big: false,
    reads: [
      [0, "0\n"],
      [65535, "65535\n"],
    ],
    writes: [
      ["65535", "65535\n"],
      ["65536", "0\n"],
      ["0xffff", "65535\n"],
      ["-2", "65534\n"],
    ],
  },
  {
    helper: "u32",
    create: debugfs_create_u32 as Create,
    big: false,
    reads: [
      [0, "0\n"],
      [4294967295, "4294967295\n"],
    ],
    writes: [
      ["5", "5\n"],
      ["4294967295", "4294967295\n"],
      ["4294967296", "0\n"],
      ["0xFFFFFFFF\n", "4294967295\n"],
      ["-1", "4294967295\n"],
      ["0x100000005", "5\n"],
    ],
  },
  {
    helper: "u64",
    create: debugfs_create_u64 as Create,
    big: true,
    reads: [
      [0n, "0\n"],
      [2n ** 64n - 1n, `${U64_MAX}\n`],
    ],
    writes: [
      [U64_MAX, `${U64_MAX}\n`],
      ["18446744073709551616", "0\n"], // simple_strtoull() wraps silently
      ["-1", `${U64_MAX}\n`],
      ["0x8000000000000000", "9223372036854775808\n"],
    ],
  },
  {
    helper: "ulong",
    create: debugfs_create_ulong as Create,
    big: true,
    reads: [[123n, "123\n"]],
    writes: [
      ["-1", `${U64_MAX}\n`],
      ["42", "42\n"],
    ],
  },
  {
    helper: "size_t",
    create: debugfs_create_size_t as Create,
    big: true,
    reads: [[4096n, "4096\n"]],
    writes: [["0x10", "16\n"]],
  },
  {
    helper: "x8",
    create: debugfs_create_x8 as Create,
    big: false,
    reads: [
      [0, "0x00\n"],
      [0xab, "0xab\n"],
    ],
    writes: [
      ["255", "0xff\n"],
      ["0x100", "0x00\n"],
    ],
  },
  {
    helper: "x16",
    create: debugfs_create_x16 as Create,
    big: false,
    reads: [
      [0, "0x0000\n"],
      [0xbeef, "0xbeef\n"],
    ],
    writes: [["70000", "0x1170\n"]],
  },
  {
    helper: "x32",
    create: debugfs_create_x32 as Create,
    big: false,
    reads: [
      [0, "0x00000000\n"],
      [0xdeadbeef, "0xdeadbeef\n"],
    ],
    writes: [["-1", "0xffffffff\n"]],
  },
  {
    helper: "x64",
    create: debugfs_create_x64 as Create,
    big: true,
    reads: [
      [0n, "0x0000000000000000\n"],
      [0x123456789abcdefn, "0x0123456789abcdef\n"],
    ],
    writes: [["-1", "0xffffffffffffffff\n"]],
  },
  {
    helper: "atomic_t",
    create: debugfs_create_atomic_t as Create,
    big: false,
    reads: [
      [0, "0\n"],
      [-1, "-1\n"],
      [2147483647, "2147483647\n"],
    ],
    writes: [
      ["4294967295", "-1\n"],
      ["2147483648", "-2147483648\n"],
      ["-5", "-5\n"],
    ],
  },
];

describe("integer helpers", () => {
  for (const c of INT_CASES) {
    it(`${c.helper}: reads`, async () => {
      const { k, root, dir } = await fixture();
      const v = { value: c.big ? (0n as number | bigint) : 0 };
      k.run(() => c.create("v", 0o644, dir, kptr(v, "value") as KPtr<never>));
      for (const [init, text] of c.reads) {
        v.value = init;
        expect(await cat(root, `${DBG}/t/v`), `${c.helper} of ${init}`).toBe(text);
      }
    });

    it(`${c.helper}: writes are cut to the width; the whole count is taken`, async () => {
      const { k, root, dir } = await fixture();
      const v = { value: c.big ? (0n as number | bigint) : 0 };
      k.run(() => c.create("v", 0o644, dir, kptr(v, "value") as KPtr<never>));
      for (const [input, text] of c.writes) {
        expect(await write1(root, `${DBG}/t/v`, input), `write ${input}`).toBe(input.length);
        expect(await cat(root, `${DBG}/t/v`), `${c.helper} after ${JSON.stringify(input)}`).toBe(
          text,
        );
        expect(typeof v.value).toBe(c.big ? "bigint" : "number");
      }
    });
  }

  it("only the first 23 bytes of a write are parsed, all of it is consumed", async () => {
    const { k, root, dir } = await fixture();
    const v = { value: 0n };
    k.run(() => debugfs_create_u64("v", 0o644, dir, kptr(v, "value")));
    const long = `0x${"0".repeat(19)}1234`; // "34" lies beyond set_buf[23]
    expect(await write1(root, `${DBG}/t/v`, long)).toBe(25);
    expect(v.value).toBe(0x12n);
  });

  it("simple-attribute files are not seekable: lseek and pread give ESPIPE", async () => {
    const { k, root, dir } = await fixture();
    const v = { value: 7 };
    k.run(() => debugfs_create_u32("v", 0o644, dir, kptr(v, "value")));
    const fd = await root.open(`${DBG}/t/v`, O_RDONLY);
    expect(await errnoOf(root.lseek(fd, 0, SEEK_SET))).toBe("ESPIPE");
    expect(await errnoOf(root.preadBytes(fd, 10, 0))).toBe("ESPIPE");
    await root.close(fd);
  });

  it("a read continues the text formatted at offset 0, even if the value changed", async () => {
    const { k, root, dir } = await fixture();
    const v = { value: 4294967295 };
    k.run(() => debugfs_create_u32("v", 0o644, dir, kptr(v, "value")));
    const fd = await root.open(`${DBG}/t/v`, O_RDONLY);
    const dec = new TextDecoder();
    expect(dec.decode(await root.readBytes(fd, 3))).toBe("429");
    v.value = 1;
    expect(dec.decode(await root.readBytes(fd, 100))).toBe("4967295\n");
    expect((await root.readBytes(fd, 100)).length).toBe(0);
    await root.close(fd);
    expect(await readChunks(root, `${DBG}/t/v`, 1)).toEqual(["1", "\n"]);
  });

  it("read-only and write-only modes pick fops without the method: EACCES even for root", async () => {
    const { k, root, dir } = await fixture();
    const v = { value: 3 };
    k.run(() => {
      debugfs_create_u32("ro", 0o444, dir, kptr(v, "value"));
      debugfs_create_u32("wo", 0o200, dir, kptr(v, "value"));
    });
    expect(await cat(root, `${DBG}/t/ro`)).toBe("3\n");
    expect(await errnoOf(write1(root, `${DBG}/t/ro`, "9"))).toBe("EACCES");
    expect(v.value).toBe(3);
    expect(await write1(root, `${DBG}/t/wo`, "9")).toBe(1);
    expect(v.value).toBe(9);
    expect(await errnoOf(cat(root, `${DBG}/t/wo`))).toBe("EACCES");
  });
});

describe("bool", () => {
  const WRITES: [string, boolean | "unchanged"][] = [
    ["Y", true],
    ["y\n", true],
    ["1", true],
    ["on", true],
    ["ON\n", true],
    ["N", false],
    ["n", false],
    ["0\n", false],
    ["off", false],
    ["oFf", false],
    ["yes please", true],
    ["no", false],
    // 5.4's kstrtobool() knows neither t/f (true/false) nor e/d (enable/disable)
    ["true", "unchanged"],
    ["false", "unchanged"],
    ["enabled", "unchanged"],
    ["disabled", "unchanged"],
    ["o", "unchanged"],
    ["2", "unchanged"],
    ["", "unchanged"],
  ];

  for (const start of [false, true]) {
    it(`writes, starting from ${start ? "Y" : "N"}: unknown input is ignored, count returned`, async () => {
      const { k, root, dir } = await fixture();
      const v = { value: start };
      k.run(() => debugfs_create_bool("b", 0o600, dir, kptr(v, "value")));
      for (const [input, want] of WRITES) {
        v.value = start;
        const fd = await root.open(`${DBG}/t/b`, O_WRONLY);
        expect(await root.writeBytes(fd, input), input).toBe(input.length);
        await root.close(fd);
        expect(v.value, JSON.stringify(input)).toBe(want === "unchanged" ? start : want);
        expect(await cat(root, `${DBG}/t/b`)).toBe(v.value ? "Y\n" : "N\n");
      }
    });
  }

  it("reads Y/N, seekable (default_llseek); read-only has no write method (EINVAL)", async () => {
    const { k, root, dir } = await fixture();
    const v = { value: true };
    k.run(() => debugfs_create_bool("b", 0o444, dir, kptr(v, "value")));
    expect(await readChunks(root, `${DBG}/t/b`, 1)).toEqual(["Y", "\n"]);
    const fd = await root.open(`${DBG}/t/b`, O_RDONLY);
    expect(await root.lseek(fd, 1, SEEK_SET)).toBe(1);
    expect(new TextDecoder().decode(await root.readBytes(fd, 10))).toBe("\n");
    await root.close(fd);
    expect(await errnoOf(write1(root, `${DBG}/t/b`, "N"))).toBe("EINVAL");
    expect(v.value).toBe(true);
  });
});

describe("DEFINE_DEBUGFS_ATTRIBUTE / DEFINE_SIMPLE_ATTRIBUTE in a module", () => {
  /** A module with two attributes: a validated setter, and a custom format. */
  const attrs: ModuleDefinition = {
    name: "dbgattrs",
    license: "GPL",
    load(THIS_MODULE) {
      const g = THIS_MODULE.static({ dir: null as DebugfsDentry | null, level: 3n, hits: 0 });
      function level_get(_data: unknown, val: KPtr<bigint | number>): number {
        val.set(g.level);
        return 0;
      }
      function level_set(_data: unknown, val: bigint): number {
        if (val > 7n) return -EINVAL;
        g.level = val;
        return 0;
      }
      function hits_get(_data: unknown, val: KPtr<bigint | number>): number {
        val.set(++g.hits);
        return 0;
      }
      const level_fops = DEFINE_DEBUGFS_ATTRIBUTE(level_get, level_set, "%llu\n");
      const hits_fops = DEFINE_SIMPLE_ATTRIBUTE(hits_get, null, "hits=0x%04llx\n");
      return {
        init() {
          g.dir = debugfs_create_dir("attrs", null);
          debugfs_create_file_unsafe("level", 0o644, g.dir, null, level_fops);
          debugfs_create_file("hits", 0o444, g.dir, null, hits_fops);
          return 0;
        },
        exit() {
          debugfs_remove_recursive(g.dir);
        },
      };
    },
  };

  it("formats with the given fmt, setter errors reach write(), not seekable, pins the module", async () => {
    const k = await bootWith([attrs]);
    expect(await insmod(k, "dbgattrs")).toBe(0);
    const root = proc(k, 0).libc;
    expect(await cat(root, `${DBG}/attrs/level`)).toBe("3\n");
    expect(await write1(root, `${DBG}/attrs/level`, "7\n")).toBe(2);
    expect(await cat(root, `${DBG}/attrs/level`)).toBe("7\n");
    expect(await errnoOf(write1(root, `${DBG}/attrs/level`, "8"))).toBe("EINVAL");
    expect(await cat(root, `${DBG}/attrs/level`)).toBe("7\n");
    expect(await cat(root, `${DBG}/attrs/hits`)).toBe("hits=0x0001\n");
    expect(await cat(root, `${DBG}/attrs/hits`)).toBe("hits=0x0002\n");
    expect(await errnoOf(write1(root, `${DBG}/attrs/hits`, "1"))).toBe("EACCES"); // no setter
    for (const f of ["level", "hits"]) {
      const fd = await root.open(`${DBG}/attrs/${f}`, O_RDONLY);
      expect(await errnoOf(root.lseek(fd, 0, SEEK_SET)), f).toBe("ESPIPE");
      expect(k.modules.find("dbgattrs")?.refcnt, f).toBe(1);
      await root.close(fd);
    }
    expect(await rmmod(k, "dbgattrs")).toBe(0);
  });
});
