/**
 * Attribute groups (fs/sysfs/group.c of Linux 5.4): a set of attributes created and
 * removed together, optionally in a named subdirectory, with is_visible() deciding
 * per attribute whether (and with which mode) it appears.
 */

import { EINVAL, ENOENT } from "../../include/uapi/errno.ts";
import { this_kernel } from "../../kernel/context.ts";
import {
  type KernfsNode,
  kernfs_create_dir,
  kernfs_find_and_get,
  kernfs_remove,
  kernfs_remove_by_name,
} from "../kernfs/kernfs.ts";
import {
  type Attribute,
  attrOf,
  type BinAttribute,
  type HasAttr,
  type SysfsKobject,
  sysfs_add_file_mode_ns,
  sysfs_warn_dup,
} from "./file.ts";
import { WARN } from "./warn.ts";

/** SYSFS_PREALLOC: a mode bit asking for a preallocated buffer (accepted, not needed). */
export const SYSFS_PREALLOC = 0o10000;

/** struct attribute_group */
export interface AttributeGroup {
  name?: string | null;
  is_visible?: ((kobj: SysfsKobject, attr: Attribute, n: number) => number) | null;
  is_bin_visible?: ((kobj: SysfsKobject, attr: BinAttribute, n: number) => number) | null;
  attrs?: readonly (Attribute | HasAttr | null)[] | null;
  bin_attrs?: readonly (BinAttribute | null)[] | null;
}

const INVALID_PERMS = { file: "fs/sysfs/group.c", line: 59, func: "create_files" };
const NO_ATTRS = { file: "fs/sysfs/group.c", line: 117, func: "internal_create_group" };
const NOT_FOUND = { file: "fs/sysfs/group.c", line: 256, func: "sysfs_remove_group" };

function list<T>(a: readonly (T | null)[] | null | undefined): T[] {
  const out: T[] = [];
  if (a) for (const x of a) if (x) out.push(x);
  return out;
}

/** Mirrors remove_files(). */
function remove_files(parent: KernfsNode, grp: AttributeGroup): void {
  for (const a of list(grp.attrs)) kernfs_remove_by_name(parent, attrOf(a).name);
  for (const b of list(grp.bin_attrs)) kernfs_remove_by_name(parent, b.attr.name);
}

/** Mirrors create_files(): is_visible() may hide an attribute or change its mode. */
function create_files(
  parent: KernfsNode,
  kobj: SysfsKobject,
  grp: AttributeGroup,
  update: boolean,
): number {
  let error = 0;
  const attrs = list(grp.attrs);
  for (let i = 0; i < attrs.length && !error; i++) {
    const attr = attrOf(attrs[i]);
    let mode = attr.mode;
    // In update mode, remove then re-add (if still visible) to change mode or visibility.
    if (update) kernfs_remove_by_name(parent, attr.name);
    if (grp.is_visible) {
      mode = grp.is_visible(kobj, attr, i);
      if (!mode) continue;
    }
    WARN(
      mode & ~(SYSFS_PREALLOC | 0o664),
      INVALID_PERMS,
      "Attribute %s: Invalid permissions 0%o\n",
      attr.name,
      mode,
    );
    mode &= SYSFS_PREALLOC | 0o664;
    error = sysfs_add_file_mode_ns(parent, attr, false, mode);
  }
  if (error) {
    remove_files(parent, grp);
    return error;
  }
  const bins = list(grp.bin_attrs);
  for (let i = 0; i < bins.length; i++) {
    const b = bins[i];
    let mode = b.attr.mode;
    if (update) kernfs_remove_by_name(parent, b.attr.name);
    if (grp.is_bin_visible) {
      mode = grp.is_bin_visible(kobj, b, i);
      if (!mode) continue;
    }
    WARN(
      mode & ~(SYSFS_PREALLOC | 0o664),
      INVALID_PERMS,
      "Attribute %s: Invalid permissions 0%o\n",
      b.attr.name,
      mode,
    );
    mode &= SYSFS_PREALLOC | 0o664;
    error = sysfs_add_file_mode_ns(parent, b.attr, true, mode, b);
    if (error) break;
  }
  if (error) remove_files(parent, grp);
  return error;
}

