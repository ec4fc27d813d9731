/**
 * tty(1), GNU coreutils 8.28: the name of the terminal on standard input, or "not a tty"
 * with status 1 (-s: status only). ttyname() is glibc's: isatty() then /proc/self/fd/0.
 */

import { quote, tryHelp } from "../lib/coreutils.ts";
import { getoptLong } from "../lib/getopt.ts";
import { finish, out, warn } from "../lib/io.ts";
import type { Libc } from "../libc/libc.ts";

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv[0] ?? "tty";
  const parsed = getoptLong(argv, "s", [
    { name: "silent", hasArg: 0, val: "s" },
    { name: "quiet", hasArg: 0, val: "s" },
    { name: "help", hasArg: 0, val: "help" },
    { name: "version", hasArg: 0, val: "version" },
  ]);
  if (parsed.error) {
    await libc.stderr.write(parsed.error + tryHelp(prog));
    return 2;
  }
  let silent = false;
  for (const o of parsed.options) {
    if (o.key === "s") silent = true;
    else {
      await out(
        libc,
        o.key === "help" ? `Usage: ${prog} [OPTION]...\n` : "tty (GNU coreutils) 8.28\n",
      );
      return 0;
    }
  }
  if (parsed.operands.length) {
    await warn(libc, prog, `extra operand ${quote(libc, parsed.operands[0])}`);
    await libc.stderr.write(tryHelp(prog));
    return 2;
  }
  const isTty = await libc.isatty(0);
  if (silent) return isTty ? 0 : 1;
  let name: string | null = null;
  if (isTty) {
    try {
      name = await libc.readlink("/proc/self/fd/0");
    } catch {
      name = null;
    }
  }
  await out(libc, `${name ?? "not a tty"}\n`);
  return finish(libc, prog, name ? 0 : 1);
}
