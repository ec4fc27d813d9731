/**
 * Character device numbers and open dispatch (fs/char_dev.c, drivers/base/map.c of Linux
 * 5.4): the chrdevs[] hash of registered regions (what /proc/devices lists and where dynamic
 * majors come from), the cdev_map that open() searches, and the driver API on top of them.
 */

import { EBUSY, EINVAL, ENXIO } from "../include/uapi/errno.ts";
import { MAJOR, MINOR, MINORMASK, MKDEV } from "../include/uapi/stat.ts";
import { this_kernel } from "../kernel/context.ts";
import type { Kernel } from "../kernel/kernel.ts";
import type { Module } from "../kernel/module.ts";
import type { File, FileOperations, Inode } from "./fs.ts";
import { noop_llseek } from "./libfs.ts";

/** include/linux/fs.h */
export const CHRDEV_MAJOR_MAX = 512;
/** Dynamic majors are taken from 254 down to this one ... */
export const CHRDEV_MAJOR_DYN_END = 234;
/** ... then from the extended range 511 down to 384. */
export const CHRDEV_MAJOR_DYN_EXT_START = 511;
export const CHRDEV_MAJOR_DYN_EXT_END = 384;
const CHRDEV_MAJOR_HASH_SIZE = 255;

/**
 * struct cdev. `refs` is its kobject's reference count (1 from cdev_init/cdev_alloc,
 * one more per open file); a plain literal without it counts as freshly initialised.
 */
export interface Cdev {
  ops: FileOperations;
  owner: Module | null;
  dev: number;
  count: number;
  refs?: number;
}

/** The kernel's map from device number to cdev (cdev_map, a struct kobj_map). */
export class CdevMap {
  /** Probes ordered by range, smallest first; among equal ranges the newest first. */
  private probes: Cdev[] = [];

  /** Mirrors kobj_map(). */
  add(c: Cdev): void {
    let i = 0;
    while (i < this.probes.length && this.probes[i].count < c.count) i++;
    this.probes.splice(i, 0, c);
  }

  /** Mirrors kobj_unmap(). */
  remove(c: Cdev): void {
    const i = this.probes.indexOf(c);
    if (i >= 0) this.probes.splice(i, 1);
  }

  /**
   * Mirrors kobj_lookup(): the narrowest cdev covering `dev` whose `lock` succeeds (a cdev
   * whose module is going is skipped, as exact_lock() fails for it).
   */
  lookup(dev: number, lock: (c: Cdev) => boolean = () => true): Cdev | null {
    for (const c of this.probes) {
      if (MAJOR(dev) !== MAJOR(c.dev) || MINOR(dev) < MINOR(c.dev)) continue;
      if (dev - c.dev >= c.count) continue;
      if (lock(c)) return c;
    }
    return null;
  }
}

/** struct char_device_struct: a registered range of device numbers. */
export interface CharDeviceStruct {
  next: CharDeviceStruct | null;
  major: number;
  baseminor: number;
  minorct: number;
  name: string;
  cdev: Cdev | null;
}

/** The kernel's chrdevs[] hash: bucket major % 255, each chain sorted by major, then minor. */
export class ChrdevRegions {
  readonly chrdevs: (CharDeviceStruct | null)[] = new Array(CHRDEV_MAJOR_HASH_SIZE).fill(null);

  /** The regions of one major, lowest minor first (what chrdev_show() prints). */
  ofMajor(major: number): CharDeviceStruct[] {
    const out: CharDeviceStruct[] = [];
    for (let cd = this.chrdevs[major_to_index(major)]; cd; cd = cd.next)
      if (cd.major === major) out.push(cd);
    return out;
  }
}

function major_to_index(major: number): number {
  return major % CHRDEV_MAJOR_HASH_SIZE;
}

/** Mirrors chrdev_show(): the /proc/devices lines of one major ("%3d %s\n"). */
export function chrdev_show(k: Kernel, major: number): string {
  return k.chrdevs
    .ofMajor(major)
    .map((cd) => `${String(cd.major).padStart(3)} ${cd.name}\n`)
    .join("");
}

/** Mirrors find_dynamic_major(): an empty hash bucket from 254 down, then the extended range. */
function find_dynamic_major(k: Kernel): number {
  const { chrdevs } = k.chrdevs;
  for (let i = chrdevs.length - 1; i >= CHRDEV_MAJOR_DYN_END; i--)
    if (chrdevs[i] === null) return i;
  for (let i = CHRDEV_MAJOR_DYN_EXT_START; i >= CHRDEV_MAJOR_DYN_EXT_END; i--) {
    if (k.chrdevs.ofMajor(i).length === 0) return i;
  }
  return -EBUSY;
}

/** C's strlcpy into char name[64]. */
function cname(name: string, size = 64): string {
  const b = new TextEncoder().encode(name);
  return b.length < size ? name : new TextDecoder().decode(b.subarray(0, size - 1));
}

/**
 * Mirrors __register_chrdev_region(): reserves minors [baseminor, baseminor+minorct) of
 * `major`, or of a dynamic major when it is 0. Returns the region or a negative errno.
 */
