/**
 * Binding devices to drivers (drivers/base/dd.c of Linux 5.4): match, probe, the
 * "driver" link and the driver's link to the device, the "bind"/"unbind" uevents,
 * and release on unbind or removal.
 */

import { sysfs_create_link, sysfs_remove_link } from "../../fs/sysfs/dir.ts";
import { ENODEV, ENXIO } from "../../include/uapi/errno.ts";
import { this_kernel } from "../../kernel/context.ts";
import type { Module } from "../../kernel/module.ts";
import { dev_name, dev_set_drvdata, device_add_groups, device_remove_groups } from "./core.ts";
import type { Device, DeviceDriver } from "./device.ts";
import { KOBJ_BIND, KOBJ_UNBIND, kobject_uevent } from "./uevent.ts";

const EPROBE_DEFER = 517;

/** Runs driver code as its module's (an unloaded module's code faults, as it would). */
export function call_driver<T>(owner: Module | null | undefined, fn: () => T): T {
  return this_kernel().modules.callInto(owner ?? null, fn);
}

/** Mirrors driver_match_device(): the bus's match, or "matches" without one. */
export function driver_match_device(drv: DeviceDriver, dev: Device): number {
  const match = drv.bus?.match;
  return match ? match(dev, drv) : 1;
}

/** Mirrors device_is_bound(). */
export function device_is_bound(dev: Device): boolean {
  return !!dev.driver?.p?.devices.has(dev);
}

/** Mirrors driver_sysfs_add(): drivers/<drv>/<dev> and <dev>/driver. */
function driver_sysfs_add(dev: Device): number {
  const drv = dev.driver!;
  let ret = sysfs_create_link(drv.p!.kobj, dev.kobj, dev.kobj.name);
  if (ret === 0) {
    ret = sysfs_create_link(dev.kobj, drv.p!.kobj, "driver");
    if (ret) sysfs_remove_link(drv.p!.kobj, dev.kobj.name);
  }
  return ret;
}

/** Mirrors driver_sysfs_remove(). */
function driver_sysfs_remove(dev: Device): void {
  const drv = dev.driver;
  if (drv?.p) {
    sysfs_remove_link(drv.p.kobj, dev.kobj.name);
    sysfs_remove_link(dev.kobj, "driver");
  }
}

/** Mirrors driver_bound(): on the driver's device list, then a "bind" uevent. */
function driver_bound(dev: Device): void {
  if (device_is_bound(dev)) {
    this_kernel().printk(`driver_bound: device ${dev.kobj.name} already bound`, 4);
    return;
  }
  dev.driver!.p!.devices.add(dev);
  kobject_uevent(dev.kobj, KOBJ_BIND);
}

/**
 * Mirrors really_probe(): 1 when bound; 0 when the probe failed (logging anything but
 * -ENODEV/-ENXIO, "<drv>: probe of <dev> failed with error <n>") so others may try.
 */
function really_probe(dev: Device, drv: DeviceDriver): number {
  const k = this_kernel();
  let ret = 0;
  dev.driver = drv;
  if (driver_sysfs_add(dev)) {
    k.printk(`really_probe: driver_sysfs_add(${dev_name(dev)}) failed`, 3);
  } else {
    const probe = dev.bus?.probe ?? drv.probe;
    if (probe) ret = call_driver(dev.bus?.probe ? null : drv.owner, () => probe(dev));
    if (!ret) {
      if (device_add_groups(dev, drv.dev_groups)) {
        k.printk(`${drv.name} ${dev_name(dev)}: device_add_groups() failed`, 3);
        const remove = dev.bus?.remove ?? drv.remove;
        if (remove) call_driver(dev.bus?.remove ? null : drv.owner, () => remove(dev));
      } else {
        driver_bound(dev);
        return 1;
      }
    }
  }
  // probe_failed:
  driver_sysfs_remove(dev);
  dev.driver = null;
  dev_set_drvdata(dev, null);
  if (ret !== -ENODEV && ret !== -ENXIO && ret !== -EPROBE_DEFER && ret !== 0) {
    k.printk(`${drv.name}: probe of ${dev_name(dev)} failed with error ${ret}`, 4);
  }
  return 0;
}

/** Mirrors driver_probe_device(): -ENODEV for an unregistered device. */
export function driver_probe_device(drv: DeviceDriver, dev: Device): number {
  if (!dev.kobj.state_in_sysfs) return -ENODEV;
  return really_probe(dev, drv);
}

/** Mirrors device_driver_attach(): probe unless dead or already bound. */
export function device_driver_attach(drv: DeviceDriver, dev: Device): number {
  if (!dev.p?.dead && !dev.driver) return driver_probe_device(drv, dev);
  return 0;
}

/** Mirrors __device_attach(): the first matching driver whose probe succeeds. */
export function device_attach(dev: Device): number {
  if (dev.driver) {
    if (device_is_bound(dev)) return 1;
    dev.driver = null;
    return 0;
  }
  const bus = dev.bus;
  if (!bus?.p) return 0;
  for (const drv of [...bus.p.drivers]) {
    const m = driver_match_device(drv, dev);
    if (m === 0) continue;
    if (m < 0) return m;
    const r = driver_probe_device(drv, dev);
    if (r) return r;
  }
  return 0;
}

/** Mirrors driver_attach(): offers every unbound device on the bus to the driver. */
export function driver_attach(drv: DeviceDriver): number {
  const bus = drv.bus;
  if (!bus?.p) return 0;
  for (const dev of [...bus.p.devices]) {
    const m = driver_match_device(drv, dev);
    if (m <= 0) {
      if (m < 0) return m;
      continue;
    }
    if (!dev.p?.dead && !dev.driver) driver_probe_device(drv, dev);
  }
  return 0;
}

/** Mirrors __device_release_driver(): remove, drop the links, "unbind" uevent. */
function __device_release_driver(dev: Device): void {
  const drv = dev.driver;
  if (!drv) return;
  driver_sysfs_remove(dev);
  device_remove_groups(dev, drv.dev_groups);
  const remove = dev.bus?.remove ?? drv.remove;
  if (remove) call_driver(dev.bus?.remove ? null : drv.owner, () => remove(dev));
  dev.driver = null;
  dev_set_drvdata(dev, null);
  drv.p?.devices.delete(dev);
  kobject_uevent(dev.kobj, KOBJ_UNBIND);
}

/** Mirrors device_release_driver_internal(): only if bound to `drv` (or any, when null). */
export function device_release_driver_internal(dev: Device, drv: DeviceDriver | null): void {
  if (dev.driver && (!drv || drv === dev.driver)) __device_release_driver(dev);
}

/** Mirrors device_release_driver(). */
export function device_release_driver(dev: Device): void {
  device_release_driver_internal(dev, null);
}

/** Mirrors device_driver_detach(). */
export function device_driver_detach(dev: Device): void {
  device_release_driver_internal(dev, null);
}

/** Mirrors driver_detach(): unbinds every device, most recently bound first. */
export function driver_detach(drv: DeviceDriver): void {
  const devs = [...(drv.p?.devices ?? [])].reverse();
  for (const dev of devs) device_release_driver_internal(dev, drv);
}
