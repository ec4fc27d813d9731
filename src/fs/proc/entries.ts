/**
 * The standard /proc files that are not per process (fs/proc/*.c, kernel/module.c
 * m_show, kernel/configs.c).
 */

import { S_IFREG } from "../../include/uapi/stat.ts";
import { CAP_SYSLOG, cred_has_cap } from "../../kernel/capability.ts";
import { this_kernel } from "../../kernel/context.ts";
import type { Kernel } from "../../kernel/kernel.ts";
import { module_flags } from "../../kernel/module.ts";
import { gzipStored } from "../../lib/gzip.ts";
import type { File } from "../fs.ts";
import { simple_read_from_buffer } from "../libfs.ts";
import { type SeqFile, type SeqOperations, seq_printf, seq_puts } from "../seq_file.ts";
import { kernelConfig } from "./config.ts";
import {
  proc_create,
  proc_create_seq,
  proc_create_single,
  proc_mkdir,
  proc_set_size,
  proc_symlink,
} from "./generic.ts";

function kernelOf(_m: SeqFile): Kernel {
  return this_kernel();
}

/** Mirrors proc_modules m_show(). */
function modules_show(m: SeqFile, v: unknown): number {
  const mod = v as import("../../kernel/module.ts").Module;
  const k = kernelOf(m);
  const holders = [...mod.holders].map((h) => `${h.name},`).join("");
  const state = mod.state === "GOING" ? "Unloading" : mod.state === "COMING" ? "Loading" : "Live";
  // kallsyms_show_value(): addresses only for those who may see them (kptr_restrict 1: CAP_SYSLOG).
  const task = m.file.f_task;
  const show = task ? cred_has_cap(m.file.f_cred, CAP_SYSLOG) && k.sysctl.kptr_restrict < 2 : true;
  const addr = show ? mod.coreAddress : 0n;
  let line = `${mod.name} ${mod.size} ${mod.refcnt} ${holders || "-"} ${state} 0x${addr.toString(16).padStart(16, "0")}`;
  const flags = module_flags(mod);
  if (flags) line += ` ${flags}`;
  seq_puts(m, `${line}\n`);
  return 0;
}

const modules_op: SeqOperations = {
  start(m, pos) {
    const list = kernelOf(m).modules.list;
    return pos.value < list.length ? list[pos.value] : null;
  },
  next(m, _v, pos) {
    pos.value++;
    const list = kernelOf(m).modules.list;
    return pos.value < list.length ? list[pos.value] : null;
  },
  stop() {},
  show: modules_show,
};

const FILESYSTEMS: [boolean, string][] = [
  [true, "sysfs"],
  [true, "tmpfs"],
  [true, "bdev"],
  [true, "proc"],
  [true, "cgroup"],
  [true, "cgroup2"],
  [true, "cpuset"],
  [true, "devtmpfs"],
  [true, "debugfs"],
  [true, "tracefs"],
  [true, "securityfs"],
  [true, "sockfs"],
  [true, "bpf"],
  [true, "pipefs"],
  [true, "ramfs"],
  [true, "hugetlbfs"],
  [true, "devpts"],
  [false, "ext3"],
  [false, "ext2"],
  [false, "ext4"],
  [false, "squashfs"],
  [false, "vfat"],
  [true, "ecryptfs"],
  [false, "fuseblk"],
  [true, "fuse"],
  [true, "fusectl"],
  [true, "mqueue"],
  [true, "pstore"],
  [false, "btrfs"],
  [true, "autofs"],
];

