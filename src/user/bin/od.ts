/**
 * od(1), GNU coreutils 8.28: dump files in octal and other formats. Mirrors src/od.c:
 * decode_one_format() (field widths, "%*.Nx"-style fields), the column alignment of several
 * formats (pad_width distributed over the fields), write_block() (duplicate lines become
 * "*" unless -v), the zero padding of a short last block, the `z` suffix's >text< trailer,
 * and format_address_std(). Floating-point types (-t f, -f) are not supported.
 */

import type { LongOption } from "../lib/getopt.ts";
import { type Cmd, coreutilsMain, errnoOf } from "../lib/prog.ts";

const LONG: LongOption[] = [
  { name: "skip-bytes", hasArg: 1, val: "j" },
  { name: "address-radix", hasArg: 1, val: "A" },
  { name: "read-bytes", hasArg: 1, val: "N" },
  { name: "format", hasArg: 1, val: "t" },
  { name: "output-duplicates", hasArg: 0, val: "v" },
  { name: "strings", hasArg: 2, val: "S" },
  { name: "traditional", hasArg: 0, val: "traditional" },
  { name: "width", hasArg: 2, val: "w" },
];

const OCT_DIGITS = [0, 3, 6, 8, 11, 14, 16, 19, 22];
const SDEC_DIGITS = [1, 4, 6, 8, 11, 13, 16, 18, 20];
const UDEC_DIGITS = [0, 3, 5, 8, 10, 13, 15, 17, 20];
const HEX_DIGITS = [0, 2, 4, 6, 8, 10, 12, 14, 16];

const CHARNAME = [
  "nul",
  "soh",
  "stx",
  "etx",
  "eot",
  "enq",
  "ack",
  "bel",
  "bs",
  "ht",
  "nl",
  "vt",
  "ff",
  "cr",
  "so",
  "si",
  "dle",
  "dc1",
  "dc2",
  "dc3",
  "dc4",
  "nak",
  "syn",
  "etb",
  "can",
  "em",
  "sub",
  "esc",
  "fs",
  "gs",
  "rs",
  "us",
  "sp",
];

interface Spec {
  kind: "d" | "o" | "u" | "x" | "a" | "c";
  size: number;
  fieldWidth: number;
  pad: number;
  trailer: boolean;
}

/** Mirrors od.c:decode_one_format() for one TYPE string; returns the specs or od's error. */
function decodeFormats(s: string, quote: (x: string) => string): Spec[] | string {
  const bad = (c: string) => `invalid character '${c}' in type string ${quote(s)}`;
  const out: Spec[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i++];
    let size = 1;
    let kind: Spec["kind"];
    if ("doux".includes(c)) {
      kind = c as Spec["kind"];
      const named: Record<string, number> = { C: 1, S: 2, I: 4, L: 8 };
      if (named[s[i]]) size = named[s[i++]];
      else {
        const m = /^\d+/.exec(s.slice(i));
        if (m) {
          size = Number(m[0]);
          i += m[0].length;
          if (![1, 2, 4, 8].includes(size)) {
            return `invalid type string ${quote(s)};\nthis system doesn't provide a ${size}-byte integral type`;
          }
        } else size = 4;
      }
    } else if (c === "a" || c === "c") {
      kind = c;
    } else return bad(c);
    const fieldWidth =
      kind === "d"
        ? SDEC_DIGITS[size]
        : kind === "o"
          ? OCT_DIGITS[size]
          : kind === "u"
            ? UDEC_DIGITS[size]
            : kind === "x"
              ? HEX_DIGITS[size]
              : 3;
    const trailer = s[i] === "z";
    if (trailer) i++;
    out.push({ kind, size, fieldWidth, pad: 0, trailer });
  }
  return out;
}

/** One field's text (before padding). */
function fieldText(spec: Spec, b: Uint8Array, off: number): string {
  if (spec.kind === "a") {
    const m = b[off] & 0x7f;
    return m === 127 ? "del" : m <= 32 ? CHARNAME[m] : String.fromCharCode(m);
  }
  if (spec.kind === "c") {
    const ch = b[off];
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
    if (esc[ch]) return esc[ch];
    return ch >= 0x20 && ch < 0x7f ? String.fromCharCode(ch) : ch.toString(8).padStart(3, "0");
  }
  let v = 0n;
  for (let k = spec.size - 1; k >= 0; k--) v = (v << 8n) | BigInt(b[off + k]);
  if (spec.kind === "d") return BigInt.asIntN(spec.size * 8, v).toString();
  if (spec.kind === "u") return v.toString();
  const digits = spec.kind === "o" ? v.toString(8) : v.toString(16);
  return digits.padStart(spec.fieldWidth, "0");
}

/** Parses od's BYTES arguments (xstrtoumax with od's suffixes: b, kB, K, MB, M, ...). */
function parseBytes(s: string): number | null {
  const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)(b|kB|K|KiB|MB|M|MiB|GB|G|GiB)?$/.exec(s);
  if (!m) return null;
  const n =
    m[1].startsWith("0x") || m[1].startsWith("0X")
      ? parseInt(m[1], 16)
      : m[1].startsWith("0")
        ? parseInt(m[1], 8)
        : Number(m[1]);
  const mult: Record<string, number> = {
    b: 512,
    kB: 1000,
    K: 1024,
    KiB: 1024,
    MB: 1e6,
    M: 1048576,
    MiB: 1048576,
    GB: 1e9,
    G: 2 ** 30,
    GiB: 2 ** 30,
  };
  return n * (m[2] ? mult[m[2]] : 1);
}

