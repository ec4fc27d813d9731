/**
 * A fast path for the formats kernel and user code print most (`debug_level:%d\n`,
 * PRINT_CTX's `%03d) %c%s%c:%d`): literal text with %d %i %u %x %s %c (integers also in
 * their l/ll forms), the '-' and '0' flags and a literal width, no precision. The format is
 * split once and cached; anything unusual returns null and the full engine in vsprintf.ts
 * does the work, so the output is the same either way (test/lib/vsprintf_fast.test.ts
 * checks that against both engines).
 */
import type { PrintfArg } from "./vsprintf.ts";

interface Conv {
  conv: "d" | "u" | "x" | "s" | "c";
  bits: 32 | 64;
  width: number;
  left: boolean;
  zero: boolean;
}
type Piece = string | Conv;

const cache = new Map<string, Piece[] | null>();
const CACHE_MAX = 2048;
/** Wider fields are rare; the full engine handles them (and the kernel's clamping). */
const MAX_WIDTH = 4096;
const SPEC = /^%([-0]*)(\d*)(l{0,2})([diuxsc%])/;

function compile(fmt: string): Piece[] | null {
  const out: Piece[] = [];
  let lit = "";
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c !== "%") {
      lit += c;
      continue;
    }
    const m = SPEC.exec(fmt.slice(i, i + 12));
    if (!m) return null;
    i += m[0].length - 1;
    const [, flags, digits, size, letter] = m;
    if (letter === "%") {
      if (flags || digits || size) return null;
      lit += "%";
      continue;
    }
    const width = digits ? Number(digits) : 0;
    if (width > MAX_WIDTH) return null;
    const conv = letter === "i" ? "d" : (letter as Conv["conv"]);
    const left = flags.includes("-");
    const zero = flags.includes("0") && !left;
    // Strings and chars take no size, and C leaves '0' on them undefined: full engine.
    if ((conv === "s" || conv === "c") && (size || flags.includes("0"))) return null;
    if (lit) out.push(lit);
    lit = "";
    out.push({ conv, bits: size ? 64 : 32, width, left, zero });
  }
  if (lit) out.push(lit);
  return out;
}

/** Pads `body` (after `sign`) to the field width as both engines do for these flags. */
function field(p: Conv, sign: string, body: string): string {
  const fill = p.width - sign.length - body.length;
  if (fill <= 0) return sign + body;
  if (p.left) return sign + body + " ".repeat(fill);
  if (p.zero) return sign + "0".repeat(fill) + body;
  return " ".repeat(fill) + sign + body;
}

/** One conversion, or null when the fast path does not apply to this argument. */
function convert(p: Conv, a: PrintfArg | undefined): string | null {
  if (p.conv === "s") {
    if (typeof a !== "string" || a.includes("\0")) return null;
    return p.width ? field(p, "", a) : a;
  }
  if (p.conv === "c") {
    let ch: string;
    if (typeof a === "string") {
      if (a.length === 0) return null;
      ch = a.charAt(0);
    } else if (typeof a === "number" && Number.isSafeInteger(a)) ch = String.fromCharCode(a & 0xff);
    else return null;
    return p.width ? field(p, "", ch) : ch;
  }
  // Only integers that need no wrapping: the full engine handles the rest.
  if (typeof a !== "number" || !Number.isSafeInteger(a)) return null;
  if (p.bits === 32 && (a > 0x7fffffff || a < -0x80000000)) return null;
  if (p.conv === "d") {
    if (!p.width) return String(a);
    return a < 0 ? field(p, "-", String(-a)) : field(p, "", String(a));
  }
  if (a < 0) return null;
  const digits = p.conv === "u" ? String(a) : a.toString(16);
  return p.width ? field(p, "", digits) : digits;
}

/** The formatted string, or null when the fast path does not apply to these arguments. */
export function formatFast(fmt: string, args: readonly PrintfArg[]): string | null {
  let pieces = cache.get(fmt);
  if (pieces === undefined) {
    pieces = compile(fmt);
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(fmt, pieces);
  }
  if (!pieces) return null;
  let s = "";
  let ai = 0;
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i];
    if (typeof p === "string") {
      s += p;
      continue;
    }
    const r = convert(p, args[ai++]);
    if (r === null) return null;
    s += r;
  }
  return s;
}
