/**
 * Block device majors (block/genhd.c of Linux 5.4): the registry behind the "Block devices:"
 * part of /proc/devices. vkern has no block drivers; the stock majors are names only.
 */
import { EBUSY, EINVAL } from "../include/uapi/errno.ts";
import { this_kernel } from "../kernel/context.ts";
import { defineKernelLocal, type Kernel } from "../kernel/kernel.ts";

/** include/linux/fs.h */
export const BLKDEV_MAJOR_MAX = 512;
const BLKDEV_MAJOR_HASH_SIZE = 255;

/** struct blk_major_name */
interface BlkMajorName {
  major: number;
  name: string;
}

/** major_names[]: hash chains, each in registration order. */
const majorNames = defineKernelLocal<BlkMajorName[][]>(() =>
  Array.from({ length: BLKDEV_MAJOR_HASH_SIZE }, () => []),
);

function major_to_index(major: number): number {
  return major % BLKDEV_MAJOR_HASH_SIZE;
}

/** C's strlcpy into char name[16]. */
function cname(name: string): string {
  const b = new TextEncoder().encode(name);
  return b.length < 16 ? name : new TextDecoder().decode(b.subarray(0, 15));
}

/**
 * Mirrors register_blkdev(): `major` 0 takes the highest empty hash bucket (254 down to 1)
 * and returns it; otherwise returns 0. EBUSY if taken, EINVAL if >= BLKDEV_MAJOR_MAX.
 */
export function register_blkdev(majorIn: number, name: string): number {
  const k = this_kernel();
  const names = majorNames.get(k);
  let major = majorIn >>> 0;
  let ret = 0;
  if (major === 0) {
    let index = names.length - 1;
    for (; index > 0; index--) if (names[index].length === 0) break;
    if (index === 0) {
      k.printk(`register_blkdev: failed to get major for ${name}`, 4);
      return -EBUSY;
    }
    major = index;
    ret = major;
  }
  if (major >= BLKDEV_MAJOR_MAX) {
    k.printk(
      `register_blkdev: major requested (${major}) is greater than the maximum (${BLKDEV_MAJOR_MAX - 1}) for ${name}`,
      3,
    );
    return -EINVAL;
  }
  const chain = names[major_to_index(major)];
  if (chain.some((n) => n.major === major)) {
    k.printk(`register_blkdev: cannot get major ${major} for ${name}`, 4);
    return -EBUSY;
  }
  chain.push({ major, name: cname(name) });
  return ret;
}

/** Mirrors unregister_blkdev(): the name must match (WARN otherwise) for it to go. */
export function unregister_blkdev(major: number, name: string): void {
  const chain = majorNames.get(this_kernel())[major_to_index(major >>> 0)];
  const i = chain.findIndex((n) => n.major === major >>> 0);
  if (i >= 0 && chain[i].name === cname(name)) chain.splice(i, 1);
}

/** Mirrors blkdev_show(): the /proc/devices line of a block major ("%3d %s\n"). */
export function blkdev_show(k: Kernel, major: number): string {
  return majorNames
    .get(k)
    [major_to_index(major)].filter((n) => n.major === major)
    .map((n) => `${String(n.major).padStart(3)} ${n.name}\n`)
    .join("");
}
