/**
 * sort(1), GNU coreutils 8.28: sort lines of text files. Keys (-k POS1[,POS2] with per-key
 * b d f g h i M n r V), -t SEP, -b -d -f -g -h -i -M -n -r -V, -u, -s, -c/-C, -o FILE, -z,
 * -m. Comparison is sort.c:compare()/keycompare(): keys in order, then the whole line
 * byte by byte (the C.UTF-8 collation) unless -s or -u.
 */
import { O_CREAT, O_TRUNC, O_WRONLY } from "../../include/uapi/fcntl.ts";
import { quote, tryHelp } from "../lib/coreutils.ts";
import { getoptLong, type LongOption } from "../lib/getopt.ts";
import { argBytes, errText, openInput, out, strBytes, warn } from "../lib/io.ts";
import type { Libc } from "../libc/libc.ts";

const LONG: LongOption[] = [
  { name: "ignore-leading-blanks", hasArg: 0, val: "b" },
  { name: "check", hasArg: 2, val: "check" },
  { name: "dictionary-order", hasArg: 0, val: "d" },
  { name: "ignore-case", hasArg: 0, val: "f" },
  { name: "general-numeric-sort", hasArg: 0, val: "g" },
  { name: "human-numeric-sort", hasArg: 0, val: "h" },
  { name: "ignore-nonprinting", hasArg: 0, val: "i" },
  { name: "key", hasArg: 1, val: "k" },
  { name: "merge", hasArg: 0, val: "m" },
  { name: "month-sort", hasArg: 0, val: "M" },
  { name: "numeric-sort", hasArg: 0, val: "n" },
  { name: "output", hasArg: 1, val: "o" },
  { name: "random-sort", hasArg: 0, val: "R" },
  { name: "reverse", hasArg: 0, val: "r" },
  { name: "stable", hasArg: 0, val: "s" },
  { name: "field-separator", hasArg: 1, val: "t" },
  { name: "unique", hasArg: 0, val: "u" },
  { name: "version-sort", hasArg: 0, val: "V" },
  { name: "zero-terminated", hasArg: 0, val: "z" },
  { name: "buffer-size", hasArg: 1, val: "S" },
  { name: "temporary-directory", hasArg: 1, val: "T" },
  { name: "parallel", hasArg: 1, val: "parallel" },
  { name: "help", hasArg: 0, val: "help" },
  { name: "version", hasArg: 0, val: "version" },
];

interface KeyOpts {
  b: boolean;
  /** -b applied to the end position. */
  eb: boolean;
  d: boolean;
  f: boolean;
  g: boolean;
  h: boolean;
  i: boolean;
  M: boolean;
  n: boolean;
  r: boolean;
  V: boolean;
}

interface Key extends KeyOpts {
  sword: number;
  schar: number;
  /** -1: end of line. */
  eword: number;
  echar: number;
}

const blankOpts = (): KeyOpts => ({
  b: false,
  eb: false,
  d: false,
  f: false,
  g: false,
  h: false,
  i: false,
  M: false,
  n: false,
  r: false,
  V: false,
});

class SortError extends Error {
  constructor(
    message: string,
    readonly usage = false,
  ) {
    super(message);
  }
}

const isBlank = (c: string) => c === " " || c === "\t";

/** Mirrors sort.c:begfield(). */
function begField(line: string, key: Key, tab: string | null): number {
  let p = 0;
  const lim = line.length;
  let sword = key.sword;
  if (tab !== null) {
    while (p < lim && sword--) {
      while (p < lim && line[p] !== tab) p++;
      if (p < lim) p++;
    }
  } else {
    while (p < lim && sword--) {
      while (p < lim && isBlank(line[p])) p++;
      while (p < lim && !isBlank(line[p])) p++;
    }
  }
  if (key.b) while (p < lim && isBlank(line[p])) p++;
  return Math.min(p + key.schar, lim);
}

