/**
 * A recursive-descent parser for the POSIX awk grammar, with mawk 1.3.3's diagnostics
 * (parse.y, error.c:yyerror()): "line N: syntax error at or near X", "missing ) near X",
 * "missing } near end of file", "extra '}'", and its compile-time checks of function calls
 * and array/scalar use. After a syntax error inside a block the parser skips to the block's
 * closing brace and goes on, as mawk's `block : LBRACE error RBRACE` rule does.
 */
import type { Cell, Expr, Func, Item, LValue, Program, Redirect, Stmt, VarRef } from "./ast.ts";
import { Lexer, type Token } from "./lexer.ts";

/** The builtins' argument counts (mawk bi_funct.c: bi_funct[]). */
const ARITY: Record<string, [number, number]> = {
  length: [0, 1],
  substr: [2, 3],
  index: [2, 2],
  split: [2, 3],
  sub: [2, 3],
  gsub: [2, 3],
  match: [2, 2],
  sprintf: [1, 255],
  sin: [1, 1],
  cos: [1, 1],
  atan2: [2, 2],
  exp: [1, 1],
  log: [1, 1],
  int: [1, 1],
  sqrt: [1, 1],
  rand: [0, 0],
  srand: [0, 1],
  tolower: [1, 1],
  toupper: [1, 1],
  system: [1, 1],
  close: [1, 1],
  fflush: [0, 1],
};

const ASSIGN_OPS = new Set(["=", "+=", "-=", "*=", "/=", "%=", "^="]);
const CMP_OPS = new Set(["<", "<=", "!=", "==", ">", ">="]);
/** Tokens that can begin an operand of a concatenation. */
const CONCAT_START = new Set([
  "NUMBER",
  "STRING",
  "ERE",
  "NAME",
  "FUNC_NAME",
  "BUILTIN",
  "$",
  "(",
  "++",
  "--",
]);

/** A source of program text: the command-line program or one -f file. */
export interface Source {
  text: string;
  file?: string;
}

class SyntaxErr {
  constructor(readonly tok: Token) {}
}

/** A compile error: messages (without the "mawk: " prefix) in the order mawk prints them. */
export class CompileError {
  constructor(readonly messages: string[]) {}
}

const where = (t: Token) => `${t.file !== undefined ? `${t.file}: ` : ""}line ${t.line}`;

export function parse(sources: Source[]): Program {
  const toks: Token[] = [];
  const early: string[] = [];
  for (const s of sources) {
    const lx = new Lexer(s.text, s.file);
    const t = lx.all();
    for (const [tok, msg] of lx.extra) early.push(`${where(tok)}: ${msg}`);
    toks.push(...t.slice(0, -1));
    if (s === sources[sources.length - 1]) toks.push(t[t.length - 1]);
  }
  return new Parser(toks, early).program();
}

class Parser {
  private p = 0;
  private readonly errors: string[] = [];
  private readonly globals = new Map<string, Cell>();
  private readonly funcs = new Map<string, Func>();
  private readonly calls: { name: string; n: number; tok: Token }[] = [];
  /** How each global was first used, for mawk's "illegal reference" check. */
  private readonly uses: { ref: VarRef; how: "array" | "variable"; tok: Token; pos: number }[] = [];
  private locals: string[] | null = null;
  private inPrint = false;
  private where: "begin" | "end" | "main" | "func" = "main";
  private loops = 0;

  constructor(
    private readonly toks: Token[],
    early: string[],
  ) {
    this.errors.push(...early);
  }

  private get t(): Token {
    return this.toks[this.p];
  }
  private peek(n = 1): Token {
    return this.toks[Math.min(this.p + n, this.toks.length - 1)];
  }
  private is(kind: string): boolean {
    return this.t.kind === kind;
  }
  private take(): Token {
    const t = this.t;
    if (t.kind !== "EOF") this.p++;
    return t;
  }
  private expect(kind: string): Token {
    if (!this.is(kind)) throw new SyntaxErr(this.t);
    return this.take();
  }
  private eatNewlines(): void {
    while (this.is("NEWLINE")) this.take();
  }
  private error(tok: Token, msg: string): void {
    this.errors.push(`${where(tok)}: ${msg}`);
  }

