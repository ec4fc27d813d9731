/**
 * The device core (drivers/base/core.c of Linux 5.4): the device kobject type,
 * device_add()/device_del() with everything a device gets in sysfs (uevent, the class
 * and bus links, power/, dev and /sys/dev/char/MAJ:MIN, the /dev node), and reference
 * counting through the embedded kobject. Attributes: device_attr.ts; uevent variables:
 * device_uevent.ts.
 */

import { sysfs_create_link, sysfs_remove_link } from "../../fs/sysfs/dir.ts";
import { cstr, sprintf } from "../../fs/sysfs/kbuf.ts";
import { WARN } from "../../fs/sysfs/warn.ts";
import { EINVAL } from "../../include/uapi/errno.ts";
import { MAJOR, MINOR } from "../../include/uapi/stat.ts";
import { this_kernel } from "../../kernel/context.ts";
import type { Kernel } from "../../kernel/kernel.ts";
import type { PrintfArg } from "../../lib/vsprintf.ts";
import { roots } from "./base.ts";
import { bus_add_device, bus_probe_device, bus_remove_device } from "./bus.ts";
import { type Class, type Device, DevicePrivate, type DevnodeOut, kobj_to_dev } from "./device.ts";
import {
  DEVICE_ATTR_RO,
  DEVICE_ATTR_RW,
  type DeviceAttribute,
  dev_sysfs_ops,
  device_add_groups,
  device_create_file,
  device_remove_file,
  device_remove_groups,
} from "./device_attr.ts";
import { device_get_devnode, device_uevent_ops } from "./device_uevent.ts";
import {
  Kobject,
  type KobjType,
  kobject_add,
  kobject_create_and_add,
  kobject_del,
  kobject_get,
  kobject_init,
  kobject_put,
  kobject_set_name,
  kset_create_and_add,
} from "./kobject.ts";
import { dpm_sysfs_add, dpm_sysfs_remove } from "./power.ts";
import { KOBJ_ADD, KOBJ_REMOVE, kobject_synth_uevent, kobject_uevent } from "./uevent.ts";
import { KobjUeventEnv as UeventEnv } from "./uevent_types.ts";

const RELEASE_SITE = { file: "drivers/base/core.c", line: 1076, func: "device_release" };

/** Mirrors device_release(): dev->release, then the type's, then the class's; else WARN. */
function device_release(kobj: Kobject): void {
  const dev = kobj_to_dev(kobj);
  if (dev.release) dev.release(dev);
  else if (dev.type?.release) dev.type.release(dev);
  else if (dev.class?.dev_release) dev.class.dev_release(dev);
  else
    WARN(
      1,
      RELEASE_SITE,
      "Device '%s' does not have a release() function, it is broken and must be fixed. See Documentation/kobject.txt.\n",
      dev_name(dev),
    );
  dev.p = null;
}

/** device_ktype */
export const device_ktype: KobjType = { release: device_release, sysfs_ops: dev_sysfs_ops };

/** Mirrors dev_name(). */
export function dev_name(dev: Device): string {
  return dev.init_name ?? dev.kobj.name;
}

/** Mirrors dev_set_name(). */
export function dev_set_name(dev: Device, fmt: string, ...args: PrintfArg[]): number {
  return kobject_set_name(dev.kobj, fmt, ...args);
}

/** Mirrors dev_get_drvdata()/dev_set_drvdata(). */
export function dev_get_drvdata(dev: Device): unknown {
  return dev.driver_data;
}
export function dev_set_drvdata(dev: Device, data: unknown): void {
  dev.driver_data = data;
}

/** Mirrors get_device(). */
export function get_device(dev: Device | null): Device | null {
  return dev ? kobj_to_dev(kobject_get(dev.kobj)) : null;
}

/** Mirrors put_device(). */
export function put_device(dev: Device | null): void {
  if (dev) kobject_put(dev.kobj);
}

/** Mirrors device_is_registered(). */
export function device_is_registered(dev: Device): boolean {
  return dev.kobj.state_in_sysfs;
}

