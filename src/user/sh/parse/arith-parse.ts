/**
 * The arithmetic grammar (tokens, precedence, integer constants) for
 * arith.ts: dash's arith_yacc.c and bash's expr.c, with their error texts.
 */
import type { Personality } from "./ast.ts";

export class ArithError extends Error {
  override readonly name = "ArithError";
}

export type BinOp =
  | "*"
  | "/"
  | "%"
  | "+"
  | "-"
  | "<<"
  | ">>"
  | "<"
  | "<="
  | ">"
  | ">="
  | "=="
  | "!="
  | "&"
  | "^"
  | "|"
  | "**";

export type ArithNode =
  | { kind: "num"; value: bigint }
  | { kind: "var"; name: string }
  | { kind: "unary"; op: "+" | "-" | "!" | "~"; arg: ArithNode }
  | { kind: "incr"; op: "++" | "--"; prefix: boolean; name: string }
  | { kind: "binary"; op: BinOp; left: ArithNode; right: ArithNode; rhsPos: number; endPos: number }
  | { kind: "logical"; op: "&&" | "||"; left: ArithNode; right: ArithNode }
  | { kind: "cond"; test: ArithNode; yes: ArithNode; no: ArithNode }
  | { kind: "assign"; op: string; name: string; value: ArithNode; rhsPos: number; endPos: number }
  | { kind: "comma"; left: ArithNode; right: ArithNode };

interface Tok {
  /** "num", "var", "eof", "bad", or the operator text. */
  t: string;
  pos: number;
  text: string;
}

/** Operators, longest first so that the lexer takes the longest match. */
const OPS =
  "<<= >>= ** ++ -- << >> <= >= == != && || += -= *= /= %= &= ^= |= + - * / % < > = & ^ | ! ~ ? : ( ) ,".split(
    " ",
  );