  /** Mirrors error.c:yyerror(): what mawk says about the token it could not use. */
  private describe(tok: Token): string {
    if (tok.kind === "UNEXPECTED") {
      const c = tok.text.charCodeAt(0);
      const shown = c > 32 && c < 127 ? `'${tok.text}'` : `0x${c.toString(16).padStart(2, "0")}`;
      return `${tok.file !== undefined ? `${tok.file}: ` : ""}${tok.line}: unexpected character ${shown}`;
    }
    if (tok.kind === "BAD_STRING")
      return `${where(tok)}: runaway string constant ${tok.text.slice(0, 11)} ...`;
    if (tok.kind === "BAD_ERE")
      return `${where(tok)}: runaway regular expression ${tok.text.slice(0, 11)} ...`;
    const idx = this.toks.indexOf(tok);
    let parens = 0;
    let braces = 0;
    // A `}` after a statement arrives as mawk's fake semicolon: its brace is not yet counted.
    const upto = tok.kind === "}" ? idx : idx + 1;
    for (let i = 0; i < upto; i++) {
      const k = this.toks[i].kind;
      if (k === "(") parens++;
      else if (k === ")") parens--;
      else if (k === "{") braces++;
      else if (k === "}") braces--;
    }
    const text = tok.kind === "ERE" ? `/${tok.text}/` : tok.text;
    if (parens > 0 && ["EOF", "NEWLINE", ";", "}"].includes(tok.kind))
      return `${where(tok)}: missing ) near ${text}`;
    if (braces > 0 && ["EOF", "BEGIN", "END"].includes(tok.kind))
      return `${where(tok)}: missing } near ${text}`;
    return `${where(tok)}: syntax error at or near ${text}`;
  }

  program(): Program {
    const prog: Program = {
      begin: [],
      items: [],
      end: [],
      funcs: this.funcs,
      globals: this.globals,
    };
    for (;;) {
      // Newlines after `}` were eaten by the scanner; any other one here is an error.
      while (this.is(";")) this.take();
      if (this.is("EOF")) break;
      const start = this.p;
      try {
        this.item(prog);
      } catch (e) {
        if (!(e instanceof SyntaxErr)) throw e;
        this.errors.push(this.describe(e.tok));
        if (!this.recover(start, e.tok)) break;
      }
    }
    this.checkUses();
    for (const c of this.calls) {
      const f = this.funcs.get(c.name);
      if (!f) this.error(this.toks[this.toks.length - 1], `function ${c.name} never defined`);
      else if (c.n > f.params.length) this.error(c.tok, `too many arguments in call to ${c.name}`);
    }
    if (this.errors.length) throw new CompileError(this.errors);
    return prog;
  }

  /** After an error in a block, skips to the block's `}`; false when the input ran out. */
  private recover(start: number, bad: Token): boolean {
    let depth = 0;
    for (let i = start; i < this.toks.indexOf(bad); i++) {
      if (this.toks[i].kind === "{") depth++;
      else if (this.toks[i].kind === "}") depth--;
    }
    if (depth <= 0 || bad.kind === "EOF" || bad.kind.startsWith("BAD_")) return false;
    this.p = this.toks.indexOf(bad);
    for (;;) {
      const t = this.take();
      if (t.kind === "EOF") {
        this.errors.push(`${where(t)}: missing } near end of file`);
        return false;
      }
      if (t.kind === "{") depth++;
      else if (t.kind === "}" && --depth === 0) return true;
    }
  }

  private item(prog: Program): void {
    const t = this.t;
    if (t.kind === "BEGIN" || t.kind === "END") {
      this.take();
      this.where = t.kind === "BEGIN" ? "begin" : "end";
      if (!this.is("{")) throw new SyntaxErr(this.t);
      const body = this.block();
      this.where = "main";
      (t.kind === "BEGIN" ? prog.begin : prog.end).push(body);
      return;
    }
    if (t.kind === "function") {
      this.func();
      return;
    }
    const it: Item = { body: null };
    if (!this.is("{")) {
      it.pattern = this.expr();
      if (this.is(",")) {
        this.take();
        it.end = this.expr();
      }
    }
    if (this.is("{")) it.body = this.block();
    else if (this.is("NEWLINE") || this.is(";")) this.take();
    else if (!this.is("EOF")) throw new SyntaxErr(this.t);
    prog.items.push(it);
  }

