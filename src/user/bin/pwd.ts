/**
 * pwd(1), GNU coreutils 8.28: print the working directory. Mirrors src/pwd.c: -P (the
 * default unless POSIXLY_CORRECT) prints getcwd(); -L prints $PWD if it is absolute, has no
 * "." or ".." components and names the same directory.
 */

import type { LongOption } from "../lib/getopt.ts";
import { type Cmd, coreutilsMain, errnoOf } from "../lib/prog.ts";

const LONG: LongOption[] = [
  { name: "logical", hasArg: 0, val: "L" },
  { name: "physical", hasArg: 0, val: "P" },
];

/** Mirrors pwd.c:logical_getcwd(). */
async function logicalCwd(cmd: Cmd): Promise<string | null> {
  const wd = cmd.libc.getenv("PWD");
  if (!wd?.startsWith("/") || /(^|\/)\.\.?(\/|$)/.test(wd)) return null;
  try {
    const a = await cmd.libc.stat(wd);
    const b = await cmd.libc.stat(".");
    return a.ino === b.ino && a.dev === b.dev ? wd : null;
  } catch {
    return null;
  }
}

async function run(cmd: Cmd, argv: string[]): Promise<number> {
  const { options, operands } = await cmd.getopt(argv, "LP", LONG);
  let logical = cmd.libc.getenv("POSIXLY_CORRECT") !== undefined;
  for (const { key } of options) logical = key === "L";
  if (operands.length) await cmd.error("ignoring non-option arguments");
  if (logical) {
    const wd = await logicalCwd(cmd);
    if (wd) {
      await cmd.out(`${wd}\n`);
      return 0;
    }
  }
  try {
    await cmd.out(`${await cmd.libc.getcwd()}\n`);
  } catch (e) {
    await cmd.die(1, "cannot determine current directory", errnoOf(e));
  }
  return 0;
}

export const main = coreutilsMain(run);
