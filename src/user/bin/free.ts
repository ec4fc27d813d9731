/**
 * free(1), procps-ng 3.3.12: memory usage from /proc/meminfo. Columns as free.c prints them
 * ("%-7s" then " %11s" each); used = total - free - buffers - cache, with cache = Cached +
 * SReclaimable (3.3.12's kb_main_cached); -b -k -m -g --tera --si -h, -w (buffers and cache
 * apart), -t (a Total line), -l (low/high lines).
 */

import { getoptLong } from "../lib/getopt.ts";
import { finish, out, warn } from "../lib/io.ts";
import type { Libc } from "../libc/libc.ts";

function usage(prog: string): string {
  return `
Usage:
 ${prog} [options]

Options:
 -b, --bytes         show output in bytes
 -k, --kilo          show output in kilobytes
 -m, --mega          show output in megabytes
 -g, --giga          show output in gigabytes
     --tera          show output in terabytes
     --peta          show output in petabytes
 -h, --human         show human-readable output
     --si            use powers of 1000 not 1024
 -l, --lohi          show detailed low and high memory statistics
 -t, --total         show total for RAM + swap
 -s N, --seconds N   repeat printing every N seconds
 -c N, --count N     repeat printing N times, then exit
 -w, --wide          wide output

     --help     display this help and exit
 -V, --version  output version information and exit

For more details see free(1).
`;
}

/** Mirrors free.c:scale_size(): `kb` in the chosen unit, or human-readable. */
function scaleSize(kb: number, exponent: number, si: boolean, human: boolean): string {
  const base = si ? 1000 : 1024;
  if (!human) {
    if (exponent === 0) return String(kb);
    if (exponent === 1) return String(kb * 1024);
    if (exponent === 2) return String(si ? Math.trunc(kb / 0.9765625) : kb);
    return String(Math.trunc(kb / base ** (exponent - 2)));
  }
  const units = ["B", "K", "M", "G", "T", "P"];
  for (let i = 1; i <= units.length; i++) {
    const u = units[i - 1];
    if (i === 1) {
      const s = `${kb * 1024}${u}`;
      if (s.length <= 4) return s;
    } else if (i === 2) {
      const s = `${si ? Math.trunc(kb / 0.9765625) : kb}${u}`;
      if (s.length <= 4) return s;
    } else {
      const v = (Math.floor(kb / 1024) * base) / base ** (i - 2);
      const f = `${v.toFixed(1)}${u}`;
      if (f.length <= 4) return f;
      const d = `${Math.trunc(v)}${u}`;
      if (d.length <= 4) return d;
    }
  }
  return String(kb);
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv[0] ?? "free";
  const parsed = getoptLong(argv, "bkmghltc:ws:V", [
    { name: "bytes", hasArg: 0, val: "b" },
    { name: "kilo", hasArg: 0, val: "k" },
    { name: "mega", hasArg: 0, val: "m" },
    { name: "giga", hasArg: 0, val: "g" },
    { name: "tera", hasArg: 0, val: "tera" },
    { name: "peta", hasArg: 0, val: "peta" },
    { name: "human", hasArg: 0, val: "h" },
    { name: "si", hasArg: 0, val: "si" },
    { name: "lohi", hasArg: 0, val: "l" },
    { name: "total", hasArg: 0, val: "t" },
    { name: "seconds", hasArg: 1, val: "s" },
    { name: "count", hasArg: 1, val: "c" },
    { name: "wide", hasArg: 0, val: "w" },
    { name: "help", hasArg: 0, val: "help" },
    { name: "version", hasArg: 0, val: "V" },
  ]);
  if (parsed.error || parsed.operands.length) {
    await libc.stderr.write((parsed.error ?? "") + usage(prog));
    return 1;
  }
  let exponent = 0;
  let si = false;
  let human = false;
  let lohi = false;
  let total = false;
  let wide = false;
  let count = 1;
  let seconds = 0;
  for (const o of parsed.options) {
    switch (o.key) {
      case "b":
        exponent = 1;
        break;
      case "k":
        exponent = 2;
        break;
      case "m":
        exponent = 3;
        break;
      case "g":
        exponent = 4;
        break;
      case "tera":
        exponent = 5;
        break;
      case "peta":
        exponent = 6;
        break;
      case "h":
        human = true;
        break;
      case "si":
        si = true;
        break;
      case "l":
        lohi = true;
        break;
      case "t":
        total = true;
        break;
      case "w":
        wide = true;
        break;
      case "c":
        count = Number.parseInt(o.arg ?? "", 10);
        if (!(count > 0)) {
          await warn(libc, prog, `failed to parse count argument: '${o.arg}'`);
          return 1;
        }
        break;
      case "s":
        seconds = Number.parseFloat(o.arg ?? "");
        if (!(seconds >= 0)) {
          await warn(libc, prog, `seconds argument \`${o.arg}' failed`);
          return 1;
        }
        if (count === 1) count = Number.POSITIVE_INFINITY;
        break;
      case "help":
        await out(libc, usage(prog));
        return 0;
      case "V":
        await out(libc, "free from procps-ng 3.3.12\n");
        return 0;
    }
  }
  for (let n = 0; n < count; n++) {
    if (n > 0) {
      await out(libc, "\n");
      await libc.stdout.flush();
      await libc.sleep(seconds);
    }
    let text: string;
    try {
      text = await libc.readFileText("/proc/meminfo");
    } catch (e) {
      await warn(libc, prog, `Unable to create meminfo structure`);
      void e;
      return 1;
    }
    const mi = new Map<string, number>();
    for (const line of text.split("\n")) {
      const m = /^([^:]+):\s+([0-9]+)/.exec(line);
      if (m) mi.set(m[1], Number(m[2]));
    }
    const g = (k: string) => mi.get(k) ?? 0;
    const memTotal = g("MemTotal");
    const memFree = g("MemFree");
    const buffers = g("Buffers");
    const cached = g("Cached") + g("SReclaimable");
    const shared = g("Shmem");
    let used = memTotal - memFree - cached - buffers;
    if (used < 0) used = memTotal - memFree;
    const available = mi.has("MemAvailable") ? g("MemAvailable") : memFree;
    const swapTotal = g("SwapTotal");
    const swapFree = g("SwapFree");
    const f = (v: number) => ` ${scaleSize(v, exponent, si, human).padStart(11)}`;
    let o = wide
      ? "              total        used        free      shared     buffers       cache   available\n"
      : "              total        used        free      shared  buff/cache   available\n";
    o += "Mem:   ".padEnd(7) + f(memTotal) + f(used) + f(memFree) + f(shared);
    o += wide ? f(buffers) + f(cached) : f(buffers + cached);
    o += `${f(available)}\n`;
    if (lohi) {
      const lowTotal = mi.get("LowTotal") ?? memTotal;
      const lowFree = mi.get("LowFree") ?? memFree;
      const highTotal = g("HighTotal");
      const highFree = g("HighFree");
      o += `Low:   ${f(lowTotal)}${f(lowTotal - lowFree)}${f(lowFree)}\n`;
      o += `High:  ${f(highTotal)}${f(highTotal - highFree)}${f(highFree)}\n`;
    }
    o += `Swap:  ${f(swapTotal)}${f(swapTotal - swapFree)}${f(swapFree)}\n`;
    if (total) {
      o += `Total: ${f(memTotal + swapTotal)}${f(used + swapTotal - swapFree)}${f(memFree + swapFree)}\n`;
    }
    await out(libc, o);
  }
  return finish(libc, prog, 0);
}
