/**
 * The VFS's core objects (include/linux/fs.h, include/linux/dcache.h,
 * include/linux/mount.h): inodes, dentries, files, their operations, mounts.
 */

import type { Cred } from "../kernel/capability.ts";
import { cpu } from "../kernel/context.ts";
import type { Module } from "../kernel/module.ts";
import type { Task } from "../kernel/task.ts";
import type { UserPtr } from "../mm/uaccess.ts";

/** A syscall-ish result: a value, or a negative errno, possibly after sleeping. */
export type KRet = number | Promise<number>;

/** `loff_t *ppos`: C passes the position by pointer; here it is a box. */
export interface Loff {
  value: number;
}

export const FMODE_READ = 0x1;
export const FMODE_WRITE = 0x2;
export const FMODE_LSEEK = 0x4;
export const FMODE_PREAD = 0x8;
export const FMODE_PWRITE = 0x10;
export const FMODE_EXEC = 0x20;
export const FMODE_PATH = 0x4000;
export const FMODE_ATOMIC_POS = 0x8000;
export const FMODE_STREAM = 0x200000;

export const MAY_EXEC = 0x1;
export const MAY_WRITE = 0x2;
export const MAY_READ = 0x4;
export const MAY_APPEND = 0x8;
export const MAY_ACCESS = 0x10;
export const MAY_OPEN = 0x20;
export const MAY_CHDIR = 0x40;

/** What readdir hands to each entry (struct dir_context + filldir). */
export interface DirContext {
  pos: number;
  /** Returns false when the caller's buffer is full (dir_emit()). */
  actor(name: string, ino: number, dtype: number): boolean;
}

export interface PollTable {
  wait(wq: WaitQueueHead): void;
}

export interface WaitQueueHead {
  waiters: Set<() => void>;
}

/** struct file_operations, with the methods vkern dispatches. */
export interface FileOperations {
  owner?: Module | null;
  llseek?(file: File, offset: number, whence: number): number;
  read?(file: File, buf: UserPtr, count: number, ppos: Loff): KRet;
  write?(file: File, buf: UserPtr, count: number, ppos: Loff): KRet;
  iterate_shared?(file: File, ctx: DirContext): number;
  poll?(file: File, wait: PollTable | null): number;
  unlocked_ioctl?(file: File, cmd: number, arg: number | bigint): KRet;
  compat_ioctl?(file: File, cmd: number, arg: number | bigint): KRet;
  open?(inode: Inode, file: File): KRet;
  flush?(file: File): number;
  release?(inode: Inode, file: File): number;
  fsync?(file: File): number;
  /** Turns SIGIO delivery on or off; sets or clears FASYNC in f_flags (fasync_helper()). */
  fasync?(fd: number, file: File, on: number): number;
}

/** struct inode_operations, with the methods vkern dispatches. */
export interface InodeOperations {
  lookup?(dir: Inode, dentry: Dentry): Dentry | null | number;
  get_link?(dentry: Dentry, inode: Inode): string | number;
  permission?(inode: Inode, mask: number, cred: Cred): number;
  getattr?(dentry: Dentry, stat: KStat): number;
  setattr?(dentry: Dentry, attr: IAttr): number;
  create?(dir: Inode, dentry: Dentry, mode: number): number;
  mkdir?(dir: Inode, dentry: Dentry, mode: number): number;
  rmdir?(dir: Inode, dentry: Dentry): number;
  unlink?(dir: Inode, dentry: Dentry): number;
  symlink?(dir: Inode, dentry: Dentry, target: string): number;
  link?(old: Dentry, dir: Inode, dentry: Dentry): number;
  mknod?(dir: Inode, dentry: Dentry, mode: number, rdev: number): number;
  rename?(oldDir: Inode, old: Dentry, newDir: Inode, dentry: Dentry): number;
}

export interface IAttr {
  mode?: number;
  uid?: number;
  gid?: number;
  size?: number;
  mtimeNs?: bigint;
  atimeNs?: bigint;
}

export interface KStat {
  dev: number;
  ino: number;
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  rdev: number;
  size: number;
  blksize: number;
  blocks: number;
  atimeNs: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

export interface SuperOperations {
  /** Extra per-inode state freed when the inode goes (e.g. procfs drops its pde). */
  evict_inode?(inode: Inode): void;
}

export interface FileSystemType {
  name: string;
  /** Shown in /proc/filesystems with "nodev" before it. */
  nodev: boolean;
}

/** Counters of anonymous device numbers, one per kernel (get_anon_bdev()). */
const anonDevs = new WeakMap<object, number>();
let orphanDev = 0;

function allocAnonDev(): number {
  const k = cpu.kernel;
  if (!k) return ++orphanDev;
  const n = (anonDevs.get(k) ?? 0) + 1;
  anonDevs.set(k, n);
  return n;
}

/** struct super_block */
export class SuperBlock {
  s_dev: number;
  s_root!: Dentry;
  s_op: SuperOperations = {};
  s_magic: number;
  private nextIno = 1;
  /** The filesystem's own state (kernfs root, procfs data ...). */
  s_fs_info: unknown = null;