function __register_chrdev_region(
  k: Kernel,
  majorIn: number,
  baseminorIn: number,
  minorctIn: number,
  name: string,
): CharDeviceStruct | number {
  let major = majorIn >>> 0;
  const baseminor = baseminorIn >>> 0;
  const minorct = minorctIn | 0;
  if (major >= CHRDEV_MAJOR_MAX) {
    k.printk(
      `CHRDEV "${name}" major requested (${major}) is greater than the maximum (${CHRDEV_MAJOR_MAX - 1})`,
      3,
    );
    return -EINVAL;
  }
  // `minorct > MINORMASK + 1 - baseminor`, compared as unsigned ints as C does.
  if (minorct >>> 0 > (MINORMASK + 1 - baseminor) >>> 0) {
    k.printk(
      `CHRDEV "${name}" minor range requested (${baseminor}-${(baseminor + minorct - 1) >>> 0}) is out of range of maximum range (0-${MINORMASK}) for a single major`,
      3,
    );
    return -EINVAL;
  }
  if (major === 0) {
    const r = find_dynamic_major(k);
    if (r < 0) {
      k.printk(`CHRDEV "${name}" dynamic allocation region is full`, 3);
      return r;
    }
    major = r;
  }
  const { chrdevs } = k.chrdevs;
  const i = major_to_index(major);
  let prev: CharDeviceStruct | null = null;
  let curr = chrdevs[i];
  for (; curr; prev = curr, curr = curr.next) {
    if (curr.major < major) continue;
    if (curr.major > major) break;
    if (curr.baseminor + curr.minorct <= baseminor) continue;
    if (curr.baseminor >= baseminor + minorct) break;
    return -EBUSY;
  }
  const cd: CharDeviceStruct = {
    next: null,
    major,
    baseminor,
    minorct,
    name: cname(name),
    cdev: null,
  };
  if (!prev) {
    cd.next = curr;
    chrdevs[i] = cd;
  } else {
    cd.next = prev.next;
    prev.next = cd;
  }
  return cd;
}

/** Mirrors __unregister_chrdev_region(): removes the exactly matching region. */
function __unregister_chrdev_region(
  k: Kernel,
  major: number,
  baseminor: number,
  minorct: number,
): CharDeviceStruct | null {
  const { chrdevs } = k.chrdevs;
  const i = major_to_index(major >>> 0);
  let prev: CharDeviceStruct | null = null;
  for (let cd = chrdevs[i]; cd; prev = cd, cd = cd.next) {
    if (cd.major === major >>> 0 && cd.baseminor === baseminor >>> 0 && cd.minorct === minorct) {
      if (prev) prev.next = cd.next;
      else chrdevs[i] = cd.next;
      return cd;
    }
  }
  return null;
}

/**
 * Mirrors register_chrdev_region(): registers `count` numbers from `from` (which may span
 * majors). Returns 0 or a negative errno (and nothing stays registered).
 */
export function register_chrdev_region(from: number, count: number, name: string): number {
  const k = this_kernel();
  const to = (from + count) >>> 0;
  let n = from >>> 0;
  for (; n < to; ) {
    let next = MKDEV(MAJOR(n) + 1, 0);
    if (next > to) next = to;
    const cd = __register_chrdev_region(k, MAJOR(n), MINOR(n), next - n, name);
    if (typeof cd === "number") {
      for (let m = from >>> 0; m < n; ) {
        const nx = MKDEV(MAJOR(m) + 1, 0);
        __unregister_chrdev_region(k, MAJOR(m), MINOR(m), nx - m);
        m = nx;
      }
      return cd;
    }
    n = next;
  }
  return 0;
}

/** The `dev_t *` that alloc_chrdev_region() writes through. */
export interface DevTRef {
  value: number;
}

/** Mirrors alloc_chrdev_region(): a dynamic major; the first number goes to `dev.value`. */
export function alloc_chrdev_region(
  dev: DevTRef,
  baseminor: number,
  count: number,
  name: string,
): number {
  const cd = __register_chrdev_region(this_kernel(), 0, baseminor, count, name);
  if (typeof cd === "number") return cd;
  dev.value = MKDEV(cd.major, cd.baseminor);
  return 0;
}

/** Mirrors unregister_chrdev_region(). */
export function unregister_chrdev_region(from: number, count: number): void {
  const k = this_kernel();
  const to = (from + count) >>> 0;
  for (let n = from >>> 0; n < to; ) {
    let next = MKDEV(MAJOR(n) + 1, 0);
    if (next > to) next = to;
    __unregister_chrdev_region(k, MAJOR(n), MINOR(n), next - n);
    n = next;
  }
}

/**
 * Mirrors __register_chrdev(): a region plus a cdev with `fops` (owned by fops.owner).
 * Returns the major when `major` was 0, else 0; or a negative errno.
 */
