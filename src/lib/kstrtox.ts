/**
 * Port of Linux lib/kstrtox.c (and the inline wrappers of include/linux/kstrtox.h), plus the
 * simple_strto*() family of lib/vsprintf.c that proc_dointvec-style parsers use.
 *
 * Source read: lib/kstrtox.c as of Linux v6.8 for the integer core (_parse_integer_limit with
 * wrap-around on overflow), and a current tree (after commit ae5b3500856f, "kstrtox: add
 * support for enabled and disabled in kstrtobool()") for kstrtobool() and for the recent
 * kstrtoudec64()/kstrtodec64() pair that lib/test-kstrtox.c also exercises.
 *
 * Conventions:
 * - Input is a C string: a JS string (one UTF-16 code unit per byte, as elsewhere in vkern) or
 *   a Uint8Array. The end of the input and the first NUL byte both terminate it, as in C.
 * - 64-bit results are bigint, 32-bit and smaller are number.
 * - `long` is 64 bits (x86_64), so kstrtoul()/kstrtol() are kstrtoull()/kstrtoll(), exactly
 *   what the header's sizeof() test selects there.
 */

const EINVAL = 22;
const ERANGE = 34;

/** Errors a kstrto*() function can return (-EINVAL, -ERANGE). */
export type KstrtoxError = -22 | -34;

/** The C pair (return code, *res) as one value: *res exists only when err is 0. */
export type KstrtoxResult<T> = { err: 0; value: T } | { err: KstrtoxError };

/** A NUL-terminated C string. */
export type CString = string | Uint8Array;

/** lib/kstrtox.h: KSTRTOX_OVERFLOW, or-ed into _parse_integer()'s character count. */
export const KSTRTOX_OVERFLOW = 0x80000000;

const ULLONG_MAX = (1n << 64n) - 1n;
const INT_MAX = 0x7fffffff;

/** *s at index i, 0 past the end (the terminating NUL). */
function byteAt(s: CString, i: number): number {
  if (i >= s.length) return 0;
  return typeof s === "string" ? s.charCodeAt(i) : (s[i] as number);
}

/** include/linux/ctype.h: _tolower() just sets bit 5, it is not locale-aware tolower(). */
function _tolower(c: number): number {
  return (c | 0x20) & 0xff;
}

function isxdigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

function isdigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function ok<T>(value: T): KstrtoxResult<T> {
  return { err: 0, value };
}

const EINVAL_RESULT: { err: KstrtoxError } = { err: -EINVAL as KstrtoxError };
const ERANGE_RESULT: { err: KstrtoxError } = { err: -ERANGE as KstrtoxError };

/**
 * Mirrors lib/kstrtox.c:_parse_integer_fixup_radix(): resolves base 0 from the "0x"/"0"
 * prefix and skips "0x" for base 16. Returns the new position and base.
 */
export function _parse_integer_fixup_radix(
  s: CString,
  pos: number,
  base: number,
): { pos: number; base: number } {
  if (base === 0) {
    if (byteAt(s, pos) === 0x30) {
      // "0x" only means hex when a hex digit follows, so "0x" alone parses as octal 0.
      if (_tolower(byteAt(s, pos + 1)) === 0x78 && isxdigit(byteAt(s, pos + 2))) base = 16;
      else base = 8;
    } else base = 10;
  }
  if (base === 16 && byteAt(s, pos) === 0x30 && _tolower(byteAt(s, pos + 1)) === 0x78) pos += 2;
  return { pos, base };
}

/**
 * Mirrors lib/kstrtox.c:_parse_integer_limit(). Converts at most maxChars digits of `base`
 * starting at `pos`, accumulating onto `init` (the kstrtoudec64() extension; 0 otherwise).
 * Returns rv = number of characters consumed, or-ed with KSTRTOX_OVERFLOW (as an unsigned
 * 32-bit number) when the value overflowed; res is then the wrapped-around value, as in
 * v6.8 (newer trees saturate it at ULLONG_MAX instead; kstrto*() reject it either way).
 */
