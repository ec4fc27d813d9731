/**
 * Character device numbers and open dispatch (fs/char_dev.c).
 */

import { ENXIO } from "../include/uapi/errno.ts";
import { MAJOR, MINOR } from "../include/uapi/stat.ts";
import { this_kernel } from "../kernel/context.ts";
import type { Module } from "../kernel/module.ts";
import type { File, FileOperations, Inode } from "./fs.ts";

/** struct cdev */
export interface Cdev {
  ops: FileOperations;
  owner: Module | null;
  dev: number;
  count: number;
}

/** The kernel's map from device number to cdev (cdev_map / kobj_map). */
export class CdevMap {
  private entries: Cdev[] = [];

  add(c: Cdev): void {
    this.entries.push(c);
  }

  remove(c: Cdev): void {
    const i = this.entries.indexOf(c);
    if (i >= 0) this.entries.splice(i, 1);
  }

  /** The cdev covering `dev`, the most recently added first (kobj_lookup()). */
  lookup(dev: number): Cdev | null {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const c = this.entries[i];
      if (
        MAJOR(dev) === MAJOR(c.dev) &&
        MINOR(dev) >= MINOR(c.dev) &&
        MINOR(dev) < MINOR(c.dev) + c.count
      )
        return c;
    }
    return null;
  }
}

/**
 * Mirrors chrdev_open(): find the cdev for the inode's device number, take a
 * reference on its owner module, switch the file to the driver's operations and
 * call its open. No driver: -ENXIO.
 */
export function chrdev_open(inode: Inode, filp: File): number | Promise<number> {
  const k = this_kernel();
  const p = k.cdevs.lookup(inode.i_rdev);
  if (!p) return -ENXIO;
  const fops = p.ops;
  // fops_get(): an open file pins the module that owns its file_operations.
  if (fops.owner && !k.modules.try_module_get(fops.owner)) return -ENXIO;
  filp.f_op = fops;
  if (fops.open) return k.modules.callInto(fops.owner ?? p.owner, () => fops.open!(inode, filp));
  return 0;
}

/** def_chr_fops: only open, which swaps in the driver's file_operations. */
export const def_chr_fops: FileOperations = { open: chrdev_open };

/** struct char_device_struct: a registered range of device numbers (for /proc/devices). */
export interface CharDeviceRegion {
  major: number;
  baseminor: number;
  minorct: number;
  name: string;
  cdev: Cdev | null;
}

/** The kernel's registered character device regions (chrdevs[]). */
export class ChrdevRegions {
  readonly regions: CharDeviceRegion[] = [];
}
