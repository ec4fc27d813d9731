/**
 * debugfs's file proxies (fs/debugfs/file.c of Linux 5.4): every debugfs file is opened
 * through a proxy that reaches the driver's real file_operations through the dentry,
 * so that a file removed while open answers EIO instead of calling into freed code.
 *
 * - debugfs_create_file() installs the full proxy: full_proxy_open() builds a per-open
 *   file_operations whose read/write/llseek/poll/ioctl each take debugfs_file_get()
 *   around the real method.
 * - debugfs_create_file_unsafe() installs the open proxy: open_proxy_open() replaces
 *   the file's f_op by the real one (the DEFINE_DEBUGFS_ATTRIBUTE helpers protect
 *   themselves with debugfs_attr_read/write).
 *
 * A module that unloads without removing its files leaves the dentries behind, their
 * real_fops pointing into freed module memory: the next open faults in full_proxy_open
 * (reading real_fops->owner for fops_get()), or in debugfs_locked_down() for a 0444 file
 * opened read-only, the first function that dereferences real_fops.
 */

import { EIO, ENOENT, ENXIO, EPERM } from "../../include/uapi/errno.ts";
import { cpu, this_kernel } from "../../kernel/context.ts";
import type { Module } from "../../kernel/module.ts";
import { symbolize, TAINT_WARN } from "../../kernel/panic.ts";
import type { UserPtr } from "../../mm/uaccess.ts";
import {
  type Dentry,
  type File,
  type FileOperations,
  FMODE_WRITE,
  type Inode,
  type KRet,
  type Loff,
  type PollTable,
} from "../fs.ts";
import { no_llseek, noop_llseek, simple_open } from "../libfs.ts";
import {
  type SimpleAttrGet,
  type SimpleAttrSet,
  simple_attr_open,
  simple_attr_read,
  simple_attr_release,
  simple_attr_write,
} from "../simple_attr.ts";
import { type DebugfsFsdata, fDentry, fsdataOf, touchRealFops } from "./internal.ts";

/** include/uapi/linux/eventpoll.h: EPOLLHUP */
const EPOLLHUP = 0x10;

function default_read_file(_file: File, _buf: UserPtr, _count: number, _ppos: Loff): number {
  return 0;
}

function default_write_file(_file: File, _buf: UserPtr, count: number, _ppos: Loff): number {
  return count;
}

/** Mirrors debugfs_noop_file_operations: what debugfs_create_file(..., NULL) gets. */
export const debugfs_noop_file_operations: FileOperations = {
  read: default_read_file,
  write: default_write_file,
  open: simple_open,
  llseek: noop_llseek,
};

/** Mirrors debugfs_real_fops(): the driver's file_operations behind a debugfs file. */
export function debugfs_real_fops(filp: File): FileOperations {
  return fsdataOf(fDentry(filp)).real_fops;
}

/**
 * Mirrors debugfs_file_get(): marks the start of an access to the file's data; -EIO once
 * the file was removed. (Linux makes debugfs_remove() wait for the accesses in flight;
 * vkern's removal is synchronous and only stops new ones.)
 */
export function debugfs_file_get(dentry: Dentry): number {
  const fsd = fsdataOf(dentry);
  if (fsd.removed || dentry.d_deleted) return -EIO;
  fsd.active_users++;
  return 0;
}

/** Mirrors debugfs_file_put(). */
export function debugfs_file_put(dentry: Dentry): void {
  const fsd = fsdataOf(dentry);
  if (fsd.active_users > 0) fsd.active_users--;
}

/**
 * Runs an access to the real fops and then debugfs_file_put(), also when the access
 * sleeps or faults (Linux would leave the count raised by a fault; vkern keeps going).
 */
function guarded(dentry: Dentry, fn: () => KRet): KRet {
  let r: KRet;
  try {
    r = fn();
  } catch (e) {
    debugfs_file_put(dentry);
    throw e;
  }
  if (r instanceof Promise) return r.finally(() => debugfs_file_put(dentry));
  debugfs_file_put(dentry);
  return r;
}

/**
 * Mirrors debugfs_locked_down() of 5.4: a 0444 file opened read-only with no ioctl is
 * always allowed; everything else depends on the lockdown LSM, which vkern does not
 * enforce. Reads real_fops only for the 0444 case (so a leftover 0444 file faults here).
 */
function debugfs_locked_down(inode: Inode, filp: File, fsd: DebugfsFsdata): number {
  if ((inode.i_mode & 0o7777) === 0o444 && !(filp.f_mode & FMODE_WRITE)) {
    touchRealFops(fsd);
    const real_fops = fsd.real_fops;
    if (!real_fops.unlocked_ioctl && !real_fops.compat_ioctl) return 0;
  }
  return 0; // security_locked_down(LOCKDOWN_DEBUGFS): not locked down
}

/** Mirrors fops_get(): pins the owner module; null when it is going away. */
function fopsGet(real_fops: FileOperations): FileOperations | null {
  const owner = real_fops.owner ?? null;
  return this_kernel().modules.try_module_get(owner) ? real_fops : null;
}

