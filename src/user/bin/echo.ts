/**
 * echo(1), the /bin/echo of GNU coreutils 8.28 (not the shell builtin): -n, -e, -E
 * (a leading argument is an option only if made of those letters), escapes with -e
 * (\\ \a \b \c \e \f \n \r \t \v \0NNN \xHH), --help/--version as the only argument.
 */

import { argBytes, finish, out } from "../lib/io.ts";
import type { Libc } from "../libc/libc.ts";

/** Mirrors echo.c's escape loop; returns the text and whether \c stopped the output. */
export function echoEscapes(s: string): { text: string; stop: boolean } {
  let o = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== "\\" || i + 1 >= s.length) {
      o += c;
      continue;
    }
    const d = s[++i];
    switch (d) {
      case "a":
        o += "\x07";
        break;
      case "b":
        o += "\b";
        break;
      case "c":
        return { text: o, stop: true };
      case "e":
        o += "\x1b";
        break;
      case "f":
        o += "\f";
        break;
      case "n":
        o += "\n";
        break;
      case "r":
        o += "\r";
        break;
      case "t":
        o += "\t";
        break;
      case "v":
        o += "\v";
        break;
      case "x": {
        const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1));
        if (!m) {
          o += "\\x";
          break;
        }
        o += String.fromCharCode(Number.parseInt(m[0], 16));
        i += m[0].length;
        break;
      }
      case "0": {
        const m = /^[0-7]{0,3}/.exec(s.slice(i + 1)) as RegExpExecArray;
        o += String.fromCharCode(Number.parseInt(m[0] || "0", 8) & 0xff);
        i += m[0].length;
        break;
      }
      case "\\":
        o += "\\";
        break;
      default:
        o += `\\${d}`;
    }
  }
  return { text: o, stop: false };
}

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
      const r = echoEscapes(s);
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