  private func(): void {
    this.take();
    const nameTok = this.t;
    if (nameTok.kind !== "FUNC_NAME" && nameTok.kind !== "NAME") throw new SyntaxErr(nameTok);
    this.take();
    this.expect("(");
    const params: string[] = [];
    while (!this.is(")")) {
      params.push(this.expect("NAME").text);
      if (!this.is(")")) this.expect(",");
    }
    this.take();
    this.eatNewlines();
    this.locals = params;
    this.where = "func";
    const f: Func = { name: nameTok.text, params, body: [] };
    this.funcs.set(f.name, f);
    f.body = this.block();
    this.locals = null;
    this.where = "main";
  }

  private block(): Stmt[] {
    this.expect("{");
    const body: Stmt[] = [];
    for (;;) {
      while (this.is("NEWLINE") || this.is(";")) this.take();
      if (this.is("}")) break;
      if (this.is("EOF")) throw new SyntaxErr(this.t);
      body.push(this.stmt());
    }
    this.take();
    return body;
  }

  /** A simple statement's end: `;`, a newline, or (left in place) `}`. */
  private terminator(): void {
    if (this.is(";") || this.is("NEWLINE")) this.take();
    else if (!this.is("}")) throw new SyntaxErr(this.t);
  }

  /** A statement that may follow `if (...)`, `else`, `while (...)` after newlines. */
  private body(): Stmt {
    this.eatNewlines();
    if (this.is(";")) {
      this.take();
      return { k: "block", body: [] };
    }
    return this.stmt();
  }

  private loopBody(): Stmt {
    this.loops++;
    try {
      return this.body();
    } finally {
      this.loops--;
    }
  }

  private stmt(): Stmt {
    const t = this.t;
    switch (t.kind) {
      case "{":
        return { k: "block", body: this.block() };
      case "if": {
        this.take();
        this.expect("(");
        const c = this.expr();
        this.expect(")");
        const s: Stmt = { k: "if", c, t: this.body() };
        const save = this.p;
        while (this.is("NEWLINE") || this.is(";")) this.take();
        if (this.is("else")) {
          this.take();
          s.f = this.body();
        } else this.p = save;
        return s;
      }
      case "while": {
        this.take();
        this.expect("(");
        const c = this.expr();
        this.expect(")");
        if (this.is(";")) {
          this.take();
          return { k: "while", c, body: { k: "block", body: [] } };
        }
        return { k: "while", c, body: this.loopBody() };
      }
      case "do": {
        this.take();
        const body = this.loopBody();
        while (this.is("NEWLINE") || this.is(";")) this.take();
        this.expect("while");
        this.expect("(");
        const c = this.expr();
        this.expect(")");
        this.terminator();
        return { k: "do", body, c };
      }
      case "for":
        return this.forStmt();
      case ";":
        this.take();
        return { k: "block", body: [] };
    }
    const s = this.simple();
    this.terminator();
    return s;
  }

  private forStmt(): Stmt {
    this.take();
    this.expect("(");
    if (this.is("NAME") && this.peek().kind === "in" && this.peek(2).kind === "NAME") {
      const save = this.p;
      const v = this.varRef(this.take(), "variable");
      this.take();
      const arr = this.varRef(this.take(), "array");
      if (this.is(")")) {
        this.take();
        return { k: "forin", v, arr, body: this.loopBody() };
      }
      this.p = save;
    }
    const init = this.is(";") ? undefined : this.expr();
    this.expect(";");
    this.eatNewlines();
    const c = this.is(";") ? undefined : this.expr();
    this.expect(";");
    this.eatNewlines();
    const step = this.is(")") ? undefined : this.expr();
    this.expect(")");
    if (this.is(";")) {
      this.take();
      return { k: "for", init, c, step, body: { k: "block", body: [] } };
    }
    return { k: "for", init, c, step, body: this.loopBody() };
  }

