/**
 * Changing file timestamps (fs/utimes.c of Linux 5.4): utimensat(2), and through it
 * futimens(3) (a NULL path with a file descriptor) and touch(1).
 */

import { EBADF, EFAULT, EINVAL, EPERM } from "../include/uapi/errno.ts";
import { AT_FDCWD, AT_SYMLINK_NOFOLLOW } from "../include/uapi/fcntl.ts";
import { CAP_FOWNER, cred_has_cap } from "../kernel/capability.ts";
import type { Task } from "../kernel/task.ts";
import { copy_from_user } from "../mm/uaccess.ts";
import { fdget } from "./file_table.ts";
import { type IAttr, MAY_WRITE, type Path } from "./fs.ts";
import { getname, inode_permission, user_path_at } from "./namei.ts";

/** include/uapi/linux/stat.h */
export const UTIME_NOW = (1 << 30) - 1;
export const UTIME_OMIT = (1 << 30) - 2;

export interface KTimespec {
  sec: bigint;
  nsec: number;
}

/** Mirrors nsec_valid(). */
function nsec_valid(nsec: number): boolean {
  if (nsec === UTIME_OMIT || nsec === UTIME_NOW) return true;
  return nsec >= 0 && nsec <= 999999999;
}

/** Mirrors inode_owner_or_capable(): the file's owner, or CAP_FOWNER. */
function inode_owner_or_capable(t: Task, uid: number): boolean {
  return t.cred.fsuid === uid || cred_has_cap(t.cred, CAP_FOWNER);
}

/**
 * Mirrors utimes_common() with notify_change()'s checks: explicit times need the owner or
 * CAP_FOWNER (EPERM); "now" (no times, or both UTIME_NOW) is also allowed to anyone who may
 * write the file (else EACCES). ctime always becomes now.
 */
export function utimes_common(t: Task, path: Path, times: KTimespec[] | null): number {
  const inode = path.dentry.d_inode!;
  if (times && times[0].nsec === UTIME_NOW && times[1].nsec === UTIME_NOW) times = null;
  if (times) {
    if (!inode_owner_or_capable(t, inode.i_uid)) return -EPERM;
  } else if (!inode_owner_or_capable(t, inode.i_uid)) {
    const err = inode_permission(inode, MAY_WRITE, t.cred);
    if (err) return err;
  }
  const now = t.kernel.clock.realtimeNs();
  const toNs = (ts: KTimespec): bigint => ts.sec * 1_000_000_000n + BigInt(ts.nsec);
  const attr: IAttr = {};
  if (!times || times[0].nsec !== UTIME_OMIT) {
    attr.atimeNs = times && times[0].nsec !== UTIME_NOW ? toNs(times[0]) : now;
  }
  if (!times || times[1].nsec !== UTIME_OMIT) {
    attr.mtimeNs = times && times[1].nsec !== UTIME_NOW ? toNs(times[1]) : now;
  }
  if (inode.i_op.setattr) {
    const err = inode.i_op.setattr(path.dentry, attr);
    if (err) return err;
  }
  if (attr.atimeNs !== undefined) inode.i_atimeNs = attr.atimeNs;
  if (attr.mtimeNs !== undefined) inode.i_mtimeNs = attr.mtimeNs;
  inode.i_ctimeNs = now;
  return 0;
}

/**
 * Mirrors do_utimes(): a NULL name with a real dfd works on that open file (futimens);
 * otherwise the path is looked up from dfd, following a final symlink unless
 * AT_SYMLINK_NOFOLLOW.
 */
export function do_utimes(
  t: Task,
  dfd: number,
  filename: number,
  times: KTimespec[] | null,
  flags: number,
): number {
  if (times && (!nsec_valid(times[0].nsec) || !nsec_valid(times[1].nsec))) return -EINVAL;
  if (flags & ~AT_SYMLINK_NOFOLLOW) return -EINVAL;
  if (filename === 0 && dfd !== AT_FDCWD) {
    if (flags & AT_SYMLINK_NOFOLLOW) return -EINVAL;
    const f = fdget(t, dfd);
    if (typeof f === "number") return -EBADF;
    return utimes_common(t, f.f_path, times);
  }
  if (filename === 0) return -EFAULT;
  const name = getname(filename);
  if (typeof name === "number") return name;
  const p = user_path_at(t, dfd, name, !(flags & AT_SYMLINK_NOFOLLOW));
  if (typeof p === "number") return p;
  return utimes_common(t, p, times);
}

/** Mirrors SYSCALL_DEFINE4(utimensat): two struct timespec or NULL for "now". */
export function sys_utimensat(
  t: Task,
  dfd: number,
  filename: number,
  utimes: number,
  flags: number,
): number {
  let times: KTimespec[] | null = null;
  if (utimes) {
    const b = new Uint8Array(32);
    if (copy_from_user(b, utimes, 32)) return -EFAULT;
    const dv = new DataView(b.buffer);
    times = [0, 16].map((o) => ({
      sec: dv.getBigInt64(o, true),
      nsec: Number(dv.getBigInt64(o + 8, true)),
    }));
    // Nothing to do: the path is not even checked.
    if (times[0].nsec === UTIME_OMIT && times[1].nsec === UTIME_OMIT) return 0;
  }
  return do_utimes(t, dfd | 0, filename, times, flags);
}
