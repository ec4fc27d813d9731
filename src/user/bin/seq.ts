/**
 * seq(1), GNU coreutils 8.28: print a sequence of numbers. `seq [-f FMT] [-s SEP] [-w]
 * [FIRST [INCREMENT]] LAST`. The default format follows seq.c:get_default_format(): the
 * larger precision of FIRST and INCREMENT ("%.Nf"), zero-padded to a common width with -w,
 * and "%g" when an operand's precision cannot be known (hex, inf).
 */

import { format } from "../../lib/vsprintf.ts";
import { quote, tryHelp } from "../lib/coreutils.ts";
import { getoptLong } from "../lib/getopt.ts";
import { argBytes, finish, out, warn } from "../lib/io.ts";
import type { Libc } from "../libc/libc.ts";

interface Operand {
  value: number;
  width: number;
  /** Digits after the point; null when not knowable (INT_MAX in seq.c). */
  precision: number | null;
  text: string;
}

/** Mirrors seq.c:scan_arg(). */
function scanArg(arg: string): Operand | null {
  const m =
    /^[ \t\n\v\f\r]*([-+]?(?:inf(?:inity)?|nan|0[xX][0-9a-fA-F]*\.?[0-9a-fA-F]*(?:[pP][-+]?[0-9]+)?|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?))$/i.exec(
      arg,
    );
  if (!m) return null;
  const t = m[1];
  const value = /inf/i.test(t)
    ? t.startsWith("-")
      ? Number.NEGATIVE_INFINITY
      : Number.POSITIVE_INFINITY
    : /nan/i.test(t)
      ? Number.NaN
      : /0x/i.test(t)
        ? Number(t.replace(/^([-+]?)0x/i, "$10x").replace(/^\+/, ""))
        : Number(t);
  if (Number.isNaN(value)) return null;
  const op: Operand = { value, width: arg.length, precision: null, text: arg };
  if (/[xX]/.test(arg) || !Number.isFinite(value)) return op;
  const dot = arg.indexOf(".");
  if (dot < 0) op.precision = 0;
  else {
    const frac = /^[0-9]*/.exec(arg.slice(dot + 1))?.[0].length ?? 0;
    op.precision = frac;
    op.width += frac === 0 ? -1 : dot === 0 || !/[0-9]/.test(arg[dot - 1]) ? 1 : 0;
  }
  const e = arg.search(/[eE]/);
  if (e >= 0) {
    let exponent = Number.parseInt(arg.slice(e + 1), 10);
    const p = op.precision as number;
    op.precision = p + (exponent < 0 ? -exponent : -Math.min(p, exponent));
    op.width -= arg.length - e;
    if (exponent < 0) {
      if (dot >= 0) {
        if (e === dot + 1) op.width++;
      } else op.width++;
      exponent = -exponent;
    } else if (dot >= 0 && op.precision === 0 && exponent) op.width--;
    op.width += exponent;
  }
  return op;
}

/** Mirrors seq.c:get_default_format(). */
function defaultFormat(first: Operand, step: Operand, last: Operand, equalWidth: boolean): string {
  if (first.precision === null || step.precision === null || last.precision === null) return "%Lg";
  const prec = Math.max(first.precision, step.precision);
  if (!equalWidth) return `%.${prec}Lf`;
  const firstWidth =
    first.width + (prec - first.precision) + (first.precision === 0 && prec ? 1 : 0);
  let lastWidth = last.width + (prec - last.precision);
  if (last.precision && prec === 0) lastWidth--;
  if (last.precision === 0 && prec) lastWidth++;
  return `%0${Math.max(firstWidth, lastWidth)}.${prec}Lf`;
}

