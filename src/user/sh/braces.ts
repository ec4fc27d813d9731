/**
 * Bash's brace expansion (`a{b,c}d`, `{1..10..3}`, `{a..e}`), the first of
 * its word expansions; dash has none. Like bash 5.2 it works on the word's
 * source text, quotes included (braces.c), and each result is then read and
 * expanded as a word of its own (subst.c:brace_expand_word_list()), so
 * `{$a,$b}` becomes the two words `$a` and `$b`, and `$x{a,b}` becomes
 * `$xa` and `$xb`.
 */

import { parseWordText, skipCommandSubst, type Word } from "./parse/index.ts";

const INTMAX_MAX = 2n ** 63n - 1n;
const INTMAX_MIN = -(2n ** 63n);
const INT_MAX = 2n ** 31n - 1n;

/**
 * Longest sequence vkern builds. Bash would try to allocate up to INT_MAX
 * strings; past this (far beyond any real use) the sequence counts as
 * invalid and its braces stay as written, rather than exhausting memory.
 */
const MAX_SEQUENCE = 1n << 22n;

/** braces.c's brace_whitespace(): end of text, space, tab, newline. */
function braceWhitespace(c: string): boolean {
  return c === "" || c === " " || c === "\t" || c === "\n";
}

/**
 * Scans `text` from `start` for `satisfy` outside quotes, `${...}`,
 * `$(...)` and inner braces; returns its index and the character found
 * ("" at the end). Looking for `}`, the brace only counts after a comma or
 * `..` at the same level (else the text is no brace expression). Mirrors
 * braces.c:brace_gobbler().
 */
function braceGobbler(text: string, start: number, satisfy: string): [number, string] {
  let level = 0;
  let quoted = "";
  let passNext = false;
  let commas = satisfy === "}" ? 0 : 1;
  let i = start;
  while (i < text.length) {
    const c = text.charAt(i);
    if (passNext) {
      passNext = false;
      i++;
      continue;
    }
    // A backslash escapes the next character, also inside "..." and `...`.
    if (c === "\\" && (quoted === "" || quoted === '"' || quoted === "`")) {
      passNext = true;
      i++;
      continue;
    }
    // `${` is taken like `\{`; unquoted, its `}` closes a level.
    if (c === "$" && text.charAt(i + 1) === "{" && quoted !== "'") {
      passNext = true;
      i++;
      if (quoted === "") level++;
      continue;
    }
    if (quoted !== "") {
      if (c === quoted) quoted = "";
      if (quoted === '"' && c === "$" && text.charAt(i + 1) === "(") {
        i = skipCommandSubst(text, i);
        continue;
      }
      i++;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") {
      quoted = c;
      i++;
      continue;
    }
    // Bash also skips `<(...)` and `>(...)` here; vkern has no process
    // substitution, so an unquoted `<` or `>` never occurs inside a word.
    if (c === "$" && text.charAt(i + 1) === "(") {
      i = skipCommandSubst(text, i);
      continue;
    }
    if (c === satisfy && level === 0 && commas > 0) {
      // An open brace between blanks, or blank-preceded and followed by `}`, is plain.
      if (
        c === "{" &&
        (i === 0 || braceWhitespace(text.charAt(i - 1))) &&
        (braceWhitespace(text.charAt(i + 1)) || text.charAt(i + 1) === "}")
      ) {
        i++;
        continue;
      }
      break;
    }
    if (c === "{") level++;
    else if (c === "}" && level > 0) level--;
    else if (satisfy === "}" && c === "," && level === 0) commas++;
    else if (
      satisfy === "}" &&
      text.startsWith("..", i) &&
      text.charAt(i + 2) !== satisfy &&
      level === 0
    )
      commas++;
    i++;
  }
  return [i, text.charAt(i)];
}

/**
 * Every word `text` brace-expands to, in order (just `text` when it holds
 * no brace expression). Mirrors braces.c:brace_expand().
 */
export function braceExpand(text: string): string[] {
  // Find the first `{` that starts a valid brace expression.
  let i = 0;
  let c: string;
  for (;;) {
    [i, c] = braceGobbler(text, i, "{");
    if (c === "") break;
    if (braceGobbler(text, i + 1, "}")[1] !== "") break;
    i++;
  }
  if (c !== "{") return [text];
  const preamble = text.slice(0, i);
  const start = ++i;
  [i, c] = braceGobbler(text, i, "}");
  if (c === "") return [text];
  const amble = text.slice(start, i);
  let tack: string[] | null;
  if (!hasUnquotedComma(amble)) {
    tack = expandSeqterm(amble);
    if (tack === null) {
      // Not a valid sequence: the braces stay, but later ones still expand.
      if (i + 1 >= text.length) return [text];
      tack = [text.slice(start - 1, i + 1)];
    }
  } else tack = expandAmble(amble);
  let result = arrayConcat([preamble], tack);
  const postamble = text.slice(i + 1);
  if (postamble !== "") result = arrayConcat(result, braceExpand(postamble));
  return result;
}

