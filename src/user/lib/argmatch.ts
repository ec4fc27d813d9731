/**
 * Option-argument keywords as gnulib lib/argmatch.c matches them: an exact word, or an
 * abbreviation that is unambiguous (or whose candidates all mean the same thing), with
 * argmatch_die()'s messages: "invalid argument 'x' for '--sort'", the valid list with
 * synonyms on one line, and the usage epilogue.
 */

import type { Cmd } from "./prog.ts";

/** Mirrors argmatch(): the index of the match, -1 if none, -2 if ambiguous. */
export function argmatch<T>(arg: string, args: readonly string[], vals: readonly T[]): number {
  let found = -1;
  let ambiguous = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === arg) return i;
    if (args[i].startsWith(arg)) {
      if (found === -1) found = i;
      else if (vals[found] !== vals[i]) ambiguous = true;
    }
  }
  return ambiguous ? -2 : found;
}

/**
 * Mirrors XARGMATCH(): the value for `arg`, or argmatch_invalid() + argmatch_valid() +
 * usage(EXIT_FAILURE).
 */
export async function xargmatch<T>(
  cmd: Cmd,
  context: string,
  arg: string,
  args: readonly string[],
  vals: readonly T[],
): Promise<T> {
  const i = argmatch(arg, args, vals);
  if (i >= 0) return vals[i];
  const what = i === -1 ? "invalid argument" : "ambiguous argument";
  await cmd.error(`${what} ${cmd.q.quote(arg)} for ${cmd.q.quote(context)}`);
  let valid = "Valid arguments are:";
  args.forEach((a, j) => {
    if (j === 0 || vals[j] !== vals[j - 1]) valid += `\n  - ${cmd.q.quote(a)}`;
    else valid += `, ${cmd.q.quote(a)}`;
  });
  await cmd.libc.stderr.write(`${valid}\n`);
  // coreutils' ARGMATCH_DIE is usage (EXIT_FAILURE): 1 even in ls, whose other errors give 2.
  return cmd.usageError(undefined, 1);
}
