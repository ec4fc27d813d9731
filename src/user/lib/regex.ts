/**
 * POSIX regular expressions (basic and extended, with GNU's extensions) translated to
 * JavaScript RegExp, for grep and sed. The rules follow GNU regex as grep 3.x and sed 4.x
 * use it (gnulib lib/regcomp.c, parse_expression() and peek_token()):
 *
 * - BRE: `\( \)` group, `\{m,n\}` interval, `\|` `\+` `\?` (GNU); `* + ? { } | ( )` are
 *   literal; `*` is literal at the start of the expression, after `\(`, `\|` or an anchoring
 *   `^`; `^` anchors only at those places, `$` only at the end or before `\)` or `\|`;
 *   `\{` (and `\+`, `\?`) with nothing to repeat is a literal brace.
 * - ERE: `^ $` always anchor; a repetition with nothing to repeat is ignored; `{` that does
 *   not start a valid interval is literal; a `)` with no open group is literal.
 * - Both: bracket expressions with [:class:], [.c.], [=c=], `]` first literal, backslash
 *   literal; back-references; `\< \> \b \B \w \W \s \S \` \'`; other escaped
 *   characters stand for themselves. Errors carry regerror()'s texts.
 *
 * Strings are byte strings (one char per byte), so classes are ASCII as in the C locale.
 * JavaScript finds the leftmost match but prefers earlier alternatives; POSIX wants the
 * leftmost-longest. Where the pattern has an alternation, exec() looks for the longest match
 * at the leftmost position (see PosixRegex.exec).
 */

export class RegexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RegexError";
  }
}

export interface TranslateOptions {
  extended: boolean;
  /** sed's escapes: `\n \t \r \f \v \a \cX \dNNN \oNNN \xHH` (also inside brackets). */
  sedEscapes?: boolean;
  /** Added to back-reference numbers (patterns joined into one RegExp). */
  groupOffset?: number;
  /**
   * The locale is UTF-8: `.` and a negated bracket match a whole multibyte character (the
   * strings are bytes, so a character is several code units).
   */
  utf8?: boolean;
}

/** A UTF-8 multibyte sequence in a byte string. */
const MB = "[\\xc0-\\xf7][\\x80-\\xbf]{1,3}";

export interface Translation {
  source: string;
  groups: number;
  alternation: boolean;
}

const CLASSES: Record<string, string> = {
  alpha: "A-Za-z",
  digit: "0-9",
  alnum: "0-9A-Za-z",
  upper: "A-Z",
  lower: "a-z",
  space: " \\t\\n\\r\\f\\v",
  blank: " \\t",
  punct: "!-\\/:-@\\[-`{-~",
  print: " -~",
  graph: "!-~",
  cntrl: "\\x00-\\x1f\\x7f",
  xdigit: "0-9A-Fa-f",
};

const SPACE = "[ \\t\\n\\r\\f\\v]";
const NOT_SPACE = "[^ \\t\\n\\r\\f\\v]";
const RE_DUP_MAX = 32767;

/** A JS-escaped literal character. */
export function escapeChar(c: string): string {
  if ("\\^$.|?*+()[]{}/".includes(c)) return `\\${c}`;
  const n = c.charCodeAt(0);
  if (n < 0x20 || n === 0x7f) return `\\x${n.toString(16).padStart(2, "0")}`;
  return c;
}

/** A literal string as a JS regex source. */
export function escapeLiteral(s: string): string {
  let o = "";
  for (const c of s) o += escapeChar(c);
  return o;
}

function escapeInClass(c: string): string {
  if ("\\]^-[".includes(c)) return `\\${c}`;
  const n = c.charCodeAt(0);
  if (n < 0x20 || n === 0x7f) return `\\x${n.toString(16).padStart(2, "0")}`;
  return c;
}

/** sed's character escapes; returns [char, length consumed after the backslash] or null. */
function sedEscape(p: string, i: number): [string, number] | null {
  const c = p[i];
  const simple: Record<string, string> = {
    n: "\n",
    t: "\t",
    r: "\r",
    f: "\f",
    v: "\v",
    a: "\x07",
  };
  if (c in simple) return [simple[c], 1];
  if (c === "c" && i + 1 < p.length) {
    return [String.fromCharCode(p[i + 1].toUpperCase().charCodeAt(0) ^ 0x40), 2];
  }
  const radix: Record<string, [number, RegExp]> = {
    d: [10, /^[0-9]{1,3}/],
    o: [8, /^[0-7]{1,3}/],
    x: [16, /^[0-9a-fA-F]{1,2}/],
  };
  if (c in radix) {
    const [base, re] = radix[c];
    const m = re.exec(p.slice(i + 1));
    if (m) return [String.fromCharCode(Number.parseInt(m[0], base) & 0xff), 1 + m[0].length];
  }
  return null;
}