  private simple(): Stmt {
    const t = this.t;
    switch (t.kind) {
      case "print":
      case "printf":
        return this.print();
      case "next":
        this.take();
        if (this.where !== "main") this.error(t, "improper use of next");
        return { k: "next" };
      case "break":
      case "continue":
        this.take();
        if (!this.loops) this.error(t, `${t.kind} statement outside of loop`);
        return { k: t.kind };
      case "exit":
      case "return": {
        this.take();
        if (t.kind === "return" && this.where !== "func")
          this.error(t, "return outside function body");
        const e = this.atEndOfPrint() ? undefined : this.expr();
        return { k: t.kind, e };
      }
      case "delete": {
        this.take();
        const arr = this.varRef(this.expect("NAME"), "array");
        if (!this.is("[")) return { k: "delete", arr };
        this.take();
        const subs = this.exprList("]");
        return { k: "delete", arr, subs };
      }
    }
    return { k: "expr", e: this.expr() };
  }

  private print(): Stmt {
    const kind = this.take().kind as "print" | "printf";
    let args: Expr[] = [];
    const save = this.p;
    let grouped = false;
    if (this.is("(")) {
      this.take();
      const list = this.nested(() => this.exprList(")"));
      if (!this.atEndOfPrint()) this.p = save;
      else {
        args = list;
        grouped = true;
      }
    }
    if (!grouped && !this.atEndOfPrint()) {
      this.inPrint = true;
      try {
        args = [this.expr()];
        while (this.is(",")) {
          this.take();
          args.push(this.expr());
        }
      } finally {
        this.inPrint = false;
      }
    }
    if (kind === "printf" && !args.length) throw new SyntaxErr(this.t);
    let dest: Redirect | undefined;
    if (this.is(">") || this.is(">>") || this.is("|")) {
      const mode = this.take().kind as Redirect["mode"];
      dest = { mode, e: this.concat() };
    }
    return { k: kind, args, dest };
  }

  private atEndOfPrint(): boolean {
    return ["NEWLINE", ";", "}", ">", ">>", "|", "EOF"].includes(this.t.kind);
  }

  /** Parses inside brackets or parentheses, where `>` is a comparison again. */
  private nested<T>(fn: () => T): T {
    const save = this.inPrint;
    this.inPrint = false;
    try {
      return fn();
    } finally {
      this.inPrint = save;
    }
  }

  /** expr {, expr} up to the closing token (consumed). */
  private exprList(close: string): Expr[] {
    const list: Expr[] = [];
    while (!this.is(close)) {
      list.push(this.expr());
      if (this.is(",")) {
        this.take();
        this.eatNewlines();
      } else if (!this.is(close)) throw new SyntaxErr(this.t);
    }
    this.take();
    return list;
  }

  // -- expressions, lowest precedence first ------------------------------------

  expr(): Expr {
    const lhs = this.ternary();
    if (ASSIGN_OPS.has(this.t.kind) && isLValue(lhs)) {
      const op = this.take().kind;
      this.eatNewlines();
      return { k: "assign", op, lhs, rhs: this.expr() };
    }
    return lhs;
  }

  private ternary(): Expr {
    const c = this.or();
    if (!this.is("?")) return c;
    this.take();
    this.eatNewlines();
    const a = this.expr();
    this.eatNewlines();
    this.expect(":");
    this.eatNewlines();
    return { k: "cond", c, a, b: this.expr() };
  }

  private or(): Expr {
    let a = this.and();
    while (this.is("||")) {
      this.take();
      a = { k: "or", a, b: this.and() };
    }
    return a;
  }

  private and(): Expr {
    let a = this.inExpr();
    while (this.is("&&")) {
      this.take();
      a = { k: "and", a, b: this.inExpr() };
    }
    return a;
  }

