/**
 * The command grammar, as a recursive-descent parser modelled on dash's
 * parser.c (0.5.8): list/andor/pipeline/command/simplecmd, one token of
 * lookahead, reserved words recognised only where the grammar asks for
 * them. Bash differences are switched on `personality`. Compound commands
 * are in compound.ts.
 */
import type {
  AndOr,
  Command,
  CommandSubstitution,
  HereDoc,
  List,
  Personality,
  Pipeline,
  Redirect,
  SimpleCommand,
  Word,
} from "./ast.ts";
import { parseCompound } from "./compound.ts";
import { type ErrorSpec, isName, type WordContext } from "./context.ts";
import {
  bashUnexpected,
  bashUnmatched,
  dashUnexpected,
  ShellSyntaxError,
  type TokenDesc,
} from "./errors.ts";
import { Lexer, type Op, type Token, type WordToken } from "./lexer.ts";
import { addStderrDup, parseRedirect } from "./redirects.ts";
import { Source } from "./source.ts";
import { isAssignmentWord, makeAssignment, makeWord, plainText } from "./wordpost.ts";
import { readQuoted } from "./words.ts";

/** Dash's parsekwd[] (`in` included: it is a reserved word everywhere). */
const DASH_KEYWORDS = new Set(
  "! case do done elif else esac fi for if in then until while { }".split(" "),
);

/**
 * Bash's reserved words. `[[`, `]]`, `select`, `time` and `coproc` are not
 * supported, so they stay ordinary words.
 */
const BASH_KEYWORDS = new Set([...DASH_KEYWORDS, "function"]);

/** Words ending a list (dash's tokendlist). */
const LIST_END_WORDS = new Set("do done elif else esac fi then }".split(" "));
const LIST_END_OPS = new Set([")", ";;", ";&", ";;&"]);

/** Dash refuses these as function names ("Bad function name"). */
const SPECIAL_BUILTINS = new Set(
  ". : break continue eval exec exit export readonly return set shift times trap unset".split(" "),
);

/** Limit on nested commands and expansions (see Parser.nest). */
const MAX_NESTING = 200;

export type ListMode = "top" | "compound" | "subst";

export class Parser implements WordContext {
  readonly lexer: Lexer;
  private pushed: Token | null = null;
  /** The last word token read: dash's `wordtext`, stale on purpose. */
  lastWord: WordToken | null = null;
  /** The last read() skipped newlines before its token. */
  skippedNewline = false;
  /** Depth of `$(` nesting, for bash's end-of-file message. */
  private substDepth = 0;

  constructor(
    readonly src: Source,
    readonly personality: Personality,
    /** Nesting depth of the construct this (sub-)parser reads for. */
    private depth = 0,
    /** This (sub-)parser reads a here-document body. */
    readonly inHereDoc = false,
  ) {
    this.lexer = new Lexer(
      this,
      (node, body, line) => this.parseHereDocBody(node, body, line),
      personality === "bash",
    );
  }

  get bash(): boolean {
    return this.personality === "bash";
  }

  // -------------------------------------------------------------------------
  // Tokens

  /**
   * Next token. `kw`: recognise reserved words (dash CHKKWD); `nl`: skip
   * newlines first (CHKNL). `noExpand`: a here-document delimiter follows.
   */
  read(kw = false, nl = false, noExpand = false): Token {
    let t: Token;
    this.skippedNewline = false;
    for (;;) {
      t = this.pushed ?? this.lexer.next(noExpand);
      this.pushed = null;
      if (!nl || t.kind !== "newline") break;
      this.skippedNewline = true;
    }
    if (t.kind === "word") {
      if (kw && !t.keyword) {
        const p = plainText(t.parts);
        if (p !== null && (this.bash ? BASH_KEYWORDS : DASH_KEYWORDS).has(p)) t.keyword = true;
      }
      this.lastWord = t;
    }
    return t;
  }

  unread(t: Token): void {
    this.pushed = t;
  }

  peek(kw = false, nl = false): Token {
    const t = this.read(kw, nl);
    this.unread(t);
    return t;
  }

