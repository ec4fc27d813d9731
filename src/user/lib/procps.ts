/**
 * Process information as procps-ng 3.3.12's libprocps reads it (proc/readproc.c): one
 * record per /proc/<pid> from stat, status and cmdline, and the ps column printers of
 * ps/output.c that use it (pr_time(), pr_stat(), pr_pcpu(), pr_stime(), dev_to_tty()).
 */
import type { Libc } from "../libc/libc.ts";
import { byteStr } from "./io.ts";
import { strftime } from "./strftime.ts";

/** USER_HZ: the unit of /proc times. */
export const HERTZ = 100;
const PF_KTHREAD = 0x00200000;

export interface Proc {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
  ttyNr: number;
  tpgid: number;
  flags: number;
  utime: number;
  stime: number;
  priority: number;
  nice: number;
  nlwp: number;
  /** Clock ticks after boot. */
  startTime: number;
  vsize: number;
  rssPages: number;
  processor: number;
  ruid: number;
  euid: number;
  rgid: number;
  egid: number;
  /** argv, or null for kernel threads and zombies (empty cmdline). */
  args: string[] | null;
  kthread: boolean;
}

/** Mirrors readproc.c:stat2proc() and status2proc(); null if the process is gone. */
export async function readProc(libc: Libc, pid: number): Promise<Proc | null> {
  let stat: string;
  let status: string;
  try {
    stat = byteStr(await libc.readFile(`/proc/${pid}/stat`));
    status = byteStr(await libc.readFile(`/proc/${pid}/status`));
  } catch {
    return null;
  }
  let args: string[] | null = null;
  try {
    const c = byteStr(await libc.readFile(`/proc/${pid}/cmdline`));
    if (c.length) args = c.replace(/\0$/, "").split("\0");
  } catch {
    args = null;
  }
  const open = stat.indexOf("(");
  const close = stat.lastIndexOf(")");
  const f = stat.slice(close + 2).split(" ");
  const n = (i: number) => Number(f[i] ?? 0);
  const ids = (key: string): number[] => {
    const m = new RegExp(`^${key}:\\s*(.*)$`, "m").exec(status);
    return m ? m[1].split(/\s+/).map(Number) : [0, 0];
  };
  const uids = ids("Uid");
  const gids = ids("Gid");
  const flags = n(6);
  return {
    pid,
    comm: stat.slice(open + 1, close),
    state: f[0] ?? "?",
    ppid: n(1),
    pgrp: n(2),
    session: n(3),
    ttyNr: n(4),
    tpgid: n(5),
    flags,
    utime: n(11),
    stime: n(12),
    priority: n(15),
    nice: n(16),
    nlwp: n(17),
    startTime: n(19),
    vsize: n(20),
    rssPages: n(21),
    processor: n(36),
    ruid: uids[0],
    euid: uids[1] ?? uids[0],
    rgid: gids[0],
    egid: gids[1] ?? gids[0],
    args,
    kthread: (flags & PF_KTHREAD) !== 0,
  };
}

/** All processes, in /proc's (ascending pid) order. */
export async function readAllProcs(libc: Libc): Promise<Proc[]> {
  const pids = (await libc.readdir("/proc"))
    .filter((e) => /^[0-9]+$/.test(e.name))
    .map((e) => Number(e.name))
    .sort((a, b) => a - b);
  const out: Proc[] = [];
  for (const pid of pids) {
    const p = await readProc(libc, pid);
    if (p) out.push(p);
  }
  return out;
}

/** Mirrors proc/devname.c:dev_to_tty() with ABBREV_DEV: "pts/0", "tty1", "?". */
export function ttyName(ttyNr: number): string {
  if (!ttyNr) return "?";
  const major = (ttyNr >> 8) & 0xfff;
  const minor = (ttyNr & 0xff) | ((ttyNr >> 12) & 0xfff00);
  if (major === 136) return `pts/${minor}`;
  if (major === 4) return minor < 64 ? `tty${minor}` : `ttyS${minor - 64}`;
  if (major === 5 && minor === 0) return "tty";
  if (major === 5 && minor === 1) return "console";
  return "?";
}