/** Parses a bracket expression starting at p[i] === "["; returns [jsSource, nextIndex]. */
function bracket(p: string, i: number, opts: TranslateOptions): [string, number] {
  const unmatched = () => new RegexError("Unmatched [, [^, [:, [., or [=");
  let j = i + 1;
  let negate = false;
  if (p[j] === "^") {
    negate = true;
    j++;
  }
  // regcomp.c:parse_bracket_exp(): nothing after "[" or "[^" is REG_BADPAT.
  if (j >= p.length) throw new RegexError("Invalid regular expression");
  const start = j;
  let body = "";
  // The previous single character (a possible range start), or null.
  let prev: string | null = null;
  let prevWasClass = false;
  const element = (): { ch?: string; cls?: string } => {
    if (p[j] === "[" && (p[j + 1] === ":" || p[j + 1] === "." || p[j + 1] === "=")) {
      const kind = p[j + 1];
      const end = p.indexOf(`${kind}]`, j + 2);
      if (end < 0) throw unmatched();
      const name = p.slice(j + 2, end);
      j = end + 2;
      if (kind === ":") {
        if (!(name in CLASSES)) throw new RegexError("Invalid character class name");
        return { cls: CLASSES[name] };
      }
      if (name.length !== 1) throw new RegexError("Invalid collation character");
      return { ch: name };
    }
    if (opts.sedEscapes && p[j] === "\\" && j + 1 < p.length) {
      if (p[j + 1] === "\\" || p[j + 1] === "]") {
        j += 2;
        return { ch: p[j - 1] };
      }
      const e = sedEscape(p, j + 1);
      if (e) {
        j += 1 + e[1];
        return { ch: e[0] };
      }
    }
    return { ch: p[j++] };
  };
  for (;;) {
    if (j >= p.length) throw unmatched();
    if (p[j] === "]" && j > start) break;
    // A '-' that is first or last is literal; otherwise it makes a range.
    if (p[j] === "-" && j > start && p[j + 1] !== "]" && prev !== null) {
      j++;
      if (j >= p.length) throw unmatched();
      const hi = element();
      if (hi.cls !== undefined || prevWasClass) throw new RegexError("Invalid range end");
      const lo = prev;
      if ((hi.ch as string).charCodeAt(0) < lo.charCodeAt(0))
        throw new RegexError("Invalid range end");
      body += `-${escapeInClass(hi.ch as string)}`;
      prev = null;
      continue;
    }
    if (p[j] === "-" && j > start && p[j + 1] !== "]" && prevWasClass)
      throw new RegexError("Invalid range end");
    const e = element();
    if (e.cls !== undefined) {
      body += e.cls;
      prev = null;
      prevWasClass = true;
    } else {
      body += escapeInClass(e.ch as string);
      prev = e.ch as string;
      prevWasClass = false;
    }
  }
  const raw = p.slice(start, j);
  if (raw.length >= 2 && raw[0] === ":" && raw[raw.length - 1] === ":" && !negate)
    throw new RegexError("character class syntax is [[:space:]], not [:space:]");
  return [`[${negate ? "^" : ""}${body}]`, j + 1];
}

interface Piece {
  src: string;
  /** An atom can take a repetition; "rep" already has one; "anchor" is ^ or $. */
  kind: "atom" | "rep" | "anchor";
}

interface Level {
  alts: string[];
  seq: Piece[];
  /** The group's number (0 for the top level). */
  group: number;
}

function joinSeq(seq: Piece[]): string {
  return seq.map((x) => x.src).join("");
}

