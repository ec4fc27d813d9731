/**
 * dev_printk() and friends (drivers/base/core.c of Linux 5.4): messages prefixed with
 * the device's driver (or bus, or class) name and the device name, as
 * "platform llkd_sysfs_simple_intf_device: <message>".
 */

import { cpu, this_kernel } from "../../kernel/context.ts";
import { LOG_KERN } from "../../kernel/printk.ts";
import { format, type PrintfArg } from "../../lib/vsprintf.ts";
import { dev_name } from "./core.ts";
import type { Device } from "./device.ts";

/** Mirrors dev_driver_string(): the driver's name, else the bus's, else the class's. */
export function dev_driver_string(dev: Device): string {
  return dev.driver?.name ?? dev.bus?.name ?? dev.class?.name ?? "";
}

/** Mirrors __dev_printk(): "<driver> <device>: message", or "(NULL device *): message". */
function __dev_printk(level: number, dev: Device | null, fmt: string, args: PrintfArg[]): number {
  const k = this_kernel();
  const msg = format(fmt, args, { kernel: true });
  const text = dev
    ? `${dev_driver_string(dev)} ${dev_name(dev)}: ${msg}`
    : `(NULL device *): ${msg}`;
  k.log.store(level, LOG_KERN, text, false);
  if (k.options.console && level < k.sysctl.printk[0]) k.options.console(text);
  return text.length;
}

/** Mirrors dev_printk(level, dev, fmt, ...) with a KERN_<LEVEL> string. */
export function dev_printk(level: string, dev: Device | null, fmt: string, ...a: PrintfArg[]) {
  const l = level.length >= 2 && level[0] === "\x01" ? Number(level[1]) : 4;
  return __dev_printk(Number.isNaN(l) ? 4 : l, dev, fmt, a);
}

export const dev_emerg = (dev: Device | null, fmt: string, ...a: PrintfArg[]) =>
  __dev_printk(0, dev, fmt, a);
export const dev_alert = (dev: Device | null, fmt: string, ...a: PrintfArg[]) =>
  __dev_printk(1, dev, fmt, a);
export const dev_crit = (dev: Device | null, fmt: string, ...a: PrintfArg[]) =>
  __dev_printk(2, dev, fmt, a);
export const dev_err = (dev: Device | null, fmt: string, ...a: PrintfArg[]) =>
  __dev_printk(3, dev, fmt, a);
export const dev_warn = (dev: Device | null, fmt: string, ...a: PrintfArg[]) =>
  __dev_printk(4, dev, fmt, a);
export const dev_notice = (dev: Device | null, fmt: string, ...a: PrintfArg[]) =>
  __dev_printk(5, dev, fmt, a);
export const dev_info = (dev: Device | null, fmt: string, ...a: PrintfArg[]) =>
  __dev_printk(6, dev, fmt, a);

/** Mirrors dev_dbg(): printed only when the module is built with DEBUG. */
export function dev_dbg(dev: Device | null, fmt: string, ...a: PrintfArg[]): number {
  if (!cpu.module?.def.debug) return 0;
  return __dev_printk(7, dev, fmt, a);
}