  /** Is `t` the reserved word `w`? */
  isKw(t: Token, w: string): boolean {
    return t.kind === "word" && t.keyword && plainText(t.parts) === w;
  }

  isOp(t: Token, op: Op): boolean {
    return t.kind === "op" && t.op === op;
  }

  isListEnd(t: Token): boolean {
    if (t.kind === "eof") return true;
    if (t.kind === "op") return LIST_END_OPS.has(t.op);
    if (t.kind === "word" && t.keyword) return LIST_END_WORDS.has(plainText(t.parts) ?? "");
    return false;
  }

  word(t: WordToken): Word {
    return makeWord(t.parts, t.text, this.personality);
  }

  // -------------------------------------------------------------------------
  // Errors

  error(spec: ErrorSpec): never {
    const line = this.bash ? (spec.bashLine ?? this.src.line) : this.src.line;
    const echo = this.bash && spec.bashEcho === true ? this.src.lineText(line) : null;
    throw new ShellSyntaxError(
      this.bash ? spec.bash : spec.dash,
      line,
      this.personality,
      spec.incomplete,
      echo,
    );
  }

  /**
   * Dash's synexpect(): `t` was not wanted here. `expecting` is a tokname
   * entry such as `"fi"` (quotes included) or `word`.
   */
  unexpected(t: Token, expecting?: string): never {
    const d = describe(t);
    const eof = t.kind === "eof";
    if (eof && this.bash && this.substDepth > 0) {
      this.error({ dash: "", bash: bashUnmatched(")"), incomplete: true });
    }
    this.error({
      dash: dashUnexpected(d, expecting),
      bash: bashUnexpected(d),
      incomplete: eof,
      // Bash reports the line the token ends on (it may span a line
      // continuation); a newline token is on its own line.
      bashLine: eof ? this.src.line : "endLine" in t ? t.endLine : t.line,
      bashEcho: !eof,
    });
  }

  /** Read a reserved word the grammar requires, or fail as dash does. */
  expectKw(w: string): void {
    const t = this.read();
    if (!this.isKw(t, w)) this.unexpected(t, `"${w}"`);
  }

  // -------------------------------------------------------------------------
  // Lists

  /**
   * One complete command, as dash's parsecmd() reads it: a list ending at a
   * newline. Null at end of input; blank lines are skipped.
   */
  parseNext(): List | null {
    for (;;) {
      const t = this.read();
      if (t.kind === "eof") return null;
      if (t.kind === "newline") continue;
      this.unread(t);
      return this.parseList("top");
    }
  }

  /**
   * Dash's list(): "top" is list(1) (ends at a newline, anything else
   * unexpected is an error), "compound" list(0) (must not be empty),
   * "subst" list(2) (may be empty: `$( )`, case item bodies).
   */
  parseList(mode: ListMode): List {
    const list: List = { type: "List", items: [] };
    if (mode === "subst" && this.isListEnd(this.peek(true, true))) return list;
    for (;;) {
      const ao = this.parseAndOr();
      list.items.push(ao);
      let t = this.read();
      if (this.isOp(t, "&")) ao.background = true;
      if (this.isOp(t, ";") || this.isOp(t, "&")) {
        t = this.read();
        if (t.kind !== "newline") this.unread(t);
      } else if (t.kind === "eof") {
        this.unread(t);
        return list;
      } else if (t.kind !== "newline") {
        if (mode === "top") this.unexpected(t);
        this.unread(t);
        return list;
      }
      if (t.kind === "newline" && mode === "top") return list;
      const next = this.peek(true, true);
      if (this.isListEnd(next)) {
        // Dash 0.5.8 returns `echo hi;` here and reports a following `fi`
        // when parsing the next command, after running `echo hi`. Bash
        // (and later dash) reject the whole line first.
        if (mode === "top" && this.bash && next.kind !== "eof") this.unexpected(this.read());
        return list;
      }
    }
  }

