/** The modules shipped with vkern: the chapter's demos (and, later, the exercises' solutions). */
import type { ModuleDefinition } from "../kernel/module.ts";
import debugfs_simple_intf from "./debugfs_simple_intf/debugfs_simple_intf.ts";
import ioctl_llkd_kdrv from "./ioctl_llkd_kdrv/ioctl_llkd_kdrv.ts";
import netlink_simple_intf from "./netlink_simple_intf/netlink_simple_intf.ts";
import procfs_simple_intf from "./procfs_simple_intf/procfs_simple_intf.ts";
import sysfs_simple_intf from "./sysfs_simple_intf/sysfs_simple_intf.ts";

export const shippedModules: ModuleDefinition[] = [
  procfs_simple_intf,
  sysfs_simple_intf,
  debugfs_simple_intf,
  ioctl_llkd_kdrv,
  netlink_simple_intf,
];
