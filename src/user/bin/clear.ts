/**
 * clear(1), ncurses 6.1: clear the screen with the terminal's `clear` capability followed by
 * E3 (erase scrollback); -x leaves out E3. Capabilities come from a small built-in terminfo
 * (vkern ships no terminfo database): xterm* and linux have E3, vt100/screen do not, dumb
 * cannot clear.
 */

import { finish, out, warn } from "../lib/io.ts";
import type { Libc } from "../libc/libc.ts";

/** [clear, E3] per terminal type, as in the ncurses terminfo entries. */
function capsFor(term: string): [string, string] | null | "cannot" {
  if (/^(xterm|rxvt|gnome|konsole|putty|tmux|alacritty|kitty)/.test(term))
    return ["\x1b[H\x1b[2J", "\x1b[3J"];
  if (term === "linux") return ["\x1b[H\x1b[J", "\x1b[3J"];
  if (/^(vt1|vt2|ansi|screen)/.test(term)) return ["\x1b[H\x1b[J", ""];
  if (term === "dumb") return "cannot";
  return null;
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = "clear";
  let e3 = true;
  let term = libc.getenv("TERM");
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-x") e3 = false;
    else if (a === "-T" && i + 1 < args.length) term = args[++i];
    else if (a.startsWith("-T")) term = a.slice(2);
    else if (a === "-V") {
      await out(libc, "ncurses 6.1.20180127\n");
      return finish(libc, prog, 0);
    } else {
      await libc.stderr.write(
        `Usage: clear [options]\n\nOptions:\n  -T TERM     use this instead of $TERM\n  -V          print curses-version\n  -x          do not try to clear scrollback\n`,
      );
      return 1;
    }
  }
  if (!term) {
    await libc.stderr.write("TERM environment variable not set.\n");
    return 1;
  }
  const caps = capsFor(term);
  if (caps === null) {
    await libc.stderr.write(`'${term}': unknown terminal type.\n`);
    return 1;
  }
  if (caps === "cannot") return 1;
  await out(libc, caps[0] + (e3 ? caps[1] : ""));
  return finish(libc, prog, 0).catch(async () => {
    await warn(libc, prog, "write error");
    return 1;
  });
}
