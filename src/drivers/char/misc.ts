/**
 * Misc devices (drivers/char/misc.c of Linux 5.4): character devices on major 10, one minor
 * each, fixed or taken from the 64 dynamic minors (63 downwards); each is a device of the
 * "misc" class (/sys/class/misc/<name>), whose node devtmpfs puts in /dev; /proc/misc
 * lists them.
 */

import { register_chrdev } from "../../fs/char_dev.ts";
import type { File, FileOperations, Inode } from "../../fs/fs.ts";
import { noop_llseek } from "../../fs/libfs.ts";
import { proc_create_seq } from "../../fs/proc/generic.ts";
import {
  IS_ERR,
  PTR_ERR,
  type SeqFile,
  seq_list_next,
  seq_list_start,
  seq_printf,
} from "../../fs/seq_file.ts";
import type { AttributeGroup } from "../../fs/sysfs/group.ts";
import { EBUSY, EEXIST, ENODEV } from "../../include/uapi/errno.ts";
import { MINOR, MKDEV } from "../../include/uapi/stat.ts";
import { this_kernel } from "../../kernel/context.ts";
import { defineKernelLocal, type Kernel } from "../../kernel/kernel.ts";
import { class_find, device_create_with_groups, device_destroy } from "../base/class.ts";
import { dev_get_drvdata } from "../base/core.ts";
import type { Class, Device, DevnodeOut } from "../base/device.ts";
import { devtmpfs_create_node, devtmpfs_delete_node } from "../base/devtmpfs.ts";

export const MISC_MAJOR = 10;
/** include/linux/miscdevice.h: ask misc_register() for a dynamic minor. */
export const MISC_DYNAMIC_MINOR = 255;
const DYNAMIC_MINORS = 64;

/** struct miscdevice */
export interface miscdevice {
  minor: number;
  name: string;
  fops: FileOperations | null;
  /** Parent device in the device model. */
  parent?: Device | null;
  /** The struct device misc_register() made. */
  this_device?: Device | null;
  /** Attribute groups for the device's sysfs directory. */
  groups?: readonly (AttributeGroup | null)[] | null;
  /** Name of the /dev node if it differs from `name` (may contain '/'). */
  nodename?: string | null;
  /** Mode of the /dev node (0: devtmpfs's default 0600). */
  mode?: number;
}

interface MiscState {
  /** misc_list: the most recently registered first. */
  list: miscdevice[];
  /** misc_minors bitmap: bit i stands for dynamic minor 63 - i. */
  minors: boolean[];
}

const misc = defineKernelLocal<MiscState>(() => ({
  list: [],
  minors: new Array(DYNAMIC_MINORS).fill(false),
}));

/**
 * Mirrors misc_open(): the file gets the misc device's fops (pinning their owner) and the
 * miscdevice as private_data; an unregistered minor gives ENODEV.
 */
function misc_open(inode: Inode, file: File): number | Promise<number> {
  const k = this_kernel();
  const minor = MINOR(inode.i_rdev);
  const c = misc.get(k).list.find((m) => m.minor === minor);
  const new_fops = c?.fops;
  if (!c || !new_fops) return -ENODEV;
  if (new_fops.owner && !k.modules.try_module_get(new_fops.owner)) return -ENODEV;
  file.private_data = c;
  file.f_op = new_fops; // replace_fops(): misc_fops pins nothing
  const open = new_fops.open;
  if (!open) return 0;
  return k.modules.callInto(new_fops.owner ?? null, () => open(inode, file));
}

const misc_fops: FileOperations = { open: misc_open, llseek: noop_llseek };

/** Mirrors misc_devnode(): the node's name and mode come from the miscdevice. */
function misc_devnode(dev: Device, out: DevnodeOut): string | null {
  const c = dev_get_drvdata(dev) as miscdevice | null;
  if (c?.mode) out.mode = c.mode;
  return c?.nodename || null;
}

/**
 * misc_class: the "misc" class the driver core registers at boot (drivers/base/stock.ts);
 * misc_init() of Linux sets its devnode, which is done here the first time it is needed.
 */