/** Mirrors uevent_show(): the variables dev_uevent() would add, one per line. */
function uevent_show(dev: Device, _attr: DeviceAttribute, buf: Uint8Array): number {
  let top: Kobject = dev.kobj;
  while (!top.kset && top.parent) top = top.parent;
  const kset = top.kset;
  if (!kset?.uevent_ops?.uevent) return 0;
  if (kset.uevent_ops.filter && !kset.uevent_ops.filter(kset, dev.kobj)) return 0;
  const env = new UeventEnv();
  if (kset.uevent_ops.uevent(kset, dev.kobj, env)) return 0;
  let count = 0;
  for (const e of env.envp) count += sprintf(buf.subarray(count), "%s\n", e);
  return count;
}

/** Mirrors uevent_store(): writing an action ("add", "change" ...) sends that uevent. */
function uevent_store(dev: Device, _a: DeviceAttribute, buf: Uint8Array, count: number): number {
  const rc = kobject_synth_uevent(dev.kobj, cstr(buf, count));
  if (rc) {
    dev_err_raw(dev, "uevent: failed to send synthetic uevent\n");
    return rc;
  }
  return count;
}

const dev_attr_uevent = DEVICE_ATTR_RW("uevent", uevent_show, uevent_store);

/** Mirrors dev_show(): the "dev" attribute, MAJOR:MINOR. */
function dev_show(dev: Device, _attr: DeviceAttribute, buf: Uint8Array): number {
  return sprintf(buf, "%u:%u\n", MAJOR(dev.devt), MINOR(dev.devt));
}
const dev_attr_dev = DEVICE_ATTR_RO("dev", dev_show);

/** Mirrors online_show()/online_store() of devices whose bus can offline them (CPUs). */
function online_show(dev: Device, _attr: DeviceAttribute, buf: Uint8Array): number {
  return sprintf(buf, "%u\n", dev.offline ? 0 : 1);
}
function online_store(dev: Device, _attr: DeviceAttribute, buf: Uint8Array, count: number) {
  const s = cstr(buf, count).trim();
  const val = /^(1|y|Y|on)$/.test(s) ? true : /^(0|n|N|off)$/.test(s) ? false : null;
  if (val === null) return -EINVAL;
  const ret = val ? device_online(dev) : device_offline(dev);
  return ret < 0 ? ret : count;
}
export const dev_attr_online = DEVICE_ATTR_RW("online", online_show, online_store);

/** Mirrors device_online()/device_offline(): the bus's online/offline, then a uevent. */
export function device_online(dev: Device): number {
  if (!dev.offline) return 1;
  const ret = dev.bus?.online?.(dev) ?? 0;
  if (!ret) {
    kobject_uevent(dev.kobj, 4); // KOBJ_ONLINE
    dev.offline = false;
  }
  return ret;
}
export function device_offline(dev: Device): number {
  if (dev.offline_disabled) return -1; // -EPERM
  if (dev.offline) return 1;
  const ret = dev.bus?.offline?.(dev) ?? 0;
  if (!ret) {
    kobject_uevent(dev.kobj, 5); // KOBJ_OFFLINE
    dev.offline = true;
  }
  return ret;
}

/** Mirrors device_initialize(): in devices_kset, refcount 1, runtime PM disabled. */
export function device_initialize(dev: Device): void {
  dev.kobj.kset = roots().devices_kset;
  kobject_init(dev.kobj, device_ktype);
  if (!dev.p) dev.p = new DevicePrivate();
}

/** Mirrors virtual_device_parent(): /sys/devices/virtual, made on first use. */
function virtual_device_parent(): Kobject {
  const r = roots();
  if (!r.virtual_dir) r.virtual_dir = kobject_create_and_add("virtual", r.devices_kset!.kobj);
  return r.virtual_dir!;
}

/** class_dir_ktype: glue directories are plain kobjects released on last put. */
const class_dir_ktype: KobjType = { release: () => {}, sysfs_ops: null };