function fopsPut(real_fops: FileOperations): void {
  this_kernel().modules.module_put(real_fops.owner ?? null);
}

/**
 * WARN(1, fmt): the head of a warning report, taint W (kernel/panic.c:__warn_printk() and
 * __warn(); the register dump and call trace Linux adds are left out).
 */
function warn(func: string, line: number, msg: string): void {
  const k = this_kernel();
  const pid = k.tasks.currentOrInit().pid;
  k.printk("------------[ cut here ]------------", 4);
  k.printk(msg, 4);
  k.printk(`WARNING: CPU: 0 PID: ${pid} at fs/debugfs/file.c:${line} ${symbolize(func)}`, 4);
  k.taint.add(TAINT_WARN);
}

/** Calls a real method as code of the module it belongs to (printk prefix, current module). */
function callReal<T>(fsd: DebugfsFsdata, fn: () => T): T {
  return this_kernel().modules.callInto(fsd.fops_module, fn);
}

/**
 * Mirrors open_proxy_open(): the open of a debugfs_create_file_unsafe() file. The real
 * fops replace the proxy for the life of the open file.
 */
function open_proxy_open(inode: Inode, filp: File): KRet {
  const dentry = fDentry(filp);
  const r = debugfs_file_get(dentry);
  if (r) return r === -EIO ? -ENOENT : r;
  const fsd = fsdataOf(dentry);
  return guarded(dentry, () => {
    if (debugfs_locked_down(inode, filp, fsd)) return -EPERM;
    touchRealFops(fsd);
    const real_fops = fopsGet(fsd.real_fops);
    if (!real_fops) {
      /* Huh? Module did not clean up after itself at exit? */
      warn("open_proxy_open", 233, `debugfs file owner did not clean up at exit: ${dentry.d_name}`);
      return -ENXIO;
    }
    filp.f_op = real_fops; // replace_fops()
    const open = real_fops.open;
    return open ? callReal(fsd, () => open(inode, filp)) : 0;
  });
}

export const debugfs_open_proxy_file_operations: FileOperations = { open: open_proxy_open };

/** Mirrors FULL_PROXY_FUNC(llseek, ...). */
function full_proxy_llseek(filp: File, offset: number, whence: number): number {
  const dentry = fDentry(filp);
  const r = debugfs_file_get(dentry);
  if (r) return r;
  const fsd = fsdataOf(dentry);
  return guarded(dentry, () => {
    touchRealFops(fsd);
    const llseek = fsd.real_fops.llseek!;
    return callReal(fsd, () => llseek(filp, offset, whence));
  }) as number;
}

/** Mirrors FULL_PROXY_FUNC(read, ...). */
function full_proxy_read(filp: File, buf: UserPtr, size: number, ppos: Loff): KRet {
  const dentry = fDentry(filp);
  const r = debugfs_file_get(dentry);
  if (r) return r;
  const fsd = fsdataOf(dentry);
  return guarded(dentry, () => {
    touchRealFops(fsd);
    const read = fsd.real_fops.read!;
    return callReal(fsd, () => read(filp, buf, size, ppos));
  });
}

/** Mirrors FULL_PROXY_FUNC(write, ...). */
function full_proxy_write(filp: File, buf: UserPtr, size: number, ppos: Loff): KRet {
  const dentry = fDentry(filp);
  const r = debugfs_file_get(dentry);
  if (r) return r;
  const fsd = fsdataOf(dentry);
  return guarded(dentry, () => {
    touchRealFops(fsd);
    const write = fsd.real_fops.write!;
    return callReal(fsd, () => write(filp, buf, size, ppos));
  });
}

/** Mirrors FULL_PROXY_FUNC(unlocked_ioctl, ...). */
function full_proxy_unlocked_ioctl(filp: File, cmd: number, arg: number | bigint): KRet {
  const dentry = fDentry(filp);
  const r = debugfs_file_get(dentry);
  if (r) return r;
  const fsd = fsdataOf(dentry);
  return guarded(dentry, () => {
    touchRealFops(fsd);
    const ioctl = fsd.real_fops.unlocked_ioctl!;
    return callReal(fsd, () => ioctl(filp, cmd, arg));
  });
}

/** Mirrors full_proxy_poll(): EPOLLHUP once the file is gone. */
function full_proxy_poll(filp: File, wait: PollTable | null): number {
  const dentry = fDentry(filp);
  if (debugfs_file_get(dentry)) return EPOLLHUP;
  const fsd = fsdataOf(dentry);
  return guarded(dentry, () => {
    touchRealFops(fsd);
    const poll = fsd.real_fops.poll!;
    return callReal(fsd, () => poll(filp, wait));
  }) as number;
}

/**
 * Mirrors full_proxy_release(): the real release runs whether or not the file was
 * removed (it must not leak), then the real fops' module reference is dropped.
 */
function full_proxy_release(inode: Inode, filp: File): number {
  const dentry = fDentry(filp);
  const fsd = fsdataOf(dentry);
  touchRealFops(fsd);
  const real_fops = fsd.real_fops;
  let r = 0;
  const release = real_fops.release;
  if (release) r = callReal(fsd, () => release(inode, filp));
  filp.f_op = dentry.d_inode?.i_fop ?? filp.f_op; // replace_fops(filp, d_inode(dentry)->i_fop)
  fopsPut(real_fops);
  return r;
}

