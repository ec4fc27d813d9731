/**
 * devtmpfs (drivers/base/devtmpfs.c): a tmpfs on /dev whose nodes the kernel
 * creates as devices appear (device_add() calls devtmpfs_create_node()).
 */

import type { SuperBlock } from "../../fs/fs.ts";
import { Dentry } from "../../fs/fs.ts";
import { lookup_one } from "../../fs/namei.ts";
import { tmpfs_fill_super, tmpfs_fs_type } from "../../fs/tmpfs.ts";
import { MKDEV, S_IFCHR } from "../../include/uapi/stat.ts";
import { pathAt } from "../../init/main.ts";
import { defineKernelLocal, type Kernel } from "../../kernel/kernel.ts";
import { devlist, MEM_MAJOR } from "../char/mem.ts";

const devtmpfs_fs_type = { ...tmpfs_fs_type, name: "devtmpfs" };
export const devtmpfsSb = defineKernelLocal<{ sb: SuperBlock | null }>(() => ({ sb: null }));

/** Mirrors devtmpfs_create_node(): makes /dev/<name> (with parent dirs) for a device. */
export function devtmpfs_create_node(
  k: Kernel,
  name: string,
  mode: number,
  dev: number,
  uid = 0,
  gid = 0,
): number {
  const sb = devtmpfsSb.get(k).sb;
  if (!sb) return 0;
  const parts = name.split("/");
  const leaf = parts.pop()!;
  let d = sb.s_root;
  for (const p of parts) {
    const hit = lookup_one(d, p);
    if (hit && typeof hit !== "number") {
      d = hit;
      continue;
    }
    const nd = new Dentry(p, d, null);
    const di = d.d_inode!;
    k.run(() => di.i_op.mkdir!(di, nd, 0o755));
    d = nd;
  }
  if (lookup_one(d, leaf)) return -17; // -EEXIST
  const nd = new Dentry(leaf, d, null);
  const di = d.d_inode!;
  const err = k.run(() => di.i_op.mknod!(di, nd, S_IFCHR | (mode & 0o7777), dev));
  if (!err) {
    nd.d_inode!.i_uid = uid;
    nd.d_inode!.i_gid = gid;
  }
  return err;
}

/** Mirrors devtmpfs_delete_node(). */
export function devtmpfs_delete_node(k: Kernel, name: string): void {
  const sb = devtmpfsSb.get(k).sb;
  if (!sb) return;
  let d = sb.s_root;
  const parts = name.split("/");
  const leaf = parts.pop()!;
  for (const p of parts) {
    const hit = lookup_one(d, p);
    if (!hit || typeof hit === "number") return;
    d = hit;
  }
  const victim = lookup_one(d, leaf);
  if (!victim || typeof victim === "number") return;
  const di = d.d_inode!;
  k.run(() => di.i_op.unlink!(di, victim));
}

export function devtmpfs_init(k: Kernel): void {
  const sb = tmpfs_fill_super(0o755, 0x01021994, devtmpfs_fs_type);
  devtmpfsSb.get(k).sb = sb;
  k.mounts.add(
    sb,
    pathAt(k, "/dev"),
    "udev",
    "rw,nosuid,relatime,size=1989404k,nr_inodes=497351,mode=755",
  );
  for (const [minor, name, mode] of devlist) {
    devtmpfs_create_node(k, name, mode, MKDEV(MEM_MAJOR, minor));
  }
  // /dev/fd and the std streams, as udev links them.
  const root = sb.s_root.d_inode!;
  for (const [n, target] of [
    ["fd", "/proc/self/fd"],
    ["stdin", "/proc/self/fd/0"],
    ["stdout", "/proc/self/fd/1"],
    ["stderr", "/proc/self/fd/2"],
  ] as const) {
    const d = new Dentry(n, sb.s_root, null);
    k.run(() => root.i_op.symlink!(root, d, target));
  }
  for (const dir of ["pts", "shm", "char", "block", "disk", "input"]) {
    const d = new Dentry(dir, sb.s_root, null);
    k.run(() => root.i_op.mkdir!(root, d, dir === "shm" ? 0o1777 : 0o755));
  }
}
