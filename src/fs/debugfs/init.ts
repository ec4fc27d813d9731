/**
 * Bringing debugfs up at boot (fs/debugfs/inode.c:debugfs_init(), a core_initcall):
 * register the "debugfs" filesystem type and mount it on /sys/kernel/debug, which on
 * the book's Ubuntu systemd does at boot (sys-kernel-debug.mount) with
 * "rw,nosuid,nodev,noexec,relatime".
 */

import { mkdirp } from "../../init/initramfs.ts";
import type { Kernel } from "../../kernel/kernel.ts";
import type { Path } from "../fs.ts";
import { register_filesystem } from "../mount_syscalls.ts";
import { lookup_one } from "../namei.ts";
import { debugfsApplyOptions, debugfsShowOptions } from "./inode.ts";
import { debugfsState } from "./internal.ts";

export const DEBUGFS_MOUNTPOINT = "/sys/kernel/debug";

/** Resolves an absolute path from the root mount, stepping onto mounts (boot time). */
function bootPath(k: Kernel, abs: string): Path | null {
  let p: Path = { mnt: k.mounts.root, dentry: k.mounts.root.mnt_root };
  for (const comp of abs.split("/").filter(Boolean)) {
    const d = lookup_one(p.dentry, comp);
    if (!d || typeof d === "number") return null;
    p = { mnt: p.mnt, dentry: d };
    for (let m = k.mounts.lookup(p.mnt, p.dentry); m; m = k.mounts.lookup(m, m.mnt_root)) {
      p = { mnt: m, dentry: m.mnt_root };
    }
  }
  return p;
}

/**
 * Mirrors debugfs_init(): registers the filesystem and mounts it. The mount point comes
 * from sysfs (sysfs_create_mount_point(kernel_kobj, "debug")); while /sys is still the
 * root filesystem's plain directory, it is made there.
 */
export function debugfs_init(k: Kernel): void {
  const st = debugfsState.get(k);
  if (st.registered) return;
  register_filesystem(
    k,
    "debugfs",
    (kk, req) => {
      // mount_single(): every mount shares the one superblock, and re-applies options.
      const err = debugfsApplyOptions(kk, req.data);
      return err || debugfsState.get(kk).sb;
    },
    { show_options: () => debugfsShowOptions(k) },
  );
  st.registered = true;
  let at = bootPath(k, DEBUGFS_MOUNTPOINT);
  const sys = bootPath(k, "/sys");
  if (!at && sys && sys.mnt === k.mounts.root) {
    mkdirp(k, DEBUGFS_MOUNTPOINT);
    at = bootPath(k, DEBUGFS_MOUNTPOINT);
  }
  if (!at) {
    k.printk(`debugfs: no mount point ${DEBUGFS_MOUNTPOINT}`, 3);
    return;
  }
  k.mounts.add(st.sb, at, "debugfs", "rw,nosuid,nodev,noexec,relatime");
}
