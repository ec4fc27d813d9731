/**
 * The login shell on a terminal in the page, the browser's twin of src/cli/repl.ts:
 * keys from the terminal go to the line editor while the shell waits at its prompt, and
 * to the running program (as a canonical-mode tty line discipline would deliver them)
 * while a command runs. Ctrl-C interrupts the foreground job, Ctrl-D at an empty prompt
 * logs out. Buttons in the page queue commands here as if the learner typed them.
 */
import type { Session } from "../../src/user/session.ts";
import { LineEditor } from "./line_editor.ts";

/** The terminal as the driver sees it (xterm.js in the page, a fake screen in tests). */
export interface TermLike {
  write(data: string | Uint8Array): void;
  readonly cols: number;
  readonly rows: number;
}

export interface DriverHooks {
  /** A command line finished and the prompt is back. */
  onIdle?: (source: string) => void;
  /** A command line started. */
  onBusy?: (source: string) => void;
  /** The shell exited (`exit`, `logout`, Ctrl-D). */
  onLogout?: () => void;
  /** The kernel panicked while a command ran. */
  onPanic?: (reason: string) => void;
  /** Resolves when commands may run (the page is still loading the module compiler). */
  beforeRun?: () => Promise<void>;
}

/** Bash's default completion, roughly: commands for the first word, paths otherwise. */
async function candidates(
  s: Session,
  word: string,
  first: boolean,
): Promise<{ names: string[]; dirs: Set<string> }> {
  const libc = s.libc;
  const home = libc.getenv("HOME") ?? "/";
  const slash = word.lastIndexOf("/");
  const dirs = new Set<string>();
  if (first && slash < 0) {
    const names = new Set<string>();
    for (const dir of (libc.getenv("PATH") ?? "").split(":")) {
      try {
        for (const e of await libc.readdir(dir)) if (e.name.startsWith(word)) names.add(e.name);
      } catch {
        // a missing PATH directory
      }
    }
    return { names: [...names].filter((n) => n !== "." && n !== "..").sort(), dirs };
  }
  const dirPart = slash >= 0 ? word.slice(0, slash + 1) : "";
  const prefix = word.slice(slash + 1);
  let dir = dirPart || ".";
  if (dir === "~/" || dir.startsWith("~/")) dir = home + dir.slice(1);
  try {
    const names: string[] = [];
    for (const e of await libc.readdir(dir)) {
      if (e.name === "." || e.name === ".." || !e.name.startsWith(prefix)) continue;
      if (e.name.startsWith(".") && !prefix.startsWith(".")) continue;
      names.push(dirPart + e.name);
      try {
        if (((await libc.stat(`${dir}/${e.name}`)).mode & 0o170000) === 0o040000)
          dirs.add(dirPart + e.name);
      } catch {
        // a dangling symlink completes as a file
      }
    }
    return { names: names.sort(), dirs };
  } catch {
    return { names: [], dirs };
  }
}

function commonPrefix(names: readonly string[]): string {
  let p = names[0] ?? "";
  for (const n of names) while (!n.startsWith(p)) p = p.slice(0, -1);
  return p;
}

export class ShellDriver {
  readonly editor: LineEditor;
  /** A command line is running. */
  busy = false;
  /** Command lines run so far (the browser tests wait on it). */
  runs = 0;
  /** The prompt is shown and the editor takes keys. */
  private ready = false;
  private disposed = false;
  /** Keys that arrived while the prompt was not up (typed ahead, or the rest of a paste). */
  private typeahead: string[] = [];
  /** Command lines queued by the page's buttons. */
  private commands: string[] = [];
  /** Lines of a command that is not complete yet (the shell showed PS2). */
  private pendingSource = "";
  /** A line being typed to a running program. */
  private cooked = "";
  /**
   * Lines typed while a command runs, not yet read by anyone (null: Ctrl-D). A program
   * blocked reading the terminal gets them; what is left when the command ends goes to the
   * prompt, as a tty's typeahead reaches bash.
   */
  private ttyLines: (string | null)[] = [];
  private ttyPoll: ReturnType<typeof setInterval> | null = null;
  private lastTab = "";

