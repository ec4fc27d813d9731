/**
 * echo(1), the /bin/echo of GNU coreutils 8.28 (not the shell builtin): -n, -e, -E
 * (a leading argument is an option only if made of those letters), escapes with -e
 * (\\ \a \b \c \e \f \n \r \t \v \0NNN \NNN \xHH), --help/--version as the only argument.
 */

import { decodeEscapes } from "../lib/escapes.ts";
import { argBytes, finish, out } from "../lib/io.ts";
import type { Libc } from "../libc/libc.ts";

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const args = argv.slice(1);
  if (args.length === 1 && libc.getenv("POSIXLY_CORRECT") === undefined) {
    if (args[0] === "--help") {
      await out(
        libc,
        `Usage: ${argv[0]} [SHORT-OPTION]... [STRING]...\n  or:  ${argv[0]} LONG-OPTION\n`,
      );
      return 0;
    }
    if (args[0] === "--version") {
      await out(libc, "echo (GNU coreutils) 8.28\n");
      return 0;
    }
  }
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (!/^-[neE]+$/.test(a)) break;
    for (const c of a.slice(1)) {
      if (c === "n") newline = false;
      else if (c === "e") escapes = true;
      else escapes = false;
    }
  }
  let text = "";
  for (let j = i; j < args.length; j++) {
    let s = argBytes(args[j]);
    if (escapes) {
      const r = decodeEscapes(s, "coreutils");
      s = r.text;
      if (r.stop) {
        text += (j > i ? " " : "") + s;
        await out(libc, text);
        return finish(libc, argv[0] ?? "echo", 0);
      }
    }
    text += (j > i ? " " : "") + s;
  }
  await out(libc, newline ? `${text}\n` : text);
  return finish(libc, argv[0] ?? "echo", 0);
}
