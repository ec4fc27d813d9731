/** struct proc_dir_entry and procfs-internal helpers (fs/proc/internal.h). */
import type { Module } from "../../kernel/module.ts";
import type { UserPtr } from "../../mm/uaccess.ts";
import type { Dentry, File, Inode, KRet, Loff } from "../fs.ts";
import type { SeqOperations, ShowFn } from "../seq_file.ts";

/** struct proc_ops (Linux 5.6+), what procfs calls for a file entry. */
export interface ProcOps {
  proc_open?(inode: Inode, file: File): KRet;
  proc_read?(file: File, buf: UserPtr, count: number, ppos: Loff): KRet;
  proc_write?(file: File, buf: UserPtr, count: number, ppos: Loff): KRet;
  proc_lseek?(file: File, offset: number, whence: number): number;
  proc_release?(inode: Inode, file: File): number;
  proc_ioctl?(file: File, cmd: number, arg: number | bigint): KRet;
  proc_poll?(file: File, wait: unknown): number;
}

/** The file_operations shape that proc_create() took before 5.6. */
export interface ProcFileOperationsCompat {
  owner?: Module | null;
  open?(inode: Inode, file: File): KRet;
  read?(file: File, buf: UserPtr, count: number, ppos: Loff): KRet;
  write?(file: File, buf: UserPtr, count: number, ppos: Loff): KRet;
  llseek?(file: File, offset: number, whence: number): number;
  release?(inode: Inode, file: File): number;
  unlocked_ioctl?(file: File, cmd: number, arg: number | bigint): KRet;
}

/** Normalises the book's file_operations form to proc_ops. */
export function toProcOps(ops: ProcOps | ProcFileOperationsCompat): ProcOps {
  const o = ops as ProcOps & ProcFileOperationsCompat;
  if (o.proc_open || o.proc_read || o.proc_write || o.proc_lseek || o.proc_release || o.proc_ioctl)
    return o;
  return {
    proc_open: o.open,
    proc_read: o.read,
    proc_write: o.write,
    proc_lseek: o.llseek,
    proc_release: o.release,
    proc_ioctl: o.unlocked_ioctl,
  };
}

/** An open file on a proc entry, kept so removal can close it (struct pde_opener). */
export interface PdeOpener {
  file: File;
  closed: boolean;
}

/** struct proc_dir_entry */
export class ProcDirEntry {
  /** Files currently inside one of this entry's methods (pde->in_use). */
  in_use = 0;
  /** Set once remove_proc_entry() has started: new calls fail. */
  removed = false;
  readonly subdir = new Map<string, ProcDirEntry>();
  proc_ops: ProcOps | null = null;
  /** Directories can supply their own inode/file operations (e.g. /proc/sys, /proc/<pid>). */
  proc_iops: import("../fs.ts").InodeOperations | null = null;
  proc_dir_ops: import("../fs.ts").FileOperations | null = null;
  data: unknown = null;
  seq_ops: SeqOperations | null = null;
  single_show: ShowFn | null = null;
  state_size = 0;
  link: string | null = null;
  size = 0;
  uid = 0;
  gid = 0;
  nlink: number;
  readonly openers: PdeOpener[] = [];
  /** The dentry and inode made for this entry, once looked up. */
  dentry: Dentry | null = null;
  inode: Inode | null = null;
  /** /proc/sys entries check permissions with test_perm() rather than the DAC rules. */
  sysctlPermission: ((mask: number) => number) | null = null;
  /** The module that created this entry (it must remove it before unloading). */
  owner: Module | null = null;

  constructor(
    readonly name: string,
    public mode: number,
    public parent: ProcDirEntry | null,
    readonly low_ino: number,
  ) {
    this.nlink = (mode & 0o170000) === 0o040000 ? 2 : 1;
  }
}