/**
 * Mirrors get_device_parent(): class devices without a class parent live in a "glue"
 * directory named after the class (/sys/devices/virtual/<class>/ when parentless).
 */
function get_device_parent(dev: Device, parent: Device | null): Kobject | null {
  if (dev.class) {
    let parent_kobj: Kobject;
    if (!parent) parent_kobj = virtual_device_parent();
    else if (parent.class) return parent.kobj;
    else parent_kobj = parent.kobj;
    const cp = dev.class.p!;
    const existing = cp.glue_dirs.get(parent_kobj);
    if (existing) return kobject_get(existing);
    const k = new Kobject(null);
    kobject_init(k, class_dir_ktype);
    if (kobject_add(k, parent_kobj, "%s", dev.class.name)) {
      kobject_put(k);
      return null;
    }
    cp.glue_dirs.set(parent_kobj, k);
    return k;
  }
  if (!parent && dev.bus?.dev_root) return dev.bus.dev_root.kobj;
  if (parent) return parent.kobj;
  return null;
}

/** Mirrors cleanup_glue_dir(): drops the glue directory with its last device. */
function cleanup_glue_dir(dev: Device, glue: Kobject | null): void {
  if (!glue || !dev.class?.p) return;
  const cp = dev.class.p;
  const parent = glue.parent;
  if (glue.kref === 1 && glue.sd && glue.sd.children && glue.sd.children.size === 0) {
    if (parent && cp.glue_dirs.get(parent) === glue) cp.glue_dirs.delete(parent);
    kobject_del(glue);
  }
  kobject_put(glue);
}

/** Mirrors device_add_class_symlinks(): subsystem, device, and the class's link. */
function device_add_class_symlinks(dev: Device): number {
  const cls = dev.class;
  if (!cls?.p) return 0;
  let error = sysfs_create_link(dev.kobj, cls.p.subsys.kobj, "subsystem");
  if (error) return error;
  if (dev.parent) {
    error = sysfs_create_link(dev.kobj, dev.parent.kobj, "device");
    if (error) {
      sysfs_remove_link(dev.kobj, "subsystem");
      return error;
    }
  }
  error = sysfs_create_link(cls.p.subsys.kobj, dev.kobj, dev_name(dev));
  if (error) {
    sysfs_remove_link(dev.kobj, "device");
    sysfs_remove_link(dev.kobj, "subsystem");
  }
  return error;
}

function device_remove_class_symlinks(dev: Device): void {
  const cls = dev.class;
  if (!cls?.p) return;
  if (dev.parent) sysfs_remove_link(dev.kobj, "device");
  sysfs_remove_link(dev.kobj, "subsystem");
  sysfs_remove_link(cls.p.subsys.kobj, dev_name(dev));
}

/** Mirrors device_add_attrs(): class, type and device groups, and "online". */
function device_add_attrs(dev: Device): number {
  let error = device_add_groups(dev, dev.class?.dev_groups);
  if (error) return error;
  error = device_add_groups(dev, dev.type?.groups);
  if (error) {
    device_remove_groups(dev, dev.class?.dev_groups);
    return error;
  }
  error = device_add_groups(dev, dev.groups);
  if (error) {
    device_remove_groups(dev, dev.type?.groups);
    device_remove_groups(dev, dev.class?.dev_groups);
    return error;
  }
  if (dev.bus?.online && dev.bus.offline && !dev.offline_disabled) {
    error = device_create_file(dev, dev_attr_online);
  }
  return error;
}

function device_remove_attrs(dev: Device): void {
  device_remove_file(dev, dev_attr_online);
  device_remove_groups(dev, dev.groups);
  device_remove_groups(dev, dev.type?.groups);
  device_remove_groups(dev, dev.class?.dev_groups);
}

/** Mirrors device_to_dev_kobj(): /sys/dev/char unless the class says otherwise. */
function device_to_dev_kobj(dev: Device): Kobject | null {
  return dev.class ? (dev.class.dev_kobj ?? null) : roots().sysfs_dev_char_kobj;
}

