/**
 * realpath(1), GNU coreutils 8.28: print the resolved path. Mirrors src/realpath.c:
 * all but the last component must exist by default (-e: all, -m: none), -s leaves
 * symbolic links alone, --relative-to/--relative-base print relative names.
 */

import { type CanMode, canonicalize, relativePath } from "../lib/canonicalize.ts";
import type { LongOption } from "../lib/getopt.ts";
import { type Cmd, coreutilsMain } from "../lib/prog.ts";

const LONG: LongOption[] = [
  { name: "canonicalize-existing", hasArg: 0, val: "e" },
  { name: "canonicalize-missing", hasArg: 0, val: "m" },
  { name: "relative-to", hasArg: 1, val: "relative-to" },
  { name: "relative-base", hasArg: 1, val: "relative-base" },
  { name: "quiet", hasArg: 0, val: "q" },
  { name: "strip", hasArg: 0, val: "s" },
  { name: "no-symlinks", hasArg: 0, val: "s" },
  { name: "zero", hasArg: 0, val: "z" },
  { name: "logical", hasArg: 0, val: "L" },
  { name: "physical", hasArg: 0, val: "P" },
];

async function run(cmd: Cmd, argv: string[]): Promise<number> {
  const { options, operands } = await cmd.getopt(argv, "eLmPqsz", LONG);
  let mode: CanMode = "all_but_last";
  let quiet = false;
  let noSymlinks = false;
  let logical = false;
  let zero = false;
  let relTo: string | null = null;
  let relBase: string | null = null;
  for (const { key, arg = "" } of options) {
    if (key === "e") mode = "existing";
    else if (key === "m") mode = "missing";
    else if (key === "q") quiet = true;
    else if (key === "s") noSymlinks = true;
    else if (key === "z") zero = true;
    else if (key === "L") logical = true;
    else if (key === "P") logical = false;
    else if (key === "relative-to") relTo = arg;
    else if (key === "relative-base") relBase = arg;
  }
  if (operands.length === 0) await cmd.usageError("missing operand");
  const opts = { noSymlinks, logical };
  const canon = async (p: string) => {
    const r = await canonicalize(cmd.libc, p, mode, opts);
    if ("errno" in r) await cmd.die(1, cmd.q.quotef(p), r.errno);
    return "path" in r ? r.path : "";
  };
  if (relBase !== null) relBase = await canon(relBase);
  if (relTo !== null) relTo = await canon(relTo);
  if (
    relTo !== null &&
    relBase !== null &&
    !`${relTo}/`.startsWith(relBase === "/" ? "/" : `${relBase}/`)
  ) {
    relTo = null;
    relBase = null;
  }
  const under = (p: string, base: string) => base === "/" || p === base || p.startsWith(`${base}/`);
  let ok = true;
  for (const f of operands) {
    const r = await canonicalize(cmd.libc, f, mode, opts);
    if ("errno" in r) {
      if (!quiet) await cmd.error(cmd.q.quotef(f), r.errno);
      ok = false;
      continue;
    }
    let p = r.path;
    const base = relBase ?? relTo;
    if (relTo !== null && (relBase === null || under(p, relBase))) p = relativePath(relTo, p);
    else if (relBase !== null && base !== null && under(p, base)) p = relativePath(base, p);
    await cmd.out(p + (zero ? "\0" : "\n"));
  }
  return ok ? 0 : 1;
}

export const main = coreutilsMain(run);