/** Mirrors __full_proxy_fops_init(): only the methods the real fops have. */
function __full_proxy_fops_init(real_fops: FileOperations): FileOperations {
  const proxy_fops: FileOperations = { release: full_proxy_release };
  if (real_fops.llseek) proxy_fops.llseek = full_proxy_llseek;
  if (real_fops.read) proxy_fops.read = full_proxy_read;
  if (real_fops.write) proxy_fops.write = full_proxy_write;
  if (real_fops.poll) proxy_fops.poll = full_proxy_poll;
  if (real_fops.unlocked_ioctl) proxy_fops.unlocked_ioctl = full_proxy_unlocked_ioctl;
  return proxy_fops;
}

/**
 * Mirrors full_proxy_open(): the open of a debugfs_create_file() file. Reads real_fops
 * (fops_get() takes real_fops->owner): for a leftover file of an unloaded module, that
 * read is the use-after-free that Oopses here.
 */
function full_proxy_open(inode: Inode, filp: File): KRet {
  const dentry = fDentry(filp);
  const r = debugfs_file_get(dentry);
  if (r) return r === -EIO ? -ENOENT : r;
  const fsd = fsdataOf(dentry);
  return guarded(dentry, () => {
    if (debugfs_locked_down(inode, filp, fsd)) return -EPERM;
    touchRealFops(fsd);
    const real_fops = fopsGet(fsd.real_fops);
    if (!real_fops) {
      /* Huh? Module did not cleanup after itself at exit? */
      warn("full_proxy_open", 271, `debugfs file owner did not clean up at exit: ${dentry.d_name}`);
      return -ENXIO;
    }
    const proxy_fops = __full_proxy_fops_init(real_fops);
    filp.f_op = proxy_fops; // replace_fops()
    const open = real_fops.open;
    if (!open) return 0;
    const after = (ret: number): number => {
      if (ret) {
        filp.f_op = inode.i_fop; // replace_fops(filp, d_inode(dentry)->i_fop)
        fopsPut(real_fops);
      } else if (filp.f_op !== proxy_fops) {
        /* No protection against file removal anymore. */
        warn("full_proxy_open", 291, `debugfs file owner replaced proxy fops: ${dentry.d_name}`);
        fopsPut(real_fops);
      }
      return ret;
    };
    let ret: KRet;
    try {
      ret = callReal(fsd, () => open(inode, filp));
    } catch (e) {
      filp.f_op = inode.i_fop;
      fopsPut(real_fops);
      throw e;
    }
    return typeof ret === "number" ? after(ret) : ret.then(after);
  });
}

export const debugfs_full_proxy_file_operations: FileOperations = { open: full_proxy_open };

/**
 * Mirrors debugfs_attr_read(): simple_attr_read() under debugfs_file_get(), which is what
 * makes DEFINE_DEBUGFS_ATTRIBUTE files safe without the full proxy.
 */
export function debugfs_attr_read(file: File, buf: UserPtr, len: number, ppos: Loff): number {
  const dentry = fDentry(file);
  const ret = debugfs_file_get(dentry);
  if (ret) return ret;
  try {
    return simple_attr_read(file, buf, len, ppos);
  } finally {
    debugfs_file_put(dentry);
  }
}

/** Mirrors debugfs_attr_write(). */
export function debugfs_attr_write(file: File, buf: UserPtr, len: number, ppos: Loff): number {
  const dentry = fDentry(file);
  const ret = debugfs_file_get(dentry);
  if (ret) return ret;
  try {
    return simple_attr_write(file, buf, len, ppos);
  } finally {
    debugfs_file_put(dentry);
  }
}

/**
 * Mirrors DEFINE_DEBUGFS_ATTRIBUTE(__fops, __get, __set, __fmt) of include/linux/debugfs.h:
 * `const __fops = DEFINE_DEBUGFS_ATTRIBUTE(get, set, fmt)`. Like DEFINE_SIMPLE_ATTRIBUTE
 * but read and write go through debugfs_attr_read/write (safe with
 * debugfs_create_file_unsafe()), and .llseek is no_llseek: lseek() fails with ESPIPE.
 */
export function DEFINE_DEBUGFS_ATTRIBUTE(
  get: SimpleAttrGet | null,
  set: SimpleAttrSet | null,
  fmt: string,
): FileOperations {
  return debugfsAttributeFops(get, set, fmt, cpu.module);
}

/** The fops DEFINE_DEBUGFS_ATTRIBUTE expands to, for an explicit owner (THIS_MODULE). */
export function debugfsAttributeFops(
  get: SimpleAttrGet | null,
  set: SimpleAttrSet | null,
  fmt: string,
  owner: Module | null,
): FileOperations {
  return {
    owner,
    open(inode: Inode, file: File): number {
      return simple_attr_open(inode, file, get, set, fmt);
    },
    release: simple_attr_release,
    read: debugfs_attr_read,
    write: debugfs_attr_write,
    llseek: no_llseek,
  };
}
