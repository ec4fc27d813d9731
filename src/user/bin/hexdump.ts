/**
 * hexdump(1) (bsdmainutils on Ubuntu 18.04; util-linux's is identical for these formats):
 * the built-in formats -C (canonical hex+ASCII), -b, -c, -d, -o, -x and the default (16-bit
 * hex words), each line laid out as hexdump's format strings lay it out: missing units of a
 * short last line print as blanks, identical lines collapse to "*" unless -v, and the last
 * line is the total length. -s skips, -n limits. Custom -e/-f formats are not supported.
 */

import type { LongOption } from "../lib/getopt.ts";
import { type Cmd, coreutilsMain, errnoOf } from "../lib/prog.ts";

interface Format {
  /** Width of the address column ("%07.7_ax" or "%08.8_ax"). */
  addrWidth: number;
  /** Renders one 16-byte line; `bytes` may be shorter (the last line). */
  line(bytes: Uint8Array): string;
}

const LONG: LongOption[] = [
  { name: "one-byte-octal", hasArg: 0, val: "b" },
  { name: "one-byte-char", hasArg: 0, val: "c" },
  { name: "canonical", hasArg: 0, val: "C" },
  { name: "two-bytes-decimal", hasArg: 0, val: "d" },
  { name: "two-bytes-octal", hasArg: 0, val: "o" },
  { name: "two-bytes-hex", hasArg: 0, val: "x" },
  { name: "length", hasArg: 1, val: "n" },
  { name: "skip", hasArg: 1, val: "s" },
  { name: "no-squeezing", hasArg: 0, val: "v" },
];

/** Units of `size` bytes, each rendered by `conv` or as blanks of `width`, joined by `sep`. */
function units(
  b: Uint8Array,
  count: number,
  size: number,
  width: number,
  conv: (v: number) => string,
  sep = " ",
) {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const off = i * size;
    if (off >= b.length) parts.push(" ".repeat(width));
    else {
      const v = size === 2 ? b[off] | ((b[off + 1] ?? 0) << 8) : b[off];
      parts.push(conv(v));
    }
  }
  return parts.join(sep);
}

/** %_c of hexdump: the character, a C escape, or three octal digits. */
function charConv(v: number): string {
  const esc: Record<number, string> = {
    0: "\\0",
    7: "\\a",
    8: "\\b",
    12: "\\f",
    10: "\\n",
    13: "\\r",
    9: "\\t",
    11: "\\v",
  };
  const s =
    esc[v] ?? (v >= 0x20 && v < 0x7f ? String.fromCharCode(v) : v.toString(8).padStart(3, "0"));
  return s.padStart(3);
}

const pad0 = (v: number, base: number, w: number) => v.toString(base).padStart(w, "0");

const FORMATS: Record<string, Format> = {
  default: { addrWidth: 7, line: (b) => units(b, 8, 2, 4, (v) => pad0(v, 16, 4)) },
  x: { addrWidth: 7, line: (b) => units(b, 8, 2, 7, (v) => `   ${pad0(v, 16, 4)}`) },
  d: { addrWidth: 7, line: (b) => units(b, 8, 2, 7, (v) => `  ${pad0(v, 10, 5)}`) },
  o: { addrWidth: 7, line: (b) => units(b, 8, 2, 7, (v) => ` ${pad0(v, 8, 6)}`) },
  b: { addrWidth: 7, line: (b) => units(b, 16, 1, 3, (v) => pad0(v, 8, 3)) },
  c: { addrWidth: 7, line: (b) => units(b, 16, 1, 3, charConv) },
  C: {
    addrWidth: 8,
    line: (b) => {
      const hex = (v: number) => pad0(v, 16, 2);
      const text = Array.from(b, (v) =>
        v >= 0x20 && v < 0x7f ? String.fromCharCode(v) : ".",
      ).join("");
      return ` ${units(b.subarray(0, 8), 8, 1, 2, hex)}  ${units(b.subarray(8), 8, 1, 2, hex)}  |${text}|`;
    },
  },
};

/** A number with hexdump's size suffixes (b 512, k 1024, m 1048576) and C prefixes. */
function parseSize(s: string): number | null {
  const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)([bkm]?)$/.exec(s);
  if (!m) return null;
  const n = /^0[xX]/.test(m[1])
    ? parseInt(m[1], 16)
    : m[1].startsWith("0")
      ? parseInt(m[1], 8)
      : Number(m[1]);
  return n * ({ b: 512, k: 1024, m: 1048576, "": 1 }[m[2]] ?? 1);
}

async function run(cmd: Cmd, argv: string[]): Promise<number> {
  const { libc, q } = cmd;
  const { options, operands } = await cmd.getopt(argv, "bcCde:f:L::n:os:vx", LONG);
  const formats: Format[] = [];
  let skip = 0;
  let length = Infinity;
  let squeeze = true;
  for (const { key, arg = "" } of options) {
    if (FORMATS[key]) formats.push(FORMATS[key]);
    else if (key === "n" || key === "s") {
      const n = parseSize(arg);
      if (n === null)
        await cmd.die(1, `invalid ${key === "n" ? "length" : "skip"} argument: ${q.quote(arg)}`);
      if (key === "n") length = n ?? 0;
      else skip = n ?? 0;
    } else if (key === "v") squeeze = false;
    else if (key === "e" || key === "f")
      await cmd.die(1, "custom formats (-e, -f) are not supported");
  }
  if (formats.length === 0) formats.push(FORMATS.default);
  let status = 0;
  let failures = 0;
  const parts: Uint8Array[] = [];
  for (const f of operands.length ? operands : ["-"]) {
    try {
      const fd = f === "-" ? 0 : await libc.open(f, 0);
      try {
        parts.push(await libc.readAll(fd));
      } finally {
        if (fd) await libc.close(fd);
      }
    } catch (e) {
      await cmd.error(f, errnoOf(e));
      status = 1;
      failures++;
    }
  }
  // util-linux: when no file could be read at all.
  if (operands.length && failures === operands.length) {
    await cmd.die(1, "all input file arguments failed");
  }
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  const data = all.subarray(Math.min(skip, all.length), Math.min(all.length, skip + length));
  if (data.length === 0) return status;
  const out: string[] = [];
  let prev: Uint8Array | null = null;
  let starred = false;
  for (let pos = 0; pos < data.length; pos += 16) {
    const b = data.subarray(pos, pos + 16);
    if (squeeze && prev && b.length === 16 && b.every((v, i) => v === prev![i])) {
      if (!starred) out.push("*\n");
      starred = true;
      continue;
    }
    starred = false;
    prev = b;
    for (const f of formats) out.push(`${pad0(skip + pos, 16, f.addrWidth)} ${f.line(b)}\n`);
  }
  out.push(`${pad0(skip + data.length, 16, formats[formats.length - 1].addrWidth)}\n`);
  await cmd.out(out.join(""));
  return status;
}

export const main = coreutilsMain(run);
