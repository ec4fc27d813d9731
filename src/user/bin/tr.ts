/**
 * tr(1), GNU coreutils 8.28: translate, squeeze and delete bytes. SET syntax: escapes
 * (\n \t \NNN ...), ranges a-z, [:class:], [=c=], and in SET2 [c*N] / [c*]. Options -c/-C,
 * -d, -s, -t. The sets are expanded as tr.c:build_spec_list() and get_spec_stats() do.
 */

import { quote, tryHelp } from "../lib/coreutils.ts";
import { getoptLong, type LongOption } from "../lib/getopt.ts";
import { argBytes, errText, out, Reader, warn } from "../lib/io.ts";
import type { Libc } from "../libc/libc.ts";

const LONG: LongOption[] = [
  { name: "complement", hasArg: 0, val: "c" },
  { name: "delete", hasArg: 0, val: "d" },
  { name: "squeeze-repeats", hasArg: 0, val: "s" },
  { name: "truncate-set1", hasArg: 0, val: "t" },
  { name: "help", hasArg: 0, val: "help" },
  { name: "version", hasArg: 0, val: "version" },
];

class TrError extends Error {}

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const CLASSES: Record<string, number[]> = {
  alpha: [...range(65, 90), ...range(97, 122)],
  digit: range(48, 57),
  alnum: [...range(48, 57), ...range(65, 90), ...range(97, 122)],
  upper: range(65, 90),
  lower: range(97, 122),
  space: [9, 10, 11, 12, 13, 32],
  blank: [9, 32],
  punct: [...range(33, 47), ...range(58, 64), ...range(91, 96), ...range(123, 126)],
  print: range(32, 126),
  graph: range(33, 126),
  cntrl: [...range(0, 31), 127],
  xdigit: [...range(48, 57), ...range(65, 70), ...range(97, 102)],
};

type Item =
  | { t: "chars"; v: number[] }
  | { t: "class"; name: string }
  | { t: "repeat"; c: number; n: number | null };

/** Mirrors unquote(): backslash escapes; returns bytes, with `escaped` marks. */
function unquote(s: string, warnings: string[]): { c: number; esc: boolean }[] {
  const o: { c: number; esc: boolean }[] = [];
  const map: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11 };
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== "\\") {
      o.push({ c: s.charCodeAt(i), esc: false });
      continue;
    }
    if (i + 1 >= s.length) {
      warnings.push("warning: an unescaped backslash at end of string is not portable");
      o.push({ c: 92, esc: true });
      continue;
    }
    const d = s[++i];
    if (d in map) o.push({ c: map[d], esc: true });
    else if (d >= "0" && d <= "7") {
      let v = Number(d);
      for (let k = 0; k < 2 && s[i + 1] >= "0" && s[i + 1] <= "7"; k++) {
        const nv = v * 8 + Number(s[i + 1]);
        if (nv > 255) break;
        v = nv;
        i++;
      }
      o.push({ c: v, esc: true });
    } else o.push({ c: d.charCodeAt(0), esc: true });
  }
  return o;
}

/** Mirrors build_spec_list(): the set as ranges, classes and repeats. */
function parseSet(s: string, warnings: string[]): Item[] {
  const u = unquote(s, warnings);
  const items: Item[] = [];
  const str = (i: number, j: number) => String.fromCharCode(...u.slice(i, j).map((x) => x.c));
  for (let i = 0; i < u.length; ) {
    const x = u[i];
    if (x.c === 91 /* [ */ && !x.esc && i + 1 < u.length) {
      const k = u[i + 1];
      if ((k.c === 58 || k.c === 61) && !k.esc) {
        // [:class:] or [=c=]
        const close = String.fromCharCode(k.c);
        let j = i + 2;
        while (j + 1 < u.length && !(u[j].c === k.c && u[j + 1].c === 93)) j++;
        if (j + 1 < u.length) {
          const name = str(i + 2, j);
          if (close === ":") {
            if (!(name in CLASSES)) throw new TrError(`invalid character class ${quoteName(name)}`);
            items.push({ t: "class", name });
          } else {
            if (name.length !== 1)
              throw new TrError(
                `${quoteName(name)}: equivalence class operand must be a single character`,
              );
            items.push({ t: "chars", v: [name.charCodeAt(0)] });
          }
          i = j + 2;
          continue;
        }
      }
      // [c*N] or [c*]
      if (i + 2 < u.length && u[i + 2].c === 42 /* * */ && !u[i + 2].esc) {
        let j = i + 3;
        while (j < u.length && !(u[j].c === 93 && !u[j].esc)) j++;
        if (j < u.length) {
          const num = str(i + 3, j);
          if (/^[0-9]*$/.test(num)) {
            const n =
              num === "" ? null : num.startsWith("0") ? Number.parseInt(num, 8) : Number(num);
            items.push({ t: "repeat", c: u[i + 1].c, n: n === 0 ? null : n });
            i = j + 1;
            continue;
          }
          throw new TrError(`invalid repeat count ${quoteName(num)} in [c*n] construct`);
        }
      }
    }
    if (i + 2 < u.length && u[i + 1].c === 45 /* - */ && !u[i + 1].esc) {
      const lo = x.c;
      const hi = u[i + 2].c;
      if (hi < lo) {
        const show = (c: number) =>
          c < 32 || c > 126 ? `\\${c.toString(8).padStart(3, "0")}` : String.fromCharCode(c);
        throw new TrError(
          `range-endpoints of '${show(lo)}-${show(hi)}' are in reverse collating sequence order`,
        );
      }
      items.push({ t: "chars", v: range(lo, hi) });
      i += 3;
      continue;
    }
    items.push({ t: "chars", v: [x.c] });
    i++;
  }
  return items;
}

