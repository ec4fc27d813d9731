/**
 * read/write/lseek and their vector and positional forms (fs/read_write.c).
 */

import { EBADF, EFAULT, EINVAL, EISDIR, ESPIPE } from "../include/uapi/errno.ts";
import { S_IFDIR, S_IFMT } from "../include/uapi/stat.ts";
import type { Task } from "../kernel/task.ts";
import { copy_from_user } from "../mm/uaccess.ts";
import { fdget } from "./file_table.ts";
import {
  type File,
  FMODE_LSEEK,
  FMODE_PREAD,
  FMODE_PWRITE,
  FMODE_READ,
  FMODE_WRITE,
  type KRet,
  type Loff,
} from "./fs.ts";

/** include/linux/fs.h MAX_RW_COUNT: INT_MAX & PAGE_MASK */
export const MAX_RW_COUNT = 0x7ffff000;

function isDirFile(f: File): boolean {
  return (f.f_inode.i_mode & S_IFMT) === S_IFDIR;
}

/** Mirrors rw_verify_area(): a negative position or count is EINVAL; counts are capped. */
function rw_verify(pos: number, count: number): number {
  if (count < 0 || pos < 0) return -EINVAL;
  return Math.min(count, MAX_RW_COUNT);
}

/** Mirrors vfs_read(). */
export function vfs_read(task: Task, file: File, buf: number, count: number, pos: Loff): KRet {
  if (!(file.f_mode & FMODE_READ)) return -EBADF;
  const read = file.f_op.read;
  if (!read) return isDirFile(file) ? -EISDIR : -EINVAL;
  const n = rw_verify(pos.value, count);
  if (n < 0) return n;
  const owner = file.f_op.owner;
  return owner
    ? task.kernel.modules.callMethod(owner, read, file, buf, n, pos)
    : read(file, buf, n, pos);
}

/** Mirrors vfs_write(). */
export function vfs_write(task: Task, file: File, buf: number, count: number, pos: Loff): KRet {
  if (!(file.f_mode & FMODE_WRITE)) return -EBADF;
  const write = file.f_op.write;
  if (!write) return -EINVAL;
  const n = rw_verify(pos.value, count);
  if (n < 0) return n;
  const owner = file.f_op.owner;
  return owner
    ? task.kernel.modules.callMethod(owner, write, file, buf, n, pos)
    : write(file, buf, n, pos);
}

/** Runs a read/write at the file position and stores the new position back. */
function atFilePos(file: File, op: (pos: Loff) => KRet): KRet {
  const pos: Loff = { value: file.f_pos };
  const r = op(pos);
  if (typeof r === "number") {
    if (r >= 0) file.f_pos = pos.value;
    return r;
  }
  return r.then((v) => {
    if (v >= 0) file.f_pos = pos.value;
    return v;
  });
}

export function sys_read(t: Task, fd: number, buf: number, count: number): KRet {
  const f = fdget(t, fd);
  if (typeof f === "number") return f;
  return atFilePos(f, (pos) => vfs_read(t, f, buf, count, pos));
}

export function sys_write(t: Task, fd: number, buf: number, count: number): KRet {
  const f = fdget(t, fd);
  if (typeof f === "number") return f;
  return atFilePos(f, (pos) => vfs_write(t, f, buf, count, pos));
}

export function sys_pread64(t: Task, fd: number, buf: number, count: number, off: number): KRet {
  const f = fdget(t, fd);
  if (typeof f === "number") return f;
  if (off < 0) return -EINVAL;
  if (!(f.f_mode & FMODE_PREAD)) return -ESPIPE;
  return vfs_read(t, f, buf, count, { value: off });
}

export function sys_pwrite64(t: Task, fd: number, buf: number, count: number, off: number): KRet {
  const f = fdget(t, fd);
  if (typeof f === "number") return f;
  if (off < 0) return -EINVAL;
  if (!(f.f_mode & FMODE_PWRITE)) return -ESPIPE;
  return vfs_write(t, f, buf, count, { value: off });
}

/** Mirrors vfs_llseek(): files without FMODE_LSEEK or an llseek method give ESPIPE. */
export function vfs_llseek(task: Task, file: File, offset: number, whence: number): number {
  if (!(file.f_mode & FMODE_LSEEK) || !file.f_op.llseek) return -ESPIPE;
  const llseek = file.f_op.llseek;
  return task.kernel.modules.callInto(file.f_op.owner ?? null, () => llseek(file, offset, whence));
}

export function sys_lseek(t: Task, fd: number, offset: number, whence: number): number {
  const f = fdget(t, fd);
  if (typeof f === "number") return f;
  if (whence < 0 || whence > 4) return -EINVAL;
  return vfs_llseek(t, f, offset, whence);
}

interface IoVec {
  base: number;
  len: number;
}

/** Reads an iovec array from user memory (import_iovec()). */
function readIovec(iov: number, iovcnt: number): IoVec[] | number {
  if (iovcnt < 0 || iovcnt > 1024) return -EINVAL;
  const raw = new Uint8Array(iovcnt * 16);
  if (copy_from_user(raw, iov, raw.length)) return -EFAULT;
  const dv = new DataView(raw.buffer);
  const out: IoVec[] = [];
  let total = 0;
  for (let i = 0; i < iovcnt; i++) {
    const base = Number(dv.getBigUint64(i * 16, true));
    const len = Number(dv.getBigInt64(i * 16 + 8, true));
    if (len < 0) return -EINVAL;
    total += len;
    if (total > MAX_RW_COUNT) return -EINVAL;
    out.push({ base, len });
  }
  return out;
}

/** Runs one segment after another, stopping at a short transfer (do_loop_readv_writev()). */
function loopIov(vecs: IoVec[], one: (v: IoVec) => KRet): KRet {
  let total = 0;
  const step = (i: number): KRet => {
    for (; i < vecs.length; i++) {
      const v = vecs[i];
      if (v.len === 0) continue;
      const r = one(v);
      if (typeof r !== "number") {
        return r.then((n) => {
          if (n < 0) return total > 0 ? total : n;
          total += n;
          return n < v.len ? total : step(i + 1);
        });
      }
      if (r < 0) return total > 0 ? total : r;
      total += r;
      if (r < v.len) break;
    }
    return total;
  };
  return step(0);
}

export function sys_readv(t: Task, fd: number, iov: number, iovcnt: number): KRet {
  const f = fdget(t, fd);
  if (typeof f === "number") return f;
  const vecs = readIovec(iov, iovcnt);
  if (typeof vecs === "number") return vecs;
  if (!(f.f_mode & FMODE_READ)) return -EBADF;
  return loopIov(vecs, (v) => atFilePos(f, (pos) => vfs_read(t, f, v.base, v.len, pos)));
}

export function sys_writev(t: Task, fd: number, iov: number, iovcnt: number): KRet {
  const f = fdget(t, fd);
  if (typeof f === "number") return f;
  const vecs = readIovec(iov, iovcnt);
  if (typeof vecs === "number") return vecs;
  if (!(f.f_mode & FMODE_WRITE)) return -EBADF;
  return loopIov(vecs, (v) => atFilePos(f, (pos) => vfs_write(t, f, v.base, v.len, pos)));
}
