/**
 * debugfs's private state (fs/debugfs/internal.h): the per-file data hung on each
 * regular file's dentry, and the single superblock every mount of debugfs shares.
 */

import { S_IFDIR } from "../../include/uapi/stat.ts";
import { KernelFault } from "../../kernel/fault.ts";
import { defineKernelLocal } from "../../kernel/kernel.ts";
import type { Module } from "../../kernel/module.ts";
import { Dentry, type File, type FileOperations, Inode, SuperBlock } from "../fs.ts";
import { simple_dir_operations } from "../libfs.ts";

/** include/uapi/linux/magic.h: DEBUGFS_MAGIC */
export const DEBUGFS_MAGIC = 0x64626720;
/** fs/debugfs/inode.c: DEBUGFS_DEFAULT_MODE */
export const DEBUGFS_DEFAULT_MODE = 0o700;

/** struct debugfs_fsdata, plus what vkern needs to know about where real_fops live. */
export interface DebugfsFsdata {
  real_fops: FileOperations;
  /**
   * The module whose memory holds real_fops: its owner, or for fops without an owner
   * (the book's) the module that created the file. null for debugfs's own fops.
   */
  fops_module: Module | null;
  /** A stable index, for a plausible address of real_fops in that module's memory. */
  id: number;
  /** Set once the file was removed: debugfs_file_get() then fails with EIO. */
  removed: boolean;
  /** Calls in progress through the proxy (refcount active_users, minus the base 1). */
  active_users: number;
}

/** struct debugfs_mount_opts */
export interface DebugfsMountOpts {
  uid: number;
  gid: number;
  mode: number;
}

/** The one debugfs superblock of a kernel (mount_single()) and its mount options. */
export class DebugfsState {
  readonly sb: SuperBlock;
  readonly opts: DebugfsMountOpts = { uid: 0, gid: 0, mode: DEBUGFS_DEFAULT_MODE };
  nextId = 0;
  /** debugfs_registered: debugfs_init() ran. */
  registered = false;

  constructor(nowNs: bigint) {
    this.sb = new SuperBlock({ name: "debugfs", nodev: true }, DEBUGFS_MAGIC);
    const root = new Inode(this.sb, S_IFDIR | DEBUGFS_DEFAULT_MODE, nowNs);
    root.i_op = debugfs_dir_inode_operations;
    root.i_fop = simple_dir_operations;
    root.i_nlink = 2;
    this.sb.s_root = new Dentry("/", null, root);
  }
}

/** simple_lookup(): every debugfs name that exists is in the dcache; others are negative. */
export const debugfs_dir_inode_operations = {
  lookup: () => null,
};

export const debugfsState = defineKernelLocal<DebugfsState>(
  (k) => new DebugfsState(k.clock.realtimeNs()),
);

/** dentry->d_fsdata of a debugfs regular file. */
export function fsdataOf(dentry: Dentry): DebugfsFsdata {
  return dentry.d_fsdata as DebugfsFsdata;
}

/** F_DENTRY(filp) */
export function fDentry(filp: File): Dentry {
  return filp.f_path.dentry;
}

/**
 * Touching real_fops. They are static data of the module that defined them; once that
 * module is freed the memory is unmapped and the access faults, in whichever function
 * made it (full_proxy_open, full_proxy_read ...): this helper's own frame is not a
 * Linux name, so the Oops names its caller.
 */
export function touchRealFops(fsd: DebugfsFsdata): void {
  const m = fsd.fops_module;
  if (m && m.state === "FREED") {
    // .rodata follows the module's text: a plausible address for the struct.
    const addr = m.coreAddress + 0x1000n + BigInt((fsd.id % 64) * 0x100);
    throw new KernelFault("page", addr, false);
  }
}
