/**
 * The debugfs filesystem (fs/debugfs/inode.c of Linux 5.4): one superblock per kernel,
 * mounted on /sys/kernel/debug with mode 0700, whose tree is made only by kernel code
 * (debugfs_create_dir/file/symlink) and lives entirely in the dcache.
 *
 * 5.4 details kept: debugfs_remove() removes one file or an empty directory (it became
 * recursive in 5.6); creating a name that exists fails with EEXIST silently (the
 * "already present!" message came in 5.6); the helpers return the dentry or an
 * ERR_PTR (several became void in 5.7, which vkern callers may ignore).
 */

import { EACCES, EEXIST, ENOENT } from "../../include/uapi/errno.ts";
import { S_IFDIR, S_IFLNK, S_IFMT, S_IFREG, S_IRWXUGO } from "../../include/uapi/stat.ts";
import { cpu, this_kernel } from "../../kernel/context.ts";
import { BUG_ON } from "../../kernel/fault.ts";
import type { Kernel } from "../../kernel/kernel.ts";
import type { Module } from "../../kernel/module.ts";
import { Dentry, type FileOperations, Inode, type InodeOperations } from "../fs.ts";
import { simple_dir_operations } from "../libfs.ts";
import { ERR_PTR, type ErrPtr, IS_ERR } from "../seq_file.ts";
import {
  debugfs_full_proxy_file_operations,
  debugfs_noop_file_operations,
  debugfs_open_proxy_file_operations,
} from "./file.ts";
import { type DebugfsFsdata, debugfs_dir_inode_operations, debugfsState } from "./internal.ts";

/** What the creating functions return: the new dentry, or ERR_PTR(-errno). */
export type DebugfsDentry = Dentry | ErrPtr;

/** IS_ERR_OR_NULL(): for the `if (IS_ERR_OR_NULL(dir))` checks of driver code. */
export function IS_ERR_OR_NULL(p: unknown): boolean {
  return p === null || p === undefined || IS_ERR(p);
}

/** File operations of debugfs itself, which live in no module's memory. */
const builtinFops = new WeakSet<FileOperations>();

/** Marks fops as debugfs's own (fops_u32 and friends), not module memory. */
export function debugfsBuiltinFops(fops: FileOperations): FileOperations {
  builtinFops.add(fops);
  return fops;
}

const debugfs_file_inode_operations: InodeOperations = {};
const debugfs_symlink_inode_operations: InodeOperations = {};

function sb() {
  return debugfsState.get(this_kernel()).sb;
}

/** Mirrors debugfs_get_inode(). */
function debugfs_get_inode(mode: number): Inode {
  const k = this_kernel();
  return new Inode(sb(), mode, k.clock.realtimeNs());
}

/**
 * Mirrors start_creating(): the parent (the root for null), checks the name as
 * lookup_one_len() does, and fails with EEXIST if it is taken.
 */
function start_creating(name: string, parent: DebugfsDentry | null): Dentry | ErrPtr {
  if (IS_ERR(parent)) return parent;
  const dir = parent ?? sb().s_root;
  // lookup_one_len(): "", ".", ".." and names with '/' or NUL are refused.
  if (!name || name === "." || name === ".." || /[/\0]/.test(name)) return ERR_PTR(-EACCES);
  if (dir.d_deleted || !dir.d_inode) return ERR_PTR(-ENOENT);
  if (dir.d_subdirs?.get(name)?.d_inode) return ERR_PTR(-EEXIST);
  return dir;
}

function end_creating(dir: Dentry, name: string, inode: Inode): Dentry {
  const dentry = new Dentry(name, dir, inode);
  dir.d_add(dentry);
  return dentry;
}

/** The module whose memory holds `fops` (for the use-after-free of leftover files). */
function fopsModule(fops: FileOperations): Module | null {
  if (builtinFops.has(fops)) return null;
  return fops.owner ?? cpu.module;
}