export function _parse_integer_limit(
  s: CString,
  pos: number,
  base: number,
  maxChars: number,
  init = 0n,
): { rv: number; res: bigint } {
  let rv = 0;
  let overflow = false;
  // Accumulate in a double while it is exact (< 2^48, times 16 plus 15 < 2^53), then in bigint.
  let small = init < 1n << 48n ? Number(init) : -1;
  let res = init;
  const B = BigInt(base);
  while (rv < maxChars) {
    const c = byteAt(s, pos + rv);
    const lc = _tolower(c);
    let val: number;
    if (c >= 0x30 && c <= 0x39) val = c - 0x30;
    else if (lc >= 0x61 && lc <= 0x66) val = lc - 0x61 + 10;
    else break;
    if (val >= base) break;
    if (small >= 0) {
      small = small * base + val;
      if (small >= 2 ** 48) {
        res = BigInt(small);
        small = -1;
      }
    } else {
      // The C code checks only when one of the top 4 bits is set: below that, x16 cannot wrap.
      const v = BigInt(val);
      if (res & (0xfn << 60n) && res > (ULLONG_MAX - v) / B) overflow = true;
      res = (res * B + v) & ULLONG_MAX;
    }
    rv++;
  }
  if (small >= 0) res = BigInt(small);
  return { rv: overflow ? (rv | KSTRTOX_OVERFLOW) >>> 0 : rv, res };
}

/** Mirrors lib/kstrtox.h:_parse_integer(): _parse_integer_limit() with max_chars = INT_MAX. */
export function _parse_integer(s: CString, pos: number, base: number): { rv: number; res: bigint } {
  return _parse_integer_limit(s, pos, base, INT_MAX);
}

function _kstrtoull(s: CString, pos: number, base: number): KstrtoxResult<bigint> {
  const fixed = _parse_integer_fixup_radix(s, pos, base);
  pos = fixed.pos;
  const { rv, res } = _parse_integer(s, pos, fixed.base);
  if (rv & KSTRTOX_OVERFLOW) return ERANGE_RESULT;
  if (rv === 0) return EINVAL_RESULT;
  pos += rv;
  // One trailing newline is tolerated so `echo 1 > file` works; anything else is an error.
  if (byteAt(s, pos) === 0x0a) pos++;
  if (byteAt(s, pos) !== 0) return EINVAL_RESULT;
  return ok(res);
}

/** Mirrors lib/kstrtox.c:kstrtoull(): unsigned 64-bit; a leading '+' is allowed, '-' is not. */
export function kstrtoull(s: CString, base: number): KstrtoxResult<bigint> {
  return _kstrtoull(s, byteAt(s, 0) === 0x2b ? 1 : 0, base);
}

/** Mirrors lib/kstrtox.c:kstrtoll(): signed 64-bit; '-' is parsed as a negation of kstrtoull. */
export function kstrtoll(s: CString, base: number): KstrtoxResult<bigint> {
  if (byteAt(s, 0) === 0x2d) {
    const r = _kstrtoull(s, 1, base);
    if (r.err) return r;
    // (long long)-tmp > 0: the negation must land in [LLONG_MIN, 0]; -0 is fine.
    const neg = BigInt.asIntN(64, -r.value);
    if (neg > 0n) return ERANGE_RESULT;
    return ok(neg);
  }
  const r = kstrtoull(s, base);
  if (r.err) return r;
  if (BigInt.asIntN(64, r.value) < 0n) return ERANGE_RESULT;
  return ok(r.value);
}

/** Mirrors include/linux/kstrtox.h:kstrtoul(): on 64-bit, unsigned long is kstrtoull(). */
export function kstrtoul(s: CString, base: number): KstrtoxResult<bigint> {
  return kstrtoull(s, base);
}

/** Mirrors include/linux/kstrtox.h:kstrtol(): on 64-bit, long is kstrtoll(). */
export function kstrtol(s: CString, base: number): KstrtoxResult<bigint> {
  return kstrtoll(s, base);
}

/** Shared tail of the narrow unsigned variants: `if (tmp != (uN)tmp) return -ERANGE`. */
function narrowUnsigned(r: KstrtoxResult<bigint>, bits: number): KstrtoxResult<number> {
  if (r.err) return r;
  if (BigInt.asUintN(bits, r.value) !== r.value) return ERANGE_RESULT;
  return ok(Number(r.value));
}

/** Shared tail of the narrow signed variants: `if (tmp != (sN)tmp) return -ERANGE`. */
function narrowSigned(r: KstrtoxResult<bigint>, bits: number): KstrtoxResult<number> {
  if (r.err) return r;
  if (BigInt.asIntN(bits, r.value) !== r.value) return ERANGE_RESULT;
  return ok(Number(r.value));
}

