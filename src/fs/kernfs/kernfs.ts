/**
 * kernfs nodes and directories (fs/kernfs/dir.c, include/linux/kernfs.h of Linux 5.4):
 * the tree sysfs is built on. A directory keeps its children in a Map (lookup is O(1));
 * readdir walks them in kernfs's rbtree order (name hash, then name), sorted lazily
 * once per change, and resumes by hash as kernfs_fop_readdir() does.
 */

import { EEXIST, EINVAL, ENOENT } from "../../include/uapi/errno.ts";
import { S_IFDIR, S_IFLNK, S_IFMT, S_IFREG, S_IRWXUGO } from "../../include/uapi/stat.ts";
import type { Module } from "../../kernel/module.ts";
import { DECLARE_WAIT_QUEUE_HEAD, type WaitQueueHead, wake_up } from "../../kernel/wait.ts";
import type { Dentry, Inode } from "../fs.ts";
import type { SeqFile } from "../seq_file.ts";

export const KERNFS_DIR = 0x0001;
export const KERNFS_FILE = 0x0002;
export const KERNFS_LINK = 0x0004;

/** include/linux/kernfs.h: open() rejects modes the node cannot serve, even for root. */
export const KERNFS_ROOT_EXTRA_OPEN_PERM_CHECK = 0x0002;

/** An open file of a kernfs node (struct kernfs_open_file). */
export class KernfsOpenFile {
  /** The seq_file every open gets (kernfs_fop_open() always makes one). */
  seq_file: SeqFile | null = null;
  /** The event count seen at the last read, for poll (of->event). */
  event = 0;
  /** Private data of the node's open method. */
  priv: unknown = null;
  released = false;
  constructor(
    readonly kn: KernfsNode,
    readonly file: import("../fs.ts").File,
  ) {}
}

/** struct kernfs_ops: what a file node does. Buffers are kernel memory (Uint8Array). */
export interface KernfsOps {
  open?(of: KernfsOpenFile): number;
  release?(of: KernfsOpenFile): void;
  /** A seq_file show: the read path goes through seq_read(). */
  seq_show?(sf: SeqFile, v: unknown): number;
  /** Direct read (binary files): fill `buf` (at most its length) from `pos`. */
  read?(of: KernfsOpenFile, buf: Uint8Array, count: number, pos: number): number;
  /** `buf` holds count bytes and a NUL after them. */
  write?(of: KernfsOpenFile, buf: Uint8Array, count: number, pos: number): number;
  /** Writes longer than this fail with E2BIG instead of being cut to PAGE_SIZE. */
  atomic_write_len?: number;
}

/** struct kernfs_root */
export class KernfsRoot {
  kn!: KernfsNode;
  private nextIno = 1;
  constructor(readonly flags: number) {}
  allocIno(): number {
    return this.nextIno++;
  }
}

/** Ownership and times set by chmod/chown/touch (struct kernfs_iattrs). */
export interface KernfsIattrs {
  atimeNs?: bigint;
  mtimeNs?: bigint;
  ctimeNs?: bigint;
}

const INT_MAX = 0x7fffffff;
const TWO32 = 0x100000000;
const utf8 = new TextEncoder();
// GOLDEN_RATIO_64 (include/linux/hash.h) as two 32-bit halves.
const G_HI = 0x61c88646;
const G_LO = 0x80b583eb;

/** The high 32 bits of the 64-bit product of two unsigned 32-bit numbers. */
function mulhi32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = ((a0 * b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) >>> 0;
}

/**
 * Mirrors kernfs_name_hash() with a NULL namespace: partial_name_hash() over the bytes
 * in 64-bit unsigned long arithmetic (kept as two 32-bit halves), end_name_hash()
 * (hash_long(h, 32)), 31 bits, 0/1/INT_MAX reserved.
 */
