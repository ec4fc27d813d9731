/**
 * sync(1), GNU coreutils 8.28 without operands: sync(2). vkern's filesystems keep no dirty
 * buffers (tmpfs and pseudo filesystems), so there is nothing to write back; when the kernel
 * has no sync system call the command still succeeds, as sync(2) cannot fail.
 */

import { tryHelp } from "../lib/getopt.ts";
import type { Libc } from "../libc/libc.ts";

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv[0] ?? "sync";
  const bad = argv.slice(1).find((a) => a.startsWith("-") && a !== "--" && a !== "-");
  if (bad) {
    const msg = bad.startsWith("--")
      ? `${prog}: unrecognized option '${bad}'\n`
      : `${prog}: invalid option -- '${bad[1]}'\n`;
    await libc.stderr.write(msg + tryHelp(prog));
    return 1;
  }
  await libc.rawSyscall("sync");
  return 0;
}