async function run(cmd: Cmd, argv: string[]): Promise<number> {
  const { libc, q } = cmd;
  const { options, operands } = await cmd.getopt(argv, "A:aBbcDdeFfHhIij:LlN:OoS:st:vw::Xx", LONG);
  let radix = "o";
  let skip = 0;
  let limit = Infinity;
  let verbose = false;
  let width = 16;
  const specs: Spec[] = [];
  let ok = true;
  const add = async (t: string) => {
    const s = decodeFormats(t, (x) => q.quote(x));
    if (typeof s === "string") {
      await cmd.error(s);
      ok = false;
      return;
    }
    specs.push(...s);
  };
  const traditional: Record<string, string> = {
    a: "a",
    b: "o1",
    c: "c",
    d: "u2",
    i: "dI",
    l: "dL",
    o: "o2",
    s: "d2",
    x: "x2",
    B: "o2",
    D: "u4",
    e: "fD",
    F: "fD",
    f: "fF",
    H: "x4",
    X: "x4",
    I: "dL",
    L: "dL",
    O: "o4",
    h: "x2",
  };
  for (const { key, arg = "" } of options) {
    if (key === "A") {
      if (!"doxn".includes(arg) || arg.length !== 1) {
        await cmd.die(
          1,
          `invalid output address radix '${arg}'; it must be one character from [doxn]`,
        );
      }
      radix = arg;
    } else if (key === "j" || key === "N") {
      const n = parseBytes(arg);
      if (n === null)
        await cmd.die(
          1,
          `invalid ${key === "j" ? "skip-bytes" : "read-bytes"} argument ${q.quote(arg)}`,
        );
      if (key === "j") skip = n ?? 0;
      else limit = n ?? 0;
    } else if (key === "t") await add(arg);
    else if (key === "v") verbose = true;
    else if (key === "w") {
      width = arg === "" ? 32 : Number(arg);
      if (!Number.isInteger(width) || width <= 0)
        await cmd.die(1, `invalid -w argument ${q.quote(arg)}`);
    } else if (traditional[key]) {
      if (traditional[key].startsWith("f"))
        await cmd.die(1, "floating-point formats are not supported");
      await add(traditional[key]);
    } else if (key === "S" || key === "traditional") {
      await cmd.die(1, `option '${key === "S" ? "--strings" : "--traditional"}' is not supported`);
    }
  }
  if (!ok) return 1;
  if (specs.length === 0) await add("o2");
  const lcm = specs.reduce((acc, s) => {
    const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
    return (acc * s.size) / gcd(acc, s.size);
  }, 1);
  if (width % lcm !== 0) {
    await cmd.error(`warning: invalid width ${width}; using ${lcm} instead`);
    width = lcm;
  }
  // od.c main(): the widest format sets the block width; narrower ones get pad_width.
  let widthPerBlock = 0;
  for (const s of specs)
    widthPerBlock = Math.max(widthPerBlock, (s.fieldWidth + 1) * (width / s.size));
  for (const s of specs) s.pad = widthPerBlock - s.fieldWidth * (width / s.size);
  const addressPad = radix === "x" ? 6 : radix === "n" ? 0 : 7;
  const address = (n: number) =>
    radix === "n"
      ? ""
      : n.toString(radix === "o" ? 8 : radix === "d" ? 10 : 16).padStart(addressPad, "0");

  // Read all input (files concatenated), honouring -j and -N.
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
      await cmd.error(q.quotef(f), errnoOf(e));
      ok = false;
    }
  }
  // Nothing could be opened: od prints no dump at all, not even the final offset.
  if (parts.length === 0) return 1;
  const total = parts.reduce((n, p) => n + p.length, 0);
  const all = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  if (skip > total) {
    await cmd.die(1, "cannot skip past end of combined input");
  }
  const data = all.subarray(skip, Math.min(total, skip + limit));

  const out: string[] = [];
  let prev: Uint8Array | null = null;
  let prevEqual = false;
  for (let pos = 0; pos < data.length; pos += width) {
    const n = Math.min(width, data.length - pos);
    let block = data.subarray(pos, pos + n);
    if (!verbose && prev && n === width && block.every((b, k) => b === prev![k])) {
      if (!prevEqual) out.push("*\n");
      prevEqual = true;
      continue;
    }
    prevEqual = false;
    prev = block;
    let bytes = n;
    if (n < width) {
      // A short block is zero-padded to a multiple of the largest size.
      bytes = lcm * Math.ceil(n / lcm);
      const padded = new Uint8Array(bytes);
      padded.set(block);
      block = padded;
    }
    specs.forEach((s, idx) => {
      let line = idx === 0 ? address(skip + pos) : " ".repeat(addressPad);
      const fields = width / s.size;
      const blank = (width - bytes) / s.size;
      let padRemaining = s.pad;
      for (let i = fields, k = 0; i > blank; i--, k++) {
        const nextPad = Math.floor((s.pad * (i - 1)) / fields);
        line += fieldText(s, block, k * s.size).padStart(padRemaining - nextPad + s.fieldWidth);
        padRemaining = nextPad;
      }
      if (s.trailer) {
        line += " ".repeat(blank * (s.fieldWidth + 1));
        line += "  >";
        for (let k = 0; k < bytes; k++)
          line += block[k] >= 0x20 && block[k] < 0x7f ? String.fromCharCode(block[k]) : ".";
        line += "<";
      }
      out.push(`${line}\n`);
    });
  }
  if (radix !== "n") out.push(`${address(skip + data.length)}\n`);
  await cmd.out(out.join(""));
  return ok ? 0 : 1;
}

export const main = coreutilsMain(run);
