/**
 * The shell's line editor in the page: xterm.js hands over raw keys (bytes as a terminal
 * sends them), so prompt editing, history and the readline key bindings live here, as
 * GNU readline provides them to bash (emacs mode: C-a C-e C-b C-f C-u C-k C-w C-y C-l,
 * M-b M-f M-d, arrows, Home/End/Delete, Up/Down through history).
 *
 * The editor only writes escape sequences through `out`; it knows the terminal's width,
 * so a line longer than the terminal wraps and still redraws in place.
 */

/** What ended a `feed`: the line (Enter), Ctrl-C, Ctrl-D on an empty line, or Tab. */
export type EditorAction =
  | { kind: "submit"; line: string }
  | { kind: "interrupt" }
  | { kind: "eof" }
  | { kind: "complete"; line: string; cursor: number };

export interface FeedResult {
  action: EditorAction | null;
  /** Input after the action, not yet consumed (typed ahead or pasted). */
  rest: string;
}

/** A key as the terminal encodes it: a character, a control byte, or an escape sequence. */
export function nextKey(data: string, i: number): string {
  if (data[i] !== "\x1b") {
    const cp = data.codePointAt(i)!;
    return String.fromCodePoint(cp);
  }
  const c = data[i + 1];
  if (c === undefined) return "\x1b";
  if (c === "[") {
    let j = i + 2;
    while (j < data.length && /[0-9;?]/.test(data[j])) j++;
    return data.slice(i, Math.min(j + 1, data.length));
  }
  if (c === "O") return data.slice(i, i + 3);
  return data.slice(i, i + 2);
}

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]/g;

/** Columns a string takes: code points, escape sequences not counted. */
export function displayWidth(s: string): number {
  return [...s.replace(ANSI, "")].length;
}

const WORD = /[A-Za-z0-9_]/;

export class LineEditor {
  private chars: string[] = [];
  private cursor = 0;
  private prompt = "";
  private promptWidth = 0;
  /** Where the terminal's cursor is, in cells from the start of the prompt. */
  private shown = 0;
  private histPos = 0;
  private draft: string[] = [];
  private killed = "";
  active = false;
  readonly history: string[] = [];

  constructor(
    private readonly out: (s: string) => void,
    private readonly cols: () => number,
    readonly historySize = 1000,
  ) {}

  get line(): string {
    return this.chars.join("");
  }

  get cursorPos(): number {
    return this.cursor;
  }

  /** Prints `prompt` and starts editing an empty line. */
  start(prompt: string, initial = ""): void {
    this.prompt = prompt;
    this.promptWidth = displayWidth(prompt);
    this.chars = [...initial];
    this.cursor = this.chars.length;
    this.histPos = this.history.length;
    this.draft = [];
    this.active = true;
    this.out(prompt);
    this.shown = this.promptWidth;
    if (initial) this.redraw();
  }

  /** Replaces the line being edited (the playground's "type this command" buttons). */
  setLine(text: string): void {
    this.chars = [...text];
    this.cursor = this.chars.length;
    this.redraw();
  }

  /** Inserts text at the cursor (typed keys, completions). */
  insert(text: string): void {
    const add = [...text].filter((c) => c >= " " && c !== "\x7f");
    if (!add.length) return;
    const atEnd = this.cursor === this.chars.length;
    this.chars.splice(this.cursor, 0, ...add);
    this.cursor += add.length;
    if (atEnd) {
      // Appending: write the characters and let the terminal wrap them.
      const end = this.promptWidth + this.chars.length;
      this.out(add.join("") + (end % this.cols() === 0 ? " \b" : ""));
      this.shown = end;
    } else {
      this.redraw();
    }
  }

  /** Lists completion candidates below the line, then redraws the prompt and line. */
  showCandidates(names: readonly string[]): void {
    this.moveTo(this.chars.length);
    const cols = this.cols();
    const w = Math.max(...names.map((n) => displayWidth(n))) + 2;
    const per = Math.max(1, Math.floor(cols / w));
    const rows: string[] = [];
    for (let i = 0; i < names.length; i += per)
      rows.push(
        names
          .slice(i, i + per)
          .map((n) => n.padEnd(w))
          .join("")
          .trimEnd(),
      );
    this.out(`\r\n${rows.join("\r\n")}\r\n`);
    this.shown = 0;
    this.redraw();
  }

  /** Moves the cursor to the end of the line and leaves the terminal on a fresh line. */
  finish(echo = ""): void {
    this.moveTo(this.chars.length);
    this.out(`${echo}\r\n`);
    this.active = false;
  }

  /** Consumes keys until the line ends (Enter, Ctrl-C, Ctrl-D) or Tab asks for completion. */
  feed(data: string): FeedResult {
    let i = 0;
    while (i < data.length) {
      const key = nextKey(data, i);
      i += key.length;
      // A CR LF pair (pasted text) is one Enter.
      if (key === "\r" && data[i] === "\n") i++;
      const action = this.key(key);
      if (action) return { action, rest: data.slice(i) };
    }
    return { action: null, rest: "" };
  }

