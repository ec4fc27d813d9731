/**
 * Buses (drivers/base/bus.c of Linux 5.4): /sys/bus/<bus>/ with devices/, drivers/,
 * uevent, drivers_probe and drivers_autoprobe; adding devices to a bus (their link in
 * devices/ and their "subsystem" link); adding drivers (their directory with bind,
 * unbind and uevent); system subsystems rooted in /sys/devices/system.
 */

import { sysfs_create_link, sysfs_remove_link } from "../../fs/sysfs/dir.ts";
import {
  type Attribute,
  container_of,
  type SysfsKobject,
  type SysfsOps,
  sysfs_create_file,
  sysfs_remove_file,
} from "../../fs/sysfs/file.ts";
import {
  type AttributeGroup,
  sysfs_create_groups,
  sysfs_remove_groups,
} from "../../fs/sysfs/group.ts";
import { cstr, sprintf, sysfs_streq } from "../../fs/sysfs/kbuf.ts";
import { EINVAL, ENODEV, ENOMEM } from "../../include/uapi/errno.ts";
import { this_kernel } from "../../kernel/context.ts";
import { roots } from "./base.ts";
import {
  dev_name,
  device_add_groups,
  device_register,
  device_remove_groups,
  device_unregister,
  get_device,
  put_device,
} from "./core.ts";
import {
  device_attach,
  device_driver_attach,
  device_driver_detach,
  device_release_driver,
  driver_attach,
  driver_detach,
  driver_match_device,
} from "./dd.ts";
import { type BusType, Device, type DeviceDriver, DriverPrivate, SubsysPrivate } from "./device.ts";
import {
  __ATTR,
  type Kobject,
  type KobjType,
  kobject_init_and_add,
  kobject_put,
  kobject_set_name,
  kset_create_and_add,
  kset_register,
  kset_unregister,
} from "./kobject.ts";
import { module_add_driver, module_remove_driver } from "./module_drivers.ts";
import { kobject_synth_uevent } from "./uevent.ts";
import type { KsetUeventOps } from "./uevent_types.ts";

/** struct bus_attribute */
export interface BusAttribute {
  attr: Attribute;
  show?: ((bus: BusType, buf: Uint8Array) => number) | null;
  store?: ((bus: BusType, buf: Uint8Array, count: number) => number) | null;
}

/** struct driver_attribute */
export interface DriverAttribute {
  attr: Attribute;
  show?: ((drv: DeviceDriver, buf: Uint8Array) => number) | null;
  store?: ((drv: DeviceDriver, buf: Uint8Array, count: number) => number) | null;
}

/** Mirrors BUS_ATTR_RW/RO/WO(). */
export const BUS_ATTR = (
  name: string,
  mode: number,
  show: BusAttribute["show"],
  store: BusAttribute["store"],
): BusAttribute => __ATTR(name, mode, show ?? null, store ?? null);

/** Mirrors DRIVER_ATTR_RW/RO/WO(). */
export const DRIVER_ATTR = (
  name: string,
  mode: number,
  show: DriverAttribute["show"],
  store: DriverAttribute["store"],
): DriverAttribute => __ATTR(name, mode, show ?? null, store ?? null);

function to_bus(kobj: SysfsKobject): BusType {
  const kset = (kobj as Kobject).container as { priv: SubsysPrivate };
  return kset.priv.bus!;
}

/** Mirrors bus_attr_show()/bus_attr_store(). */
function bus_attr_show(kobj: SysfsKobject, attr: Attribute, buf: Uint8Array): number {
  const a = container_of<BusAttribute>(attr);
  return a?.show ? a.show(to_bus(kobj), buf) : -5;
}
function bus_attr_store(kobj: SysfsKobject, attr: Attribute, buf: Uint8Array, count: number) {
  const a = container_of<BusAttribute>(attr);
  return a?.store ? a.store(to_bus(kobj), buf, count) : -5;
}

/** bus_ktype */
export const bus_ktype: KobjType = {
  sysfs_ops: { show: bus_attr_show, store: bus_attr_store } satisfies SysfsOps,
  release: () => {},
};

function to_driver(kobj: SysfsKobject): DeviceDriver {
  return ((kobj as Kobject).container as DriverPrivate).driver;
}

