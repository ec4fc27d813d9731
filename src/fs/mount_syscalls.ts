/**
 * mount(2) and umount2(2) (fs/namespace.c, fs/super.c, fs/filesystems.c): a
 * registry of filesystem types that subsystems add themselves to, new mounts,
 * bind mounts, remounts, and unmounting with Linux's busy checks.
 */

import {
  EAGAIN,
  EBUSY,
  EFAULT,
  EINVAL,
  ENODEV,
  ENOTBLK,
  ENOTDIR,
  EPERM,
} from "../include/uapi/errno.ts";
import { AT_FDCWD } from "../include/uapi/fcntl.ts";
import { S_IFDIR, S_IFMT, S_ISVTX } from "../include/uapi/stat.ts";
import { CAP_SYS_ADMIN, cred_has_cap } from "../kernel/capability.ts";
import { defineKernelLocal, type Kernel } from "../kernel/kernel.ts";
import type { Task } from "../kernel/task.ts";
import { strncpy_from_user } from "../mm/uaccess.ts";
import type { Mount, Path, SuperBlock } from "./fs.ts";
import { getname, user_path_at } from "./namei.ts";
import { proc_fill_super } from "./proc/root.ts";
import { tmpfs_fill_super, tmpfs_fs_type } from "./tmpfs.ts";

/** include/uapi/linux/fs.h: mount(2) flags. */
export const MS_RDONLY = 1;
export const MS_NOSUID = 2;
export const MS_NODEV = 4;
export const MS_NOEXEC = 8;
export const MS_SYNCHRONOUS = 16;
export const MS_REMOUNT = 32;
export const MS_MANDLOCK = 64;
export const MS_DIRSYNC = 128;
export const MS_NOATIME = 1024;
export const MS_NODIRATIME = 2048;
export const MS_BIND = 4096;
export const MS_MOVE = 8192;
export const MS_REC = 16384;
export const MS_SILENT = 32768;
export const MS_RELATIME = 1 << 21;
export const MS_STRICTATIME = 1 << 24;
export const MS_LAZYTIME = 1 << 25;
/** The magic number old callers put in the upper 16 bits (MS_MGC_VAL). */
export const MS_MGC_MSK = 0xffff0000;

/** umount2(2) flags (include/linux/fs.h). */
export const MNT_FORCE = 1;
export const MNT_DETACH = 2;
export const MNT_EXPIRE = 4;
export const UMOUNT_NOFOLLOW = 8;

/** What a filesystem's mount method is given (the fs_context, reduced). */
export interface MountRequest {
  /** dev_name: the source string, "none" when user space passed NULL. */
  source: string;
  /** MS_* flags. */
  flags: number;
  /** The data page: the filesystem's own comma-separated options. */
  data: string;
}

/**
 * A filesystem's mount method (file_system_type.mount / fill_super): a superblock
 * (new, or a shared one for single-instance filesystems) or a negative errno.
 */
export type FillSuper = (k: Kernel, req: MountRequest) => SuperBlock | number;

export interface FsTypeOptions {
  /** FS_REQUIRES_DEV unset: /proc/filesystems shows "nodev". Default true. */
  nodev?: boolean;
  /** super_operations.show_options: ",opt=val..." appended in /proc/mounts. */
  show_options?: (sb: SuperBlock) => string;
  /** kill_sb: called when the last mount of a superblock goes. */
  kill_sb?: (sb: SuperBlock) => void;
}

interface FsTypeEntry extends FsTypeOptions {
  name: string;
  fill_super: FillSuper;
}

/** The options tmpfs was mounted with, for shmem_show_options(). */
interface TmpfsInfo {
  mode: number;
  sizeKb: number | null;
}

