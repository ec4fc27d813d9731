/** lsmod(8) of kmod 24 (tools/lsmod.c): the loaded modules from /proc/modules. */
import { format } from "../../../lib/vsprintf.ts";
import type { Libc } from "../../libc/libc.ts";
import { kmodLog, progName, readProcModules, strerror } from "./common.ts";

/** Mirrors tools/lsmod.c:do_lsmod(): the header, then "%-19s %8ld  %d" and the holders. */
export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = progName(argv, "lsmod");
  if (argv.length > 1 && !argv.slice(1).every((a) => /^-[sv]+$/.test(a))) {
    if (argv[1] === "-V" || argv[1] === "--version") {
      await libc.printf("kmod version 24\n");
      return 0;
    }
    await kmodLog(libc, prog, "ERROR", "too many arguments provided.\n");
    return 1;
  }
  const mods = await readProcModules(libc);
  if (typeof mods === "number") {
    await libc.stderr.write(`Error: could not get list of modules: ${strerror(-mods)}\n`);
    return 1;
  }
  let out = "Module                  Size  Used by\n";
  for (const m of mods) {
    out += format("%-19s %8ld  %d", [m.name, m.size, m.refcnt]);
    if (m.holders.length) out += ` ${m.holders.join(",")}`;
    out += "\n";
  }
  await libc.stdout.write(out);
  return 0;
}
