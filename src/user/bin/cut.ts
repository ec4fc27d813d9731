/**
 * cut(1), GNU coreutils 8.28: print selected parts of lines. -b/-c LIST (bytes; -c is -b
 * here as in coreutils, which has no multibyte cut), -f LIST with -d DELIM and -s,
 * --complement, --output-delimiter, -z. Lists are parsed as set-fields.c:set_fields().
 */

import { quote, quotef, tryHelp } from "../lib/coreutils.ts";
import { getoptLong, type LongOption } from "../lib/getopt.ts";
import { argBytes, errText, openInput, out, type Reader, warn } from "../lib/io.ts";
import type { Libc } from "../libc/libc.ts";

const LONG: LongOption[] = [
  { name: "bytes", hasArg: 1, val: "b" },
  { name: "characters", hasArg: 1, val: "c" },
  { name: "fields", hasArg: 1, val: "f" },
  { name: "delimiter", hasArg: 1, val: "d" },
  { name: "only-delimited", hasArg: 0, val: "s" },
  { name: "output-delimiter", hasArg: 1, val: "output-delimiter" },
  { name: "complement", hasArg: 0, val: "complement" },
  { name: "zero-terminated", hasArg: 0, val: "z" },
  { name: "help", hasArg: 0, val: "help" },
  { name: "version", hasArg: 0, val: "version" },
];

interface Range {
  lo: number;
  hi: number;
}

class UsageError extends Error {}