/** Parses tmpfs's "size=", "mode=" (shmem_parse_options(), the parts vkern honours). */
function tmpfsMount(_k: Kernel, req: MountRequest): SuperBlock | number {
  const info: TmpfsInfo = { mode: 0o1777, sizeKb: null };
  for (const opt of req.data.split(",").filter(Boolean)) {
    const [key, val = ""] = opt.split("=");
    if (key === "mode") {
      if (!/^[0-7]+$/.test(val)) return -EINVAL;
      info.mode = Number.parseInt(val, 8) & 0o7777;
    } else if (key === "size") {
      const m = /^(\d+)([kmgKMG%]?)$/.exec(val);
      if (!m) return -EINVAL;
      const n = Number(m[1]);
      const unit = m[2].toLowerCase();
      info.sizeKb =
        unit === "g" ? n * 1048576 : unit === "m" ? n * 1024 : unit === "k" ? n : n / 1024;
      info.sizeKb = Math.ceil(info.sizeKb / 4) * 4;
    } else if (!["nr_inodes", "uid", "gid", "mpol", "huge"].includes(key)) {
      return -EINVAL;
    }
  }
  const sb = tmpfs_fill_super(info.mode & ~S_ISVTX, undefined, tmpfs_fs_type);
  sb.s_root.d_inode!.i_mode = S_IFDIR | info.mode;
  sb.s_fs_info = info;
  return sb;
}

/** Mirrors shmem_show_options(): size and mode only when not the defaults. */
function tmpfsShowOptions(sb: SuperBlock): string {
  const info = sb.s_fs_info as TmpfsInfo | null;
  if (!info) return "";
  let s = "";
  if (info.sizeKb !== null) s += `,size=${info.sizeKb}k`;
  if (info.mode !== 0o1777) s += `,mode=${info.mode.toString(8).padStart(3, "0")}`;
  return s;
}

/** The superblock already mounted for a single-instance filesystem type, if any. */
function mountedSb(k: Kernel, type: string): SuperBlock | null {
  return k.mounts.mounts.find((m) => m.mnt_sb.s_type.name === type)?.mnt_sb ?? null;
}

const fsTypes = defineKernelLocal<Map<string, FsTypeEntry>>(() => {
  const m = new Map<string, FsTypeEntry>();
  const add = (name: string, fill_super: FillSuper, o: FsTypeOptions = {}) =>
    m.set(name, { name, fill_super, nodev: true, ...o });
  add("tmpfs", tmpfsMount, { show_options: tmpfsShowOptions });
  // One procfs per pid namespace, one devtmpfs per kernel: later mounts share it.
  add("proc", (k) => mountedSb(k, "proc") ?? proc_fill_super(k));
  add("devtmpfs", (k) => mountedSb(k, "devtmpfs") ?? -ENODEV);
  return m;
});

/**
 * Mirrors register_filesystem(): makes `mount -t name` work. Returns 0, or -EBUSY
 * when a filesystem of that name is already registered.
 */
export function register_filesystem(
  k: Kernel,
  name: string,
  fill_super: FillSuper,
  options: FsTypeOptions = {},
): number {
  const types = fsTypes.get(k);
  if (types.has(name)) return -EBUSY;
  types.set(name, { name, fill_super, nodev: true, ...options });
  return 0;
}

/** Mirrors unregister_filesystem(). */
export function unregister_filesystem(k: Kernel, name: string): number {
  return fsTypes.get(k).delete(name) ? 0 : -EINVAL;
}

/** The registered filesystem type names with their nodev flag, in registration order. */
export function registeredFilesystems(k: Kernel): { name: string; nodev: boolean }[] {
  return [...fsTypes.get(k).values()].map((t) => ({ name: t.name, nodev: t.nodev ?? true }));
}

/**
 * The option string /proc/mounts shows for a mount. Mirrors show_vfsmnt()'s order:
 * rw/ro, then show_sb_opts() (sync, dirsync, mand, lazytime), then show_mnt_opts()
 * (nosuid, nodev, noexec, noatime, nodiratime, relatime), then the filesystem's own.
 */