export function kernfs_name_hash(name: string): number {
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c > 0x7f) return kernfs_name_hash_bytes(utf8.encode(name));
    // (h + (c << 4) + (c >> 4)) * 11 with c < 128: only the low half can carry.
    const l = lo + c * 16 + (c >>> 4);
    const h = (hi + (l >= TWO32 ? 1 : 0)) >>> 0;
    const l32 = l >>> 0;
    const m = l32 * 11;
    lo = m >>> 0;
    hi = (Math.imul(h, 11) + (m - lo) / TWO32) >>> 0;
  }
  return finish(hi, lo);
}

function kernfs_name_hash_bytes(bytes: Uint8Array): number {
  let hi = 0;
  let lo = 0;
  for (const b of bytes) {
    // `*name++` is a (signed) char widened to unsigned long: bytes >= 0x80 sign-extend.
    const chi = b >= 0x80 ? 0xffffffff : 0;
    const clo = b >= 0x80 ? b - 256 + TWO32 : b;
    const sl = clo * 16;
    const slLo = sl % TWO32;
    const slHi = (chi * 16 + Math.floor(sl / TWO32)) % TWO32;
    const srLo = ((clo >>> 4) | ((chi & 0xf) << 28)) >>> 0;
    const srHi = chi >>> 4;
    let l = lo + slLo + srLo;
    const h = (hi + slHi + srHi + Math.floor(l / TWO32)) % TWO32;
    l %= TWO32;
    const m = l * 11;
    lo = m % TWO32;
    hi = (h * 11 + Math.floor(m / TWO32)) % TWO32;
  }
  return finish(hi, lo);
}

/** end_name_hash(): bits 32..63 of h * GOLDEN_RATIO_64, then kernfs's adjustments. */
function finish(hi: number, lo: number): number {
  const top = (mulhi32(lo, G_LO) + Math.imul(lo, G_HI) + Math.imul(hi, G_LO)) >>> 0;
  let hash = top & INT_MAX;
  if (hash < 2) hash += 2;
  if (hash >= INT_MAX) hash = INT_MAX - 1;
  return hash;
}

/** struct kernfs_node */
export class KernfsNode {
  parent: KernfsNode | null;
  readonly ino: number;
  mode: number;
  uid = 0;
  gid = 0;
  /** Children of a directory, by name. */
  children: Map<string, KernfsNode> | null = null;
  /** Number of child directories (for nlink). */
  subdirs = 0;
  /** Set once kernfs_remove() has deactivated the node (KN_DEACTIVATED). */
  removed = false;
  /** The object behind the node: a kobject for directories, an attribute for files. */
  priv: unknown = null;
  ops: KernfsOps | null = null;
  /** File size shown by stat: PAGE_SIZE for sysfs attributes, the size of a bin file. */
  size = 0;
  target: KernfsNode | null = null;
  /** The module whose code the node's ops run (the attribute's owner). */
  owner: Module | null = null;
  iattr: KernfsIattrs | null = null;
  /** Open files (kernfs_open_node.files); present while any is open. */
  openFiles: Set<KernfsOpenFile> | null = null;
  /** kernfs_open_node.event and .poll: bumped by kernfs_notify(). */
  event = 1;
  poll: WaitQueueHead | null = null;
  /** The inode and dentry made for this node once looked up (icache/dcache). */
  inode: Inode | null = null;
  dentry: Dentry | null = null;
  /** The name's hash, computed on first need (-1 until then). */
  _hash = -1;
  private sorted: KernfsNode[] | null = null;

  constructor(
    readonly root: KernfsRoot,
    public name: string,
    parent: KernfsNode | null,
    mode: number,
  ) {
    this.parent = parent;
    this.mode = mode;
    this.ino = root.allocIno();
    if ((mode & S_IFMT) === S_IFDIR) this.children = new Map();
  }

  get type(): number {
    const t = this.mode & S_IFMT;
    return t === S_IFDIR ? KERNFS_DIR : t === S_IFLNK ? KERNFS_LINK : KERNFS_FILE;
  }

