/**
 * The driver model's structures (include/linux/device.h of Linux 5.4): struct device
 * with its embedded kobject, bus_type, device_driver, class, device_type, and the
 * driver core's private parts (subsys_private, driver_private, device_private).
 */

import type { AttributeGroup } from "../../fs/sysfs/group.ts";
import type { Module } from "../../kernel/module.ts";
import { Kobject, Kset } from "./kobject.ts";
import type { KobjUeventEnv } from "./uevent_types.ts";

/** A mode/uid/gid out-parameter of devnode() callbacks (`umode_t *mode`). */
export interface DevnodeOut {
  mode: number;
  uid: number;
  gid: number;
}

/** struct device_type */
export interface DeviceType {
  name?: string | null;
  groups?: readonly (AttributeGroup | null)[] | null;
  uevent?: ((dev: Device, env: KobjUeventEnv) => number) | null;
  devnode?: ((dev: Device, out: DevnodeOut) => string | null) | null;
  release?: ((dev: Device) => void) | null;
}

/** struct dev_pm_info, the runtime-PM part that power/ shows. */
export interface DevPmInfo {
  runtime_auto: boolean;
  disable_depth: number;
  runtime_error: number;
  runtime_status: "active" | "suspended" | "suspending" | "resuming";
  use_autosuspend: boolean;
  autosuspend_delay: number;
  no_callbacks: boolean;
  can_wakeup: boolean;
  /** dev->power.no_pm: no power/ directory at all. */
  no_pm: boolean;
}

/** struct device_private */
export class DevicePrivate {
  readonly children = new Set<Device>();
  dead = false;
  /** The class glue directory this device lives in, if any. */
  glue: Kobject | null = null;
}

/** struct device */
export class Device {
  readonly kobj: Kobject;
  parent: Device | null = null;
  p: DevicePrivate | null = null;
  init_name: string | null = null;
  type: DeviceType | null = null;
  bus: BusType | null = null;
  driver: DeviceDriver | null = null;
  platform_data: unknown = null;
  driver_data: unknown = null;
  power: DevPmInfo = {
    runtime_auto: true,
    disable_depth: 1,
    runtime_error: 0,
    runtime_status: "suspended",
    use_autosuspend: false,
    autosuspend_delay: 0,
    no_callbacks: false,
    can_wakeup: false,
    no_pm: false,
  };
  /** dev_t: MKDEV(major, minor), 0 for none. */
  devt = 0;
  id = 0;
  class: Class | null = null;
  groups: readonly (AttributeGroup | null)[] | null = null;
  release: ((dev: Device) => void) | null = null;
  offline_disabled = false;
  offline = false;
  /** The structure this device is embedded in (platform_device, ...). */
  container: unknown;

  constructor(container: unknown = null) {
    this.kobj = new Kobject(this);
    this.container = container;
  }
}

/** Mirrors kobj_to_dev(). */
export function kobj_to_dev(kobj: Kobject): Device {
  return kobj.container as Device;
}

/** struct subsys_private: what the core keeps for a bus or a class. */
export class SubsysPrivate {
  /** The /sys/bus/<name> or /sys/class/<name> directory. */
  readonly subsys = new Kset();
  devices_kset: Kset | null = null;
  drivers_kset: Kset | null = null;
  /** klist_devices, in registration order, and by name for lookups. */
  readonly devices = new Set<Device>();
  readonly devicesByName = new Map<string, Device>();
  /** klist_drivers, in registration order. */
  readonly drivers = new Set<DeviceDriver>();
  drivers_autoprobe = true;
  bus: BusType | null = null;
  class: Class | null = null;
  /** glue_dirs: the class directories under non-class parents, by parent kobject. */
  readonly glue_dirs = new Map<Kobject, Kobject>();
  /** Class devices by dev_t (class_find_device_by_devt()). */
  readonly byDevt = new Map<number, Device>();
}

/** struct bus_type */
export interface BusType {
  name: string;
  dev_name?: string | null;
  dev_root?: Device | null;
  bus_groups?: readonly (AttributeGroup | null)[] | null;
  dev_groups?: readonly (AttributeGroup | null)[] | null;
  drv_groups?: readonly (AttributeGroup | null)[] | null;
  match?: ((dev: Device, drv: DeviceDriver) => number) | null;
  uevent?: ((dev: Device, env: KobjUeventEnv) => number) | null;
  probe?: ((dev: Device) => number) | null;
  remove?: ((dev: Device) => number | void) | null;
  shutdown?: ((dev: Device) => void) | null;
  online?: ((dev: Device) => number) | null;
  offline?: ((dev: Device) => number) | null;
  p?: SubsysPrivate | null;
}

/** struct driver_private: the driver's /sys/bus/<bus>/drivers/<name> directory. */
export class DriverPrivate {
  readonly kobj: Kobject;
  /** klist_devices: the devices bound to this driver. */
  readonly devices = new Set<Device>();
  constructor(readonly driver: DeviceDriver) {
    this.kobj = new Kobject(this);
  }
}

/** struct device_driver */
export interface DeviceDriver {
  name: string;
  bus?: BusType | null;
  owner?: Module | null;
  mod_name?: string | null;
  suppress_bind_attrs?: boolean;
  probe?: ((dev: Device) => number) | null;
  remove?: ((dev: Device) => number | void) | null;
  shutdown?: ((dev: Device) => void) | null;
  groups?: readonly (AttributeGroup | null)[] | null;
  dev_groups?: readonly (AttributeGroup | null)[] | null;
  p?: DriverPrivate | null;
}

/** struct class */
export interface Class {
  name: string;
  owner?: Module | null;
  class_groups?: readonly (AttributeGroup | null)[] | null;
  dev_groups?: readonly (AttributeGroup | null)[] | null;
  /** The /sys/dev directory for this class's devices (default /sys/dev/char). */
  dev_kobj?: Kobject | null;
  dev_uevent?: ((dev: Device, env: KobjUeventEnv) => number) | null;
  devnode?: ((dev: Device, out: DevnodeOut) => string | null) | null;
  class_release?: ((cls: Class) => void) | null;
  dev_release?: ((dev: Device) => void) | null;
  p?: SubsysPrivate | null;
}
