/**
 * open/close and the attribute-changing calls (fs/open.c, fs/namei.c:do_filp_open()).
 */

import {
  EACCES,
  EEXIST,
  EINVAL,
  EISDIR,
  ELOOP,
  EMFILE,
  ENOTDIR,
  EPERM,
} from "../include/uapi/errno.ts";
import {
  AT_EMPTY_PATH,
  AT_FDCWD,
  AT_SYMLINK_NOFOLLOW,
  O_ACCMODE,
  O_APPEND,
  O_CLOEXEC,
  O_CREAT,
  O_DIRECTORY,
  O_EXCL,
  O_NOFOLLOW,
  O_PATH,
  O_RDONLY,
  O_TRUNC,
  O_WRONLY,
} from "../include/uapi/fcntl.ts";
import { S_IFMT, S_IFREG, S_ISGID } from "../include/uapi/stat.ts";
import { CAP_CHOWN, CAP_FOWNER, cred_has_cap, in_group_p } from "../kernel/capability.ts";
import type { Task } from "../kernel/task.ts";
import { do_dentry_open, fdget, fput } from "./file_table.ts";
import { Dentry, type File, MAY_APPEND, MAY_EXEC, MAY_READ, MAY_WRITE, type Path } from "./fs.ts";
import {
  getname,
  inode_permission,
  isDir,
  isLnk,
  lookup_one,
  path_parent,
  path_walk,
  startPath,
  user_path_at,
  walkContext,
} from "./namei.ts";

/** ACC_MODE(): the permission an open needs. */
function accMode(flags: number): number {
  const acc = flags & O_ACCMODE;
  let m = acc === O_RDONLY ? MAY_READ : acc === O_WRONLY ? MAY_WRITE : MAY_READ | MAY_WRITE;
  if (flags & O_APPEND) m |= MAY_APPEND;
  return m;
}

/** Mirrors may_open(): type checks and the permission the access mode needs. */
function may_open(task: Task, path: Path, flags: number): number {
  const inode = path.dentry.d_inode!;
  const acc = flags & O_ACCMODE;
  if (isLnk(inode)) return -ELOOP;
  if (isDir(inode)) {
    if (acc !== O_RDONLY || flags & O_TRUNC) return -EISDIR;
  }
  if (flags & O_DIRECTORY && !isDir(inode)) return -ENOTDIR;
  return inode_permission(inode, accMode(flags) & (MAY_READ | MAY_WRITE), task.cred);
}

/**
 * Mirrors do_filp_open() for one path: lookup (or create with O_CREAT), checks, then
 * do_dentry_open(). Returns the file or a negative errno.
 */
export function do_filp_open(
  task: Task,
  dfd: number,
  name: string,
  flags: number,
  mode: number,
): File | number | Promise<File | number> {
  const k = task.kernel;
  const start = startPath(task, dfd, name);
  if (typeof start === "number") return start;
  const ctx = walkContext(task);
  let path: Path | number;
  if (flags & O_PATH) {
    flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    path = path_walk(ctx, start, name, !(flags & O_NOFOLLOW));
    if (typeof path === "number") return path;
    if (flags & O_DIRECTORY && !isDir(path.dentry.d_inode!)) return -ENOTDIR;
    return do_dentry_open(k, task, path, flags);
  }
  if (flags & O_CREAT) {
    const parent = path_parent(ctx, start, name);
    if (typeof parent === "number") return parent;
    if (parent.trailingSlash) return -EISDIR;
    const dirInode = parent.dir.dentry.d_inode!;
    let perm = inode_permission(dirInode, MAY_EXEC, task.cred);
    if (perm) return perm;
    const existing =
      parent.last === "." || parent.last === ".."
        ? -EISDIR
        : lookup_one(parent.dir.dentry, parent.last);
    if (typeof existing === "number") return existing;
    if (existing) {
      if (flags & O_EXCL) return -EEXIST;
      path = path_walk(ctx, parent.dir, parent.last, !(flags & O_NOFOLLOW));
      if (typeof path === "number") return path;
      if (isDir(path.dentry.d_inode!)) return -EISDIR;
    } else {
      perm = inode_permission(dirInode, MAY_WRITE | MAY_EXEC, task.cred);
      if (perm) return perm;
      if (!dirInode.i_op.create) return -EACCES;
      const d = new Dentry(parent.last, parent.dir.dentry, null);
      const err = dirInode.i_op.create(dirInode, d, (mode & ~task.fs.umask & 0o7777) | S_IFREG);
      if (err) return err;
      path = { mnt: parent.dir.mnt, dentry: d };
      // A file we just created is opened without a permission check (O_CREAT of 0444 works).
      return finishOpen(task, path, flags & ~O_TRUNC, true);
    }
  } else {
    path = path_walk(ctx, start, name, !(flags & O_NOFOLLOW));
    if (typeof path === "number") return path;
  }
  return finishOpen(task, path, flags, false);
}

