/**
 * A C printf engine with two personalities:
 *
 * - kernel (`opts.kernel`): Linux lib/vsprintf.c, i.e. vsnprintf() as used by printk(),
 *   seq_printf(), sysfs_emit() and snprintf() in the kernel. format_decode(), number(),
 *   string() and the %p dispatcher are ported statement by statement, quirks included:
 *   "%#x" of 0 is "0x0", precision does not cancel the '0' flag, "%.0d" of 0 is "0",
 *   a negative '*' precision becomes 0, and an unsupported conversion (%n, %jd, %k...)
 *   ends the output right there, as the kernel does after its WARN_ONCE.
 * - user (default): glibc's printf as the C standard specifies it, including %e/%f/%g/%a
 *   with exact round-half-even decimal conversion of the binary value, "(nil)" for a NULL
 *   %p, positional arguments ("%2$s"), and unknown conversions copied to the output as is.
 *
 * The kernel has no floating point (it is built without FPU use; lib/vsprintf.c rejects %f).
 * As a vkern extension, kernel mode formats e/E/f/F/g/G/a/A the way glibc does.
 *
 * Argument conversions (PrintfArg):
 * - integer conversions (d i u o x X, and %c): number is truncated toward zero (NaN and
 *   infinities are 0), bigint is taken as is, boolean is 1/0, null/undefined are 0, a string
 *   is parsed with BigInt() ("42", "0x2a"), else 0. The value is then cut to the size of the
 *   length modifier exactly like the C cast: %d of 2**32 is 0, %u of -1 is 4294967295,
 *   %llu of -1 is 18446744073709551615, %hhx of 300 is 2c. `long`, size_t, ptrdiff_t and
 *   intmax_t are 64 bits (x86_64).
 * - %c: as above, cut to unsigned char; a string argument prints its first character.
 * - %s: strings print up to the first NUL; null/undefined are the NULL pointer, which both
 *   the kernel and glibc print as "(null)" (glibc prints nothing when a precision below 6
 *   would cut it; the kernel cuts "(null)" itself). Other values print as String(v).
 * - floating conversions: number; bigint via Number(); boolean 1/0; null/undefined 0; a
 *   string via Number(). 'L' (long double) is accepted and formats the double.
 * - %p: number/bigint are the address (cut to 64 bits), null/undefined are NULL; a string
 *   is a symbol name for %pS/%ps/%pB and is otherwise given a stable pseudo-address (FNV-1a).
 *
 * Strings are byte strings: one UTF-16 code unit per byte, as elsewhere in vkern.
 */

/** An argument of format(); see the module comment for how each conversion reads it. */
import { formatFast } from "./vsprintf_fast.ts";

export type PrintfArg = number | bigint | string | boolean | null | undefined;

export interface FormatOptions {
  /** Format as the Linux kernel's vsnprintf() instead of glibc's printf(). */
  kernel?: boolean;
}

// printf_spec.flags bits of lib/vsprintf.c.
const SIGN = 1; /* unsigned/signed */
const LEFT = 2; /* left justified */
const PLUS = 4; /* show plus */
const SPACE = 8; /* space if plus */
const ZEROPAD = 16; /* pad with zero */
const SMALL = 32; /* use lowercase in hex */
const SPECIAL = 64; /* prefix hex with "0x", octal with "0" */
/** glibc's ' and I flags: accepted, and without effect in the C locale. */
const IGNORED = 128;

const U64_MASK = (1n << 64n) - 1n;
const MAX_ERRNO = 4095n;
/** include/linux/hash.h: GOLDEN_RATIO_64. */
const GOLDEN_RATIO_64 = 0x61c8864680b583ebn;
const FIELD_WIDTH_MAX = (1 << 23) - 1;
const PRECISION_MAX = (1 << 15) - 1;

interface Spec {
  flags: number;
  width: number; // -1: none
  precision: number; // -1: none
}

/** Cursor over the argument list; missing arguments read as undefined. */
class Args {
  private i = 0;
  constructor(private readonly list: readonly PrintfArg[]) {}
  next(): PrintfArg {
    return this.list[this.i++];
  }
  at(n: number): PrintfArg {
    return this.list[n];
  }
}

