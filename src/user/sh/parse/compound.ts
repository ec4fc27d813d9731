/**
 * Compound commands: if, while/until, for, case, ( ), { }, and bash's
 * `function`, `(( ))` and `for (( ))`. Transcribed from dash's command()
 * so that errors name the same token with the same "expecting" word.
 */
import type {
  ArithForClause,
  CaseClause,
  CaseItem,
  Command,
  DQPart,
  IfClause,
  List,
  Word,
} from "./ast.ts";
import { isName } from "./context.ts";
import type { Token, WordToken } from "./lexer.ts";
import type { Parser } from "./parser.ts";
import { plainText } from "./wordpost.ts";
import { readArith } from "./words.ts";

/**
 * `t` (already read) is a reserved word or `(`. Returns null when the
 * reserved word cannot start a command (`fi`, `then`...).
 */
export function parseCompound(p: Parser, t: Token): Command | null {
  const line = t.line;
  if (p.isOp(t, "(")) return parseParen(p, line);
  if (t.kind !== "word") return null;
  switch (plainText(t.parts)) {
    case "if":
      return parseIf(p, line);
    case "while":
    case "until": {
      const condition = p.parseList("compound");
      p.expectKw("do");
      const body = p.parseList("compound");
      p.expectKw("done");
      const until = plainText(t.parts) === "until";
      return { type: "While", until, condition, body, redirects: p.trailingRedirects(), line };
    }
    case "for":
      return parseFor(p, line);
    case "case":
      return parseCase(p, line);
    case "{": {
      const body = p.parseList("compound");
      p.expectKw("}");
      return { type: "BraceGroup", body, redirects: p.trailingRedirects(), line };
    }
    case "function":
      return parseFunction(p, line);
    default:
      return null;
  }
}

/** `( list )`, or bash `(( expr ))` when the parentheses match up so. */
function parseParen(p: Parser, line: number): Command {
  const src = p.src;
  if (p.bash && src.peek() === "(") {
    const pos = src.pos;
    const srcLine = src.line;
    src.next();
    // Running out of input fails here, as in bash ("looking for matching
    // `)'"); a lone `)` means it was a subshell after all.
    const a = readArith(p, line);
    if (a !== null) {
      return {
        type: "ArithCommand",
        expr: a.expr,
        text: a.text,
        redirects: p.trailingRedirects(),
        line,
      };
    }
    // Not arithmetic after all: a subshell starting with a subshell.
    src.pos = pos;
    src.line = srcLine;
  }
  const body = p.parseList("compound");
  const t = p.read();
  if (!p.isOp(t, ")")) p.unexpected(t, '")"');
  return { type: "Subshell", body, redirects: p.trailingRedirects(), line };
}

function parseIf(p: Parser, line: number): IfClause {
  const clauses: IfClause["clauses"] = [];
  let elseBody: List | null = null;
  for (;;) {
    const condition = p.parseList("compound");
    p.expectKw("then");
    clauses.push({ condition, body: p.parseList("compound") });
    const t = p.read();
    if (p.isKw(t, "elif")) continue;
    if (p.isKw(t, "else")) elseBody = p.parseList("compound");
    else p.unread(t);
    break;
  }
  p.expectKw("fi");
  return { type: "If", clauses, elseBody, redirects: p.trailingRedirects(), line };
}

function isInWord(t: Token): boolean {
  return t.kind === "word" && plainText(t.parts) === "in";
}

/** The loop body: `do list done`, or bash's `{ list; }`. */
function loopBody(p: Parser): List {
  const t = p.read(true, true);
  if (p.isKw(t, "do")) {
    const body = p.parseList("compound");
    p.expectKw("done");
    return body;
  }
  if (p.bash && p.isKw(t, "{")) {
    const body = p.parseList("compound");
    p.expectKw("}");
    return body;
  }
  p.unexpected(t, '"do"');
}

