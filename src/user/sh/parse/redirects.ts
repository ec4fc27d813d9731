/**
 * Redirections: the operand after a redirection operator, here-document
 * registration, and the small rewrites bash defines (`&>`, `|&`).
 */
import type { Command, HereDoc, Redirect, Word, WordPart } from "./ast.ts";
import type { Token } from "./lexer.ts";
import type { Parser } from "./parser.ts";

type RedirToken = Extract<Token, { kind: "redir" }>;

/** The target of a redirection operator (already read as `t`). */
export function parseRedirect(p: Parser, t: RedirToken): Redirect[] {
  const hereDoc = t.op === "<<" || t.op === "<<-";
  // Dash reads a here-document delimiter with `$` inert (CHKEOFMARK);
  // bash lexes it as any word and then only removes quotes.
  const w = p.read(false, false, hereDoc && !p.bash);
  if (w.kind !== "word") p.unexpected(w);
  const target = p.word(w);
  switch (t.op) {
    case "<<":
    case "<<-": {
      const node: HereDoc = {
        type: "HereDoc",
        fd: t.fd ?? 0,
        stripTabs: t.op === "<<-",
        delimiter: p.bash ? removeQuotes(w.text) : quoteRemoved(w.parts),
        quoted: w.parts.some((part) => part.type !== "Literal"),
        body: [],
        endedByEof: false,
        deferredError: null,
        line: t.line,
      };
      p.lexer.pending.push({ node });
      return [node];
    }
    case "<<<":
      return [{ type: "HereString", fd: t.fd ?? 0, target }];
    case "<&":
    case ">&":
      return [
        {
          type: "Dup",
          op: t.op,
          fd: t.fd ?? (t.op === "<&" ? 0 : 1),
          fdGiven: t.fd !== null,
          target,
        },
      ];
    case "&>":
    case "&>>":
      return [
        { type: "File", op: t.op === "&>" ? ">" : ">>", fd: 1, target },
        { type: "Dup", op: ">&", fd: 2, fdGiven: true, target: literalWord("1") },
      ];
    default:
      return [
        { type: "File", op: t.op, fd: t.fd ?? (t.op === "<" || t.op === "<>" ? 0 : 1), target },
      ];
  }
}

/** Bash `a |& b`: `a`'s stderr joins its stdout, after its own redirections. */
export function addStderrDup(c: Command | undefined): void {
  if (c === undefined || c.type === "FunctionDef") return;
  c.redirects.push({ type: "Dup", op: ">&", fd: 2, fdGiven: true, target: literalWord("1") });
}

function literalWord(s: string): Word {
  return { type: "Word", parts: [{ type: "Literal", value: s }], text: s };
}

/** A here-document delimiter: the word's text with quotes removed. */
function quoteRemoved(parts: readonly WordPart[]): string {
  let s = "";
  for (const p of parts) {
    if (p.type === "DoubleQuoted") s += quoteRemoved(p.parts);
    else if ("value" in p) s += p.value;
  }
  return s;
}

/** Quote removal on source text, without expanding anything (bash delimiters). */
function removeQuotes(text: string): string {
  let s = "";
  let quote = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quote === "'") {
      if (c === "'") quote = "";
      else s += c;
    } else if (c === "\\" && i + 1 < text.length) {
      const d = text.charAt(++i);
      if (d === "\n") continue;
      if (quote === '"' && !'$`"\\'.includes(d)) s += c;
      s += d;
    } else if (c === quote || (quote === "" && (c === "'" || c === '"'))) {
      quote = quote === "" ? c : "";
    } else s += c;
  }
  return s;
}
