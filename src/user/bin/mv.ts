/**
 * mv(1), GNU coreutils 8.28: move (rename) files. Mirrors src/mv.c: rename(2) first; across
 * file systems the file is copied with everything preserved and the source removed.
 */

import type { CopyOptions } from "../lib/copy.ts";
import type { LongOption } from "../lib/getopt.ts";
import { type Cmd, coreutilsMain } from "../lib/prog.ts";
import { doCopy } from "./cp.ts";

const LONG: LongOption[] = [
  { name: "backup", hasArg: 2, val: "b" },
  { name: "force", hasArg: 0, val: "f" },
  { name: "interactive", hasArg: 0, val: "i" },
  { name: "no-clobber", hasArg: 0, val: "n" },
  { name: "no-target-directory", hasArg: 0, val: "T" },
  { name: "strip-trailing-slashes", hasArg: 0, val: "strip" },
  { name: "suffix", hasArg: 1, val: "S" },
  { name: "target-directory", hasArg: 1, val: "t" },
  { name: "update", hasArg: 0, val: "u" },
  { name: "verbose", hasArg: 0, val: "v" },
];

async function run(cmd: Cmd, argv: string[]): Promise<number> {
  const { options, operands } = await cmd.getopt(argv, "bfint:uvS:TZ", LONG);
  const o: CopyOptions = {
    recursive: true,
    dereference: "never",
    preserveMode: true,
    preserveOwnership: true,
    preserveTimestamps: true,
    force: true,
    interactive: false,
    noClobber: false,
    verbose: false,
    update: false,
    hardLink: false,
    symbolicLink: false,
    moveMode: true,
    umask: 0,
  };
  let targetDir: string | null = null;
  let noTargetDir = false;
  for (const { key, arg } of options) {
    if (key === "f") {
      o.force = true;
      o.interactive = false;
      o.noClobber = false;
    } else if (key === "i") {
      o.interactive = true;
      o.noClobber = false;
    } else if (key === "n") {
      o.noClobber = true;
      o.interactive = false;
    } else if (key === "t") targetDir = arg ?? "";
    else if (key === "T") noTargetDir = true;
    else if (key === "u") o.update = true;
    else if (key === "v") o.verbose = true;
    else if (key === "b" || key === "S") await cmd.usageError("backups are not supported");
  }
  return (await doCopy(cmd, [...operands], targetDir, noTargetDir, o)) ? 0 : 1;
}

export const main = coreutilsMain(run);
