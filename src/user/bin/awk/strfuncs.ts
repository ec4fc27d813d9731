/**
 * awk's string built-ins that need no interpreter state: printf formatting (mawk print.c:
 * do_printf()), sub/gsub replacement (re_split.c / repl_compile()), field splitting
 * (field.c, split.c: space, null and regular-expression splitting) and substr().
 */
import { format } from "../../../lib/vsprintf.ts";
import type { PosixRegex } from "../../lib/regex.ts";
import { awkRegex } from "./re.ts";
import { dToI, StrNum, toNum, toStr, UNINIT, type Val } from "./value.ts";

export class AwkRuntimeError {
  constructor(
    readonly message: string,
    /** What printf had formatted before the error: mawk has already written it. */
    readonly partial = "",
  ) {}
}

interface Conv {
  lit: string;
  /** The C conversion spec (flags, width, precision, conversion), or "" after the last. */
  spec: string;
  conv: string;
  starWidth: boolean;
  starPrec: boolean;
}

const convCache = new Map<string, Conv[] | string>();

/** Splits a printf format into literal text and conversions; a string is mawk's complaint. */
function parseFormat(fmt: string): Conv[] {
  const out: Conv[] = [];
  let lit = "";
  let i = 0;
  while (i < fmt.length) {
    const c = fmt[i];
    if (c !== "%") {
      lit += c;
      i++;
      continue;
    }
    if (fmt[i + 1] === "%") {
      lit += "%";
      i += 2;
      continue;
    }
    const m = /^%([-+ #0]*)(\*|[0-9]*)(?:\.(\*|[0-9]*))?([hlLqjzt]*)(.?)/.exec(
      fmt.slice(i),
    ) as RegExpExecArray | null;
    if (!m) break;
    const [whole, flags, width, prec, , conv] = m;
    const precPart = prec === undefined ? "" : `.${prec === "*" ? "*" : prec}`;
    out.push({
      lit,
      spec: `%${flags}${width}${precPart}`,
      conv,
      starWidth: width === "*",
      starPrec: prec === "*",
    });
    lit = "";
    i += whole.length;
  }
  out.push({ lit, spec: "", conv: "", starWidth: false, starPrec: false });
  return out;
}

/**
 * Mirrors mawk print.c:do_printf(): each conversion takes the next argument; integer
 * conversions see it through d_to_I() (a 32-bit int), %c prints a number as a byte and a
 * string's first character. Too few arguments and unknown conversions are run-time errors.
 */
export function awkSprintf(who: string, fmt: string, args: Val[], convfmt: string): string {
  let parsed = convCache.get(fmt);
  if (parsed === undefined) {
    parsed = parseFormat(fmt);
    if (convCache.size > 200) convCache.clear();
    convCache.set(fmt, parsed);
  }
  const convs = parsed as Conv[];
  let out = "";
  let ai = 0;
  const shown = `${who}("${fmt}")`;
  const next = (): Val => {
    if (ai >= args.length)
      throw new AwkRuntimeError(`not enough arguments passed to ${shown}`, out);
    return args[ai++];
  };
  for (const c of convs) {
    out += c.lit;
    if (!c.spec) break;
    let spec = c.spec;
    if (c.starWidth) spec = spec.replace("*", String(dToI(toNum(next()))));
    if (c.starPrec) spec = spec.replace(".*", `.${dToI(toNum(next()))}`);
    const v = next();
    switch (c.conv) {
      case "d":
      case "i":
      case "o":
      case "x":
      case "X":
      case "u":
        out += format(spec + c.conv, [dToI(toNum(v))]);
        break;
      case "c":
        if (typeof v === "number") out += format(`${spec}c`, [dToI(v)]);
        else {
          // An empty string's "first character" is its terminating NUL, as in mawk.
          const s = toStr(v, convfmt);
          out += format(`${spec}c`, [s === "" ? 0 : s.charCodeAt(0)]);
        }
        break;
      case "e":
      case "E":
      case "f":
      case "F":
      case "g":
      case "G":
        out += format(spec + c.conv, [toNum(v)]);
        break;
      case "s":
        out += format(`${spec}s`, [toStr(v, convfmt)]);
        break;
      default: {
        const what = typeof v === "number" ? "number" : "string";
        throw new AwkRuntimeError(`improper conversion(${what} ${ai}) in ${shown}`, out);
      }
    }
  }
  return out;
}

/**
 * The replacement text of sub/gsub for one match: `&` is the matched text, `\&` a literal
 * ampersand and `\\` one backslash (mawk repl_compile()); other backslashes stay.
 */
export function expandRepl(repl: string, matched: string): string {
  if (!repl.includes("&") && !repl.includes("\\")) return repl;
  let o = "";
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i];
    if (c === "\\" && (repl[i + 1] === "&" || repl[i + 1] === "\\")) {
      o += repl[++i];
    } else if (c === "&") o += matched;
    else o += c;
  }
  return o;
}