  private inExpr(): Expr {
    let a = this.matchExpr();
    while (this.is("in")) {
      this.take();
      const arr = this.varRef(this.expect("NAME"), "array");
      a = { k: "in", subs: [a], arr };
    }
    return a;
  }

  private matchExpr(): Expr {
    let a = this.comparison();
    while (this.is("~") || this.is("!~")) {
      const neg = this.take().kind === "!~";
      a = { k: "match", neg, a, re: this.comparison() };
    }
    return a;
  }

  private comparison(): Expr {
    let a = this.pipeGetline();
    while (CMP_OPS.has(this.t.kind) && !(this.inPrint && this.is(">"))) {
      const op = this.take().kind;
      a = { k: "cmp", op, a, b: this.pipeGetline() };
    }
    return a;
  }

  /** `cmd | getline [var]` binds looser than concatenation, tighter than comparison. */
  private pipeGetline(): Expr {
    let a = this.concat();
    while (this.is("|") && this.peek().kind === "getline") {
      this.take();
      this.take();
      a = { k: "getline", from: "cmd", src: a, lhs: this.optLValue() };
    }
    return a;
  }

  private concat(): Expr {
    let a = this.additive();
    while (CONCAT_START.has(this.t.kind)) {
      a = { k: "concat", a, b: this.additive() };
    }
    return a;
  }

  private additive(): Expr {
    let a = this.multiplicative();
    while (this.is("+") || this.is("-")) {
      const op = this.take().kind;
      a = { k: "arith", op, a, b: this.multiplicative() };
    }
    return a;
  }

  private multiplicative(): Expr {
    let a = this.unary();
    while (this.is("*") || this.is("/") || this.is("%")) {
      const op = this.take().kind;
      a = { k: "arith", op, a, b: this.unary() };
    }
    return a;
  }

  private unary(): Expr {
    if (this.is("!") || this.is("-") || this.is("+")) {
      const op = this.take().kind;
      return { k: "unary", op, e: this.unary() };
    }
    return this.power();
  }

  private power(): Expr {
    const a = this.postfix();
    if (!this.is("^")) return a;
    this.take();
    // Right-associative, and the exponent may carry a sign: 2^-1, 2^3^2.
    const b = this.is("-") || this.is("+") || this.is("!") ? this.unaryPow() : this.power();
    return { k: "arith", op: "^", a, b };
  }

  private unaryPow(): Expr {
    const op = this.take().kind;
    const e = this.is("-") || this.is("+") || this.is("!") ? this.unaryPow() : this.power();
    return { k: "unary", op, e };
  }

  private postfix(): Expr {
    if (this.is("++") || this.is("--")) {
      const op = this.take().kind;
      const lhs = this.postfix();
      if (!isLValue(lhs)) throw new SyntaxErr(this.t);
      return { k: "incdec", op, prefix: true, lhs };
    }
    const e = this.primary();
    if ((this.is("++") || this.is("--")) && isLValue(e)) {
      const op = this.take().kind;
      return { k: "incdec", op, prefix: false, lhs: e };
    }
    return e;
  }

