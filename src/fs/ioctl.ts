/**
 * The ioctl system call (fs/ioctl.c of Linux 5.4): the generic commands first, the file's
 * own (file_ioctl() for regular files), then the driver's unlocked_ioctl.
 */

import {
  EBADF,
  EFAULT,
  EINVAL,
  EISDIR,
  ENOIOCTLCMD,
  ENOMEM,
  ENOTTY,
  EOPNOTSUPP,
  EPERM,
  EXDEV,
} from "../include/uapi/errno.ts";
import {
  FASYNC,
  O_APPEND,
  O_NONBLOCK,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from "../include/uapi/fcntl.ts";
import {
  FIBMAP,
  FICLONE,
  FICLONERANGE,
  FIDEDUPERANGE,
  FIFREEZE,
  FIGETBSZ,
  FITHAW,
  FS_IOC_FIEMAP,
  FS_IOC_RESVSP,
  FS_IOC_RESVSP64,
  SIZEOF_SPACE_RESV,
} from "../include/uapi/fs.ts";
import { FIOASYNC, FIOCLEX, FIONBIO, FIONCLEX, FIONREAD, FIOQSIZE } from "../include/uapi/ioctl.ts";
import { S_IFDIR, S_IFLNK, S_IFMT, S_IFREG } from "../include/uapi/stat.ts";
import { CAP_SYS_ADMIN, cred_has_cap } from "../kernel/capability.ts";
import type { Task } from "../kernel/task.ts";
import { copy_from_user, get_user, put_user } from "../mm/uaccess.ts";
import { fdget } from "./file_table.ts";
import { type File, FMODE_READ, FMODE_WRITE, type Inode, type KRet } from "./fs.ts";
import { generic_fillattr } from "./stat.ts";

const TWO_64 = 1n << 64n;

/**
 * The `unsigned long arg` register as drivers get it: a number when it fits a safe integer,
 * otherwise a bigint (C's negative ints arrive as their 64-bit two's complement).
 */
export function ioctlArg(arg: number | bigint): number | bigint {
  let v: bigint;
  if (typeof arg === "number") {
    if (Number.isSafeInteger(arg) && arg >= 0) return arg;
    v = Number.isFinite(arg) ? BigInt(Math.trunc(arg)) : 0n;
  } else v = arg;
  v = ((v % TWO_64) + TWO_64) % TWO_64;
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** C's conversion to `unsigned int` (ToUint32 for numbers, which also maps NaN to 0). */
function u32(x: number | bigint): number {
  return typeof x === "bigint" ? Number(BigInt.asUintN(32, x)) : x >>> 0;
}

/** A user pointer from the argument; huge values stay huge, so access_ok() refuses them. */
function userPtr(arg: number | bigint): number {
  return typeof arg === "number" ? arg : Number(arg);
}

function isType(inode: Inode, type: number): boolean {
  return (inode.i_mode & S_IFMT) === type;
}

/** sb->s_blocksize: procfs uses 1024 (proc_fill_super()), the others PAGE_SIZE. */
function s_blocksize(inode: Inode): number {
  return inode.i_sb.s_type.name === "proc" ? 1024 : 4096;
}

const fixIoctlRet = (r: number): number => (r === -ENOIOCTLCMD ? -ENOTTY : r);

/** Mirrors vfs_ioctl(): the driver's unlocked_ioctl; ENOTTY without one or for -ENOIOCTLCMD. */
export function vfs_ioctl(task: Task, filp: File, cmd: number, arg: number | bigint): KRet {
  const fop = filp.f_op;
  const fn = fop.unlocked_ioctl;
  if (!fn) return -ENOTTY;
  const owner = fop.owner ?? null;
  // Module code runs with its module current (printk prefix, fault if unloaded).
  const r = owner
    ? task.kernel.modules.callMethod(owner, fn, filp, cmd, arg, undefined)
    : fn(filp, cmd, arg);
  return typeof r === "number" ? fixIoctlRet(r) : r.then(fixIoctlRet);
}

/** Mirrors ioctl_preallocate() + vfs_fallocate(FALLOC_FL_KEEP_SIZE) up to the fs method. */
function ioctl_preallocate(filp: File, argp: number): number {
  const sr = new Uint8Array(SIZEOF_SPACE_RESV);
  if (copy_from_user(sr, argp, sr.length)) return -EFAULT;
  const dv = new DataView(sr.buffer);
  let start = dv.getBigInt64(8, true);
  const len = dv.getBigInt64(16, true);
  switch (dv.getInt16(2, true)) {
    case SEEK_SET:
      break;
    case SEEK_CUR:
      start += BigInt(filp.f_pos);
      break;
    case SEEK_END:
      start += BigInt(filp.f_inode.i_size);
      break;
    default:
      return -EINVAL;
  }
  if (start < 0n || len <= 0n) return -EINVAL;
  if (!(filp.f_mode & FMODE_WRITE)) return -EBADF;
  // Only tmpfs (shmem_fallocate) can preallocate; with KEEP_SIZE nothing visible changes.
  return filp.f_inode.i_sb.s_type.name === "tmpfs" ? 0 : -EOPNOTSUPP;
}

/** Mirrors file_ioctl(): commands of regular files, then the driver's. */
function file_ioctl(task: Task, filp: File, cmd: number, arg: number | bigint): KRet {
  const p = userPtr(arg);
  switch (cmd) {
    case FIBMAP:
      return -EINVAL; // no vkern filesystem has a_ops->bmap
    case FIONREAD:
      return put_user(filp.f_inode.i_size - filp.f_pos, p, "int");
    case FS_IOC_RESVSP:
    case FS_IOC_RESVSP64:
      return ioctl_preallocate(filp, p);
  }
  return vfs_ioctl(task, filp, cmd, arg);
}

/** Mirrors ioctl_fionbio(). */
function ioctl_fionbio(filp: File, argp: number): number {
  const v = get_user(argp, "int");
  if (v.err) return v.err;
  if (v.value) filp.f_flags |= O_NONBLOCK;
  else filp.f_flags &= ~O_NONBLOCK;
  return 0;
}

/** Mirrors ioctl_fioasync(): a change of FASYNC needs the file's fasync method (else ENOTTY). */
function ioctl_fioasync(fd: number, filp: File, argp: number): number {
  const v = get_user(argp, "int");
  if (v.err) return v.err;
  const on = v.value ? 1 : 0;
  const flag = on ? FASYNC : 0;
  let error = 0;
  if ((flag ^ filp.f_flags) & FASYNC) {
    if (filp.f_op.fasync) {
      error = filp.f_op.fasync(fd, filp, on);
      if (error >= 0) filp.f_flags = (filp.f_flags & ~FASYNC) | flag;
    } else error = -ENOTTY;
  }
  return Math.min(error, 0);
}

/** Mirrors ioctl_file_clone() and do_clone_file_range() up to the fs's remap_file_range. */
function ioctl_file_clone(task: Task, dst: File, srcfd: number | bigint): number {
  const src = fdget(task, u32(srcfd));
  if (typeof src === "number") return -EBADF;
  if (src.f_path.mnt !== dst.f_path.mnt) return -EXDEV;
  const si = src.f_inode;
  const di = dst.f_inode;
  if (isType(si, S_IFDIR) || isType(di, S_IFDIR)) return -EISDIR;
  if (!isType(si, S_IFREG) || !isType(di, S_IFREG)) return -EINVAL;
  if (si.i_sb !== di.i_sb) return -EXDEV;
  if (!(src.f_mode & FMODE_READ) || !(dst.f_mode & FMODE_WRITE) || dst.f_flags & O_APPEND)
    return -EBADF;
  return -EOPNOTSUPP; // no vkern filesystem can share extents
}

/** Mirrors ioctl_file_dedupe_range() and vfs_dedupe_file_range() up to remap_file_range. */
function ioctl_file_dedupe_range(filp: File, argp: number): number {
  const c = get_user(argp + 16, "u16");
  if (c.err) return -EFAULT;
  const size = 24 + 32 * Number(c.value);
  if (size > 4096) return -ENOMEM;
  const same = new Uint8Array(size);
  if (copy_from_user(same, argp, size)) return -EFAULT;
  const dv = new DataView(same.buffer);
  if (!(filp.f_mode & FMODE_READ)) return -EINVAL;
  if (dv.getUint16(18, true) || dv.getUint32(20, true)) return -EINVAL;
  if (isType(filp.f_inode, S_IFDIR)) return -EISDIR;
  if (!isType(filp.f_inode, S_IFREG)) return -EINVAL;
  return -EOPNOTSUPP;
}

/** Mirrors do_vfs_ioctl() of Linux 5.4. */
export function do_vfs_ioctl(
  task: Task,
  fd: number,
  filp: File,
  cmd: number,
  arg: number | bigint,
): KRet {
  const inode = filp.f_inode;
  const p = userPtr(arg);
  switch (cmd) {
    case FIOCLEX:
    case FIONCLEX: {
      const e = task.files.get(fd);
      if (e) e.cloexec = cmd === FIOCLEX;
      return 0;
    }
    case FIONBIO:
      return ioctl_fionbio(filp, p);
    case FIOASYNC:
      return ioctl_fioasync(fd, filp, p);
    case FIOQSIZE:
      if (isType(inode, S_IFDIR) || isType(inode, S_IFREG) || isType(inode, S_IFLNK)) {
        // inode_get_bytes(): the blocks the file occupies, not its size.
        const bytes = BigInt(generic_fillattr(inode).blocks) * 512n;
        return put_user(bytes, p, "s64");
      }
      return -ENOTTY;
    case FIFREEZE:
      // ioctl_fsfreeze(): no vkern filesystem has freeze_fs.
      return cred_has_cap(task.cred, CAP_SYS_ADMIN) ? -EOPNOTSUPP : -EPERM;
    case FITHAW:
      // ioctl_fsthaw(): thaw_super() of a filesystem that is not frozen.
      return cred_has_cap(task.cred, CAP_SYS_ADMIN) ? -EINVAL : -EPERM;
    case FS_IOC_FIEMAP:
      return -EOPNOTSUPP; // ioctl_fiemap(): no i_op->fiemap
    case FIGETBSZ:
      return put_user(s_blocksize(inode), p, "int");
    case FICLONE:
      return ioctl_file_clone(task, filp, arg);
    case FICLONERANGE: {
      const b = new Uint8Array(32);
      if (copy_from_user(b, p, 32)) return -EFAULT;
      return ioctl_file_clone(task, filp, new DataView(b.buffer).getBigInt64(0, true));
    }
    case FIDEDUPERANGE:
      return ioctl_file_dedupe_range(filp, p);
    default:
      if (isType(inode, S_IFREG)) return file_ioctl(task, filp, cmd, arg);
      return vfs_ioctl(task, filp, cmd, arg);
  }
}

/** Mirrors ksys_ioctl(): `unsigned int fd, unsigned int cmd, unsigned long arg`. */
export function sys_ioctl(
  t: Task,
  fd: number | bigint,
  cmd: number | bigint,
  arg: number | bigint,
): KRet {
  const ufd = u32(fd);
  const f = fdget(t, ufd);
  if (typeof f === "number") return f;
  return do_vfs_ioctl(t, ufd, f, u32(cmd), ioctlArg(arg));
}