export function mountOptionString(flags: number, fsOptions = ""): string {
  const o: string[] = [flags & MS_RDONLY ? "ro" : "rw"];
  if (flags & MS_SYNCHRONOUS) o.push("sync");
  if (flags & MS_DIRSYNC) o.push("dirsync");
  if (flags & MS_MANDLOCK) o.push("mand");
  if (flags & MS_LAZYTIME) o.push("lazytime");
  if (flags & MS_NOSUID) o.push("nosuid");
  if (flags & MS_NODEV) o.push("nodev");
  if (flags & MS_NOEXEC) o.push("noexec");
  if (flags & MS_NOATIME) o.push("noatime");
  if (flags & MS_NODIRATIME) o.push("nodiratime");
  // do_mount(): relatime is the default unless noatime or strictatime was asked for.
  if (!(flags & (MS_NOATIME | MS_STRICTATIME))) o.push("relatime");
  return o.join(",") + fsOptions;
}

/** Mount flags that the mount keeps (the MNT_* side of do_mount()'s split). */
const PER_MOUNT =
  MS_RDONLY |
  MS_NOSUID |
  MS_NODEV |
  MS_NOEXEC |
  MS_NOATIME |
  MS_NODIRATIME |
  MS_RELATIME |
  MS_STRICTATIME |
  MS_SYNCHRONOUS |
  MS_DIRSYNC |
  MS_MANDLOCK |
  MS_LAZYTIME;

/** The MS_* flags of each mount made by mount(2), for remount and /proc/mounts. */
const mountFlags = new WeakMap<Mount, number>();

/** Copies an optional string argument (copy_mount_string()): null for a NULL pointer. */
function copyMountString(ptr: number, max = 4096): string | null | number {
  if (!ptr) return null;
  const r = strncpy_from_user(ptr, max);
  if (r.err) return -EFAULT;
  return new TextDecoder().decode(r.bytes);
}

function optionsOf(k: Kernel, sb: SuperBlock, flags: number): string {
  const t = fsTypes.get(k).get(sb.s_type.name);
  return mountOptionString(flags, t?.show_options?.(sb) ?? "");
}

/** Mirrors do_new_mount(): find the type, get a superblock, graft it on `at`. */
function do_new_mount(
  t: Task,
  at: Path,
  type: string | null,
  flags: number,
  source: string | null,
  data: string,
): number {
  const k = t.kernel;
  if (!type) return -EINVAL;
  const fs = fsTypes.get(k).get(type);
  if (!fs) return -ENODEV;
  if (!cred_has_cap(t.cred, CAP_SYS_ADMIN)) return -EPERM;
  if (!fs.nodev && !source) return -ENOTBLK;
  const sb = fs.fill_super(k, { source: source ?? "none", flags, data });
  if (typeof sb === "number") return sb;
  const mflags = flags & PER_MOUNT;
  const m = k.mounts.add(sb, at, source ?? "none", optionsOf(k, sb, mflags));
  mountFlags.set(m, mflags);
  return 0;
}

/** Mirrors do_loopback(): a bind mount of `from`'s subtree on `at`. */
function do_loopback(t: Task, at: Path, fromName: string | null, flags: number): number {
  if (!fromName) return -EINVAL;
  const from = user_path_at(t, AT_FDCWD, fromName, true);
  if (typeof from === "number") return from;
  const k = t.kernel;
  const src = from.mnt;
  const mflags = (mountFlags.get(src) ?? MS_RELATIME) & PER_MOUNT;
  const m = k.mounts.add(src.mnt_sb, at, src.mnt_devname, src.mnt_flags);
  m.mnt_root = from.dentry;
  mountFlags.set(m, mflags);
  void flags;
  return 0;
}

/** Mirrors do_remount(): new per-mount flags (the target must be a mount's root). */
function do_remount(t: Task, at: Path, flags: number): number {
  if (at.dentry !== at.mnt.mnt_root) return -EINVAL;
  const mflags = flags & PER_MOUNT;
  mountFlags.set(at.mnt, mflags);
  at.mnt.mnt_flags = optionsOf(t.kernel, at.mnt.mnt_sb, mflags);
  return 0;
}

