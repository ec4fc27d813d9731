/** mkdir, rmdir, unlink, symlink, link, rename, mknod (fs/namei.c). */

import {
  EBUSY,
  EEXIST,
  EINVAL,
  EISDIR,
  ENOENT,
  ENOTDIR,
  ENOTEMPTY,
  EPERM,
  EXDEV,
} from "../include/uapi/errno.ts";
import { AT_FDCWD, AT_REMOVEDIR, AT_SYMLINK_FOLLOW } from "../include/uapi/fcntl.ts";
import {
  new_decode_dev,
  S_IFBLK,
  S_IFCHR,
  S_IFIFO,
  S_IFMT,
  S_IFREG,
  S_IFSOCK,
  S_ISVTX,
} from "../include/uapi/stat.ts";
import { CAP_FOWNER, CAP_MKNOD, cred_has_cap } from "../kernel/capability.ts";
import type { Task } from "../kernel/task.ts";
import { Dentry, type Inode, MAY_EXEC, MAY_WRITE, type Path } from "./fs.ts";
import {
  getname,
  inode_permission,
  isDir,
  lookup_one,
  path_parent,
  startPath,
  user_path_at,
  walkContext,
} from "./namei.ts";

interface Target {
  dir: Path;
  last: string;
  child: Dentry | null;
  trailingSlash: boolean;
}

function lookupTarget(t: Task, dfd: number, pathPtr: number): Target | number {
  const name = getname(pathPtr);
  if (typeof name === "number") return name;
  const start = startPath(t, dfd, name);
  if (typeof start === "number") return start;
  const p = path_parent(walkContext(t), start, name);
  if (typeof p === "number") return p;
  const perm = inode_permission(p.dir.dentry.d_inode!, MAY_EXEC, t.cred);
  if (perm) return perm;
  if (p.last === "." || p.last === "..")
    return { dir: p.dir, last: p.last, child: p.dir.dentry, trailingSlash: p.trailingSlash };
  const child = lookup_one(p.dir.dentry, p.last);
  if (typeof child === "number") return child;
  return { dir: p.dir, last: p.last, child, trailingSlash: p.trailingSlash };
}

/** Mirrors may_create(). */
function may_create(t: Task, dir: Inode): number {
  return inode_permission(dir, MAY_WRITE | MAY_EXEC, t.cred);
}

/** Mirrors may_delete(): write+search on the directory and the sticky-bit rule. */
function may_delete(t: Task, dir: Inode, victim: Inode, wantDir: boolean): number {
  const err = inode_permission(dir, MAY_WRITE | MAY_EXEC, t.cred);
  if (err) return err;
  if (dir.i_mode & S_ISVTX) {
    const uid = t.cred.fsuid;
    if (victim.i_uid !== uid && dir.i_uid !== uid && !cred_has_cap(t.cred, CAP_FOWNER))
      return -EPERM;
  }
  if (wantDir && !isDir(victim)) return -ENOTDIR;
  if (!wantDir && isDir(victim)) return -EISDIR;
  return 0;
}

function create(
  t: Task,
  dfd: number,
  pathPtr: number,
  op: (dir: Inode, d: Dentry) => number,
  allowSlash: boolean,
): number {
  const tg = lookupTarget(t, dfd, pathPtr);
  if (typeof tg === "number") return tg;
  if (tg.child) return -EEXIST;
  if (tg.trailingSlash && !allowSlash) return -ENOENT;
  const dir = tg.dir.dentry.d_inode!;
  if (tg.dir.dentry.d_deleted) return -ENOENT;
  const err = may_create(t, dir);
  if (err) return err;
  return op(dir, new Dentry(tg.last, tg.dir.dentry, null));
}

export function sys_mkdirat(t: Task, dfd: number, pathPtr: number, mode: number): number {
  return create(
    t,
    dfd,
    pathPtr,
    (dir, d) => (dir.i_op.mkdir ? dir.i_op.mkdir(dir, d, mode & ~t.fs.umask & 0o1777) : -EPERM),
    true,
  );
}
export const sys_mkdir = (t: Task, p: number, mode: number) => sys_mkdirat(t, AT_FDCWD, p, mode);

export function sys_mknodat(
  t: Task,
  dfd: number,
  pathPtr: number,
  mode: number,
  dev: number,
): number {
  const type = mode & S_IFMT;
  if (type === S_IFCHR || type === S_IFBLK) {
    if (!cred_has_cap(t.cred, CAP_MKNOD)) return -EPERM;
  } else if (type !== 0 && type !== S_IFREG && type !== S_IFIFO && type !== S_IFSOCK) {
    return -EINVAL;
  }
  const m = (type || S_IFREG) | (mode & ~t.fs.umask & 0o7777);
  return create(
    t,
    dfd,
    pathPtr,
    // User space passes the glibc encoding; inodes hold the kernel's (vfs_mknod()).
    (dir, d) => (dir.i_op.mknod ? dir.i_op.mknod(dir, d, m, new_decode_dev(dev >>> 0)) : -EPERM),
    false,
  );
}
export const sys_mknod = (t: Task, p: number, mode: number, dev: number) =>
  sys_mknodat(t, AT_FDCWD, p, mode, dev);