/** Mirrors device_create_sys_dev_entry(): /sys/dev/char/MAJ:MIN -> the device. */
function device_create_sys_dev_entry(dev: Device): number {
  const kobj = device_to_dev_kobj(dev);
  if (!kobj) return 0;
  return sysfs_create_link(kobj, dev.kobj, `${MAJOR(dev.devt)}:${MINOR(dev.devt)}`);
}

function device_remove_sys_dev_entry(dev: Device): void {
  const kobj = device_to_dev_kobj(dev);
  if (kobj) sysfs_remove_link(kobj, `${MAJOR(dev.devt)}:${MINOR(dev.devt)}`);
}

/**
 * devtmpfs's entry points, plugged in at boot (drivers/base/devtmpfs.c sits above the
 * core in vkern's import graph, so the core calls it through these).
 */
export const devtmpfs_ops: {
  create:
    | ((k: Kernel, name: string, mode: number, dev: number, uid: number, gid: number) => number)
    | null;
  remove: ((k: Kernel, name: string) => void) | null;
} = { create: null, remove: null };

/** Mirrors devtmpfs_create_node() for a device: its devnode name, mode 0600 by default. */
function device_devtmpfs_create(dev: Device): void {
  const out: DevnodeOut = { mode: 0, uid: 0, gid: 0 };
  const name = device_get_devnode(dev, out);
  devtmpfs_ops.create?.(this_kernel(), name, out.mode || 0o600, dev.devt, out.uid, out.gid);
}

function device_devtmpfs_delete(dev: Device): void {
  const out: DevnodeOut = { mode: 0, uid: 0, gid: 0 };
  devtmpfs_ops.remove?.(this_kernel(), device_get_devnode(dev, out));
}

/**
 * Mirrors device_add(): the directory, uevent, class links, attributes, bus links,
 * power/, dev and /sys/dev entries, the /dev node, the "add" uevent, then probing.
 */
export function device_add(dev: Device | null): number {
  if (!dev) return -EINVAL;
  get_device(dev);
  if (!dev.p) dev.p = new DevicePrivate();
  if (dev.init_name) {
    dev_set_name(dev, "%s", dev.init_name);
    dev.init_name = null;
  }
  if (!dev.kobj.name && dev.bus?.dev_name) dev_set_name(dev, "%s%u", dev.bus.dev_name, dev.id);
  if (!dev.kobj.name) {
    put_device(dev);
    return -EINVAL;
  }
  const parent = get_device(dev.parent);
  const kobj = get_device_parent(dev, parent);
  if (kobj) dev.kobj.parent = kobj;
  dev.p.glue = dev.class && kobj && kobj !== parent?.kobj ? kobj : null;
  let error = kobject_add(dev.kobj, dev.kobj.parent, "%s", dev.kobj.name);
  const fail = (stage: number): number => {
    if (stage >= 6) bus_remove_device(dev);
    if (stage >= 5) device_remove_attrs(dev);
    if (stage >= 4) device_remove_class_symlinks(dev);
    if (stage >= 3) device_remove_file(dev, dev_attr_uevent);
    if (stage >= 2) {
      kobject_uevent(dev.kobj, KOBJ_REMOVE);
      kobject_del(dev.kobj);
    }
    cleanup_glue_dir(dev, dev.p?.glue ?? null);
    if (dev.p) dev.p.glue = null;
    put_device(parent);
    put_device(dev);
    return error;
  };
  if (error) return fail(1);
  error = device_create_file(dev, dev_attr_uevent);
  if (error) return fail(2);
  error = device_add_class_symlinks(dev);
  if (error) return fail(3);
  error = device_add_attrs(dev);
  if (error) return fail(4);
  error = bus_add_device(dev);
  if (error) return fail(5);
  error = dpm_sysfs_add(dev);
  if (error) return fail(6);
  if (MAJOR(dev.devt)) {
    error = device_create_file(dev, dev_attr_dev);
    if (error) {
      dpm_sysfs_remove(dev);
      return fail(6);
    }
    error = device_create_sys_dev_entry(dev);
    if (error) {
      device_remove_file(dev, dev_attr_dev);
      dpm_sysfs_remove(dev);
      return fail(6);
    }
    device_devtmpfs_create(dev);
  }
  kobject_uevent(dev.kobj, KOBJ_ADD);
  bus_probe_device(dev);
  if (parent?.p) parent.p.children.add(dev);
  if (dev.class?.p) {
    const cp = dev.class.p;
    cp.devices.add(dev);
    if (!cp.byDevt.has(dev.devt)) cp.byDevt.set(dev.devt, dev);
  }
  put_device(dev); // done: the reference device_add() took for itself
  return 0;
}

