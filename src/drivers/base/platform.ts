/**
 * The platform bus (drivers/base/platform.c of Linux 5.4): platform devices under
 * /sys/devices/platform with modalias and driver_override, platform drivers matched
 * by driver_override, an id table, or name, and the "platform:<name>" MODALIAS.
 */

import { ERR_PTR, type ErrPtr, IS_ERR } from "../../fs/seq_file.ts";
import { cstr, sprintf } from "../../fs/sysfs/kbuf.ts";
import { EINVAL, ENOMEM } from "../../include/uapi/errno.ts";
import { cpu, this_kernel } from "../../kernel/context.ts";
import { defineKernelLocal } from "../../kernel/kernel.ts";
import type { Module } from "../../kernel/module.ts";
import { PAGE_SIZE } from "../../mm/mm.ts";
import { bus_register } from "./bus.ts";
import {
  DEVICE_ATTR_RO,
  DEVICE_ATTR_RW,
  type DeviceAttribute,
  dev_get_drvdata,
  dev_name,
  dev_set_drvdata,
  dev_set_name,
  device_add,
  device_del,
  device_initialize,
  device_register,
  put_device,
} from "./core.ts";
import { call_driver } from "./dd.ts";
import { type BusType, Device, type DeviceDriver } from "./device.ts";
import { driver_register, driver_unregister } from "./driver.ts";
import { add_uevent_var, type KobjUeventEnv } from "./uevent.ts";

export const PLATFORM_DEVID_NONE = -1;
export const PLATFORM_DEVID_AUTO = -2;
const PLATFORM_MODULE_PREFIX = "platform:";

/** struct resource (kept with the device; vkern has no /proc/iomem tree to claim). */
export interface Resource {
  start: number | bigint;
  end: number | bigint;
  name?: string | null;
  flags: number;
}

/** struct platform_device_id */
export interface PlatformDeviceId {
  name: string;
  driver_data?: unknown;
}

/** struct platform_device */
export class PlatformDevice {
  name: string;
  id: number;
  id_auto = false;
  readonly dev: Device;
  num_resources = 0;
  resource: Resource[] = [];
  id_entry: PlatformDeviceId | null = null;
  /** Driver name to force a match (the driver_override attribute). */
  driver_override: string | null = null;
  constructor(name: string, id: number) {
    this.name = name;
    this.id = id;
    this.dev = new Device(this);
  }
}

/** struct platform_driver */
export interface PlatformDriver {
  probe?: ((pdev: PlatformDevice) => number) | null;
  remove?: ((pdev: PlatformDevice) => number | void) | null;
  shutdown?: ((pdev: PlatformDevice) => void) | null;
  driver: DeviceDriver;
  id_table?: readonly PlatformDeviceId[] | null;
  prevent_deferred_probe?: boolean;
}

const platformDrivers = new WeakMap<DeviceDriver, PlatformDriver>();

/** Mirrors to_platform_device(). */
export function to_platform_device(dev: Device): PlatformDevice {
  return dev.container as PlatformDevice;
}

/** Mirrors to_platform_driver(). */
export function to_platform_driver(drv: DeviceDriver): PlatformDriver {
  return platformDrivers.get(drv)!;
}

/** Mirrors platform_get_drvdata()/platform_set_drvdata(). */
export function platform_get_drvdata(pdev: PlatformDevice): unknown {
  return dev_get_drvdata(pdev.dev);
}
export function platform_set_drvdata(pdev: PlatformDevice, data: unknown): void {
  dev_set_drvdata(pdev.dev, data);
}

/** Mirrors modalias_show(): "platform:<name>". */
function modalias_show(dev: Device, _attr: DeviceAttribute, buf: Uint8Array): number {
  const pdev = to_platform_device(dev);
  const len = sprintf(buf.subarray(0, PAGE_SIZE), "platform:%s\n", pdev.name);
  return Math.min(len, PAGE_SIZE - 1);
}

/** Mirrors driver_override_show(): "(null)" when unset. */
function driver_override_show(dev: Device, _attr: DeviceAttribute, buf: Uint8Array): number {
  return sprintf(buf, "%s\n", to_platform_device(dev).driver_override);
}

