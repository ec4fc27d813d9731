/**
 * What every coreutils-style command shares: its name as invoked (program_name), glibc's
 * error() (flush stdout, then "prog: message: strerror" on stderr), the quoting helpers in the
 * program's locale, option parsing with the usual "Try 'prog --help'" epilogue, and
 * close_stdout() at exit ("prog: write error: ..." when buffered output cannot be written).
 */

import { SysError } from "../libc/errors.ts";
import type { Libc, ProgramMain } from "../libc/libc.ts";
import { getoptLong, type LongOption, type ParseResult, tryHelp } from "./getopt.ts";
import { localeIsUtf8, Quoter } from "./quote.ts";

/** Thrown by Cmd.die() to leave main() with a status, as exit() would. */
export class ExitStatus {
  constructor(readonly status: number) {}
}

export class Cmd {
  /** argv[0] as typed: coreutils' program_name (set_program_name()). */
  readonly name: string;
  readonly q: Quoter;
  /** Status to use for usage errors and close_stdout failures (exit_failure). */
  exitFailure = 1;

  constructor(
    readonly libc: Libc,
    argv0: string,
  ) {
    this.name = argv0;
    this.q = new Quoter(localeIsUtf8((n) => libc.getenv(n)));
  }

  /** fputs(s, stdout). */
  out(s: string | Uint8Array): Promise<void> {
    return this.libc.stdout.write(s);
  }

  /**
   * Mirrors glibc misc/error.c:error() with status 0: flush stdout, then
   * "program_name: message[: strerror(errnum)]\n" on stderr.
   */
  async error(message: string, errnum = 0): Promise<void> {
    await this.libc.stdout.flush().catch(() => undefined);
    const tail = errnum ? `: ${this.libc.strerror(errnum)}` : "";
    await this.libc.stderr.write(`${this.name}: ${message}${tail}\n`);
  }

  /** Mirrors coreutils' die(): error() then exit with `status`. */
  async die(status: number, message: string, errnum = 0): Promise<never> {
    await this.error(message, errnum);
    throw new ExitStatus(status);
  }

  /**
   * usage(status) of a command after a usage error: the "Try ... --help" line, then exit
   * with `status` (default exit_failure, e.g. 2 for ls).
   */
  async usageError(message?: string, status = this.exitFailure): Promise<never> {
    if (message !== undefined) await this.error(message);
    await this.libc.stderr.write(tryHelp(this.name));
    throw new ExitStatus(status);
  }

  /** getopt_long() over argv; on a parse error prints glibc's message and the Try line. */
  async getopt(
    argv: readonly string[],
    shortSpec: string,
    longOptions: readonly LongOption[] = [],
  ): Promise<ParseResult> {
    const r = getoptLong(argv, shortSpec, longOptions, {
      posixlyCorrect: this.libc.getenv("POSIXLY_CORRECT") !== undefined,
    });
    if (r.error !== undefined) {
      await this.libc.stdout.flush().catch(() => undefined);
      await this.libc.stderr.write(r.error);
      await this.usageError();
    }
    return r;
  }
}

/** The errno of a failed system call, or rethrows anything else (a bug, not an errno). */
export function errnoOf(e: unknown): number {
  if (e instanceof SysError) return e.errno;
  throw e;
}

/**
 * Wraps a command's body: gives it a Cmd, turns ExitStatus into the exit status, and runs
 * close_stdout() at the end as coreutils' atexit handler does (gnulib closeout.c).
 */
export function coreutilsMain(body: (cmd: Cmd, argv: string[]) => Promise<number>): ProgramMain {
  return async (argv, _envp, libc) => {
    const cmd = new Cmd(libc, argv[0] ?? "");
    let status: number;
    try {
      status = await body(cmd, argv);
    } catch (e) {
      if (!(e instanceof ExitStatus)) throw e;
      status = e.status;
    }
    try {
      await libc.stdout.flush();
    } catch (e) {
      const errno = errnoOf(e);
      await libc.stderr.write(`${cmd.name}: write error: ${libc.strerror(errno)}\n`);
      return cmd.exitFailure;
    }
    return status;
  };
}