  constructor(
    private readonly term: TermLike,
    readonly session: Session,
    private readonly hooks: DriverHooks = {},
    history: readonly string[] = [],
  ) {
    this.editor = new LineEditor(
      (s) => this.term.write(s),
      () => this.term.cols,
    );
    this.editor.history.push(...history);
  }

  /** The prompt is up and nothing is queued: the shell waits for the learner. */
  get idle(): boolean {
    return this.ready && !this.busy && !this.commands.length && !this.typeahead.length;
  }

  /** Shows the first prompt. */
  start(): Promise<void> {
    return this.showPrompt();
  }

  /** Stops taking input (the kernel is being rebooted). */
  dispose(): void {
    this.disposed = true;
    this.ready = false;
  }

  /** Runs a command line as if typed, now or as soon as the prompt is back. */
  run(source: string): void {
    this.commands.push(source);
    if (this.ready && !this.pendingSource) this.nextCommand();
  }

  /** Puts a command line at the prompt without running it. */
  typeIn(text: string): void {
    if (this.ready) this.editor.setLine(text);
    else this.typeahead.push(text);
  }

  resize(cols: number, rows: number): void {
    this.session.tty?.resize(cols, rows);
  }

  /** Keys from the terminal (xterm's onData). */
  input(data: string): void {
    if (this.disposed) return;
    if (this.busy) {
      this.toProgram(data);
      return;
    }
    if (!this.ready) {
      this.typeahead.push(data);
      return;
    }
    const { action, rest } = this.editor.feed(data);
    if (rest) this.typeahead.unshift(rest);
    if (!action) return;
    if (action.kind === "complete") {
      void this.complete(action.line, action.cursor);
      return;
    }
    this.lastTab = "";
    this.ready = false;
    if (action.kind === "interrupt") {
      this.pendingSource = "";
      void this.showPrompt();
    } else if (action.kind === "eof") {
      void this.execute("exit", false);
    } else {
      const src = this.pendingSource ? `${this.pendingSource}\n${action.line}` : action.line;
      if (!this.session.shell.isComplete(src)) {
        this.pendingSource = src;
        void this.showPrompt();
        return;
      }
      this.pendingSource = "";
      void this.execute(src, true);
    }
  }

  /** What a canonical-mode tty does with keys while a program runs: echo, erase, signals. */
  private toProgram(data: string): void {
    const tty = this.session.tty;
    if (!tty) return;
    for (let i = 0; i < data.length; i++) {
      const c = data[i];
      if (c === "\r" || c === "\n") {
        if (c === "\r" && data[i + 1] === "\n") i++;
        this.term.write("\r\n");
        this.ttyLines.push(`${this.cooked}\n`);
        this.cooked = "";
      } else if (c === "\x7f" || c === "\b") {
        if (this.cooked) {
          this.cooked = [...this.cooked].slice(0, -1).join("");
          this.term.write("\b \b");
        }
      } else if (c === "\x03") {
        this.term.write("^C");
        this.cooked = "";
        this.ttyLines = [];
        tty.interrupt();
      } else if (c === "\x04") {
        this.ttyLines.push(this.cooked || null);
        this.cooked = "";
      } else if (c === "\x15") {
        this.term.write("\b \b".repeat([...this.cooked].length));
        this.cooked = "";
      } else if (c === "\x1b") {
        // An escape sequence (arrows ...): a cooked tty would pass it on; programs here
        // read lines, so it is dropped rather than echoed as ^[[A.
        while (i + 1 < data.length && !/[A-Za-z~]/.test(data[i + 1])) i++;
        i++;
      } else if (c >= " ") {
        this.cooked += c;
        this.term.write(c);
      }
    }
    this.feedTty();
  }