/** Mirrors internal_create_group(). */
function internal_create_group(
  kobj: SysfsKobject | null,
  update: boolean,
  grp: AttributeGroup,
): number {
  if (!kobj || (!update && !kobj.sd)) return -EINVAL;
  if (update && !kobj.sd) return -EINVAL;
  if (!grp.attrs && !grp.bin_attrs) {
    WARN(
      1,
      NO_ATTRS,
      "sysfs: (bin_)attrs not set by subsystem for group: %s/%s\n",
      kobj.name,
      grp.name ?? "",
    );
    return -EINVAL;
  }
  let kn: KernfsNode;
  if (grp.name) {
    if (update) {
      const found = kernfs_find_and_get(kobj.sd!, grp.name);
      if (!found) {
        this_kernel().printk(`Can't update unknown attr grp name: ${kobj.name}/${grp.name}`, 4);
        return -EINVAL;
      }
      kn = found;
    } else {
      const made = kernfs_create_dir(kobj.sd!, grp.name, 0o755, kobj);
      if (typeof made === "number") {
        if (made === -17) sysfs_warn_dup(kobj.sd!, grp.name);
        return made;
      }
      kn = made;
    }
  } else {
    kn = kobj.sd!;
  }
  const error = create_files(kn, kobj, grp, update);
  if (error && grp.name) kernfs_remove(kn);
  return error;
}

/** Mirrors sysfs_create_group(). */
export function sysfs_create_group(kobj: SysfsKobject | null, grp: AttributeGroup): number {
  return internal_create_group(kobj, false, grp);
}

/** Mirrors sysfs_create_groups(): all or nothing. */
export function sysfs_create_groups(
  kobj: SysfsKobject | null,
  groups: readonly (AttributeGroup | null)[] | null | undefined,
): number {
  if (!groups) return 0;
  let i = 0;
  for (; i < groups.length && groups[i]; i++) {
    const err = sysfs_create_group(kobj, groups[i]!);
    if (err) {
      while (--i >= 0) sysfs_remove_group(kobj, groups[i]!);
      return err;
    }
  }
  return 0;
}

/** Mirrors sysfs_update_group(): re-evaluates is_visible() and modes. */
export function sysfs_update_group(kobj: SysfsKobject | null, grp: AttributeGroup): number {
  return internal_create_group(kobj, true, grp);
}

/** Mirrors sysfs_update_groups(). */
export function sysfs_update_groups(
  kobj: SysfsKobject | null,
  groups: readonly (AttributeGroup | null)[] | null | undefined,
): number {
  if (!groups) return 0;
  for (const g of groups) {
    if (!g) break;
    const err = sysfs_update_group(kobj, g);
    if (err) return err;
  }
  return 0;
}

/** Mirrors sysfs_remove_group(): warns when a named group is not there. */
export function sysfs_remove_group(kobj: SysfsKobject | null, grp: AttributeGroup): void {
  const parent = kobj?.sd;
  if (!parent) return;
  let kn: KernfsNode | null;
  if (grp.name) {
    kn = kernfs_find_and_get(parent, grp.name);
    if (!kn) {
      WARN(
        1,
        NOT_FOUND,
        "sysfs group '%s' not found for kobject '%s'\n",
        grp.name,
        kobj?.name ?? "",
      );
      return;
    }
  } else {
    kn = parent;
  }
  remove_files(kn, grp);
  if (grp.name) kernfs_remove(kn);
}

/** Mirrors sysfs_remove_groups(). */
export function sysfs_remove_groups(
  kobj: SysfsKobject | null,
  groups: readonly (AttributeGroup | null)[] | null | undefined,
): void {
  if (!groups) return;
  for (const g of groups) {
    if (!g) break;
    sysfs_remove_group(kobj, g);
  }
}

/** Mirrors sysfs_merge_group(): adds attributes to an existing named group directory. */
export function sysfs_merge_group(kobj: SysfsKobject | null, grp: AttributeGroup): number {
  const parent = kobj?.sd && grp.name ? kernfs_find_and_get(kobj.sd, grp.name) : null;
  if (!parent) return -ENOENT;
  const attrs = list(grp.attrs);
  let error = 0;
  let i = 0;
  for (; i < attrs.length && !error; i++) {
    const attr = attrOf(attrs[i]);
    error = sysfs_add_file_mode_ns(parent, attr, false, attr.mode);
  }
  if (error) while (--i >= 0) kernfs_remove_by_name(parent, attrOf(attrs[i]).name);
  return error;
}

/** Mirrors sysfs_unmerge_group(). */
export function sysfs_unmerge_group(kobj: SysfsKobject | null, grp: AttributeGroup): void {
  const parent = kobj?.sd && grp.name ? kernfs_find_and_get(kobj.sd, grp.name) : null;
  if (!parent) return;
  for (const a of list(grp.attrs)) kernfs_remove_by_name(parent, attrOf(a).name);
}
