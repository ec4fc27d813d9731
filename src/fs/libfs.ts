/**
 * Library helpers for simple filesystems (fs/libfs.c, fs/read_write.c).
 */

import { EFAULT, EINVAL, ENOTDIR } from "../include/uapi/errno.ts";
import { SEEK_CUR, SEEK_DATA, SEEK_END, SEEK_HOLE, SEEK_SET } from "../include/uapi/fcntl.ts";
import { DT_DIR, DT_UNKNOWN, IFTODT } from "../include/uapi/stat.ts";
import { copy_from_user, copy_to_user, type UserPtr } from "../mm/uaccess.ts";
import type { DirContext, File, FileOperations, Loff } from "./fs.ts";

const utf8 = new TextEncoder();

/** include/linux/fs.h MAX_LFS_FILESIZE on 64-bit */
export const MAX_LFS_FILESIZE = Number.MAX_SAFE_INTEGER;

/** Mirrors fs/read_write.c:generic_file_llseek_size(). */
export function generic_file_llseek_size(
  file: File,
  offset: number,
  whence: number,
  maxsize: number,
  eof: number,
): number {
  switch (whence) {
    case SEEK_SET:
      break;
    case SEEK_END:
      offset += eof;
      break;
    case SEEK_CUR:
      if (offset === 0) return file.f_pos;
      offset += file.f_pos;
      break;
    case SEEK_DATA:
      if (offset < 0 || offset >= eof) return -6; // -ENXIO
      break;
    case SEEK_HOLE:
      if (offset < 0 || offset >= eof) return -6; // -ENXIO
      offset = eof;
      break;
    default:
      return -EINVAL;
  }
  if (offset < 0 || offset > maxsize) return -EINVAL;
  file.f_pos = offset;
  return offset;
}

/** Mirrors generic_file_llseek(): bounded by the inode size for SEEK_END. */
export function generic_file_llseek(file: File, offset: number, whence: number): number {
  return generic_file_llseek_size(file, offset, whence, MAX_LFS_FILESIZE, file.f_inode.i_size);
}

/** Mirrors no_llseek(): -ESPIPE. */
export function no_llseek(_file: File, _offset: number, _whence: number): number {
  return -29;
}

/** Mirrors noop_llseek(): the position stays, the call succeeds. */
export function noop_llseek(file: File, _offset: number, _whence: number): number {
  return file.f_pos;
}

/** Mirrors default_llseek(): like generic, but SEEK_END needs i_size and any offset ≥ 0 goes. */
export function default_llseek(file: File, offset: number, whence: number): number {
  switch (whence) {
    case SEEK_END:
      offset += file.f_inode.i_size;
      break;
    case SEEK_CUR:
      if (offset === 0) return file.f_pos;
      offset += file.f_pos;
      break;
    case SEEK_DATA:
      if (offset >= file.f_inode.i_size) return -6;
      break;
    case SEEK_HOLE:
      if (offset >= file.f_inode.i_size) return -6;
      offset = file.f_inode.i_size;
      break;
    case SEEK_SET:
      break;
    default:
      return -EINVAL;
  }
  if (offset < 0) return -EINVAL;
  file.f_pos = offset;
  return offset;
}

/**
 * Mirrors fs/libfs.c:simple_read_from_buffer(): copies from a kernel buffer at *ppos
 * to user space, advancing *ppos. Returns bytes copied or -EFAULT.
 */
export function simple_read_from_buffer(
  to: UserPtr,
  count: number,
  ppos: Loff,
  from: Uint8Array | string,
  available?: number,
): number {
  const src = typeof from === "string" ? utf8.encode(from) : from;
  const avail = available ?? src.length;
  const pos = ppos.value;
  if (pos < 0) return -EINVAL;
  if (pos >= avail || !count) return 0;
  if (count > avail - pos) count = avail - pos;
  const ret = copy_to_user(to, src.subarray(pos, pos + count), count);
  if (ret === count) return -EFAULT;
  count -= ret;
  ppos.value = pos + count;
  return count;
}

/**
 * Mirrors fs/libfs.c:simple_write_to_buffer(): copies user data into a kernel buffer
 * at *ppos. Returns bytes copied or -EFAULT/-EINVAL.
 */
export function simple_write_to_buffer(
  to: Uint8Array,
  available: number,
  ppos: Loff,
  from: UserPtr,
  count: number,
): number {
  const pos = ppos.value;
  if (pos < 0) return -EINVAL;
  if (pos >= available || !count) return 0;
  if (count > available - pos) count = available - pos;
  const tmp = new Uint8Array(count);
  const res = copy_from_user(tmp, from, count);
  if (res === count) return -EFAULT;
  count -= res;
  to.set(tmp.subarray(0, count), pos);
  ppos.value = pos + count;
  return count;
}

/** Mirrors dir_emit_dots(): "." and ".." at positions 0 and 1. */
export function dir_emit_dots(file: File, ctx: DirContext): boolean {
  if (ctx.pos === 0) {
    if (!ctx.actor(".", file.f_inode.i_ino, DT_DIR)) return false;
    ctx.pos = 1;
  }
  if (ctx.pos === 1) {
    const parent = file.f_path.dentry.d_parent.d_inode!;
    if (!ctx.actor("..", parent.i_ino, DT_DIR)) return false;
    ctx.pos = 2;
  }
  return true;
}

/**
 * Mirrors dcache_readdir(): lists the directory's children in the dcache, newest
 * first, as d_alloc() adds each new dentry at the head of d_subdirs.
 */
export function dcache_readdir(file: File, ctx: DirContext): number {
  if (!dir_emit_dots(file, ctx)) return 0;
  const children = file.f_path.dentry.d_subdirs;
  if (!children) return 0;
  const list = [...children.values()];
  for (let i = list.length - 1 - (ctx.pos - 2); i >= 0; i--) {
    const d = list[i];
    if (!d.d_inode || d.d_deleted) {
      ctx.pos++;
      continue;
    }
    const dt = IFTODT(d.d_inode.i_mode) || DT_UNKNOWN;
    if (!ctx.actor(d.d_name, d.d_inode.i_ino, dt)) return 0;
    ctx.pos++;
  }
  return 0;
}

/** Mirrors generic_read_dir(): read(2) on a directory gives EISDIR. */
export function generic_read_dir(): number {
  return -21;
}

/** Mirrors simple_dir_operations. */
export const simple_dir_operations: FileOperations = {
  llseek: (f, o, w) => default_llseek(f, o, w),
  read: () => generic_read_dir(),
  iterate_shared: dcache_readdir,
};

/** Mirrors simple_open(): file->private_data = inode->i_private. */
export function simple_open(inode: { i_private: unknown }, file: File): number {
  if (inode.i_private) file.private_data = inode.i_private;
  return 0;
}

export function notDirectory(): number {
  return -ENOTDIR;
}
