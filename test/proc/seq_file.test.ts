import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  SEEK_CUR,
  SEEK_DATA,
  SEEK_END,
  SEEK_HOLE,
  SEEK_SET,
} from "../../src/include/uapi/fcntl.ts";
import type { ModuleDefinition } from "../../src/kernel/module.ts";
import {
  proc_create_seq,
  proc_mkdir,
  remove_proc_subtree,
  seq_printf,
  seq_puts,
} from "../../src/linux.ts";
import { bootWith, expectErrno, insmod, proc } from "../helpers.ts";

/** A test module with a seq_file of N numbered lines of varying length (fs/seq_file.c iterator). */
function linesModule(n: number): ModuleDefinition {
  return {
    name: "seqtest",
    license: "GPL",
    load() {
      return {
        init() {
          const dir = proc_mkdir("seqtest", null);
          proc_create_seq("lines", 0o444, dir, {
            start: (_m, pos) => (pos.value < n ? pos.value : null),
            next: (_m, _v, pos) => {
              pos.value++;
              return pos.value < n ? pos.value : null;
            },
            stop: () => {},
            show: (m, v) => {
              seq_printf(m, "line %d: %s\n", v as number, "x".repeat(((v as number) * 37) % 91));
              return 0;
            },
          });
          // Multi-byte text in lines of every length, across page boundaries: the long ones
          // take seq_puts()'s native-encoding path, the short ones its byte loop.
          proc_create_seq("utf8", 0o444, dir, {
            start: (_m, pos) => (pos.value < 120 ? pos.value : null),
            next: (_m, _v, pos) => {
              pos.value++;
              return pos.value < 120 ? pos.value : null;
            },
            stop: () => {},
            show: (m, v) => {
              seq_puts(m, utf8Line(v as number));
              return 0;
            },
          });
          // One record bigger than a page: show() must be re-run with a doubled buffer.
          proc_create_seq("big", 0o444, dir, {
            start: (_m, pos) => (pos.value < 2 ? pos.value : null),
            next: (_m, _v, pos) => {
              pos.value++;
              return pos.value < 2 ? pos.value : null;
            },
            stop: () => {},
            show: (m, v) => {
              seq_puts(m, `${String(v).repeat(10000)}\n`);
              return 0;
            },
          });
          return 0;
        },
        exit() {
          remove_proc_subtree("seqtest", null);
        },
      };
    },
  };
}

/** Line i of /proc/seqtest/utf8: i characters of ASCII, é, ✓ and 😀 (1 to 4 bytes each). */
function utf8Line(i: number): string {
  const chars = ["a", "é", "✓", "😀"];
  let s = "";
  for (let j = 0; j < i * 3; j++) s += chars[(i + j) % 4];
  return `${s}\n`;
}

const N = 500;
function expected(n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += `line ${i}: ${"x".repeat((i * 37) % 91)}\n`;
  return s;
}

async function setup() {
  const k = await bootWith([linesModule(N)]);
  expect(await insmod(k, "seqtest")).toBe(0);
  const { libc } = proc(k, 1000);
  return { k, libc };
}

describe("seq_file reads (fs/seq_file.c)", () => {
  it("one big read returns page-sized chunks of whole records", async () => {
    const { libc } = await setup();
    const fd = await libc.open("/proc/seqtest/lines", 0);
    const chunks: string[] = [];
    for (;;) {
      const b = await libc.readBytes(fd, 1 << 20);
      if (!b.length) break;
      chunks.push(new TextDecoder().decode(b));
    }
    expect(chunks.join("")).toBe(expected(N));
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(4096);
      expect(c.endsWith("\n")).toBe(true);
    }
  });

  it("multi-byte text of every line length reads back as UTF-8, whole lines per chunk", async () => {
    const { libc } = await setup();
    const fd = await libc.open("/proc/seqtest/utf8", 0);
    const chunks: Uint8Array[] = [];
    for (;;) {
      const b = await libc.readBytes(fd, 1 << 20);
      if (!b.length) break;
      chunks.push(b);
      expect(b.length).toBeLessThanOrEqual(4096 * 2);
      expect(b[b.length - 1]).toBe(10);
    }
    let want = "";
    for (let i = 0; i < 120; i++) want += utf8Line(i);
    const got = new TextDecoder().decode(Buffer.concat(chunks));
    expect(got).toBe(want);
  });

  it("1-byte reads give exactly the bytes of one big read", async () => {
    const { libc } = await setup();
    const fd = await libc.open("/proc/seqtest/lines", 0);
    const buf = libc.mem.malloc(1);
    let s = "";
    for (;;) {
      const n = await libc.read(fd, buf, 1);
      if (!n) break;
      s += String.fromCharCode(libc.mem.u8(buf));
    }
    expect(s).toBe(expected(N));
  });

  it("preads at random offsets and sizes return the same bytes as the file", async () => {
    const { libc } = await setup();
    const all = expected(N);
    const fd = await libc.open("/proc/seqtest/lines", 0);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: all.length + 100 }),
        fc.integer({ min: 0, max: 9000 }),
        async (off, size) => {
          const b = await libc.preadBytes(fd, size, off);
          const got = new TextDecoder().decode(b);
          // seq_read returns whole records up to count, so a read may be short, but never wrong.
          expect(all.startsWith(got, off)).toBe(true);
          if (size > 0 && off < all.length) expect(got.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("lseek then read continues from the new position; lseek to 0 re-runs show", async () => {
    const { libc } = await setup();
    const all = expected(N);
    const fd = await libc.open("/proc/seqtest/lines", 0);
    expect(await libc.lseek(fd, 1234, SEEK_SET)).toBe(1234);
    const b = new TextDecoder().decode(await libc.readBytes(fd, 50));
    expect(b).toBe(all.slice(1234, 1234 + 50));
    expect(await libc.lseek(fd, 10, SEEK_CUR)).toBe(1234 + 50 + 10);
    expect(await libc.lseek(fd, 0, SEEK_SET)).toBe(0);
    expect(new TextDecoder().decode(await libc.readBytes(fd, 8))).toBe("line 0: ");
  });

  it("SEEK_END, SEEK_DATA, SEEK_HOLE and negative offsets are EINVAL; past the end reads 0", async () => {
    const { libc } = await setup();
    const fd = await libc.open("/proc/seqtest/lines", 0);
    await expectErrno(libc.lseek(fd, 0, SEEK_END), "EINVAL");
    await expectErrno(libc.lseek(fd, 0, SEEK_DATA), "EINVAL");
    await expectErrno(libc.lseek(fd, 0, SEEK_HOLE), "EINVAL");
    await expectErrno(libc.lseek(fd, -1, SEEK_SET), "EINVAL");
    expect(await libc.lseek(fd, 10_000_000, SEEK_SET)).toBe(10_000_000);
    expect((await libc.readBytes(fd, 100)).length).toBe(0);
  });

  it("a record larger than a page is shown whole (the buffer doubles)", async () => {
    const { libc } = await setup();
    const text = new TextDecoder().decode(await libc.readFile("/proc/seqtest/big"));
    expect(text).toBe(`${"0".repeat(10000)}\n${"1".repeat(10000)}\n`);
  });

  it("read(fd, buf, 0) returns 0", async () => {
    const { libc } = await setup();
    const fd = await libc.open("/proc/seqtest/lines", 0);
    expect((await libc.readBytes(fd, 0)).length).toBe(0);
  });
});
