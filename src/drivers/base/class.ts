/**
 * Device classes (drivers/base/class.c of Linux 5.4) and the class-device helpers of
 * drivers/base/core.c: class_create() in the 5.4 form `class_create(THIS_MODULE, name)`
 * and the 6.4+ form `class_create(name)`, device_create() and device_destroy(), with
 * /sys/class/<class>/<dev> links, /sys/devices/virtual/<class>/ and /sys/dev/char.
 */

import { ERR_PTR, type ErrPtr, IS_ERR } from "../../fs/seq_file.ts";
import {
  type Attribute,
  container_of,
  type SysfsKobject,
  sysfs_create_file,
  sysfs_remove_file,
} from "../../fs/sysfs/file.ts";
import {
  type AttributeGroup,
  sysfs_create_groups,
  sysfs_remove_groups,
} from "../../fs/sysfs/group.ts";
import { EINVAL, ENODEV, ENOMEM } from "../../include/uapi/errno.ts";
import type { Module } from "../../kernel/module.ts";
import type { PrintfArg } from "../../lib/vsprintf.ts";
import { roots } from "./base.ts";
import {
  dev_set_drvdata,
  device_add,
  device_initialize,
  device_unregister,
  get_device,
  put_device,
} from "./core.ts";
import { type Class, Device, SubsysPrivate } from "./device.ts";
import {
  __ATTR,
  type Kobject,
  type KobjType,
  kobject_set_name,
  kset_create_and_add,
  kset_register,
  kset_unregister,
} from "./kobject.ts";

/** struct class_attribute */
export interface ClassAttribute {
  attr: Attribute;
  show?: ((cls: Class, attr: ClassAttribute, buf: Uint8Array) => number) | null;
  store?: ((cls: Class, attr: ClassAttribute, buf: Uint8Array, count: number) => number) | null;
}

/** Mirrors CLASS_ATTR_RW/RO/WO(). */
export const CLASS_ATTR = (
  name: string,
  mode: number,
  show: ClassAttribute["show"],
  store: ClassAttribute["store"],
): ClassAttribute => __ATTR(name, mode, show ?? null, store ?? null);

function to_class(kobj: SysfsKobject): Class {
  return ((kobj as Kobject).container as { priv: SubsysPrivate }).priv.class!;
}

/** Mirrors class_attr_show()/class_attr_store(): -EIO without the method. */
function class_attr_show(kobj: SysfsKobject, attr: Attribute, buf: Uint8Array): number {
  const a = container_of<ClassAttribute>(attr);
  return a?.show ? a.show(to_class(kobj), a, buf) : -5;
}
function class_attr_store(kobj: SysfsKobject, attr: Attribute, buf: Uint8Array, count: number) {
  const a = container_of<ClassAttribute>(attr);
  return a?.store ? a.store(to_class(kobj), a, buf, count) : -5;
}

/** class_ktype: release runs the class's class_release. */
const class_ktype: KobjType = {
  sysfs_ops: { show: class_attr_show, store: class_attr_store },
  release: (kobj) => {
    const cls = to_class(kobj);
    cls.class_release?.(cls);
  },
};

/** Mirrors class_create_file()/class_remove_file(). */
export function class_create_file(cls: Class, attr: ClassAttribute): number {
  return cls.p ? sysfs_create_file(cls.p.subsys.kobj, attr) : -EINVAL;
}
export function class_remove_file(cls: Class, attr: ClassAttribute): void {
  if (cls.p) sysfs_remove_file(cls.p.subsys.kobj, attr);
}

/** Mirrors __class_register(): /sys/class/<name>, "add" uevent, class groups. */
export function class_register(cls: Class): number {
  const cp = new SubsysPrivate();
  cp.class = cls;
  cp.subsys.priv = cp;
  kobject_set_name(cp.subsys.kobj, "%s", cls.name);
  if (!cls.dev_kobj) cls.dev_kobj = roots().sysfs_dev_char_kobj;
  cp.subsys.kobj.kset = roots().class_kset;
  cp.subsys.kobj.ktype = class_ktype;
  cls.p = cp;
  const error = kset_register(cp.subsys);
  if (error) {
    cls.p = null;
    return error;
  }
  return sysfs_create_groups(cp.subsys.kobj, cls.class_groups);
}

