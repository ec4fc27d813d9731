/**
 * Device attributes (include/linux/device.h, drivers/base/core.c of Linux 5.4): struct
 * device_attribute, the DEVICE_ATTR family, dev_sysfs_ops (dev_attr_show/store), and
 * device_create_file()/device_remove_file() and friends.
 */

import {
  type Attribute,
  attr_set_container,
  type BinAttribute,
  container_of,
  make_attribute,
  type SysfsKobject,
  type SysfsOps,
  sysfs_create_bin_file,
  sysfs_create_file,
  sysfs_remove_bin_file,
  sysfs_remove_file,
} from "../../fs/sysfs/file.ts";
import {
  type AttributeGroup,
  sysfs_create_groups,
  sysfs_remove_groups,
} from "../../fs/sysfs/group.ts";
import { symbolName, WARN } from "../../fs/sysfs/warn.ts";
import { EINVAL } from "../../include/uapi/errno.ts";
import { S_IRUGO, S_IWUGO } from "../../include/uapi/stat.ts";
import { this_kernel } from "../../kernel/context.ts";
import { PAGE_SIZE } from "../../mm/mm.ts";
import { type Device, kobj_to_dev } from "./device.ts";
import type { Kobject } from "./kobject.ts";

/** struct device_attribute */
export interface DeviceAttribute {
  attr: Attribute;
  show?: ((dev: Device, attr: DeviceAttribute, buf: Uint8Array) => number) | null;
  store?: ((dev: Device, attr: DeviceAttribute, buf: Uint8Array, count: number) => number) | null;
}

type DevShow = DeviceAttribute["show"];
type DevStore = DeviceAttribute["store"];

/**
 * Mirrors DEVICE_ATTR(_name, _mode, _show, _store). C pastes `dev_attr_##_name` and
 * `_name##_show`; TypeScript can't, so the name and the callbacks are passed:
 *   const dev_attr_foo = DEVICE_ATTR("foo", 0o644, foo_show, foo_store);
 */
export function DEVICE_ATTR(name: string, mode: number, show: DevShow, store: DevStore) {
  return attr_set_container<DeviceAttribute>({
    attr: make_attribute(name, mode),
    show: show ?? null,
    store: store ?? null,
  });
}
/** Mirrors DEVICE_ATTR_RW(): mode 0644. */
export function DEVICE_ATTR_RW(name: string, show: DevShow, store: DevStore) {
  return DEVICE_ATTR(name, 0o644, show, store);
}
/** Mirrors DEVICE_ATTR_RO(): mode 0444. */
export function DEVICE_ATTR_RO(name: string, show: DevShow) {
  return DEVICE_ATTR(name, 0o444, show, null);
}
/** Mirrors DEVICE_ATTR_WO(): mode 0200. */
export function DEVICE_ATTR_WO(name: string, store: DevStore) {
  return DEVICE_ATTR(name, 0o200, null, store);
}
/** Mirrors DEVICE_ATTR_ADMIN_RW() (0600) and DEVICE_ATTR_ADMIN_RO() (0400). */
export function DEVICE_ATTR_ADMIN_RW(name: string, show: DevShow, store: DevStore) {
  return DEVICE_ATTR(name, 0o600, show, store);
}
export function DEVICE_ATTR_ADMIN_RO(name: string, show: DevShow) {
  return DEVICE_ATTR(name, 0o400, show, null);
}

/** Mirrors dev_attr_show(): -EIO without show; warns about a count of PAGE_SIZE or more. */
function dev_attr_show(kobj: SysfsKobject, attr: Attribute, buf: Uint8Array): number {
  const dev_attr = container_of<DeviceAttribute>(attr);
  const dev = kobj_to_dev(kobj as Kobject);
  let ret = -5; // -EIO
  if (dev_attr?.show) ret = dev_attr.show(dev, dev_attr, buf);
  if (ret >= PAGE_SIZE) {
    this_kernel().printk(
      `dev_attr_show: ${symbolName(dev_attr?.show, dev_attr?.attr.owner)} returned bad count`,
      4,
    );
  }
  return ret;
}

/** Mirrors dev_attr_store(): -EIO without store. */
function dev_attr_store(kobj: SysfsKobject, attr: Attribute, buf: Uint8Array, count: number) {
  const dev_attr = container_of<DeviceAttribute>(attr);
  const dev = kobj_to_dev(kobj as Kobject);
  if (dev_attr?.store) return dev_attr.store(dev, dev_attr, buf, count);
  return -5; // -EIO
}

/** dev_sysfs_ops */
export const dev_sysfs_ops: SysfsOps = { show: dev_attr_show, store: dev_attr_store };

const CREATE_FILE_SITE = { file: "drivers/base/core.c", line: 1977, func: "device_create_file" };

/** Mirrors device_create_file(): warns about a mode the callbacks can't serve. */
export function device_create_file(dev: Device | null, attr: DeviceAttribute): number {
  if (!dev) return 0;
  attr_set_container(attr);
  WARN(
    attr.attr.mode & S_IWUGO && !attr.store,
    CREATE_FILE_SITE,
    "Attribute %s: write permission without 'store'\n",
    attr.attr.name,
  );
  WARN(
    attr.attr.mode & S_IRUGO && !attr.show,
    CREATE_FILE_SITE,
    "Attribute %s: read permission without 'show'\n",
    attr.attr.name,
  );
  return sysfs_create_file(dev.kobj, attr.attr);
}

/** Mirrors device_remove_file(). */
export function device_remove_file(dev: Device | null, attr: DeviceAttribute): void {
  if (dev) sysfs_remove_file(dev.kobj, attr.attr);
}

/** Mirrors device_create_bin_file()/device_remove_bin_file(). */
export function device_create_bin_file(dev: Device | null, attr: BinAttribute): number {
  return dev ? sysfs_create_bin_file(dev.kobj, attr) : -EINVAL;
}
export function device_remove_bin_file(dev: Device | null, attr: BinAttribute): void {
  if (dev) sysfs_remove_bin_file(dev.kobj, attr);
}

/** Mirrors device_add_groups()/device_remove_groups(). */
export function device_add_groups(
  dev: Device,
  groups: readonly (AttributeGroup | null)[] | null | undefined,
): number {
  return sysfs_create_groups(dev.kobj, groups);
}
export function device_remove_groups(
  dev: Device,
  groups: readonly (AttributeGroup | null)[] | null | undefined,
): void {
  sysfs_remove_groups(dev.kobj, groups);
}
