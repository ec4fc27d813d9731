/**
 * The driver core's per-kernel roots (drivers/base/base.h, core.c:devices_init(),
 * bus.c:buses_init(), class.c:classes_init()): /sys/devices, /sys/dev/{char,block},
 * /sys/bus, /sys/devices/system, /sys/class.
 */

import { this_kernel } from "../../kernel/context.ts";
import { defineKernelLocal, type Kernel } from "../../kernel/kernel.ts";
import type { Kobject, Kset } from "./kobject.ts";

export interface DriverCoreRoots {
  devices_kset: Kset | null;
  dev_kobj: Kobject | null;
  sysfs_dev_char_kobj: Kobject | null;
  sysfs_dev_block_kobj: Kobject | null;
  bus_kset: Kset | null;
  system_kset: Kset | null;
  class_kset: Kset | null;
  /** /sys/devices/virtual, made on first use (virtual_device_parent()). */
  virtual_dir: Kobject | null;
  /** /sys/module's kset (kernel/params.c). */
  module_kset: Kset | null;
  /** /sys/kernel, /sys/firmware, /sys/fs, /sys/hypervisor, /sys/power. */
  kernel_kobj: Kobject | null;
  firmware_kobj: Kobject | null;
  fs_kobj: Kobject | null;
  hypervisor_kobj: Kobject | null;
  power_kobj: Kobject | null;
}

export const driverCore = defineKernelLocal<DriverCoreRoots>(() => ({
  devices_kset: null,
  dev_kobj: null,
  sysfs_dev_char_kobj: null,
  sysfs_dev_block_kobj: null,
  bus_kset: null,
  system_kset: null,
  class_kset: null,
  virtual_dir: null,
  module_kset: null,
  kernel_kobj: null,
  firmware_kobj: null,
  fs_kobj: null,
  hypervisor_kobj: null,
  power_kobj: null,
}));

/** The roots of the running kernel. */
export function roots(k: Kernel = this_kernel()): DriverCoreRoots {
  return driverCore.get(k);
}

/** kernel_kobj, firmware_kobj, power_kobj, fs_kobj, hypervisor_kobj (C globals). */
export const kernel_kobj = (): Kobject | null => roots().kernel_kobj;
export const firmware_kobj = (): Kobject | null => roots().firmware_kobj;
export const power_kobj = (): Kobject | null => roots().power_kobj;
export const fs_kobj = (): Kobject | null => roots().fs_kobj;
export const hypervisor_kobj = (): Kobject | null => roots().hypervisor_kobj;
