/**
 * more(1), util-linux 2.31, and less(1), less 487, without paging: vkern has no pager
 * screen. When standard output is not a terminal both behave like cat, as the real ones do
 * (more then puts a "::::::::::::::" header before each file); on a terminal
 * they print everything the same way and end instead of waiting for keys. Errors follow each
 * tool: more says "more: stat of F failed: strerror" and "*** F: directory ***", less says
 * "F: strerror" and "F is a directory"; both still exit 0.
 */
import { S_ISDIR } from "../../include/uapi/stat.ts";
import { SysError } from "../libc/errors.ts";
import type { Libc } from "../libc/libc.ts";

async function copy(libc: Libc, fd: number): Promise<void> {
  const size = 65536;
  const buf = libc.mem.malloc(size);
  try {
    for (;;) {
      const n = await libc.read(fd, buf, size);
      if (n === 0) break;
      await libc.stdout.write(libc.mem.read(buf, n));
    }
  } finally {
    libc.mem.free(buf);
  }
}

/** Shows files (or standard input) the way `more` (less: false) or `less` does when piped. */
export async function page(argv: string[], libc: Libc, less: boolean): Promise<number> {
  const files = argv.slice(1).filter((a) => !a.startsWith("-") || a === "-");
  // util-linux more puts a "::::::::::::::" header before every file when not on a terminal.
  if (!files.length) {
    await copy(libc, 0);
    await libc.stdout.flush();
    return 0;
  }
  for (const f of files) {
    try {
      const st = f === "-" ? null : await libc.stat(f);
      if (st && S_ISDIR(st.mode)) {
        if (less) await libc.stdout.write(`${f} is a directory\n`);
        else await libc.stdout.write(`\n*** ${f}: directory ***\n\n`);
        continue;
      }
      const fd = f === "-" ? 0 : await libc.open(f, 0);
      if (!less) await libc.stdout.write(`::::::::::::::\n${f}\n::::::::::::::\n`);
      await copy(libc, fd);
      if (fd > 0) await libc.close(fd);
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      await libc.stdout.flush();
      const why = libc.strerror(e.errno);
      // less reports on standard output (its error() goes to the screen, here the pipe).
      if (less) await libc.stdout.write(`${f}: ${why}\n`);
      else await libc.stderr.write(`more: stat of ${f} failed: ${why}\n`);
    }
  }
  await libc.stdout.flush();
  return 0;
}

export const main = (argv: string[], _envp: string[], libc: Libc) => page(argv, libc, false);
