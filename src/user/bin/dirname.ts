/** dirname(1), GNU coreutils 8.28: strip the last component from file names (src/dirname.c). */

import { dirName } from "../lib/fileutil.ts";
import type { LongOption } from "../lib/getopt.ts";
import { type Cmd, coreutilsMain } from "../lib/prog.ts";

const LONG: LongOption[] = [{ name: "zero", hasArg: 0, val: "z" }];

async function run(cmd: Cmd, argv: string[]): Promise<number> {
  const { options, operands } = await cmd.getopt(argv, "z", LONG);
  const zero = options.some((o) => o.key === "z");
  if (operands.length === 0) await cmd.usageError("missing operand");
  for (const n of operands) await cmd.out(dirName(n) + (zero ? "\0" : "\n"));
  return 0;
}

export const main = coreutilsMain(run);
