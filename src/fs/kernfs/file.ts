/**
 * kernfs file operations (fs/kernfs/file.c of Linux 5.4): every open gets a seq_file;
 * nodes with seq_show read through seq_read() (so small reads and reads at offsets come
 * from one show() result, re-run only when seq_file must traverse again), others read
 * directly; each write() is one ->write() call with a NUL-terminated copy of at most
 * PAGE_SIZE bytes. Once the node is removed, open files get ENODEV.
 */

import { E2BIG, EACCES, EFAULT, EINVAL, ENODEV } from "../../include/uapi/errno.ts";
import { S_IRUGO, S_IWUGO } from "../../include/uapi/stat.ts";
import { PAGE_SIZE } from "../../mm/mm.ts";
import { copy_from_user, copy_to_user, type UserPtr } from "../../mm/uaccess.ts";
import {
  type File,
  type FileOperations,
  FMODE_PWRITE,
  FMODE_READ,
  FMODE_WRITE,
  type Inode,
  type Loff,
  type PollTable,
} from "../fs.ts";
import { generic_file_llseek } from "../libfs.ts";
import {
  ERR_PTR,
  type SeqFile,
  type SeqOperations,
  seq_open,
  seq_read,
  seq_release,
} from "../seq_file.ts";
import {
  KERNFS_ROOT_EXTRA_OPEN_PERM_CHECK,
  type KernfsNode,
  KernfsOpenFile,
  kernfs_get_active,
  kernfs_poll_queue,
} from "./kernfs.ts";

/** include/linux/poll.h DEFAULT_POLLMASK and the EPOLL bits kernfs reports. */
const EPOLLIN = 0x1;
const EPOLLPRI = 0x2;
const EPOLLOUT = 0x4;
const EPOLLERR = 0x8;
const EPOLLRDNORM = 0x40;
const EPOLLWRNORM = 0x100;
const DEFAULT_POLLMASK = EPOLLIN | EPOLLOUT | EPOLLRDNORM | EPOLLWRNORM;

function kernfs_of(file: File): KernfsOpenFile {
  return (file.private_data as SeqFile).private as KernfsOpenFile;
}

const SINGLE = { single: true };

/** kernfs_seq_ops: single_open() semantics with an active reference around show. */
const kernfs_seq_ops: SeqOperations = {
  start(sf, ppos) {
    const of = sf.private as KernfsOpenFile;
    if (!kernfs_get_active(of.kn)) return ERR_PTR(-ENODEV);
    return ppos.value === 0 ? SINGLE : null; // single_start()
  },
  next(_sf, _v, ppos) {
    ppos.value++;
    return null;
  },
  stop() {},
  show(sf, v) {
    const of = sf.private as KernfsOpenFile;
    of.event = of.kn.event;
    return of.kn.ops!.seq_show!(sf, v);
  },
};

/** Files without seq_show still get a seq_file (for private data); it never runs. */
const kernfs_null_seq_ops: SeqOperations = {
  start: () => null,
  next: () => null,
  stop() {},
  show: () => 0,
};

/** Mirrors kernfs_fop_open(): ENODEV once removed, EACCES for modes the node cannot serve. */
function kernfs_fop_open(inode: Inode, file: File): number {
  const kn = inode.i_private as KernfsNode;
  if (!kernfs_get_active(kn)) return -ENODEV;
  const ops = kn.ops ?? {};
  const has_read = !!(ops.seq_show || ops.read);
  const has_write = !!ops.write;
  if (kn.root.flags & KERNFS_ROOT_EXTRA_OPEN_PERM_CHECK) {
    // Checked after the DAC check, and even for root: a 0444 attribute can't be written.
    if (file.f_mode & FMODE_WRITE && (!(inode.i_mode & S_IWUGO) || !has_write)) return -EACCES;
    if (file.f_mode & FMODE_READ && (!(inode.i_mode & S_IRUGO) || !has_read)) return -EACCES;
  }
  const of = new KernfsOpenFile(kn, file);
  seq_open(file, ops.seq_show ? kernfs_seq_ops : kernfs_null_seq_ops);
  of.seq_file = file.private_data as SeqFile;
  of.seq_file.private = of;
  // seq_open() clears PWRITE unconditionally; restore it for writers.
  if (file.f_mode & FMODE_WRITE) file.f_mode |= FMODE_PWRITE;
  if (!kn.openFiles) kn.openFiles = new Set();
  kn.openFiles.add(of);
  if (ops.open) {
    const err = ops.open(of);
    if (err) {
      kn.openFiles.delete(of);
      seq_release(inode, file);
      return err;
    }
  }
  return 0;
}