/** Mirrors driver_override_store(): up to the first newline; empty clears it. */
function driver_override_store(
  dev: Device,
  _attr: DeviceAttribute,
  buf: Uint8Array,
  count: number,
): number {
  if (count >= PAGE_SIZE - 1) return -EINVAL;
  let s = cstr(buf, count);
  const nl = s.indexOf("\n");
  if (nl >= 0) s = s.slice(0, nl);
  to_platform_device(dev).driver_override = s.length ? s : null;
  return count;
}

const dev_attr_modalias = DEVICE_ATTR_RO("modalias", modalias_show);
const dev_attr_driver_override = DEVICE_ATTR_RW(
  "driver_override",
  driver_override_show,
  driver_override_store,
);

/** platform_dev_groups: what every platform device shows besides the core's files. */
const platform_dev_groups = [{ attrs: [dev_attr_modalias, dev_attr_driver_override] }];

function platform_match_id(
  id: readonly PlatformDeviceId[],
  pdev: PlatformDevice,
): PlatformDeviceId | null {
  for (const e of id) {
    if (e.name === pdev.name) {
      pdev.id_entry = e;
      return e;
    }
  }
  return null;
}

/** Mirrors platform_match(): driver_override, then the id table, then the name. */
function platform_match(dev: Device, drv: DeviceDriver): number {
  const pdev = to_platform_device(dev);
  const pdrv = to_platform_driver(drv);
  if (pdev.driver_override) return pdev.driver_override === drv.name ? 1 : 0;
  if (pdrv?.id_table) return platform_match_id(pdrv.id_table, pdev) ? 1 : 0;
  return pdev.name === drv.name ? 1 : 0;
}

/** Mirrors platform_uevent(): MODALIAS=platform:<name>. */
function platform_uevent(dev: Device, env: KobjUeventEnv): number {
  add_uevent_var(env, "MODALIAS=%s%s", PLATFORM_MODULE_PREFIX, to_platform_device(dev).name);
  return 0;
}

/** Mirrors platform_drv_probe(): the platform driver's probe, in its module. */
function platform_drv_probe(_dev: Device): number {
  const drv = to_platform_driver(_dev.driver!);
  const dev = to_platform_device(_dev);
  let ret = 0;
  const probe = drv.probe;
  if (probe) ret = call_driver(drv.driver.owner, () => probe(dev));
  if (drv.prevent_deferred_probe && ret === -517) ret = -6; // -EPROBE_DEFER -> -ENXIO
  return ret;
}

/** Mirrors platform_drv_remove(). */
function platform_drv_remove(_dev: Device): number {
  const drv = to_platform_driver(_dev.driver!);
  const dev = to_platform_device(_dev);
  const remove = drv.remove;
  if (remove) call_driver(drv.driver.owner, () => remove(dev));
  return 0;
}

/** platform_bus_type */
export const platform_bus_type: BusType = {
  name: "platform",
  dev_groups: platform_dev_groups,
  match: platform_match,
  uevent: platform_uevent,
};

// /sys/devices/platform itself: the platform_bus device, per kernel.
const platformState = defineKernelLocal<{
  bus: Device | null;
  bus_type: BusType;
  nextAuto: number;
}>(() => ({ bus: null, bus_type: { ...platform_bus_type }, nextAuto: 0 }));

/** The platform bus_type of the running kernel (bus state is per kernel). */
export function platform_bus(): BusType {
  return platformState.get(this_kernel()).bus_type;
}

/** Mirrors platform_bus_init(): the "platform" root device and the bus. */
export function platform_bus_init(): number {
  const st = platformState.get(this_kernel());
  const dev = new Device();
  dev.init_name = "platform";
  dev.release = () => {};
  const error = device_register(dev);
  if (error) {
    put_device(dev);
    return error;
  }
  st.bus = dev;
  return bus_register(st.bus_type);
}

/** Mirrors platform_device_alloc(). */
export function platform_device_alloc(name: string, id: number): PlatformDevice | null {
  const pdev = new PlatformDevice(name, id);
  device_initialize(pdev.dev);
  pdev.dev.release = platform_device_release;
  return pdev;
}

/** Mirrors platform_device_release(): the memory goes (nothing else to free here). */
function platform_device_release(dev: Device): void {
  const pdev = to_platform_device(dev);
  pdev.driver_override = null;
  pdev.resource = [];
  dev.platform_data = null;
}