/** Mirrors drv_attr_show()/drv_attr_store(). */
function drv_attr_show(kobj: SysfsKobject, attr: Attribute, buf: Uint8Array): number {
  const a = container_of<DriverAttribute>(attr);
  return a?.show ? a.show(to_driver(kobj), buf) : -5;
}
function drv_attr_store(kobj: SysfsKobject, attr: Attribute, buf: Uint8Array, count: number) {
  const a = container_of<DriverAttribute>(attr);
  return a?.store ? a.store(to_driver(kobj), buf, count) : -5;
}

/** driver_ktype */
export const driver_ktype: KobjType = {
  sysfs_ops: { show: drv_attr_show, store: drv_attr_store },
  release: (kobj) => {
    const priv = kobj.container as DriverPrivate;
    priv.driver.p = null;
  },
};

/** Mirrors bus_uevent_filter(): only the bus directories themselves send uevents. */
const bus_uevent_ops: KsetUeventOps = {
  filter: (_kset, kobj) => (kobj.ktype === bus_ktype ? 1 : 0),
};

/** Mirrors bus_create_file()/bus_remove_file(). */
export function bus_create_file(bus: BusType, attr: BusAttribute): number {
  return bus.p ? sysfs_create_file(bus.p.subsys.kobj, attr) : -EINVAL;
}
export function bus_remove_file(bus: BusType, attr: BusAttribute): void {
  if (bus.p) sysfs_remove_file(bus.p.subsys.kobj, attr);
}

/** Mirrors bus_find_device_by_name(): the name may end in a newline (sysfs_streq()). */
export function bus_find_device_by_name(bus: BusType, name: string): Device | null {
  const p = bus.p;
  if (!p) return null;
  const key = name.endsWith("\n") ? name.slice(0, -1) : name;
  const dev = p.devicesByName.get(key) ?? null;
  return get_device(dev);
}

/** Mirrors bus_for_each_dev(): stops at the first non-zero return. */
export function bus_for_each_dev(bus: BusType, fn: (dev: Device) => number): number {
  for (const dev of [...(bus.p?.devices ?? [])]) {
    const r = fn(dev);
    if (r) return r;
  }
  return 0;
}

/** Mirrors bus_find_device(). */
export function bus_find_device(bus: BusType, match: (dev: Device) => boolean): Device | null {
  for (const dev of bus.p?.devices ?? []) if (match(dev)) return get_device(dev);
  return null;
}

/** Mirrors bus_for_each_drv(). */
export function bus_for_each_drv(bus: BusType, fn: (drv: DeviceDriver) => number): number {
  for (const drv of [...(bus.p?.drivers ?? [])]) {
    const r = fn(drv);
    if (r) return r;
  }
  return 0;
}

// ---- bus attributes: uevent, drivers_probe, drivers_autoprobe ----

const bus_attr_uevent = BUS_ATTR("uevent", 0o200, null, (bus, buf, count) => {
  const rc = kobject_synth_uevent(bus.p!.subsys.kobj, cstr(buf, count));
  return rc ? rc : count;
});

/** Mirrors drivers_probe_store(): probe the named device again. */
const bus_attr_drivers_probe = BUS_ATTR("drivers_probe", 0o200, null, (bus, buf, count) => {
  const dev = bus_find_device_by_name(bus, cstr(buf, count));
  if (!dev) return -ENODEV;
  let err = -EINVAL;
  const ret = dev.driver ? 0 : device_attach(dev);
  if (Math.min(ret, 0) === 0) err = count;
  put_device(dev);
  return err;
});

/** Mirrors drivers_autoprobe_show()/store(). */
const bus_attr_drivers_autoprobe = BUS_ATTR(
  "drivers_autoprobe",
  0o644,
  (bus, buf) => sprintf(buf, "%d\n", bus.p!.drivers_autoprobe ? 1 : 0),
  (bus, buf, count) => {
    bus.p!.drivers_autoprobe = buf[0] !== 0x30; // '0'
    return count;
  },
);

/**
 * Mirrors bus_register(): /sys/bus/<name>/ with uevent, devices/, drivers/,
 * drivers_probe, drivers_autoprobe and the bus's groups; an "add" uevent.
 */
