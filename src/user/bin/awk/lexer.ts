/**
 * The awk scanner, after mawk 1.3.3 scan.c:yylex(): newlines are tokens, but are eaten after
 * `{ ; , && ||` and `}`; `/` starts a regular expression unless the previous token can end an
 * operand (scan.c's can_precede_div[]); string escapes are processed by rm_escape().
 */

export type TokKind =
  | "NUMBER"
  | "STRING"
  | "ERE"
  | "NAME"
  | "FUNC_NAME"
  | "BUILTIN"
  | "NEWLINE"
  | "EOF"
  | "UNEXPECTED"
  | "BAD_STRING"
  | "BAD_ERE"
  | string;

export interface Token {
  kind: TokKind;
  /** The token's text as mawk's messages show it (string_buff). */
  text: string;
  /** NUMBER: its value. */
  num?: number;
  /** STRING: the processed text; ERE: the regex source. */
  str?: string;
  line: number;
  /** The program file (-f) it came from, for error messages; undefined for `awk 'prog'`. */
  file?: string;
}

export const KEYWORDS = new Set([
  "BEGIN",
  "END",
  "function",
  "if",
  "else",
  "while",
  "for",
  "do",
  "break",
  "continue",
  "next",
  "exit",
  "return",
  "delete",
  "in",
  "getline",
  "print",
  "printf",
]);

export const BUILTINS = new Set([
  "length",
  "substr",
  "index",
  "split",
  "sub",
  "gsub",
  "match",
  "sprintf",
  "sin",
  "cos",
  "atan2",
  "exp",
  "log",
  "int",
  "sqrt",
  "rand",
  "srand",
  "tolower",
  "toupper",
  "system",
  "close",
  "fflush",
]);

/** After these a newline is not a token (scan.c calls eat_nl()). */
const EAT_NL = new Set(["{", ";", ",", "&&", "||", "}"]);
/** Tokens after which `/` is division (scan.c: can_precede_div[]). */
const CAN_PRECEDE_DIV = new Set(["NUMBER", "STRING", ")", "NAME", "ERE", "]", "getline"]);

const ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  f: "\f",
  b: "\b",
  a: "\x07",
  v: "\v",
  "\\": "\\",
  '"': '"',
};

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const isIdStart = (c: string | undefined) =>
  c !== undefined && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_");
const isHex = (c: string | undefined) => c !== undefined && /[0-9a-fA-F]/.test(c);

/**
 * Mirrors mawk scan.c:rm_escape(): C escapes, octal \ddd and hex \xhh; an unknown escape
 * keeps its backslash ("\q" stays "\q"), as mawk does.
 */
export function rmEscape(s: string): string {
  if (!s.includes("\\")) return s;
  let o = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== "\\" || i + 1 >= s.length) {
      o += c;
      continue;
    }
    const d = s[i + 1];
    if (d in ESCAPES) {
      o += ESCAPES[d];
      i++;
    } else if (d >= "0" && d <= "7") {
      let j = i + 1;
      let v = 0;
      while (j < s.length && j < i + 4 && s[j] >= "0" && s[j] <= "7") v = v * 8 + Number(s[j++]);
      o += String.fromCharCode(v & 0xff);
      i = j - 1;
    } else if (d === "x" && isHex(s[i + 2])) {
      let j = i + 2;
      let v = 0;
      while (j < s.length && j < i + 4 && isHex(s[j])) v = v * 16 + Number.parseInt(s[j++], 16);
      o += String.fromCharCode(v);
      i = j - 1;
    } else {
      o += c;
    }
  }
  return o;
}

export class Lexer {
  private i = 0;
  private line = 1;
  private prev: Token | null = null;

  constructor(
    private readonly src: string,
    private readonly file?: string,
  ) {}

  private tok(kind: TokKind, text: string, extra: Partial<Token> = {}): Token {
    const t: Token = { kind, text, line: this.line, file: this.file, ...extra };
    this.prev = t;
    return t;
  }

  /** "extra '}'" and "extra ')'" found by all(), as [token, message]. */
  readonly extra: [Token, string][] = [];

  /**
   * All tokens up to and including EOF. Like scan.c, a `}` or `)` that closes nothing is
   * reported and dropped; a newline right after such a `}` is then a token again.
   */
  all(): Token[] {
    const out: Token[] = [];
    let braces = 0;
    let parens = 0;
    let afterExtra = false;
    for (;;) {
      const t = this.next();
      const last = out[out.length - 1];
      if (t.kind === "NEWLINE" && !afterExtra) {
        if (!last || last.kind === "NEWLINE" || EAT_NL.has(last.kind)) continue;
      }
      afterExtra = false;
      if (t.kind === "{") braces++;
      else if (t.kind === "(") parens++;
      else if (t.kind === "}" && --braces < 0) {
        this.extra.push([t, "extra '}'"]);
        braces = 0;
        afterExtra = true;
        continue;
      } else if (t.kind === ")" && --parens < 0) {
        this.extra.push([t, "extra ')'"]);
        parens = 0;
        continue;
      }
      out.push(t);
      if (t.kind === "EOF") return out;
    }
  }