/** Mirrors seq.c:long_double_format(): FMT must hold exactly one floating conversion. */
function checkFormat(fmt: string): string | null {
  let seen = 0;
  for (let i = 0; i < fmt.length; i++) {
    if (fmt[i] !== "%") continue;
    if (fmt[i + 1] === "%") {
      i++;
      continue;
    }
    const m = /^%[-+ #0']*[0-9]*(?:\.[0-9]*)?(L?)([a-zA-Z]?)/.exec(fmt.slice(i)) as RegExpExecArray;
    if (!"eEfFgGaA".includes(m[2]) || m[2] === "") return "invalid";
    seen++;
    i += m[0].length - 1;
  }
  return seen === 1 ? null : seen === 0 ? "no" : "too many";
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv[0] ?? "seq";
  // Negative numbers are operands, not options (seq.c stops at "-N").
  const args = argv.slice(1);
  const cut = args.findIndex((a) => /^-[0-9.]/.test(a));
  const optArgs = cut >= 0 ? args.slice(0, cut) : args;
  const parsed = getoptLong([prog, ...optArgs], "+f:s:w", [
    { name: "format", hasArg: 1, val: "f" },
    { name: "separator", hasArg: 1, val: "s" },
    { name: "equal-width", hasArg: 0, val: "w" },
    { name: "help", hasArg: 0, val: "help" },
    { name: "version", hasArg: 0, val: "version" },
  ]);
  const usage = async (msg: string) => {
    await warn(libc, prog, msg);
    await libc.stderr.write(tryHelp(prog));
    return 1;
  };
  if (parsed.error) {
    await libc.stderr.write(parsed.error + tryHelp(prog));
    return 1;
  }
  let fmt: string | null = null;
  let sep = "\n";
  let equalWidth = false;
  for (const o of parsed.options) {
    if (o.key === "f") fmt = argBytes(o.arg ?? "");
    else if (o.key === "s") sep = argBytes(o.arg ?? "");
    else if (o.key === "w") equalWidth = true;
    else if (o.key === "help") {
      await out(libc, `Usage: ${prog} [OPTION]... LAST\n`);
      return 0;
    } else {
      await out(libc, "seq (GNU coreutils) 8.28\n");
      return 0;
    }
  }
  const ops = [...parsed.operands, ...(cut >= 0 ? args.slice(cut) : [])];
  if (!ops.length) return usage("missing operand");
  if (ops.length > 3) return usage(`extra operand ${quote(libc, ops[3])}`);
  if (fmt !== null && equalWidth)
    return usage("format string may not be specified when printing equal width strings");
  const scanned: Operand[] = [];
  for (const a of ops) {
    const op = scanArg(a);
    if (!op) return usage(`invalid floating point argument: ${quote(libc, a)}`);
    scanned.push(op);
  }
  const one: Operand = { value: 1, width: 1, precision: 0, text: "1" };
  const [first, step, last] =
    scanned.length === 1
      ? [one, one, scanned[0]]
      : scanned.length === 2
        ? [scanned[0], one, scanned[1]]
        : scanned;
  if (step.value === 0) return usage(`invalid Zero increment value: ${quote(libc, step.text)}`);
  if (fmt !== null) {
    const bad = checkFormat(fmt);
    if (bad === "invalid" || bad === "too many" || bad === "no") {
      const msg =
        bad === "no"
          ? `format ${quote(libc, fmt)} has no % directive`
          : bad === "too many"
            ? `format ${quote(libc, fmt)} has too many % directives`
            : `format ${quote(libc, fmt)} has unknown %${fmt.replace(/^.*?%[-+ #0']*[0-9]*(?:\.[0-9]*)?L?/, "")[0] ?? ""} directive`;
      await warn(libc, prog, msg);
      return 1;
    }
  }
  const f = fmt ?? defaultFormat(first, step, last, equalWidth);
  const show = (x: number) => format(f, [x]);
  // Mirrors seq.c:print_numbers().
  let outOfRange = step.value < 0 ? first.value < last.value : last.value < first.value;
  if (outOfRange) return finish(libc, prog, 0);
  let x = first.value;
  let text = "";
  for (let i = 1; ; i++) {
    const x0 = x;
    text += show(x);
    if (text.length > 8192) {
      await out(libc, text);
      text = "";
    }
    if (outOfRange) break;
    x = first.value + i * step.value;
    outOfRange = step.value < 0 ? x < last.value : last.value < x;
    if (outOfRange) {
      // Print one more if it rounds to LAST and differs from the previous (seq 0 0.1 0.3).
      const xs = show(x);
      if (!(Number(xs) === last.value && show(x0) !== xs)) break;
    }
    text += sep;
  }
  await out(libc, `${text}\n`);
  return finish(libc, prog, 0);
}
