/**
 * uname(1), GNU coreutils 8.28 as Ubuntu patches it: -s -n -r -v -m -p -i -o, -a. Ubuntu
 * reports the machine for -p and -i (upstream says "unknown" and drops them from -a), so
 * `uname -a` ends "x86_64 x86_64 x86_64 GNU/Linux".
 */

import { quote, tryHelp } from "../lib/coreutils.ts";
import { getoptLong } from "../lib/getopt.ts";
import { finish, out, warn } from "../lib/io.ts";
import type { Libc } from "../libc/libc.ts";

const BITS: Record<string, number> = { s: 1, n: 2, r: 4, v: 8, m: 16, p: 32, i: 64, o: 128 };

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv[0] ?? "uname";
  const parsed = getoptLong(argv, "asnrvmpio", [
    { name: "all", hasArg: 0, val: "a" },
    { name: "kernel-name", hasArg: 0, val: "s" },
    { name: "sysname", hasArg: 0, val: "s" },
    { name: "nodename", hasArg: 0, val: "n" },
    { name: "kernel-release", hasArg: 0, val: "r" },
    { name: "release", hasArg: 0, val: "r" },
    { name: "kernel-version", hasArg: 0, val: "v" },
    { name: "machine", hasArg: 0, val: "m" },
    { name: "processor", hasArg: 0, val: "p" },
    { name: "hardware-platform", hasArg: 0, val: "i" },
    { name: "operating-system", hasArg: 0, val: "o" },
    { name: "help", hasArg: 0, val: "help" },
    { name: "version", hasArg: 0, val: "version" },
  ]);
  if (parsed.error) {
    await libc.stderr.write(parsed.error + tryHelp(prog));
    return 1;
  }
  let want = 0;
  for (const o of parsed.options) {
    if (o.key === "a") want = 0xff;
    else if (o.key in BITS) want |= BITS[o.key];
    else if (o.key === "help") {
      await out(libc, `Usage: ${prog} [OPTION]...\n`);
      return 0;
    } else {
      await out(libc, "uname (GNU coreutils) 8.28\n");
      return 0;
    }
  }
  if (parsed.operands.length) {
    await warn(libc, prog, `extra operand ${quote(libc, parsed.operands[0])}`);
    await libc.stderr.write(tryHelp(prog));
    return 1;
  }
  if (!want) want = BITS.s;
  const u = await libc.uname();
  const fields: [number, string][] = [
    [BITS.s, u.sysname],
    [BITS.n, u.nodename],
    [BITS.r, u.release],
    [BITS.v, u.version],
    [BITS.m, u.machine],
    [BITS.p, u.machine],
    [BITS.i, u.machine],
    [BITS.o, "GNU/Linux"],
  ];
  const parts = fields.filter(([b]) => want & b).map(([, v]) => v);
  await out(libc, `${parts.join(" ")}\n`);
  return finish(libc, prog, 0);
}
