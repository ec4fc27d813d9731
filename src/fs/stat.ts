/** stat and readlink (fs/stat.c). */

import { EFAULT, EINVAL } from "../include/uapi/errno.ts";
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW } from "../include/uapi/fcntl.ts";
import { huge_encode_dev, S_IFLNK, S_IFMT, S_IFREG } from "../include/uapi/stat.ts";
import type { Task } from "../kernel/task.ts";
import { copy_to_user } from "../mm/uaccess.ts";
import { fdget } from "./file_table.ts";
import type { Inode, KStat, Path } from "./fs.ts";
import { getname, isLnk, readlinkOf, user_path_at } from "./namei.ts";

/** Mirrors generic_fillattr(). */
export function generic_fillattr(inode: Inode): KStat {
  const size = inode.i_size;
  const isReg = (inode.i_mode & S_IFMT) === S_IFREG;
  return {
    dev: inode.i_sb.s_dev,
    ino: inode.i_ino,
    mode: inode.i_mode,
    nlink: inode.i_nlink,
    uid: inode.i_uid,
    gid: inode.i_gid,
    rdev: inode.i_rdev,
    size,
    blksize: 4096,
    // tmpfs allocates whole pages; pseudo files have none.
    blocks: inode.i_blocks ?? (isReg && inode.i_data ? Math.ceil(size / 4096) * 8 : 0),
    atimeNs: inode.i_atimeNs,
    mtimeNs: inode.i_mtimeNs,
    ctimeNs: inode.i_ctimeNs,
  };
}

/** Mirrors vfs_getattr(): the filesystem's getattr may adjust the generic attributes. */
export function vfs_getattr(p: Path): KStat | number {
  const inode = p.dentry.d_inode!;
  const st = generic_fillattr(inode);
  if (inode.i_op.getattr) {
    const err = inode.i_op.getattr(p.dentry, st);
    if (err) return err;
  }
  return st;
}

/**
 * One struct stat for every stat call: the copy to user memory is synchronous, so it is
 * never in use twice (a fresh buffer, DataView and closures per call cost more than the
 * path walk).
 */
const statBuf = new Uint8Array(144);
const statView = new DataView(statBuf.buffer);
const NS_PER_S = 1_000_000_000n;

/** A 64-bit field from a number: two 32-bit halves when it fits, else through BigInt. */
function put64(off: number, v: number): void {
  if (v >= 0 && v <= Number.MAX_SAFE_INTEGER) {
    statView.setUint32(off, v >>> 0, true);
    statView.setUint32(off + 4, Math.floor(v / 0x100000000), true);
  } else statView.setBigInt64(off, BigInt.asIntN(64, BigInt(Math.trunc(v))), true);
}

/**
 * st_dev/st_rdev as cp_new_stat() stores them on x86_64: huge_encode_dev(), whose value
 * (new_encode_dev()) always fits the low 32 bits of the 64-bit field.
 */
function putDev(off: number, dev: number): void {
  statView.setUint32(off, huge_encode_dev(dev), true);
  statView.setUint32(off + 4, 0, true);
}

/** A timespec from nanoseconds. */
function putTime(off: number, ns: bigint): void {
  statView.setBigInt64(off, ns / NS_PER_S, true);
  statView.setBigInt64(off + 8, ns % NS_PER_S, true);
}

/** Lays a kstat out as x86_64's struct stat (144 bytes, cp_new_stat()). */
export function encodeStat(st: KStat): Uint8Array {
  const dv = statView;
  putDev(0, st.dev);
  put64(8, st.ino);
  put64(16, st.nlink);
  dv.setUint32(24, st.mode, true);
  dv.setUint32(28, st.uid, true);
  dv.setUint32(32, st.gid, true);
  dv.setUint32(36, 0, true); // __pad0
  putDev(40, st.rdev);
  put64(48, st.size);
  put64(56, st.blksize);
  put64(64, st.blocks);
  putTime(72, st.atimeNs);
  putTime(88, st.mtimeNs);
  putTime(104, st.ctimeNs);
  // 120..143: __glibc_reserved[3], always zero.
  return statBuf;
}

function putStat(p: Path, statbuf: number): number {
  const st = vfs_getattr(p);
  if (typeof st === "number") return st;
  return copy_to_user(statbuf, encodeStat(st), 144) ? -EFAULT : 0;
}

export function sys_newfstatat(
  t: Task,
  dfd: number,
  pathPtr: number,
  statbuf: number,
  flags: number,
): number {
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x800)) return -EINVAL;
  const name = getname(pathPtr, (flags & AT_EMPTY_PATH) !== 0);
  if (typeof name === "number") return name;
  if (name === "" && flags & AT_EMPTY_PATH) return sys_fstat(t, dfd, statbuf);
  const p = user_path_at(t, dfd, name, !(flags & AT_SYMLINK_NOFOLLOW));
  if (typeof p === "number") return p;
  return putStat(p, statbuf);
}

export function sys_stat(t: Task, pathPtr: number, statbuf: number): number {
  return sys_newfstatat(t, AT_FDCWD, pathPtr, statbuf, 0);
}

export function sys_lstat(t: Task, pathPtr: number, statbuf: number): number {
  return sys_newfstatat(t, AT_FDCWD, pathPtr, statbuf, AT_SYMLINK_NOFOLLOW);
}

export function sys_fstat(t: Task, fd: number, statbuf: number): number {
  const f = fdget(t, fd, true);
  if (typeof f === "number") return f;
  return putStat(f.f_path, statbuf);
}

/** Mirrors do_readlinkat(): EINVAL for a non-symlink; the target is not NUL-terminated. */
export function sys_readlinkat(
  t: Task,
  dfd: number,
  pathPtr: number,
  buf: number,
  bufsiz: number,
): number {
  if (bufsiz <= 0) return -EINVAL;
  const name = getname(pathPtr, true);
  if (typeof name === "number") return name;
  const p = user_path_at(t, dfd, name, false);
  if (typeof p === "number") return p;
  const inode = p.dentry.d_inode!;
  if (!isLnk(inode) || (inode.i_mode & S_IFMT) !== S_IFLNK) return -EINVAL;
  const target = readlinkOf(p.dentry);
  if (typeof target === "number") return target;
  const bytes = new TextEncoder().encode(target);
  const n = Math.min(bytes.length, bufsiz);
  return copy_to_user(buf, bytes, n) ? -EFAULT : n;
}

export function sys_readlink(t: Task, pathPtr: number, buf: number, bufsiz: number): number {
  return sys_readlinkat(t, AT_FDCWD, pathPtr, buf, bufsiz);
}
