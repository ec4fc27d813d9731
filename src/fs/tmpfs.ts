/**
 * tmpfs/ramfs (mm/shmem.c, fs/ramfs/): the root filesystem, /tmp and /dev's nodes.
 * Regular files keep their bytes in memory; directories are their dcache.
 */

import { EFAULT, EFBIG, EINVAL, ENOTEMPTY } from "../include/uapi/errno.ts";
import { O_APPEND } from "../include/uapi/fcntl.ts";
import { S_IFDIR, S_IFLNK, S_IFMT, S_IFREG } from "../include/uapi/stat.ts";
import { this_kernel } from "../kernel/context.ts";
import { copy_from_user, copy_to_user, type UserPtr } from "../mm/uaccess.ts";
import {
  Dentry,
  type File,
  type FileOperations,
  type FileSystemType,
  type IAttr,
  Inode,
  type InodeOperations,
  type Loff,
  SuperBlock,
} from "./fs.ts";
import { init_special_inode } from "./inode.ts";
import { generic_file_llseek, simple_dir_operations } from "./libfs.ts";

export const TMPFS_MAGIC = 0x01021994;
export const tmpfs_fs_type: FileSystemType = { name: "tmpfs", nodev: true };

/** The largest file vkern keeps in memory. */
const MAX_FILE = 64 * 1024 * 1024;

function nowNs(): bigint {
  return this_kernel().clock.realtimeNs();
}

function touch(inode: Inode): void {
  const t = nowNs();
  inode.i_mtimeNs = t;
  inode.i_ctimeNs = t;
}

function ensureCapacity(inode: Inode, size: number): void {
  const cur = inode.i_data ?? new Uint8Array(0);
  if (cur.length >= size) {
    inode.i_data = cur;
    return;
  }
  const grown = new Uint8Array(Math.max(size, cur.length * 2, 64));
  grown.set(cur.subarray(0, inode.i_size));
  inode.i_data = grown;
}

/** Sets a regular file's length, zero-filling growth (shmem_setattr's truncate). */
export function tmpfs_truncate(inode: Inode, size: number): number {
  if (size < 0) return -EINVAL;
  if (size > MAX_FILE) return -EFBIG;
  ensureCapacity(inode, size);
  if (size < inode.i_size) inode.i_data!.fill(0, size, inode.i_size);
  inode.i_size = size;
  touch(inode);
  return 0;
}

export const tmpfs_file_operations: FileOperations = {
  llseek: generic_file_llseek,
  read(file: File, buf: UserPtr, count: number, ppos: Loff): number {
    const inode = file.f_inode;
    const pos = ppos.value;
    if (pos >= inode.i_size || count === 0) return 0;
    const n = Math.min(count, inode.i_size - pos);
    const left = copy_to_user(buf, inode.i_data!.subarray(pos, pos + n), n);
    if (left === n) return -EFAULT;
    ppos.value = pos + n - left;
    return n - left;
  },
  write(file: File, buf: UserPtr, count: number, ppos: Loff): number {
    const inode = file.f_inode;
    let pos = file.f_flags & O_APPEND ? inode.i_size : ppos.value;
    if (count === 0) return 0;
    if (pos + count > MAX_FILE) {
      if (pos >= MAX_FILE) return -EFBIG;
      count = MAX_FILE - pos;
    }
    const tmp = new Uint8Array(count);
    const left = copy_from_user(tmp, buf, count);
    const n = count - left;
    if (n === 0) return -EFAULT;
    ensureCapacity(inode, pos + n);
    if (pos > inode.i_size) inode.i_data!.fill(0, inode.i_size, pos);
    inode.i_data!.set(tmp.subarray(0, n), pos);
    pos += n;
    if (pos > inode.i_size) inode.i_size = pos;
    ppos.value = pos;
    touch(inode);
    return n;
  },
};

function newInode(dir: Inode, mode: number): Inode {
  const inode = new Inode(dir.i_sb, mode, nowNs());
  const cur = this_kernel().tasks.currentOrInit();
  inode.i_uid = cur.cred.fsuid;
  // A setgid directory passes its group on (inode_init_owner()).
  inode.i_gid = dir.i_mode & 0o2000 ? dir.i_gid : cur.cred.fsgid;
  if ((mode & S_IFMT) === S_IFDIR && dir.i_mode & 0o2000) inode.i_mode |= 0o2000;
  return inode;
}

/** mm/shmem.c BOGO_DIRENT_SIZE: what a tmpfs directory's size grows by per entry. */
const BOGO_DIRENT_SIZE = 20;

/** Directory sizes: tmpfs counts entries; the root (shown as ext4) has whole 4 KiB blocks. */
function dirSizeGrow(dir: Inode, delta: number): void {
  if (dir.i_sb.s_magic === TMPFS_MAGIC)
    dir.i_size = Math.max(0, dir.i_size + delta * BOGO_DIRENT_SIZE);
}

