/**
 * Reading word text again at run time. Bash's brace expansion works on a
 * word's source text and then expands each result as a word of its own
 * (braces.c, subst.c:brace_expand_word_list()); these give it the parser's
 * view of that text.
 */
import type { Personality, Word } from "./ast.ts";
import { ShellSyntaxError } from "./errors.ts";
import { Parser } from "./parser.ts";
import { Source } from "./source.ts";
import { markGlobs, markTildes } from "./wordpost.ts";
import { readDollar, readUnquoted } from "./words.ts";

/**
 * Index just past the `$(...)` (or `$((...))`) whose `$` is at text[start],
 * as braces.c:brace_gobbler() skips one with subst.c:extract_command_subst().
 * Text that does not parse is skipped to its end.
 */
export function skipCommandSubst(text: string, start: number): number {
  const p = new Parser(new Source(text), "bash");
  p.src.pos = start;
  try {
    return readDollar(p, false) === null ? start + 1 : p.src.pos;
  } catch (e) {
    if (e instanceof ShellSyntaxError) return text.length;
    throw e;
  }
}

/**
 * `text` read as one ordinary word (tildes only at its start, never after
 * `=`: bash's brace results lose the parser's assignment flag), or null when
 * it does not read as exactly one word. `line`: where the text is, for
 * messages from its command substitutions.
 */
export function parseWordText(text: string, personality: Personality, line = 1): Word | null {
  const p = new Parser(new Source(text, line), personality);
  try {
    const parts = readUnquoted(p);
    if (!p.src.atEof()) return null;
    return { type: "Word", parts: markGlobs(markTildes(parts, false)), text };
  } catch (e) {
    if (e instanceof ShellSyntaxError) return null;
    throw e;
  }
}
