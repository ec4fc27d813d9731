/**
 * Device drivers (drivers/base/driver.c of Linux 5.4): register a driver on its bus
 * (refused if the name is taken), its groups, the "add" uevent; unregister.
 */

import { sysfs_create_groups, sysfs_remove_groups } from "../../fs/sysfs/group.ts";
import { WARN } from "../../fs/sysfs/warn.ts";
import { EBUSY, EINVAL } from "../../include/uapi/errno.ts";
import { this_kernel } from "../../kernel/context.ts";
import { bus_add_driver, bus_remove_driver } from "./bus.ts";
import type { BusType, Device, DeviceDriver } from "./device.ts";
import { KOBJ_ADD, kobject_uevent } from "./uevent.ts";

export {
  DRIVER_ATTR,
  type DriverAttribute,
  driver_create_file,
  driver_remove_file,
} from "./bus.ts";

const UNEXPECTED = { file: "drivers/base/driver.c", line: 193, func: "driver_unregister" };

/** Mirrors driver_find(): the registered driver of that name on the bus. */
export function driver_find(name: string, bus: BusType): DeviceDriver | null {
  for (const drv of bus.p?.drivers ?? []) if (drv.name === name) return drv;
  return null;
}

/** Mirrors driver_register(). Returns 0, -EBUSY for a duplicate name, or an error. */
export function driver_register(drv: DeviceDriver): number {
  const k = this_kernel();
  const bus = drv.bus;
  if (!bus?.p) {
    k.printk(
      `Driver '${drv.name}' was unable to register with bus_type '${bus?.name ?? ""}' because the bus was not initialized.`,
      3,
    );
    return -EINVAL;
  }
  if ((bus.probe && drv.probe) || (bus.remove && drv.remove) || (bus.shutdown && drv.shutdown)) {
    k.printk(`Driver '${drv.name}' needs updating - please use bus_type methods`, 4);
  }
  if (driver_find(drv.name, bus)) {
    k.printk(`Error: Driver '${drv.name}' is already registered, aborting...`, 3);
    return -EBUSY;
  }
  let ret = bus_add_driver(drv);
  if (ret) return ret;
  ret = sysfs_create_groups(drv.p!.kobj, drv.groups);
  if (ret) {
    bus_remove_driver(drv);
    return ret;
  }
  kobject_uevent(drv.p!.kobj, KOBJ_ADD);
  return 0;
}

/** Mirrors driver_unregister(). */
export function driver_unregister(drv: DeviceDriver | null): void {
  if (!drv?.p) {
    WARN(1, UNEXPECTED, "Unexpected driver unregister!\n");
    return;
  }
  sysfs_remove_groups(drv.p.kobj, drv.groups);
  bus_remove_driver(drv);
}

/** Mirrors driver_for_each_device(). */
export function driver_for_each_device(drv: DeviceDriver, fn: (dev: Device) => number): number {
  for (const dev of [...(drv.p?.devices ?? [])]) {
    const r = fn(dev);
    if (r) return r;
  }
  return 0;
}
