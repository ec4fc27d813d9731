/**
 * A fast path for the formats kernel and user code print most (`debug_level:%d\n`):
 * literal text with plain %d %i %u %x %s (and their l/ll forms), no flags or widths.
 * The format is split once and cached; anything unusual returns null and the full
 * engine in vsprintf.ts does the work, so the output is the same either way.
 */
import type { PrintfArg } from "./vsprintf.ts";

type Piece = string | { conv: "d" | "u" | "x" | "s"; bits: 32 | 64 };

const cache = new Map<string, Piece[] | null>();
const CACHE_MAX = 2048;

function compile(fmt: string): Piece[] | null {
  const out: Piece[] = [];
  let lit = "";
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c !== "%") {
      lit += c;
      continue;
    }
    const m = /^%(l{0,2})([diuxs%])/.exec(fmt.slice(i, i + 5));
    if (!m) return null;
    i += m[0].length - 1;
    if (m[2] === "%") {
      lit += "%";
      continue;
    }
    if (lit) out.push(lit);
    lit = "";
    const conv = m[2] === "i" ? "d" : (m[2] as "d" | "u" | "x" | "s");
    if (conv === "s" && m[1]) return null;
    out.push({ conv, bits: m[1] ? 64 : 32 });
  }
  if (lit) out.push(lit);
  return out;
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
  for (const p of pieces) {
    if (typeof p === "string") {
      s += p;
      continue;
    }
    const a = args[ai++];
    if (p.conv === "s") {
      if (typeof a !== "string") return null;
      s += a;
      continue;
    }
    // Only integers that need no wrapping: the full engine handles the rest.
    if (typeof a !== "number" || !Number.isSafeInteger(a)) return null;
    if (p.bits === 32 && (a > 0x7fffffff || a < -0x80000000)) return null;
    if (p.conv === "d") s += a;
    else if (a < 0) return null;
    else s += p.conv === "u" ? a : a.toString(16);
  }
  return s;
}
