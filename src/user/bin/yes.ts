/**
 * yes(1), GNU coreutils 8.28: output its arguments (or "y") forever. Like coreutils it
 * fills a buffer with whole copies of the line and writes that with write(2) in a loop, so
 * it ends when the reader goes away: SIGPIPE kills it, or (SIGPIPE ignored) EPIPE makes it
 * print "yes: standard output: Broken pipe" and exit 1.
 */

import { argBytes, strBytes, warn } from "../lib/io.ts";
import type { Libc } from "../libc/libc.ts";

const BUFSIZ = 8192;

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const args = argv.slice(1);
  if (args.length === 1 && args[0] === "--help") {
    await libc.stdout.write(`Usage: ${argv[0]} [STRING]...\n  or:  ${argv[0]} OPTION\n`);
    return 0;
  }
  if (args.length === 1 && args[0] === "--version") {
    await libc.stdout.write("yes (GNU coreutils) 8.28\n");
    return 0;
  }
  const ops = args[0] === "--" ? args.slice(1) : args;
  const line = `${ops.length ? ops.map(argBytes).join(" ") : "y"}\n`;
  const copies = Math.max(1, Math.floor(BUFSIZ / line.length));
  const bytes = strBytes(line.repeat(copies));
  const buf = libc.mem.malloc(bytes.length);
  libc.mem.write(buf, bytes);
  try {
    for (;;) {
      let off = 0;
      while (off < bytes.length) off += await libc.write(1, buf + off, bytes.length - off);
    }
  } catch (e) {
    if (!(e instanceof Error && e.name === "SysError")) throw e;
    await warn(libc, argv[0] ?? "yes", `standard output: ${libc.strerror(libc.errno)}`);
    return 1;
  }
}