  next(): Token {
    const s = this.src;
    for (;;) {
      const c = s[this.i];
      if (c === " " || c === "\t" || c === "\r" || c === "\f" || c === "\v") this.i++;
      else if (c === "#") while (this.i < s.length && s[this.i] !== "\n") this.i++;
      else if (c === "\\" && /^\\[ \t]*\r?\n/.test(s.slice(this.i, this.i + 64))) {
        this.i = s.indexOf("\n", this.i) + 1;
        this.line++;
      } else break;
    }
    const line = this.line;
    if (this.i >= s.length) return this.tok("EOF", "end of file");
    const c = s[this.i];
    if (c === "\n") {
      this.i++;
      const t = this.tok("NEWLINE", "end of line", { line });
      this.line++;
      return t;
    }
    if (isDigit(c) || (c === "." && isDigit(s[this.i + 1]))) return this.number();
    if (isIdStart(c)) {
      let j = this.i + 1;
      while (j < s.length && (isIdStart(s[j]) || isDigit(s[j]))) j++;
      const name = s.slice(this.i, j);
      this.i = j;
      if (KEYWORDS.has(name)) return this.tok(name, name);
      if (BUILTINS.has(name)) return this.tok("BUILTIN", name);
      if (s[j] === "(") return this.tok("FUNC_NAME", name);
      return this.tok("NAME", name);
    }
    if (c === '"') return this.string();
    if (c === "/") {
      const p = this.prev;
      const div =
        p !== null &&
        (CAN_PRECEDE_DIV.has(p.kind) ||
          ((p.kind === "++" || p.kind === "--") && s[this.i + 1] !== "="));
      if (!div) return this.regex();
    }
    const three = s.slice(this.i, this.i + 2);
    const twos = [
      "+=",
      "-=",
      "*=",
      "/=",
      "%=",
      "^=",
      "==",
      "<=",
      ">=",
      "!=",
      "!~",
      "++",
      "--",
      "&&",
      "||",
      ">>",
    ];
    if (twos.includes(three)) {
      this.i += 2;
      return this.tok(three, three);
    }
    this.i++;
    if ("{}()[];,+-*/%^!><|?:~$=".includes(c)) return this.tok(c, c);
    if (c === "&") return this.tok("UNEXPECTED", "&");
    return this.tok("UNEXPECTED", c);
  }

  /** Mirrors scan.c:collect_decimal(). */
  private number(): Token {
    const m = /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(this.src.slice(this.i));
    const text = (m as RegExpExecArray)[0];
    this.i += text.length;
    return this.tok("NUMBER", text, { num: Number(text) });
  }

  /** Mirrors scan.c:collect_string(): a newline inside is a runaway string. */
  private string(): Token {
    const s = this.src;
    let j = this.i + 1;
    let raw = "";
    for (;;) {
      if (j >= s.length || s[j] === "\n") {
        const t = this.tok("BAD_STRING", `"${raw}`);
        this.i = j;
        return t;
      }
      if (s[j] === '"') break;
      if (s[j] === "\\" && j + 1 < s.length) {
        if (s[j + 1] === "\n") {
          j += 2;
          this.line++;
          continue;
        }
        raw += s.slice(j, j + 2);
        j += 2;
      } else raw += s[j++];
    }
    this.i = j + 1;
    const str = rmEscape(raw);
    return this.tok("STRING", str, { str });
  }

  /** Mirrors scan.c:collect_RE(): `\/` is a slash, everything else goes to the regex compiler. */
  private regex(): Token {
    const s = this.src;
    let j = this.i + 1;
    let raw = "";
    let inBracket = false;
    for (;;) {
      if (j >= s.length || s[j] === "\n") {
        const t = this.tok("BAD_ERE", `/${raw}`);
        this.i = j;
        return t;
      }
      const c = s[j];
      if (c === "/" && !inBracket) break;
      if (c === "\\" && j + 1 < s.length && s[j + 1] !== "\n") {
        raw += s[j + 1] === "/" ? "/" : s.slice(j, j + 2);
        j += 2;
        continue;
      }
      if (c === "[" && !inBracket) {
        inBracket = true;
        raw += c;
        j++;
        if (s[j] === "^") raw += s[j++];
        if (s[j] === "]") raw += s[j++];
        continue;
      }
      if (c === "]" && inBracket) inBracket = false;
      raw += c;
      j++;
    }
    this.i = j + 1;
    return this.tok("ERE", raw, { str: raw });
  }
}