function finishOpen(
  task: Task,
  path: Path,
  flags: number,
  created: boolean,
): File | number | Promise<File | number> {
  const k = task.kernel;
  if (!created) {
    const err = may_open(task, path, flags);
    if (err) return err;
  }
  const inode = path.dentry.d_inode!;
  if (flags & O_TRUNC && (inode.i_mode & S_IFMT) === S_IFREG && (flags & O_ACCMODE) !== O_RDONLY) {
    const err = inode.i_op.setattr?.(path.dentry, { size: 0 }) ?? 0;
    if (err) return err;
  }
  return do_dentry_open(k, task, path, flags);
}

/** Mirrors do_sys_open(): allocate the fd, open, install. */
export function do_sys_open(task: Task, dfd: number, pathPtr: number, flags: number, mode: number) {
  const name = getname(pathPtr);
  if (typeof name === "number") return name;
  const fd = task.files.alloc();
  if (fd < 0) return -EMFILE;
  const r = do_filp_open(task, dfd, name, flags, mode);
  return r instanceof Promise
    ? r.then((f) => fdInstall(task, fd, f, flags))
    : fdInstall(task, fd, r, flags);
}

/** fd_install(), taking another free fd if this one was taken while the open slept. */
function fdInstall(task: Task, fd: number, f: File | number, flags: number): number {
  if (typeof f === "number") return f;
  const slot = task.files.get(fd) ? task.files.alloc() : fd;
  if (slot < 0) {
    fput(task.kernel, f);
    return -EMFILE;
  }
  task.files.install(slot, f, (flags & O_CLOEXEC) !== 0);
  return slot;
}

export function sys_openat(t: Task, dfd: number, path: number, flags: number, mode: number) {
  return do_sys_open(t, dfd, path, flags, mode);
}

export function sys_open(t: Task, path: number, flags: number, mode: number) {
  return do_sys_open(t, AT_FDCWD, path, flags, mode);
}

