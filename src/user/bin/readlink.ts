/**
 * readlink(1), GNU coreutils 8.28: print resolved symbolic links or canonical file names.
 * Mirrors src/readlink.c: without -f/-e/-m it prints the link's target as readlink(2) gives
 * it; failures are silent (status 1) unless -v.
 */

import { type CanMode, canonicalize } from "../lib/canonicalize.ts";
import type { LongOption } from "../lib/getopt.ts";
import { type Cmd, coreutilsMain, errnoOf } from "../lib/prog.ts";

const LONG: LongOption[] = [
  { name: "canonicalize", hasArg: 0, val: "f" },
  { name: "canonicalize-existing", hasArg: 0, val: "e" },
  { name: "canonicalize-missing", hasArg: 0, val: "m" },
  { name: "no-newline", hasArg: 0, val: "n" },
  { name: "quiet", hasArg: 0, val: "q" },
  { name: "silent", hasArg: 0, val: "s" },
  { name: "verbose", hasArg: 0, val: "v" },
  { name: "zero", hasArg: 0, val: "z" },
];

async function run(cmd: Cmd, argv: string[]): Promise<number> {
  const { options, operands } = await cmd.getopt(argv, "efmnqsvz", LONG);
  let mode: CanMode | null = null;
  let noNewline = false;
  let verbose = false;
  let zero = false;
  for (const { key } of options) {
    if (key === "e") mode = "existing";
    else if (key === "f") mode = "all_but_last";
    else if (key === "m") mode = "missing";
    else if (key === "n") noNewline = true;
    else if (key === "q" || key === "s") verbose = false;
    else if (key === "v") verbose = true;
    else if (key === "z") zero = true;
  }
  if (operands.length === 0) await cmd.usageError("missing operand");
  if (operands.length > 1 && noNewline) {
    await cmd.error("ignoring --no-newline with multiple arguments");
    noNewline = false;
  }
  let status = 0;
  for (const f of operands) {
    let value: string | null = null;
    let err = 0;
    if (mode) {
      const r = await canonicalize(cmd.libc, f, mode);
      if ("path" in r) value = r.path;
      else err = r.errno;
    } else {
      try {
        value = await cmd.libc.readlink(f);
      } catch (e) {
        err = errnoOf(e);
      }
    }
    if (value !== null) {
      await cmd.out(value + (noNewline ? "" : zero ? "\0" : "\n"));
    } else {
      status = 1;
      if (verbose) await cmd.error(cmd.q.quotef(f), err);
    }
  }
  return status;
}

export const main = coreutilsMain(run);
