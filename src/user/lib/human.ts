/**
 * Human-readable sizes: a port of gnulib lib/human.c:human_readable() for the options
 * coreutils uses (ls -h, ls -s, du, df): exact integer arithmetic, ceiling rounding by
 * default, one decimal below 10, suffixes K M G ... (k for 1000), "B"/"iB" with human_B.
 */

import { format } from "../../lib/vsprintf.ts";

export const human_ceiling = 0;
export const human_round_to_nearest = 1;
export const human_floor = 2;
export const human_group_digits = 4;
export const human_suppress_point_zero = 8;
export const human_autoscale = 16;
export const human_base_1024 = 32;
export const human_space_before_unit = 64;
export const human_SI = 128;
export const human_B = 256;

const POWER_LETTER = ["", "K", "M", "G", "T", "P", "E", "Z", "Y"];

/** sprintf("%.Nf") of glibc (round half to even on the binary value). */
function fixed(v: number, digits: number): string {
  return format(`%.${digits}f`, [v]);
}

/**
 * Mirrors gnulib human.c:human_readable(): N units of FROM bytes shown in units of TO bytes
 * (TO = 1 with human_autoscale for "1.5K"). Exact integer arithmetic when one block size
 * divides the other, else gnulib's floating-point path (which always scales by at least one
 * power, so a rate of 0 is "0.0 kB").
 */
export function humanReadable(n: number | bigint, opts: number, from: number, to: number): string {
  const inexactStyle = opts & (human_round_to_nearest | human_floor);
  const baseN = opts & human_base_1024 ? 1024 : 1000;
  const base = BigInt(baseN);
  let exponent = -1;
  let text: string;
  const N = BigInt(n);
  const F = BigInt(from);
  const T = BigInt(to);
  let integer: { amt: bigint; tenths: bigint; rounding: bigint } | null = null;
  if (T <= F && F % T === 0n) {
    integer = { amt: N * (F / T), tenths: 0n, rounding: 0n };
  } else if (F !== 0n && T % F === 0n) {
    const divisor = T / F;
    const r10 = (N % divisor) * 10n;
    const r2 = (r10 % divisor) * 2n;
    integer = {
      amt: N / divisor,
      tenths: r10 / divisor,
      rounding: r2 < divisor ? (0n < r2 ? 1n : 0n) : 2n + (divisor < r2 ? 1n : 0n),
    };
  }
  if (integer === null) {
    let damt = Number(n) * (from / to);
    const adjust = (v: number) =>
      inexactStyle !== human_round_to_nearest
        ? Math.trunc(v) + (inexactStyle === human_ceiling && Math.trunc(v) !== v ? 1 : 0)
        : v;
    if (!(opts & human_autoscale)) {
      text = fixed(adjust(damt), 0);
    } else {
      let e = 1;
      exponent = 0;
      do {
        e *= baseN;
        exponent++;
      } while (e * baseN <= damt && exponent < 8);
      damt /= e;
      text = fixed(adjust(damt), 1);
      if (
        1 + 2 + (opts & human_base_1024 ? 0 : 1) < text.length ||
        (opts & human_suppress_point_zero && text.endsWith("0"))
      ) {
        text = fixed(adjust(damt * 10) / 10, 0);
      }
    }
  } else {
    let { amt, tenths, rounding } = integer;
    let frac = "";
    if (opts & human_autoscale) {
      exponent = 0;
      if (base <= amt) {
        do {
          const r10 = (amt % base) * 10n + tenths;
          const r2 = (r10 % base) * 2n + (rounding >> 1n);
          amt /= base;
          tenths = r10 / base;
          rounding =
            r2 < base ? (r2 + rounding !== 0n ? 1n : 0n) : 2n + (base < r2 + rounding ? 1n : 0n);
          exponent++;
        } while (base <= amt && exponent < 8);
        if (amt < 10n) {
          const up =
            inexactStyle === human_round_to_nearest
              ? 2n < rounding + (tenths & 1n)
              : inexactStyle === human_ceiling && 0n < rounding;
          if (up) {
            tenths++;
            rounding = 0n;
            if (tenths === 10n) {
              amt++;
              tenths = 0n;
            }
          }
          if (amt < 10n && (tenths || !(opts & human_suppress_point_zero))) {
            frac = `.${tenths}`;
            tenths = 0n;
            rounding = 0n;
          }
        }
      }
    }
    const up =
      inexactStyle === human_round_to_nearest
        ? 5n < tenths + (0n < rounding + (amt & 1n) ? 1n : 0n)
        : inexactStyle === human_ceiling && 0n < tenths + rounding;
    if (up) {
      amt++;
      if (opts & human_autoscale && amt === base && exponent < 8) {
        exponent++;
        if (!(opts & human_suppress_point_zero)) frac = ".0";
        amt = 1n;
      }
    }
    text = `${amt}${frac}`;
  }
  if (opts & human_SI) {
    if (exponent < 0) {
      exponent = 0;
      for (let power = 1; power < to; power *= baseN) if (++exponent === 8) break;
    }
    if ((exponent || opts & human_B) && opts & human_space_before_unit) text += " ";
    if (exponent)
      text += !(opts & human_base_1024) && exponent === 1 ? "k" : POWER_LETTER[exponent];
    if (opts & human_B) {
      if (opts & human_base_1024 && exponent) text += "i";
      text += "B";
    }
  }
  return text;
}