/** Mirrors device_register(): device_initialize() + device_add(). */
export function device_register(dev: Device): number {
  device_initialize(dev);
  return device_add(dev);
}

/** Mirrors device_del(): undoes device_add(), sends "remove", drops the parent. */
export function device_del(dev: Device): void {
  const parent = dev.parent;
  if (dev.p) dev.p.dead = true;
  dpm_sysfs_remove(dev);
  if (parent?.p) parent.p.children.delete(dev);
  if (MAJOR(dev.devt)) {
    device_devtmpfs_delete(dev);
    device_remove_sys_dev_entry(dev);
    device_remove_file(dev, dev_attr_dev);
  }
  if (dev.class?.p) {
    device_remove_class_symlinks(dev);
    const cp = dev.class.p;
    cp.devices.delete(dev);
    if (cp.byDevt.get(dev.devt) === dev) {
      cp.byDevt.delete(dev.devt);
      for (const d of cp.devices) {
        if (d.devt === dev.devt) {
          cp.byDevt.set(d.devt, d);
          break;
        }
      }
    }
  }
  device_remove_file(dev, dev_attr_uevent);
  device_remove_attrs(dev);
  bus_remove_device(dev);
  kobject_uevent(dev.kobj, KOBJ_REMOVE);
  const glue = dev.p?.glue ?? null;
  kobject_del(dev.kobj);
  if (dev.p) dev.p.glue = null;
  cleanup_glue_dir(dev, glue);
  put_device(parent);
}

/** Mirrors device_unregister(): device_del() + put_device(). */
export function device_unregister(dev: Device): void {
  device_del(dev);
  put_device(dev);
}

/** Mirrors devices_init(): /sys/devices, /sys/dev, /sys/dev/block, /sys/dev/char. */
export function devices_init(): number {
  const r = roots();
  r.devices_kset = kset_create_and_add("devices", device_uevent_ops, null);
  if (!r.devices_kset) return -12;
  r.dev_kobj = kobject_create_and_add("dev", null);
  r.sysfs_dev_block_kobj = kobject_create_and_add("block", r.dev_kobj);
  r.sysfs_dev_char_kobj = kobject_create_and_add("char", r.dev_kobj);
  return 0;
}

/** A dev_printk() for the core's own messages (the full family is in dev_printk.ts). */
function dev_err_raw(dev: Device, msg: string): void {
  const drv = dev.driver?.name ?? dev.bus?.name ?? dev.class?.name ?? "";
  this_kernel().printk(`${drv} ${dev_name(dev)}: ${msg.replace(/\n$/, "")}`, 3);
}

export {
  DEVICE_ATTR,
  DEVICE_ATTR_ADMIN_RO,
  DEVICE_ATTR_ADMIN_RW,
  DEVICE_ATTR_RO,
  DEVICE_ATTR_RW,
  DEVICE_ATTR_WO,
  type DeviceAttribute,
  dev_sysfs_ops,
  device_add_groups,
  device_create_bin_file,
  device_create_file,
  device_remove_bin_file,
  device_remove_file,
  device_remove_groups,
} from "./device_attr.ts";
export { device_get_devnode, device_uevent_ops } from "./device_uevent.ts";
export type { Class };
