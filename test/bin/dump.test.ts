/**
 * hexdump, od, dd (status=noxfer) replayed against recordings of util-linux 2.38.1 and GNU
 * coreutils 9.1 (Debian 12, fixtures/dump.ts); dd's full summary with the virtual clock; zcat
 * on gzip data made by fflate, including /proc/config.gz.
 */
import { gzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { hostProcess } from "../../src/user/run.ts";
import { boot } from "../../src/vkern.ts";
import { replay, run } from "./fileops_helpers.ts";
import { dumpSteps } from "./fixtures/dump.ts";

describe("hexdump, od and dd against the real tools", () => {
  it("replays the recorded session", async () => {
    const k = await boot();
    expect(await replay(k, "/tmp/dump", dumpSteps)).toBeGreaterThan(150);
  });
});

describe("dd's transfer summary", () => {
  it("prints records, bytes, seconds and rate as coreutils 8.28 does", async () => {
    const k = await boot();
    await run(k, ["dd", "if=/etc/passwd", "of=/tmp/p", "bs=16", "count=3"]);
    const r = await run(k, ["dd", "if=/tmp/p", "of=/dev/null", "bs=16"]);
    // The virtual clock advances 1 µs per system call, so the time is a few µs, exactly.
    expect(r.output).toMatch(
      /^3\+0 records in\n3\+0 records out\n48 bytes copied, \d\.\d+e-05 s, \d+(\.\d)? MB\/s\n$/,
    );
    const big = await run(k, ["dd", "if=/dev/zero", "of=/dev/null", "bs=1024", "count=2048"]);
    expect(big.output).toMatch(
      /^2048\+0 records in\n2048\+0 records out\n2097152 bytes \(2\.1 MB, 2\.0 MiB\) copied, [\d.e-]+ s, [\d.]+ [kMG]B\/s\n$/,
    );
    const none = await run(k, ["dd", "if=/dev/zero", "of=/dev/null", "count=0"]);
    // gnulib human_readable() takes its exact integer path when the elapsed nanoseconds
    // divide 10^9 (they do on the virtual clock), giving "0 B/s" rather than "0.0 kB/s".
    expect(none.output).toMatch(
      /^0\+0 records in\n0\+0 records out\n0 bytes copied, \de-06 s, 0 B\/s\n$/,
    );
  });
});

describe("zcat", () => {
  let k: Kernel;
  const put = async (path: string, data: Uint8Array) => {
    const { libc } = hostProcess(k, 0, "/", () => {});
    await libc.writeFile(path, data);
  };
  beforeAll(async () => {
    k = await boot();
  });

  it("decompresses deflated, stored and multi-member gzip data", async () => {
    const enc = new TextEncoder();
    const a = gzipSync(enc.encode("hello "));
    const b = gzipSync(enc.encode("world\n"), { level: 0 });
    const both = new Uint8Array(a.length + b.length);
    both.set(a);
    both.set(b, a.length);
    await put("/tmp/hw.gz", both);
    expect(await run(k, ["zcat", "/tmp/hw.gz"])).toEqual({ output: "hello world\n", status: 0 });
    // gzip retries a missing NAME as NAME.gz.
    expect(await run(k, ["zcat", "/tmp/hw"])).toEqual({ output: "hello world\n", status: 0 });
  });

  it.each([
    // gzip 1.6 messages (also 1.12's)
    [["zcat", "/etc/hostname"], "gzip: /etc/hostname: not in gzip format\n", 1],
    [["zcat", "/nonexistent"], "gzip: /nonexistent.gz: No such file or directory\n", 1],
    [["zcat", "/tmp"], "gzip: /tmp is a directory -- ignored\n", 2],
  ] as const)("%j", async (argv, output, status) => {
    expect(await run(k, [...argv])).toEqual({ output, status });
  });

  it("reports trailing garbage and truncation", async () => {
    const good = gzipSync(new TextEncoder().encode("data\n"));
    const withGarbage = new Uint8Array([...good, 1, 2, 3, 4]);
    await put("/tmp/g1.gz", withGarbage);
    expect(await run(k, ["zcat", "/tmp/g1.gz"])).toEqual({
      output: "data\ngzip: /tmp/g1.gz: decompression OK, trailing garbage ignored\n",
      status: 2,
    });
    await put("/tmp/g2.gz", good.subarray(0, good.length - 6));
    const t = await run(k, ["zcat", "/tmp/g2.gz"]);
    expect(t.output.endsWith("gzip: /tmp/g2.gz: unexpected end of file\n")).toBe(true);
    expect(t.status).toBe(1);
  });

  it("reads /proc/config.gz", async () => {
    const r = await run(k, ["zcat", "/proc/config.gz"]);
    expect(r.status).toBe(0);
    expect(r.output).toMatch(/^#\n# Automatically generated file; DO NOT EDIT\.\n/);
    expect(r.output).toContain("CONFIG_IKCONFIG_PROC=y\n");
  });
});
