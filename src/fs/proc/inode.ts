/**
 * procfs inodes and the file operations that wrap an entry's proc_ops
 * (fs/proc/inode.c): each call pins the entry so remove_proc_entry() can wait for
 * it, and once the entry is gone calls fail with EIO.
 */

import { EIO, ENOENT, ENOTTY } from "../../include/uapi/errno.ts";
import { DT_UNKNOWN, IFTODT, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG } from "../../include/uapi/stat.ts";
import { this_kernel } from "../../kernel/context.ts";
import {
  Dentry,
  type DirContext,
  type File,
  type FileOperations,
  Inode,
  type InodeOperations,
  type KRet,
  type Loff,
} from "../fs.ts";
import { default_llseek, dir_emit_dots, generic_read_dir } from "../libfs.ts";
import { seq_lseek, seq_open, seq_read, seq_release, single_open } from "../seq_file.ts";
import type { PdeOpener, ProcDirEntry } from "./internal.ts";

function pdeOf(file: File): ProcDirEntry {
  return file.f_inode.i_private as ProcDirEntry;
}

/** Runs an entry method while pinning the entry (use_pde()/unuse_pde()); EIO once removed. */
function withPde<T extends KRet>(pde: ProcDirEntry, fn: () => T, dead: number): T | number {
  if (pde.removed) return dead;
  pde.in_use++;
  let r: T;
  try {
    r = this_kernel().modules.callInto(pde.owner, fn);
  } catch (e) {
    pde.in_use--;
    throw e;
  }
  if (r instanceof Promise) return r.finally(() => pde.in_use--) as T;
  pde.in_use--;
  return r;
}

function proc_reg_open(inode: Inode, file: File): KRet {
  const pde = inode.i_private as ProcDirEntry;
  if (pde.removed) return -ENOENT;
  const ops = pde.proc_ops;
  const opener: PdeOpener = { file, closed: false };
  const open = ops?.proc_open;
  if (!open) {
    pde.openers.push(opener);
    return 0;
  }
  const r = withPde(pde, () => open(inode, file), -ENOENT);
  if (typeof r === "number") {
    if (!r) pde.openers.push(opener);
    return r;
  }
  return r.then((v) => {
    if (!v) pde.openers.push(opener);
    return v;
  });
}

function proc_reg_release(inode: Inode, file: File): number {
  const pde = inode.i_private as ProcDirEntry;
  const i = pde.openers.findIndex((o) => o.file === file);
  if (i < 0) return 0; // already closed by remove_proc_entry()
  const [o] = pde.openers.splice(i, 1);
  if (o.closed) return 0;
  o.closed = true;
  const rel = pde.proc_ops?.proc_release;
  if (rel) this_kernel().modules.callInto(pde.owner, () => rel(inode, file));
  return 0;
}

function proc_reg_read(file: File, buf: number, count: number, ppos: Loff): KRet {
  const pde = pdeOf(file);
  const read = pde.proc_ops?.proc_read;
  if (!read) return -EIO;
  return withPde(pde, () => read(file, buf, count, ppos), -EIO);
}

function proc_reg_write(file: File, buf: number, count: number, ppos: Loff): KRet {
  const pde = pdeOf(file);
  const write = pde.proc_ops?.proc_write;
  if (!write) return -EIO;
  return withPde(pde, () => write(file, buf, count, ppos), -EIO);
}

function proc_reg_llseek(file: File, offset: number, whence: number): number {
  const pde = pdeOf(file);
  // An entry without proc_lseek gets default_llseek (proc_reg_llseek() in 5.4).
  const lseek = pde.proc_ops?.proc_lseek ?? default_llseek;
  return withPde(pde, () => lseek(file, offset, whence), -EIO) as number;
}

function proc_reg_unlocked_ioctl(file: File, cmd: number, arg: number | bigint): KRet {
  const pde = pdeOf(file);
  const ioctl = pde.proc_ops?.proc_ioctl;
  if (!ioctl) return -ENOTTY;
  return withPde(pde, () => ioctl(file, cmd, arg), -EIO);
}

export const proc_reg_file_ops: FileOperations = {
  open: proc_reg_open,
  release: proc_reg_release,
  read: proc_reg_read,
  write: proc_reg_write,
  llseek: proc_reg_llseek,
  unlocked_ioctl: proc_reg_unlocked_ioctl,
};