/** The check in brace_expand(): only backslashes count as quoting here. */
function hasUnquotedComma(amble: string): boolean {
  for (let j = 0; j < amble.length; j++) {
    const c = amble.charAt(j);
    if (c === "\\") j++;
    else if (c === ",") return true;
  }
  return false;
}

/** The members of `a,b,{c,d}`, each brace-expanded. Mirrors braces.c:expand_amble(). */
function expandAmble(text: string): string[] {
  const result: string[] = [];
  let start = 0;
  let i = 0;
  let c = ",";
  while (c !== "") {
    [i, c] = braceGobbler(text, i, ",");
    result.push(...braceExpand(text.slice(start, i)));
    start = ++i;
  }
  return result;
}

/** Each of arr1 followed by each of arr2. Mirrors braces.c:array_concat(). */
function arrayConcat(arr1: string[], arr2: string[]): string[] {
  if (arr1.length === 1 && arr1[0] === "") return arr2;
  if (arr2.length === 1 && arr2[0] === "") return arr1;
  const result: string[] = [];
  for (const a of arr1) for (const b of arr2) result.push(a + b);
  return result;
}

interface Strtol {
  value: bigint;
  /** Index after the number, or the start when there is none. */
  end: number;
  erange: boolean;
}

/** C strtoimax(text + at, &end, 10) on a 64-bit intmax_t. */
function strtoimax(text: string, at: number): Strtol {
  let i = at;
  while (" \t\n\v\f\r".includes(text.charAt(i)) && i < text.length) i++;
  let neg = false;
  if (text.charAt(i) === "+" || text.charAt(i) === "-") neg = text.charAt(i++) === "-";
  const digits = i;
  while (isDigit(text.charAt(i))) i++;
  if (i === digits) return { value: 0n, end: at, erange: false };
  const v = BigInt(text.slice(digits, i)) * (neg ? -1n : 1n);
  if (v > INTMAX_MAX) return { value: INTMAX_MAX, end: i, erange: true };
  if (v < INTMAX_MIN) return { value: INTMAX_MIN, end: i, erange: true };
  return { value: v, end: i, erange: false };
}

/** The integer that all of `s` spells (blanks around allowed), or null. Mirrors general.c:legal_number(). */
function legalNumber(s: string): bigint | null {
  const r = strtoimax(s, 0);
  if (r.erange || r.end === 0) return null;
  let e = r.end;
  while (s.charAt(e) === " " || s.charAt(e) === "\t") e++;
  return s !== "" && e === s.length ? r.value : null;
}

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9" && c !== "";
}

function isAlpha(c: string): boolean {
  return /^[A-Za-z]$/.test(c);
}

type SeqType = "int" | "char" | "zint";

/**
 * `x..y[..incr]` with integers or single letters: the sequence, or null when
 * the text is no valid sequence. A leading zero on either end pads every
 * number to the longer end's width. Mirrors braces.c:expand_seqterm().
 */
function expandSeqterm(text: string): string[] | null {
  const t = text.indexOf("..");
  if (t < 0) return null;
  const lhs = text.slice(0, t);
  const rhs = text.slice(t + 2);
  if (lhs === "" || rhs === "") return null;
  const tl = legalNumber(lhs);
  let lhsT: SeqType | null =
    tl !== null ? "int" : isAlpha(lhs.charAt(0)) && lhs.length === 1 ? "char" : null;

  let rhsT: SeqType | null;
  let tr = 0n;
  let ep: number; // index in rhs after its number or letter
  if (
    isDigit(rhs.charAt(0)) ||
    ((rhs.charAt(0) === "+" || rhs.charAt(0) === "-") && isDigit(rhs.charAt(1)))
  ) {
    const r = strtoimax(rhs, 0);
    rhsT = "int";
    tr = r.value;
    ep = r.end;
    if (r.erange || (ep < rhs.length && rhs.charAt(ep) !== ".")) rhsT = null;
  } else if (isAlpha(rhs.charAt(0)) && (rhs.length === 1 || rhs.charAt(1) === ".")) {
    rhsT = "char";
    ep = 1;
  } else {
    rhsT = null;
    ep = 0;
  }
  let incr = 1n;
  const rhsL = ep; // the length of rhs without `..incr`
  if (rhsT !== null) {
    if (rhs.startsWith("..", ep) && ep + 2 < rhs.length) {
      const r = strtoimax(rhs, ep + 2);
      incr = r.value;
      ep = r.end; // with no digits, just after the `..`
      if (r.erange) rhsT = null;
    }
    if (ep < rhs.length) rhsT = null;
  }
  if (lhsT === null || rhsT === null || lhsT !== rhsT) return null;

  let width = 0;
  let lhsV: bigint;
  let rhsV: bigint;
  if (lhsT === "char") {
    lhsV = BigInt(lhs.charCodeAt(0));
    rhsV = BigInt(rhs.charCodeAt(0));
    width = 1;
  } else {
    lhsV = tl ?? 0n;
    rhsV = tr;
    const lhsL = lhs.length;
    if (lhsL > 1 && lhs.charAt(0) === "0") [width, lhsT] = [lhsL, "zint"];
    if (lhsL > 2 && lhs.startsWith("-0")) [width, lhsT] = [lhsL, "zint"];
    if (rhsL > 1 && rhs.charAt(0) === "0" && width < rhsL) [width, lhsT] = [rhsL, "zint"];
    if (rhsL > 2 && rhs.startsWith("-0") && width < rhsL) [width, lhsT] = [rhsL, "zint"];
    if (width < lhsL && lhsT === "zint") width = lhsL;
    if (width < rhsL && lhsT === "zint") width = rhsL;
  }
  return mkseq(lhsV, rhsV, incr, lhsT, width);
}

