/**
 * Populating the root filesystem from kernel code (init/initramfs.c's job):
 * directories, files, symlinks and device nodes made directly in tmpfs.
 */

import { Dentry, type Inode, type Path } from "../fs/fs.ts";
import { lookup_one } from "../fs/namei.ts";
import { S_IFDIR, S_IFLNK, S_IFMT, S_IFREG } from "../include/uapi/stat.ts";
import type { Kernel } from "../kernel/kernel.ts";

const enc = new TextEncoder();

export interface Owner {
  uid?: number;
  gid?: number;
}

/** The tmpfs dentry at `path` below the root mount, making directories on the way. */
export function mkdirp(k: Kernel, path: string, mode = 0o755, owner: Owner = {}): Dentry {
  let d = k.mounts.root.mnt_root;
  for (const comp of path.split("/").filter(Boolean)) {
    const hit = lookup_one(d, comp);
    if (hit && typeof hit !== "number") {
      d = hit;
      continue;
    }
    const dir = d.d_inode!;
    const nd = new Dentry(comp, d, null);
    const err = k.run(() => dir.i_op.mkdir!(dir, nd, mode));
    if (err) throw new Error(`initramfs: mkdir ${path}: ${err}`);
    setOwner(nd.d_inode!, owner);
    d = nd;
  }
  return d;
}

function setOwner(inode: Inode, o: Owner): void {
  if (o.uid !== undefined) inode.i_uid = o.uid;
  if (o.gid !== undefined) inode.i_gid = o.gid;
}

function split(path: string): { dir: string; name: string } {
  const i = path.lastIndexOf("/");
  return { dir: path.slice(0, i) || "/", name: path.slice(i + 1) };
}

/** Creates or replaces a regular file with `content`. */
export function writeFile(
  k: Kernel,
  path: string,
  content: string | Uint8Array,
  mode = 0o644,
  owner: Owner = {},
): Inode {
  const { dir, name } = split(path);
  const parent = mkdirp(k, dir);
  const existing = lookup_one(parent, name);
  let inode: Inode;
  if (existing && typeof existing !== "number") {
    inode = existing.d_inode!;
  } else {
    const d = new Dentry(name, parent, null);
    const pi = parent.d_inode!;
    const err = k.run(() => pi.i_op.create!(pi, d, S_IFREG | mode));
    if (err) throw new Error(`initramfs: create ${path}: ${err}`);
    inode = d.d_inode!;
  }
  const bytes = typeof content === "string" ? enc.encode(content) : content;
  inode.i_data = bytes.slice();
  inode.i_size = bytes.length;
  inode.i_mode = (inode.i_mode & S_IFMT) | mode;
  // A replaced file is a new version: make's up-to-date checks read this time.
  const now = k.clock.realtimeNs();
  inode.i_mtimeNs = now;
  inode.i_ctimeNs = now;
  setOwner(inode, owner);
  return inode;
}

export function symlink(k: Kernel, path: string, target: string, owner: Owner = {}): void {
  const { dir, name } = split(path);
  const parent = mkdirp(k, dir);
  if (lookup_one(parent, name)) return;
  const d = new Dentry(name, parent, null);
  const pi = parent.d_inode!;
  k.run(() => pi.i_op.symlink!(pi, d, target));
  setOwner(d.d_inode!, owner);
}

export function mknod(
  k: Kernel,
  path: string,
  mode: number,
  rdev: number,
  owner: Owner = {},
): void {
  const { dir, name } = split(path);
  const parent = mkdirp(k, dir);
  if (lookup_one(parent, name)) return;
  const d = new Dentry(name, parent, null);
  const pi = parent.d_inode!;
  k.run(() => pi.i_op.mknod!(pi, d, mode, rdev));
  setOwner(d.d_inode!, owner);
}

export function rootPath(k: Kernel): Path {
  return { mnt: k.mounts.root, dentry: k.mounts.root.mnt_root };
}

export { S_IFDIR, S_IFLNK };
