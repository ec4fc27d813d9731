/**
 * rmdir(1), GNU coreutils 8.28: remove empty directories. Mirrors src/rmdir.c
 * (remove_parents(), ignorable_failure()).
 */

import type { LongOption } from "../lib/getopt.ts";
import { type Cmd, coreutilsMain, errnoOf } from "../lib/prog.ts";

const LONG: LongOption[] = [
  { name: "ignore-fail-on-non-empty", hasArg: 0, val: "ignore" },
  { name: "path", hasArg: 0, val: "p" },
  { name: "parents", hasArg: 0, val: "p" },
  { name: "verbose", hasArg: 0, val: "v" },
];

const ENOTEMPTY = 39;
const EEXIST = 17;

/** Strips trailing slashes (strip_trailing_slashes()), keeping "/" itself. */
function stripSlashes(s: string): string {
  const t = s.replace(/\/+$/, "");
  return t === "" && s.startsWith("/") ? "/" : t;
}

async function run(cmd: Cmd, argv: string[]): Promise<number> {
  const { libc, q } = cmd;
  const { options, operands } = await cmd.getopt(argv, "pv", LONG);
  let parents = false;
  let verbose = false;
  let ignoreNonEmpty = false;
  for (const { key } of options) {
    if (key === "p") parents = true;
    else if (key === "v") verbose = true;
    else if (key === "ignore") ignoreNonEmpty = true;
  }
  if (operands.length === 0) await cmd.usageError("missing operand");
  const ignorable = (err: number) => ignoreNonEmpty && (err === ENOTEMPTY || err === EEXIST);
  const announce = (dir: string) =>
    verbose ? cmd.out(`${cmd.name}: removing directory, ${q.quoteaf(dir)}\n`) : undefined;

  let ok = true;
  for (const dir of operands) {
    await announce(dir);
    try {
      await libc.rmdir(dir);
    } catch (e) {
      const err = errnoOf(e);
      if (ignorable(err)) continue;
      await cmd.error(`failed to remove ${q.quoteaf(dir)}`, err);
      ok = false;
      continue;
    }
    if (!parents) continue;
    // remove_parents(): each ancestor named in the operand, innermost first.
    let d = stripSlashes(dir);
    for (;;) {
      const slash = d.lastIndexOf("/");
      if (slash < 0) break;
      d = stripSlashes(d.slice(0, slash));
      if (d === "" || d === "/") break;
      await announce(d);
      try {
        await libc.rmdir(d);
      } catch (e) {
        const err = errnoOf(e);
        if (!ignorable(err)) {
          await cmd.error(`failed to remove directory ${q.quoteaf(d)}`, err);
          ok = false;
        }
        break;
      }
    }
  }
  return ok ? 0 : 1;
}

export const main = coreutilsMain(run);