export function sys_symlinkat(t: Task, targetPtr: number, dfd: number, pathPtr: number): number {
  const target = getname(targetPtr);
  if (typeof target === "number") return target;
  return create(
    t,
    dfd,
    pathPtr,
    (dir, d) => (dir.i_op.symlink ? dir.i_op.symlink(dir, d, target) : -EPERM),
    false,
  );
}
export const sys_symlink = (t: Task, a: number, b: number) => sys_symlinkat(t, a, AT_FDCWD, b);

export function sys_linkat(
  t: Task,
  odfd: number,
  oldPtr: number,
  ndfd: number,
  newPtr: number,
  flags: number,
): number {
  if (flags & ~AT_SYMLINK_FOLLOW) return -EINVAL;
  const oldName = getname(oldPtr);
  if (typeof oldName === "number") return oldName;
  const old = user_path_at(t, odfd, oldName, (flags & AT_SYMLINK_FOLLOW) !== 0);
  if (typeof old === "number") return old;
  if (isDir(old.dentry.d_inode!)) return -EPERM;
  return create(
    t,
    ndfd,
    newPtr,
    (dir, d) => {
      if (dir.i_sb !== old.dentry.d_inode!.i_sb) return -EXDEV;
      return dir.i_op.link ? dir.i_op.link(old.dentry, dir, d) : -EPERM;
    },
    false,
  );
}
export const sys_link = (t: Task, a: number, b: number) =>
  sys_linkat(t, AT_FDCWD, a, AT_FDCWD, b, 0);

function isMountpoint(t: Task, p: Path, d: Dentry): boolean {
  return d.d_mounted > 0 && t.kernel.mounts.lookup(p.mnt, d) !== null;
}

export function sys_unlinkat(t: Task, dfd: number, pathPtr: number, flags: number): number {
  if (flags & ~AT_REMOVEDIR) return -EINVAL;
  const wantDir = (flags & AT_REMOVEDIR) !== 0;
  const tg = lookupTarget(t, dfd, pathPtr);
  if (typeof tg === "number") return tg;
  if (wantDir && tg.last === ".") return -EINVAL;
  if (wantDir && tg.last === "..") return -ENOTEMPTY;
  if (!tg.child) return -ENOENT;
  const dir = tg.dir.dentry.d_inode!;
  const victim = tg.child.d_inode!;
  if (!wantDir && tg.trailingSlash) return isDir(victim) ? -EISDIR : -ENOTDIR;
  const err = may_delete(t, dir, victim, wantDir);
  if (err) return err;
  if (isMountpoint(t, tg.dir, tg.child)) return -EBUSY;
  const op = wantDir ? dir.i_op.rmdir : dir.i_op.unlink;
  return op ? op(dir, tg.child) : -EPERM;
}
export const sys_unlink = (t: Task, p: number) => sys_unlinkat(t, AT_FDCWD, p, 0);
export const sys_rmdir = (t: Task, p: number) => sys_unlinkat(t, AT_FDCWD, p, AT_REMOVEDIR);

export function sys_renameat2(
  t: Task,
  odfd: number,
  oldPtr: number,
  ndfd: number,
  newPtr: number,
  flags: number,
): number {
  if (flags) return -EINVAL;
  const from = lookupTarget(t, odfd, oldPtr);
  if (typeof from === "number") return from;
  if (!from.child) return -ENOENT;
  const to = lookupTarget(t, ndfd, newPtr);
  if (typeof to === "number") return to;
  const oldDir = from.dir.dentry.d_inode!;
  const newDir = to.dir.dentry.d_inode!;
  if (oldDir.i_sb !== newDir.i_sb) return -EXDEV;
  const src = from.child;
  if (to.child === src) return 0;
  let err = may_delete(t, oldDir, src.d_inode!, isDir(src.d_inode!));
  if (err) return err;
  if (to.child) {
    err = may_delete(t, newDir, to.child.d_inode!, isDir(src.d_inode!));
    if (err) return err;
  } else {
    err = may_create(t, newDir);
    if (err) return err;
  }
  // A directory cannot move below itself.
  for (let d = to.dir.dentry; ; d = d.d_parent) {
    if (d === src) return -EINVAL;
    if (d.d_parent === d) break;
  }
  if (!oldDir.i_op.rename) return -EPERM;
  return oldDir.i_op.rename(
    oldDir,
    src,
    newDir,
    to.child ?? new Dentry(to.last, to.dir.dentry, null),
  );
}
export const sys_rename = (t: Task, a: number, b: number) =>
  sys_renameat2(t, AT_FDCWD, a, AT_FDCWD, b, 0);