export function bus_register(bus: BusType): number {
  const priv = new SubsysPrivate();
  priv.bus = bus;
  priv.subsys.priv = priv;
  bus.p = priv;
  kobject_set_name(priv.subsys.kobj, "%s", bus.name);
  priv.subsys.kobj.kset = roots().bus_kset;
  priv.subsys.kobj.ktype = bus_ktype;
  priv.drivers_autoprobe = true;
  let retval = kset_register(priv.subsys);
  if (retval) {
    bus.p = null;
    return retval;
  }
  retval = bus_create_file(bus, bus_attr_uevent);
  priv.devices_kset = kset_create_and_add("devices", null, priv.subsys.kobj);
  priv.drivers_kset = kset_create_and_add("drivers", null, priv.subsys.kobj);
  if (retval || !priv.devices_kset || !priv.drivers_kset) {
    bus_unregister(bus);
    return retval || -ENOMEM;
  }
  retval = bus_create_file(bus, bus_attr_drivers_probe);
  if (!retval) retval = bus_create_file(bus, bus_attr_drivers_autoprobe);
  if (!retval) retval = sysfs_create_groups(priv.subsys.kobj, bus.bus_groups);
  if (retval) {
    bus_unregister(bus);
    return retval;
  }
  return 0;
}

/** Mirrors bus_unregister(). */
export function bus_unregister(bus: BusType): void {
  const p = bus.p;
  if (!p) return;
  if (bus.dev_root) {
    device_unregister(bus.dev_root);
    bus.dev_root = null;
  }
  sysfs_remove_groups(p.subsys.kobj, bus.bus_groups);
  bus_remove_file(bus, bus_attr_drivers_probe);
  bus_remove_file(bus, bus_attr_drivers_autoprobe);
  kset_unregister(p.drivers_kset);
  kset_unregister(p.devices_kset);
  bus_remove_file(bus, bus_attr_uevent);
  kset_unregister(p.subsys);
  bus.p = null;
}

/** Mirrors subsys_system_register(): a bus whose root device is /sys/devices/system/<name>. */
export function subsys_system_register(
  subsys: BusType,
  groups: readonly (AttributeGroup | null)[] | null = null,
): number {
  const err = bus_register(subsys);
  if (err < 0) return err;
  const dev = new Device();
  kobject_set_name(dev.kobj, "%s", subsys.name);
  dev.kobj.parent = roots().system_kset!.kobj;
  dev.groups = groups;
  dev.release = () => {};
  const r = device_register(dev);
  if (r < 0) {
    put_device(dev);
    bus_unregister(subsys);
    return r;
  }
  subsys.dev_root = dev;
  return 0;
}

/** Mirrors bus_add_device(): the bus's device groups and the two links. */
export function bus_add_device(dev: Device): number {
  const bus = dev.bus;
  if (!bus?.p) return 0;
  let error = device_add_groups(dev, bus.dev_groups);
  if (error) return error;
  error = sysfs_create_link(bus.p.devices_kset!.kobj, dev.kobj, dev_name(dev));
  if (error) {
    device_remove_groups(dev, bus.dev_groups);
    return error;
  }
  error = sysfs_create_link(dev.kobj, bus.p.subsys.kobj, "subsystem");
  if (error) {
    sysfs_remove_link(bus.p.devices_kset!.kobj, dev_name(dev));
    device_remove_groups(dev, bus.dev_groups);
    return error;
  }
  bus.p.devices.add(dev);
  bus.p.devicesByName.set(dev_name(dev), dev);
  return 0;
}

/** Mirrors bus_probe_device(): autoprobe when the bus allows it. */
export function bus_probe_device(dev: Device): void {
  if (dev.bus?.p?.drivers_autoprobe) device_attach(dev);
}

/** Mirrors bus_remove_device(): the links, the groups, then the driver lets go. */
export function bus_remove_device(dev: Device): void {
  const bus = dev.bus;
  if (!bus?.p) return;
  sysfs_remove_link(dev.kobj, "subsystem");
  sysfs_remove_link(bus.p.devices_kset!.kobj, dev_name(dev));
  device_remove_groups(dev, bus.dev_groups);
  bus.p.devices.delete(dev);
  if (bus.p.devicesByName.get(dev_name(dev)) === dev) bus.p.devicesByName.delete(dev_name(dev));
  device_release_driver(dev);
}

// ---- drivers on a bus: the driver directory, bind/unbind/uevent ----

