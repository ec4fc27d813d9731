/** The kernel threads of a booted 5.4 kernel (kthreadd and its children). */
import type { Kernel } from "../kernel/kernel.ts";

export function startKernelThreads(k: Kernel): void {
  const kthreadd = k.tasks.kthread("kthreadd", null);
  const names: string[] = ["rcu_gp", "rcu_par_gp", "kworker/0:0H-kblockd", "mm_percpu_wq"];
  for (let cpu = 0; cpu < k.options.ncpus; cpu++) {
    names.push(`ksoftirqd/${cpu}`);
  }
  names.push("rcu_sched");
  for (let cpu = 0; cpu < k.options.ncpus; cpu++)
    names.push(`migration/${cpu}`, `idle_inject/${cpu}`, `cpuhp/${cpu}`);
  names.push(
    "kdevtmpfs",
    "netns",
    "rcu_tasks_kthre",
    "kauditd",
    "khungtaskd",
    "oom_reaper",
    "writeback",
    "kcompactd0",
    "ksmd",
    "khugepaged",
    "kintegrityd",
    "kblockd",
    "blkcg_punt_bio",
    "tpm_dev_wq",
    "ata_sff",
    "md",
    "edac-poller",
    "devfreq_wq",
    "watchdogd",
    "kswapd0",
    "kworker/u2:1-events_unbound",
    "ecryptfs-kthrea",
    "kthrotld",
    "acpi_thermal_pm",
    "scsi_eh_0",
    "scsi_tmf_0",
    "ipv6_addrconf",
    "kstrp",
    "kworker/0:1-events",
    "jbd2/sda1-8",
    "ext4-rsv-conver",
  );
  for (const n of names) k.tasks.kthread(n, kthreadd);
  // User space (systemd's services) took the pids up to here on the book's machine.
  k.tasks.reservePidsUpTo(1100);
}
