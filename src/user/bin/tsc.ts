/**
 * tsc: vkern's compiler and linker for user programs written in TypeScript, in the role
 * gcc plays for the book's C programs (`gcc -o app app.c`; make's built-in rule calls it
 * as `tsc app.ts -o app`). Not Microsoft's tsc: it strips types with sucrase and checks
 * none. The entry file must `export default async function main(argv, envp, libc)`; it
 * may import "libc", "linux" (uapi) and sibling .ts files.
 *
 *   tsc [-o OUTPUT] FILE.ts [FILE.ts...]     (the first file is the program's entry)
 *
 * Diagnostics are gcc's (file:line:col: error: ...); names imported from "libc"/"linux"
 * that do not exist fail the link as ld does (undefined reference to `x').
 */
import { compileProgram, formatDiagnostic } from "../../lib/ts_compile.ts";
import { jsProgramFile, programUndefined } from "../jsprog.ts";
import { SysError } from "../libc/errors.ts";
import type { Libc } from "../libc/libc.ts";

const USAGE = "Usage: tsc [-o OUTPUT] FILE.ts [FILE.ts...]\n";

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  let out: string | null = null;
  const inputs: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-o") out = argv[++i] ?? null;
    else if (a.startsWith("-o")) out = a.slice(2);
    else if (a === "--help" || a === "-h") {
      await libc.printf("%s", USAGE);
      return 0;
    } else if (/^-(c|Wall|W.*|O\d?|g)$/.test(a)) {
      // gcc-style flags that change nothing here
    } else if (a.startsWith("-")) {
      await libc.stderr.write(`tsc: error: unrecognized command line option '${a}'\n`);
      return 1;
    } else inputs.push(a);
  }
  if (!inputs.length) {
    await libc.stderr.write("tsc: fatal error: no input files\ncompilation terminated.\n");
    return 1;
  }
  const cwd = await libc.getcwd();
  const abs = (p: string) => (p.startsWith("/") ? p : `${cwd === "/" ? "" : cwd}/${p}`);
  const entry = inputs[0];
  const r = await compileProgram({
    entry: abs(entry),
    read: async (p) => {
      try {
        return await libc.readFileText(p);
      } catch (e) {
        if (e instanceof SysError) return null;
        throw e;
      }
    },
    builtins: ["libc", "linux"],
  });
  // Messages name files as they were given on the command line, as gcc does.
  const shown = (p: string) => (p.startsWith(`${cwd}/`) ? p.slice(cwd.length + 1) : p);
  for (const d of r.diagnostics) {
    const sources = new Map([...r.sources].map(([k, v]) => [shown(k), v]));
    await libc.stderr.write(formatDiagnostic({ ...d, file: shown(d.file) }, sources));
  }
  if (r.diagnostics.some((d) => d.severity === "fatal error"))
    await libc.stderr.write("compilation terminated.\n");
  if (!r.bundle) return 1;
  const undef = programUndefined(r.bundle);
  if (undef.length) {
    for (const u of undef) await libc.stderr.write(`${entry}: undefined reference to \`${u}'\n`);
    await libc.stderr.write("collect2: error: ld returned 1 exit status\n");
    return 1;
  }
  const target = out ?? "a.out";
  try {
    await libc.writeFile(target, jsProgramFile(r.bundle), 0o777);
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    await libc.stderr.write(
      `/usr/bin/ld: cannot open output file ${target}: ${libc.strerror(e.errno)}\ncollect2: error: ld returned 1 exit status\n`,
    );
    return 1;
  }
  return 0;
}
