/**
 * Small shared pieces of GNU coreutils behaviour for the text commands: the locale-aware
 * quoting helpers (over quote.ts, gnulib quotearg) bound to a program's environment, and
 * xstrtoumax()'s size suffixes.
 */
import type { Libc } from "../libc/libc.ts";
import { localeIsUtf8, Quoter } from "./quote.ts";

export { tryHelp } from "./getopt.ts";

/** The locale's character set is UTF-8. */
export function utf8Locale(libc: Libc): boolean {
  return localeIsUtf8((n) => libc.getenv(n));
}

/** gnulib quote(): 'x' in the C locale, ‘x’ in a UTF-8 one. */
export function quote(libc: Libc, s: string): string {
  return new Quoter(utf8Locale(libc)).quote(s);
}

/** gnulib quoteaf(): a file name, always shell-quoted ('x'). */
export function quoteaf(libc: Libc, s: string): string {
  return new Quoter(utf8Locale(libc)).quoteaf(s);
}

/** gnulib quotef(): a file name, shell-quoted only when needed (x, 'a b'). */
export function quotef(libc: Libc, s: string): string {
  return new Quoter(utf8Locale(libc)).quotef(s);
}

const POWERS: Record<string, number> = {
  k: 1,
  K: 1,
  m: 2,
  M: 2,
  g: 3,
  G: 3,
  t: 4,
  T: 4,
  p: 5,
  P: 5,
  e: 6,
  E: 6,
  z: 7,
  Z: 7,
  y: 8,
  Y: 8,
};

/**
 * xstrtoumax() with coreutils' suffixes ("bkKmMGTPEZY0"): b=512, K/KiB=1024, kB=1000, ...
 * Returns the value as a bigint, or null when the text is not a valid size.
 */
export function parseSize(s: string, suffixes = "bkKmMgGtTpPeEzZyY"): bigint | null {
  const m = /^\s*([0-9]+)(.*)$/.exec(s);
  if (!m) return null;
  let n = BigInt(m[1]);
  const suf = m[2];
  if (suf === "") return n;
  const c = suf[0];
  if (!suffixes.includes(c)) return null;
  if (c === "b") return suf === "b" ? n * 512n : null;
  const p = POWERS[c];
  if (p === undefined) return null;
  let base = 1024n;
  if (suf.length === 2 && suf[1] === "B") base = 1000n;
  else if (suf.length === 3 && suf.slice(1) === "iB") base = 1024n;
  else if (suf.length !== 1) return null;
  for (let i = 0; i < p; i++) n *= base;
  return n;
}