function quoteName(s: string): string {
  return `'${s}'`;
}

/** The bytes a set stands for, repeats filled to `fill` bytes in total where unbounded. */
function expand(items: Item[], fill: number): number[] {
  const fixed = items.reduce(
    (a, it) =>
      a +
      (it.t === "chars" ? it.v.length : it.t === "class" ? CLASSES[it.name].length : (it.n ?? 0)),
    0,
  );
  const o: number[] = [];
  for (const it of items) {
    if (it.t === "chars") o.push(...it.v);
    else if (it.t === "class") o.push(...CLASSES[it.name]);
    else o.push(...new Array(it.n ?? Math.max(fill - fixed, 0)).fill(it.c));
  }
  return o;
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv[0] ?? "tr";
  const parsed = getoptLong(argv, "+cCdst", LONG);
  if (parsed.error) {
    await libc.stderr.write(parsed.error + tryHelp(prog));
    return 1;
  }
  let complement = false;
  let del = false;
  let squeeze = false;
  let truncate = false;
  for (const o of parsed.options) {
    if (o.key === "c" || o.key === "C") complement = true;
    else if (o.key === "d") del = true;
    else if (o.key === "s") squeeze = true;
    else if (o.key === "t") truncate = true;
    else if (o.key === "help") {
      await out(libc, `Usage: ${prog} [OPTION]... SET1 [SET2]\n`);
      return 0;
    } else if (o.key === "version") {
      await out(libc, "tr (GNU coreutils) 8.28\n");
      return 0;
    }
  }
  const ops = parsed.operands;
  const translating = !del && ops.length >= 2;
  const minOps = del && squeeze ? 2 : translating || (!del && !squeeze) ? 2 : 1;
  const maxOps = del && !squeeze ? 1 : 2;
  const fail = async (msg: string) => {
    await warn(libc, prog, msg);
    await libc.stderr.write(tryHelp(prog));
    return 1;
  };
  if (ops.length < minOps) {
    if (ops.length === 0) return fail("missing operand");
    const extra =
      del && squeeze
        ? "Two strings must be given when both deleting and squeezing repeats."
        : "Two strings must be given when translating.";
    return fail(`missing operand after ${quote(libc, ops[ops.length - 1])}\n${extra}`);
  }
  if (ops.length > maxOps) {
    const extra =
      del && !squeeze
        ? "\nOnly one string may be given when deleting without squeezing repeats."
        : "";
    return fail(`extra operand ${quote(libc, ops[maxOps])}${extra}`);
  }
  const warnings: string[] = [];
  let set1: Set<number>;
  let list1: number[];
  let list2: number[] = [];
  try {
    const items1 = parseSet(argBytes(ops[0]), warnings);
    if (items1.some((i) => i.t === "repeat"))
      throw new TrError("the [c*] repeat construct may not appear in string1");
    list1 = expand(items1, 0);
    if (complement) {
      const s = new Set(list1);
      list1 = range(0, 255).filter((c) => !s.has(c));
    }
    set1 = new Set(list1);
    if (ops.length > 1) {
      const items2 = parseSet(argBytes(ops[1]), warnings);
      if (translating) {
        const bad = items2.some((i) => i.t === "class" && i.name !== "upper" && i.name !== "lower");
        if (bad)
          throw new TrError(
            "when translating, the only character classes that may appear in\nstring2 are 'upper' and 'lower'",
          );
      }
      list2 = expand(items2, list1.length);
      if (translating) {
        if (truncate) list1 = list1.slice(0, list2.length);
        else if (list2.length === 0 && list1.length > 0)
          throw new TrError("when not truncating set1, string2 must be non-empty");
        while (list2.length < list1.length) list2.push(list2[list2.length - 1]);
      }
    }
  } catch (e) {
    if (!(e instanceof TrError)) throw e;
    for (const w of warnings) await warn(libc, prog, w);
    await warn(libc, prog, e.message);
    return 1;
  }
  for (const w of warnings) await warn(libc, prog, w);
  // The byte map: translation table, deletions, squeeze set.
  const map = range(0, 255);
  if (translating) list1.forEach((c, i) => (map[c] = list2[i]));
  const deleteSet = del ? set1 : new Set<number>();
  const squeezeSet = !squeeze ? new Set<number>() : del || translating ? new Set(list2) : set1;
  const r = new Reader(libc, 0);
  let last = -1;
  try {
    for (let c = await r.readChunk(); c !== null; c = await r.readChunk()) {
      let o = "";
      for (let i = 0; i < c.length; i++) {
        const b = c.charCodeAt(i);
        if (deleteSet.has(b)) continue;
        const m = map[b];
        if (m === last && squeezeSet.has(m)) continue;
        last = m;
        o += String.fromCharCode(m);
      }
      await out(libc, o);
    }
    await libc.stdout.flush();
  } catch (e) {
    if (!(e instanceof Error && e.name === "SysError")) throw e;
    await warn(
      libc,
      prog,
      `${(e as { syscall?: string }).syscall === "read" ? "read error" : "write error"}: ${errText(libc, e)}`,
    );
    return 1;
  } finally {
    await r.close();
  }
  return 0;
}
