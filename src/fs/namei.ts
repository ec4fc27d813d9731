/**
 * Path walk and permission checks (fs/namei.c).
 */

import { EACCES, EBADF, ELOOP, ENAMETOOLONG, ENOENT, ENOTDIR } from "../include/uapi/errno.ts";
import { AT_FDCWD } from "../include/uapi/fcntl.ts";
import { S_IFDIR, S_IFLNK, S_IFMT, S_IXUGO } from "../include/uapi/stat.ts";
import {
  CAP_DAC_OVERRIDE,
  CAP_DAC_READ_SEARCH,
  type Cred,
  cred_has_cap,
  in_group_p,
} from "../kernel/capability.ts";
import type { Task } from "../kernel/task.ts";
import { strncpy_from_user } from "../mm/uaccess.ts";
import { Dentry, type Inode, MAY_EXEC, MAY_READ, MAY_WRITE, type Path } from "./fs.ts";
import type { MountTable } from "./namespace.ts";

export const PATH_MAX = 4096;
export const NAME_MAX = 255;
/** include/linux/namei.h: MAXSYMLINKS */
export const MAXSYMLINKS = 40;

export function isDir(inode: Inode): boolean {
  return (inode.i_mode & S_IFMT) === S_IFDIR;
}
export function isLnk(inode: Inode): boolean {
  return (inode.i_mode & S_IFMT) === S_IFLNK;
}

/** Mirrors acl_permission_check(): the owner/group/other mode bits. */
function acl_permission_check(inode: Inode, mask: number, cred: Cred): number {
  let mode = inode.i_mode;
  if (cred.fsuid === inode.i_uid) mode >>= 6;
  else if (in_group_p(cred, inode.i_gid)) mode >>= 3;
  if ((mask & ~mode & (MAY_READ | MAY_WRITE | MAY_EXEC)) === 0) return 0;
  return -EACCES;
}

/** Mirrors generic_permission(): mode bits, then CAP_DAC_READ_SEARCH / CAP_DAC_OVERRIDE. */
export function generic_permission(inode: Inode, mask: number, cred: Cred): number {
  const ret = acl_permission_check(inode, mask, cred);
  if (ret !== -EACCES) return ret;
  if (isDir(inode)) {
    if (!(mask & MAY_WRITE) && cred_has_cap(cred, CAP_DAC_READ_SEARCH)) return 0;
    if (cred_has_cap(cred, CAP_DAC_OVERRIDE)) return 0;
    return -EACCES;
  }
  mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
  if (mask === MAY_READ && cred_has_cap(cred, CAP_DAC_READ_SEARCH)) return 0;
  if (!(mask & MAY_EXEC) || inode.i_mode & S_IXUGO) {
    if (cred_has_cap(cred, CAP_DAC_OVERRIDE)) return 0;
  }
  return -EACCES;
}

/** Mirrors inode_permission(): the filesystem's own check, or generic_permission(). */
export function inode_permission(inode: Inode, mask: number, cred: Cred): number {
  if (inode.i_op.permission) return inode.i_op.permission(inode, mask, cred);
  return generic_permission(inode, mask, cred);
}

export interface WalkContext {
  mounts: MountTable;
  task: Task;
  /** Symlinks followed so far in this walk (nameidata.total_link_count). */
  links: number;
}

/** Steps over mounts stacked on `p` (follow_mount()). */
function follow_mount(ctx: WalkContext, p: Path): Path {
  let { mnt, dentry } = p;
  while (dentry.d_mounted) {
    const m = ctx.mounts.lookup(mnt, dentry);
    if (!m) break;
    mnt = m;
    dentry = m.mnt_root;
  }
  return { mnt, dentry };
}

/** Mirrors follow_dotdot(): never above the task's root, across mount boundaries. */
function follow_dotdot(ctx: WalkContext, p: Path): Path {
  const root = ctx.task.fs.root;
  let { mnt, dentry } = p;
  for (;;) {
    if (dentry === root.dentry && mnt === root.mnt) break;
    if (dentry !== mnt.mnt_root) {
      dentry = dentry.d_parent;
      break;
    }
    if (mnt.mnt_parent === mnt) break;
    dentry = mnt.mnt_mountpoint;
    mnt = mnt.mnt_parent;
  }
  return follow_mount(ctx, { mnt, dentry });
}

/** Looks a name up in a directory: the dcache first, then the filesystem's lookup. */
export function lookup_one(dir: Dentry, name: string): Dentry | number | null {
  const hit = dir.d_subdirs?.get(name);
  if (hit) {
    if (!hit.d_revalidate || hit.d_revalidate()) return hit;
    dir.d_drop(name);
  }
  const inode = dir.d_inode!;
  if (!inode.i_op.lookup) return null;
  const d = new Dentry(name, dir, null);
  const r = inode.i_op.lookup(inode, d);
  if (typeof r === "number") return r;
  const found = r ?? d;
  if (!found.d_inode) return null;
  dir.d_add(found);
  return found;
}

export interface WalkResult {
  path: Path;
}

