/**
 * sysfs directories and symlinks (fs/sysfs/dir.c, symlink.c) and the sysfs mount
 * (fs/sysfs/mount.c of Linux 5.4): one kernfs root per kernel, with the extra open
 * permission check, mounted at /sys.
 */

import { EEXIST, EINVAL, ENOENT } from "../../include/uapi/errno.ts";
import { this_kernel } from "../../kernel/context.ts";
import { defineKernelLocal, type Kernel } from "../../kernel/kernel.ts";
import type { FileSystemType, SuperBlock } from "../fs.ts";
import { kernfs_fill_super } from "../kernfs/inode.ts";
import {
  KERNFS_DIR,
  KERNFS_ROOT_EXTRA_OPEN_PERM_CHECK,
  type KernfsNode,
  type KernfsRoot,
  kernfs_create_dir,
  kernfs_create_link,
  kernfs_create_root,
  kernfs_find_and_get,
  kernfs_remove,
  kernfs_remove_by_name,
  kernfs_rename,
} from "../kernfs/kernfs.ts";
import { type SysfsKobject, sysfs_warn_dup } from "./file.ts";

export const SYSFS_MAGIC = 0x62656572;
export const sysfs_fs_type: FileSystemType = { name: "sysfs", nodev: true };

interface SysfsState {
  root: KernfsRoot;
  sb: SuperBlock | null;
}

export const sysfsState = defineKernelLocal<SysfsState>(() => ({
  root: kernfs_create_root(KERNFS_ROOT_EXTRA_OPEN_PERM_CHECK),
  sb: null,
}));

/** sysfs_root_kn: the /sys directory node of the running kernel. */
export function sysfs_root_kn(k: Kernel = this_kernel()): KernfsNode {
  return sysfsState.get(k).root.kn;
}

/** Mirrors sysfs_mount(): the single sysfs superblock of a kernel. */
export function sysfs_get_super(k: Kernel): SuperBlock {
  const st = sysfsState.get(k);
  if (!st.sb) st.sb = k.run(() => kernfs_fill_super(st.root, sysfs_fs_type, SYSFS_MAGIC));
  return st.sb;
}

/** Mirrors sysfs_create_dir_ns(): the kobject's directory under its parent (or /sys). */
export function sysfs_create_dir_ns(kobj: SysfsKobject): number {
  const parent = kobj.parent ? kobj.parent.sd : sysfs_root_kn();
  if (!parent) return -ENOENT;
  const kn = kernfs_create_dir(parent, kobj.name, 0o755, kobj);
  if (typeof kn === "number") {
    if (kn === -EEXIST) sysfs_warn_dup(parent, kobj.name);
    return kn;
  }
  kobj.sd = kn;
  return 0;
}

/** Mirrors sysfs_remove_dir(): the directory and everything in it. */
export function sysfs_remove_dir(kobj: SysfsKobject): void {
  const kn = kobj.sd;
  kobj.sd = null;
  if (kn && kn.type === KERNFS_DIR) kernfs_remove(kn);
}

/** Mirrors sysfs_rename_dir_ns(). */
export function sysfs_rename_dir_ns(kobj: SysfsKobject, newName: string): number {
  const kn = kobj.sd;
  if (!kn?.parent) return -EINVAL;
  return kernfs_rename(kn, kn.parent, newName);
}

/** Mirrors sysfs_move_dir_ns(). */
export function sysfs_move_dir_ns(kobj: SysfsKobject, newParent: SysfsKobject | null): number {
  const kn = kobj.sd;
  const np = newParent?.sd ?? sysfs_root_kn();
  if (!kn) return -EINVAL;
  return kernfs_rename(kn, np, kn.name);
}

/** Mirrors sysfs_do_create_link_sd(). */
function sysfs_do_create_link_sd(
  parent: KernfsNode,
  target: SysfsKobject,
  name: string,
  warn: boolean,
): number {
  if (!target.sd) return -ENOENT;
  const kn = kernfs_create_link(parent, name, target.sd);
  if (typeof kn !== "number") return 0;
  if (warn && kn === -EEXIST) sysfs_warn_dup(parent, name);
  return kn;
}

/** Mirrors sysfs_create_link(): `name` in kobj's directory (or /sys) pointing at target. */
export function sysfs_create_link(
  kobj: SysfsKobject | null,
  target: SysfsKobject,
  name: string,
): number {
  const parent = kobj ? kobj.sd : sysfs_root_kn();
  if (!parent) return -EINVAL;
  return sysfs_do_create_link_sd(parent, target, name, true);
}

/** Mirrors sysfs_create_link_nowarn(): no duplicate warning. */
export function sysfs_create_link_nowarn(
  kobj: SysfsKobject | null,
  target: SysfsKobject,
  name: string,
): number {
  const parent = kobj ? kobj.sd : sysfs_root_kn();
  if (!parent) return -EINVAL;
  return sysfs_do_create_link_sd(parent, target, name, false);
}

/** Mirrors sysfs_remove_link(). */
export function sysfs_remove_link(kobj: SysfsKobject | null, name: string): void {
  const parent = kobj ? kobj.sd : sysfs_root_kn();
  if (parent) kernfs_remove_by_name(parent, name);
}

/** Mirrors sysfs_add_link_to_group(): a link inside a named group directory. */
export function sysfs_add_link_to_group(
  kobj: SysfsKobject,
  group: string,
  target: SysfsKobject,
  name: string,
): number {
  const parent = kobj.sd ? kernfs_find_and_get(kobj.sd, group) : null;
  if (!parent) return -ENOENT;
  return sysfs_do_create_link_sd(parent, target, name, true);
}

/** Mirrors sysfs_remove_link_from_group(). */
export function sysfs_remove_link_from_group(kobj: SysfsKobject, group: string, name: string) {
  const parent = kobj.sd ? kernfs_find_and_get(kobj.sd, group) : null;
  if (parent) kernfs_remove_by_name(parent, name);
}
