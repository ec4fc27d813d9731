/**
 * Bringing sysfs and the driver model up (fs/sysfs/mount.c:sysfs_init(),
 * drivers/base/init.c:driver_init(), kernel/ksysfs.c, kernel/params.c): mount sysfs on
 * /sys, make the top-level directories, register the built-in buses, classes and
 * devices of the stock machine, and /sys/module.
 */

import { register_filesystem } from "../../fs/mount_syscalls.ts";
import { sysfs_get_super } from "../../fs/sysfs/dir.ts";
import { EINVAL } from "../../include/uapi/errno.ts";
import { pathAt } from "../../init/main.ts";
import type { Kernel } from "../../kernel/kernel.ts";
import { ksysfs_init } from "../../kernel/ksysfs.ts";
import { type BuiltinParam, builtin_module, module_sysfs_init } from "../../kernel/module_sysfs.ts";
import { buses_init } from "./bus.ts";
import { classes_init } from "./class.ts";
import { devices_init, devtmpfs_ops } from "./core.ts";
import { devtmpfs_create_node, devtmpfs_delete_node } from "./devtmpfs.ts";
import { platform_bus_init } from "./platform.ts";
import { resolve_links } from "./static_tree.ts";
import { stock_machine_init } from "./stock.ts";

/** A built-in module parameter holding its own text (bool params print Y/N). */
function param(perm: number, initial: string, kind: "int" | "bool" | "str" = "str"): BuiltinParam {
  let v = initial;
  return {
    perm,
    show: () => `${v}\n`,
    store: (text) => {
      const t = text.replace(/\n$/, "");
      if (kind === "int") {
        if (!/^-?\d+$/.test(t.trim())) return -EINVAL;
        v = String(Number.parseInt(t, 10));
      } else if (kind === "bool") {
        const c = t[0];
        if ("yY1".includes(c ?? "x")) v = "Y";
        else if ("nN0".includes(c ?? "x")) v = "N";
        else return -EINVAL;
      } else v = t;
      return 0;
    },
  };
}

/** The /sys/module entries of built-in code with parameters (param_sysfs_builtin()). */
function builtin_modules(k: Kernel): void {
  builtin_module(k, "8250", {
    nr_uarts: param(0o644, "4", "int"),
    share_irqs: param(0o644, "0", "int"),
    skip_txen_test: param(0o644, "0", "int"),
  });
  builtin_module(k, "i8042", {
    debug: param(0o600, "N", "bool"),
    nopnp: param(0o444, "N", "bool"),
    unlock: param(0o444, "N", "bool"),
  });
  builtin_module(k, "kernel", {
    consoleblank: param(0o444, "0", "int"),
    crash_kexec_post_notifiers: param(0o444, "N", "bool"),
    initcall_debug: param(0o644, "N", "bool"),
    panic: {
      perm: 0o644,
      show: (kk) => `${kk.sysctl.panic}\n`,
      store: (text) => {
        if (!/^\s*-?\d+\s*$/.test(text)) return -EINVAL;
        k.sysctl.panic = Number.parseInt(text, 10);
        return 0;
      },
    },
    panic_on_warn: param(0o644, "0", "int"),
    pause_on_oops: param(0o644, "0", "int"),
  });
  builtin_module(k, "module", { sig_enforce: param(0o644, "N", "bool") });
  builtin_module(k, "printk", {
    always_kmsg_dump: param(0o644, "N", "bool"),
    console_suspend: param(0o644, "Y", "bool"),
    ignore_loglevel: param(0o644, "N", "bool"),
    time: param(0o644, "Y", "bool"),
  });
  builtin_module(k, "processor", {
    bm_check_disable: param(0o644, "0", "int"),
    ignore_ppc: param(0o644, "-1", "int"),
    ignore_tpc: param(0o644, "0", "int"),
    latency_factor: param(0o644, "2", "int"),
    max_cstate: param(0o644, "9", "int"),
    nocst: param(0o444, "0", "int"),
  });
}

/**
 * Mounts sysfs on /sys and builds the device model and the stock /sys tree.
 * start_kernel() calls it right after mounting /proc.
 */
export function sysfs_init(k: Kernel): void {
  devtmpfs_ops.create = devtmpfs_create_node;
  devtmpfs_ops.remove = devtmpfs_delete_node;
  k.run(() => {
    k.mounts.add(sysfs_get_super(k), pathAt(k, "/sys"), "sysfs", "rw,nosuid,nodev,noexec,relatime");
    register_filesystem(k, "sysfs", () => sysfs_get_super(k));
    devices_init();
    buses_init();
    classes_init();
    ksysfs_init(k);
    module_sysfs_init(k);
    builtin_modules(k);
    platform_bus_init();
    stock_machine_init(k);
    resolve_links();
  });
}