/** Translates one POSIX pattern into JS RegExp source (to be used with the `s` flag). */
export function translateRegex(pattern: string, opts: TranslateOptions): Translation {
  const p = pattern;
  const ere = opts.extended;
  const offset = opts.groupOffset ?? 0;
  const stack: Level[] = [{ alts: [], seq: [], group: 0 }];
  const closed = new Set<number>();
  let groups = 0;
  let alternation = false;
  const top = () => stack[stack.length - 1];
  const push = (src: string, kind: Piece["kind"] = "atom") => top().seq.push({ src, kind });

  /** Applies a repetition to the last piece; returns false when there is nothing to repeat. */
  const repeat = (q: string): boolean => {
    const seq = top().seq;
    const last = seq[seq.length - 1];
    if (!last) return false;
    const base = last.kind === "atom" ? last.src : `(?:${last.src})`;
    seq[seq.length - 1] = { src: `${base}${q}`, kind: "rep" };
    return true;
  };

  /** Parses `m,n}` (ERE) or `m,n\}` (BRE) at i; returns [quantifier, next] or null. */
  const interval = (i: number): [string, number] | null => {
    const close = ere ? "}" : "\\}";
    const m = /^([0-9]*)(,([0-9]*))?/.exec(p.slice(i));
    const after = i + (m ? m[0].length : 0);
    if (!p.startsWith(close, after) || !m || (m[1] === "" && m[2] === undefined)) {
      if (ere) return null;
      if (p.indexOf("\\}", i) < 0) throw new RegexError("Unmatched \\{");
      throw new RegexError("Invalid content of \\{\\}");
    }
    const lo = m[1] === "" ? 0 : Number(m[1]);
    const hi = m[2] === undefined ? lo : m[3] === "" ? Number.POSITIVE_INFINITY : Number(m[3]);
    if (hi < lo) throw new RegexError("Invalid content of \\{\\}");
    if (lo > RE_DUP_MAX || (hi !== Number.POSITIVE_INFINITY && hi > RE_DUP_MAX))
      throw new RegexError("Regular expression too big");
    const q =
      hi === Number.POSITIVE_INFINITY ? `{${lo},}` : lo === hi ? `{${lo}}` : `{${lo},${hi}}`;
    return [q, after + close.length];
  };

  const atStart = () => top().seq.length === 0;
  const onlyCaret = () => top().seq.length === 1 && top().seq[0].src === "^";

  let i = 0;
  while (i < p.length) {
    const c = p[i];
    if (c === "\\") {
      if (i + 1 >= p.length) throw new RegexError("Trailing backslash");
      const d = p[i + 1];
      i += 2;
      if (!ere && d === "(") {
        stack.push({ alts: [], seq: [], group: ++groups });
      } else if (!ere && d === ")") {
        if (stack.length === 1) throw new RegexError("Unmatched ) or \\)");
        closeGroup();
      } else if (!ere && d === "|") {
        alternate();
      } else if (!ere && d === "{") {
        if (atStart() || onlyCaret()) push("\\{");
        else {
          const r = interval(i);
          if (!r) throw new RegexError("Invalid content of \\{\\}");
          repeat(r[0]);
          i = r[1];
        }
      } else if (!ere && (d === "+" || d === "?")) {
        if (atStart() || onlyCaret()) push(escapeChar(d));
        else repeat(d);
      } else if (d >= "1" && d <= "9") {
        const n = Number(d);
        if (!closed.has(n)) throw new RegexError("Invalid back reference");
        push(`(?:\\${n + offset})`);
      } else if (d === "<") push("\\b(?=\\w)", "anchor");
      else if (d === ">") push("\\b(?<=\\w)", "anchor");
      else if (d === "b") push("\\b", "anchor");
      else if (d === "B") push("\\B", "anchor");
      else if (d === "w") push("\\w");
      else if (d === "W") push("\\W");
      else if (d === "s") push(SPACE);
      else if (d === "S") push(NOT_SPACE);
      else if (d === "`") push("(?<![\\s\\S])", "anchor");
      else if (d === "'") push("(?![\\s\\S])", "anchor");
      else {
        const e = opts.sedEscapes ? sedEscape(p, i - 1) : null;
        if (e) {
          push(escapeChar(e[0]));
          i += e[1] - 1;
        } else push(escapeChar(d));
      }
      continue;
    }
    i++;
    if (c === "[") {
      const [src, next] = bracket(p, i - 1, opts);
      push(opts.utf8 && src.startsWith("[^") ? `(?:${MB}|${src})` : src);
      i = next;
    } else if (c === ".") {
      push(opts.utf8 ? `(?:${MB}|.)` : ".");
    } else if (c === "^") {
      if (ere || atStart()) push("^", "anchor");
      else push("\\^");
    } else if (c === "$") {
      const rest = p.slice(i);
      if (ere || rest === "" || rest.startsWith("\\)") || rest.startsWith("\\|"))
        push("$", "anchor");
      else push("\\$");
    } else if (c === "*") {
      if (ere) repeat("*");
      else if (atStart() || onlyCaret()) push("\\*");
      else repeat("*");
    } else if (ere && (c === "+" || c === "?")) {
      repeat(c);
    } else if (ere && c === "{") {
      const r = interval(i);
      if (!r) push("\\{");
      else {
        repeat(r[0]);
        i = r[1];
      }
    } else if (ere && c === "(") {
      stack.push({ alts: [], seq: [], group: ++groups });
    } else if (ere && c === ")") {
      if (stack.length === 1) push("\\)");
      else closeGroup();
    } else if (ere && c === "|") {
      alternate();
    } else {
      push(escapeChar(c));
    }
  }
  if (stack.length > 1) throw new RegexError("Unmatched ( or \\(");
  const lvl = stack[0];
  const source = [...lvl.alts, joinSeq(lvl.seq)].join("|");
  return { source, groups, alternation };

  function alternate(): void {
    const l = top();
    l.alts.push(joinSeq(l.seq));
    l.seq = [];
    alternation = true;
  }

  function closeGroup(): void {
    const l = stack.pop() as Level;
    const src = `(${[...l.alts, joinSeq(l.seq)].join("|")})`;
    closed.add(l.group);
    push(src);
  }
}

