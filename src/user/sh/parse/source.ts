/**
 * Character reader over the source text with line counting.
 *
 * Both shells remove backslash-newline pairs ("line continuations") almost
 * everywhere, but not inside single quotes, comments or quoted here-document
 * bodies, so the reader does not remove them by itself: callers ask with
 * skipContinuations() where the shells do.
 */
export class Source {
  pos: number;
  line: number;
  /** Set when a continuation was removed at the very end of the input. */
  continuationAtEof = false;

  constructor(
    readonly text: string,
    /** Line number of the first line (sub-sources start mid-script). */
    readonly startLine = 1,
  ) {
    this.pos = 0;
    this.line = startLine;
  }

  /** The character `off` positions ahead, or "" past the end. */
  peek(off = 0): string {
    return this.text.charAt(this.pos + off);
  }

  atEof(): boolean {
    return this.pos >= this.text.length;
  }

  /** Consume one character (counting lines) and return it ("" at the end). */
  next(): string {
    const c = this.text.charAt(this.pos);
    if (c === "") return c;
    this.pos++;
    if (c === "\n") this.line++;
    return c;
  }

  /** Remove any backslash-newline pairs at the current position. */
  skipContinuations(): void {
    while (this.text.charCodeAt(this.pos) === 92 && this.text.charCodeAt(this.pos + 1) === 10) {
      this.pos += 2;
      this.line++;
      if (this.pos >= this.text.length) this.continuationAtEof = true;
    }
  }

  /** The line reached after any line continuations at the current position. */
  lineAfterContinuations(): number {
    let line = this.line;
    for (let i = this.pos; this.text.startsWith("\\\n", i); i += 2) line++;
    return line;
  }

  /** peek() after removing continuations. */
  peekC(): string {
    this.skipContinuations();
    return this.peek();
  }

  /** next() after removing continuations. */
  nextC(): string {
    this.skipContinuations();
    return this.next();
  }

  /** The text of line `n` of this source, without its newline. */
  lineText(n: number): string {
    let idx = 0;
    for (let l = this.startLine; l < n; l++) {
      const nl = this.text.indexOf("\n", idx);
      if (nl < 0) return "";
      idx = nl + 1;
    }
    const end = this.text.indexOf("\n", idx);
    return this.text.slice(idx, end < 0 ? this.text.length : end);
  }
}