  private key(key: string): EditorAction | null {
    switch (key) {
      case "\r":
      case "\n": {
        const line = this.line;
        this.finish();
        this.remember(line);
        return { kind: "submit", line };
      }
      case "\x03":
        this.finish("^C");
        return { kind: "interrupt" };
      case "\x04":
        if (this.chars.length === 0) {
          this.active = false;
          return { kind: "eof" };
        }
        this.deleteRange(this.cursor, this.cursor + 1);
        return null;
      case "\t":
        return { kind: "complete", line: this.line, cursor: this.cursor };
      case "\x7f":
      case "\x08":
        if (this.cursor > 0) this.deleteRange(this.cursor - 1, this.cursor);
        return null;
      case "\x1b[3~":
        this.deleteRange(this.cursor, this.cursor + 1);
        return null;
      case "\x1b[D":
      case "\x1bOD":
      case "\x02":
        this.moveCursor(this.cursor - 1);
        return null;
      case "\x1b[C":
      case "\x1bOC":
      case "\x06":
        this.moveCursor(this.cursor + 1);
        return null;
      case "\x1b[H":
      case "\x1bOH":
      case "\x1b[1~":
      case "\x1b[7~":
      case "\x01":
        this.moveCursor(0);
        return null;
      case "\x1b[F":
      case "\x1bOF":
      case "\x1b[4~":
      case "\x1b[8~":
      case "\x05":
        this.moveCursor(this.chars.length);
        return null;
      case "\x1b[A":
      case "\x1bOA":
      case "\x10":
        this.historyMove(-1);
        return null;
      case "\x1b[B":
      case "\x1bOB":
      case "\x0e":
        this.historyMove(1);
        return null;
      case "\x1bb":
      case "\x1b[1;5D":
      case "\x1b[1;3D":
        this.moveCursor(this.wordStart(this.cursor));
        return null;
      case "\x1bf":
      case "\x1b[1;5C":
      case "\x1b[1;3C":
        this.moveCursor(this.wordEnd(this.cursor));
        return null;
      case "\x15":
        this.kill(0, this.cursor);
        return null;
      case "\x0b":
        this.kill(this.cursor, this.chars.length);
        return null;
      case "\x17": {
        // unix-word-rubout: back to the previous whitespace.
        let j = this.cursor;
        while (j > 0 && this.chars[j - 1] === " ") j--;
        while (j > 0 && this.chars[j - 1] !== " ") j--;
        this.kill(j, this.cursor);
        return null;
      }
      case "\x1bd":
        this.kill(this.cursor, this.wordEnd(this.cursor));
        return null;
      case "\x19":
        this.insert(this.killed);
        return null;
      case "\x0c":
        this.out("\x1b[H\x1b[2J");
        this.shown = 0;
        this.redraw();
        return null;
      default:
        if (key.length > 0 && key[0] >= " " && key !== "\x7f") this.insert(key);
        return null;
    }
  }

  private remember(line: string): void {
    if (!line.trim() || this.history[this.history.length - 1] === line) return;
    this.history.push(line);
    if (this.history.length > this.historySize) this.history.shift();
  }

  private historyMove(step: number): void {
    const next = this.histPos + step;
    if (next < 0 || next > this.history.length) return;
    if (this.histPos === this.history.length) this.draft = this.chars;
    this.histPos = next;
    this.chars = next === this.history.length ? this.draft : [...this.history[next]];
    this.cursor = this.chars.length;
    this.redraw();
  }

  private wordStart(from: number): number {
    let j = from;
    while (j > 0 && !WORD.test(this.chars[j - 1])) j--;
    while (j > 0 && WORD.test(this.chars[j - 1])) j--;
    return j;
  }

  private wordEnd(from: number): number {
    let j = from;
    while (j < this.chars.length && !WORD.test(this.chars[j])) j++;
    while (j < this.chars.length && WORD.test(this.chars[j])) j++;
    return j;
  }

  private kill(from: number, to: number): void {
    if (to <= from) return;
    this.killed = this.chars.slice(from, to).join("");
    this.deleteRange(from, to);
  }

  private deleteRange(from: number, to: number): void {
    if (from < 0 || to > this.chars.length || to <= from) return;
    this.chars.splice(from, to - from);
    this.cursor = from;
    this.redraw();
  }

  private moveCursor(pos: number): void {
    this.cursor = Math.max(0, Math.min(this.chars.length, pos));
    this.moveTo(this.cursor);
  }

  /** Moves the terminal's cursor to character `pos` of the line, by rows and columns. */
  private moveTo(pos: number): void {
    const cols = this.cols();
    const target = this.promptWidth + pos;
    const dy = Math.floor(target / cols) - Math.floor(this.shown / cols);
    let s = dy < 0 ? `\x1b[${-dy}A` : dy > 0 ? `\x1b[${dy}B` : "";
    s += "\r";
    if (target % cols) s += `\x1b[${target % cols}C`;
    this.out(s);
    this.shown = target;
  }

  /** Rewrites prompt and line from the prompt's first cell, then places the cursor. */
  private redraw(): void {
    const cols = this.cols();
    const up = Math.floor(this.shown / cols);
    const end = this.promptWidth + this.chars.length;
    let s = `${up ? `\x1b[${up}A` : ""}\r\x1b[J${this.prompt}${this.line}`;
    if (end > 0 && end % cols === 0) s += " \b";
    this.out(s);
    this.shown = end;
    this.moveTo(this.cursor);
  }
}