/** proc_create_seq(): seq_open with the entry's seq_operations. */
export const proc_seq_ops = {
  proc_open(_inode: Inode, file: File): number {
    const pde = pdeOf(file);
    const r = seq_open(file, pde.seq_ops!);
    if (!r && pde.state_size) (file.private_data as { private: unknown }).private = {};
    return r;
  },
  proc_read: seq_read,
  proc_lseek: seq_lseek,
  proc_release: seq_release,
};

/** proc_create_single_data(): single_open with the entry's show and data. */
export const proc_single_ops = {
  proc_open(inode: Inode, file: File): number {
    const pde = inode.i_private as ProcDirEntry;
    return single_open(file, pde.single_show!, pde.data);
  },
  proc_read: seq_read,
  proc_lseek: seq_lseek,
  proc_release: seq_release,
};

/** Mirrors proc_readdir_de(): ".", "..", then the entries in their rb-tree order. */
export function proc_readdir_de(file: File, ctx: DirContext, pde: ProcDirEntry): boolean {
  if (!dir_emit_dots(file, ctx)) return false;
  const list = sortedChildren(pde);
  for (let i = ctx.pos - 2; i < list.length; i++) {
    const de = list[i];
    if (!ctx.actor(de.name, de.low_ino, IFTODT(de.mode) || DT_UNKNOWN)) return false;
    ctx.pos++;
  }
  return true;
}

/** The rb-tree of 5.4 orders names by length, then bytes (proc_match()). */
export function sortedChildren(pde: ProcDirEntry): ProcDirEntry[] {
  return [...pde.subdir.values()].sort((a, b) =>
    a.name.length !== b.name.length
      ? a.name.length - b.name.length
      : a.name < b.name
        ? -1
        : a.name > b.name
          ? 1
          : 0,
  );
}

export const proc_dir_operations: FileOperations = {
  llseek: default_llseek,
  read: () => generic_read_dir(),
  iterate_shared(file, ctx) {
    proc_readdir_de(file, ctx, file.f_inode.i_private as ProcDirEntry);
    return 0;
  },
};

/** Mirrors proc_lookup_de(): a miss is ERR_PTR(-ENOENT), so creating in /proc is ENOENT. */
export function proc_lookup_de(dir: Inode, dentry: Dentry, pde: ProcDirEntry): Dentry | number {
  const de = pde.subdir.get(dentry.d_name);
  if (!de) return -ENOENT;
  return proc_instantiate(dir, dentry, de);
}

export function proc_instantiate(_dir: Inode, dentry: Dentry, de: ProcDirEntry): Dentry {
  const inode = proc_get_inode(dir_sb(_dir), de);
  dentry.d_inode = inode;
  dentry.d_fsdata = de;
  de.dentry = dentry;
  return dentry;
}

function dir_sb(dir: Inode) {
  return dir.i_sb;
}

export const proc_dir_inode_operations: InodeOperations = {
  lookup(dir, dentry) {
    return proc_lookup_de(dir, dentry, dir.i_private as ProcDirEntry);
  },
};

const proc_link_inode_operations: InodeOperations = {
  get_link(dentry) {
    const de = dentry.d_fsdata as ProcDirEntry;
    return de.link ?? -ENOENT;
  },
};

/** Mirrors proc_get_inode(): one inode per entry, with its mode, owner and size. */
export function proc_get_inode(sb: Inode["i_sb"], de: ProcDirEntry): Inode {
  if (de.inode) return de.inode;
  const k = this_kernel();
  const inode = new Inode(sb, de.mode, k.clock.realtimeNs(), de.low_ino);
  inode.i_private = de;
  inode.i_uid = de.uid;
  inode.i_gid = de.gid;
  inode.i_size = de.size;
  inode.i_nlink = de.nlink;
  const type = de.mode & S_IFMT;
  if (type === S_IFREG) {
    inode.i_fop = proc_reg_file_ops;
    const perm = de.sysctlPermission;
    if (perm) inode.i_op = { permission: (_i, mask) => perm(mask) };
  } else if (type === S_IFDIR) {
    inode.i_op = de.proc_iops ?? proc_dir_inode_operations;
    inode.i_fop = de.proc_dir_ops ?? proc_dir_operations;
  } else if (type === S_IFLNK) {
    inode.i_op = proc_link_inode_operations;
  }
  de.inode = inode;
  return inode;
}

export { Dentry };