  /** Hands typed lines to a program that is waiting for terminal input. */
  private feedTty(): void {
    const tty = this.session.tty;
    if (!tty || !this.ttyLines.length || tty.wait.waiters.size === 0) return;
    for (const l of this.ttyLines.splice(0)) {
      if (l === null) tty.sendEof();
      else tty.type(l);
    }
  }

  private async complete(line: string, cursor: number): Promise<void> {
    this.ready = false;
    try {
      const before = line.slice(0, cursor);
      const m = /(\S*)$/.exec(before)!;
      const word = m[1];
      const first = before.slice(0, before.length - word.length).trim() === "";
      const { names, dirs } = await candidates(this.session, word, first);
      if (this.disposed) return;
      if (names.length === 1) {
        const n = names[0];
        this.editor.insert(n.slice(word.length) + (dirs.has(n) ? "/" : " "));
      } else if (names.length > 1) {
        const p = commonPrefix(names);
        if (p.length > word.length) this.editor.insert(p.slice(word.length));
        else if (this.lastTab === line) {
          const slash = word.lastIndexOf("/");
          this.editor.showCandidates(names.map((n) => n.slice(slash + 1)));
        }
      }
      this.lastTab = this.editor.line;
    } finally {
      if (!this.disposed) {
        this.ready = true;
        this.drain();
      }
    }
  }

  private async execute(src: string, report: boolean): Promise<void> {
    const k = this.session.kernel;
    this.busy = true;
    if (report) this.hooks.onBusy?.(src);
    this.ttyPoll = setInterval(() => this.feedTty(), 15);
    try {
      await this.hooks.beforeRun?.();
      await this.session.shell.run(src);
    } catch (e) {
      // The shell reports its own errors; anything here is the host's bug or a panic.
      if (!k.panicked) this.term.write(`\r\nvkern: ${e instanceof Error ? e.message : e}\r\n`);
    }
    this.busy = false;
    if (this.ttyPoll) clearInterval(this.ttyPoll);
    this.ttyPoll = null;
    // Typeahead nobody read goes to the prompt (a partly typed line too).
    const left = this.ttyLines
      .splice(0)
      .filter((l): l is string => l !== null)
      .map((l) => l.replace(/\n$/, "\r"));
    if (this.cooked) left.push(this.cooked);
    this.cooked = "";
    this.typeahead.push(...left);
    this.runs++;
    if (this.disposed) return;
    if (k.panicked) {
      this.disposed = true;
      this.hooks.onPanic?.(k.panicked);
      return;
    }
    if (this.session.shell.exited) {
      this.disposed = true;
      this.hooks.onLogout?.();
      return;
    }
    await this.showPrompt();
    if (report) this.hooks.onIdle?.(src);
  }

  private async showPrompt(): Promise<void> {
    this.ready = false;
    const shell = this.session.shell;
    try {
      await shell.beforePrompt();
    } catch {
      // job notices are best effort
    }
    if (this.disposed) return;
    const prompt = this.pendingSource ? "> " : await shell.prompt();
    if (this.disposed) return;
    this.editor.start(prompt);
    this.ready = true;
    this.drain();
  }

  /** Feeds queued commands, then typed-ahead keys, into the prompt that is now up. */
  private drain(): void {
    if (!this.ready || this.disposed) return;
    if (this.commands.length && !this.pendingSource && this.editor.line === "") {
      this.nextCommand();
      return;
    }
    const next = this.typeahead.shift();
    if (next !== undefined) this.input(next);
  }

  private nextCommand(): void {
    const cmd = this.commands.shift();
    if (cmd === undefined) return;
    const [first, ...more] = cmd.split("\n");
    this.editor.setLine(first);
    if (!more.length) {
      this.input("\r");
      return;
    }
    // A multi-line command (a here-document): echo it as bash shows continuation lines.
    this.editor.finish();
    for (const line of more) this.term.write(`> ${line}\r\n`);
    this.ready = false;
    void this.execute(cmd, true);
  }
}
