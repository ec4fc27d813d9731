/**
 * nproc(1), GNU coreutils 8.28: the number of processing units available. Without
 * sched_getaffinity() it falls back as gnulib's num_processors() does on Linux: the online
 * CPUs in /sys/devices/system/cpu/online (all: the cpuN directories), then /proc/cpuinfo.
 * OMP_NUM_THREADS and OMP_THREAD_LIMIT are honoured, and --ignore=N.
 */

import { quote, tryHelp } from "../lib/coreutils.ts";
import { getoptLong } from "../lib/getopt.ts";
import { finish, out, warn } from "../lib/io.ts";
import type { Libc } from "../libc/libc.ts";

/** The count of a kernel CPU list such as "0-3,5". */
function countList(s: string): number | null {
  let n = 0;
  for (const part of s.trim().split(",")) {
    const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(part);
    if (!m) return null;
    n += m[2] === undefined ? 1 : Number(m[2]) - Number(m[1]) + 1;
  }
  return n;
}

async function processors(libc: Libc, all: boolean): Promise<number> {
  try {
    if (all) {
      const cpus = (await libc.readdir("/sys/devices/system/cpu")).filter((e) =>
        /^cpu[0-9]+$/.test(e.name),
      );
      if (cpus.length) return cpus.length;
    } else {
      const n = countList(await libc.readFileText("/sys/devices/system/cpu/online"));
      if (n) return n;
    }
  } catch {
    // no sysfs: fall through
  }
  try {
    const text = await libc.readFileText("/proc/cpuinfo");
    const n = text.split("\n").filter((l) => /^processor\s*:/.test(l)).length;
    if (n) return n;
  } catch {
    // no procfs either
  }
  return 1;
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv[0] ?? "nproc";
  const parsed = getoptLong(argv, "", [
    { name: "all", hasArg: 0, val: "all" },
    { name: "ignore", hasArg: 1, val: "ignore" },
    { name: "help", hasArg: 0, val: "help" },
    { name: "version", hasArg: 0, val: "version" },
  ]);
  if (parsed.error) {
    await libc.stderr.write(parsed.error + tryHelp(prog));
    return 1;
  }
  let all = false;
  let ignore = 0;
  for (const o of parsed.options) {
    if (o.key === "all") all = true;
    else if (o.key === "ignore") {
      if (!/^[0-9]+$/.test(o.arg ?? "")) {
        await warn(libc, prog, `invalid number: ${quote(libc, o.arg ?? "")}`);
        return 1;
      }
      ignore = Number(o.arg);
    } else {
      await out(
        libc,
        o.key === "help" ? `Usage: ${prog} [OPTION]...\n` : "nproc (GNU coreutils) 8.28\n",
      );
      return 0;
    }
  }
  if (parsed.operands.length) {
    await warn(libc, prog, `extra operand ${quote(libc, parsed.operands[0])}`);
    await libc.stderr.write(tryHelp(prog));
    return 1;
  }
  let n = await processors(libc, all);
  if (!all) {
    // gnulib nproc.c: OMP_NUM_THREADS (its first number) and OMP_THREAD_LIMIT.
    const omp = Number.parseInt(libc.getenv("OMP_NUM_THREADS") ?? "", 10);
    if (omp > 0) n = omp;
    const limit = Number.parseInt(libc.getenv("OMP_THREAD_LIMIT") ?? "", 10);
    if (limit > 0 && limit < n) n = limit;
  }
  n = Math.max(n - ignore, 1);
  await out(libc, `${n}\n`);
  return finish(libc, prog, 0);
}