function misc_class(): Class | null {
  const cls = class_find("misc");
  if (cls && !cls.devnode) cls.devnode = misc_devnode;
  return cls;
}

/**
 * The device_create_with_groups() of misc_register(): /sys/devices/virtual/misc/<name>,
 * /sys/class/misc/<name> and the /dev node through devtmpfs; a duplicate name fails in
 * sysfs with EEXIST. (Without the class, in a kernel booted without sysfs, only the node.)
 */
function misc_device_create(k: Kernel, m: miscdevice, devt: number): number {
  const cls = misc_class();
  if (!cls) {
    if (misc.get(k).list.some((c) => c.name === m.name)) return -EEXIST;
    devtmpfs_create_node(k, m.nodename || m.name, m.mode || 0o600, devt);
    m.this_device = null;
    return 0;
  }
  const dev = device_create_with_groups(
    cls,
    m.parent ?? null,
    devt,
    m,
    m.groups ?? null,
    "%s",
    m.name,
  );
  if (IS_ERR(dev)) return PTR_ERR(dev);
  m.this_device = dev;
  return 0;
}

/** The device_destroy(misc_class, devt) of misc_deregister(). */
function misc_device_destroy(k: Kernel, m: miscdevice, devt: number): void {
  const cls = misc_class();
  if (cls) device_destroy(cls, devt);
  else devtmpfs_delete_node(k, m.nodename || m.name);
}

/**
 * Mirrors misc_register(): MISC_DYNAMIC_MINOR takes the first free bit of the 64-minor
 * bitmap, i.e. minor 63, then 62 ...; a fixed minor already in use gives EBUSY.
 */
export function misc_register(m: miscdevice): number {
  const k = this_kernel();
  const st = misc.get(k);
  const is_dynamic = m.minor === MISC_DYNAMIC_MINOR;
  if (is_dynamic) {
    const i = st.minors.indexOf(false);
    if (i < 0) return -EBUSY;
    m.minor = DYNAMIC_MINORS - i - 1;
    st.minors[i] = true;
  } else if (st.list.some((c) => c.minor === m.minor)) {
    return -EBUSY;
  }
  const dev = MKDEV(MISC_MAJOR, m.minor);
  const err = misc_device_create(k, m, dev);
  if (err) {
    if (is_dynamic) {
      const i = DYNAMIC_MINORS - m.minor - 1;
      if (i >= 0 && i < DYNAMIC_MINORS) st.minors[i] = false;
      m.minor = MISC_DYNAMIC_MINOR;
    }
    return err;
  }
  st.list.unshift(m); // at the front, so later devices can override earlier defaults
  return 0;
}

/**
 * Mirrors misc_deregister(). Like Linux it leaves m.minor as it was, so registering the same
 * struct again asks for that minor as a fixed one.
 */
export function misc_deregister(m: miscdevice): void {
  const k = this_kernel();
  const st = misc.get(k);
  const at = st.list.indexOf(m);
  if (at < 0) {
    k.printk("WARNING: misc_deregister() of a device that is not registered", 4);
    return;
  }
  st.list.splice(at, 1);
  misc_device_destroy(k, m, MKDEV(MISC_MAJOR, m.minor));
  const i = DYNAMIC_MINORS - m.minor - 1;
  if (i >= 0 && i < DYNAMIC_MINORS) st.minors[i] = false;
}

/** Mirrors misc_seq_show(): /proc/misc, "%3i %s\n", the newest first. */
function misc_seq_show(seq: SeqFile, v: unknown): number {
  const p = v as miscdevice;
  seq_printf(seq, "%3i %s\n", p.minor, p.name ?? "");
  return 0;
}

/** Mirrors misc_init(): /proc/misc and major 10 (the class comes with the driver core). */
export function misc_init(k: Kernel): void {
  proc_create_seq("misc", 0, null, {
    start: (_m, pos) => seq_list_start(misc.get(k).list, pos.value),
    next: (_m, _v, pos) => seq_list_next(misc.get(k).list, pos),
    stop() {},
    show: misc_seq_show,
  });
  register_chrdev(MISC_MAJOR, "misc", misc_fops);
}
