/**
 * The evaluator: walks the AST of src/user/sh/parse, forking and exec'ing
 * through the C library as dash and bash do (fork/exec/wait, pipes,
 * redirections with dup2, subshells in child processes).
 */
import {
  F_DUPFD_CLOEXEC,
  O_APPEND,
  O_CREAT,
  O_EXCL,
  O_RDONLY,
  O_RDWR,
  O_TRUNC,
  O_WRONLY,
} from "../../include/uapi/fcntl.ts";
import { bashSignalMessage, SIGINT, SIGQUIT, SIGTERM, SIGTSTP } from "../../include/uapi/signal.ts";
import { S_IFDIR, S_IFMT } from "../../include/uapi/stat.ts";
import { SysError } from "../libc/errors.ts";
import type { Libc } from "../libc/libc.ts";
import type { ShellOptions, ShellSession } from "./api.ts";
import { type Builtin, builtins, SPECIAL_BUILTINS } from "./builtins.ts";
import { Expander, patternMatch } from "./expand.ts";
import { dashErrmsg, errPrefix } from "./messages.ts";
import {
  type AndOr,
  ArithError,
  type Command,
  createReader,
  evalArith,
  type List,
  type Pipeline,
  parseIncremental,
  type Redirect,
  ShellSyntaxError,
  type SimpleCommand,
} from "./parse/index.ts";
import { expandPrompt } from "./prompt.ts";
import { BreakSignal, ExitSignal, ReturnSignal, ShellError, ShellState } from "./state.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Thrown to abandon the current command after an expansion or redirection error. */
export class CommandAbort {
  constructor(readonly status: number) {}
}

/** A foreground job died of Ctrl-C: the rest of the typed input is abandoned, as in bash. */
export class JobInterrupted {
  constructor(readonly status: number) {}
}

interface SavedFd {
  fd: number;
  saved: number | null;
}

export class Shell implements ShellSession {
  readonly st: ShellState;
  readonly exp: Expander;
  private exitedFlag = false;
  private heredocSeq = 0;

  constructor(
    readonly libc: Libc,
    opts: ShellOptions,
    state?: ShellState,
  ) {
    this.st = state ?? new ShellState(opts.personality, opts.interactive, opts.name, libc.pid);
    if (!state) {
      if (opts.reads) this.st.implicitFlags += opts.reads;
      this.st.positional = opts.args ?? [];
      for (const [k, v] of libc.env) this.st.set(k, v, true);
      if (this.st.get("IFS") === undefined) this.st.set("IFS", " \t\n");
      if (this.st.get("PS2") === undefined) this.st.set("PS2", "> ");
      if (opts.personality === "bash") {
        if (this.st.get("PS1") === undefined) this.st.set("PS1", "\\u@\\h:\\w\\$ ");
        this.st.set("BASH", "/bin/bash");
        this.st.set("BASH_VERSION", "4.4.20(1)-release");
        this.st.set("SHLVL", String(Number(libc.env.get("SHLVL") ?? "0") + 1), true);
      } else if (this.st.get("PS1") === undefined) {
        this.st.set("PS1", libc.env.get("USER") === "root" ? "# " : "$ ");
      }
      this.st.set("PPID", "0");
    }
    this.exp = new Expander({
      state: this.st,
      commandSub: (body) => this.commandSub(body),
      homeOf: (u) => this.homeOf(u),
      readdir: async (d) => {
        try {
          return (await this.libc.readdir(d)).map((e) => e.name);
        } catch {
          return null;
        }
      },
      fail: (m, status) => {
        this.errorLine(m);
        throw new CommandAbort(status ?? (this.st.personality === "dash" ? 2 : 1));
      },
    });
  }

  get status(): number {
    return this.st.status;
  }

  get exited(): boolean {
    return this.exitedFlag || !this.libc.port.alive;
  }

  // --- ShellSession ------------------------------------------------------------

  isComplete(source: string): boolean {
    return !("needMore" in parseIncremental(`${source}\n`, this.st.personality));
  }

  async prompt(): Promise<string> {
    const ps1 = this.st.get("PS1") ?? "$ ";
    if (this.st.personality === "dash") return ps1;
    return expandPrompt(this, ps1);
  }