function instantiate(dir: Inode, dentry: Dentry, inode: Inode): number {
  dentry.d_inode = inode;
  dentry.d_parent.d_add(dentry);
  dirSizeGrow(dir, 1);
  touch(dir);
  return 0;
}

export const tmpfs_dir_inode_operations: InodeOperations = {
  create(dir, dentry, mode) {
    const inode = newInode(dir, (mode & 0o7777) | S_IFREG);
    setupRegular(inode);
    return instantiate(dir, dentry, inode);
  },
  mkdir(dir, dentry, mode) {
    const inode = newInode(dir, (mode & 0o7777) | S_IFDIR);
    setupDir(inode);
    dir.i_nlink++;
    return instantiate(dir, dentry, inode);
  },
  mknod(dir, dentry, mode, rdev) {
    const inode = newInode(dir, mode);
    if ((mode & S_IFMT) === S_IFREG) setupRegular(inode);
    else init_special_inode(inode, mode, rdev);
    return instantiate(dir, dentry, inode);
  },
  symlink(dir, dentry, target) {
    const inode = newInode(dir, S_IFLNK | 0o777);
    inode.i_link = target;
    inode.i_size = new TextEncoder().encode(target).length;
    return instantiate(dir, dentry, inode);
  },
  link(old, dir, dentry) {
    const inode = old.d_inode!;
    inode.i_nlink++;
    inode.i_ctimeNs = nowNs();
    return instantiate(dir, dentry, inode);
  },
  unlink(dir, dentry) {
    const inode = dentry.d_inode!;
    inode.i_nlink--;
    inode.i_ctimeNs = nowNs();
    dentry.d_parent.d_drop(dentry.d_name);
    dentry.d_deleted = true;
    dirSizeGrow(dir, -1);
    touch(dir);
    return 0;
  },
  rmdir(dir, dentry) {
    const inode = dentry.d_inode!;
    if (dentry.d_subdirs && dentry.d_subdirs.size > 0) return -ENOTEMPTY;
    inode.i_nlink = 0;
    dir.i_nlink--;
    dentry.d_parent.d_drop(dentry.d_name);
    dentry.d_deleted = true;
    dirSizeGrow(dir, -1);
    touch(dir);
    return 0;
  },
  rename(oldDir, old, newDir, dentry) {
    const target = dentry.d_inode;
    const movingDir = (old.d_inode!.i_mode & S_IFMT) === S_IFDIR;
    if (target) {
      if ((target.i_mode & S_IFMT) === S_IFDIR) {
        if (dentry.d_subdirs && dentry.d_subdirs.size > 0) return -ENOTEMPTY;
        newDir.i_nlink--;
      }
      target.i_nlink--;
      dentry.d_deleted = true;
    }
    old.d_parent.d_drop(old.d_name);
    old.d_name = dentry.d_name;
    old.d_parent = dentry.d_parent;
    dentry.d_parent.d_add(old);
    if (movingDir && oldDir !== newDir) {
      oldDir.i_nlink--;
      newDir.i_nlink++;
    }
    touch(oldDir);
    touch(newDir);
    return 0;
  },
  setattr(dentry, attr: IAttr) {
    return tmpfs_setattr(dentry.d_inode!, attr);
  },
};

export function tmpfs_setattr(inode: Inode, attr: IAttr): number {
  if (attr.size !== undefined) {
    const r = tmpfs_truncate(inode, attr.size);
    if (r) return r;
  }
  return 0;
}

const tmpfs_file_inode_operations: InodeOperations = {
  setattr(dentry, attr) {
    return tmpfs_setattr(dentry.d_inode!, attr);
  },
};

function setupRegular(inode: Inode): void {
  inode.i_op = tmpfs_file_inode_operations;
  inode.i_fop = tmpfs_file_operations;
}

function setupDir(inode: Inode): void {
  inode.i_op = tmpfs_dir_inode_operations;
  inode.i_fop = simple_dir_operations;
  inode.i_nlink = 2;
  if (inode.i_sb.s_magic === TMPFS_MAGIC) {
    inode.i_size = 2 * BOGO_DIRENT_SIZE;
  } else {
    inode.i_size = 4096;
    inode.i_blocks = 8;
  }
}

/** Makes a fresh tmpfs superblock whose root directory has `mode`. */
export function tmpfs_fill_super(
  mode = 0o755,
  magic = TMPFS_MAGIC,
  type = tmpfs_fs_type,
): SuperBlock {
  const sb = new SuperBlock(type, magic);
  const root = new Inode(sb, S_IFDIR | mode, nowNs());
  setupDir(root);
  sb.s_root = new Dentry("/", null, root);
  return sb;
}