export function __register_chrdev(
  major: number,
  baseminor: number,
  count: number,
  name: string,
  fops: FileOperations,
): number {
  const k = this_kernel();
  const cd = __register_chrdev_region(k, major, baseminor, count, name);
  if (typeof cd === "number") return cd;
  const cdev = cdev_alloc();
  cdev.owner = fops.owner ?? null;
  cdev.ops = fops;
  const err = cdev_add(cdev, MKDEV(cd.major, baseminor), count);
  if (err) {
    __unregister_chrdev_region(k, cd.major, baseminor, count);
    return err;
  }
  cd.cdev = cdev;
  return major ? 0 : cd.major;
}

/** Mirrors register_chrdev(): all 256 minors of `major` (0: a dynamic one). */
export function register_chrdev(major: number, name: string, fops: FileOperations): number {
  return __register_chrdev(major, 0, 256, name, fops);
}

/** Mirrors __unregister_chrdev(). */
export function __unregister_chrdev(
  major: number,
  baseminor: number,
  count: number,
  _name: string,
): void {
  const cd = __unregister_chrdev_region(this_kernel(), major, baseminor, count);
  if (cd?.cdev) cdev_del(cd.cdev);
}

/** Mirrors unregister_chrdev(). */
export function unregister_chrdev(major: number, name: string): void {
  __unregister_chrdev(major, 0, 256, name);
}

/** Mirrors cdev_alloc(). */
export function cdev_alloc(): Cdev {
  return { ops: {}, owner: null, dev: 0, count: 0, refs: 1 };
}

/** Mirrors cdev_init(): zeroes the cdev and remembers fops (set `owner` afterwards). */
export function cdev_init(cdev: Cdev, fops: FileOperations): void {
  cdev.owner = null;
  cdev.dev = 0;
  cdev.count = 0;
  cdev.refs = 1;
  cdev.ops = fops;
}

/** Mirrors cdev_add(): the device numbers go live at once. */
export function cdev_add(p: Cdev, dev: number, count: number): number {
  p.dev = dev >>> 0;
  p.count = count >>> 0;
  this_kernel().cdevs.add(p);
  return 0;
}

/** Mirrors cdev_del(): no new opens; files already open keep working. */
export function cdev_del(p: Cdev): void {
  this_kernel().cdevs.remove(p);
  kobject_put(p);
}

/** The cdev a chrdev_open() took a reference on, per open file (inode->i_cdev + cdev_put). */
const fileCdev = new WeakMap<File, Cdev>();

function kobject_put(p: Cdev): void {
  p.refs = (p.refs ?? 1) - 1;
}

/** Mirrors cdev_get(): pins the owner module and the cdev; fails once the module is going. */
function cdev_get(k: Kernel, p: Cdev): boolean {
  if (p.owner && !k.modules.try_module_get(p.owner)) return false;
  if ((p.refs ?? 1) <= 0) {
    k.modules.module_put(p.owner);
    return false;
  }
  p.refs = (p.refs ?? 1) + 1;
  return true;
}

/** Mirrors cdev_put(). */
function cdev_put(k: Kernel, p: Cdev): void {
  kobject_put(p);
  k.modules.module_put(p.owner);
}

/**
 * Mirrors chrdev_open(): find the cdev for the inode's device number (ENXIO if none),
 * pin it and its owner, switch the file to the driver's operations with fops_get() (which
 * pins fops->owner: an open file keeps the module loaded) and call the driver's open.
 */
export function chrdev_open(inode: Inode, filp: File): number | Promise<number> {
  const k = this_kernel();
  const p = k.cdevs.lookup(inode.i_rdev, (c) => cdev_get(k, c));
  if (!p) return -ENXIO;
  const fops = p.ops;
  // fops_get(): fails (ENXIO) if the owner is unloading.
  if (fops.owner && !k.modules.try_module_get(fops.owner)) {
    cdev_put(k, p);
    return -ENXIO;
  }
  filp.f_op = fops; // replace_fops(): def_chr_fops pins nothing
  fileCdev.set(filp, p);
  const open = fops.open;
  if (!open) return 0;
  const after = (ret: number): number => {
    if (ret) {
      fileCdev.delete(filp);
      cdev_put(k, p);
    }
    return ret;
  };
  const r = k.modules.callInto(fops.owner ?? p.owner, () => open(inode, filp));
  return typeof r === "number" ? after(r) : r.then(after);
}

/** The cdev_put() of __fput(): drops what chrdev_open() took for this file. */
export function chrdev_file_put(k: Kernel, filp: File): void {
  const p = fileCdev.get(filp);
  if (!p) return;
  fileCdev.delete(filp);
  cdev_put(k, p);
}

/** def_chr_fops: open swaps in the driver's file_operations. */
export const def_chr_fops: FileOperations = { open: chrdev_open, llseek: noop_llseek };

/** Mirrors iminor(): the minor number of a device inode. */
export function iminor(inode: Inode): number {
  return MINOR(inode.i_rdev);
}

/** Mirrors imajor(). */
export function imajor(inode: Inode): number {
  return MAJOR(inode.i_rdev);
}
