/** dup, dup2, dup3, fcntl, pipe2 (fs/fcntl.c, fs/file.c, fs/pipe.c). */

import { EBADF, EFAULT, EINVAL, EMFILE } from "../include/uapi/errno.ts";
import {
  F_DUPFD,
  F_DUPFD_CLOEXEC,
  F_GETFD,
  F_GETFL,
  F_SETFD,
  F_SETFL,
  FD_CLOEXEC,
  O_APPEND,
  O_CLOEXEC,
  O_NONBLOCK,
  O_RDONLY,
  O_WRONLY,
} from "../include/uapi/fcntl.ts";
import type { Task } from "../kernel/task.ts";
import { NR_OPEN_DEFAULT } from "../kernel/task.ts";
import { copy_to_user } from "../mm/uaccess.ts";
import { fput, get_file } from "./file_table.ts";
import { File, FMODE_READ, FMODE_WRITE } from "./fs.ts";
import { get_pipe_inode } from "./pipe.ts";

export function sys_dup(t: Task, oldfd: number): number {
  const e = t.files.get(oldfd);
  if (!e) return -EBADF;
  const fd = t.files.alloc();
  if (fd < 0) return -EMFILE;
  t.files.install(fd, get_file(e.file), false);
  return fd;
}

/** Mirrors do_dup2(): replaces newfd, closing what was there. */
function do_dup2(t: Task, oldfd: number, newfd: number, cloexec: boolean): number {
  const e = t.files.get(oldfd);
  if (!e) return -EBADF;
  if (newfd < 0 || newfd >= NR_OPEN_DEFAULT) return -EBADF;
  const prev = t.files.get(newfd);
  t.files.install(newfd, get_file(e.file), cloexec);
  if (prev) fput(t.kernel, prev.file);
  return newfd;
}

export function sys_dup2(t: Task, oldfd: number, newfd: number): number {
  if (oldfd === newfd) return t.files.get(oldfd) ? newfd : -EBADF;
  return do_dup2(t, oldfd, newfd, false);
}

export function sys_dup3(t: Task, oldfd: number, newfd: number, flags: number): number {
  if (flags & ~O_CLOEXEC) return -EINVAL;
  if (oldfd === newfd) return -EINVAL;
  return do_dup2(t, oldfd, newfd, (flags & O_CLOEXEC) !== 0);
}

/** The flags F_SETFL may change. */
const SETFL_MASK = O_APPEND | O_NONBLOCK | 0o20000 | 0o40000 | 0o1000000;

export function sys_fcntl(t: Task, fd: number, cmd: number, arg: number): number {
  const e = t.files.get(fd);
  if (!e) return -EBADF;
  switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC: {
      if (arg < 0 || arg >= NR_OPEN_DEFAULT) return -EINVAL;
      const nfd = t.files.alloc(arg);
      if (nfd < 0) return -EMFILE;
      t.files.install(nfd, get_file(e.file), cmd === F_DUPFD_CLOEXEC);
      return nfd;
    }
    case F_GETFD:
      return e.cloexec ? FD_CLOEXEC : 0;
    case F_SETFD:
      e.cloexec = (arg & FD_CLOEXEC) !== 0;
      return 0;
    case F_GETFL:
      return e.file.f_flags;
    case F_SETFL:
      e.file.f_flags = (e.file.f_flags & ~SETFL_MASK) | (arg & SETFL_MASK);
      return 0;
    default:
      return -EINVAL;
  }
}

/** Mirrors do_pipe2(): two fds, read end first, written as two ints. */
export function sys_pipe2(t: Task, fdsPtr: number, flags: number): number {
  if (flags & ~(O_CLOEXEC | O_NONBLOCK)) return -EINVAL;
  const { inode, dentry, pipe } = get_pipe_inode();
  const path = { mnt: t.kernel.mounts.root, dentry };
  const rf = new File(
    path,
    inode,
    inode.i_fop,
    O_RDONLY | (flags & O_NONBLOCK),
    FMODE_READ,
    t.cred,
    t,
  );
  const wf = new File(
    path,
    inode,
    inode.i_fop,
    O_WRONLY | (flags & O_NONBLOCK),
    FMODE_WRITE,
    t.cred,
    t,
  );
  pipe.readers = 1;
  pipe.writers = 1;
  const r = t.files.alloc();
  if (r < 0) return -EMFILE;
  t.files.install(r, rf, (flags & O_CLOEXEC) !== 0);
  const w = t.files.alloc();
  if (w < 0) {
    t.files.remove(r);
    return -EMFILE;
  }
  t.files.install(w, wf, (flags & O_CLOEXEC) !== 0);
  const b = new Uint8Array(8);
  const dv = new DataView(b.buffer);
  dv.setInt32(0, r, true);
  dv.setInt32(4, w, true);
  if (copy_to_user(fdsPtr, b, 8)) {
    t.files.remove(r);
    t.files.remove(w);
    return -EFAULT;
  }
  return 0;
}

export const sys_pipe = (t: Task, p: number) => sys_pipe2(t, p, 0);