/** Mirrors set-fields.c:set_fields(); ranges come back sorted and merged. */
export function parseList(
  spec: string,
  fields: boolean,
  complement: boolean,
  q: (s: string) => string,
): Range[] {
  const fail = (m: string): never => {
    throw new UsageError(m);
  };
  const from1 = fields
    ? "fields are numbered from 1"
    : "byte/character positions are numbered from 1";
  const ranges: Range[] = [];
  let lhs = false;
  let rhs = false;
  let dash = false;
  let initial = 1;
  let value = 0;
  let numStart = 0;
  let inDigits = false;
  for (let i = 0; ; i++) {
    const c = i < spec.length ? spec[i] : "\0";
    if (c === "-") {
      inDigits = false;
      if (dash) fail(fields ? "invalid field range" : "invalid byte or character range");
      dash = true;
      if (lhs && !value) fail(from1);
      initial = lhs ? value : 1;
      value = 0;
    } else if (c === "," || c === " " || c === "\t" || c === "\0") {
      inDigits = false;
      if (dash) {
        dash = false;
        if (!lhs && !rhs) fail("invalid range with no endpoint: -");
        if (!rhs) ranges.push({ lo: initial, hi: Number.MAX_SAFE_INTEGER });
        else {
          if (value < initial) fail("invalid decreasing range");
          ranges.push({ lo: initial, hi: value });
        }
      } else {
        if (value === 0) fail(from1);
        ranges.push({ lo: value, hi: value });
      }
      value = 0;
      if (c === "\0") break;
      lhs = rhs = false;
    } else if (c >= "0" && c <= "9") {
      if (!inDigits) numStart = i;
      inDigits = true;
      if (dash) rhs = true;
      else lhs = true;
      value = value * 10 + Number(c);
      if (value >= Number.MAX_SAFE_INTEGER) {
        const num = /^[0-9]*/.exec(spec.slice(numStart))?.[0] ?? "";
        fail(
          fields
            ? `field number ${q(num)} is too large`
            : `byte/character offset ${q(num)} is too large`,
        );
      }
    } else {
      fail(
        fields
          ? `invalid field value ${q(spec.slice(i))}`
          : `invalid byte/character position ${q(spec.slice(i))}`,
      );
    }
  }
  ranges.sort((a, b) => a.lo - b.lo);
  const merged: Range[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.lo <= last.hi + 1) last.hi = Math.max(last.hi, r.hi);
    else merged.push({ ...r });
  }
  if (!complement) return merged;
  // complement_rp()
  const comp: Range[] = [];
  let next = 1;
  for (const r of merged) {
    if (r.lo > next) comp.push({ lo: next, hi: r.lo - 1 });
    next = r.hi + 1;
  }
  if (next < Number.MAX_SAFE_INTEGER) comp.push({ lo: next, hi: Number.MAX_SAFE_INTEGER });
  return comp;
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv[0] ?? "cut";
  const parsed = getoptLong(argv, "b:c:d:f:nsz", LONG);
  const usage = async (msg: string) => {
    await warn(libc, prog, msg);
    await libc.stderr.write(tryHelp(prog));
    return 1;
  };
  if (parsed.error) {
    await libc.stderr.write(parsed.error + tryHelp(prog));
    return 1;
  }
  let mode: "b" | "f" | null = null;
  let list = "";
  let delim: string | null = null;
  let outDelim: string | null = null;
  let onlyDelimited = false;
  let complement = false;
  let eol = "\n";
  for (const o of parsed.options) {
    const a = o.arg ?? "";
    switch (o.key) {
      case "b":
      case "c":
      case "f":
        if (mode !== null) return usage("only one list may be specified");
        mode = o.key === "f" ? "f" : "b";
        list = a;
        break;
      case "d": {
        const d = argBytes(a);
        if (d.length > 1) return usage("the delimiter must be a single character");
        delim = d === "" ? "\0" : d;
        break;
      }
      case "s":
        onlyDelimited = true;
        break;
      case "output-delimiter":
        outDelim = argBytes(a);
        break;
      case "complement":
        complement = true;
        break;
      case "z":
        eol = "\0";
        break;
      case "help":
        await out(libc, `Usage: ${prog} OPTION... [FILE]...\n`);
        return 0;
      case "version":
        await out(libc, "cut (GNU coreutils) 8.28\n");
        return 0;
      default:
        break;
    }
  }
  if (mode === null) return usage("you must specify a list of bytes, characters, or fields");
  if (mode === "b" && delim !== null)
    return usage("an input delimiter may be specified only when operating on fields");
  if (mode === "b" && onlyDelimited)
    return usage("suppressing non-delimited lines makes sense\n\tonly when operating on fields");
  let ranges: Range[];
  try {
    ranges = parseList(list, mode === "f", complement, (s) => quote(libc, s));
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message);
    throw e;
  }
  const d = delim ?? "\t";
  const od = outDelim ?? d;
  const selected = (n: number) => {
    for (const r of ranges) {
      if (n < r.lo) return false;
      if (n <= r.hi) return true;
    }
    return false;
  };
  const rangeStart = (n: number) => ranges.some((r) => r.lo === n);
  const cutLine = (line: string): string | null => {
    if (mode === "b") {
      let o = "";
      let printed = false;
      for (let i = 0; i < line.length; i++) {
        if (!selected(i + 1)) continue;
        if (outDelim !== null && printed && rangeStart(i + 1)) o += od;
        printed = true;
        o += line[i];
      }
      return o + eol;
    }
    if (!line.includes(d)) return onlyDelimited ? null : line + eol;
    const parts = line.split(d);
    const picked = parts.filter((_, i) => selected(i + 1));
    return picked.join(od) + eol;
  };
  const files = parsed.operands.length ? parsed.operands : ["-"];
  let status = 0;
  for (const f of files) {
    let r: Reader;
    try {
      r = await openInput(libc, f);
    } catch (e) {
      await warn(libc, prog, `${quotef(libc, f)}: ${errText(libc, e)}`);
      status = 1;
      continue;
    }
    r.eol = eol;
    try {
      for (let raw = await r.readLine(); raw !== null; raw = await r.readLine()) {
        const line = raw.endsWith(eol) ? raw.slice(0, -1) : raw;
        const o = cutLine(line);
        if (o !== null) await out(libc, o);
      }
    } catch (e) {
      if (!(e instanceof Error && e.name === "SysError")) throw e;
      await warn(libc, prog, `${quotef(libc, f)}: ${errText(libc, e)}`);
      status = 1;
    } finally {
      await r.close();
    }
  }
  try {
    await libc.stdout.flush();
  } catch (e) {
    await warn(libc, prog, `write error: ${errText(libc, e)}`);
    return 1;
  }
  return status;
}
