/**
 * uptime(1), procps-ng 3.3.12 (proc/whattime.c:sprint_uptime()):
 * " 10:00:03 up 0 min,  1 user,  load average: 0.00, 0.00, 0.00". -p ("up 5 minutes"),
 * -s (boot time). vkern keeps no utmp; users are counted as the terminals (pts) that have a
 * session leader, which is what a login on each would have recorded.
 */

import { getoptLong } from "../lib/getopt.ts";
import { finish, out, warn } from "../lib/io.ts";
import { strftime } from "../lib/strftime.ts";
import type { Libc } from "../libc/libc.ts";

async function countUsers(libc: Libc): Promise<number> {
  const ttys = new Set<number>();
  let entries: { name: string }[] = [];
  try {
    entries = await libc.readdir("/proc");
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (!/^[0-9]+$/.test(e.name)) continue;
    try {
      const stat = await libc.readFileText(`/proc/${e.name}/stat`);
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const sid = Number(f[3]);
      const tty = Number(f[4]);
      if (sid === Number(e.name) && tty >> 8 === 136) ttys.add(tty);
    } catch {
      // the process went away
    }
  }
  return ttys.size;
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv[0] ?? "uptime";
  const parsed = getoptLong(argv, "phsV", [
    { name: "pretty", hasArg: 0, val: "p" },
    { name: "help", hasArg: 0, val: "h" },
    { name: "since", hasArg: 0, val: "s" },
    { name: "version", hasArg: 0, val: "V" },
  ]);
  if (parsed.error || parsed.operands.length) {
    await libc.stderr.write(
      `${parsed.error ?? ""}\nUsage:\n ${prog} [options]\n\nOptions:\n -p, --pretty   show uptime in pretty format\n -h, --help     display this help and exit\n -s, --since    system up since\n -V, --version  output version information and exit\n\nFor more details see uptime(1).\n`,
    );
    return 1;
  }
  let pretty = false;
  let since = false;
  for (const o of parsed.options) {
    if (o.key === "p") pretty = true;
    else if (o.key === "s") since = true;
    else if (o.key === "V") {
      await out(libc, "uptime from procps-ng 3.3.12\n");
      return 0;
    } else {
      await out(libc, `\nUsage:\n ${prog} [options]\n`);
      return 0;
    }
  }
  let up: number;
  let loads: number[];
  try {
    up = Number.parseFloat((await libc.readFileText("/proc/uptime")).split(" ")[0]);
    loads = (await libc.readFileText("/proc/loadavg")).split(" ").slice(0, 3).map(Number);
  } catch (e) {
    await warn(libc, prog, `cannot read /proc: ${libc.strerror((e as { errno: number }).errno)}`);
    return 1;
  }
  const now = await libc.clock_gettime(0);
  if (since) {
    // up_since_secs = (time_t)((now.tv_sec + now.tv_usec / 1e6) - uptime_secs)
    await out(
      libc,
      `${strftime("%Y-%m-%d %H:%M:%S", Math.floor(now.sec + now.nsec / 1e9 - up))}\n`,
    );
    return finish(libc, prog, 0);
  }
  const secs = Math.floor(up);
  const days = Math.floor(secs / 86400);
  const hours = Math.floor(secs / 3600) % 24;
  const mins = Math.floor(secs / 60) % 60;
  if (pretty) {
    // sprint_uptime(human_readable): weeks, days, hours, minutes, comma separated.
    const weeks = Math.floor(days / 7);
    const parts: string[] = [];
    const unit = (n: number, w: string) => `${n} ${w}${n !== 1 ? "s" : ""}`;
    if (weeks) parts.push(unit(weeks, "week"));
    if (days % 7) parts.push(unit(days % 7, "day"));
    if (hours) parts.push(unit(hours, "hour"));
    if (mins || !parts.length) parts.push(unit(mins, "minute"));
    await out(libc, `up ${parts.join(", ")}\n`);
    return finish(libc, prog, 0);
  }
  let s = ` ${strftime("%H:%M:%S", now.sec)} up `;
  if (days) s += `${days} day${days !== 1 ? "s" : ""}, `;
  s += hours ? `${String(hours).padStart(2)}:${String(mins).padStart(2, "0")}, ` : `${mins} min, `;
  const users = await countUsers(libc);
  s += `${String(users).padStart(2)} user${users === 1 ? "" : "s"}, `;
  s += ` load average: ${loads.map((l) => l.toFixed(2)).join(", ")}\n`;
  await out(libc, s);
  return finish(libc, prog, 0);
}