const abs = (n: bigint): bigint => (n < 0n ? -n : n);

/** start, start±incr, ... up to end (at least one element). Mirrors braces.c:mkseq(). */
function mkseq(
  start: bigint,
  end: bigint,
  incr: bigint,
  type: SeqType,
  width: number,
): string[] | null {
  if (incr === 0n) incr = 1n;
  if (start > end && incr > 0n) incr = -incr;
  else if (start < end && incr < 0n) {
    if (incr === INTMAX_MIN) return null;
    incr = -incr;
  }
  const diff = end - start;
  if (diff < INTMAX_MIN + 3n || diff > INTMAX_MAX - 2n) return null;
  const count = abs(diff) / abs(incr);
  if (count > INT_MAX - 3n || count >= MAX_SEQUENCE) return null;
  const result: string[] = [];
  let n = start;
  for (;;) {
    if (type === "int") result.push(n.toString());
    else if (type === "zint") result.push(zeroPad(BigInt.asIntN(32, n), width));
    else result.push(String.fromCharCode(Number(n)));
    if (n + incr > INTMAX_MAX || n + incr < INTMAX_MIN) break;
    n += incr;
    if ((incr < 0n && n < end) || (incr > 0n && n > end)) break;
  }
  return result;
}

/** C printf("%0*d", width, n). */
function zeroPad(n: bigint, width: number): string {
  const digits = abs(n).toString();
  const sign = n < 0n ? "-" : "";
  return sign + digits.padStart(width - sign.length, "0");
}

/** Results with nothing special to the shell become words without parsing. */
const PLAIN = /^[\w.,+\-/@%=:^{}!#]*$/;

const expansions = new WeakMap<Word, Word[]>();

/**
 * The words one word brace-expands to. A result equal to the word keeps
 * it as parsed; others are read afresh, as bash makes new words of them.
 * Mirrors subst.c:brace_expand_word_list() for one word. `line`: the
 * word's line, for messages from command substitutions in the results.
 */
export function braceExpandWord(w: Word, line = 1): Word[] {
  if (!w.text.includes("{")) return [w];
  const cached = expansions.get(w);
  if (cached !== undefined) return cached;
  // A backslash ending the input quotes itself (bash's reader doubles it).
  const text = /(^|[^\\])(\\\\)*\\$/.test(w.text) ? `${w.text}\\` : w.text;
  const words = braceExpand(text).map((t) => (t === text ? w : resultWord(t, line)));
  expansions.set(w, words);
  return words;
}

function resultWord(text: string, line: number): Word {
  if (PLAIN.test(text)) {
    return { type: "Word", parts: text === "" ? [] : [{ type: "Literal", value: text }], text };
  }
  // A lone backslash at the end (from `{Z..a}`) expands to a quoted null,
  // as in subst.c:expand_word_internal().
  const odd = /(^|[^\\])(\\\\)*\\$/.test(text);
  const w = parseWordText(odd ? text.slice(0, -1) : text, "bash", line);
  if (w === null) {
    // Text the reader rejects (a lone backquote from `{Z..a}`) stays as it is.
    return { type: "Word", parts: [{ type: "SingleQuoted", value: text }], text };
  }
  if (odd) w.parts.push({ type: "SingleQuoted", value: "" });
  return { ...w, text };
}
