/**
 * What the rest of vkern needs from the shell: run command text in a session
 * (the transcript runner, `vkern -c`, the REPL, the browser terminal), and the
 * program entry points installed as /bin/bash and /bin/sh.
 */
import type { Libc } from "../libc/libc.ts";

export type ShellPersonality = "bash" | "dash";

export interface ShellOptions {
  personality: ShellPersonality;
  /** Interactive: bash's messages without line numbers, job notices, no exit on errors. */
  interactive: boolean;
  /** $0 */
  name: string;
  /** Positional parameters ($1 ...). */
  args?: string[];
  /** How the shell reads its commands, for `$-`: a -c string ("c") or standard input ("s"). */
  reads?: "c" | "s";
}

export interface ShellSession {
  /**
   * Parses and runs `source` as if typed at the prompt (it may span lines and hold
   * several commands). Resolves when it has finished, with $?.
   */
  run(source: string): Promise<number>;
  /** Prints notices of finished background jobs, as bash does before a prompt. */
  beforePrompt(): Promise<void>;
  /** The prompt string bash would show now (PS1 expanded). */
  prompt(): Promise<string>;
  /** Whether the input so far is a complete command (else show PS2 and read on). */
  isComplete(source: string): boolean;
  /** $? */
  readonly status: number;
  /** Set once `exit` ran (or the shell was killed). */
  readonly exited: boolean;
}

export type CreateShell = (libc: Libc, options: ShellOptions) => ShellSession;
