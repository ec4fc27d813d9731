/**
 * awk's regular expressions (POSIX EREs as mawk 1.3.3 reads them, rexp.c) on top of the
 * shared POSIX translator: the awk escapes (\n \t \/ \" \ddd ...) are resolved first; braces
 * are literal, as mawk 1.3.3 has no interval expressions; GNU's \< \> \w \b ... do not exist
 * in mawk (an escaped ordinary character stands for itself).
 */
import { PosixRegex, RegexError } from "../../lib/regex.ts";

const META = new Set([..."\\^$.[]|()*+?{}"]);
const CHAR_ESC: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  f: "\f",
  b: "\b",
  a: "\x07",
  v: "\v",
};

/** A literal character for the ERE translator, outside brackets. */
function lit(c: string): string {
  return META.has(c) ? `\\${c}` : c;
}

/** The escape at s[i] === "\\": [character, length]. */
function escapeAt(s: string, i: number): [string, number] | null {
  const d = s[i + 1];
  if (d === undefined) return null;
  if (d in CHAR_ESC) return [CHAR_ESC[d], 2];
  if (d >= "0" && d <= "7") {
    let j = i + 1;
    let v = 0;
    while (j < s.length && j < i + 4 && s[j] >= "0" && s[j] <= "7") v = v * 8 + Number(s[j++]);
    return [String.fromCharCode(v & 0xff), j - i];
  }
  return null;
}

/** Rewrites an awk ERE into the dialect of translateRegex(). */
export function awkToEre(src: string): string {
  let o = "";
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === "[") {
      // Copy the bracket expression, resolving escapes to the characters they stand for.
      let j = i + 1;
      let body = "[";
      if (src[j] === "^") body += src[j++];
      if (src[j] === "]") body += src[j++];
      let closed = false;
      while (j < src.length) {
        const d = src[j];
        if (d === "]") {
          closed = true;
          break;
        }
        if (d === "[" && (src[j + 1] === ":" || src[j + 1] === "." || src[j + 1] === "=")) {
          const end = src.indexOf(`${src[j + 1]}]`, j + 2);
          if (end > 0) {
            body += src.slice(j, end + 2);
            j = end + 2;
            continue;
          }
        }
        if (d === "\\" && j + 1 < src.length) {
          const e = escapeAt(src, j);
          const ch = e ? e[0] : src[j + 1];
          // The translator reads `\\` and `\]` in brackets (sedEscapes) as the character.
          body += ch === "\\" || ch === "]" ? `\\${ch}` : ch;
          j += e ? e[1] : 2;
          continue;
        }
        body += d;
        j++;
      }
      if (!closed) return o + src.slice(i); // let the translator report it
      o += `${body}]`;
      i = j;
      continue;
    }
    if (c === "\\") {
      if (i + 1 >= src.length) {
        o += "\\\\";
        continue;
      }
      const e = escapeAt(src, i);
      if (e) {
        o += lit(e[0]);
        i += e[1] - 1;
      } else {
        o += lit(src[i + 1]);
        i++;
      }
      continue;
    }
    o += c === "{" || c === "}" ? `\\${c}` : c;
  }
  return o;
}

const cache = new Map<string, PosixRegex>();

/** Compiles (and caches) an awk regular expression; throws RegexError. */
export function awkRegex(src: string): PosixRegex {
  let re = cache.get(src);
  if (!re) {
    if (cache.size > 500) cache.clear();
    re = new PosixRegex([awkToEre(src)], { extended: true, sedEscapes: true });
    cache.set(src, re);
  }
  return re;
}

export { RegexError };