/**
 * Mirrors ksys_mount() + do_mount(): copy the strings, resolve the target, then a
 * remount, bind or new mount. Needs CAP_SYS_ADMIN (may_mount()).
 */
export function sys_mount(
  t: Task,
  devPtr: number,
  dirPtr: number,
  typePtr: number,
  flags: number,
  dataPtr: number,
): number {
  const type = copyMountString(typePtr);
  if (typeof type === "number") return type;
  const dir = getname(dirPtr);
  if (typeof dir === "number") return dir;
  const source = copyMountString(devPtr);
  if (typeof source === "number") return source;
  const data = copyMountString(dataPtr, 4096);
  if (typeof data === "number") return data;
  if ((flags & MS_MGC_MSK) >>> 0 === 0xc0ed0000) flags &= ~MS_MGC_MSK;
  const at = user_path_at(t, AT_FDCWD, dir, true);
  if (typeof at === "number") return at;
  if (!cred_has_cap(t.cred, CAP_SYS_ADMIN)) return -EPERM;
  if ((at.dentry.d_inode!.i_mode & S_IFMT) !== S_IFDIR && !(flags & MS_BIND)) return -ENOTDIR;
  if (flags & MS_REMOUNT) return do_remount(t, at, flags);
  if (flags & MS_BIND) return do_loopback(t, at, source, flags);
  if (flags & MS_MOVE) return -EINVAL;
  return do_new_mount(t, at, type, flags, source, data ?? "");
}

/** Whether anything keeps `m` busy: open files, a cwd or root inside it (may_umount_tree()). */
function mountBusy(k: Kernel, m: Mount): boolean {
  for (const task of k.tasks.all()) {
    if (!task.alive || task.kthread) continue;
    if (task.fs.pwd.mnt === m || task.fs.root.mnt === m) return true;
    for (const fd of task.files.openFds()) {
      if (task.files.get(fd)?.file.f_path.mnt === m) return true;
    }
  }
  return false;
}

/** Detaches `m` and everything mounted below it (umount_tree()). */
function umountTree(k: Kernel, m: Mount): void {
  for (const c of k.mounts.children(m)) umountTree(k, c);
  k.mounts.remove(m);
  const sb = m.mnt_sb;
  if (!k.mounts.mounts.some((x) => x.mnt_sb === sb)) {
    fsTypes.get(k).get(sb.s_type.name)?.kill_sb?.(sb);
  }
}

/**
 * Mirrors ksys_umount() + do_umount(): EPERM without CAP_SYS_ADMIN, EINVAL when the
 * path is not a mount's root, EBUSY while the mount is in use or has mounts below
 * it (unless MNT_DETACH, which detaches the whole tree at once).
 */
export function sys_umount2(t: Task, dirPtr: number, flags: number): number {
  if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW)) return -EINVAL;
  if (!cred_has_cap(t.cred, CAP_SYS_ADMIN)) return -EPERM;
  const dir = getname(dirPtr);
  if (typeof dir === "number") return dir;
  const p = user_path_at(t, AT_FDCWD, dir, !(flags & UMOUNT_NOFOLLOW));
  if (typeof p === "number") return p;
  const k = t.kernel;
  const m = p.mnt;
  if (p.dentry !== m.mnt_root || !k.mounts.mounts.includes(m)) return -EINVAL;
  if (m.mnt_parent === m) return -EBUSY;
  // MNT_EXPIRE only marks a mount the first time (vkern never expires mounts).
  if (flags & MNT_EXPIRE) return -EAGAIN;
  if (!(flags & MNT_DETACH)) {
    if (k.mounts.children(m).length > 0 || mountBusy(k, m)) return -EBUSY;
  }
  umountTree(k, m);
  return 0;
}
