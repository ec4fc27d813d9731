/**
 * The state of one shell: variables, positional parameters, functions,
 * options, jobs. A subshell (fork) gets a copy.
 */

import type { ShellPersonality } from "./api.ts";
import type { Command } from "./parse/index.ts";

export interface Var {
  value: string;
  exported: boolean;
  readonly: boolean;
}

export interface Job {
  id: number;
  pids: number[];
  /** The command text as bash shows it in job notices. */
  text: string;
  /** Exit statuses (wait status words) of finished members, by pid. */
  done: Map<number, number>;
  notified: boolean;
}

export class ShellState {
  vars = new Map<string, Var>();
  positional: string[] = [];
  functions = new Map<string, Command>();
  /** set -e, -u, -x, -f, -C ... (bash's -B, brace expansion, is on from the start) */
  options = new Set<string>();
  status = 0;
  lastBg = 0;
  jobs: Job[] = [];
  /** Local variable frames of function calls (saved values to restore). */
  locals: Map<string, Var | undefined>[] = [];
  traps = new Map<string, string>();
  /** Names given to `export` while unset: exported once assigned. */
  pendingExport = new Set<string>();
  funcDepth = 0;
  loopDepth = 0;
  lineno = 1;

  constructor(
    public personality: ShellPersonality,
    public interactive: boolean,
    public name: string,
    public pid: number,
  ) {
    // A login shell at a terminal: bash shows "himBHs" (job control, history expansion).
    if (interactive) this.implicitFlags = personality === "bash" ? "imHs" : "is";
    // Bash starts with brace expansion on (`set -B`, "B" in `$-`).
    if (personality === "bash") this.options.add("B");
  }

  get(name: string): string | undefined {
    return this.vars.get(name)?.value;
  }

  /** Assigns; returns false for a readonly variable. */
  set(name: string, value: string, exported?: boolean): boolean {
    const v = this.vars.get(name);
    if (v?.readonly) return false;
    if (v) {
      v.value = value;
      if (exported) v.exported = true;
    } else {
      const pending = this.pendingExport.delete(name);
      this.vars.set(name, { value, exported: (exported ?? false) || pending, readonly: false });
    }
    return true;
  }

  unset(name: string): boolean {
    const v = this.vars.get(name);
    if (v?.readonly) return false;
    this.vars.delete(name);
    return true;
  }

  environ(extra: [string, string][] = []): string[] {
    const env = new Map<string, string>();
    for (const [k, v] of this.vars) if (v.exported) env.set(k, v.value);
    for (const [k, v] of extra) env.set(k, v);
    return [...env].map(([k, v]) => `${k}=${v}`);
  }

  /** A copy for a subshell: same variables and functions, no jobs of its own. */
  fork(pid: number): ShellState {
    const s = new ShellState(this.personality, false, this.name, pid);
    for (const [k, v] of this.vars) s.vars.set(k, { ...v });
    s.positional = [...this.positional];
    s.functions = new Map(this.functions);
    s.options = new Set(this.options);
    s.status = this.status;
    s.lastBg = this.lastBg;
    s.traps = new Map([...this.traps].filter(([k]) => k !== "EXIT"));
    s.funcDepth = this.funcDepth;
    s.loopDepth = this.loopDepth;
    s.lineno = this.lineno;
    s.interactiveParent = this.interactive;
    s.implicitFlags = this.implicitFlags;
    return s;
  }

  /** A subshell of an interactive shell still prints bash's interactive-style messages. */
  interactiveParent = false;
  /**
   * Letters `$-` shows that `set` does not: i, m and H of an interactive shell, and how the
   * shell reads its commands: c (-c) or s (standard input). Subshells keep them.
   */
  implicitFlags = "";

  /** `$-`: bash's which_set_flags() order, or dash's optlist read backwards (expand.c). */
  dollarDash(): string {
    const on = (f: string) => this.options.has(f) || this.implicitFlags.includes(f);
    let out = "";
    if (this.personality === "bash") {
      // hashall is always on: vkern's bash has no command hashing to turn off.
      for (const f of BASH_FLAG_ORDER) if (f === "h" || on(f)) out += f;
      if (this.implicitFlags.includes("c")) out += "c";
      if (this.implicitFlags.includes("s")) out += "s";
      return out;
    }
    for (let i = DASH_OPTLETTERS.length - 1; i >= 0; i--)
      if (on(DASH_OPTLETTERS[i])) out += DASH_OPTLETTERS[i];
    return out;
  }
}

/** bash's flags.c shell_flags[] letters, in the order $- lists them. */
const BASH_FLAG_ORDER = "abefhikmnptuvxBCEHPT";
/** dash's options.h optletters (0.5.12); $- lists the set ones from the last to the first. */
const DASH_OPTLETTERS = "efIimnsxvVECabupq";

/** Control flow of break/continue/return/exit, unwinding through the evaluator. */
export class BreakSignal {
  constructor(
    readonly levels: number,
    readonly isContinue: boolean,
  ) {}
}
export class ReturnSignal {
  constructor(readonly status: number) {}
}
export class ExitSignal {
  constructor(readonly status: number) {}
}
/** A fatal shell error (dash's exerror): in a non-interactive shell it ends the shell. */
export class ShellError {
  constructor(
    readonly message: string,
    readonly status: number,
  ) {}
}