  get hash(): number {
    if (this._hash < 0) this._hash = kernfs_name_hash(this.name);
    return this._hash;
  }

  /** Children in rbtree order (kernfs_sd_compare()): by hash, then by name. */
  sortedChildren(): KernfsNode[] {
    if (!this.sorted) {
      const list = [...(this.children?.values() ?? [])];
      for (const kn of list) if (kn._hash < 0) kn._hash = kernfs_name_hash(kn.name);
      this.sorted = list.sort((a, b) =>
        a._hash !== b._hash ? a._hash - b._hash : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      );
    }
    return this.sorted;
  }

  /** Called when the set of children changed. */
  childrenChanged(): void {
    this.sorted = null;
    if (this.inode) this.inode.i_nlink = this.subdirs + 2;
  }
}

/** Mirrors kernfs_create_root(): a root directory node. */
export function kernfs_create_root(flags: number): KernfsRoot {
  const root = new KernfsRoot(flags);
  root.kn = new KernfsNode(root, "", null, S_IFDIR | 0o755);
  return root;
}

/** Mirrors kernfs_new_node(). */
function kernfs_new_node(parent: KernfsNode, name: string, mode: number): KernfsNode {
  return new KernfsNode(parent.root, name, parent, mode);
}

/** Mirrors kernfs_add_one(): links a new node into its parent; -EEXIST on a duplicate. */
export function kernfs_add_one(kn: KernfsNode): number {
  const parent = kn.parent;
  if (!parent?.children || parent.removed) return -ENOENT;
  if (parent.children.has(kn.name)) return -EEXIST;
  parent.children.set(kn.name, kn);
  if (kn.type === KERNFS_DIR) parent.subdirs++;
  parent.childrenChanged();
  return 0;
}

/** Mirrors kernfs_create_dir_ns(). Returns the node or a negative errno. */
export function kernfs_create_dir(
  parent: KernfsNode,
  name: string,
  mode: number,
  priv: unknown,
): KernfsNode | number {
  const kn = kernfs_new_node(parent, name, S_IFDIR | (mode & 0o7777));
  kn.priv = priv;
  const err = kernfs_add_one(kn);
  return err ? err : kn;
}

/** Mirrors __kernfs_create_file(). */
export function __kernfs_create_file(
  parent: KernfsNode,
  name: string,
  mode: number,
  size: number,
  ops: KernfsOps,
  priv: unknown,
  owner: Module | null = null,
): KernfsNode | number {
  const kn = kernfs_new_node(parent, name, S_IFREG | (mode & 0o7777));
  kn.ops = ops;
  kn.size = size;
  kn.priv = priv;
  kn.owner = owner;
  const err = kernfs_add_one(kn);
  return err ? err : kn;
}

/** Mirrors kernfs_create_link(): the target path is computed at readlink time. */
export function kernfs_create_link(
  parent: KernfsNode,
  name: string,
  target: KernfsNode,
): KernfsNode | number {
  const kn = kernfs_new_node(parent, name, S_IFLNK | S_IRWXUGO);
  kn.target = target;
  const err = kernfs_add_one(kn);
  return err ? err : kn;
}

/** Mirrors kernfs_find_and_get_ns() (no namespaces). */
export function kernfs_find_and_get(parent: KernfsNode, name: string): KernfsNode | null {
  const kn = parent.children?.get(name);
  return kn && !kn.removed ? kn : null;
}

/** Mirrors kernfs_get_active(): false once the node is deactivated. */
export function kernfs_get_active(kn: KernfsNode): boolean {
  return !kn.removed;
}