/** sub() (global false) or gsub(): [new string, number of replacements]. */
export function substitute(
  re: PosixRegex,
  repl: string,
  s: string,
  global: boolean,
): [string, number] {
  let out = "";
  let i = 0;
  let n = 0;
  let lastEnd = -1;
  while (i <= s.length) {
    const m = re.exec(s, i);
    if (!m) break;
    if (m.end === m.index && m.index === lastEnd) {
      // An empty match right after a match does not count: move on one character.
      if (m.index >= s.length) break;
      out += s.slice(i, m.index + 1);
      i = m.index + 1;
      continue;
    }
    out += s.slice(i, m.index) + expandRepl(repl, s.slice(m.index, m.end));
    n++;
    lastEnd = m.end;
    if (m.end === m.index) {
      if (m.index < s.length) out += s[m.index];
      i = m.index + 1;
    } else i = m.end;
    if (!global) break;
  }
  if (n === 0) return [s, 0];
  if (i < s.length) out += s.slice(i);
  return [out, n];
}

/**
 * A field separator as mawk cast.c:cast_for_split() classifies it: " " splits on runs of
 * blanks, "" into characters, one other character literally, anything longer is a regex.
 * (mawk adds no newline separator in paragraph mode: with RS = "" and FS = ":", "a\nb:c"
 * has two fields, as the recorded mawk shows.)
 */
export function splitWith(s: string, fs: string): string[] {
  if (s === "") return [];
  if (fs === " ") {
    const t = s.replace(/^[ \t\n]+|[ \t\n]+$/g, "");
    return t === "" ? [] : t.split(/[ \t\n]+/);
  }
  if (fs === "") return [...s];
  if (fs.length === 1) return s.split(fs);
  return regexSplit(s, awkRegex(fs));
}

/** Mirrors mawk re_split(): the text between matches; empty matches separate nothing. */
export function regexSplit(s: string, re: PosixRegex): string[] {
  const out: string[] = [];
  let start = 0;
  let from = 0;
  while (from <= s.length) {
    const m = re.exec(s, from);
    if (!m) break;
    if (m.end === m.index) {
      from = m.index + 1;
      continue;
    }
    out.push(s.slice(start, m.index));
    start = from = m.end;
  }
  out.push(s.slice(start));
  return out;
}

/** Mirrors mawk 1.3.3 bi_funct.c:bi_substr() (positions truncated toward zero). */
export function substr(s: string, start: number, len?: number): string {
  if (s === "") return "";
  let n = len === undefined ? 0x7fffffff : dToI(len);
  let i = dToI(start) - 1;
  if (i < 0) {
    n += i;
    i = 0;
  }
  if (n > s.length - i) n = s.length - i;
  return n <= 0 ? "" : s.slice(i, i + n);
}

export { StrNum, UNINIT };