// ---------------------------------------------------------------------------------------
// Argument conversion

function toIntegerish(v: PrintfArg): number | bigint {
  switch (typeof v) {
    case "number":
      return Number.isFinite(v) ? Math.trunc(v) : 0;
    case "bigint":
      return v;
    case "boolean":
      return v ? 1 : 0;
    case "string":
      try {
        return BigInt(v);
      } catch {
        return 0;
      }
    default:
      return 0;
  }
}

/**
 * The C cast of an argument to an integer type of `size` bytes. Numbers stay numbers when
 * the result is exact (the fast path for /proc output); 64-bit values outside the safe
 * range, and unsigned 64-bit negatives, become bigint.
 */
function castInt(v: PrintfArg, size: number, signed: boolean): number | bigint {
  const x = toIntegerish(v);
  if (typeof x === "number") {
    switch (size) {
      case 1:
        return signed ? (x << 24) >> 24 : x & 0xff;
      case 2:
        return signed ? (x << 16) >> 16 : x & 0xffff;
      case 4:
        return signed ? x | 0 : x >>> 0;
      default:
        if (Number.isSafeInteger(x) && (signed || x >= 0)) return x;
        return signed ? BigInt.asIntN(64, BigInt(x)) : BigInt.asUintN(64, BigInt(x));
    }
  }
  if (size === 8) return signed ? BigInt.asIntN(64, x) : BigInt.asUintN(64, x);
  const bits = size * 8;
  return Number(signed ? BigInt.asIntN(bits, x) : BigInt.asUintN(bits, x));
}

/** va_arg(args, int) as the kernel reads widths and precisions. */
function toInt(v: PrintfArg): number {
  return castInt(v, 4, true) as number;
}

function toDouble(v: PrintfArg): number {
  switch (typeof v) {
    case "number":
      return v;
    case "bigint":
      return Number(v);
    case "boolean":
      return v ? 1 : 0;
    case "string":
      return Number(v);
    default:
      return 0;
  }
}

/** FNV-1a (64-bit) of a string: a stable stand-in address for a string passed to %p. */
function fnv1a64(s: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i) & 0xff);
    h = (h * 0x100000001b3n) & U64_MASK;
  }
  return h;
}

function toPointer(v: PrintfArg): bigint {
  if (typeof v === "string") return fnv1a64(v);
  const x = toIntegerish(v);
  return BigInt.asUintN(64, typeof x === "number" ? BigInt(x) : x);
}

/** The C string an argument of %s designates, or null for the NULL pointer. */
function toCString(v: PrintfArg): string | null {
  if (v === null || v === undefined) return null;
  const s = typeof v === "string" ? v : String(v);
  const nul = s.indexOf("\0");
  return nul < 0 ? s : s.slice(0, nul);
}

function toChar(v: PrintfArg): string {
  if (typeof v === "string") return v.length ? v.charAt(0) : "\0";
  return String.fromCharCode(castInt(v, 1, false) as number);
}

/** Splits a cast integer into sign and magnitude digits in `base`. */
function magnitude(x: number | bigint, base: number): { neg: boolean; digits: string } {
  if (typeof x === "number") {
    return x < 0
      ? { neg: true, digits: (-x).toString(base) }
      : { neg: false, digits: x.toString(base) };
  }
  return x < 0n
    ? { neg: true, digits: (-x).toString(base) }
    : { neg: false, digits: x.toString(base) };
}

function spaces(n: number): string {
  return n > 0 ? " ".repeat(n) : "";
}

