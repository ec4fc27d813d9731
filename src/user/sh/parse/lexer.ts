/**
 * Tokens: operators, redirection operators, words, newlines, end of input.
 * Here-document bodies are read as soon as the newline ending their
 * command line is lexed, which is when both shells read them.
 */
import type { HereDoc, WordPart } from "./ast.ts";
import { isDigit, type WordContext } from "./context.ts";
import { readUnquoted } from "./words.ts";

export type Op = ";" | "&" | "&&" | "||" | "|" | "(" | ")" | ";;" | ";&" | ";;&" | "|&";

export type RedirOp =
  | "<"
  | ">"
  | ">>"
  | ">|"
  | "<>"
  | "<&"
  | ">&"
  | "<<"
  | "<<-"
  | "<<<"
  | "&>"
  | "&>>";

export interface WordToken {
  kind: "word";
  parts: WordPart[];
  /** Source text of the word. */
  text: string;
  line: number;
  /** Line of the word's last character (it may contain line continuations). */
  endLine: number;
  /**
   * Recognised as a reserved word. Like dash's readtoken(), recognition
   * happens only when the parser asks for it, and sticks once made.
   */
  keyword: boolean;
}

export type Token =
  | { kind: "eof"; line: number }
  | { kind: "newline"; line: number }
  | { kind: "op"; op: Op; line: number; endLine: number }
  | { kind: "redir"; op: RedirOp; fd: number | null; line: number; endLine: number }
  | WordToken;

/** A `<<` whose body is still to be read. */
export interface PendingHereDoc {
  node: HereDoc;
}

/** Parses an unquoted here-document body (a separate source). */
export type HereDocBodyParser = (node: HereDoc, body: string, line: number) => void;

export class Lexer {
  pending: PendingHereDoc[] = [];
  /** Some here-document body ran to the end of the input. */
  sawEofHereDoc = false;
  /** Bash: the newline it adds to input that lacks a final one was given. */
  private virtualNewlineDone = false;

  constructor(
    private readonly ctx: WordContext,
    private readonly parseBody: HereDocBodyParser,
    /** Bash -c behaves as if the text ended with a newline. */
    private readonly virtualNewline: boolean,
  ) {}

  /** Read the next token. `noExpand`: reading a here-document delimiter. */
  next(noExpand = false): Token {
    const src = this.ctx.src;
    const bash = this.ctx.personality === "bash";
    for (;;) {
      src.skipContinuations();
      const c = src.peek();
      if (c === " " || c === "\t") {
        src.next();
      } else if (c === "#") {
        while (!src.atEof() && src.peek() !== "\n") src.next();
      } else break;
    }
    const line = src.line;
    const c = src.peek();
    if (c === "") {
      if (this.virtualNewline && !this.virtualNewlineDone && src.text !== "") {
        this.virtualNewlineDone = true;
        if (!src.text.endsWith("\n")) {
          src.line++;
          this.readPending();
          return { kind: "newline", line };
        }
      }
      this.readPending();
      return { kind: "eof", line };
    }
    if (c === "\n") {
      src.next();
      this.readPending();
      return { kind: "newline", line };
    }
    const op = (o: Op): Token => ({ kind: "op", op: o, line, endLine: src.line });
    switch (c) {
      case "&":
        src.next();
        if (src.peekC() === "&") {
          src.next();
          return op("&&");
        }
        if (bash && src.peek() === ">") {
          src.next();
          if (src.peekC() === ">") {
            src.next();
            return { kind: "redir", op: "&>>", fd: null, line, endLine: src.line };
          }
          return { kind: "redir", op: "&>", fd: null, line, endLine: src.line };
        }
        return op("&");
      case "|":
        src.next();
        if (src.peekC() === "|") {
          src.next();
          return op("||");
        }
        if (bash && src.peek() === "&") {
          src.next();
          return op("|&");
        }
        return op("|");
      case ";":
        src.next();
        if (src.peekC() === ";") {
          src.next();
          if (bash && src.peekC() === "&") {
            src.next();
            return op(";;&");
          }
          return op(";;");
        }
        if (bash && src.peek() === "&") {
          src.next();
          return op(";&");
        }
        return op(";");
      case "(":
      case ")":
        src.next();
        // Bash peeks at the next character (for `((`, `))`), line
        // continuations included, before reporting the token.
        return { kind: "op", op: c, line, endLine: src.lineAfterContinuations() };
      case "<":
      case ">": {
        const op = this.redirOp();
        return { kind: "redir", op, fd: null, line, endLine: src.line };
      }
    }
    if (isDigit(c)) {
      // `2>file`: digits directly before `<` or `>` name the descriptor.
      // Dash 0.5.8 allows one digit (readtoken1: `len <= 2`); bash any.
      let end = src.pos;
      while (isDigit(src.text.charAt(end))) end++;
      const after = src.text.charAt(end);
      if ((after === "<" || after === ">") && (bash || end - src.pos === 1)) {
        const fd = Number(src.text.slice(src.pos, end));
        src.pos = end;
        const op = this.redirOp();
        return { kind: "redir", op, fd, line, endLine: src.line };
      }
    }
    const start = src.pos;
    const parts = readUnquoted(this.ctx, { noExpand });
    return {
      kind: "word",
      parts,
      text: src.text.slice(start, src.pos),
      line,
      endLine: src.line,
      keyword: false,
    };
  }

  private redirOp(): RedirOp {
    const src = this.ctx.src;
    const bash = this.ctx.personality === "bash";
    const c = src.next();
    const d = src.peekC();
    if (c === ">") {
      if (d === ">" || d === "|" || d === "&") {
        src.next();
        return d === ">" ? ">>" : d === "|" ? ">|" : ">&";
      }
      return ">";
    }
    if (d === "<") {
      src.next();
      const e = src.peekC();
      if (e === "-") {
        src.next();
        return "<<-";
      }
      if (bash && e === "<") {
        src.next();
        return "<<<";
      }
      return "<<";
    }
    if (d === "&" || d === ">") {
      src.next();
      return d === "&" ? "<&" : "<>";
    }
    return "<";
  }

  /** Read the bodies of all pending here-documents, in order. */
  private readPending(): void {
    const list = this.pending;
    this.pending = [];
    for (const h of list) this.readBody(h.node);
  }

  private readBody(node: HereDoc): void {
    const src = this.ctx.src;
    const startLine = src.line;
    let body = "";
    let ended = false;
    let continued = false;
    while (!src.atEof()) {
      const nl = src.text.indexOf("\n", src.pos);
      const end = nl < 0 ? src.text.length : nl;
      let text = src.text.slice(src.pos, end);
      src.pos = nl < 0 ? end : end + 1;
      if (nl >= 0) src.line++;
      // A line joined to the previous one by backslash-newline is no
      // delimiter line (and keeps its tabs), as in dash's readtoken1.
      if (!continued) {
        if (node.stripTabs) text = text.replace(/^\t+/, "");
        if (text === node.delimiter) {
          ended = true;
          break;
        }
      }
      body += nl >= 0 ? `${text}\n` : text;
      continued = !node.quoted && nl >= 0 && /(^|[^\\])(\\\\)*\\$/.test(text);
    }
    node.endedByEof = !ended;
    if (!ended) this.sawEofHereDoc = true;
    // Bash ends a body cut short by end of input with a newline; dash
    // leaves it as it is.
    if (!ended && body !== "" && !body.endsWith("\n") && this.ctx.personality === "bash") {
      body += "\n";
    }
    if (node.quoted) {
      node.body = body === "" ? [] : [{ type: "Literal", value: body }];
    } else {
      this.parseBody(node, body, startLine);
    }
  }
}