/** Mirrors lib/kstrtox.c:kstrtouint(). */
export function kstrtouint(s: CString, base: number): KstrtoxResult<number> {
  return narrowUnsigned(kstrtoull(s, base), 32);
}

/** Mirrors lib/kstrtox.c:kstrtoint(). */
export function kstrtoint(s: CString, base: number): KstrtoxResult<number> {
  return narrowSigned(kstrtoll(s, base), 32);
}

/** Mirrors include/linux/kstrtox.h:kstrtou64() (an alias of kstrtoull()). */
export function kstrtou64(s: CString, base: number): KstrtoxResult<bigint> {
  return kstrtoull(s, base);
}

/** Mirrors include/linux/kstrtox.h:kstrtos64() (an alias of kstrtoll()). */
export function kstrtos64(s: CString, base: number): KstrtoxResult<bigint> {
  return kstrtoll(s, base);
}

/** Mirrors include/linux/kstrtox.h:kstrtou32() (an alias of kstrtouint()). */
export function kstrtou32(s: CString, base: number): KstrtoxResult<number> {
  return kstrtouint(s, base);
}

/** Mirrors include/linux/kstrtox.h:kstrtos32() (an alias of kstrtoint()). */
export function kstrtos32(s: CString, base: number): KstrtoxResult<number> {
  return kstrtoint(s, base);
}

/** Mirrors lib/kstrtox.c:kstrtou16(). */
export function kstrtou16(s: CString, base: number): KstrtoxResult<number> {
  return narrowUnsigned(kstrtoull(s, base), 16);
}

/** Mirrors lib/kstrtox.c:kstrtos16(). */
export function kstrtos16(s: CString, base: number): KstrtoxResult<number> {
  return narrowSigned(kstrtoll(s, base), 16);
}

/** Mirrors lib/kstrtox.c:kstrtou8(). */
export function kstrtou8(s: CString, base: number): KstrtoxResult<number> {
  return narrowUnsigned(kstrtoull(s, base), 8);
}

/** Mirrors lib/kstrtox.c:kstrtos8(). */
export function kstrtos8(s: CString, base: number): KstrtoxResult<number> {
  return narrowSigned(kstrtoll(s, base), 8);
}

/**
 * Mirrors lib/kstrtox.c:kstrtobool(). Only the first character decides, and the second for
 * "on"/"off": true for one of "EeYyTt1" or "o[Nn]", false for one of "DdNnFf0" or "o[Ff]"
 * ('O' may be either case). So "yes", "true", "enabled", "1\n" and "Yoink" are all true.
 * The e/E/d/D spellings came with commit ae5b3500856f; older 6.x kernels answer -EINVAL.
 */
export function kstrtobool(s: CString | null): KstrtoxResult<boolean> {
  if (s === null) return EINVAL_RESULT;
  switch (byteAt(s, 0)) {
    case 0x65: // e
    case 0x45: // E
    case 0x79: // y
    case 0x59: // Y
    case 0x74: // t
    case 0x54: // T
    case 0x31: // 1
      return ok(true);
    case 0x64: // d
    case 0x44: // D
    case 0x6e: // n
    case 0x4e: // N
    case 0x66: // f
    case 0x46: // F
    case 0x30: // 0
      return ok(false);
    case 0x6f: // o
    case 0x4f: // O
      switch (byteAt(s, 1)) {
        case 0x6e: // n
        case 0x4e: // N
          return ok(true);
        case 0x66: // f
        case 0x46: // F
          return ok(false);
        default:
          break;
      }
      break;
    default:
      break;
  }
  return EINVAL_RESULT;
}