export function registerProcEntries(k: Kernel): void {
  proc_create_single("version", 0, null, (m) => {
    const o = k.options;
    seq_printf(
      m,
      "Linux version %s (llkd@%s) (gcc version 7.5.0 (Ubuntu 7.5.0-3ubuntu1~18.04)) %s\n",
      o.release,
      o.hostname,
      o.version,
    );
  });
  proc_create_single("uptime", 0, null, (m) => {
    const ns = k.clock.ns();
    const up = Math.floor(ns / 1e7);
    const idle = Math.floor((up * 95) / 100) * k.options.ncpus;
    seq_printf(
      m,
      "%lu.%02lu %lu.%02lu\n",
      Math.floor(up / 100),
      up % 100,
      Math.floor(idle / 100),
      idle % 100,
    );
  });
  proc_create_single("cmdline", 0, null, (m) => {
    seq_printf(
      m,
      "BOOT_IMAGE=/boot/vmlinuz-%s root=UUID=3c1ab4f4-2b0a-4d3c-9a8f-1f1f0b8c3d2e ro quiet splash\n",
      k.options.release,
    );
  });
  proc_create_single("filesystems", 0, null, (m) => {
    for (const [nodev, name] of FILESYSTEMS) seq_printf(m, "%s\t%s\n", nodev ? "nodev" : "", name);
  });
  proc_create_single("loadavg", 0, null, (m) => {
    const running = k.tasks.all().filter((t) => t.alive && !t.kthread && !t.sleeping).length;
    seq_printf(
      m,
      "0.00 0.00 0.00 %d/%d %d\n",
      running,
      k.tasks.all().length,
      k.tasks.all().at(-1)?.pid ?? 1,
    );
  });
  proc_create_single("meminfo", 0, null, (m) => {
    const totalKb = k.options.ramBytes / 1024;
    const rows: [string, number][] = [
      ["MemTotal", totalKb - 180_000],
      ["MemFree", Math.floor(totalKb * 0.55)],
      ["MemAvailable", Math.floor(totalKb * 0.8)],
      ["Buffers", 40_960],
      ["Cached", 612_345],
      ["SwapCached", 0],
      ["SwapTotal", 2_097_148],
      ["SwapFree", 2_097_148],
    ];
    for (const [n, v] of rows) seq_printf(m, "%-15s %8lu kB\n", `${n}:`, v);
  });
  proc_create_single("cpuinfo", 0, null, (m) => {
    for (let cpu = 0; cpu < k.options.ncpus; cpu++) {
      seq_printf(
        m,
        "processor\t: %d\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 158\n",
        cpu,
      );
      seq_printf(
        m,
        "model name\t: Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz\nstepping\t: 10\ncpu MHz\t\t: 3191.998\n",
      );
      seq_printf(
        m,
        "cache size\t: 12288 KB\nphysical id\t: 0\nsiblings\t: %d\ncore id\t\t: %d\ncpu cores\t: %d\n",
        k.options.ncpus,
        cpu,
        k.options.ncpus,
      );
      seq_printf(
        m,
        "fpu\t\t: yes\nflags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid tsc_known_freq pni pclmulqdq ssse3 cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx rdrand hypervisor lahf_lm abm 3dnowprefetch invpcid_single pti fsgsbase avx2 invpcid rdseed clflushopt md_clear flush_l1d\n",
      );
      seq_printf(
        m,
        "bogomips\t: 6383.99\nclflush size\t: 64\ncache_alignment\t: 64\naddress sizes\t: 39 bits physical, 48 bits virtual\npower management:\n\n",
      );
    }
  });
  proc_create_seq("modules", 0, null, modules_op);
  proc_symlink("mounts", null, "self/mounts");
  const config = gzipStored(new TextEncoder().encode(kernelConfig(k)));
  const cfg = proc_create("config.gz", S_IFREG | 0o444, null, {
    proc_read(_file: File, buf: number, count: number, ppos) {
      return simple_read_from_buffer(buf, count, ppos, config);
    },
    proc_lseek: (f: File, o: number, w: number) => (w === 0 && o >= 0 ? (f.f_pos = o) : -22),
  });
  if (cfg) proc_set_size(cfg, config.length);
  proc_mkdir("driver", null);
  proc_mkdir("fs", null);
  proc_mkdir("bus", null);
  proc_mkdir("tty", null);
}
