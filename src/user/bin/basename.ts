/**
 * basename(1), GNU coreutils 8.28: strip directory and suffix from file names. Mirrors
 * src/basename.c (perform_basename(), remove_suffix()).
 */

import { baseName } from "../lib/fileutil.ts";
import type { LongOption } from "../lib/getopt.ts";
import { type Cmd, coreutilsMain } from "../lib/prog.ts";

const LONG: LongOption[] = [
  { name: "multiple", hasArg: 0, val: "a" },
  { name: "suffix", hasArg: 1, val: "s" },
  { name: "zero", hasArg: 0, val: "z" },
];

/** Mirrors basename.c:perform_basename(): the suffix goes unless it is the whole name. */
function perform(name: string, suffix: string | null): string {
  let b = baseName(name);
  if (suffix && b !== suffix && b.endsWith(suffix) && b !== "/") b = b.slice(0, -suffix.length);
  return b;
}

async function run(cmd: Cmd, argv: string[]): Promise<number> {
  const { options, operands } = await cmd.getopt(argv, "+as:z", LONG);
  let multiple = false;
  let suffix: string | null = null;
  let zero = false;
  for (const { key, arg = "" } of options) {
    if (key === "a") multiple = true;
    else if (key === "s") {
      multiple = true;
      suffix = arg;
    } else if (key === "z") zero = true;
  }
  if (operands.length === 0) await cmd.usageError("missing operand");
  const eol = zero ? "\0" : "\n";
  if (multiple) {
    for (const n of operands) await cmd.out(perform(n, suffix) + eol);
  } else {
    if (operands.length > 2) await cmd.usageError(`extra operand ${cmd.q.quote(operands[2])}`);
    await cmd.out(perform(operands[0], operands[1] ?? null) + eol);
  }
  return 0;
}

export const main = coreutilsMain(run);
