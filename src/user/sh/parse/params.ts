/**
 * `${...}` parameter expansions. Both shells accept any text up to the
 * closing brace while parsing and only complain when expanding, so an
 * unknown form becomes a BadSubstitution part instead of an error.
 */
import type { ParamExpansion, ParamOp, Word, WordPart } from "./ast.ts";
import { isDigit, isNameChar, isNameStart, type WordContext } from "./context.ts";
import { bashUnmatched } from "./errors.ts";
import { markGlobs, markTildes } from "./wordpost.ts";
import { type Expansion, isSpecialParam, readQuoted, readUnquoted } from "./words.ts";

type Bad = { bad: true };

/**
 * Positioned on the `{` after `$` (`start` is the `$` offset). `quoted`
 * tells whether the expansion sits inside double quotes.
 */
export function readBraced(
  ctx: WordContext,
  start: number,
  startLine: number,
  quoted: boolean,
): Expansion {
  const src = ctx.src;
  src.next();
  const result = readInside(ctx, quoted);
  if ("bad" in result) {
    // Skip to the closing brace the way a valid operand would be read.
    operand(ctx, quoted, false);
  }
  if (src.peek() !== "}") {
    ctx.error({
      // Inside double quotes dash is still in a quoted string at the end
      // (not in a here-document: readtoken1 skips that check there).
      dash:
        quoted && !ctx.inHereDoc
          ? "Syntax error: Unterminated quoted string"
          : "Syntax error: Missing '}'",
      bash: bashUnmatched("}"),
      incomplete: src.atEof(),
      bashLine: startLine,
    });
  }
  src.next();
  if ("bad" in result) return { type: "BadSubst", text: src.text.slice(start, src.pos) };
  return result;
}

function readName(ctx: WordContext): string {
  const src = ctx.src;
  const c = src.peekC();
  let name = "";
  if (isNameStart(c)) {
    while (isNameChar(src.peekC())) name += src.next();
  } else if (isDigit(c)) {
    // Inside braces every shell reads all the digits: ${10}.
    while (isDigit(src.peekC())) name += src.next();
  } else if (isSpecialParam(c)) {
    name = src.next();
  }
  return name;
}

/** Everything between `${` and `}` (the `}` is left unread). */
function readInside(ctx: WordContext, quoted: boolean): ParamExpansion | Bad {
  const src = ctx.src;
  const bash = ctx.personality === "bash";
  const p: ParamExpansion = {
    type: "Param",
    name: "",
    braced: true,
    op: "",
    arg: null,
    indirect: false,
    replacement: null,
    length: null,
  };
  const bad: Bad = { bad: true };
  let c = src.peekC();
  if (bash && c === "!" && src.peek(1) !== "}") {
    src.next();
    p.indirect = true;
    c = src.peekC();
  }
  if (c === "#" && !p.indirect) {
    // Dash's parsesub(): `${#name}` is a length, `${#}` is $#, `${#?}` the
    // length of $?, but `${#-x}` is $# with a default.
    src.next();
    const d = src.peekC();
    if (isNameStart(d) || isDigit(d)) {
      p.op = "length";
      p.name = readName(ctx);
    } else if (d !== "}" && isSpecialParam(d) && src.peek(1) === "}") {
      p.op = "length";
      p.name = src.next();
    } else {
      p.name = "#";
    }
  } else {
    // Bash's lexer takes `${$(` and `${${` as nested expansions (a bad
    // substitution around them); dash as the name `$` and junk.
    if (bash && c === "$" && (src.peek(1) === "(" || src.peek(1) === "{")) return bad;
    p.name = readName(ctx);
    if (p.name === "") return bad;
  }
  c = src.peekC();
  if (c === "}") return p;
  if (p.op === "length" || p.indirect) return bad;
  if (!(bash ? /^[-:=?+#%^,/]$/ : /^[-:=?+#%]$/).test(c)) {
    // Bash leaves a non-operator for the scan to `}`, so quotes in it
    // count. Dash's parsesub() silently drops that one character, without
    // counting it as a line if it is a newline (hence the raw pos++).
    if (!bash && c !== "") src.pos++;
    return bad;
  }
  src.next();
  const pattern = (op: ParamOp): ParamExpansion => {
    p.op = op;
    p.arg = operand(ctx, quoted, true);
    return p;
  };
  switch (c) {
    case ":": {
      const d = src.peekC();
      if (d === "-" || d === "=" || d === "?" || d === "+") {
        src.next();
        p.op = `:${d}` as ParamOp;
        p.arg = operand(ctx, quoted, false);
        return p;
      }
      if (!bash) return bad;
      p.op = "substring";
      p.arg = operand(ctx, quoted, false, ":");
      if (src.peek() === ":") {
        src.next();
        p.length = operand(ctx, quoted, false);
      }
      return p;
    }
    case "-":
    case "=":
    case "?":
    case "+":
      p.op = c;
      p.arg = operand(ctx, quoted, false);
      return p;
    case "#":
    case "%":
      if (src.peekC() === c) {
        src.next();
        return pattern(c === "#" ? "##" : "%%");
      }
      return pattern(c);
    case "^":
    case ",":
      if (!bash) return bad;
      if (src.peekC() === c) {
        src.next();
        return pattern(c === "^" ? "^^" : ",,");
      }
      return pattern(c);
    case "/": {
      if (!bash) return bad;
      const d = src.peekC();
      let op: ParamOp = "/";
      if (d === "/" || d === "#" || d === "%") {
        src.next();
        op = d === "/" ? "//" : d === "#" ? "/#" : "/%";
      }
      p.op = op;
      p.arg = operand(ctx, quoted, true, "/");
      if (src.peek() === "/") {
        src.next();
        p.replacement = operand(ctx, quoted, false);
      }
      return p;
    }
    default:
      return bad;
  }
}

/**
 * An operand up to `}` (or stopAt). Patterns keep their glob characters
 * active even inside double quotes. In bash a pattern inside double quotes
 * is read as unquoted text (its own quotes count); dash 0.5.8 reads it in
 * double-quote syntax, where `'` is an ordinary character.
 */
function operand(ctx: WordContext, quoted: boolean, isPattern: boolean, stopAt = ""): Word {
  const src = ctx.src;
  const start = src.pos;
  let parts: WordPart[];
  if (quoted && !(isPattern && ctx.personality === "bash")) {
    parts = readQuoted(ctx, "brace", src.line, false, stopAt);
    if (isPattern) parts = markGlobs(parts);
  } else {
    // Unquoted operand text is word text: tildes and globs as in a word.
    parts = markGlobs(markTildes(readUnquoted(ctx, { brace: true, stopAt }), false));
  }
  return { type: "Word", parts, text: src.text.slice(start, src.pos) };
}