/** Mirrors sort.c:limfield(). */
function limField(line: string, key: Key, tab: string | null): number {
  const lim = line.length;
  if (key.eword < 0) return lim;
  let p = 0;
  const echar = key.echar;
  // eword counts from 0; with no .C the whole end field is included.
  let eword = key.eword + (echar === 0 ? 1 : 0);
  if (tab !== null) {
    while (p < lim && eword--) {
      while (p < lim && line[p] !== tab) p++;
      if (p < lim && (eword || echar)) p++;
    }
  } else {
    while (p < lim && eword--) {
      while (p < lim && isBlank(line[p])) p++;
      while (p < lim && !isBlank(line[p])) p++;
    }
  }
  if (echar !== 0) {
    if (key.eb) while (p < lim && isBlank(line[p])) p++;
    p = Math.min(p + echar, lim);
  }
  return p;
}

/** Mirrors strnumcmp() for -n: compares decimal numbers as strings (no float rounding). */
function numCompare(a: string, b: string): number {
  const parse = (s: string) => {
    const m = /^[ \t]*(-?)([0-9]*)(?:\.([0-9]*))?/.exec(s) as RegExpExecArray;
    const int = m[2].replace(/^0+/, "");
    const frac = (m[3] ?? "").replace(/0+$/, "");
    const zero = int === "" && frac === "";
    return { neg: m[1] === "-" && !zero, int, frac };
  };
  const x = parse(a);
  const y = parse(b);
  if (x.neg !== y.neg) return x.neg ? -1 : 1;
  let r: number;
  if (x.int.length !== y.int.length) r = x.int.length - y.int.length;
  else if (x.int !== y.int) r = x.int < y.int ? -1 : 1;
  else r = x.frac === y.frac ? 0 : x.frac < y.frac ? -1 : 1;
  return x.neg ? -r : r;
}

const SUFFIX = "KMGTPEZY";
/** Mirrors human_numcompare(): the suffix decides first, then the number. */
function humanCompare(a: string, b: string): number {
  const mag = (s: string) => {
    const m = /^[ \t]*-?[0-9]*(?:\.[0-9]*)?([kKMGTPEZY]?)/.exec(s) as RegExpExecArray;
    const idx = m[1] === "" ? 0 : m[1] === "k" ? 1 : SUFFIX.indexOf(m[1]) + 1;
    return /^[ \t]*-/.test(s) ? -idx : idx;
  };
  const d = mag(a) - mag(b);
  return d !== 0 ? d : numCompare(a, b);
}

/** Mirrors general_numcompare(): strtod, with failures first and NaNs next. */
function generalCompare(a: string, b: string): number {
  const val = (s: string) => {
    const m =
      /^[ \t]*[-+]?(?:inf(?:inity)?|nan|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)/i.exec(s);
    return m ? Number(m[0].trim().replace(/^([-+]?)inf(inity)?$/i, "$1Infinity")) : null;
  };
  const x = val(a);
  const y = val(b);
  if (x === null || y === null) return x === null ? (y === null ? 0 : -1) : 1;
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
function monthOf(s: string): number {
  const t = s
    .replace(/^[ \t]+/, "")
    .slice(0, 3)
    .toUpperCase();
  return MONTHS.indexOf(t) + 1;
}

/** filevercmp()-like natural order: digit runs compare as numbers. */
function versionCompare(a: string, b: string): number {
  const ta = a.match(/[0-9]+|[^0-9]+/g) ?? [];
  const tb = b.match(/[0-9]+|[^0-9]+/g) ?? [];
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i];
    const y = tb[i];
    if (/^[0-9]/.test(x) && /^[0-9]/.test(y)) {
      const d = numCompare(x, y);
      if (d) return d;
    } else if (x !== y) return x < y ? -1 : 1;
  }
  return ta.length - tb.length;
}