/** pr_time(): cumulative CPU time as [DD-]HH:MM:SS. */
export function cpuTime(p: Proc): string {
  let t = Math.floor((p.utime + p.stime) / HERTZ);
  const ss = t % 60;
  t = Math.floor(t / 60);
  const mm = t % 60;
  t = Math.floor(t / 60);
  const hh = t % 24;
  const dd = Math.floor(t / 24);
  const two = (x: number) => String(x).padStart(2, "0");
  return `${dd ? `${dd}-` : ""}${two(hh)}:${two(mm)}:${two(ss)}`;
}

/** pr_bsdtime(): minutes:seconds of CPU time. */
export function bsdTime(p: Proc): string {
  const t = Math.floor((p.utime + p.stime) / HERTZ);
  return `${String(Math.floor(t / 60)).padStart(3)}:${String(t % 60).padStart(2, "0")}`;
}

/** pr_etime(): elapsed time as [[DD-]HH:]MM:SS. */
export function elapsed(p: Proc, uptime: number): string {
  let t = Math.max(0, Math.floor(uptime - p.startTime / HERTZ));
  const ss = t % 60;
  t = Math.floor(t / 60);
  const mm = t % 60;
  t = Math.floor(t / 60);
  const hh = t % 24;
  const dd = Math.floor(t / 24);
  const two = (x: number) => String(x).padStart(2, "0");
  return `${dd ? `${dd}-` : ""}${dd || hh ? `${two(hh)}:` : ""}${two(mm)}:${two(ss)}`;
}

/** pr_stat(): state plus the BSD flags < N s l +. */
export function statFlags(p: Proc): string {
  let s = p.state;
  if (p.nice < 0) s += "<";
  else if (p.nice > 0) s += "N";
  if (p.session === p.pid) s += "s";
  if (p.nlwp > 1) s += "l";
  if (p.pgrp === p.tpgid) s += "+";
  return s;
}

/** pr_pcpu()/pr_c(): CPU use per mille of the process's life. */
export function cpuPermille(p: Proc, uptime: number): number {
  const seconds = Math.floor(uptime - p.startTime / HERTZ);
  if (seconds <= 0) return 0;
  return Math.floor(((p.utime + p.stime) * 1000) / HERTZ / seconds);
}

export function pcpu(p: Proc, uptime: number): string {
  const v = cpuPermille(p, uptime);
  return v > 999 ? String(Math.floor(v / 10)) : `${Math.floor(v / 10)}.${v % 10}`;
}

/** pr_pmem(): resident memory per mille of MemTotal. */
export function pmem(p: Proc, memTotalKb: number): string {
  let v = memTotalKb ? Math.floor((p.rssPages * 4 * 1000) / memTotalKb) : 0;
  if (v > 999) v = 999;
  return `${Math.floor(v / 10)}.${v % 10}`;
}

/** pr_stime(): HH:MM today, MmmDD this year, else the year. */
export function startStamp(p: Proc, now: number, uptime: number): string {
  // time_of_boot = seconds_since_1970 - (long)uptime; start_time / Hertz truncates.
  const t = now - Math.floor(uptime) + Math.floor(p.startTime / HERTZ);
  const same = (f: string) => strftime(f, t) === strftime(f, now);
  if (!same("%Y")) return strftime("%Y", t);
  if (!same("%j")) return strftime("%b%d", t);
  return strftime("%H:%M", t);
}

/** escape_command(): argv joined by spaces, or "[comm]" (with " <defunct>" for zombies). */
export function commandLine(p: Proc, full: boolean): string {
  const clean = (s: string) => s.replace(/[\x00-\x1f\x7f]/g, "?");
  const args = p.args?.join(" ") ?? "";
  if (full && args.trim() !== "") return clean(args);
  if (!full) return clean(p.comm) + (p.state === "Z" ? " <defunct>" : "");
  return `[${clean(p.comm)}]${p.state === "Z" ? " <defunct>" : ""}`;
}
