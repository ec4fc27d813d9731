/**
 * Line matching of cram/prysk transcripts: how actual output becomes transcript lines, and
 * when an expected line matches one.
 *
 * Mirrors cram 0.7's cram/_test.py (`_needescape`, `_escape`, the " (no-eol)" suffix) and
 * cram/_diff.py (`esc`, `glob`, `regex`), which prysk copies unchanged. cram works on bytes,
 * so this module does too: text is turned into a "binary string" (one char per UTF-8 byte)
 * before any comparison. Lines handled here are whole transcript lines: indent included, "\n"
 * at the end, exactly what cram's matchers receive — this matters, e.g. an (re) pattern is
 * compiled with the indent in front of it.
 *
 * Pure and browser-safe: no Node.js built-ins.
 */

const encoder = new TextEncoder();

/** UTF-8 bytes of `s`, one char per byte; ASCII strings come back unchanged. */
export function toBinary(s: string): string {
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  return bytesToBinary(encoder.encode(s));
}

export function bytesToBinary(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return out;
}

// cram: _needescape = re.compile(rb'[\x00-\x09\x0b-\x1f\x7f-\xff]').search
const NEED_ESCAPE = /[\x00-\x09\x0b-\x1f\x7f-\xff]/;
// cram: _escapesub also rewrites backslashes, but only once a line needs escaping at all.
const ESCAPE_SUB = /[\x00-\x09\x0b-\x1f\\\x7f-\xff]/g;