/** Mirrors kernfs_file_direct_read(): one ->read() of at most PAGE_SIZE bytes. */
function kernfs_file_direct_read(of: KernfsOpenFile, ubuf: UserPtr, count: number, ppos: Loff) {
  let len = Math.min(count, PAGE_SIZE);
  const buf = new Uint8Array(len);
  if (!kernfs_get_active(of.kn)) return -ENODEV;
  of.event = of.kn.event;
  const read = of.kn.ops?.read;
  len = read ? read(of, buf, len, ppos.value) : -EINVAL;
  if (len < 0) return len;
  if (copy_to_user(ubuf, buf.subarray(0, len), len)) return -EFAULT;
  ppos.value += len;
  return len;
}

/** Mirrors kernfs_fop_read(). */
function kernfs_fop_read(file: File, buf: UserPtr, count: number, ppos: Loff): number {
  const of = kernfs_of(file);
  if (of.kn.ops?.seq_show) return seq_read(file, buf, count, ppos);
  return kernfs_file_direct_read(of, buf, count, ppos);
}

/**
 * Mirrors kernfs_fop_write(): there is no partial write; each call passes the whole
 * (PAGE_SIZE-capped) buffer, NUL-terminated, at the file position.
 */
function kernfs_fop_write(file: File, ubuf: UserPtr, count: number, ppos: Loff): number {
  const of = kernfs_of(file);
  const kn = of.kn;
  let len: number;
  const atomic = kn.ops?.atomic_write_len ?? 0;
  if (atomic) {
    if (count > atomic) return -E2BIG;
    len = count;
  } else {
    len = Math.min(count, PAGE_SIZE);
  }
  const buf = new Uint8Array(len + 1);
  if (copy_from_user(buf, ubuf, len)) return -EFAULT;
  buf[len] = 0; // guarantee string termination
  if (!kernfs_get_active(kn)) return -ENODEV;
  const write = kn.ops?.write;
  len = write ? write(of, buf, len, ppos.value) : -EINVAL;
  if (len > 0) ppos.value += len;
  return len;
}

/** Mirrors kernfs_fop_release(). */
function kernfs_fop_release(inode: Inode, file: File): number {
  const of = kernfs_of(file);
  const kn = of.kn;
  if (!of.released) {
    of.released = true;
    kn.ops?.release?.(of);
  }
  kn.openFiles?.delete(of);
  if (kn.openFiles?.size === 0) kn.openFiles = null;
  seq_release(inode, file);
  return 0;
}

/** Mirrors kernfs_fop_poll() / kernfs_generic_poll(). */
function kernfs_fop_poll(file: File, wait: PollTable | null): number {
  const of = kernfs_of(file);
  const kn = of.kn;
  if (!kernfs_get_active(kn)) return DEFAULT_POLLMASK | EPOLLERR | EPOLLPRI;
  wait?.wait(kernfs_poll_queue(kn));
  if (of.event !== kn.event) return DEFAULT_POLLMASK | EPOLLERR | EPOLLPRI;
  return DEFAULT_POLLMASK;
}

/** kernfs_file_fops: 5.4 seeks with generic_file_llseek, so SEEK_END is i_size (4096). */
export const kernfs_file_fops: FileOperations = {
  open: kernfs_fop_open,
  read: kernfs_fop_read,
  write: kernfs_fop_write,
  llseek: generic_file_llseek,
  release: kernfs_fop_release,
  poll: kernfs_fop_poll,
  fsync: () => 0,
};

/** The open file of a struct file on kernfs (of_file()), for sysfs's bin read/write. */
export { kernfs_of };
