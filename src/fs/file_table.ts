/** Opening and dropping struct file (fs/open.c:do_dentry_open(), fs/file_table.c:fput()). */

import { EBADF } from "../include/uapi/errno.ts";
import { O_ACCMODE, O_PATH, O_RDONLY, O_RDWR, O_WRONLY } from "../include/uapi/fcntl.ts";
import type { Kernel } from "../kernel/kernel.ts";
import type { Task } from "../kernel/task.ts";
import { chrdev_file_put } from "./char_dev.ts";
import {
  File,
  type FileOperations,
  FMODE_LSEEK,
  FMODE_PATH,
  FMODE_PREAD,
  FMODE_PWRITE,
  FMODE_READ,
  FMODE_WRITE,
  type KRet,
  type Path,
} from "./fs.ts";

/** The f_mode an open with these flags gets (OPEN_FMODE()). */
export function openFmode(flags: number): number {
  if (flags & O_PATH) return FMODE_PATH;
  const acc = flags & O_ACCMODE;
  let m = FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE;
  if (acc === O_RDONLY || acc === O_RDWR) m |= FMODE_READ;
  if (acc === O_WRONLY || acc === O_RDWR) m |= FMODE_WRITE;
  return m;
}

const emptyFops: FileOperations = {};

/**
 * Mirrors do_dentry_open(): a new struct file on `path`, the inode's operations
 * taken with fops_get() (pinning their owner module), then the open method.
 */
export function do_dentry_open(
  k: Kernel,
  task: Task,
  path: Path,
  flags: number,
): File | number | Promise<File | number> {
  const inode = path.dentry.d_inode!;
  const mode = openFmode(flags);
  if (mode & FMODE_PATH) return new File(path, inode, emptyFops, flags, mode, task.cred, task);
  const fops = inode.i_fop;
  if (fops.owner && !k.modules.try_module_get(fops.owner)) return -6; // -ENXIO
  const file = new File(path, inode, fops, flags, mode, task.cred, task);
  if (!fops.open) return file;
  const open = fops.open;
  const r = fops.owner
    ? k.modules.callInto(fops.owner, () => open(inode, file))
    : open(inode, file);
  return typeof r === "number" ? openDone(k, file, r) : r.then((err) => openDone(k, file, err));
}

/** The end of do_dentry_open(): a failed open drops the module reference it took. */
function openDone(k: Kernel, file: File, err: number): File | number {
  if (err) {
    if (file.f_op.owner) k.modules.module_put(file.f_op.owner);
    return err;
  }
  return file;
}

/** Takes a reference (get_file()). */
export function get_file(f: File): File {
  f.f_count++;
  return f;
}

/** Drops a reference; the last one calls release and unpins the owner module (fput()). */
export function fput(k: Kernel, f: File): void {
  if (--f.f_count > 0) return;
  const fops = f.f_op;
  if (fops.release && !(f.f_mode & FMODE_PATH)) {
    const rel = fops.release;
    k.modules.callInto(fops.owner ?? null, () => rel(f.f_inode, f));
  }
  chrdev_file_put(k, f); // cdev_put() of a character device's cdev
  if (fops.owner) k.modules.module_put(fops.owner);
}

/** Looks an fd up in the task's table (fdget()); O_PATH files only where allowed. */
export function fdget(task: Task, fd: number, allowPath = false): File | number {
  const e = task.files.get(fd);
  if (!e) return -EBADF;
  if (!allowPath && e.file.f_mode & FMODE_PATH) return -EBADF;
  return e.file;
}

export type { KRet };