/**
 * Resolves `name` from `start`. Intermediate symlinks are always followed, the last
 * one only when `follow`. Returns the path or a negative errno.
 */
export function path_walk(
  ctx: WalkContext,
  start: Path,
  name: string,
  follow: boolean,
): Path | number {
  if (name.length >= PATH_MAX) return -ENAMETOOLONG;
  if (name === "") return -ENOENT;
  let cur: Path = name.startsWith("/") ? ctx.task.fs.root : start;
  cur = follow_mount(ctx, cur);
  const comps = name.split("/").filter((c) => c !== "");
  const trailingSlash = name.endsWith("/") && comps.length > 0;
  for (let i = 0; i < comps.length; i++) {
    const comp = comps[i];
    const last = i === comps.length - 1;
    const dirInode = cur.dentry.d_inode!;
    if (!isDir(dirInode)) return -ENOTDIR;
    const perm = inode_permission(dirInode, MAY_EXEC, ctx.task.cred);
    if (perm) return perm;
    if (comp.length > NAME_MAX) return -ENAMETOOLONG;
    if (comp === ".") continue;
    if (comp === "..") {
      cur = follow_dotdot(ctx, cur);
      continue;
    }
    const child = lookup_one(cur.dentry, comp);
    if (typeof child === "number") return child;
    if (!child) return -ENOENT;
    const next = follow_mount(ctx, { mnt: cur.mnt, dentry: child });
    const inode = next.dentry.d_inode!;
    if (isLnk(inode) && (!last || follow || trailingSlash)) {
      if (++ctx.links > MAXSYMLINKS) return -ELOOP;
      const target = readlinkOf(next.dentry);
      if (typeof target === "number") return target;
      const rest = comps.slice(i + 1).join("/");
      const resolved = path_walk(ctx, cur, target, true);
      if (typeof resolved === "number") return resolved;
      if (!rest) {
        if (trailingSlash && !isDir(resolved.dentry.d_inode!)) return -ENOTDIR;
        return resolved;
      }
      return path_walk(ctx, resolved, rest + (trailingSlash ? "/" : ""), follow);
    }
    cur = next;
  }
  if (trailingSlash && !isDir(cur.dentry.d_inode!)) return -ENOTDIR;
  return cur;
}

/** The target of a symlink: the filesystem's get_link or the inline i_link. */
export function readlinkOf(dentry: Dentry): string | number {
  const inode = dentry.d_inode!;
  if (inode.i_op.get_link) return inode.i_op.get_link(dentry, inode);
  return inode.i_link ?? -ENOENT;
}

/**
 * Resolves all but the last component (LOOKUP_PARENT): the directory and the last
 * name, for create, mkdir, unlink and friends.
 */
export function path_parent(
  ctx: WalkContext,
  start: Path,
  name: string,
): { dir: Path; last: string; trailingSlash: boolean } | number {
  if (name.length >= PATH_MAX) return -ENAMETOOLONG;
  if (name === "") return -ENOENT;
  const trimmed = name.replace(/\/+$/, "");
  const trailingSlash = trimmed.length !== name.length;
  if (trimmed === "") return { dir: ctx.task.fs.root, last: ".", trailingSlash };
  const slash = trimmed.lastIndexOf("/");
  const dirPart = slash < 0 ? "." : slash === 0 ? "/" : trimmed.slice(0, slash);
  const last = trimmed.slice(slash + 1);
  if (last.length > NAME_MAX) return -ENAMETOOLONG;
  const dir = path_walk(ctx, start, dirPart, true);
  if (typeof dir === "number") return dir;
  if (!isDir(dir.dentry.d_inode!)) return -ENOTDIR;
  return { dir, last, trailingSlash };
}

const utf8 = new TextDecoder();

/** Mirrors getname(): copies a path name from user memory; -EFAULT, -ENAMETOOLONG, -ENOENT for "". */
export function getname(ptr: number, allowEmpty = false): string | number {
  const r = strncpy_from_user(ptr, PATH_MAX);
  if (r.err) return r.err;
  if (r.truncated) return -ENAMETOOLONG;
  if (r.bytes.length === 0 && !allowEmpty) return -ENOENT;
  return utf8.decode(r.bytes);
}

export function walkContext(task: Task): WalkContext {
  return { mounts: task.kernel.mounts, task, links: 0 };
}

/** The starting point of an *at() call: the cwd for AT_FDCWD, else the directory fd's path. */
export function startPath(task: Task, dfd: number, name: string): Path | number {
  if (name.startsWith("/") || dfd === AT_FDCWD) return task.fs.pwd;
  const e = task.files.get(dfd);
  if (!e) return -EBADF;
  if (!isDir(e.file.f_inode)) return -ENOTDIR;
  return e.file.f_path;
}

/** Resolves a user-supplied path for an *at() call (user_path_at()). */
export function user_path_at(
  task: Task,
  dfd: number,
  name: string,
  follow: boolean,
): Path | number {
  const start = startPath(task, dfd, name);
  if (typeof start === "number") return start;
  return path_walk(walkContext(task), start, name, follow);
}
