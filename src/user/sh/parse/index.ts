/**
 * The shell parser's public API: source text in, AST (ast.ts) out, for
 * the two personalities of vkern's shell, bash 5 and dash 0.5.8.
 *
 * Layout: source.ts (characters, lines) → lexer.ts (tokens, here-document
 * bodies) → parser.ts + compound.ts + redirects.ts (grammar, after dash's
 * parser.c); words.ts + params.ts read quoting and expansions, recursing
 * into the parser for `$(...)`; wordpost.ts marks globs, tildes and
 * assignments. arith.ts evaluates `$((...))`. errors.ts words syntax
 * errors as each shell does; debug.ts prints trees as S-expressions.
 */
import type { List, Personality, Program } from "./ast.ts";
import { ShellSyntaxError } from "./errors.ts";
import { Parser } from "./parser.ts";
import { Source } from "./source.ts";

export type { ArithEnv, ArithNode } from "./arith.ts";
export { ArithError, evalArith, parseArith } from "./arith.ts";
export type * from "./ast.ts";
export { sexp } from "./debug.ts";
export { ShellSyntaxError } from "./errors.ts";
export { parseWordText, skipCommandSubst } from "./wordtext.ts";

/**
 * Reads a script one complete command at a time, the way both shells run
 * scripts: parse a command, run it, parse the next. So `echo a` on line 1
 * runs before a syntax error on line 2 is reported, and (dash 0.5.8)
 * `echo hi; fi` runs `echo hi` before failing on `fi`.
 */
export interface CommandReader {
  /** The next complete command, or null at end of input. Throws ShellSyntaxError. */
  next(): List | null;
}

export function createReader(src: string, personality: Personality): CommandReader {
  const p = new Parser(new Source(src), personality);
  return { next: () => p.parseNext() };
}

/** Parse a whole script. Throws ShellSyntaxError. */
export function parse(src: string, personality: Personality): Program {
  return parseAll(new Parser(new Source(src), personality));
}

function parseAll(p: Parser): Program {
  const commands: List[] = [];
  for (let c = p.parseNext(); c !== null; c = p.parseNext()) commands.push(c);
  return { type: "Program", commands };
}

export type IncrementalResult =
  | { complete: Program }
  | { needMore: true }
  | { error: ShellSyntaxError };

/**
 * For an interactive prompt: is `text` (the lines typed so far, usually
 * ending in a newline) a complete input, an incomplete one that needs a
 * `> ` continuation line, or an error? Incomplete means the input ran out
 * inside a quote, an expansion, a compound command, after `|` `&&` `||`,
 * after a backslash-newline, or before a here-document's delimiter line.
 */
export function parseIncremental(text: string, personality: Personality): IncrementalResult {
  const src = new Source(text);
  const p = new Parser(src, personality);
  try {
    const program = parseAll(p);
    if (p.lexer.sawEofHereDoc || src.continuationAtEof) return { needMore: true };
    return { complete: program };
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    return e.incomplete ? { needMore: true } : { error: e };
  }
}