const BASH_ONLY_OPS = new Set(["**", "++", "--", ","]);
const ASSIGN_OPS = new Set(["=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "^=", "|="]);

/** Binary operators by precedence level, lowest first (C's table). */
const LEVELS: readonly (readonly string[])[] = [
  ["|"],
  ["^"],
  ["&"],
  ["==", "!="],
  ["<", "<=", ">", ">="],
  ["<<", ">>"],
  ["+", "-"],
  ["*", "/", "%"],
];

const isNameStart = (c: string) => /^[A-Za-z_]$/.test(c);
const isNameChar = (c: string) => /^[A-Za-z0-9_]$/.test(c);

/** C's int64 wrap-around. */
export const wrap = (v: bigint): bigint => BigInt.asIntN(64, v);

export class ArithParser {
  private pos = 0;
  private tok: Tok;
  /** Start of the last real token: bash's `lasttp` once input runs out. */
  private lastStart = 0;
  private readonly bash: boolean;
  private nesting = 0;

  constructor(
    private readonly expr: string,
    personality: Personality,
  ) {
    this.bash = personality === "bash";
    this.tok = this.lex();
  }

  fail(msg: string, bashMsg = msg, tokPos = this.errPos()): never {
    if (this.bash) {
      throw new ArithError(
        `${this.expr}: ${bashMsg} (error token is "${this.expr.slice(tokPos)}")`,
      );
    }
    throw new ArithError(`arithmetic expression: ${msg}: "${this.expr}"`);
  }

  /** Where bash's error token starts: the current token, or the last one at the end. */
  errPos(): number {
    return this.tok.t === "eof" ? this.lastStart : this.tok.pos;
  }

  private lex(): Tok {
    const s = this.expr;
    while (/[ \t\n]/.test(s.charAt(this.pos))) this.pos++;
    const start = this.pos;
    const c = s.charAt(start);
    if (c === "") return { t: "eof", pos: start, text: "" };
    this.lastStart = start;
    if (/[0-9]/.test(c)) {
      // Bash reads every alphanumeric (and #) and then validates; dash
      // takes what strtoimax(base 0) accepts and lexes the rest anew.
      let end = start;
      if (this.bash) while (/[A-Za-z0-9_@#]/.test(s.charAt(end))) end++;
      else end = dashNumberEnd(s, start);
      this.pos = end;
      return { t: "num", pos: start, text: s.slice(start, end) };
    }
    if (isNameStart(c)) {
      let end = start;
      while (isNameChar(s.charAt(end))) end++;
      this.pos = end;
      return { t: "var", pos: start, text: s.slice(start, end) };
    }
    for (const op of OPS) {
      if (s.startsWith(op, start) && (this.bash || !BASH_ONLY_OPS.has(op))) {
        this.pos = start + op.length;
        return { t: op, pos: start, text: op };
      }
    }
    this.pos = start + 1;
    return { t: "bad", pos: start, text: c };
  }

  /** The current token type (a method, so TypeScript does not narrow it). */
  private cur(): string {
    return this.tok.t;
  }

  private next(): Tok {
    const t = this.tok;
    this.tok = this.lex();
    return t;
  }

  parseAll(): ArithNode | null {
    if (this.tok.t === "eof" && this.bash) return null;
    const n = this.bash ? this.comma() : this.assignment();
    if (this.tok.t !== "eof") this.fail("expecting EOF", "syntax error in expression");
    return n;
  }

  private comma(): ArithNode {
    let left = this.assignment();
    while (this.tok.t === ",") {
      this.next();
      left = { kind: "comma", left, right: this.assignment() };
    }
    return left;
  }

  private assignment(): ArithNode {
    const left = this.conditional();
    if (!ASSIGN_OPS.has(this.tok.t)) return left;
    if (left.kind !== "var") {
      // Dash only sees an assignment right after a bare name, so this is
      // leftover input to it.
      this.fail("expecting EOF", "attempted assignment to non-variable");
    }
    const op = this.next().t;
    const rhsPos = this.tok.pos;
    const value = this.assignment();
    return { kind: "assign", op, name: left.name, value, rhsPos, endPos: this.errPos() };
  }

  private conditional(): ArithNode {
    const test = this.logical(0);
    if (this.tok.t !== "?") return test;
    this.next();
    const yes = this.bash ? this.comma() : this.assignment();
    if (this.cur() !== ":") this.fail("expecting ':'", "`:' expected for conditional expression");
    this.next();
    return { kind: "cond", test, yes, no: this.conditional() };
  }

  private logical(level: number): ArithNode {
    const op = level === 0 ? "||" : "&&";
    let left = level === 0 ? this.logical(1) : this.binary(0);
    while (this.tok.t === op) {
      this.next();
      const right = level === 0 ? this.logical(1) : this.binary(0);
      left = { kind: "logical", op, left, right };
    }
    return left;
  }

  private binary(level: number): ArithNode {
    const ops = LEVELS[level];
    if (ops === undefined) return this.power();
    let left = this.binary(level + 1);
    while (ops.includes(this.tok.t)) {
      const op = this.next().t as BinOp;
      const rhsPos = this.tok.pos;
      const right = this.binary(level + 1);
      left = { kind: "binary", op, left, right, rhsPos, endPos: this.errPos() };
    }
    return left;
  }

  /** Bash `**`: right-associative, binding looser than unary minus. */
  private power(): ArithNode {
    const left = this.unary();
    if (this.tok.t !== "**") return left;
    this.next();
    const rhsPos = this.tok.pos;
    const right = this.power();
    return { kind: "binary", op: "**", left, right, rhsPos, endPos: this.errPos() };
  }

  private unary(): ArithNode {
    // Every nesting (parentheses, unary chains) passes here: bound it so
    // that no input can exhaust the host's stack.
    if (++this.nesting > MAX_NESTING)
      this.fail("nesting too deep", "expression recursion level exceeded");
    try {
      return this.unaryInner();
    } finally {
      this.nesting--;
    }
  }

  private unaryInner(): ArithNode {
    const t = this.tok;
    if (t.t === "+" || t.t === "-" || t.t === "!" || t.t === "~") {
      this.next();
      return { kind: "unary", op: t.t, arg: this.unary() };
    }
    if (t.t === "++" || t.t === "--") {
      this.next();
      if (this.tok.t === "var")
        return { kind: "incr", op: t.t, prefix: true, name: this.next().text };
      // Bash reads `--5` as two minus signs.
      const op = t.t === "++" ? "+" : "-";
      this.lastStart = t.pos + 1;
      return { kind: "unary", op, arg: { kind: "unary", op, arg: this.unary() } };
    }
    return this.postfix();
  }

  private postfix(): ArithNode {
    const p = this.primary();
    if (p.kind === "var" && (this.tok.t === "++" || this.tok.t === "--")) {
      return { kind: "incr", op: this.next().t as "++" | "--", prefix: false, name: p.name };
    }
    return p;
  }

  private primary(): ArithNode {
    const t = this.tok;
    if (t.t === "num") {
      this.next();
      return { kind: "num", value: this.number(t) };
    }
    if (t.t === "var") {
      this.next();
      return { kind: "var", name: t.text };
    }
    if (t.t === "(") {
      this.next();
      const n = this.bash ? this.comma() : this.assignment();
      if (this.tok.t !== ")") this.fail("expecting ')'", "missing `)'");
      this.next();
      // `(x)` is a value, not a variable one could assign to.
      return n.kind === "var" ? { kind: "unary", op: "+", arg: n } : n;
    }
    // Bash words a missing operand after `?` and `:` differently.
    const prev = this.expr.charAt(this.lastStart);
    const bashMsg =
      t.t === "eof" && (prev === "?" || prev === ":")
        ? "expression expected"
        : "syntax error: operand expected";
    this.fail("expecting primary", bashMsg);
  }

  private number(t: Tok): bigint {
    if (!this.bash) return BigInt(dashNumberValue(t.text));
    const v = bashNumber(t.text);
    // Bash names the bad constant itself as the expression.
    if (typeof v === "string") throw new ArithError(`${t.text}: ${v} (error token is "${t.text}")`);
    return v;
  }
}

/** End of the integer strtoimax(s, &end, 0) reads at `start`. */
function dashNumberEnd(s: string, start: number): number {
  let i = start;
  if (s.charAt(i) === "0" && /[xX]/.test(s.charAt(i + 1)) && /[0-9a-fA-F]/.test(s.charAt(i + 2))) {
    i += 2;
    while (/[0-9a-fA-F]/.test(s.charAt(i))) i++;
    return i;
  }
  if (s.charAt(i) === "0") {
    while (/[0-7]/.test(s.charAt(i))) i++;
    return i;
  }
  while (/[0-9]/.test(s.charAt(i))) i++;
  return i;
}

/** Value of a strtoimax(base 0) literal, saturating like strtoimax. */
export function dashNumberValue(text: string): bigint {
  let v: bigint;
  if (/^0[xX]/.test(text)) v = BigInt(text);
  else if (text.length > 1 && text.startsWith("0")) v = BigInt(`0o${text.slice(1)}`);
  else v = BigInt(text);
  const max = (1n << 63n) - 1n;
  return v > max ? max : v;
}

/** Bash's strlong(): decimal, 0octal, 0xhex, base#digits; or an error message. */
function bashNumber(text: string): bigint | string {
  let i = 0;
  let base = 10n;
  let foundBase = false;
  if (text.charAt(0) === "0") {
    i = 1;
    if (text.length === 1) return 0n;
    if (text.charAt(1) === "x" || text.charAt(1) === "X") {
      base = 16n;
      i = 2;
    } else base = 8n;
    foundBase = true;
  }
  let v = 0n;
  for (; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === "#") {
      if (foundBase) return "invalid number";
      if (v < 2n || v > 64n) return "invalid arithmetic base";
      base = v;
      v = 0n;
      foundBase = true;
      if (!/[A-Za-z0-9_@]/.test(text.charAt(i + 1))) return "invalid integer constant";
      continue;
    }
    let d: number;
    if (c >= "0" && c <= "9") d = c.charCodeAt(0) - 48;
    else if (c >= "a" && c <= "z") d = c.charCodeAt(0) - 87;
    else if (c >= "A" && c <= "Z") d = c.charCodeAt(0) - (base <= 36n ? 55 : 29);
    else if (c === "@") d = 62;
    else d = 63; // "_": the lexer lets nothing else into a number
    if (BigInt(d) >= base) return "value too great for base";
    v = wrap(v * base + BigInt(d));
  }
  return v;
}

/** Parenthesis and unary nesting limit, to keep deep input off the host stack. */
const MAX_NESTING = 200;