  constructor(
    readonly s_type: FileSystemType,
    magic: number,
    dev?: number,
  ) {
    // Anonymous devices of pseudo filesystems get minors 0:N, as get_anon_bdev() gives.
    this.s_dev = dev ?? allocAnonDev();
    this.s_magic = magic;
  }

  get_next_ino(): number {
    return this.nextIno++;
  }
}

/** struct inode */
export class Inode {
  i_ino: number;
  i_mode: number;
  i_uid = 0;
  i_gid = 0;
  i_nlink = 1;
  i_size = 0;
  i_rdev = 0;
  i_atimeNs: bigint;
  i_mtimeNs: bigint;
  i_ctimeNs: bigint;
  i_op: InodeOperations = {};
  i_fop: FileOperations = {};
  i_private: unknown = null;
  /** Symlink target for filesystems that keep it inline (i_link). */
  i_link: string | null = null;
  /** Regular-file contents of tmpfs; its length may exceed i_size (capacity). */
  i_data: Uint8Array | null = null;
  /** Blocks (512-byte) reported by stat; computed from size where unset. */
  i_blocks: number | null = null;

  constructor(
    readonly i_sb: SuperBlock,
    mode: number,
    nowNs: bigint,
    ino?: number,
  ) {
    this.i_ino = ino ?? i_sb.get_next_ino();
    this.i_mode = mode;
    this.i_atimeNs = nowNs;
    this.i_mtimeNs = nowNs;
    this.i_ctimeNs = nowNs;
  }
}

/** struct dentry: a name in a directory, bound to an inode. */
export class Dentry {
  d_parent: Dentry;
  d_inode: Inode | null;
  /** Children already known (the dcache). Directories only. */
  d_subdirs: Map<string, Dentry> | null = null;
  /** Number of mounts on this dentry (d_mountpoint()). */
  d_mounted = 0;
  /** Private data of the filesystem (kernfs node, proc_dir_entry ...). */
  d_fsdata: unknown = null;
  /** Set when the dentry was removed (unlinked or its entry torn down). */
  d_deleted = false;
  /** d_op->d_revalidate: false drops a cached dentry so lookup runs again. */
  d_revalidate: (() => boolean) | null = null;
  /** d_op->d_dname: the name d_path() gives a pseudo-filesystem's dentry ("pipe:[N]"). */
  d_dname: ((dentry: Dentry) => string) | null = null;

  constructor(
    public d_name: string,
    parent: Dentry | null,
    inode: Inode | null,
  ) {
    this.d_parent = parent ?? this;
    this.d_inode = inode;
  }

  get d_sb(): SuperBlock {
    return this.d_inode ? this.d_inode.i_sb : this.d_parent.d_inode!.i_sb;
  }

  /** Adds a child to the dcache (d_add()). */
  d_add(child: Dentry): Dentry {
    if (!this.d_subdirs) this.d_subdirs = new Map();
    this.d_subdirs.set(child.d_name, child);
    return child;
  }

  d_drop(name: string): void {
    this.d_subdirs?.delete(name);
  }
}

/** struct vfsmount + struct mount */
export interface Mount {
  mnt_root: Dentry;
  mnt_sb: SuperBlock;
  mnt_mountpoint: Dentry;
  mnt_parent: Mount;
  mnt_devname: string;
  mnt_flags: string;
  mnt_id: number;
}

/** struct path */
export interface Path {
  mnt: Mount;
  dentry: Dentry;
}

/** struct file */
export class File {
  f_pos = 0;
  private_data: unknown = null;
  f_count = 1;
  /** Set by the filesystem to cut off an open file whose entry was removed. */
  f_dead = false;
  /** Async owner, set by FIOASYNC / O_ASYNC (unused but kept for FIOASYNC). */
  f_async = false;

  constructor(
    public f_path: Path,
    public f_inode: Inode,
    public f_op: FileOperations,
    public f_flags: number,
    public f_mode: number,
    readonly f_cred: Cred,
    readonly f_task: Task | null,
  ) {}
}

/** file_inode(filp) */
export function file_inode(filp: File): Inode {
  return filp.f_inode;
}
