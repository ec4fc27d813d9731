/**
 * The top-level sysfs directories that are not devices (kernel/ksysfs.c,
 * kernel/power/main.c, fs/namespace.c, drivers/base/firmware.c, hypervisor.c,
 * block/genhd.c of Linux 5.4), declared as data for a small Ubuntu 18.04 VM:
 * /sys/kernel (with the empty debug/ that debugfs is mounted on), /sys/power,
 * /sys/firmware, /sys/fs, /sys/hypervisor and /sys/block.
 */

import { roots } from "../drivers/base/base.ts";
import { kobject_create_and_add } from "../drivers/base/kobject.ts";
import { dir, type FileSpec, populate, ro, rw } from "../drivers/base/static_tree.ts";
import { uevent_seqnum } from "../drivers/base/uevent.ts";
import { EINVAL } from "../include/uapi/errno.ts";
import { kstrtoint } from "../lib/kstrtox.ts";
import type { Kernel } from "./kernel.ts";

/** Stores parse with kstrtoint(buf, 0, ...) as kernel/ksysfs.c does: any error is -EINVAL. */
const int = (t: string) => {
  const r = kstrtoint(t, 0);
  return r.err ? -EINVAL : `${r.value}\n`;
};
const bool01 = (t: string) => (/^\s*[01]\s*$/.test(t) ? `${t.trim()}\n` : -EINVAL);

/** Mirrors the "[choice]" files of transparent_hugepage and /sys/power (one bracketed). */
function choice(options: string[], selected: string): FileSpec {
  let cur = selected;
  return {
    t: "f",
    mode: 0o644,
    show: () => `${options.map((o) => (o === cur ? `[${o}]` : o)).join(" ")}\n`,
    store: (_k: Kernel, t: string) => {
      const v = t.replace(/\n$/, "");
      if (!options.includes(v)) return -EINVAL;
      cur = v;
      return 0;
    },
  };
}

/** /sys/kernel: ksysfs attributes and the mount points and subsystem directories. */
function kernelTree() {
  return dir({
    uevent_seqnum: ro((k) => `${uevent_seqnum(k)}\n`),
    uevent_helper: rw("\n"),
    profiling: rw("0\n", int),
    kexec_loaded: ro("0\n"),
    kexec_crash_loaded: ro("0\n"),
    kexec_crash_size: rw("0\n", int),
    vmcoreinfo: ro("0x000000003f40f000 1024\n"),
    fscaps: ro("1\n"),
    rcu_expedited: rw("0\n", int),
    rcu_normal: rw("0\n", int),
    boot_params: dir({ version: ro("0x020d\n") }),
    cgroup: dir({
      delegate: ro("cgroup.procs\ncgroup.subtree_control\ncgroup.threads\n"),
      features: ro("nsdelegate\n"),
    }),
    config: dir({}),
    debug: dir({}),
    irq: dir({}),
    mm: dir({
      hugepages: dir({}),
      transparent_hugepage: dir({
        enabled: choice(["always", "madvise", "never"], "madvise"),
        defrag: choice(["always", "defer", "defer+madvise", "madvise", "never"], "madvise"),
        use_zero_page: rw("1\n", bool01),
        hpage_pmd_size: ro("2097152\n"),
      }),
    }),
    security: dir({}),
    slab: dir({}),
    tracing: dir({}),
  });
}

/** /sys/power (kernel/power/main.c). */
function powerTree() {
  return dir({
    state: ro("freeze mem disk\n", 0o644),
    mem_sleep: choice(["s2idle", "deep"], "deep"),
    disk: choice(["platform", "shutdown", "reboot", "suspend", "test_resume"], "platform"),
    image_size: rw("822779904\n", int),
    pm_async: rw("1\n", bool01),
    pm_freeze_timeout: rw("20000\n", int),
    reserved_size: rw("1101004\n", int),
    resume: rw("0:0\n"),
    resume_offset: rw("0\n", int),
    wakeup_count: rw("0\n", int),
  });
}

/** Mirrors ksysfs_init(), power's pm_init(), mnt_init()'s fs_kobj, firmware_init() ... */
export function ksysfs_init(k: Kernel): void {
  const r = roots(k);
  r.kernel_kobj = kobject_create_and_add("kernel", null);
  if (r.kernel_kobj) populate(r.kernel_kobj, kernelTree());
  r.power_kobj = kobject_create_and_add("power", null);
  if (r.power_kobj) populate(r.power_kobj, powerTree());
  r.firmware_kobj = kobject_create_and_add("firmware", null);
  if (r.firmware_kobj) {
    populate(
      r.firmware_kobj,
      dir({
        acpi: dir({
          hotplug: dir({}),
          interrupts: dir({}),
          pm_profile: ro("1\n"),
          tables: dir({}),
        }),
        dmi: dir({ entries: dir({}), tables: dir({}) }),
        memmap: dir({}),
      }),
    );
  }
  r.fs_kobj = kobject_create_and_add("fs", null);
  if (r.fs_kobj) {
    populate(
      r.fs_kobj,
      dir({
        bpf: dir({}),
        cgroup: dir({}),
        ext4: dir({
          features: dir({
            batched_discard: ro("supported\n"),
            lazy_itable_init: ro("supported\n"),
            meta_bg_resize: ro("supported\n"),
            metadata_csum_seed: ro("supported\n"),
          }),
        }),
        fuse: dir({ connections: dir({}) }),
        pstore: dir({}),
      }),
    );
  }
  r.hypervisor_kobj = kobject_create_and_add("hypervisor", null);
  kobject_create_and_add("block", null);
}