  async run(source: string): Promise<number> {
    // Typed input ends with its newline; `sh -c` text is taken as it is (dash counts lines so).
    const text = this.st.interactive && !source.endsWith("\n") ? `${source}\n` : source;
    const reader = createReader(text, this.st.personality);
    for (;;) {
      let list: List | null;
      try {
        list = reader.next();
      } catch (e) {
        if (!(e instanceof ShellSyntaxError)) throw e;
        this.syntaxError(e);
        if (!this.st.interactive) await this.exit(2);
        this.st.status = 2;
        return this.st.status;
      }
      if (!list) break;
      try {
        await this.runList(list);
      } catch (e) {
        if (e instanceof ExitSignal) {
          await this.exit(e.status);
          return e.status;
        }
        if (e instanceof ShellError) {
          this.errorLine(e.message);
          this.st.status = e.status;
          if (!this.st.interactive) {
            await this.exit(e.status);
            return e.status;
          }
        } else if (e instanceof JobInterrupted) {
          // A foreground job killed by Ctrl-C stops the rest of the typed line, as in bash.
          this.st.status = e.status;
          return e.status;
        } else if (e instanceof BreakSignal || e instanceof ReturnSignal) {
          // break outside a loop / return outside a function: ignored at top level
          if (e instanceof ReturnSignal) this.st.status = e.status;
        } else throw e;
      }
      if (this.exitedFlag) break;
    }
    return this.st.status;
  }

  async beforePrompt(): Promise<void> {
    await this.reapJobs(true);
  }

  // --- messages ------------------------------------------------------------------

  async errWrite(text: string): Promise<void> {
    try {
      await this.libc.writeAll(2, text);
    } catch {
      // nowhere to report a failed error message
    }
  }

  errorLine(msg: string, withLine = true): void {
    void this.errWrite(`${errPrefix(this.st, withLine)}${msg}\n`);
  }