function parseFor(p: Parser, line: number): Command {
  const t = p.read();
  if (p.bash && p.isOp(t, "(") && p.src.peek() === "(") return parseArithFor(p, line);
  const plain = t.kind === "word" ? plainText(t.parts) : null;
  if (!p.bash && (plain === null || !isName(plain))) {
    p.error({ dash: "Syntax error: Bad for loop variable", bash: "", incomplete: false });
  }
  if (t.kind !== "word") p.unexpected(t);
  // Bash checks the name only when the loop runs.
  const name = plain ?? t.text;
  let tok = p.read(true, true);
  let words: Word[] | null = null;
  if (isInWord(tok)) {
    words = [];
    for (tok = p.read(); tok.kind === "word"; tok = p.read()) words.push(p.word(tok));
    if (tok.kind !== "newline" && !p.isOp(tok, ";")) p.unexpected(tok);
  } else if (p.isOp(tok, ";")) {
    // Separator read.
  } else if (p.bash && !p.skippedNewline && p.isKw(tok, "{")) {
    // Bash takes `{` as a reserved word after `for x;` but not `for x {`.
    p.unexpected(tok);
  } else {
    p.unread(tok);
  }
  const body = loopBody(p);
  return { type: "For", name, words, body, redirects: p.trailingRedirects(), line };
}

/** Bash `for ((init; test; update))`, positioned on the second `(`. */
function parseArithFor(p: Parser, line: number): ArithForClause {
  p.src.next();
  const a = readArith(p, line);
  const exprs = a === null ? [] : splitSemicolons(a.expr);
  const [init, test, update] = exprs;
  if (init === undefined || test === undefined || update === undefined || exprs.length !== 3) {
    p.error({
      dash: "",
      bash: "syntax error: arithmetic expression required",
      incomplete: false,
    });
  }
  const tok = p.read(true, true);
  if (!p.isOp(tok, ";")) p.unread(tok);
  const body = loopBody(p);
  return { type: "ArithFor", init, test, update, body, redirects: p.trailingRedirects(), line };
}

/** Split an arithmetic part list at the `;`s of its literal text. */
function splitSemicolons(parts: DQPart[]): DQPart[][] {
  const out: DQPart[][] = [[]];
  for (const part of parts) {
    const cur = (): DQPart[] => out[out.length - 1] ?? [];
    if (part.type !== "Literal") {
      cur().push(part);
      continue;
    }
    part.value.split(";").forEach((piece, i) => {
      if (i > 0) out.push([]);
      if (piece !== "") cur().push({ type: "Literal", value: piece });
    });
  }
  return out;
}

function parseCase(p: Parser, line: number): CaseClause {
  const subject = p.read();
  if (subject.kind !== "word") p.unexpected(subject, "word");
  const word = p.word(subject);
  let t = p.read(true, true);
  if (!isInWord(t)) p.unexpected(t, '"in"');
  const items: CaseItem[] = [];
  t = p.read(true, true);
  while (!p.isKw(t, "esac")) {
    const itemLine = t.line;
    if (p.isOp(t, "(")) t = p.read();
    const patterns = [pattern(p, t)];
    for (t = p.read(); p.isOp(t, "|"); t = p.read()) patterns.push(pattern(p, p.read()));
    if (!p.isOp(t, ")")) p.unexpected(t, '")"');
    const body = p.parseList("subst");
    const item: CaseItem = { patterns, body, terminator: ";;", line: itemLine };
    items.push(item);
    t = p.read(true, true);
    if (p.isKw(t, "esac")) break;
    if (t.kind === "op" && (t.op === ";;" || t.op === ";&" || t.op === ";;&")) {
      item.terminator = t.op;
      t = p.read(true, true);
    } else p.unexpected(t, '";;"');
  }
  return { type: "Case", word, items, redirects: p.trailingRedirects(), line };
}

/**
 * A case pattern. Dash takes whatever token is there and uses the text of
 * the last word it read (its stale `wordtext`), so that the error, if any,
 * comes at the next token; bash wants a word.
 */
function pattern(p: Parser, t: Token): Word {
  if (t.kind === "word") return p.word(t);
  if (p.bash) p.unexpected(t);
  const stale: WordToken | null = p.lastWord;
  return stale === null ? { type: "Word", parts: [], text: "" } : p.word(stale);
}

/** Bash `function name [()] body`. */
function parseFunction(p: Parser, line: number): Command {
  const nameTok = p.read();
  if (nameTok.kind !== "word") p.unexpected(nameTok);
  const t = p.read();
  if (p.isOp(t, "(")) {
    const close = p.read();
    if (!p.isOp(close, ")")) p.unexpected(close);
  } else p.unread(t);
  const name = plainText(nameTok.parts) ?? nameTok.text;
  return { type: "FunctionDef", name, body: p.functionBody(), line };
}