export interface RegexMatch {
  index: number;
  end: number;
  /** Group texts: [0] is the whole match; unset groups are undefined. */
  groups: (string | undefined)[];
}

export interface CompileOptions extends TranslateOptions {
  icase?: boolean;
  /** grep -w: the match must not touch word characters on either side. */
  word?: boolean;
  /** grep -x: the match must be the whole line. */
  line?: boolean;
  /** grep -F: the patterns are plain strings. */
  fixed?: boolean;
  /** sed's M flag: `^` and `$` also match at embedded newlines. */
  multiline?: boolean;
}

/**
 * A compiled POSIX regular expression (one pattern, or several joined as alternatives the
 * way grep -e A -e B matches either). Mirrors regcomp()/regexec() with leftmost-longest
 * matching for alternations.
 */
export class PosixRegex {
  readonly source: string;
  readonly groups: number;
  private readonly flags: string;
  private readonly re: RegExp;
  private readonly longest: boolean;
  private readonly pinned = new Map<number, RegExp>();

  constructor(patterns: readonly string[], opts: CompileOptions) {
    const parts: string[] = [];
    let groups = 0;
    let alternation = patterns.length > 1;
    for (const pat of patterns) {
      const t = opts.fixed
        ? { source: escapeLiteral(pat), groups: 0, alternation: false }
        : translateRegex(pat, { ...opts, groupOffset: groups });
      parts.push(patterns.length > 1 ? `(?:${t.source})` : t.source);
      groups += t.groups;
      alternation ||= t.alternation;
    }
    let src = parts.join("|");
    if (opts.line) src = `^(?:${src})$`;
    else if (opts.word) src = `(?<!\\w)(?:${src})(?!\\w)`;
    this.source = src;
    this.groups = groups;
    this.flags = `s${opts.icase ? "i" : ""}${opts.multiline ? "m" : ""}`;
    this.longest = alternation;
    this.re = new RegExp(src, `${this.flags}g`);
  }

  /** regexec() without positions: does the string contain a match? */
  test(s: string): boolean {
    this.re.lastIndex = 0;
    return this.re.test(s);
  }

  /**
   * The leftmost(-longest) match starting at or after `from`; `^` still means offset 0 and
   * look-behinds see the text before `from`, as regexec() on the whole buffer does.
   */
  exec(s: string, from = 0): RegexMatch | null {
    this.re.lastIndex = from;
    const m = this.re.exec(s);
    if (!m) return null;
    let best: RegExpExecArray = m;
    if (this.longest) {
      // Ask for a match at the same start that ends further right until there is none:
      // each round strictly lengthens the match, so this ends after a few rounds.
      for (let end = m.index + m[0].length; end < s.length; ) {
        const re = this.endingAtLeast(end + 1);
        re.lastIndex = m.index;
        const mm = re.exec(s);
        if (!mm) break;
        best = mm;
        end = mm.index + mm[0].length;
      }
    }
    return {
      index: best.index,
      end: best.index + best[0].length,
      groups: Array.from({ length: this.groups + 1 }, (_, g) => best[g]),
    };
  }

  /** The pattern, sticky, forced to end at offset `n` or later. */
  private endingAtLeast(n: number): RegExp {
    let re = this.pinned.get(n);
    if (!re) {
      if (this.pinned.size > 1024) this.pinned.clear();
      // (?<![\s\S]) is the start of the string even in multiline mode.
      re = new RegExp(`(?:${this.source})(?<=(?<![\\s\\S])[\\s\\S]{${n},})`, `${this.flags}y`);
      this.pinned.set(n, re);
    }
    return re;
  }
}