  private syntaxError(e: ShellSyntaxError): void {
    const st = this.st;
    if (st.personality === "dash") {
      void this.errWrite(`${st.name}: ${e.line}: ${e.message}\n`);
    } else if (st.interactive) {
      void this.errWrite(`bash: ${e.message}\n`);
    } else {
      void this.errWrite(
        `${st.name}: line ${e.line}: ${e.message}\n${e.sourceLine !== null ? `${st.name}: line ${e.line}: \`${e.sourceLine}'\n` : ""}`,
      );
    }
  }

  private async exit(status: number): Promise<void> {
    if (this.exitedFlag) return;
    this.exitedFlag = true;
    this.st.status = status & 0xff;
    const trap = this.st.traps.get("EXIT");
    if (trap) {
      this.st.traps.delete("EXIT");
      await this.run(trap);
      this.st.status = status & 0xff;
    }
  }

  // --- lists, and-or lists, pipelines ----------------------------------------------

  async runList(list: List): Promise<number> {
    for (const item of list.items) {
      if (item.background) await this.runBackground(item);
      else await this.runAndOr(item);
      if (this.exitedFlag) break;
    }
    return this.st.status;
  }

  private async runAndOr(ao: AndOr): Promise<number> {
    this.st.lineno = ao.line;
    let status = await this.runPipeline(ao.head, ao.tail.length > 0);
    for (const t of ao.tail) {
      if ((t.op === "&&" && status !== 0) || (t.op === "||" && status === 0)) continue;
      status = await this.runPipeline(t.pipeline, t !== ao.tail[ao.tail.length - 1]);
    }
    return status;
  }

  private async runPipeline(p: Pipeline, inCondition: boolean): Promise<number> {
    this.st.lineno = p.line;
    let status: number;
    if (p.commands.length === 0) status = 1;
    else if (p.commands.length === 1) status = await this.runCommand(p.commands[0]);
    else status = await this.runPipe(p.commands);
    if (p.negated) status = status === 0 ? 1 : 0;
    this.st.status = status;
    if (
      status !== 0 &&
      this.st.options.has("e") &&
      !p.negated &&
      !inCondition &&
      this.st.funcDepth === 0
    ) {
      throw new ExitSignal(status);
    }
    return status;
  }

  private async runPipe(cmds: Command[]): Promise<number> {
    const pids: number[] = [];
    let prevRead = -1;
    for (let i = 0; i < cmds.length; i++) {
      const last = i === cmds.length - 1;
      const [r, w] = last ? [-1, -1] : await this.libc.pipe();
      const input = prevRead;
      const cmd = cmds[i];
      const pid = await this.libc.fork(async (c) => {
        if (input >= 0) {
          await c.dup2(input, 0);
          await c.close(input);
        }
        if (!last) {
          await c.close(r);
          await c.dup2(w, 1);
          await c.close(w);
        }
        return this.subshell(c).runInChild(cmd);
      });
      pids.push(pid);
      if (input >= 0) await this.libc.close(input);
      if (!last) await this.libc.close(w);
      prevRead = r;
    }
    let status = 0;
    for (const pid of pids) status = await this.waitFg(pid, "");
    return status;
  }

  /** A copy of this shell for a forked child. */
  subshell(c: Libc): Shell {
    return new Shell(
      c,
      { personality: this.st.personality, interactive: false, name: this.st.name },
      this.st.fork(c.pid),
    );
  }

  /** Runs one command as the whole of a child process, returning its exit status. */
  async runInChild(cmd: Command): Promise<number> {
    try {
      if (cmd.type === "SimpleCommand") return await this.runSimple(cmd, true);
      return await this.runCommand(cmd);
    } catch (e) {
      if (e instanceof ExitSignal) return e.status;
      if (e instanceof CommandAbort) return e.status;
      if (e instanceof ShellError) {
        this.errorLine(e.message);
        return e.status;
      }
      if (e instanceof ReturnSignal) return e.status;
      if (e instanceof BreakSignal) return this.st.status;
      throw e;
    } finally {
      await this.runExitTrap();
    }
  }

  private async runExitTrap(): Promise<void> {
    const trap = this.st.traps.get("EXIT");
    if (trap) {
      this.st.traps.delete("EXIT");
      await this.run(trap);
    }
  }

  private async runBackground(ao: AndOr): Promise<void> {
    const text = this.commandText(ao);
    const pid = await this.libc.fork(async (c) => {
      const sub = this.subshell(c);
      // A background job of a non-interactive shell ignores SIGINT and SIGQUIT.
      if (!this.st.interactive) {
        await c.signal(SIGINT, "ignore");
        await c.signal(SIGQUIT, "ignore");
      }
      // `cmd &` of one simple command: the child runs the command itself, as bash execs
      // it there, so `$!` is the command's own pid (`kill $!` reaches it).
      const only = ao.head.commands[0];
      if (
        !ao.tail.length &&
        !ao.head.negated &&
        ao.head.commands.length === 1 &&
        only?.type === "SimpleCommand"
      )
        return await sub.runInChild(only);
      try {
        return await sub.runAndOr({ ...ao, background: false });
      } catch (e) {
        if (e instanceof ExitSignal) return e.status;
        if (e instanceof CommandAbort) return e.status;
        throw e;
      }
    });
    this.st.lastBg = pid;
    this.st.status = 0;
    if (this.st.interactive) {
      const id = (this.st.jobs.at(-1)?.id ?? 0) + 1;
      this.st.jobs.push({ id, pids: [pid], text, done: new Map(), notified: false });
      await this.errWrite(`[${id}] ${pid}\n`);
    }
  }

  /** The command text bash shows in job notices. */
  private commandText(ao: AndOr): string {
    const words = ao.head.commands.map((c) =>
      c.type === "SimpleCommand" ? c.words.map((w) => w.text).join(" ") : c.type,
    );
    return words.join(" | ") + (ao.tail.length ? " ..." : "");
  }

  /** Reaps finished background jobs; prints `[1]+  Done ...` notices when asked. */
  async reapJobs(notify: boolean): Promise<void> {
    for (const job of this.st.jobs) {
      for (const pid of job.pids) {
        if (job.done.has(pid)) continue;
        try {
          const r = await this.libc.waitpid(pid, 1);
          if (r.pid === pid) job.done.set(pid, r.status);
        } catch {
          job.done.set(pid, 0);
        }
      }
    }
    const finished = this.st.jobs.filter((j) => j.done.size === j.pids.length);
    if (!finished.length) return;
    const cur = this.st.jobs.at(-1);
    const prev = this.st.jobs.at(-2);
    if (notify) {
      for (const j of finished) {
        const ws = j.done.get(j.pids[j.pids.length - 1]) ?? 0;
        const sig = ws & 0x7f;
        const code = (ws >> 8) & 0xff;
        const state = sig ? this.libc.strsignal(sig) : code ? `Exit ${code}` : "Done";
        const mark = j === cur ? "+" : j === prev ? "-" : " ";
        await this.errWrite(`[${j.id}]${mark}  ${state.padEnd(24)}${j.text}\n`);
      }
    }
    this.st.jobs = this.st.jobs.filter((j) => !finished.includes(j));
  }

  /** Waits for a foreground child; reports death by a signal as bash does. */
  async waitFg(pid: number, text: string): Promise<number> {
    for (;;) {
      let r: { pid: number; status: number };
      try {
        r = await this.libc.waitpid(pid);
      } catch (e) {
        if (e instanceof SysError && e.code === "EINTR") continue;
        return 127;
      }
      const sig = r.status & 0x7f;
      if (sig === SIGINT && this.st.interactive && this.st.personality === "bash") {
        await this.errWrite("\n");
        throw new JobInterrupted(128 + sig);
      }
      if (sig) {
        if (this.st.personality === "bash" && (this.st.interactive || this.st.interactiveParent)) {
          const m = bashSignalMessage(sig, {
            interactive: true,
            coreDumped: (r.status & 0x80) !== 0,
          });
          if (m) await this.errWrite(m);
        } else if (this.st.personality === "bash" && sig !== SIGINT) {
          const m = bashSignalMessage(sig, {
            interactive: false,
            coreDumped: (r.status & 0x80) !== 0,
            shellName: this.st.name,
            line: this.st.lineno,
            pid,
            command: text,
          });
          if (m) await this.errWrite(m);
        }
        return 128 + sig;
      }
      return (r.status >> 8) & 0xff;
    }
  }

  // --- commands ----------------------------------------------------------------------

  async runCommand(cmd: Command): Promise<number> {
    if (cmd.type !== "FunctionDef") this.st.lineno = cmd.line;
    try {
      switch (cmd.type) {
        case "SimpleCommand":
          return (this.st.status = await this.runSimple(cmd, false));
        case "FunctionDef":
          this.st.functions.set(cmd.name, cmd.body);
          return (this.st.status = 0);
        default:
          return (this.st.status = await this.withRedirects(cmd.redirects, () =>
            this.runCompound(cmd),
          ));
      }
    } catch (e) {
      if (e instanceof CommandAbort) return (this.st.status = e.status);
      throw e;
    }
  }

  private async runCompound(
    cmd: Exclude<Command, SimpleCommand | { type: "FunctionDef" }>,
  ): Promise<number> {
    const st = this.st;
    switch (cmd.type) {
      case "Subshell": {
        const pid = await this.libc.fork(async (c) => {
          const sub = this.subshell(c);
          try {
            return await sub.runList(cmd.body);
          } catch (e) {
            if (e instanceof ExitSignal) return e.status;
            if (e instanceof CommandAbort) return e.status;
            throw e;
          } finally {
            await sub.runExitTrap();
          }
        });
        return this.waitFg(pid, "");
      }
      case "BraceGroup":
        return this.runList(cmd.body);
      case "If": {
        for (const c of cmd.clauses) {
          if ((await this.runCondition(c.condition)) === 0) return this.runList(c.body);
        }
        if (cmd.elseBody) return this.runList(cmd.elseBody);
        return 0;
      }
      case "While": {
        let status = 0;
        st.loopDepth++;
        try {
          for (;;) {
            const c = await this.runCondition(cmd.condition);
            if (cmd.until ? c === 0 : c !== 0) break;
            try {
              status = await this.runList(cmd.body);
            } catch (e) {
              if (!(e instanceof BreakSignal)) throw e;
              if (e.levels > 1) throw new BreakSignal(e.levels - 1, e.isContinue);
              if (!e.isContinue) break;
            }
            await this.yieldNow();
          }
        } finally {
          st.loopDepth--;
        }
        return status;
      }
      case "For": {
        const items = cmd.words === null ? [...st.positional] : await this.exp.words(cmd.words);
        let status = 0;
        st.loopDepth++;
        try {
          for (const v of items) {
            if (!st.set(cmd.name, v)) throw new ShellError(`${cmd.name}: is read only`, 2);
            try {
              status = await this.runList(cmd.body);
            } catch (e) {
              if (!(e instanceof BreakSignal)) throw e;
              if (e.levels > 1) throw new BreakSignal(e.levels - 1, e.isContinue);
              if (!e.isContinue) break;
            }
          }
        } finally {
          st.loopDepth--;
        }
        return status;
      }
      case "Case": {
        const word = await this.exp.single(cmd.word);
        for (let i = 0; i < cmd.items.length; i++) {
          const item = cmd.items[i];
          let hit = false;
          for (const p of item.patterns) {
            if (patternMatch(await this.exp.pattern(p), word)) {
              hit = true;
              break;
            }
          }
          if (!hit) continue;
          let status = await this.runList(item.body);
          // bash ;& falls through into the next body
          let j = i;
          while (cmd.items[j]?.terminator === ";&" && j + 1 < cmd.items.length) {
            j++;
            status = await this.runList(cmd.items[j].body);
          }
          return status;
        }
        return 0;
      }
      case "ArithCommand": {
        const v = await this.exp.dqParts(cmd.expr);
        const n = await this.arithValue(v);
        return n !== 0n ? 0 : 1;
      }
      case "ArithFor": {
        const ev = async (parts: typeof cmd.init) => this.arithValue(await this.exp.dqParts(parts));
        await ev(cmd.init);
        let status = 0;
        st.loopDepth++;
        try {
          for (;;) {
            const t = await this.exp.dqParts(cmd.test);
            if (t.trim() !== "" && (await this.arithValue(t)) === 0n) break;
            try {
              status = await this.runList(cmd.body);
            } catch (e) {
              if (!(e instanceof BreakSignal)) throw e;
              if (e.levels > 1) throw new BreakSignal(e.levels - 1, e.isContinue);
              if (!e.isContinue) break;
            }
            await ev(cmd.update);
          }
        } finally {
          st.loopDepth--;
        }
        return status;
      }
    }
  }

  /** Lets other processes run during long loops (the kernel is cooperative). */
  private async yieldNow(): Promise<void> {
    await Promise.resolve();
  }

  async arithValue(text: string): Promise<bigint> {
    try {
      return evalArith(
        text,
        { lookup: (n) => this.st.get(n), assign: (n, v) => void this.st.set(n, v.toString()) },
        this.st.personality,
      );
    } catch (e) {
      if (e instanceof ArithError) {
        this.errorLine(`${text}: ${e.message}`);
        throw new CommandAbort(this.st.personality === "dash" ? 2 : 1);
      }
      throw e;
    }
  }

  /** A condition (if/while): `set -e` does not apply inside it. */
  private async runCondition(list: List): Promise<number> {
    const hadE = this.st.options.has("e");
    this.st.options.delete("e");
    try {
      return await this.runList(list);
    } finally {
      if (hadE) this.st.options.add("e");
    }
  }

  // --- simple commands -------------------------------------------------------------

  /**
   * Runs a simple command. `inChild`: this process may be replaced by the command
   * (the last command of a pipeline element or a subshell) — exec without forking.
   */
  async runSimple(cmd: SimpleCommand, inChild: boolean): Promise<number> {
    const st = this.st;
    st.lineno = cmd.line;
    const argv = await this.exp.words(cmd.words);
    const assigns: [string, string][] = [];
    for (const a of cmd.assignments) assigns.push([a.name, await this.exp.single(a.value)]);
    if (st.options.has("x")) {
      const ps4 = st.get("PS4") ?? "+ ";
      await this.errWrite(
        `${ps4}${[...assigns.map(([k, v]) => `${k}=${v}`), ...argv].join(" ")}\n`,
      );
    }
    if (argv.length === 0) {
      for (const [k, v] of assigns) {
        if (!st.set(k, v)) {
          this.errorLine(
            st.personality === "dash" ? `${k}: is read only` : `${k}: readonly variable`,
          );
          return 1;
        }
      }
      // Redirections alone still happen (creating files), in a scope of their own.
      return this.withRedirects(cmd.redirects, async () => st.status);
    }
    const name = argv[0];
    if (name === "exec" && argv.length === 1) {
      // `exec` with only redirections changes this shell's own fds for good.
      try {
        await this.applyRedirects(cmd.redirects, false);
      } catch (e) {
        if (e instanceof CommandAbort) return e.status;
        throw e;
      }
      return 0;
    }
    const special = SPECIAL_BUILTINS.has(name);
    const fn = special ? undefined : st.functions.get(name);
    const builtin = builtins[name] as Builtin | undefined;
    if (special || (!fn && builtin)) {
      // Assignments before special builtins persist (POSIX); before others they are temporary.
      const saved = special ? [] : assigns.map(([k]) => [k, st.vars.get(k)] as const);
      for (const [k, v] of assigns) st.set(k, v, !special);
      try {
        return await this.withRedirects(cmd.redirects, () => this.runBuiltin(builtin!, argv));
      } finally {
        for (const [k, v] of saved) {
          if (v) st.vars.set(k, v);
          else st.vars.delete(k);
        }
      }
    }
    if (fn) {
      return this.withRedirects(cmd.redirects, () =>
        this.callFunction(name, fn, argv.slice(1), assigns),
      );
    }
    return this.runExternal(argv, assigns, cmd.redirects, inChild);
  }

  private async runBuiltin(b: Builtin, argv: string[]): Promise<number> {
    return b(this, argv);
  }

  async callFunction(
    _name: string,
    body: Command,
    args: string[],
    assigns: [string, string][],
  ): Promise<number> {
    const st = this.st;
    const savedPos = st.positional;
    const savedVars = assigns.map(([k]) => [k, st.vars.get(k)] as const);
    for (const [k, v] of assigns) st.set(k, v, true);
    st.positional = args;
    st.funcDepth++;
    st.locals.push(new Map());
    try {
      return await this.runCommand(body);
    } catch (e) {
      if (e instanceof ReturnSignal) return (st.status = e.status);
      throw e;
    } finally {
      st.funcDepth--;
      const frame = st.locals.pop()!;
      for (const [k, v] of frame) {
        if (v) st.vars.set(k, v);
        else st.vars.delete(k);
      }
      st.positional = savedPos;
      for (const [k, v] of savedVars) {
        if (v) st.vars.set(k, v);
        else st.vars.delete(k);
      }
    }
  }

  /** Finds a command in $PATH: the path, or how it failed. */
  async lookPath(
    name: string,
  ): Promise<{ path: string } | { err: "notfound" | "denied" | "isdir"; path: string }> {
    if (name.includes("/")) {
      try {
        const s = await this.libc.stat(name);
        if ((s.mode & S_IFMT) === S_IFDIR) return { err: "isdir", path: name };
        return { path: name };
      } catch {
        return { err: "notfound", path: name };
      }
    }
    const path = this.st.get("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
    let denied: string | null = null;
    for (const dir of path.split(":")) {
      const p = `${dir || "."}/${name}`;
      try {
        const s = await this.libc.stat(p);
        if ((s.mode & S_IFMT) === S_IFDIR) continue;
        try {
          await this.libc.access(p, 1);
          return { path: p };
        } catch {
          denied ??= p;
        }
      } catch {
        // not in this directory
      }
    }
    return denied ? { err: "denied", path: denied } : { err: "notfound", path: name };
  }

  async runExternal(
    argv: string[],
    assigns: [string, string][],
    redirects: Redirect[],
    inChild: boolean,
  ): Promise<number> {
    const name = argv[0];
    const found = await this.lookPath(name);
    const env = this.st.environ(assigns);
    const body = async (c: Libc, sh: Shell): Promise<number> => {
      try {
        await sh.applyRedirects(redirects, false);
      } catch (e) {
        if (e instanceof CommandAbort) return e.status;
        throw e;
      }
      if ("err" in found) return sh.commandError(name, found.err);
      // A child restores the default handling of the signals an interactive shell ignores.
      for (const sig of [SIGINT, SIGQUIT, SIGTERM, SIGTSTP]) await c.signal(sig, "default");
      try {
        await c.execve(found.path, argv, env);
      } catch (e) {
        if (!(e instanceof SysError)) throw e;
        if (e.code === "ENOEXEC") return sh.runScriptFile(found.path, argv);
        if (e.code === "EACCES") return sh.commandError(found.path, "denied");
        if (e.code === "ENOENT") return sh.commandError(name, "notfound");
        sh.errorLine(`${found.path}: ${this.libc.strerror(e.errno)}`);
        return 126;
      }
      return 0;
    };
    if (inChild) return body(this.libc, this);
    const pid = await this.libc.fork((c) => body(c, this.subshell(c)));
    return this.waitFg(pid, argv.join(" "));
  }

  /** A file without #! that execve refused: the shell runs it as a script (ENOEXEC). */
  private async runScriptFile(path: string, argv: string[]): Promise<number> {
    let text: string;
    try {
      text = dec.decode(await this.libc.readFile(path));
    } catch (e) {
      if (e instanceof SysError) {
        this.errorLine(`${path}: ${this.libc.strerror(e.errno)}`);
        return 126;
      }
      throw e;
    }
    this.st.positional = argv.slice(1);
    this.st.interactive = false;
    this.st.interactiveParent = false;
    return this.run(text);
  }

  commandError(name: string, err: "notfound" | "denied" | "isdir"): number {
    const st = this.st;
    if (err === "notfound") {
      if (st.personality === "dash") this.errorLine(`${name}: not found`);
      else
        this.errorLine(
          name.includes("/") ? `${name}: No such file or directory` : `${name}: command not found`,
        );
      return 127;
    }
    if (err === "isdir") {
      this.errorLine(
        st.personality === "dash" ? `${name}: Permission denied` : `${name}: Is a directory`,
      );
      return 126;
    }
    this.errorLine(`${name}: Permission denied`);
    return 126;
  }

  // --- redirections ------------------------------------------------------------------

  /** Applies redirections for a command run in this shell, restoring the fds afterwards. */
  async withRedirects(redirects: Redirect[], fn: () => Promise<number>): Promise<number> {
    if (!redirects.length) return fn();
    let saved: SavedFd[];
    try {
      saved = await this.applyRedirects(redirects, true);
    } catch (e) {
      if (e instanceof CommandAbort) return e.status;
      throw e;
    }
    try {
      return await fn();
    } finally {
      await this.restoreFds(saved);
    }
  }

  private async restoreFds(saved: SavedFd[]): Promise<void> {
    for (const s of saved.reverse()) {
      if (s.saved !== null) {
        await this.libc.dup2(s.saved, s.fd);
        await this.libc.close(s.saved);
      } else {
        await this.libc.close(s.fd).catch(() => 0);
      }
    }
  }

  private async saveFd(fd: number, saved: SavedFd[]): Promise<void> {
    if (saved.some((s) => s.fd === fd)) return;
    try {
      const copy = await this.libc.fcntl(fd, F_DUPFD_CLOEXEC, 10);
      saved.push({ fd, saved: copy });
    } catch {
      saved.push({ fd, saved: null });
    }
  }

  /** Performs redirections; with `save`, returns how to undo them. Throws CommandAbort on failure. */
  async applyRedirects(redirects: Redirect[], save: boolean): Promise<SavedFd[]> {
    const saved: SavedFd[] = [];
    const st = this.st;
    try {
      for (const r of redirects) {
        if (save) await this.saveFd(r.fd, saved);
        if (r.type === "File") {
          const target = await this.exp.target(r.target);
          let flags: number;
          switch (r.op) {
            case "<":
              flags = O_RDONLY;
              break;
            case ">":
              flags = O_WRONLY | O_CREAT | O_TRUNC | (st.options.has("C") ? O_EXCL : 0);
              break;
            case ">|":
              flags = O_WRONLY | O_CREAT | O_TRUNC;
              break;
            case ">>":
              flags = O_WRONLY | O_CREAT | O_APPEND;
              break;
            default:
              flags = O_RDWR | O_CREAT;
          }
          let fd: number;
          try {
            fd = await this.libc.open(target, flags, 0o666);
          } catch (e) {
            if (!(e instanceof SysError)) throw e;
            const text = this.libc.strerror(e.errno);
            if (st.personality === "dash") {
              const create = r.op !== "<";
              this.errorLine(
                `cannot ${create ? "create" : "open"} ${target}: ${dashErrmsg(e.errno, text, create ? "create" : "open")}`,
              );
              throw new CommandAbort(2);
            }
            this.errorLine(`${target}: ${text}`);
            throw new CommandAbort(1);
          }
          if (fd !== r.fd) {
            await this.libc.dup2(fd, r.fd);
            await this.libc.close(fd);
          }
        } else if (r.type === "Dup") {
          const target = await this.exp.target(r.target);
          if (target === "-") {
            await this.libc.close(r.fd).catch(() => 0);
            continue;
          }
          if (!/^\d+$/.test(target)) {
            if (st.personality === "dash") {
              this.errorLine("Syntax error: Bad fd number");
              throw new CommandAbort(2);
            }
            this.errorLine(`${target}: ambiguous redirect`);
            throw new CommandAbort(1);
          }
          try {
            await this.libc.dup2(Number(target), r.fd);
          } catch (e) {
            if (!(e instanceof SysError)) throw e;
            this.errorLine(
              st.personality === "dash"
                ? `${target}: Bad file descriptor`
                : `${target}: Bad file descriptor`,
            );
            throw new CommandAbort(st.personality === "dash" ? 2 : 1);
          }
        } else {
          const text =
            r.type === "HereDoc"
              ? r.quoted
                ? r.body.map((p) => (p.type === "Literal" ? p.value : "")).join("")
                : await this.exp.dqParts(r.body)
              : `${await this.exp.single(r.target)}\n`;
          const fd = await this.hereDocFd(text);
          if (fd !== r.fd) {
            await this.libc.dup2(fd, r.fd);
            await this.libc.close(fd);
          }
        }
      }
    } catch (e) {
      if (save) await this.restoreFds(saved);
      throw e;
    }
    return saved;
  }

  /** A here-document's text on a fresh fd: written to a temporary file, opened, unlinked. */
  private async hereDocFd(text: string): Promise<number> {
    const path = `/tmp/sh-thd.${this.libc.pid}.${++this.heredocSeq}`;
    const w = await this.libc.open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600);
    try {
      await this.libc.writeAll(w, enc.encode(text));
    } finally {
      await this.libc.close(w);
    }
    const r = await this.libc.open(path, O_RDONLY);
    await this.libc.unlink(path);
    return r;
  }

  // --- command substitution ----------------------------------------------------------

  private async commandSub(body: List): Promise<string> {
    const [r, w] = await this.libc.pipe();
    const pid = await this.libc.fork(async (c) => {
      await c.close(r);
      await c.dup2(w, 1);
      await c.close(w);
      const sub = this.subshell(c);
      try {
        return await sub.runList(body);
      } catch (e) {
        if (e instanceof ExitSignal) return e.status;
        if (e instanceof CommandAbort) return e.status;
        throw e;
      }
    });
    await this.libc.close(w);
    const out = await this.libc.readAll(r);
    await this.libc.close(r);
    const { status } = await this.libc.waitpid(pid);
    this.st.status = status & 0x7f ? 128 + (status & 0x7f) : (status >> 8) & 0xff;
    return dec.decode(out).replace(/\n+$/, "");
  }

  private async homeOf(user: string): Promise<string | null> {
    try {
      const text = dec.decode(await this.libc.readFile("/etc/passwd"));
      for (const line of text.split("\n")) {
        const f = line.split(":");
        if (f[0] === user) return f[5];
      }
    } catch {
      // no passwd file
    }
    return null;
  }
}