export function sys_creat(t: Task, path: number, mode: number) {
  return do_sys_open(t, AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

/** Mirrors close_fd(): remove from the table, then fput. */
export function sys_close(t: Task, fd: number): number {
  const e = t.files.get(fd);
  if (!e) return -9; // -EBADF
  t.files.remove(fd);
  e.file.f_op.flush?.(e.file);
  fput(t.kernel, e.file);
  return 0;
}

export function sys_chdir(t: Task, pathPtr: number): number {
  const name = getname(pathPtr);
  if (typeof name === "number") return name;
  const p = user_path_at(t, AT_FDCWD, name, true);
  if (typeof p === "number") return p;
  if (!isDir(p.dentry.d_inode!)) return -ENOTDIR;
  const err = inode_permission(p.dentry.d_inode!, MAY_EXEC, t.cred);
  if (err) return err;
  t.fs.pwd = p;
  return 0;
}

export function sys_fchdir(t: Task, fd: number): number {
  const f = fdget(t, fd, true);
  if (typeof f === "number") return f;
  if (!isDir(f.f_inode)) return -ENOTDIR;
  const err = inode_permission(f.f_inode, MAY_EXEC, t.cred);
  if (err) return err;
  t.fs.pwd = f.f_path;
  return 0;
}

/** Mirrors chmod_common(): owner or CAP_FOWNER; setgid dropped for non-members. */
function chmod_common(t: Task, p: Path, mode: number): number {
  const inode = p.dentry.d_inode!;
  if (t.cred.fsuid !== inode.i_uid && !cred_has_cap(t.cred, CAP_FOWNER)) return -EPERM;
  let m = mode & 0o7777;
  if (!in_group_p(t.cred, inode.i_gid) && !cred_has_cap(t.cred, CAP_FOWNER)) m &= ~S_ISGID;
  if (inode.i_op.setattr) {
    const err = inode.i_op.setattr(p.dentry, { mode: m });
    if (err) return err;
  }
  inode.i_mode = (inode.i_mode & S_IFMT) | m;
  inode.i_ctimeNs = t.kernel.clock.realtimeNs();
  return 0;
}

export function sys_fchmodat(t: Task, dfd: number, pathPtr: number, mode: number): number {
  const name = getname(pathPtr);
  if (typeof name === "number") return name;
  const p = user_path_at(t, dfd, name, true);
  if (typeof p === "number") return p;
  return chmod_common(t, p, mode);
}

export function sys_chmod(t: Task, pathPtr: number, mode: number): number {
  return sys_fchmodat(t, AT_FDCWD, pathPtr, mode);
}

export function sys_fchmod(t: Task, fd: number, mode: number): number {
  const f = fdget(t, fd);
  if (typeof f === "number") return f;
  return chmod_common(t, f.f_path, mode);
}

/** Mirrors chown_common(): only CAP_CHOWN changes the owner; the owner may change the group to one of theirs. */
function chown_common(t: Task, p: Path, uid: number, gid: number): number {
  const inode = p.dentry.d_inode!;
  const newUid = uid === -1 || uid === 0xffffffff ? inode.i_uid : uid;
  const newGid = gid === -1 || gid === 0xffffffff ? inode.i_gid : gid;
  const capChown = cred_has_cap(t.cred, CAP_CHOWN);
  if (newUid !== inode.i_uid && !capChown) return -EPERM;
  if (newGid !== inode.i_gid && !capChown) {
    if (t.cred.fsuid !== inode.i_uid || !in_group_p(t.cred, newGid)) return -EPERM;
  }
  if (inode.i_op.setattr) {
    const err = inode.i_op.setattr(p.dentry, { uid: newUid, gid: newGid });
    if (err) return err;
  }
  inode.i_uid = newUid;
  inode.i_gid = newGid;
  inode.i_ctimeNs = t.kernel.clock.realtimeNs();
  return 0;
}

export function sys_fchownat(
  t: Task,
  dfd: number,
  pathPtr: number,
  uid: number,
  gid: number,
  flags: number,
): number {
  const name = getname(pathPtr, (flags & AT_EMPTY_PATH) !== 0);
  if (typeof name === "number") return name;
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -EINVAL;
  const p = user_path_at(t, dfd, name, !(flags & AT_SYMLINK_NOFOLLOW));
  if (typeof p === "number") return p;
  return chown_common(t, p, uid, gid);
}

export function sys_chown(t: Task, pathPtr: number, uid: number, gid: number): number {
  return sys_fchownat(t, AT_FDCWD, pathPtr, uid, gid, 0);
}

export function sys_lchown(t: Task, pathPtr: number, uid: number, gid: number): number {
  return sys_fchownat(t, AT_FDCWD, pathPtr, uid, gid, AT_SYMLINK_NOFOLLOW);
}

export function sys_fchown(t: Task, fd: number, uid: number, gid: number): number {
  const f = fdget(t, fd);
  if (typeof f === "number") return f;
  return chown_common(t, f.f_path, uid, gid);
}

function do_truncate(_t: Task, p: Path, length: number): number {
  const inode = p.dentry.d_inode!;
  if (length < 0) return -EINVAL;
  if (isDir(inode)) return -EISDIR;
  if ((inode.i_mode & S_IFMT) !== S_IFREG) return -EINVAL;
  if (!inode.i_op.setattr) return -EPERM;
  return inode.i_op.setattr(p.dentry, { size: length });
}

export function sys_truncate(t: Task, pathPtr: number, length: number): number {
  const name = getname(pathPtr);
  if (typeof name === "number") return name;
  const p = user_path_at(t, AT_FDCWD, name, true);
  if (typeof p === "number") return p;
  const err = inode_permission(p.dentry.d_inode!, MAY_WRITE, t.cred);
  if (err) return err;
  return do_truncate(t, p, length);
}

export function sys_ftruncate(t: Task, fd: number, length: number): number {
  const f = fdget(t, fd);
  if (typeof f === "number") return f;
  if (!(f.f_mode & 0x2)) return -EINVAL;
  return do_truncate(t, f.f_path, length);
}

/** Mirrors do_faccessat(): checks with the real uid/gid. */
export function sys_faccessat(t: Task, dfd: number, pathPtr: number, mode: number): number {
  if (mode & ~7) return -EINVAL;
  const name = getname(pathPtr);
  if (typeof name === "number") return name;
  const saved = t.cred;
  // access(2) uses the real ids; root keeps its capabilities only when uid is 0.
  t.cred = { ...saved, fsuid: saved.uid, fsgid: saved.gid };
  try {
    const p = user_path_at(t, dfd, name, true);
    if (typeof p === "number") return p;
    if (mode === 0) return 0;
    return inode_permission(p.dentry.d_inode!, mode, t.cred);
  } finally {
    t.cred = saved;
  }
}

export function sys_access(t: Task, pathPtr: number, mode: number): number {
  return sys_faccessat(t, AT_FDCWD, pathPtr, mode);
}

export function sys_umask(t: Task, mask: number): number {
  const old = t.fs.umask;
  t.fs.umask = mask & 0o777;
  return old;
}