  private parseAndOr(): AndOr {
    const head = this.parsePipeline();
    const ao: AndOr = { type: "AndOr", head, tail: [], background: false, line: head.line };
    for (;;) {
      const t = this.read();
      if (t.kind === "op" && (t.op === "&&" || t.op === "||")) {
        ao.tail.push({ op: t.op, pipeline: this.parsePipeline() });
      } else {
        this.unread(t);
        return ao;
      }
    }
  }

  private parsePipeline(): Pipeline {
    const first = this.read(true, true);
    const p: Pipeline = { type: "Pipeline", negated: false, commands: [], line: first.line };
    if (this.isKw(first, "!")) {
      p.negated = true;
      // Bash takes any number of `!`; dash 0.5.8 one (`! !` is an error).
      while (this.bash && this.isKw(this.peek(true), "!")) {
        this.read(true);
        p.negated = !p.negated;
      }
      // Bash also takes `!` alone (an empty pipeline, status 1).
      const t = this.peek(true);
      if (this.bash && (t.kind === "newline" || t.kind === "eof" || this.isOp(t, ";"))) return p;
    } else this.unread(first);
    p.commands.push(this.parseCommand(false));
    for (;;) {
      const t = this.read();
      if (!this.isOp(t, "|") && !this.isOp(t, "|&")) {
        this.unread(t);
        return p;
      }
      if (this.isOp(t, "|&")) addStderrDup(p.commands[p.commands.length - 1]);
      p.commands.push(this.parseCommand(true));
    }
  }

