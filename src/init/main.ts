/**
 * start_kernel() (init/main.c): bring the subsystems up in order, mount the
 * filesystems, start the kernel threads and log what a booting kernel logs.
 */

import { devtmpfs_init } from "../drivers/base/devtmpfs.ts";
import { sysfs_init } from "../drivers/base/init.ts";
import { chr_dev_init } from "../drivers/char/mem.ts";
import { debugfs_init } from "../fs/debugfs/init.ts";
import type { Path } from "../fs/fs.ts";
import { lookup_one } from "../fs/namei.ts";
import { pipefs_fill_super } from "../fs/pipe.ts";
import { proc_devices_init } from "../fs/proc/devices.ts";
import { registerProcEntries } from "../fs/proc/entries.ts";
import { registerSysctls } from "../fs/proc/proc_sysctl.ts";
import { proc_fill_super } from "../fs/proc/root.ts";
import { tmpfs_fill_super } from "../fs/tmpfs.ts";
import type { Kernel } from "../kernel/kernel.ts";
import { installJsModuleLoader } from "../kernel/module_js.ts";
import { netlink_init } from "../net/netlink/init.ts";
import { startKernelThreads } from "./kthreads.ts";
import { populateRootfs } from "./rootfs.ts";

export function pathAt(k: Kernel, abs: string): Path {
  let p: Path = { mnt: k.mounts.root, dentry: k.mounts.root.mnt_root };
  for (const comp of abs.split("/").filter(Boolean)) {
    const d = lookup_one(p.dentry, comp);
    if (!d || typeof d === "number") throw new Error(`boot: no ${abs}`);
    p = { mnt: p.mnt, dentry: d };
    const m = k.mounts.lookup(p.mnt, p.dentry);
    if (m) p = { mnt: m, dentry: m.mnt_root };
  }
  return p;
}

function bootMessages(k: Kernel): void {
  const o = k.options;
  k.printk(
    `Linux version ${o.release} (llkd@${o.hostname}) (gcc version 7.5.0 (Ubuntu 7.5.0-3ubuntu1~18.04)) ${o.version}`,
    5,
  );
  k.printk(
    `Command line: BOOT_IMAGE=/boot/vmlinuz-${o.release} root=UUID=3c1ab4f4-2b0a-4d3c-9a8f-1f1f0b8c3d2e ro quiet splash`,
    6,
  );
  k.printk("x86/fpu: Supporting XSAVE feature 0x001: 'x87 floating point registers'", 6);
  k.printk("BIOS-provided physical RAM map:", 6);
  k.printk("DMI: innotek GmbH VirtualBox/VirtualBox, BIOS VirtualBox 12/01/2006", 6);
  k.printk("Hypervisor detected: KVM", 6);
  k.printk(
    `Memory: ${Math.floor(o.ramBytes / 1024) - 180000}K/${Math.floor(o.ramBytes / 1024)}K available`,
    6,
  );
  k.clock.advance(2_000_000);
  k.printk("Console: colour VGA+ 80x25", 6);
  k.printk(`smp: Brought up 1 node, ${o.ncpus} CPU${o.ncpus > 1 ? "s" : ""}`, 6);
  k.printk("devtmpfs: initialized", 6);
  k.clock.advance(20_000_000);
  k.printk("NET: Registered protocol family 16", 6);
  k.printk("Serial: 8250/16550 driver, 4 ports, IRQ sharing enabled", 6);
}

/** Runs boot: the kernel is ready when this returns. */
export function start_kernel(k: Kernel): void {
  k.run(() => {
    bootMessages(k);
    k.pipefs = pipefs_fill_super();
    // The root filesystem is kept in memory, but shows as the book's VM's ext4 disk.
    const rootSb = tmpfs_fill_super(0o755, 0xef53, { name: "ext4", nodev: false });
    k.mounts.add(rootSb, null, "/dev/sda1", "rw,relatime,errors=remount-ro");
    const root: Path = { mnt: k.mounts.root, dentry: rootSb.s_root };
    k.tasks.createInitTasks(root);
    populateRootfs(k);
    chr_dev_init(k);
    registerProcEntries(k);
    proc_devices_init();
    registerSysctls(k);
    k.mounts.add(proc_fill_super(k), pathAt(k, "/proc"), "proc", "rw,nosuid,nodev,noexec,relatime");
    sysfs_init(k);
    devtmpfs_init(k);
    netlink_init(k);
    installJsModuleLoader(k);
    // debugfs mounts on /sys/kernel/debug: after sysfs (when sysfs exists, keep this after it).
    debugfs_init(k);
    startKernelThreads(k);
    k.clock.advance(1_500_000_000);
    k.printk("EXT4-fs (sda1): mounted filesystem with ordered data mode. Opts: (null)", 6);
    k.printk("systemd[1]: Detected virtualization oracle.", 6);
  });
}
