/**
 * Plumbing shared by the word reader (words.ts, params.ts) and the parser:
 * the interface through which reading a word recurses into the grammar,
 * error specifications, and character classes.
 */
import type { CommandSubstitution, List, Literal, Personality } from "./ast.ts";
import type { Source } from "./source.ts";

/** What a syntax error says in each personality, and where. */
export interface ErrorSpec {
  /** Dash's message, `Syntax error: ` included. */
  dash: string;
  bash: string;
  /** Caused by running out of input (see ShellSyntaxError.incomplete). */
  incomplete: boolean;
  /**
   * Bash reports unclosed quotes at the line where they open; everything
   * else (and every dash error) at the line the reader has reached.
   */
  bashLine?: number;
  /** Bash echoes this source line after the message. */
  bashEcho?: boolean;
}

/**
 * What the word reader needs from the parser: the input, the dialect, and
 * recursion into the command grammar for `$(...)` and backquotes.
 */
export interface WordContext {
  readonly src: Source;
  readonly personality: Personality;
  /** Reading a here-document body. */
  readonly inHereDoc: boolean;
  /** Called after `$(` (the `(` consumed): parse a list and its `)`. */
  commandSubst(): List;
  /** Parse the text of a backquoted command (backslashes already removed). */
  backquoteSubst(text: string, line: number): CommandSubstitution;
  /** Throw a ShellSyntaxError built from the spec. */
  error(spec: ErrorSpec): never;
  /** Run a nested construct, failing once nesting gets absurdly deep. */
  nest<T>(f: () => T): T;
}

export function isLiteral(p: { type: string }): p is Literal {
  return p.type === "Literal";
}

/** Append text to a part list, merging with a trailing Literal. */
export function pushLit<T extends { type: string }>(parts: (T | Literal)[], s: string): void {
  if (s === "") return;
  const last = parts[parts.length - 1];
  if (last !== undefined && isLiteral(last)) last.value += s;
  else parts.push({ type: "Literal", value: s });
}

export function isNameStart(c: string): boolean {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_";
}

export function isNameChar(c: string): boolean {
  return isNameStart(c) || (c >= "0" && c <= "9");
}

export function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

export function isName(s: string): boolean {
  if (s === "" || !isNameStart(s.charAt(0))) return false;
  for (let i = 1; i < s.length; i++) if (!isNameChar(s.charAt(i))) return false;
  return true;
}