/** Mirrors class_unregister(). */
export function class_unregister(cls: Class): void {
  if (!cls.p) return;
  sysfs_remove_groups(cls.p.subsys.kobj, cls.class_groups);
  kset_unregister(cls.p.subsys);
}

/**
 * Mirrors class_create(): `class_create(THIS_MODULE, "name")` (Linux 5.4, the book's
 * form) or `class_create("name")` (6.4+). Returns the class or an ERR_PTR.
 */
export function class_create(owner: Module | null | string, name?: string): Class | ErrPtr {
  const clsName = typeof owner === "string" ? owner : name;
  if (!clsName) return ERR_PTR(-EINVAL);
  const cls: Class = {
    name: clsName,
    owner: typeof owner === "string" ? null : owner,
    class_release: () => {},
  };
  const retval = class_register(cls);
  if (retval) return ERR_PTR(retval);
  return cls;
}

/** Mirrors class_destroy(): ignores NULL and ERR_PTR values. */
export function class_destroy(cls: Class | ErrPtr | null): void {
  if (!cls || IS_ERR(cls)) return;
  class_unregister(cls);
}

/** A registered class by name (what /sys/class/<name> shows), e.g. "misc" or "mem". */
export function class_find(name: string): Class | null {
  for (const k of roots().class_kset?.list ?? []) {
    if (k.name === name) return (k.container as { priv: SubsysPrivate }).priv.class ?? null;
  }
  return null;
}

/** Mirrors class_for_each_device(). */
export function class_for_each_device(cls: Class, fn: (dev: Device) => number): number {
  for (const dev of [...(cls.p?.devices ?? [])]) {
    const r = fn(dev);
    if (r) return r;
  }
  return 0;
}

/** Mirrors class_find_device_by_devt(): with a reference taken. */
export function class_find_device_by_devt(cls: Class, devt: number): Device | null {
  return get_device(cls.p?.byDevt.get(devt) ?? null);
}

/**
 * Mirrors device_create_groups_vargs(): a device of the class, named by the format,
 * with a /dev node when devt is set. Returns the device or an ERR_PTR.
 */
export function device_create_with_groups(
  cls: Class | ErrPtr | null,
  parent: Device | null,
  devt: number,
  drvdata: unknown,
  groups: readonly (AttributeGroup | null)[] | null,
  fmt: string,
  ...args: PrintfArg[]
): Device | ErrPtr {
  if (!cls || IS_ERR(cls)) return ERR_PTR(-ENODEV);
  const dev = new Device();
  device_initialize(dev);
  dev.devt = devt;
  dev.class = cls;
  dev.parent = parent;
  dev.groups = groups;
  dev.release = () => {};
  dev_set_drvdata(dev, drvdata);
  kobject_set_name(dev.kobj, fmt, ...args);
  const retval = device_add(dev);
  if (retval) {
    put_device(dev);
    return ERR_PTR(retval);
  }
  return dev;
}

/** Mirrors device_create(). */
export function device_create(
  cls: Class | ErrPtr | null,
  parent: Device | null,
  devt: number,
  drvdata: unknown,
  fmt: string,
  ...args: PrintfArg[]
): Device | ErrPtr {
  return device_create_with_groups(cls, parent, devt, drvdata, null, fmt, ...args);
}

/** Mirrors device_destroy(): unregisters the class's device with that dev_t. */
export function device_destroy(cls: Class | ErrPtr | null, devt: number): void {
  if (!cls || IS_ERR(cls)) return;
  const dev = class_find_device_by_devt(cls, devt);
  if (dev) {
    put_device(dev);
    device_unregister(dev);
  }
}

/** Mirrors classes_init(): /sys/class. */
export function classes_init(): number {
  const r = roots();
  r.class_kset = kset_create_and_add("class", null, null);
  return r.class_kset ? 0 : -ENOMEM;
}

export type { Class };