/** Unlinks and deactivates one node: open files see ENODEV from now on (kernfs_drain()). */
function deactivate(kn: KernfsNode): void {
  kn.removed = true;
  const parent = kn.parent;
  if (parent?.children?.get(kn.name) === kn) {
    parent.children.delete(kn.name);
    if (kn.type === KERNFS_DIR) parent.subdirs--;
    parent.childrenChanged();
  }
  if (kn.dentry) {
    kn.dentry.d_deleted = true;
    kn.dentry.d_parent.d_drop(kn.dentry.d_name);
    kn.dentry = null;
  }
  if (kn.inode) kn.inode.i_nlink = 0;
  // Pollers learn that the node went away (kernfs_fop_poll() reports an error).
  if (kn.poll) wake_up(kn.poll);
}

/** Mirrors kernfs_remove(): the node and everything below it, children first. */
export function kernfs_remove(kn: KernfsNode | null): void {
  if (!kn || kn.removed) return;
  const stack: KernfsNode[] = [kn];
  const order: KernfsNode[] = [];
  while (stack.length) {
    const n = stack.pop()!;
    order.push(n);
    if (n.children) for (const c of n.children.values()) stack.push(c);
  }
  for (let i = order.length - 1; i >= 0; i--) deactivate(order[i]);
}

/** Mirrors kernfs_remove_by_name_ns(): -ENOENT if there is no such child. */
export function kernfs_remove_by_name(parent: KernfsNode, name: string): number {
  const kn = kernfs_find_and_get(parent, name);
  if (!kn) return -ENOENT;
  kernfs_remove(kn);
  return 0;
}

/** Mirrors kernfs_rename_ns() within or across directories. */
export function kernfs_rename(kn: KernfsNode, newParent: KernfsNode, newName: string): number {
  if (!kn.parent || kn.removed || !newParent.children) return -ENOENT;
  if (kn.parent === newParent && kn.name === newName) return 0;
  if (newParent.children.has(newName)) return -EEXIST;
  const old = kn.parent;
  old.children!.delete(kn.name);
  if (kn.type === KERNFS_DIR) old.subdirs--;
  old.childrenChanged();
  if (kn.dentry) {
    kn.dentry.d_parent.d_drop(kn.dentry.d_name);
    kn.dentry = null;
  }
  kn.name = newName;
  kn._hash = -1;
  kn.parent = newParent;
  newParent.children.set(newName, kn);
  if (kn.type === KERNFS_DIR) newParent.subdirs++;
  newParent.childrenChanged();
  return 0;
}

/** Mirrors kernfs_path(): "/devices/platform/x" relative to the root. */
export function kernfs_path(kn: KernfsNode): string {
  const parts: string[] = [];
  for (let n: KernfsNode | null = kn; n?.parent; n = n.parent) parts.push(n.name);
  return `/${parts.reverse().join("/")}`;
}

/** Mirrors kernfs_get_target_path(): "../" up to the common ancestor, then down. */
export function kernfs_get_target_path(parent: KernfsNode, target: KernfsNode): string | number {
  let base = parent;
  let up = "";
  while (base.parent) {
    let kn = target.parent;
    while (kn?.parent && base !== kn) kn = kn.parent;
    if (base === kn) break;
    up += "../";
    base = base.parent;
  }
  const down: string[] = [];
  for (let kn: KernfsNode | null = target; kn?.parent && kn !== base; kn = kn.parent) {
    down.push(kn.name);
  }
  const tail = down.reverse().join("/");
  if (tail.length < 1) return -EINVAL;
  return up + tail;
}

/** Mirrors kernfs_notify(): wakes pollers of the node (sysfs_notify()). */
export function kernfs_notify(kn: KernfsNode): void {
  if (kn.type !== KERNFS_FILE) return;
  kn.event++;
  if (kn.poll) wake_up(kn.poll);
}

/** The poll wait queue of a node, made on first use (kernfs_open_node.poll). */
export function kernfs_poll_queue(kn: KernfsNode): WaitQueueHead {
  if (!kn.poll) kn.poll = DECLARE_WAIT_QUEUE_HEAD();
  return kn.poll;
}