function byteCompare(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Applies -d -i -f to a key's text before a byte comparison. */
function translateKey(s: string, k: KeyOpts): string {
  let o = s;
  if (k.d) o = o.replace(/[^ \tA-Za-z0-9]/g, "");
  else if (k.i) o = o.replace(/[^\x20-\x7e]/g, "");
  if (k.f) o = o.toUpperCase();
  return o;
}

function compareKey(a: string, b: string, k: KeyOpts): number {
  if (k.n) return numCompare(a, b);
  if (k.h) return humanCompare(a, b);
  if (k.g) return generalCompare(a, b);
  if (k.M) return monthOf(a) - monthOf(b);
  if (k.V) return versionCompare(a, b);
  if (k.d || k.i || k.f) return byteCompare(translateKey(a, k), translateKey(b, k));
  return byteCompare(a, b);
}

/** Mirrors key_to_opts()'s incompatibility check. */
function checkCompatible(k: KeyOpts): string | null {
  const letters = (["d", "g", "h", "i", "M", "n", "V"] as const).filter((c) => k[c]);
  const numeric = letters.filter((c) => "ghMnV".includes(c));
  if (numeric.length > 1 || (numeric.length && (k.d || k.i))) {
    const all = [
      k.d ? "d" : "",
      k.g ? "g" : "",
      k.h ? "h" : "",
      k.i ? "i" : "",
      k.M ? "M" : "",
      k.n ? "n" : "",
      k.V ? "V" : "",
    ];
    return `options '-${all.join("")}' are incompatible`;
  }
  return null;
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv[0] ?? "sort";
  const parsed = getoptLong(argv, "bcCdfghik:mMno:rRsS:t:T:uVy:z", LONG);
  if (parsed.error) {
    await libc.stderr.write(parsed.error + tryHelp(prog));
    return 2;
  }
  const g = blankOpts();
  const keys: Key[] = [];
  let tab: string | null = null;
  let unique = false;
  let stable = false;
  let check: false | "c" | "C" = false;
  let output: string | null = null;
  let eol = "\n";
  const q = (s: string) => quote(libc, s);
  try {
    for (const o of parsed.options) {
      const a = o.arg ?? "";
      switch (o.key) {
        case "b":
          g.b = g.eb = true;
          break;
        case "d":
        case "f":
        case "g":
        case "h":
        case "i":
        case "M":
        case "n":
        case "r":
        case "V":
          g[o.key] = true;
          break;
        case "k":
          keys.push(parseKey(a, q));
          break;
        case "t": {
          const t = argBytes(a);
          if (t === "") throw new SortError("empty tab");
          if (t.length > 1 && t !== "\\0") throw new SortError(`multi-character tab ${q(a)}`);
          tab = t === "\\0" ? "\0" : t;
          break;
        }
        case "u":
          unique = true;
          break;
        case "s":
          stable = true;
          break;
        case "c":
        case "C":
          check = o.key;
          break;
        case "check":
          check = a === "quiet" || a === "silent" ? "C" : "c";
          break;
        case "o":
          output = a;
          break;
        case "z":
          eol = "\0";
          break;
        case "help":
          await out(libc, `Usage: ${prog} [OPTION]... [FILE]...\n`);
          return 0;
        case "version":
          await out(libc, "sort (GNU coreutils) 8.28\n");
          return 0;
        default:
          break;
      }
    }
    const bad = checkCompatible(g);
    if (bad) throw new SortError(bad);
    for (const k of keys) {
      const own =
        (["b", "d", "f", "g", "h", "i", "M", "n", "r", "V"] as const).some((c) => k[c]) || k.eb;
      if (!own)
        Object.assign(k, { ...g, sword: k.sword, schar: k.schar, eword: k.eword, echar: k.echar });
      const kb = checkCompatible(k);
      if (kb) throw new SortError(kb);
    }
  } catch (e) {
    if (!(e instanceof SortError)) throw e;
    await warn(libc, prog, e.message);
    if (e.usage) await libc.stderr.write(tryHelp(prog));
    return 2;
  }
  const files = parsed.operands.length ? parsed.operands : ["-"];
  const lines: string[] = [];
  for (const f of files) {
    try {
      const r = await openInput(libc, f);
      r.eol = eol;
      try {
        for (let l = await r.readLine(); l !== null; l = await r.readLine())
          lines.push(l.endsWith(eol) ? l.slice(0, -1) : l);
      } finally {
        await r.close();
      }
    } catch (e) {
      await warn(libc, prog, `cannot read: ${f}: ${errText(libc, e)}`);
      return 2;
    }
  }
  const keyed = keys.length > 0;
  const gKey: KeyOpts = g;
  /** Mirrors sort.c:compare(). */
  const compare = (a: string, b: string): number => {
    if (keyed) {
      for (const k of keys) {
        const ka = a.slice(begField(a, k, tab), Math.max(begField(a, k, tab), limField(a, k, tab)));
        const kb = b.slice(begField(b, k, tab), Math.max(begField(b, k, tab), limField(b, k, tab)));
        const d = compareKey(ka, kb, k);
        if (d) return k.r ? -d : d;
      }
    } else {
      const anyOpt = gKey.n || gKey.h || gKey.g || gKey.M || gKey.V || gKey.d || gKey.i || gKey.f;
      if (anyOpt) {
        const d = compareKey(
          gKey.b ? a.replace(/^[ \t]+/, "") : a,
          gKey.b ? b.replace(/^[ \t]+/, "") : b,
          gKey,
        );
        if (d) return gKey.r ? -d : d;
      } else {
        const d = byteCompare(a, b);
        return gKey.r ? -d : d;
      }
    }
    if (unique || stable) return 0;
    const d = byteCompare(a, b);
    return gKey.r ? -d : d;
  };
  if (check) {
    for (let i = 1; i < lines.length; i++) {
      const d = compare(lines[i - 1], lines[i]);
      if (d > 0 || (unique && d === 0)) {
        if (check === "c") await warn(libc, prog, `${files[0]}:${i + 1}: disorder: ${lines[i]}`);
        return 1;
      }
    }
    return 0;
  }
  const sorted = lines.slice().sort(compare);
  const result: string[] = [];
  for (const l of sorted) {
    if (unique && result.length && compare(result[result.length - 1], l) === 0) continue;
    result.push(l);
  }
  const text = result.map((l) => l + eol).join("");
  try {
    if (output !== null && output !== "-") {
      const fd = await libc.open(output, O_WRONLY | O_CREAT | O_TRUNC, 0o666);
      await libc.writeAll(fd, strBytes(text));
      await libc.close(fd);
    } else {
      await out(libc, text);
      await libc.stdout.flush();
    }
  } catch (e) {
    await warn(libc, prog, `write failed: ${output ?? "standard output"}: ${errText(libc, e)}`);
    return 2;
  }
  return 0;
}

/** Mirrors the -k parsing in sort.c:main() (parse_field_count(), set_ordering()). */
function parseKey(spec: string, q: (s: string) => string): Key {
  const k: Key = { ...blankOpts(), sword: 0, schar: 0, eword: -1, echar: 0 };
  let s = spec;
  const count = (what: string): number => {
    const m = /^[0-9]+/.exec(s);
    if (!m) throw new SortError(`${what}: invalid count at start of ${q(s)}`);
    s = s.slice(m[0].length);
    return Number(m[0]);
  };
  const ordering = (end: boolean) => {
    for (;;) {
      const c = s[0];
      if (c === "b") {
        if (end) k.eb = true;
        else k.b = true;
      } else if (c !== undefined && "dfghiMnRrV".includes(c)) {
        if (c !== "R") (k as unknown as Record<string, boolean>)[c] = true;
      } else return;
      s = s.slice(1);
    }
  };
  k.sword = count("invalid number at field start");
  if (k.sword === 0)
    throw new SortError(`field number is zero: invalid field specification ${q(spec)}`);
  k.sword--;
  if (s.startsWith(".")) {
    s = s.slice(1);
    k.schar = count("invalid number after '.'");
    if (k.schar === 0)
      throw new SortError(`character offset is zero: invalid field specification ${q(spec)}`);
    k.schar--;
  }
  ordering(false);
  if (s.startsWith(",")) {
    s = s.slice(1);
    k.eword = count("invalid number after ','");
    if (k.eword === 0)
      throw new SortError(`field number is zero: invalid field specification ${q(spec)}`);
    k.eword--;
    if (s.startsWith(".")) {
      s = s.slice(1);
      k.echar = count("invalid number after '.'");
    }
    ordering(true);
  }
  if (s !== "")
    throw new SortError(`stray character in field spec: invalid field specification ${q(spec)}`);
  return k;
}
