/**
 * The text of /proc/<pid>/ files (fs/proc/array.c, fs/proc/base.c).
 */
import type { Task } from "../../kernel/task.ts";
import type { VmArea } from "../../mm/mm.ts";
import { d_path } from "../namespace.ts";
import {
  type SeqFile,
  type SeqOperations,
  seq_list_next,
  seq_list_start,
  seq_printf,
  seq_puts,
  seq_write,
} from "../seq_file.ts";

function hex16(n: bigint): string {
  return n.toString(16).padStart(16, "0");
}

/** Mirrors get_task_state(): vkern tasks are either running code or sleeping in the kernel. */
function taskState(t: Task): string {
  if (t.state === "zombie") return "Z (zombie)";
  if (t.sleeping || t.kthread)
    return t.kthread && t.comm.startsWith("kworker") ? "I (idle)" : "S (sleeping)";
  return "R (running)";
}

function sigmask(set: Iterable<number>): string {
  let m = 0n;
  for (const s of set) m |= 1n << BigInt(s - 1);
  return hex16(m);
}

function status(m: SeqFile, t: Task): void {
  const c = t.cred;
  const ignored = [...t.sighand].filter(([, h]) => h === "ignore").map(([s]) => s);
  const caught = [...t.sighand].filter(([, h]) => h === "handled").map(([s]) => s);
  const vmKb = t.mm.areas().reduce((a, v) => a + (v.end - v.start), 0) / 1024;
  seq_printf(m, "Name:\t%s\n", t.comm);
  if (!t.kthread) seq_printf(m, "Umask:\t%04o\n", t.fs.umask);
  seq_printf(m, "State:\t%s\n", taskState(t));
  seq_printf(
    m,
    "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n",
    t.tgid,
    t.pid,
    t.parent?.tgid ?? 0,
  );
  seq_printf(m, "Uid:\t%d\t%d\t%d\t%d\n", c.uid, c.euid, c.suid, c.fsuid);
  seq_printf(m, "Gid:\t%d\t%d\t%d\t%d\n", c.gid, c.egid, c.sgid, c.fsgid);
  seq_printf(
    m,
    "FDSize:\t%d\n",
    t.kthread ? 0 : Math.max(64, 2 ** Math.ceil(Math.log2(Math.max(1, t.files.fds.length)))),
  );
  seq_puts(m, `Groups:\t${c.groups.map((g) => `${g} `).join("")}\n`);
  seq_printf(m, "NStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n", t.tgid, t.pid, t.pgid, t.sid);
  if (!t.kthread) {
    seq_printf(m, "VmPeak:\t%8lu kB\nVmSize:\t%8lu kB\n", vmKb, vmKb);
    seq_printf(m, "VmRSS:\t%8lu kB\n", vmKb);
  }
  seq_printf(m, "Threads:\t%d\n", 1 + t.threads.length);
  seq_printf(m, "SigQ:\t%d/%d\n", t.pending.size, 15432);
  seq_printf(m, "SigPnd:\t%s\nShdPnd:\t%s\n", sigmask(t.pending), hex16(0n));
  seq_printf(
    m,
    "SigBlk:\t%s\nSigIgn:\t%s\nSigCgt:\t%s\n",
    hex16(0n),
    sigmask(ignored),
    sigmask(caught),
  );
  seq_printf(
    m,
    "CapInh:\t%s\nCapPrm:\t%s\nCapEff:\t%s\n",
    hex16(0n),
    hex16(c.cap_permitted),
    hex16(c.cap_effective),
  );
  seq_printf(m, "CapBnd:\t%s\nCapAmb:\t%s\n", hex16((1n << 41n) - 1n), hex16(0n));
  seq_puts(m, "NoNewPrivs:\t0\nSeccomp:\t0\nSpeculation_Store_Bypass:\tthread vulnerable\n");
  seq_puts(
    m,
    "Cpus_allowed:\t1\nCpus_allowed_list:\t0\nMems_allowed:\t00000000,00000001\nMems_allowed_list:\t0\n",
  );
  seq_printf(m, "voluntary_ctxt_switches:\t%d\nnonvoluntary_ctxt_switches:\t%d\n", t.nsyscalls, 0);
}

/**
 * The controlling terminal's number in the old encoding (major << 8 | minor), or 0:
 * vkern has no setsid/TIOCSCTTY bookkeeping, so a terminal on fd 0-2 counts.
 */
function ttyNr(t: Task): number {
  if (t.kthread) return 0;
  for (const fd of [0, 1, 2]) {
    const f = t.files.get(fd)?.file;
    const rdev = f?.f_inode.i_rdev ?? 0;
    const major = rdev >>> 20;
    if (major === 136 || major === 4) return (major << 8) | (rdev & 0xff);
  }
  return 0;
}