function escapeChar(c: string): string {
  if (c === "\\") return "\\\\";
  if (c === "\r") return "\\r";
  if (c === "\t") return "\\t";
  return `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
}

/**
 * Turns one line of actual output (binary string, with its "\n" if it had one) into the
 * transcript line cram writes: " (no-eol)" for a missing newline, then " (esc)" with
 * Python-style escapes if any byte is a control character or not ASCII.
 */
export function postLine(out: string, indent: string): string {
  if (!out.endsWith("\n")) out += " (no-eol)\n";
  if (NEED_ESCAPE.test(out)) {
    out = `${out.slice(0, -1).replace(ESCAPE_SUB, escapeChar)} (esc)\n`;
  }
  return indent + out;
}

/**
 * The transcript lines cram makes of one command's combined output. Lines end at "\n", "\r"
 * or "\r\n" (Python's bytes.splitlines), so a lone "\r" ends a line that then has no newline.
 */
export function outputToLines(output: string | Uint8Array, indent: string): string[] {
  const bin = typeof output === "string" ? toBinary(output) : bytesToBinary(output);
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < bin.length; i++) {
    const c = bin[i];
    if (c === "\n" || c === "\r") {
      if (c === "\r" && bin[i + 1] === "\n") i++;
      lines.push(postLine(bin.slice(start, i + 1), indent));
      start = i + 1;
    }
  }
  if (start < bin.length) lines.push(postLine(bin.slice(start), indent));
  return lines;
}

/**
 * Python's codecs.escape_decode (CPython _PyBytes_DecodeEscape) on a binary string; null
 * where Python raises ValueError (bad \x escape, trailing backslash) — cram would crash there,
 * we call it a mismatch.
 */
export function escapeDecode(s: string): string | null {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== "\\") {
      out += c;
      continue;
    }
    i++;
    if (i >= s.length) return null;
    const e = s[i]!;
    switch (e) {
      case "\n":
        break;
      case "\\":
      case "'":
      case '"':
        out += e;
        break;
      case "a":
        out += "\x07";
        break;
      case "b":
        out += "\b";
        break;
      case "f":
        out += "\f";
        break;
      case "n":
        out += "\n";
        break;
      case "r":
        out += "\r";
        break;
      case "t":
        out += "\t";
        break;
      case "v":
        out += "\v";
        break;
      case "x": {
        const hex = s.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) return null;
        out += String.fromCharCode(Number.parseInt(hex, 16));
        i += 2;
        break;
      }
      default:
        if (e >= "0" && e <= "7") {
          let v = 0;
          let n = 0;
          while (n < 3 && i < s.length && s[i]! >= "0" && s[i]! <= "7") {
            v = v * 8 + (s.charCodeAt(i) - 48);
            i++;
            n++;
          }
          i--;
          // CPython stores the value in a byte: \777 wraps.
          out += String.fromCharCode(v & 0xff);
        } else {
          // Unknown escapes stay as they are, backslash included.
          out += `\\${e}`;
        }
    }
  }
  return out;
}

/** cram/_diff.py:esc(): compares after decoding " (esc)" lines on either side. */
function escMatch(pattern: string, s: string): boolean {
  const ann = " (esc)\n";
  if (pattern.endsWith(ann)) {
    const d = escapeDecode(pattern.slice(0, -ann.length));
    if (d === null) return false;
    pattern = `${d}\n`;
  }
  if (pattern === s) return true;
  if (s.endsWith(ann)) {
    const d = escapeDecode(s.slice(0, -ann.length));
    if (d === null) return false;
    s = `${d}\n`;
  }
  return pattern === s;
}

// Compiled patterns, keyed by source; null marks a pattern Python would reject.
const regexCache = new Map<string, RegExp | null>();

function compileCached(key: string, build: () => string | null): RegExp | null {
  let re = regexCache.get(key);
  if (re === undefined) {
    const src = build();
    re = null;
    if (src !== null) {
      try {
        // Sticky: anchored at the start like Python's re.match(), for every alternative.
        // dotAll: Python's "." only refuses "\n", and a transcript line has none.
        re = new RegExp(src, "ys");
      } catch {
        re = null;
      }
    }
    if (regexCache.size > 4096) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
}

function stickyTest(re: RegExp, s: string): boolean {
  re.lastIndex = 0;
  return re.test(s);
}

const HEX2 = /^[0-9a-fA-F]{2}$/;
const OCT = /^[0-7]$/;

function hexEscape(code: number): string {
  return `\\x${code.toString(16).padStart(2, "0")}`;
}

/**
 * Translates a Python `re` pattern (bytes, no flags) into JavaScript RegExp source, or
 * returns null where Python raises re.error (cram then reports a mismatch). Handles the
 * differences that change meaning: \A \Z, (?P<name>...) and (?P=name), (?#...), {,n}, a ']'
 * first in a set, \a and octal escapes, and Python's rejection of unknown letter escapes,
 * of JS-only syntax such as (?<name>...) and \k, and of inline flags not at the very start
 * (cram always puts the indent first, so Python 3.11 rejects every inline flag).
 */
export function pythonRegexToJs(src: string): string | null {
  let out = "";
  let i = 0;
  const n = src.length;
  let inClass = false;
  // Position in the class: 0 right after '[' (or '[^'), where ']' is a literal.
  let classPos = 0;

  // Translates the escape at src[i] === "\\"; returns [js, consumed] or null.
  const translateEscape = (at: number): [string, number] | null => {
    const e = src[at + 1];
    if (e === undefined) return null;
    if (/[0-9]/.test(e)) {
      // sre_parse: in a set every digit escape is octal; outside one, \0 and three octal
      // digits are octal, anything else is a group reference.
      const threeOctal = OCT.test(e) && OCT.test(src[at + 2] ?? "") && OCT.test(src[at + 3] ?? "");
      if (inClass || e === "0" || threeOctal) {
        if (!OCT.test(e)) return null;
        let j = at + 1;
        let v = 0;
        while (j < at + 4 && OCT.test(src[j] ?? "")) {
          v = v * 8 + Number(src[j]);
          j++;
        }
        if (v > 0o377) return null;
        return [hexEscape(v), j - at];
      }
      const m = /^[0-9]{1,2}/.exec(src.slice(at + 1))!;
      // Grouped so that a digit after it cannot extend the reference in JavaScript.
      return [`(?:\\${m[0]})`, 1 + m[0].length];
    }
    if (/[a-zA-Z]/.test(e)) {
      switch (e) {
        case "a":
          return ["\\x07", 2];
        case "A":
          return inClass ? null : ["^", 2];
        case "Z":
          return inClass ? null : ["$", 2];
        case "b":
          return ["\\b", 2];
        case "B":
          return inClass ? null : ["\\B", 2];
        case "x": {
          const h = src.slice(at + 2, at + 4);
          return HEX2.test(h) ? [`\\x${h}`, 4] : null;
        }
        case "d":
        case "D":
        case "w":
        case "W":
        case "s":
        case "S":
        case "f":
        case "n":
        case "r":
        case "t":
        case "v":
          return [`\\${e}`, 2];
        default:
          return null;
      }
    }
    // Any other escaped character stands for itself.
    return [hexEscape(e.charCodeAt(0)), 2];
  };

  while (i < n) {
    const c = src[i]!;
    if (c === "\\") {
      const t = translateEscape(i);
      if (t === null) return null;
      out += t[0];
      i += t[1];
      classPos++;
      continue;
    }
    if (inClass) {
      if (c === "]" && classPos > 0) {
        inClass = false;
        out += "]";
      } else if (c === "]") {
        out += "\\]";
      } else {
        out += c === "[" ? "\\[" : c;
      }
      classPos++;
      i++;
      continue;
    }
    if (c === "[") {
      inClass = true;
      classPos = 0;
      out += "[";
      i++;
      if (src[i] === "^") {
        out += "^";
        i++;
      }
      continue;
    }
    if (c === "(" && src[i + 1] === "?") {
      const rest = src.slice(i + 2);
      if (rest.startsWith("P<")) {
        out += "(?<";
        i += 4;
      } else if (rest.startsWith("P=")) {
        const end = src.indexOf(")", i);
        if (end < 0) return null;
        out += `\\k<${src.slice(i + 4, end)}>`;
        i = end + 1;
      } else if (rest.startsWith("#")) {
        const end = src.indexOf(")", i);
        if (end < 0) return null;
        i = end + 1;
      } else if (/^(?::|=|!|<=|<!)/.test(rest)) {
        const m = /^(?::|=|!|<=|<!)/.exec(rest)!;
        out += `(?${m[0]}`;
        i += 2 + m[0].length;
      } else {
        // Inline flags, (?>...), (?(...)...): not expressible, or rejected by Python 3.11.
        return null;
      }
      continue;
    }
    if (c === "{") {
      // Python reads {,n} as {0,n}; JavaScript would take it literally.
      const m = /^\{,(\d+)\}/.exec(src.slice(i));
      if (m) {
        out += `{0,${m[1]}}`;
        i += m[0].length;
        continue;
      }
    }
    out += c;
    i++;
  }
  if (inClass) return null;
  return out;
}

/** cram/_diff.py:_regex(): re.match(pattern + rb'\Z', s), False on re.error. */
export function pythonRegexMatch(pattern: string, s: string): boolean {
  const re = compileCached(`re:${pattern}`, () => pythonRegexToJs(`${pattern}\\Z`));
  return re !== null && stickyTest(re, s);
}

/**
 * cram/_diff.py:_glob(): only `*` and `?` are special; a backslash escapes `*`, `?` or a
 * backslash, and is a literal backslash before anything else.
 */
export function globToRegex(pattern: string): string {
  let res = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    const next = pattern[i + 1];
    if (c === "\\" && next !== undefined && "*?\\".includes(next)) {
      res += `\\${next}`;
      i++;
    } else if (c === "*") {
      res += "[^]*";
    } else if (c === "?") {
      res += "[^]";
    } else {
      res += hexEscape(c.charCodeAt(0));
    }
  }
  return `${res}$`;
}

export function globMatch(pattern: string, s: string): boolean {
  const re = compileCached(`glob:${pattern}`, () => globToRegex(pattern));
  return re !== null && stickyTest(re, s);
}

function annotated(keyword: string, fn: (p: string, s: string) => boolean) {
  const ann = ` (${keyword})\n`;
  return (pattern: string, s: string): boolean =>
    pattern.endsWith(ann) && fn(pattern.slice(0, -ann.length), s.slice(0, -1));
}

const reMatch = annotated("re", pythonRegexMatch);
const globLineMatch = annotated("glob", globMatch);

/**
 * Whether expected transcript line `expected` matches transcript line `actual` (both whole
 * lines: indent, text, "\n"), as cram's diff decides: equal, or one of its matchers esc,
 * glob, regex says so. Literal equality comes first, so a line that really ends in " (re)"
 * matches itself.
 */
export function matchTranscriptLine(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  const e = toBinary(expected);
  const a = toBinary(actual);
  return escMatch(e, a) || globLineMatch(e, a) || reMatch(e, a);
}

export interface MatchLineOptions {
  /** The actual line had no trailing newline (the command's output ended without one). */
  noEol?: boolean;
  /** Indent width of the transcript (2 by default); it is part of what (re) patterns see. */
  indent?: number;
}

/**
 * Whether the expected output line `expected` (as written after the indent, annotations such
 * as " (glob)", " (re)", " (esc)", " (no-eol)" included) matches one actual output line
 * `actual` (its text, without the newline).
 */
export function matchLine(
  expected: string,
  actual: string,
  options: MatchLineOptions = {},
): boolean {
  const indent = " ".repeat(options.indent ?? 2);
  const post = postLine(toBinary(actual) + (options.noEol ? "" : "\n"), indent);
  return matchTranscriptLine(`${indent}${expected}\n`, post);
}
