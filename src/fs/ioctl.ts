/** The ioctl system call (fs/ioctl.c): generic commands first, then the driver's. */

import { EFAULT, ENOIOCTLCMD, ENOTTY } from "../include/uapi/errno.ts";
import { O_NONBLOCK } from "../include/uapi/fcntl.ts";
import { FIOASYNC, FIOCLEX, FIONBIO, FIONCLEX, FIONREAD, FIOQSIZE } from "../include/uapi/ioctl.ts";
import { S_IFDIR, S_IFLNK, S_IFMT, S_IFREG } from "../include/uapi/stat.ts";
import type { Task } from "../kernel/task.ts";
import { get_user, put_user } from "../mm/uaccess.ts";
import { fdget } from "./file_table.ts";
import type { File, KRet } from "./fs.ts";

function argPtr(arg: number | bigint): number {
  const n = typeof arg === "bigint" ? Number(BigInt.asUintN(64, arg)) : arg;
  return n;
}

/** Mirrors vfs_ioctl(): the driver's unlocked_ioctl, ENOTTY without one or for -ENOIOCTLCMD. */
export function vfs_ioctl(task: Task, filp: File, cmd: number, arg: number | bigint): KRet {
  const fn = filp.f_op.unlocked_ioctl;
  if (!fn) return -ENOTTY;
  const fix = (r: number) => (r === -ENOIOCTLCMD ? -ENOTTY : r);
  const r = task.kernel.modules.callInto(filp.f_op.owner ?? null, () => fn(filp, cmd >>> 0, arg));
  return typeof r === "number" ? fix(r) : r.then(fix);
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
  const p = argPtr(arg);
  switch (cmd >>> 0) {
    case FIOCLEX:
      task.files.get(fd)!.cloexec = true;
      return 0;
    case FIONCLEX:
      task.files.get(fd)!.cloexec = false;
      return 0;
    case FIONBIO: {
      const v = get_user(p, "int");
      if (v.err) return v.err;
      if (v.value) filp.f_flags |= O_NONBLOCK;
      else filp.f_flags &= ~O_NONBLOCK;
      return 0;
    }
    case FIOASYNC: {
      const v = get_user(p, "int");
      if (v.err) return v.err;
      filp.f_async = v.value !== 0;
      return 0;
    }
    case FIOQSIZE: {
      const t = inode.i_mode & S_IFMT;
      if (t === S_IFDIR || t === S_IFREG || t === S_IFLNK) {
        return put_user(BigInt(inode.i_size), p, "s64") ? -EFAULT : 0;
      }
      return -ENOTTY;
    }
    case FIONREAD:
      if ((inode.i_mode & S_IFMT) !== S_IFREG) return vfs_ioctl(task, filp, cmd, arg);
      return put_user(inode.i_size - filp.f_pos, p, "int");
    default:
      if ((inode.i_mode & S_IFMT) === S_IFREG) {
        // file_ioctl(): FIBMAP, FS_IOC_RESVSP ... are not modelled; fall through to the driver.
      }
      return vfs_ioctl(task, filp, cmd, arg);
  }
}

export function sys_ioctl(t: Task, fd: number, cmd: number, arg: number | bigint): KRet {
  const f = fdget(t, fd);
  if (typeof f === "number") return f;
  return do_vfs_ioctl(t, fd, f, cmd, arg);
}