function _kstrtoudec64(s: CString, pos: number, scale: number): KstrtoxResult<bigint> {
  const int = _parse_integer(s, pos, 10);
  if (int.rv & KSTRTOX_OVERFLOW) return ERANGE_RESULT;
  pos += int.rv;
  if (byteAt(s, pos) === 0x2e) pos++; // skip the decimal point
  // The fraction keeps accumulating onto the integer part, at most `scale` digits.
  const frac = _parse_integer_limit(s, pos, 10, scale, int.res);
  if (frac.rv & KSTRTOX_OVERFLOW) return ERANGE_RESULT;
  pos += frac.rv;
  // ".5" with scale 0 consumed no digit but is valid (it is 0); "." alone is not.
  if (!int.rv && !frac.rv && !isdigit(byteAt(s, pos))) return EINVAL_RESULT;
  while (isdigit(byteAt(s, pos))) pos++; // digits beyond the scale are truncated
  if (byteAt(s, pos) === 0x0a) pos++;
  if (byteAt(s, pos) !== 0) return EINVAL_RESULT;
  let res = frac.res;
  const missing = scale - frac.rv;
  if (res) {
    // 10^20 no longer fits in 64 bits (log10(2^64) = 19.26).
    if (missing > 19) return ERANGE_RESULT;
    res *= 10n ** BigInt(missing);
    if (res > ULLONG_MAX) return ERANGE_RESULT;
  }
  return ok(res);
}

/**
 * Mirrors lib/kstrtox.c:kstrtoudec64(): "123.45" with scale 3 gives 123450n; digits past the
 * scale are dropped (truncation, not rounding). A leading '+' is allowed, '-' is not.
 */
export function kstrtoudec64(s: CString, scale: number): KstrtoxResult<bigint> {
  return _kstrtoudec64(s, byteAt(s, 0) === 0x2b ? 1 : 0, scale);
}

/** Mirrors lib/kstrtox.c:kstrtodec64(): the signed variant of kstrtoudec64(). */
export function kstrtodec64(s: CString, scale: number): KstrtoxResult<bigint> {
  if (byteAt(s, 0) === 0x2d) {
    const r = _kstrtoudec64(s, 1, scale);
    if (r.err) return r;
    const neg = BigInt.asIntN(64, -r.value);
    if (neg > 0n) return ERANGE_RESULT;
    return ok(neg);
  }
  const r = kstrtoudec64(s, scale);
  if (r.err) return r;
  if (BigInt.asIntN(64, r.value) < 0n) return ERANGE_RESULT;
  return ok(r.value);
}

/** Result of the simple_strto*() family: the value and the index *endp would point at. */
export interface SimpleStrtoResult {
  value: bigint;
  end: number;
}

/**
 * Mirrors lib/vsprintf.c:simple_strntoull(): no error reporting at all; stops at the first
 * non-digit, and overflow silently wraps (see _parse_integer_limit()).
 */
function simple_strntoull(cp: CString, start: number, base: number, maxChars: number) {
  const fixed = _parse_integer_fixup_radix(cp, start, base);
  const prefixChars = fixed.pos - start;
  if (prefixChars < maxChars) {
    const { rv, res } = _parse_integer_limit(cp, fixed.pos, fixed.base, maxChars - prefixChars);
    return { value: res, end: fixed.pos + (rv & ~KSTRTOX_OVERFLOW) };
  }
  // Field too short for prefix + digit: skip over it without converting.
  return { value: 0n, end: start + maxChars };
}

/**
 * Mirrors lib/vsprintf.c:simple_strtoull(). Note "0x" with base 16 and no digit after it
 * leaves end after the "x", as the C code does.
 */
export function simple_strtoull(cp: CString, base: number): SimpleStrtoResult {
  return simple_strntoull(cp, 0, base, INT_MAX);
}

/** Mirrors lib/vsprintf.c:simple_strtoul() (unsigned long is 64 bits here). */
export function simple_strtoul(cp: CString, base: number): SimpleStrtoResult {
  return simple_strtoull(cp, base);
}

/** Mirrors lib/vsprintf.c:simple_strtol(): a leading '-' negates (with 64-bit wrap-around). */
export function simple_strtol(cp: CString, base: number): SimpleStrtoResult {
  if (byteAt(cp, 0) === 0x2d) {
    const r = simple_strntoull(cp, 1, base, INT_MAX);
    return { value: BigInt.asIntN(64, -r.value), end: r.end };
  }
  const r = simple_strtoull(cp, base);
  return { value: BigInt.asIntN(64, r.value), end: r.end };
}

/** Mirrors lib/vsprintf.c:simple_strtoll() (identical to simple_strtol() on 64-bit). */
export function simple_strtoll(cp: CString, base: number): SimpleStrtoResult {
  return simple_strtol(cp, base);
}