/** Mirrors do_task_stat(): 52 fields, comm in parentheses. */
function stat(m: SeqFile, t: Task): void {
  const k = t.kernel;
  const state = taskState(t)[0];
  const startTicks = Math.floor((t.startTimeNs * 100) / 1e9);
  const vsize = t.mm.areas().reduce((a, v) => a + (v.end - v.start), 0);
  const f = [
    t.pid,
    `(${t.comm})`,
    state,
    t.parent?.tgid ?? 0,
    t.pgid,
    t.sid,
    ttyNr(t),
    ttyNr(t) ? t.sid : -1, // tpgid: -1 without a controlling tty (do_task_stat())
    t.kthread ? 0x208040 : 0x400000,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    20,
    0,
    1 + t.threads.length,
    0,
    startTicks,
    vsize,
    Math.floor(vsize / 4096),
    "18446744073709551615",
    ...Array(13).fill(0),
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    t.kthread ? 0 : t.exitStatus,
  ];
  void k;
  seq_puts(m, `${f.join(" ")}\n`);
}

function statm(m: SeqFile, t: Task): void {
  const pages = Math.floor(t.mm.areas().reduce((a, v) => a + (v.end - v.start), 0) / 4096);
  seq_printf(m, "%lu %lu %lu %lu 0 %lu 0\n", pages, pages, 0, 0, pages);
}

/** cmdline: the argv strings, each NUL-terminated; empty for kernel threads. */
function cmdline(m: SeqFile, t: Task): void {
  if (t.kthread) return;
  seq_write(m, new TextEncoder().encode(t.argv.map((a) => `${a}\0`).join("")));
}

function environ(m: SeqFile, t: Task): void {
  if (t.kthread) return;
  seq_write(m, new TextEncoder().encode(t.envp.map((a) => `${a}\0`).join("")));
}

function comm(m: SeqFile, t: Task): void {
  seq_printf(m, "%s\n", t.comm);
}

/** Mirrors show_map_vma(): one line per mapping. */
function show_map(m: SeqFile, v: VmArea): void {
  const perms = `${v.prot & 1 ? "r" : "-"}${v.prot & 2 ? "w" : "-"}${v.prot & 4 ? "x" : "-"}p`;
  const name = v.name === "anon" ? "" : v.name;
  const line = `${v.start.toString(16).padStart(8, "0")}-${v.end.toString(16).padStart(8, "0")} ${perms} 00000000 00:00 0`;
  seq_puts(m, name ? `${line.padEnd(73, " ")}${name}\n` : `${line} \n`);
}

/**
 * Mirrors proc_pid_maps_op (fs/proc/task_mmu.c: m_start/m_next/show_map): one record per
 * VMA, so a long maps file is read in page-sized runs of whole lines, as in Linux.
 */
export function proc_pid_maps_op(t: Task): SeqOperations {
  return {
    start: (_m, pos) => seq_list_start(t.mm.areas(), pos.value),
    next: (_m, _v, pos) => seq_list_next(t.mm.areas(), pos),
    stop: () => {},
    show: (m, v) => show_map(m, v as VmArea),
  };
}

/** Mirrors show_vfsmnt(): "device mountpoint type options 0 0". */
export function mountsShow(m: SeqFile, t: Task): void {
  for (const mnt of t.kernel.mounts.mounts) {
    const where = d_path({ mnt, dentry: mnt.mnt_root }, t.fs.root);
    seq_printf(
      m,
      "%s %s %s %s 0 0\n",
      mnt.mnt_devname,
      where,
      mnt.mnt_sb.s_type.name,
      mnt.mnt_flags,
    );
  }
}

function limits(m: SeqFile, _t: Task): void {
  const rows: [string, string, string, string][] = [
    ["Max cpu time", "unlimited", "unlimited", "seconds"],
    ["Max file size", "unlimited", "unlimited", "bytes"],
    ["Max data size", "unlimited", "unlimited", "bytes"],
    ["Max stack size", "8388608", "unlimited", "bytes"],
    ["Max core file size", "0", "unlimited", "bytes"],
    ["Max resident set", "unlimited", "unlimited", "bytes"],
    ["Max processes", "7716", "7716", "processes"],
    ["Max open files", "1024", "1048576", "files"],
    ["Max locked memory", "65536", "65536", "bytes"],
    ["Max address space", "unlimited", "unlimited", "bytes"],
    ["Max file locks", "unlimited", "unlimited", "locks"],
    ["Max pending signals", "7716", "7716", "signals"],
    ["Max msgqueue size", "819200", "819200", "bytes"],
    ["Max nice priority", "0", "0", ""],
    ["Max realtime priority", "0", "0", ""],
    ["Max realtime timeout", "unlimited", "unlimited", "us"],
  ];
  seq_printf(m, "%-25s %-20s %-20s %-10s\n", "Limit", "Soft Limit", "Hard Limit", "Units");
  for (const [n, s, h, u] of rows) {
    if (u) seq_printf(m, "%-25s %-20s %-20s %-10s\n", n, s, h, u);
    else seq_printf(m, "%-25s %-20s %-20s \n", n, s, h);
  }
}

export const pidEntryShows = {
  status,
  stat,
  statm,
  cmdline,
  environ,
  comm,
  mounts: mountsShow,
  limits,
};