/** Mirrors __debugfs_create_file(). */
function __debugfs_create_file(
  name: string,
  mode: number,
  parent: DebugfsDentry | null,
  data: unknown,
  proxy_fops: FileOperations,
  real_fops: FileOperations | null,
): DebugfsDentry {
  if (!(mode & S_IFMT)) mode |= S_IFREG;
  BUG_ON((mode & S_IFMT) !== S_IFREG);
  const dir = start_creating(name, parent);
  if (IS_ERR(dir)) return dir;
  const inode = debugfs_get_inode(mode);
  inode.i_private = data;
  inode.i_op = debugfs_file_inode_operations;
  const st = debugfsState.get(this_kernel());
  const fops = real_fops ?? debugfs_noop_file_operations;
  // Without real fops the file gets the noop fops directly, no proxy (as Linux does).
  inode.i_fop = real_fops ? proxy_fops : fops;
  const fsd: DebugfsFsdata = {
    real_fops: fops,
    fops_module: real_fops ? fopsModule(fops) : null,
    id: st.nextId++,
    removed: false,
    active_users: 0,
  };
  const dentry = end_creating(dir, name, inode);
  dentry.d_fsdata = fsd;
  return dentry;
}

/**
 * Mirrors debugfs_create_file(): a file whose opens go through the full proxy, so the
 * real fops are never called once the file is removed. `data` becomes the inode's
 * i_private (file_inode(filp)->i_private; simple_open() copies it to private_data).
 */
export function debugfs_create_file(
  name: string,
  mode: number,
  parent: DebugfsDentry | null,
  data: unknown,
  fops: FileOperations | null,
): DebugfsDentry {
  return __debugfs_create_file(name, mode, parent, data, debugfs_full_proxy_file_operations, fops);
}

/**
 * Mirrors debugfs_create_file_unsafe(): only the open is proxied; the real fops must
 * protect themselves (DEFINE_DEBUGFS_ATTRIBUTE fops do).
 */
export function debugfs_create_file_unsafe(
  name: string,
  mode: number,
  parent: DebugfsDentry | null,
  data: unknown,
  fops: FileOperations | null,
): DebugfsDentry {
  return __debugfs_create_file(name, mode, parent, data, debugfs_open_proxy_file_operations, fops);
}

/** Mirrors debugfs_create_file_size(): the same, with an initial i_size. */
export function debugfs_create_file_size(
  name: string,
  mode: number,
  parent: DebugfsDentry | null,
  data: unknown,
  fops: FileOperations | null,
  file_size: number,
): DebugfsDentry {
  const de = debugfs_create_file(name, mode, parent, data, fops);
  if (!IS_ERR(de)) de.d_inode!.i_size = file_size;
  return de;
}

/** Mirrors debugfs_create_dir(): mode 0755, like every debugfs directory. */
export function debugfs_create_dir(name: string, parent: DebugfsDentry | null): DebugfsDentry {
  const dir = start_creating(name, parent);
  if (IS_ERR(dir)) return dir;
  const inode = debugfs_get_inode(S_IFDIR | 0o755);
  inode.i_op = debugfs_dir_inode_operations;
  inode.i_fop = simple_dir_operations;
  /* directory inodes start off with i_nlink == 2 (for "." entry) */
  inode.i_nlink = 2;
  dir.d_inode!.i_nlink++;
  return end_creating(dir, name, inode);
}

/** Mirrors debugfs_create_symlink(): mode 0777, the target kept as given. */
export function debugfs_create_symlink(
  name: string,
  parent: DebugfsDentry | null,
  target: string,
): DebugfsDentry {
  const dir = start_creating(name, parent);
  if (IS_ERR(dir)) return dir;
  const inode = debugfs_get_inode(S_IFLNK | S_IRWXUGO);
  inode.i_op = debugfs_symlink_inode_operations;
  inode.i_link = target;
  inode.i_size = new TextEncoder().encode(target).length;
  return end_creating(dir, name, inode);
}

/** Mirrors debugfs_lookup(): the dentry of an existing name, or null. */
export function debugfs_lookup(name: string, parent: DebugfsDentry | null): Dentry | null {
  if (IS_ERR(parent) || !name) return null;
  const st = debugfsState.get(this_kernel());
  if (!st.registered && !parent) return null;
  const d = (parent ?? st.sb.s_root).d_subdirs?.get(name);
  return d?.d_inode && !d.d_deleted ? d : null;
}