function zeros(n: number): string {
  return n > 0 ? "0".repeat(n) : "";
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isAlnum(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

// ---------------------------------------------------------------------------------------
// Exact floating point conversion (shared by both personalities)

const f64 = new DataView(new ArrayBuffer(8));

/** x = m * 2^e exactly, for finite x >= 0. */
function decompose(x: number): { m: bigint; e: number } {
  f64.setFloat64(0, x);
  const hi = f64.getUint32(0);
  const lo = f64.getUint32(4);
  const exp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (exp === 0) e = -1074;
  else {
    m |= 1n << 52n;
    e = exp - 1075;
  }
  return { m, e };
}

/** The sign bit, so that -0 and negative NaNs print their '-' as glibc does. */
function signBit(x: number): boolean {
  f64.setFloat64(0, x);
  return (f64.getUint8(0) & 0x80) !== 0;
}

/** x = n / 10^k exactly (x finite, >= 0): every double has a finite decimal expansion. */
function exactDecimal(x: number): { n: bigint; k: number } {
  let { m, e } = decompose(x);
  if (m === 0n) return { n: 0n, k: 0 };
  while (e < 0 && (m & 1n) === 0n) {
    m >>= 1n;
    e++;
  }
  if (e >= 0) return { n: m << BigInt(e), k: 0 };
  return { n: m * 5n ** BigInt(-e), k: -e };
}

/** n / 10^d rounded to nearest, ties to even: what glibc does in the default rounding mode. */
function divRoundEven(n: bigint, d: number): bigint {
  if (d <= 0) return n * 10n ** BigInt(-d);
  const p = 10n ** BigInt(d);
  const q = n / p;
  const r2 = (n % p) * 2n;
  return r2 > p || (r2 === p && (q & 1n) === 1n) ? q + 1n : q;
}

/** %f digits of |x| with `prec` decimals: [integer part, fraction]. */
function fixedDigits(x: number, prec: number): [string, string] {
  const { n, k } = exactDecimal(x);
  const s = divRoundEven(n, k - prec)
    .toString()
    .padStart(prec + 1, "0");
  return [s.slice(0, s.length - prec), s.slice(s.length - prec)];
}

/** %e digits of |x| with `prec` decimals: the prec+1 significant digits and the exponent. */
function expDigits(x: number, prec: number): { digits: string; exp: number } {
  const { n, k } = exactDecimal(x);
  if (n === 0n) return { digits: "0".repeat(prec + 1), exp: 0 };
  const len = n.toString().length;
  let exp = len - 1 - k;
  let q = divRoundEven(n, len - (prec + 1));
  let digits = q.toString();
  if (digits.length > prec + 1) {
    // Rounding carried into a new digit (9.99 -> 10.0): renormalize.
    q /= 10n;
    digits = q.toString();
    exp++;
  }
  return { digits, exp };
}

function expSuffix(exp: number, upper: boolean): string {
  const a = Math.abs(exp);
  return `${upper ? "E" : "e"}${exp < 0 ? "-" : "+"}${a < 10 ? "0" : ""}${a}`;
}

/** %a body of |x|: "0x1.8p+0" and friends, lowercase; glibc rounds ties to even too. */
function hexFloat(x: number, prec: number, alt: boolean): { prefix: string; body: string } {
  const { m, e } = decompose(x);
  let lead: bigint;
  let frac: bigint; // 52 bits = 13 hex digits
  let exp: number;
  if (m === 0n) {
    lead = 0n;
    frac = 0n;
    exp = 0;
  } else if (m >> 52n) {
    lead = 1n;
    frac = m & ((1n << 52n) - 1n);
    exp = e + 52;
  } else {
    // Subnormal: glibc prints 0x0.xxxp-1022 rather than normalizing.
    lead = 0n;
    frac = m;
    exp = -1022;
  }
  let fracHex: string;
  if (prec < 0) {
    fracHex = frac.toString(16).padStart(13, "0").replace(/0+$/, "");
  } else if (prec < 13) {
    const shift = BigInt((13 - prec) * 4);
    const full = (lead << 52n) | frac;
    let q = full >> shift;
    const rem = full & ((1n << shift) - 1n);
    const half = 1n << (shift - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q++;
    // The leading digit may become 2 ("%.0a" of 1.5 is "0x2p+0"): glibc keeps it so.
    lead = q >> BigInt(prec * 4);
    fracHex = prec ? (q & ((1n << BigInt(prec * 4)) - 1n)).toString(16).padStart(prec, "0") : "";
  } else {
    fracHex = frac.toString(16).padStart(13, "0") + zeros(prec - 13);
  }
  const point = fracHex || alt ? "." : "";
  return {
    prefix: "0x",
    body: `${lead.toString(16)}${point}${fracHex}p${exp < 0 ? "-" : "+"}${Math.abs(exp)}`,
  };
}

/** One floating conversion (e E f F g G a A) with glibc's rules for flags and padding. */
function formatFloat(conv: string, v: PrintfArg, spec: Spec): string {
  const x = toDouble(v);
  const upper = conv === "E" || conv === "F" || conv === "G" || conv === "A";
  const alt = (spec.flags & SPECIAL) !== 0;
  const neg = signBit(x);
  const sign = neg ? "-" : spec.flags & PLUS ? "+" : spec.flags & SPACE ? " " : "";
  let prefix = "";
  let body: string;
  if (!Number.isFinite(x)) {
    body = Number.isNaN(x) ? "nan" : "inf";
    if (upper) body = body.toUpperCase();
    // No zero padding for inf/nan.
    return pad(sign + body, spec.width, (spec.flags & LEFT) !== 0);
  }
  const a = Math.abs(x);
  const lc = conv.toLowerCase();
  if (lc === "a") {
    const h = hexFloat(a, spec.precision, alt);
    prefix = upper ? h.prefix.toUpperCase() : h.prefix;
    body = upper ? h.body.toUpperCase() : h.body;
  } else {
    const prec = spec.precision < 0 ? 6 : spec.precision;
    if (lc === "f") {
      const [ip, fp] = fixedDigits(a, prec);
      body = fp || alt ? `${ip}.${fp}` : ip;
    } else if (lc === "e") {
      const { digits, exp } = expDigits(a, prec);
      body = `${digits[0]}${prec || alt ? "." : ""}${digits.slice(1)}${expSuffix(exp, upper)}`;
    } else {
      // %g: choose by the exponent the %e conversion with P-1 decimals would have.
      const P = prec === 0 ? 1 : prec;
      const { digits, exp } = expDigits(a, P - 1);
      if (P > exp && exp >= -4) {
        let [ip, fp] = fixedDigits(a, P - 1 - exp);
        if (!alt) fp = fp.replace(/0+$/, "");
        body = fp || alt ? `${ip}.${fp}` : ip;
      } else {
        let fp = digits.slice(1);
        if (!alt) fp = fp.replace(/0+$/, "");
        body = `${digits[0]}${fp || alt ? "." : ""}${fp}${expSuffix(exp, upper)}`;
      }
    }
  }
  const len = sign.length + prefix.length + body.length;
  if (spec.flags & LEFT) return sign + prefix + body + spaces(spec.width - len);
  if (spec.flags & ZEROPAD) return sign + prefix + zeros(spec.width - len) + body;
  return spaces(spec.width - len) + sign + prefix + body;
}

function pad(s: string, width: number, left: boolean): string {
  if (s.length >= width) return s;
  return left ? s + spaces(width - s.length) : spaces(width - s.length) + s;
}

function isFloatConv(c: string): boolean {
  return (
    c === "e" ||
    c === "E" ||
    c === "f" ||
    c === "F" ||
    c === "g" ||
    c === "G" ||
    c === "a" ||
    c === "A"
  );
}

// ---------------------------------------------------------------------------------------
// Kernel personality: lib/vsprintf.c

/** Mirrors lib/vsprintf.c:number(), field_width bookkeeping and all. */
function kNumber(neg: boolean, digits: string, base: number, spec: Spec): string {
  let flags = spec.flags;
  let fieldWidth = spec.width;
  let precision = spec.precision;
  const needPfx = (flags & SPECIAL) !== 0 && base !== 10;
  const isZero = digits === "0";
  if (flags & LEFT) flags &= ~ZEROPAD;
  let sign = "";
  if (flags & SIGN) {
    if (neg) sign = "-";
    else if (flags & PLUS) sign = "+";
    else if (flags & SPACE) sign = " ";
    if (sign) fieldWidth--;
  }
  if (needPfx) {
    if (base === 16) fieldWidth -= 2;
    else if (!isZero) fieldWidth--;
  }
  const i = digits.length;
  // printing 100 using %2d gives "100", not "00"
  if (i > precision) precision = i;
  fieldWidth -= precision;
  let out = "";
  // Each `while (--field_width >= 0)` loop of the C code leaves field_width negative, so at
  // most one of the three padding spots ever pads.
  if (!(flags & (ZEROPAD | LEFT))) {
    out += spaces(fieldWidth);
    fieldWidth = -1;
  }
  out += sign;
  if (needPfx) {
    // "%#o" of 0 is just "0", but "%#x" of 0 is "0x0".
    if (base === 16 || !isZero) out += "0";
    if (base === 16) out += flags & SMALL ? "x" : "X";
  }
  if (!(flags & LEFT)) {
    out += (flags & ZEROPAD ? zeros : spaces)(fieldWidth);
    fieldWidth = -1;
  }
  out += zeros(precision - i);
  out += digits;
  out += spaces(fieldWidth);
  return out;
}

/** Mirrors lib/vsprintf.c:string_nocheck() + widen_string(). */
function kStringNocheck(s: string, spec: Spec): string {
  const body = spec.precision >= 0 ? s.slice(0, spec.precision) : s;
  return pad(body, spec.width, (spec.flags & LEFT) !== 0);
}

/** Mirrors lib/vsprintf.c:string(): NULL becomes error_string("(null)"). */
function kString(s: string | null, spec: Spec): string {
  if (s === null) {
    // error_string(): an unlimited precision becomes 2 * sizeof(void *).
    return kStringNocheck("(null)", spec.precision === -1 ? { ...spec, precision: 16 } : spec);
  }
  return kStringNocheck(s, spec);
}

/** Mirrors lib/vsprintf.c:pointer_string(): 16 zero-padded hex digits unless a width is given. */
function kPointerString(ptr: bigint, spec: Spec): string {
  const s: Spec = { flags: spec.flags | SMALL, width: spec.width, precision: spec.precision };
  if (s.width === -1) {
    s.width = 16;
    s.flags |= ZEROPAD;
  }
  return kNumber(false, ptr.toString(16), 16, s);
}

function isErrOrNull(ptr: bigint): boolean {
  return ptr === 0n || ptr >= (1n << 64n) - MAX_ERRNO;
}

/**
 * Mirrors lib/vsprintf.c:ptr_to_id() with debug_boot_weak_hash: hash_long(ptr, 32), i.e.
 * the top 32 bits of ptr * GOLDEN_RATIO_64. The real kernel keys a siphash with random
 * bytes; vkern wants reproducible output, and this is the kernel's own deterministic variant.
 */
function kPtrToId(ptr: bigint, spec: Spec): string {
  if (isErrOrNull(ptr)) return kPointerString(ptr, spec);
  const hashval = ((ptr * GOLDEN_RATIO_64) & U64_MASK) >> 32n;
  return kPointerString(hashval, spec);
}

/** Mirrors lib/vsprintf.c:pointer() for the extensions vkern supports; `ext` follows the 'p'. */
function kPointer(ext: string, ext1: string, v: PrintfArg, spec: Spec): string {
  switch (ext) {
    case "S":
    case "s":
    case "B":
      // symbol_string(): vkern has no kallsyms for numbers, so callers pass the symbol text;
      // a number prints as the CONFIG_KALLSYMS=n fallback, special_hex_number().
      if (typeof v === "string") return kStringNocheck(v, spec);
      return kNumber(false, toPointer(v).toString(16), 16, {
        flags: SPECIAL | SMALL | ZEROPAD,
        width: 18,
        precision: -1,
      });
    case "x":
      return kPointerString(toPointer(v), spec);
    case "K":
      // restricted_pointer() with kptr_restrict == 0 is plain %p.
      return kPtrToId(toPointer(v), spec);
    case "e": {
      const ptr = toPointer(v);
      if (ptr < (1n << 64n) - MAX_ERRNO) return kPtrToId(ptr, spec);
      // err_ptr() without CONFIG_SYMBOLIC_ERRNAME: the errno in decimal.
      return kNumber(true, ((1n << 64n) - ptr).toString(), 10, {
        ...spec,
        flags: spec.flags | SIGN,
      });
    }
    case "u":
    case "k":
      if (ext1 === "s") return kString(toCString(v), spec);
      return kString("(einval)", spec.precision === -1 ? { ...spec, precision: 16 } : spec);
    default:
      // Plain %p, and the extensions vkern does not implement (%pI4, %pM, %ph...), hash.
      return kPtrToId(toPointer(v), spec);
  }
}

function kFlag(c: string): number {
  switch (c) {
    case " ":
      return SPACE;
    case "#":
      return SPECIAL;
    case "+":
      return PLUS;
    case "-":
      return LEFT;
    case "0":
      return ZEROPAD;
    default:
      return 0;
  }
}

/** Mirrors lib/vsprintf.c:vsnprintf() with format_decode() inlined. */
function formatKernel(fmt: string, list: readonly PrintfArg[]): string {
  const args = new Args(list);
  const n = fmt.length;
  let out = "";
  let i = 0;
  while (i < n) {
    const pct = fmt.indexOf("%", i);
    if (pct < 0) {
      out += fmt.slice(i);
      break;
    }
    out += fmt.slice(i, pct);
    i = pct + 1;

    const spec: Spec = { flags: 0, width: -1, precision: -1 };
    for (let f = kFlag(fmt.charAt(i)); f; f = kFlag(fmt.charAt(i))) {
      spec.flags |= f;
      i++;
    }
    if (isDigit(fmt.charCodeAt(i))) {
      let w = 0;
      while (isDigit(fmt.charCodeAt(i))) w = (w * 10 + fmt.charCodeAt(i++) - 0x30) | 0;
      spec.width = w;
    } else if (fmt.charAt(i) === "*") {
      i++;
      let w = toInt(args.next());
      w = Math.max(-FIELD_WIDTH_MAX, Math.min(FIELD_WIDTH_MAX, w));
      if (w < 0) {
        w = -w;
        spec.flags |= LEFT;
      }
      spec.width = w;
    }
    if (fmt.charAt(i) === ".") {
      i++;
      if (isDigit(fmt.charCodeAt(i))) {
        let p = 0;
        while (isDigit(fmt.charCodeAt(i))) p = (p * 10 + fmt.charCodeAt(i++) - 0x30) | 0;
        // printf_spec.precision is a short.
        p = (p << 16) >> 16;
        spec.precision = Math.max(p, 0);
      } else if (fmt.charAt(i) === "*") {
        i++;
        spec.precision = Math.max(0, Math.min(PRECISION_MAX, toInt(args.next())));
      }
      // A '.' followed by neither leaves the precision unset (-1), unlike C.
    }

    let size = 4;
    const q = fmt.charAt(i);
    if (q === "l" || q === "h") {
      const doubled = fmt.charAt(i + 1) === q;
      size = q === "l" ? 8 : doubled ? 1 : 2;
      i += doubled ? 2 : 1;
    } else if (q === "L" || q === "z" || q === "t") {
      size = 8;
      i++;
    } else if (q === "H") {
      size = 1; // "Questionable historical"
      i++;
    }

    const conv = fmt.charAt(i);
    i++;
    switch (conv) {
      case "d":
      case "i":
      case "u":
      case "o":
      case "x":
      case "X": {
        const base = conv === "o" ? 8 : conv === "x" || conv === "X" ? 16 : 10;
        if (conv === "d" || conv === "i") spec.flags |= SIGN;
        if (conv === "x") spec.flags |= SMALL;
        const { neg, digits } = magnitude(
          castInt(args.next(), size, (spec.flags & SIGN) !== 0),
          base,
        );
        out += kNumber(neg, conv === "X" ? digits.toUpperCase() : digits, base, spec);
        break;
      }
      case "c": {
        const c = toChar(args.next());
        const padding = spaces(spec.width - 1);
        out += spec.flags & LEFT ? c + padding : padding + c;
        break;
      }
      case "s":
        out += kString(toCString(args.next()), spec);
        break;
      case "p": {
        out += kPointer(fmt.charAt(i), fmt.charAt(i + 1), args.next(), spec);
        // vsnprintf() skips every alphanumeric character after %p.
        while (i < n && isAlnum(fmt.charCodeAt(i))) i++;
        break;
      }
      case "%":
        out += "%";
        break;
      default:
        if (isFloatConv(conv)) {
          out += formatFloat(conv, args.next(), spec); // vkern extension, see module comment
          break;
        }
        // FORMAT_STATE_INVALID: the kernel stops formatting here.
        return out;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// User-space personality: glibc printf

/** glibc's integer conversions (d i u o x X, and p for non-NULL pointers). */
function uNumber(conv: string, x: number | bigint, spec: Spec, pointer = false): string {
  const base = conv === "o" ? 8 : conv === "x" || conv === "X" || conv === "p" ? 16 : 10;
  let { neg, digits } = magnitude(x, base);
  if (conv === "X") digits = digits.toUpperCase();
  const isZero = digits === "0";
  if (spec.precision >= 0) {
    // An explicit precision of 0 prints no digit at all for the value 0.
    digits = spec.precision === 0 && isZero ? "" : digits.padStart(spec.precision, "0");
  }
  let prefix = "";
  if (spec.flags & SPECIAL) {
    if (conv === "o" && digits.charAt(0) !== "0") digits = `0${digits}`;
    else if ((conv === "x" || conv === "X") && !isZero) prefix = conv === "x" ? "0x" : "0X";
  }
  if (pointer) prefix = "0x";
  // '+' and ' ' apply to signed conversions only (and, in glibc, to %p).
  const signed = conv === "d" || conv === "i" || pointer;
  const sign = neg
    ? "-"
    : signed && spec.flags & PLUS
      ? "+"
      : signed && spec.flags & SPACE
        ? " "
        : "";
  const len = sign.length + prefix.length + digits.length;
  if (spec.flags & LEFT) return sign + prefix + digits + spaces(spec.width - len);
  // The '0' flag is ignored when a precision is given.
  if (spec.flags & ZEROPAD && spec.precision < 0)
    return sign + prefix + zeros(spec.width - len) + digits;
  return spaces(spec.width - len) + sign + prefix + digits;
}

function uFlag(c: string): number {
  switch (c) {
    case "'": // thousands grouping: nothing to group in the C locale
    case "I": // locale digits: none in the C locale
      return IGNORED;
    default:
      return kFlag(c);
  }
}

/** Reads "123$" at i: the 1-based position, or 0 when there is none. */
function readPosition(fmt: string, i: number): { pos: number; next: number } {
  let j = i;
  let v = 0;
  while (isDigit(fmt.charCodeAt(j))) v = v * 10 + fmt.charCodeAt(j++) - 0x30;
  if (j > i && fmt.charAt(j) === "$" && v > 0) return { pos: v, next: j + 1 };
  return { pos: 0, next: i };
}

/** glibc vfprintf(): C99 conversions plus the GNU length modifiers q, Z and positional args. */
function formatUser(fmt: string, list: readonly PrintfArg[]): string {
  const args = new Args(list);
  const n = fmt.length;
  let out = "";
  let i = 0;
  while (i < n) {
    const pct = fmt.indexOf("%", i);
    if (pct < 0) {
      out += fmt.slice(i);
      break;
    }
    out += fmt.slice(i, pct);
    i = pct + 1;
    // An unknown conversion is copied through verbatim, from the '%' on.
    const start = pct;

    const spec: Spec = { flags: 0, width: -1, precision: -1 };
    const p0 = readPosition(fmt, i);
    const argPos = p0.pos;
    i = p0.next;
    const fetch = (pos: number): PrintfArg => (pos ? args.at(pos - 1) : args.next());

    for (let f = uFlag(fmt.charAt(i)); f; f = uFlag(fmt.charAt(i))) {
      spec.flags |= f;
      i++;
    }
    if (fmt.charAt(i) === "*") {
      const p = readPosition(fmt, i + 1);
      i = p.next;
      const w = toInt(fetch(p.pos));
      if (w < 0) spec.flags |= LEFT;
      spec.width = Math.abs(w);
    } else if (isDigit(fmt.charCodeAt(i))) {
      let w = 0;
      while (isDigit(fmt.charCodeAt(i))) w = w * 10 + fmt.charCodeAt(i++) - 0x30;
      spec.width = w;
    }
    if (fmt.charAt(i) === ".") {
      i++;
      if (fmt.charAt(i) === "*") {
        const p = readPosition(fmt, i + 1);
        i = p.next;
        const pr = toInt(fetch(p.pos));
        // A negative precision is taken as if it were omitted.
        spec.precision = pr < 0 ? -1 : pr;
      } else {
        let pr = 0;
        while (isDigit(fmt.charCodeAt(i))) pr = pr * 10 + fmt.charCodeAt(i++) - 0x30;
        spec.precision = pr;
      }
    }

    let size = 4;
    for (;;) {
      const q = fmt.charAt(i);
      if (q === "h") {
        size = 2;
        if (fmt.charAt(i + 1) === "h") {
          size = 1;
          i++;
        }
      } else if (q === "l") {
        size = 8;
        if (fmt.charAt(i + 1) === "l") i++;
      } else if (q === "L" || q === "q" || q === "j" || q === "z" || q === "Z" || q === "t")
        size = 8;
      else break;
      i++;
    }

    const conv = fmt.charAt(i);
    if (conv === "") break; // incomplete specification at the end: glibc fails, output so far
    i++;
    switch (conv) {
      case "d":
      case "i":
        out += uNumber(conv, castInt(fetch(argPos), size, true), spec);
        break;
      case "u":
      case "o":
      case "x":
      case "X":
        out += uNumber(conv, castInt(fetch(argPos), size, false), spec);
        break;
      case "c":
      case "C": {
        const c = toChar(fetch(argPos));
        out += pad(c, spec.width, (spec.flags & LEFT) !== 0);
        break;
      }
      case "s":
      case "S": {
        let s = toCString(fetch(argPos));
        // glibc prints "(null)" for NULL unless the precision is too small to hold it.
        if (s === null) s = spec.precision === -1 || spec.precision >= 6 ? "(null)" : "";
        else if (spec.precision >= 0) s = s.slice(0, spec.precision);
        out += pad(s, spec.width, (spec.flags & LEFT) !== 0);
        break;
      }
      case "p": {
        const ptr = toPointer(fetch(argPos));
        if (ptr === 0n) out += pad("(nil)", spec.width, (spec.flags & LEFT) !== 0);
        else out += uNumber("p", ptr, spec, true);
        break;
      }
      case "n":
        fetch(argPos); // nowhere to store the count
        break;
      case "%":
        out += "%";
        break;
      default:
        if (isFloatConv(conv)) out += formatFloat(conv, fetch(argPos), spec);
        else out += fmt.slice(start, i);
        break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------

/**
 * Formats like C printf. With `opts.kernel`, mirrors lib/vsprintf.c:vsnprintf() (without
 * a buffer limit: callers truncate, as snprintf()/scnprintf()/seq_printf() each do their way);
 * otherwise mirrors glibc's vfprintf().
 */
/** The full engine alone, bypassing the fast path (tests compare the two). */
export function formatFull(fmt: string, args: readonly PrintfArg[], opts?: FormatOptions): string {
  return opts?.kernel ? formatKernel(fmt, args) : formatUser(fmt, args);
}

export function format(fmt: string, args: readonly PrintfArg[], opts?: FormatOptions): string {
  const fast = formatFast(fmt, args);
  if (fast !== null) return fast;
  return opts?.kernel ? formatKernel(fmt, args) : formatUser(fmt, args);
}

/** sprintf() of user space: format() with glibc semantics and variadic arguments. */
export const sprintfC = (fmt: string, ...args: PrintfArg[]): string => format(fmt, args);