/** Mirrors unbind_store(): "echo <dev> > unbind" detaches it from this driver. */
const driver_attr_unbind = DRIVER_ATTR("unbind", 0o200, null, (drv, buf, count) => {
  const dev = bus_find_device_by_name(drv.bus!, cstr(buf, count));
  let err = -ENODEV;
  if (dev && dev.driver === drv) {
    device_driver_detach(dev);
    err = count;
  }
  put_device(dev);
  return err;
});

/** Mirrors bind_store(): binds a matching unbound device; -ENODEV if probe declines. */
const driver_attr_bind = DRIVER_ATTR("bind", 0o200, null, (drv, buf, count) => {
  const dev = bus_find_device_by_name(drv.bus!, cstr(buf, count));
  let err = -ENODEV;
  if (dev && !dev.driver && driver_match_device(drv, dev)) {
    err = device_driver_attach(drv, dev);
    if (err > 0) err = count;
    else if (err === 0) err = -ENODEV;
  }
  put_device(dev);
  return err;
});

/** Mirrors driver_uevent_store(). */
const driver_attr_uevent = DRIVER_ATTR("uevent", 0o200, null, (drv, buf, count) => {
  const rc = kobject_synth_uevent(drv.p!.kobj, cstr(buf, count));
  return rc ? rc : count;
});

/** Mirrors driver_create_file()/driver_remove_file(). */
export function driver_create_file(drv: DeviceDriver, attr: DriverAttribute): number {
  return drv.p ? sysfs_create_file(drv.p.kobj, attr) : -EINVAL;
}
export function driver_remove_file(drv: DeviceDriver, attr: DriverAttribute): void {
  if (drv.p) sysfs_remove_file(drv.p.kobj, attr);
}

/**
 * Mirrors bus_add_driver(): the driver's directory, attaching to matching devices,
 * the module link, then uevent and the bind/unbind files.
 */
export function bus_add_driver(drv: DeviceDriver): number {
  const k = this_kernel();
  const bus = drv.bus;
  if (!bus?.p) return -EINVAL;
  const priv = new DriverPrivate(drv);
  drv.p = priv;
  priv.kobj.kset = bus.p.drivers_kset;
  let error = kobject_init_and_add(priv.kobj, driver_ktype, null, "%s", drv.name);
  if (error) {
    kobject_put(priv.kobj);
    drv.p = null;
    return error;
  }
  bus.p.drivers.add(drv);
  if (bus.p.drivers_autoprobe) {
    error = driver_attach(drv);
    if (error) {
      bus.p.drivers.delete(drv);
      kobject_put(priv.kobj);
      drv.p = null;
      return error;
    }
  }
  module_add_driver(drv.owner ?? null, drv);
  if (driver_create_file(drv, driver_attr_uevent))
    k.printk(`bus_add_driver: uevent attr (${drv.name}) failed`, 3);
  if (sysfs_create_groups(priv.kobj, bus.drv_groups))
    k.printk(`bus_add_driver: driver_create_groups(${drv.name}) failed`, 3);
  if (!drv.suppress_bind_attrs) {
    let e = driver_create_file(drv, driver_attr_bind);
    if (!e) e = driver_create_file(drv, driver_attr_unbind);
    if (e) k.printk(`bus_add_driver: add_bind_files(${drv.name}) failed`, 3);
  }
  return 0;
}

/** Mirrors bus_remove_driver(): files off, devices detached, the directory released. */
export function bus_remove_driver(drv: DeviceDriver): void {
  const bus = drv.bus;
  if (!bus?.p || !drv.p) return;
  if (!drv.suppress_bind_attrs) {
    driver_remove_file(drv, driver_attr_bind);
    driver_remove_file(drv, driver_attr_unbind);
  }
  sysfs_remove_groups(drv.p.kobj, bus.drv_groups);
  driver_remove_file(drv, driver_attr_uevent);
  bus.p.drivers.delete(drv);
  driver_detach(drv);
  module_remove_driver(drv);
  kobject_put(drv.p.kobj);
}

/** Mirrors buses_init(): /sys/bus and /sys/devices/system. */
export function buses_init(): number {
  const r = roots();
  r.bus_kset = kset_create_and_add("bus", bus_uevent_ops, null);
  if (!r.bus_kset) return -ENOMEM;
  r.system_kset = kset_create_and_add("system", null, r.devices_kset!.kobj);
  if (!r.system_kset) return -ENOMEM;
  return 0;
}

export { sysfs_streq };
