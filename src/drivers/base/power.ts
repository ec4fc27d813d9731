/**
 * The power/ directory every device gets (drivers/base/power/sysfs.c of Linux 5.4,
 * as configured on Ubuntu: CONFIG_PM, no CONFIG_PM_ADVANCED_DEBUG). Runtime PM stays
 * disabled on vkern's devices, so runtime_status reads "unsupported" and the times 0.
 */

import { attr_set_container, make_attribute } from "../../fs/sysfs/file.ts";
import { sysfs_create_group, sysfs_merge_group, sysfs_remove_group } from "../../fs/sysfs/group.ts";
import { cstr, sprintf, sysfs_streq } from "../../fs/sysfs/kbuf.ts";
import { EINVAL, EIO } from "../../include/uapi/errno.ts";
import type { DeviceAttribute } from "./core.ts";
import type { Device } from "./device.ts";

function attr(
  name: string,
  mode: number,
  show: DeviceAttribute["show"],
  store: DeviceAttribute["store"],
): DeviceAttribute {
  return attr_set_container<DeviceAttribute>({ attr: make_attribute(name, mode), show, store });
}

/** Mirrors control_show()/control_store(): "auto" or "on". */
function control_show(dev: Device, _a: DeviceAttribute, buf: Uint8Array): number {
  return sprintf(buf, dev.power.runtime_auto ? "auto\n" : "on\n");
}
function control_store(dev: Device, _a: DeviceAttribute, buf: Uint8Array, n: number): number {
  const s = cstr(buf, n);
  if (sysfs_streq(s, "auto")) dev.power.runtime_auto = true;
  else if (sysfs_streq(s, "on")) dev.power.runtime_auto = false;
  else return -EINVAL;
  return n;
}

/** Mirrors runtime_status_show(). */
function runtime_status_show(dev: Device, _a: DeviceAttribute, buf: Uint8Array): number {
  let p: string;
  if (dev.power.runtime_error) p = "error\n";
  else if (dev.power.disable_depth) p = "unsupported\n";
  else p = `${dev.power.runtime_status}\n`;
  return sprintf(buf, "%s", p);
}

/** Mirrors runtime_active_time_show()/runtime_suspended_time_show(): no accounting while disabled. */
function runtime_time_show(_dev: Device, _a: DeviceAttribute, buf: Uint8Array): number {
  return sprintf(buf, "%llu\n", 0);
}

/** Mirrors autosuspend_delay_ms_show()/store(): EIO unless the driver uses autosuspend. */
function autosuspend_show(dev: Device, _a: DeviceAttribute, buf: Uint8Array): number {
  if (!dev.power.use_autosuspend) return -EIO;
  return sprintf(buf, "%d\n", dev.power.autosuspend_delay);
}
function autosuspend_store(dev: Device, _a: DeviceAttribute, buf: Uint8Array, n: number) {
  if (!dev.power.use_autosuspend) return -EIO;
  const v = Number.parseInt(cstr(buf, n), 10);
  if (Number.isNaN(v)) return -EINVAL;
  dev.power.autosuspend_delay = v;
  return n;
}

const dev_attr_control = attr("control", 0o644, control_show, control_store);
const dev_attr_runtime_status = attr("runtime_status", 0o444, runtime_status_show, null);
const dev_attr_runtime_suspended_time = attr(
  "runtime_suspended_time",
  0o444,
  runtime_time_show,
  null,
);
const dev_attr_runtime_active_time = attr("runtime_active_time", 0o444, runtime_time_show, null);
const dev_attr_autosuspend_delay_ms = attr(
  "autosuspend_delay_ms",
  0o644,
  autosuspend_show,
  autosuspend_store,
);

/** pm_attr_group: the directory (its attributes are all CONFIG_PM_ADVANCED_DEBUG). */
const pm_attr_group = { name: "power", attrs: [] };

/** pm_runtime_attr_group, merged into power/ for devices with runtime PM callbacks. */
const pm_runtime_attr_group = {
  name: "power",
  attrs: [
    dev_attr_runtime_status,
    dev_attr_control,
    dev_attr_runtime_suspended_time,
    dev_attr_runtime_active_time,
    dev_attr_autosuspend_delay_ms,
  ],
};

/** Mirrors dpm_sysfs_add(). */
export function dpm_sysfs_add(dev: Device): number {
  if (dev.power.no_pm) return 0;
  let rc = sysfs_create_group(dev.kobj, pm_attr_group);
  if (rc) return rc;
  if (!dev.power.no_callbacks) {
    rc = sysfs_merge_group(dev.kobj, pm_runtime_attr_group);
    if (rc) {
      sysfs_remove_group(dev.kobj, pm_attr_group);
      return rc;
    }
  }
  return 0;
}

/** Mirrors dpm_sysfs_remove(). */
export function dpm_sysfs_remove(dev: Device): void {
  if (dev.power.no_pm || !dev.kobj.sd) return;
  if (!dev.kobj.sd.children?.has("power")) return;
  sysfs_remove_group(dev.kobj, pm_attr_group);
}
