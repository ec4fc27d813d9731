/** whoami(1), GNU coreutils 8.28: the user name of the effective user ID. */

import { quote, tryHelp } from "../lib/coreutils.ts";
import { getoptLong } from "../lib/getopt.ts";
import { finish, out, warn } from "../lib/io.ts";
import { getpwuid } from "../lib/passwd.ts";
import type { Libc } from "../libc/libc.ts";

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv[0] ?? "whoami";
  const parsed = getoptLong(argv, "", [
    { name: "help", hasArg: 0, val: "help" },
    { name: "version", hasArg: 0, val: "version" },
  ]);
  if (parsed.error) {
    await libc.stderr.write(parsed.error + tryHelp(prog));
    return 1;
  }
  for (const o of parsed.options) {
    await out(
      libc,
      o.key === "help" ? `Usage: ${prog} [OPTION]...\n` : "whoami (GNU coreutils) 8.28\n",
    );
    return 0;
  }
  if (parsed.operands.length) {
    await warn(libc, prog, `extra operand ${quote(libc, parsed.operands[0])}`);
    await libc.stderr.write(tryHelp(prog));
    return 1;
  }
  const uid = await libc.geteuid();
  const pw = await getpwuid(libc, uid);
  if (!pw) {
    await warn(libc, prog, `cannot find name for user ID ${uid}`);
    return 1;
  }
  await out(libc, `${pw.name}\n`);
  return finish(libc, prog, 0);
}