  nest<T>(f: () => T): T {
    // Deep enough for any script, shallow enough for a browser's stack.
    if (this.depth >= MAX_NESTING) {
      this.error({
        dash: "Syntax error: nesting too deep",
        bash: "syntax error: nesting too deep",
        incomplete: false,
      });
    }
    this.depth++;
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  /** Dash's command(): a compound command, a function definition or a simple command. */
  parseCommand(nl: boolean): Command {
    return this.nest(() => this.command(nl));
  }

  private command(nl: boolean): Command {
    const t = this.read(true, nl);
    if ((t.kind === "word" && t.keyword) || this.isOp(t, "(")) {
      const c = parseCompound(this, t);
      if (c === null) this.unexpected(t);
      return c;
    }
    if (t.kind === "word" || t.kind === "redir") {
      this.unread(t);
      return this.parseSimple(t.line);
    }
    this.unexpected(t);
  }

  /** Redirections after a compound command (checked with CHKKWD, as dash). */
  trailingRedirects(): Redirect[] {
    const out: Redirect[] = [];
    for (;;) {
      const t = this.read(true);
      if (t.kind !== "redir") {
        this.unread(t);
        return out;
      }
      out.push(...parseRedirect(this, t));
    }
  }

  // -------------------------------------------------------------------------
  // Simple commands and redirections

  private parseSimple(line: number): Command {
    const cmd: SimpleCommand = {
      type: "SimpleCommand",
      assignments: [],
      words: [],
      redirects: [],
      line,
    };
    let nameTok: WordToken | null = null;
    for (;;) {
      const t = this.read();
      if (t.kind === "word") {
        const a =
          cmd.words.length === 0 && isAssignmentWord(t.parts, this.personality)
            ? makeAssignment(t.parts, t.text, this.personality)
            : null;
        if (a !== null) {
          // Bash `name=(w1 w2)`: an array assignment (`(` right after `=`).
          if (
            this.bash &&
            a.value.parts.length === 0 &&
            this.pushed === null &&
            this.src.peek() === "("
          ) {
            this.read();
            a.array = this.arrayWords();
          }
          cmd.assignments.push(a);
        } else {
          if (cmd.words.length === 0) nameTok = t;
          cmd.words.push(this.word(t));
        }
      } else if (t.kind === "redir") {
        cmd.redirects.push(...parseRedirect(this, t));
      } else if (
        this.isOp(t, "(") &&
        nameTok !== null &&
        cmd.words.length === 1 &&
        cmd.assignments.length === 0 &&
        cmd.redirects.length === 0
      ) {
        return this.parseFunctionDef(nameTok, line);
      } else {
        this.unread(t);
        return cmd;
      }
    }
  }

  /** Bash array assignment words, after `(`, through `)`. */
  private arrayWords(): Word[] {
    const words: Word[] = [];
    const line = this.src.line;
    for (;;) {
      const t = this.read(false, true);
      if (this.isOp(t, ")")) return words;
      if (t.kind === "eof") {
        this.error({ dash: "", bash: bashUnmatched(")"), incomplete: true, bashLine: line });
      }
      if (t.kind !== "word") this.unexpected(t);
      words.push(this.word(t));
    }
  }

  /** `name ( )` has been read up to `(`; the `)` and the body follow. */
  private parseFunctionDef(nameTok: WordToken, line: number): Command {
    const t = this.read();
    if (!this.isOp(t, ")")) this.unexpected(t, '")"');
    const plain = plainText(nameTok.parts);
    if (!this.bash && (plain === null || !isName(plain) || SPECIAL_BUILTINS.has(plain))) {
      this.error({ dash: "Syntax error: Bad function name", bash: "", incomplete: false });
    }
    return { type: "FunctionDef", name: plain ?? nameTok.text, body: this.functionBody(), line };
  }

  /**
   * The body after `name()` (newlines allowed before it). Dash takes any
   * command; bash only a compound command.
   */
  functionBody(): Command {
    if (this.bash) {
      const t = this.peek(true, true);
      const compound =
        this.isOp(t, "(") ||
        ["{", "if", "while", "until", "for", "case"].some((k) => this.isKw(t, k));
      if (!compound) this.unexpected(this.read());
    }
    return this.parseCommand(true);
  }

  // -------------------------------------------------------------------------
  // Recursion for expansions (WordContext)

  commandSubst(): List {
    const savedPending = this.lexer.pending;
    this.lexer.pending = [];
    this.substDepth++;
    const body = this.parseList("subst");
    const t = this.read();
    if (!this.isOp(t, ")")) this.unexpected(t, '")"');
    this.substDepth--;
    // A here-document opened inside `$(...)` whose body was not read there
    // is read after the next newline outside.
    this.lexer.pending = savedPending.concat(this.lexer.pending);
    return body;
  }

  backquoteSubst(text: string, line: number): CommandSubstitution {
    const sub = new Parser(new Source(text, line), this.personality, this.depth);
    const result: CommandSubstitution = {
      type: "CommandSub",
      body: { type: "List", items: [] },
      backquoted: true,
      text,
      deferredError: null,
    };
    if (!this.bash) {
      // Dash parses the text at once with list(2) and, unlike for `$(`,
      // never checks what follows: `` `fi` `` is an empty command.
      result.body = sub.parseList("subst");
      return result;
    }
    try {
      for (;;) {
        const l = sub.parseNext();
        if (l === null) break;
        result.body.items.push(...l.items);
      }
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      result.body = { type: "List", items: [] };
      result.deferredError = { message: e.message, line: e.line, sourceLine: e.sourceLine };
    }
    return result;
  }

  /**
   * Dash parses an unquoted body at once; bash only when the redirection
   * runs, so its errors there are run-time errors.
   */
  private parseHereDocBody(node: HereDoc, body: string, line: number): void {
    const sub = new Parser(new Source(body, line), this.personality, this.depth, true);
    try {
      node.body = readQuoted(sub, "heredoc", line);
    } catch (e) {
      if (!(e instanceof ShellSyntaxError) || !this.bash) throw e;
      node.body = [{ type: "Literal", value: body }];
      node.deferredError = { message: e.message, line: e.line, sourceLine: e.sourceLine };
    }
  }
}

function describe(t: Token): TokenDesc {
  switch (t.kind) {
    case "eof":
      return { kind: "eof" };
    case "newline":
      return { kind: "newline" };
    case "op":
      return { kind: "op", text: t.op };
    case "redir":
      // Bash lexes `2>` as the number 2 then `>`: the number is the token.
      return { kind: "redir", text: t.fd === null ? t.op : String(t.fd) };
    case "word":
      return {
        kind: "word",
        text: t.keyword ? (plainText(t.parts) ?? t.text) : t.text,
        keyword: t.keyword,
      };
  }
}
