/**
 * Reading words: quoting and the start of every expansion. `${...}` lives
 * in params.ts, glob/tilde marking in wordpost.ts.
 */

import { decodeAnsiC } from "./ansic.ts";
import type {
  ArithExpansion,
  BadSubstitution,
  CommandSubstitution,
  DQPart,
  ParamExpansion,
  WordPart,
} from "./ast.ts";
import { isDigit, isNameChar, isNameStart, pushLit, type WordContext } from "./context.ts";
import { bashUnmatched, ShellSyntaxError } from "./errors.ts";
import { readBraced } from "./params.ts";

/** Characters that end an unquoted word (with blanks and newline). */
const WORD_BREAK = new Set([" ", "\t", "\n", ";", "&", "|", "(", ")", "<", ">"]);

/**
 * Runs of characters with no special meaning, taken in one step (the
 * reader is otherwise character by character). Newlines are excluded so
 * that line counting stays in Source.next().
 */
const PLAIN_WORD = /[^ \t\n;&|()<>\\'"$`]+/y;
const PLAIN_BRACE = /[^\n\\'"$`}/:]+/y;
const PLAIN_QUOTED = /[^\n\\"$`}/']+/y;

/** Take a run of plain characters at the current position, if any. */
function plainRun(ctx: WordContext, re: RegExp): string {
  re.lastIndex = ctx.src.pos;
  const m = re.exec(ctx.src.text);
  if (m === null) return "";
  ctx.src.pos += m[0].length;
  return m[0];
}

/** Special parameters that `$c` names (digits are handled apart). */
const SPECIAL_PARAMS = new Set(["@", "*", "#", "?", "-", "$", "!"]);

export function isSpecialParam(c: string): boolean {
  return SPECIAL_PARAMS.has(c) || isDigit(c);
}

export interface UnquotedOptions {
  /** Inside `${...}`: only `}` (or stopAt) ends the text, not blanks. */
  brace?: boolean;
  /** An extra terminator inside braces (bash `${x/p/r}`, `${x:o:l}`). */
  stopAt?: string;
  /** Here-document delimiter: `$` and backquotes are plain characters. */
  noExpand?: boolean;
}

const unterminated = "Syntax error: Unterminated quoted string";

/**
 * Read unquoted word text up to a terminator, which is left unread.
 */
export function readUnquoted(ctx: WordContext, opts: UnquotedOptions = {}): WordPart[] {
  const src = ctx.src;
  const parts: WordPart[] = [];
  const dash = ctx.personality === "dash";
  for (;;) {
    src.skipContinuations();
    const c = src.peek();
    if (c === "") break;
    if (opts.brace) {
      if (c === "}" || c === opts.stopAt) break;
      // Dash 0.5.8 ends an unquoted word at a newline even inside ${...}
      // (readtoken1: `case CNL: if (syntax == BASESYNTAX) goto endword`),
      // which then fails with "Missing '}'". Bash reads on.
      if (c === "\n" && dash) break;
    } else if (WORD_BREAK.has(c)) {
      break;
    }
    switch (c) {
      case "\\": {
        src.next();
        const d = src.next();
        // A backslash at the very end quotes itself in both shells.
        parts.push({ type: "Escaped", value: d === "" ? "\\" : d });
        break;
      }
      case "'":
        parts.push({ type: "SingleQuoted", value: readSingle(ctx) });
        break;
      case '"': {
        const line = src.line;
        src.next();
        parts.push({
          type: "DoubleQuoted",
          parts: readQuoted(ctx, "dquote", line, opts.noExpand === true),
        });
        break;
      }
      case "$": {
        const q = src.peek(1);
        if (!dash && !opts.noExpand && (q === "'" || q === '"')) {
          parts.push(readDollarQuote(ctx));
          break;
        }
        const p = opts.noExpand ? null : readDollar(ctx, false);
        if (p === null) {
          src.next();
          pushLit(parts, "$");
        } else parts.push(p);
        break;
      }
      case "`":
        if (opts.noExpand) {
          src.next();
          pushLit(parts, c);
        } else parts.push(readBackquote(ctx, false));
        break;
      default: {
        const run = plainRun(ctx, opts.brace ? PLAIN_BRACE : PLAIN_WORD);
        pushLit(parts, run === "" ? src.next() : run);
      }
    }
  }
  return parts;
}

/** `'...'`, positioned on the opening quote. No escapes, no continuations. */
function readSingle(ctx: WordContext): string {
  const src = ctx.src;
  const line = src.line;
  src.next();
  const end = src.text.indexOf("'", src.pos);
  if (end < 0) {
    while (!src.atEof()) src.next();
    ctx.error({ dash: unterminated, bash: bashUnmatched("'"), incomplete: true, bashLine: line });
  }
  let s = "";
  while (src.pos < end) s += src.next();
  src.next();
  return s;
}

/**
 * Quoted text:
 * - "dquote": after an opening `"`, through the closing one;
 * - "brace": a `${x-word}` operand inside double quotes, up to `}` or
 *   stopAt (left unread);
 * - "heredoc": a whole here-document body (`"` is not special).
 */
export function readQuoted(
  ctx: WordContext,
  mode: "dquote" | "brace" | "heredoc",
  startLine: number,
  noExpand = false,
  stopAt = "",
): DQPart[] {
  return ctx.nest(() => quoted(ctx, mode, startLine, noExpand, stopAt));
}

function quoted(
  ctx: WordContext,
  mode: "dquote" | "brace" | "heredoc",
  startLine: number,
  noExpand: boolean,
  stopAt: string,
): DQPart[] {
  const src = ctx.src;
  const parts: DQPart[] = [];
  for (;;) {
    src.skipContinuations();
    const c = src.peek();
    if (c === "") {
      if (mode === "dquote") {
        ctx.error({
          dash: unterminated,
          bash: bashUnmatched('"'),
          incomplete: true,
          bashLine: startLine,
        });
      }
      return parts;
    }
    if (mode === "dquote" && c === '"') {
      src.next();
      return parts;
    }
    if (mode === "brace" && (c === "}" || c === stopAt)) return parts;
    switch (c) {
      case "\\": {
        src.next();
        const d = src.peek();
        if (d === "$" || d === "`" || d === "\\" || (d === '"' && mode !== "heredoc")) {
          src.next();
          pushLit(parts, d);
        } else if (d === "}" && mode === "brace" && ctx.personality === "bash") {
          // Bash unescapes `\}` in a quoted operand; dash keeps both.
          src.next();
          pushLit(parts, d);
        } else pushLit(parts, "\\");
        break;
      }
      case '"':
        if (mode === "brace") {
          // `"${x:-"a b"}"`: inner quotes just quote (the text is quoted
          // already), as dash's dqvarnest handling and bash agree.
          const line = src.line;
          src.next();
          parts.push({ type: "DoubleQuoted", parts: readQuoted(ctx, "dquote", line, noExpand) });
        } else {
          src.next();
          pushLit(parts, c);
        }
        break;
      case "$": {
        const p = noExpand ? null : readDollar(ctx, true);
        if (p === null) {
          src.next();
          pushLit(parts, "$");
        } else parts.push(p);
        break;
      }
      case "`":
        if (noExpand) {
          src.next();
          pushLit(parts, c);
        } else parts.push(readBackquote(ctx, mode !== "heredoc"));
        break;
      default: {
        const run = plainRun(ctx, PLAIN_QUOTED);
        pushLit(parts, run === "" ? src.next() : run);
      }
    }
  }
}

/** What a `$` can start (inside quotes or not). */
export type Expansion = ParamExpansion | CommandSubstitution | ArithExpansion | BadSubstitution;

/**
 * An expansion starting at `$` (unread). Returns null, consuming nothing,
 * when the `$` starts none and is a plain character.
 */
export function readDollar(ctx: WordContext, quoted: boolean): Expansion | null {
  return ctx.nest(() => dollar(ctx, quoted));
}

function dollar(ctx: WordContext, quoted: boolean): Expansion | null {
  const src = ctx.src;
  const bash = ctx.personality === "bash";
  const start = src.pos;
  const startLine = src.line;
  src.next();
  const c = src.peekC();
  const param = (name: string): ParamExpansion => ({
    type: "Param",
    name,
    braced: false,
    op: "",
    arg: null,
    indirect: false,
    replacement: null,
    length: null,
  });
  if (c === "(") {
    src.next();
    if (src.peekC() === "(") {
      const afterParen = src.pos;
      const saveLine = src.line;
      src.next();
      const arith = readArith(ctx, startLine);
      if (arith !== null) return arith;
      // Bash: `$((cmd) )` is a command substitution of a subshell. Bash
      // reports running out of input there at the `$((` line.
      src.pos = afterParen;
      src.line = saveLine;
      try {
        return readCommandSubst(ctx);
      } catch (e) {
        if (!(e instanceof ShellSyntaxError) || !e.incomplete) throw e;
        ctx.error({ dash: "", bash: e.message, incomplete: true, bashLine: startLine });
      }
    }
    return readCommandSubst(ctx);
  }
  if (c === "{") return readBraced(ctx, start, startLine, quoted);
  if (isNameStart(c)) {
    let name = "";
    while (isNameChar(src.peekC())) name += src.next();
    return param(name);
  }
  if (isDigit(c)) {
    // Dash 0.5.8 takes every digit (`$10` is `${10}`); bash and newer
    // dash (0.5.12 here) take one (`$10` is `${1}0`).
    let name = src.next();
    if (!bash) while (isDigit(src.peekC())) name += src.next();
    return param(name);
  }
  if (SPECIAL_PARAMS.has(c)) {
    src.next();
    return param(c);
  }
  src.pos = start;
  src.line = startLine;
  return null;
}

/** Bash `$'...'` and `$"..."`, positioned on the `$`. */
function readDollarQuote(ctx: WordContext): WordPart {
  const src = ctx.src;
  const line = src.line;
  src.next();
  if (src.next() === "'")
    return { type: "AnsiCQuoted", value: decodeAnsiC(readAnsiRaw(ctx, line)) };
  // $"..." (locale translation) is a plain double-quoted string here.
  return { type: "DoubleQuoted", parts: readQuoted(ctx, "dquote", line) };
}

/** The raw text of `$'...'` after the opening quote, through the closing one. */
function readAnsiRaw(ctx: WordContext, startLine: number): string {
  const src = ctx.src;
  let s = "";
  for (;;) {
    const c = src.next();
    if (c === "") {
      ctx.error({
        dash: unterminated,
        bash: bashUnmatched("'"),
        incomplete: true,
        bashLine: startLine,
      });
    }
    if (c === "'") return s;
    if (c === "\\") {
      const d = src.next();
      s += d === "" ? c : c + d;
      continue;
    }
    s += c;
  }
}

/** After `$(`: the command list and its `)`. */
function readCommandSubst(ctx: WordContext): CommandSubstitution {
  const start = ctx.src.pos;
  const body = ctx.commandSubst();
  return {
    type: "CommandSub",
    body,
    backquoted: false,
    text: ctx.src.text.slice(start, ctx.src.pos - 1),
    deferredError: null,
  };
}

/**
 * After `$((`: the expression through `))`. Null (bash only) when a `)`
 * closes the first parenthesis alone: then it was `$( (...) ...)`.
 */
export function readArith(ctx: WordContext, startLine: number): ArithExpansion | null {
  if (ctx.personality === "dash") return arith(ctx, startLine);
  try {
    return arith(ctx, startLine);
  } catch (e) {
    // Bash scans `$((...))` for its closing parentheses before parsing what
    // is inside, so running out of input inside a `${` there is reported
    // as the `$((`'s (quotes and `$(` are matched, and report their own).
    if (!(e instanceof ShellSyntaxError) || e.message !== bashUnmatched("}")) throw e;
    return ctx.error({ dash: "", bash: bashUnmatched(")"), incomplete: true, bashLine: startLine });
  }
}

function arith(ctx: WordContext, startLine: number): ArithExpansion | null {
  const src = ctx.src;
  const bash = ctx.personality === "bash";
  const parts: DQPart[] = [];
  const start = src.pos;
  let depth = 0;
  for (;;) {
    src.skipContinuations();
    const c = src.peek();
    switch (c) {
      case "":
        ctx.error({
          dash: "Syntax error: Missing '))'",
          bash: bashUnmatched(")"),
          incomplete: true,
          bashLine: startLine,
        });
        break;
      case "(":
        depth++;
        src.next();
        pushLit(parts, c);
        break;
      case ")":
        if (depth > 0) {
          depth--;
          src.next();
          pushLit(parts, c);
        } else if (src.peek(1) === ")") {
          const text = src.text.slice(start, src.pos);
          src.next();
          src.next();
          return { type: "Arith", expr: parts, text };
        } else if (bash) {
          if (src.peek(1) === "") {
            ctx.error({
              dash: "",
              bash: bashUnmatched(")"),
              incomplete: true,
              bashLine: startLine,
            });
          }
          return null;
        } else {
          // Dash: "unbalanced parens (don't 2nd guess - no error)".
          src.next();
          pushLit(parts, c);
        }
        break;
      case "\\": {
        src.next();
        const d = src.peek();
        if (d === "$" || d === "`" || d === "\\" || d === '"') {
          src.next();
          pushLit(parts, d);
        } else pushLit(parts, c);
        break;
      }
      case '"': {
        const line = src.line;
        src.next();
        parts.push({ type: "DoubleQuoted", parts: readQuoted(ctx, "dquote", line) });
        break;
      }
      case "'":
        // Bash matches single quotes inside `$((...))` (dash does not).
        if (bash)
          parts.push({
            type: "DoubleQuoted",
            parts: [{ type: "Literal", value: readSingle(ctx) }],
          });
        else {
          src.next();
          pushLit(parts, c);
        }
        break;
      case "$": {
        const p = readDollar(ctx, true);
        if (p === null) {
          src.next();
          pushLit(parts, c);
        } else parts.push(p);
        break;
      }
      case "`":
        parts.push(readBackquote(ctx, true));
        break;
      default:
        src.next();
        pushLit(parts, c);
    }
  }
}

/**
 * `` `...` ``, positioned on the opening backquote. Inside, a backslash
 * quotes only `\`, `` ` ``, `$` (and `"` within double quotes); the
 * resulting text is parsed as a script of its own, as both shells do.
 */
export function readBackquote(ctx: WordContext, inDQ: boolean): CommandSubstitution {
  return ctx.nest(() => backquote(ctx, inDQ));
}

function backquote(ctx: WordContext, inDQ: boolean): CommandSubstitution {
  const src = ctx.src;
  const line = src.line;
  src.next();
  let text = "";
  const eof = (): never =>
    ctx.error({
      dash: "Syntax error: EOF in backquote substitution",
      bash: bashUnmatched("`"),
      incomplete: true,
      bashLine: line,
    });
  for (;;) {
    const c = src.next();
    if (c === "") eof();
    if (c === "`") break;
    if (c === "\\") {
      const d = src.next();
      if (d === "") eof();
      if (d === "\n") continue;
      if (d === "\\" || d === "`" || d === "$" || (inDQ && d === '"')) text += d;
      else text += c + d;
      continue;
    }
    text += c;
  }
  return { ...ctx.backquoteSubst(text, line), text };
}
