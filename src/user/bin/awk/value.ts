/**
 * awk's values as mawk 1.3.3 keeps them (mawk.h CELL types): a number (C_DOUBLE), a string
 * (C_STRING), or a string that came from input and looks numeric (C_STRNUM, POSIX's
 * "numeric string"); the uninitialized value (C_NOINIT) is both "" and 0. Strings are byte
 * strings (one char code per byte), as mawk knows no multibyte characters.
 */
import { format } from "../../../lib/vsprintf.ts";

/** A numeric string: compares as a number against numbers and other numeric strings. */
export class StrNum {
  constructor(
    readonly s: string,
    readonly n: number,
  ) {}
}

export type Val = number | string | StrNum;

/** C_NOINIT: "" as a string, 0 as a number, compares numerically with numbers. */
export const UNINIT = new StrNum("", 0);

/** mawk's Max_Int: Debian and Ubuntu build mawk with a 32-bit Int (d_to_I() clamps to it). */
export const MAX_INT = 0x7fffffff;

/** Mirrors mawk cast.c:d_to_I(): truncate, clamping to ±Max_Int; NaN goes to -Max_Int. */
export function dToI(d: number): number {
  if (d >= MAX_INT) return MAX_INT;
  if (d > -MAX_INT) return Math.trunc(d);
  return -MAX_INT;
}

/** awk's space for field splitting and numeric strings at run time: blank, tab, newline. */
const isSpace = (c: string) => c === " " || c === "\t" || c === "\n";

/**
 * glibc strtod() on a byte string: the longest numeric prefix after leading white space
 * (decimal, hex "0x..", "inf", "infinity", "nan"); 0 when there is none. Returns the value and
 * where the number ended (0 when nothing was consumed).
 */
export function strtod(s: string): [number, number] {
  const m =
    /^[ \t\n\v\f\r]*([+-]?)(?:(0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?[0-9]+)?)|((?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)|(inf(?:inity)?|nan(?:\([0-9A-Za-z_]*\))?))/i.exec(
      s,
    );
  if (!m) return [0, 0];
  const sign = m[1] === "-" ? -1 : 1;
  let v: number;
  if (m[2] !== undefined) v = parseHexFloat(m[2]);
  else if (m[3] !== undefined) v = Number(m[3]);
  else v = m[4].toLowerCase().startsWith("inf") ? Number.POSITIVE_INFINITY : Number.NaN;
  return [sign * v, m[0].length];
}

function parseHexFloat(h: string): number {
  const m = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?$/.exec(h);
  if (!m) return 0;
  const int = m[1] || "0";
  const frac = m[2] ?? "";
  let v = Number.parseInt(int, 16);
  for (let i = 0; i < frac.length; i++) v += Number.parseInt(frac[i], 16) / 16 ** (i + 1);
  return v * 2 ** Number(m[3] ?? 0);
}

/**
 * Mirrors mawk cast.c:check_strnum(): input text is a numeric string when, with blanks
 * trimmed, it starts with a digit, sign or '.', ends with a digit or '.', and strtod()
 * consumes all of it.
 */
export function maybeNum(s: string): Val {
  // Fast paths: plain words and plain integers (most fields).
  const c0 = s.charCodeAt(0);
  if (c0 > 0x39 || s === "") return s;
  if (/^[0-9]{1,15}$/.test(s)) return new StrNum(s, Number(s));
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s[a])) a++;
  if (a === b) return s;
  while (isSpace(s[b - 1])) b--;
  const last = s[b - 1];
  if (!((last >= "0" && last <= "9") || last === ".")) return s;
  const first = s[a];
  if (!((first >= "0" && first <= "9") || first === "+" || first === "-" || first === "."))
    return s;
  const [n, used] = strtod(s.slice(a, b));
  return used === b - a ? new StrNum(s, n) : s;
}

/** Mirrors mawk cast.c:cast1_to_d(). */
export function toNum(v: Val): number {
  if (typeof v === "number") return v;
  if (v instanceof StrNum) return v.n;
  return strtod(v)[0];
}

/** A double as C's printf formats it with an awk format (CONVFMT/OFMT). */
export function fmtNum(d: number, fmt: string): string {
  // x86's arithmetic makes negative ("default") NaNs; glibc prints their sign.
  if (Number.isNaN(d)) return fmt === "%.6g" ? "-nan" : format(fmt, [Number.NaN]);
  return format(fmt, [d]);
}

/**
 * Mirrors mawk cast.c:cast1_to_s(): an integral value within ±Max_Int prints as "%d",
 * anything else through CONVFMT (or OFMT when printing).
 */
export function numToStr(d: number, fmt: string): string {
  const i = dToI(d);
  if (i === d) return String(i === 0 ? 0 : i);
  return fmtNum(d, fmt);
}

export function toStr(v: Val, convfmt: string): string {
  if (typeof v === "string") return v;
  if (v instanceof StrNum) return v.s;
  return numToStr(v, convfmt);
}

/** The truth of a value: numbers by value, strings by being non-empty, strnums as numbers. */
export function toBool(v: Val): boolean {
  if (typeof v === "number") return v !== 0;
  if (v instanceof StrNum) return v === UNINIT ? false : v.n !== 0;
  return v !== "";
}

/**
 * Mirrors mawk's compare() (execute.c): numeric when both sides are numbers, numeric strings
 * or uninitialized; otherwise a byte-wise string comparison (numbers converted with CONVFMT).
 */
export function compare(a: Val, b: Val, convfmt: string): number {
  const an = typeof a === "number" || a instanceof StrNum;
  const bn = typeof b === "number" || b instanceof StrNum;
  if (an && bn) {
    const x = typeof a === "number" ? a : a.n;
    const y = typeof b === "number" ? b : b.n;
    return x < y ? -1 : x > y ? 1 : x === y ? 0 : Number.isNaN(x) ? 1 : -1;
  }
  const s = toStr(a, convfmt);
  const t = toStr(b, convfmt);
  return s < t ? -1 : s > t ? 1 : 0;
}