/** Mirrors platform_device_add_resources()/platform_device_add_data(). */
export function platform_device_add_resources(
  pdev: PlatformDevice,
  res: readonly Resource[] | null,
  num: number,
): number {
  pdev.resource = res ? res.slice(0, num).map((r) => ({ ...r })) : [];
  pdev.num_resources = pdev.resource.length;
  return 0;
}
export function platform_device_add_data(pdev: PlatformDevice, data: unknown): number {
  pdev.dev.platform_data = data;
  return 0;
}

/** Mirrors platform_device_add(): names it (name, name.id or name.N.auto) and adds it. */
export function platform_device_add(pdev: PlatformDevice | null): number {
  if (!pdev) return -EINVAL;
  const st = platformState.get(this_kernel());
  if (!pdev.dev.parent) pdev.dev.parent = st.bus;
  pdev.dev.bus = st.bus_type;
  switch (pdev.id) {
    case PLATFORM_DEVID_NONE:
      dev_set_name(pdev.dev, "%s", pdev.name);
      break;
    case PLATFORM_DEVID_AUTO:
      pdev.id = st.nextAuto++;
      pdev.id_auto = true;
      dev_set_name(pdev.dev, "%s.%d.auto", pdev.name, pdev.id);
      break;
    default:
      dev_set_name(pdev.dev, "%s.%d", pdev.name, pdev.id);
  }
  const ret = device_add(pdev.dev);
  if (ret && pdev.id_auto) {
    pdev.id = PLATFORM_DEVID_AUTO;
    pdev.id_auto = false;
  }
  return ret;
}

/** Mirrors platform_device_register(). */
export function platform_device_register(pdev: PlatformDevice): number {
  device_initialize(pdev.dev);
  if (!pdev.dev.release) pdev.dev.release = () => {};
  return platform_device_add(pdev);
}

/** Mirrors platform_device_del(). */
export function platform_device_del(pdev: PlatformDevice | ErrPtr | null): void {
  if (!pdev || IS_ERR(pdev)) return;
  device_del(pdev.dev);
  if (pdev.id_auto) {
    pdev.id = PLATFORM_DEVID_AUTO;
    pdev.id_auto = false;
  }
}

/** Mirrors platform_device_put(). */
export function platform_device_put(pdev: PlatformDevice | ErrPtr | null): void {
  if (!pdev || IS_ERR(pdev)) return;
  put_device(pdev.dev);
}

/** Mirrors platform_device_unregister(): del + put. */
export function platform_device_unregister(pdev: PlatformDevice | ErrPtr | null): void {
  platform_device_del(pdev);
  platform_device_put(pdev);
}

/** struct platform_device_info */
export interface PlatformDeviceInfo {
  parent?: Device | null;
  name: string;
  id: number;
  res?: readonly Resource[] | null;
  num_res?: number;
  data?: unknown;
}

/** Mirrors platform_device_register_full(): the device or an ERR_PTR. */
export function platform_device_register_full(info: PlatformDeviceInfo): PlatformDevice | ErrPtr {
  const pdev = platform_device_alloc(info.name, info.id);
  if (!pdev) return ERR_PTR(-ENOMEM);
  pdev.dev.parent = info.parent ?? null;
  platform_device_add_resources(pdev, info.res ?? null, info.num_res ?? 0);
  if (info.data !== undefined) platform_device_add_data(pdev, info.data);
  const ret = platform_device_add(pdev);
  if (ret) {
    platform_device_put(pdev);
    return ERR_PTR(ret);
  }
  return pdev;
}

/** Mirrors platform_device_register_simple(name, id, res, num). */
export function platform_device_register_simple(
  name: string,
  id: number,
  res: readonly Resource[] | null,
  num: number,
): PlatformDevice | ErrPtr {
  return platform_device_register_full({ name, id, res, num_res: num });
}

/**
 * Mirrors __platform_driver_register() (platform_driver_register() passes THIS_MODULE):
 * the driver goes on the platform bus with the bus's probe/remove wrappers.
 */
export function platform_driver_register(drv: PlatformDriver, owner?: Module | null): number {
  drv.driver.owner = owner ?? drv.driver.owner ?? cpu.module;
  drv.driver.bus = platform_bus();
  drv.driver.probe = platform_drv_probe;
  drv.driver.remove = platform_drv_remove;
  platformDrivers.set(drv.driver, drv);
  return driver_register(drv.driver);
}
export const __platform_driver_register = platform_driver_register;

/** Mirrors platform_driver_unregister(). */
export function platform_driver_unregister(drv: PlatformDriver): void {
  driver_unregister(drv.driver);
}

export { dev_name };