function isDirDentry(d: Dentry): boolean {
  return !!d.d_inode && (d.d_inode.i_mode & S_IFMT) === S_IFDIR;
}

function liveChildren(d: Dentry): Dentry[] {
  return [...(d.d_subdirs?.values() ?? [])].filter((c) => c.d_inode && !c.d_deleted);
}

/**
 * Mirrors __debugfs_remove(): unlinks one dentry (simple_unlink/simple_rmdir); a regular
 * file is marked removed so its open files answer EIO (__debugfs_file_removed()).
 * Returns -ENOTEMPTY for a directory with children, as simple_rmdir() does.
 */
function __debugfs_remove(dentry: Dentry): number {
  const inode = dentry.d_inode;
  if (!inode || dentry.d_deleted) return 0;
  const parent = dentry.d_parent;
  if (isDirDentry(dentry)) {
    if (liveChildren(dentry).length) return -39; // -ENOTEMPTY
    parent.d_inode!.i_nlink--;
    inode.i_nlink = 0;
  } else {
    inode.i_nlink = 0;
  }
  dentry.d_deleted = true;
  parent.d_drop(dentry.d_name);
  if ((inode.i_mode & S_IFMT) === S_IFREG && dentry.d_fsdata) {
    (dentry.d_fsdata as DebugfsFsdata).removed = true;
  }
  return 0;
}

/**
 * Mirrors debugfs_remove() of 5.4: removes a file, a symlink or an empty directory;
 * a directory with children stays. NULL and ERR_PTR are ignored.
 */
export function debugfs_remove(dentry: DebugfsDentry | null | undefined): void {
  if (IS_ERR_OR_NULL(dentry)) return;
  __debugfs_remove(dentry as Dentry);
}

/** Mirrors debugfs_remove_recursive(): the dentry and everything below it. */
export function debugfs_remove_recursive(dentry: DebugfsDentry | null | undefined): void {
  if (IS_ERR_OR_NULL(dentry)) return;
  const walk = (d: Dentry): void => {
    for (const c of liveChildren(d)) walk(c);
    __debugfs_remove(d);
  };
  walk(dentry as Dentry);
}

/** Mirrors debugfs_lookup_and_remove() (6.x): debugfs_remove(debugfs_lookup(name, parent)). */
export function debugfs_lookup_and_remove(name: string, parent: DebugfsDentry | null): void {
  debugfs_remove_recursive(debugfs_lookup(name, parent));
}

/** Mirrors debugfs_initialized(). */
export function debugfs_initialized(): boolean {
  return debugfsState.get(this_kernel()).registered;
}

/**
 * Mirrors debugfs_parse_options() + debugfs_apply_options(): uid=, gid=, mode= (octal);
 * other options are ignored, as debugfs always has. Each mount resets the mode to 0700
 * unless given (the superblock is shared, mount_single()).
 */
export function debugfsApplyOptions(k: Kernel, data: string): number {
  const st = debugfsState.get(k);
  const opts = { ...st.opts, mode: 0o700 };
  for (const opt of data.split(",")) {
    const m = /^(uid|gid|mode)=(.*)$/.exec(opt);
    if (!m) continue;
    if (m[1] === "mode") {
      if (!/^[0-7]+$/.test(m[2])) return -22;
      opts.mode = Number.parseInt(m[2], 8) & 0o7777;
    } else {
      if (!/^\d+$/.test(m[2])) return -22;
      opts[m[1] as "uid" | "gid"] = Number(m[2]);
    }
  }
  Object.assign(st.opts, opts);
  const root = st.sb.s_root.d_inode!;
  root.i_mode = S_IFDIR | opts.mode;
  root.i_uid = opts.uid;
  root.i_gid = opts.gid;
  return 0;
}

/** Mirrors debugfs_show_options(): only what differs from root:root 0700. */
export function debugfsShowOptions(k: Kernel): string {
  const o = debugfsState.get(k).opts;
  let s = "";
  if (o.uid !== 0) s += `,uid=${o.uid}`;
  if (o.gid !== 0) s += `,gid=${o.gid}`;
  if (o.mode !== 0o700) s += `,mode=${o.mode.toString(8)}`;
  return s;
}
