/**
 * Links between drivers and their modules (drivers/base/module.c of Linux 5.4):
 * /sys/bus/<bus>/drivers/<drv>/module -> /sys/module/<mod>, and
 * /sys/module/<mod>/drivers/<bus>:<drv> -> the driver.
 */

import { sysfs_create_link, sysfs_remove_link } from "../../fs/sysfs/dir.ts";
import { this_kernel } from "../../kernel/context.ts";
import { defineKernelLocal } from "../../kernel/kernel.ts";
import type { Module } from "../../kernel/module.ts";
import type { DeviceDriver } from "./device.ts";
import { type Kobject, kobject_create_and_add } from "./kobject.ts";

/** struct module_kobject: /sys/module/<name>. */
export interface ModuleKobject {
  kobj: Kobject;
  mod: Module | null;
  drivers_dir: Kobject | null;
}

/** The /sys/module entries of a kernel, by module name (module_kset's members). */
export const moduleKobjects = defineKernelLocal<Map<string, ModuleKobject>>(() => new Map());

const driverModule = new WeakMap<DeviceDriver, ModuleKobject>();

function make_driver_name(drv: DeviceDriver): string {
  return `${drv.bus?.name ?? ""}:${drv.name}`;
}

/** Mirrors module_add_driver(): the owner's entry, or a built-in one named by mod_name. */
export function module_add_driver(mod: Module | null, drv: DeviceDriver): void {
  if (!drv.p) return;
  const map = moduleKobjects.get(this_kernel());
  const mk = mod ? map.get(mod.name) : drv.mod_name ? map.get(drv.mod_name) : undefined;
  if (!mk) return;
  driverModule.set(drv, mk);
  sysfs_create_link(drv.p.kobj, mk.kobj, "module");
  if (!mk.drivers_dir) mk.drivers_dir = kobject_create_and_add("drivers", mk.kobj);
  if (mk.drivers_dir) sysfs_create_link(mk.drivers_dir, drv.p.kobj, make_driver_name(drv));
}

/** Mirrors module_remove_driver(). */
export function module_remove_driver(drv: DeviceDriver): void {
  if (!drv.p) return;
  sysfs_remove_link(drv.p.kobj, "module");
  const mk = driverModule.get(drv);
  if (mk?.drivers_dir) sysfs_remove_link(mk.drivers_dir, make_driver_name(drv));
  driverModule.delete(drv);
}
