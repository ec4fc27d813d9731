/**
 * sleep(1), GNU coreutils 8.28: pause for the sum of its operands, each a number of seconds
 * (fractions allowed) with an optional suffix s, m, h or d. Under the virtual clock the
 * kernel advances time instead of waiting.
 */

import { quote, tryHelp } from "../lib/coreutils.ts";
import { getoptLong } from "../lib/getopt.ts";
import { out, warn } from "../lib/io.ts";
import type { Libc } from "../libc/libc.ts";

const MULT: Record<string, number> = { "": 1, s: 1, m: 60, h: 3600, d: 86400 };

/** Mirrors sleep.c:apply_suffix() over xstrtod(): the seconds an operand stands for. */
export function parseInterval(s: string): number | null {
  const m =
    /^[ \t\n\v\f\r]*([+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[+]?inf(?:inity)?)([smhd]?)$/i.exec(
      s,
    );
  if (!m) return null;
  const v = /inf/i.test(m[1]) ? Number.POSITIVE_INFINITY : Number(m[1]);
  if (Number.isNaN(v) || v < 0) return null;
  return v * MULT[m[2]];
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv[0] ?? "sleep";
  const parsed = getoptLong(argv, "", [
    { name: "help", hasArg: 0, val: "help" },
    { name: "version", hasArg: 0, val: "version" },
  ]);
  if (parsed.error) {
    await libc.stderr.write(parsed.error + tryHelp(prog));
    return 1;
  }
  for (const o of parsed.options) {
    if (o.key === "help") {
      await out(libc, `Usage: ${prog} NUMBER[SUFFIX]...\n  or:  ${prog} OPTION\n`);
      return 0;
    }
    await out(libc, "sleep (GNU coreutils) 8.28\n");
    return 0;
  }
  if (!parsed.operands.length) {
    await warn(libc, prog, "missing operand");
    await libc.stderr.write(tryHelp(prog));
    return 1;
  }
  let total = 0;
  let ok = true;
  for (const a of parsed.operands) {
    const v = parseInterval(a);
    if (v === null) {
      await warn(libc, prog, `invalid time interval ${quote(libc, a)}`);
      ok = false;
    } else total += v;
  }
  if (!ok) {
    await libc.stderr.write(tryHelp(prog));
    return 1;
  }
  // xnanosleep(): an infinite or huge interval sleeps as long as time_t allows.
  const secs = Math.min(total, 2 ** 63 / 1e9);
  try {
    await libc.sleep(secs);
  } catch (e) {
    if (!(e instanceof Error && e.name === "SysError")) throw e;
    await warn(libc, prog, `cannot read realtime clock: ${libc.strerror(libc.errno)}`);
    return 1;
  }
  return 0;
}