  private primary(): Expr {
    const t = this.t;
    switch (t.kind) {
      case "NUMBER":
        this.take();
        return { k: "num", v: t.num as number };
      case "STRING":
        this.take();
        return { k: "str", v: t.str as string };
      case "ERE":
        this.take();
        return { k: "regex", src: t.str as string };
      case "$": {
        this.take();
        let e: Expr;
        if (this.is("-") || this.is("+") || this.is("!")) {
          const op = this.take().kind;
          e = { k: "unary", op, e: this.primary() };
        } else if (this.is("++") || this.is("--")) e = this.postfix();
        else e = this.primary();
        return { k: "field", e };
      }
      case "(": {
        this.take();
        const list = this.nested(() => this.exprList(")"));
        if (list.length === 0) throw new SyntaxErr(this.toks[this.p - 1]);
        if (list.length > 1) {
          if (!this.is("in")) throw new SyntaxErr(this.t);
          this.take();
          const arr = this.varRef(this.expect("NAME"), "array");
          return { k: "in", subs: list, arr };
        }
        return { k: "group", e: list[0] };
      }
      case "NAME": {
        this.take();
        if (this.is("[")) {
          const arr = this.varRef(t, "array");
          this.take();
          const subs = this.nested(() => this.exprList("]"));
          if (!subs.length) throw new SyntaxErr(this.toks[this.p - 1]);
          return { k: "index", arr, subs };
        }
        if (t.text === "NF" && !this.locals?.includes("NF")) return { k: "nf" };
        return this.varRef(t, "variable");
      }
      case "FUNC_NAME": {
        this.take();
        this.take();
        const args = this.nested(() => this.exprList(")"));
        for (const a of args) this.untyped(a);
        this.calls.push({ name: t.text, n: args.length, tok: t });
        return { k: "call", name: t.text, args, line: t.line };
      }
      case "BUILTIN":
        return this.builtin();
      case "getline": {
        this.take();
        const lhs = this.optLValue();
        if (this.is("<")) {
          this.take();
          return { k: "getline", from: "file", lhs, src: this.postfix() };
        }
        return { k: "getline", from: "main", lhs };
      }
      case "-":
      case "+":
      case "!": {
        this.take();
        return { k: "unary", op: t.kind, e: this.unary() };
      }
    }
    throw new SyntaxErr(t);
  }

  /** The optional variable of getline: a name, an element or a field. */
  private optLValue(): LValue | undefined {
    if (this.is("$")) return this.primary() as LValue;
    if (!this.is("NAME")) return undefined;
    const e = this.primary();
    return isLValue(e) ? e : undefined;
  }

  private builtin(): Expr {
    const t = this.take();
    const name = t.text;
    let args: Expr[] = [];
    if (this.is("(")) {
      this.take();
      args = this.nested(() => this.exprList(")"));
    } else if (name !== "length") throw new SyntaxErr(this.t);
    const [lo, hi] = ARITY[name];
    if (args.length < lo || args.length > hi)
      this.error(t, `wrong number of arguments in call to ${name}`);
    if (name === "split" && args[1] && !isArrayName(args[1])) throw new SyntaxErr(t);
    if (name === "split" && args[1]) args[1] = this.asArray(args[1]);
    if ((name === "sub" || name === "gsub") && args[2] && !isLValue(args[2]))
      throw new SyntaxErr(t);
    return { k: "builtin", name, args };
  }

  private asArray(e: Expr): Expr {
    const u = this.uses.find((x) => x.ref === e);
    if (u) u.how = "array";
    return e;
  }

  /** A bare name passed to a function may be an array or a scalar: it is not checked. */
  private untyped(e: Expr): void {
    const i = this.uses.findIndex((x) => x.ref === e);
    if (i >= 0) this.uses.splice(i, 1);
  }

  /** mawk's "illegal reference to array x": a global used both as an array and a scalar. */
  private checkUses(): void {
    const first = new Map<string, "array" | "variable">();
    for (const u of this.uses.sort((a, b) => a.pos - b.pos)) {
      const prev = first.get(u.ref.name);
      if (prev === undefined) first.set(u.ref.name, u.how);
      else if (prev !== u.how) this.error(u.tok, `illegal reference to ${prev} ${u.ref.name}`);
    }
  }

  private varRef(t: Token, how: "array" | "variable"): VarRef {
    const idx = this.locals ? this.locals.indexOf(t.text) : -1;
    if (idx >= 0) return { k: "local", name: t.text, idx };
    if (this.funcs.has(t.text)) this.error(t, `illegal reference to function ${t.text}`);
    let cell = this.globals.get(t.text);
    if (!cell) {
      cell = { v: undefined };
      this.globals.set(t.text, cell);
    }
    const ref: VarRef = { k: "var", name: t.text, cell };
    this.uses.push({ ref, how, tok: t, pos: this.toks.indexOf(t) });
    return ref;
  }
}

function isLValue(e: Expr): e is LValue {
  return e.k === "var" || e.k === "local" || e.k === "field" || e.k === "index" || e.k === "nf";
}

function isArrayName(e: Expr): boolean {
  return e.k === "var" || e.k === "local";
}
