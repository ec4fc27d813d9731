/**
 * The uevent variables of devices (drivers/base/core.c of Linux 5.4): which devices send
 * uevents (those on a bus or in a class), their SUBSYSTEM, and dev_uevent()'s MAJOR,
 * MINOR, DEVNAME, DEVMODE, DEVTYPE and DRIVER before the bus, class and type add theirs.
 */

import { MAJOR, MINOR } from "../../include/uapi/stat.ts";
import { Device, type DevnodeOut, kobj_to_dev } from "./device.ts";
import type { Kobject } from "./kobject.ts";
import { add_uevent_var } from "./uevent.ts";
import type { KobjUeventEnv, KsetUeventOps } from "./uevent_types.ts";

/** dev_name(), here too (core.ts imports this file). */
function dev_name(dev: Device): string {
  return dev.init_name ?? dev.kobj.name;
}

/** Mirrors dev_uevent_filter(): only devices (device_ktype) on a bus or in a class send uevents. */
function dev_uevent_filter(_kset: unknown, kobj: Kobject): number {
  if (kobj.container instanceof Device) {
    const dev = kobj_to_dev(kobj);
    if (dev.bus || dev.class) return 1;
  }
  return 0;
}

/** Mirrors dev_uevent_name(): the bus or class name is the SUBSYSTEM. */
function dev_uevent_name(_kset: unknown, kobj: Kobject): string | null {
  const dev = kobj_to_dev(kobj);
  return dev.bus?.name ?? dev.class?.name ?? null;
}

/** Mirrors device_get_devnode(): the /dev name, with the class or type's say on mode. */
export function device_get_devnode(dev: Device, out: DevnodeOut): string {
  const t = dev.type?.devnode?.(dev, out);
  if (t) return t;
  const c = dev.class?.devnode?.(dev, out);
  if (c) return c;
  return dev_name(dev).replace(/!/g, "/");
}

/** Mirrors dev_uevent(): MAJOR/MINOR/DEVNAME/DEVMODE, DEVTYPE, DRIVER, then bus/class/type. */
function dev_uevent(_kset: unknown, kobj: Kobject, env: KobjUeventEnv): number {
  const dev = kobj_to_dev(kobj);
  let retval = 0;
  if (MAJOR(dev.devt)) {
    add_uevent_var(env, "MAJOR=%u", MAJOR(dev.devt));
    add_uevent_var(env, "MINOR=%u", MINOR(dev.devt));
    const out: DevnodeOut = { mode: 0, uid: 0, gid: 0 };
    const name = device_get_devnode(dev, out);
    add_uevent_var(env, "DEVNAME=%s", name);
    if (out.mode) add_uevent_var(env, "DEVMODE=%#o", out.mode & 0o777);
    if (out.uid) add_uevent_var(env, "DEVUID=%u", out.uid);
    if (out.gid) add_uevent_var(env, "DEVGID=%u", out.gid);
  }
  if (dev.type?.name) add_uevent_var(env, "DEVTYPE=%s", dev.type.name);
  if (dev.driver) add_uevent_var(env, "DRIVER=%s", dev.driver.name);
  if (dev.bus?.uevent) {
    retval = dev.bus.uevent(dev, env);
    if (retval) return retval;
  }
  if (dev.class?.dev_uevent) {
    retval = dev.class.dev_uevent(dev, env);
    if (retval) return retval;
  }
  if (dev.type?.uevent) retval = dev.type.uevent(dev, env);
  return retval;
}

/** device_uevent_ops */
export const device_uevent_ops: KsetUeventOps = {
  filter: dev_uevent_filter,
  name: dev_uevent_name,
  uevent: dev_uevent,
};
