/**
 * check: the exercises' checker inside the guest.
 *
 *   check NAME [DIR] [--json]     check ~/exercises/NAME (or DIR)
 *   check --list                  the exercises
 *
 * It boots a fresh kernel (this one is not touched), copies the directory's sources
 * there, builds and loads the module and runs the exercise's tests, printing each as
 * PASS or FAIL with what was expected and what was seen. Exit status 0 if all pass.
 */
import { formatReport, isSourceFile } from "../../exercises/harness.ts";
import { exercises, findExercise } from "../../exercises/index.ts";
import { checkFiles, reportJson } from "../../exercises/run.ts";
import { DT_REG } from "../../include/uapi/stat.ts";
import { SysError } from "../libc/errors.ts";
import type { Libc } from "../libc/libc.ts";

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const args = argv.slice(1).filter((a) => a !== "--json");
  const json = argv.includes("--json");
  if (!args.length || args[0] === "--list" || args[0] === "-l") {
    if (!args.length) await libc.stderr.write("Usage: check NAME [DIR] [--json]\n\nExercises:\n");
    for (const e of exercises) await libc.printf("%-22s %s\n", e.name, e.title);
    return args.length ? 0 : 2;
  }
  const ex = findExercise(args[0]);
  if (!ex) {
    await libc.stderr.write(`check: no exercise '${args[0]}' (check --list lists them)\n`);
    return 2;
  }
  const home = libc.getenv("HOME") ?? "/home/llkd";
  const dir = args[1] ?? `${home}/exercises/${ex.name}`;
  const files = new Map<string, Uint8Array>();
  try {
    for (const e of await libc.readdir(dir)) {
      if (e.type !== DT_REG) continue;
      const data = await libc.readFile(`${dir}/${e.name}`);
      if (isSourceFile(e.name, data)) files.set(e.name, data);
    }
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    await libc.stderr.write(`check: ${dir}: ${libc.strerror(e.errno)}\n`);
    return 2;
  }
  const r = await checkFiles(ex, files, dir);
  await libc.printf("%s", json ? `${reportJson(r)}\n` : formatReport(r));
  return r.ok ? 0 : 1;
}
