/** cat(1), GNU coreutils 8.28-style: concatenate files to standard output. */

import { SysError } from "../libc/errors.ts";
import type { Libc } from "../libc/libc.ts";

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const files: string[] = [];
  let endOfOpts = false;
  for (const a of argv.slice(1)) {
    if (!endOfOpts && a === "--") endOfOpts = true;
    else if (!endOfOpts && a.startsWith("-") && a !== "-") {
      // Options that change the bytes (-n, -A ...) are not supported yet.
      if (!/^-[uv]+$/.test(a)) {
        await libc.stderr.write(
          `cat: invalid option -- '${a.slice(1, 2)}'\nTry 'cat --help' for more information.\n`,
        );
        return 1;
      }
    } else files.push(a);
  }
  if (!files.length) files.push("-");
  let status = 0;
  const bufSize = 131072;
  const buf = libc.mem.malloc(bufSize);
  for (const f of files) {
    let fd = 0;
    try {
      if (f !== "-") fd = await libc.open(f, 0);
      for (;;) {
        const n = await libc.read(fd, buf, bufSize);
        if (n === 0) break;
        let off = 0;
        while (off < n) off += await libc.write(1, buf + off, n - off);
      }
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      await libc.stderr.write(`cat: ${f === "-" ? "-" : f}: ${libc.strerror(e.errno)}\n`);
      status = 1;
      if (e.syscall === "write") break;
    } finally {
      if (fd > 0) await libc.close(fd).catch(() => 0);
    }
  }
  libc.mem.free(buf);
  return status;
}
