/**
 * kernfs inodes, lookup and readdir (fs/kernfs/inode.c, dir.c, symlink.c, mount.c of
 * Linux 5.4). An inode is made when a node is first looked up; its times are that
 * moment (kernfs_init_inode() uses current_time()), its mode, owner, size and link
 * count are refreshed from the node.
 */

import { EISDIR, ENOENT } from "../../include/uapi/errno.ts";
import { DT_DIR, DT_LNK, DT_REG } from "../../include/uapi/stat.ts";
import { this_kernel } from "../../kernel/context.ts";
import {
  Dentry,
  type DirContext,
  type File,
  type FileOperations,
  type FileSystemType,
  Inode,
  type InodeOperations,
  SuperBlock,
} from "../fs.ts";
import { dir_emit_dots, generic_file_llseek } from "../libfs.ts";
import { generic_permission } from "../namei.ts";
import { kernfs_file_fops } from "./file.ts";
import {
  KERNFS_DIR,
  KERNFS_FILE,
  KERNFS_LINK,
  type KernfsNode,
  type KernfsRoot,
  kernfs_get_target_path,
} from "./kernfs.ts";

const INT_MAX = 0x7fffffff;

/** Mirrors kernfs_refresh_inode(): the node's attributes onto its inode. */
function kernfs_refresh_inode(kn: KernfsNode, inode: Inode): void {
  inode.i_mode = kn.mode;
  inode.i_uid = kn.uid;
  inode.i_gid = kn.gid;
  if (kn.iattr?.atimeNs !== undefined) inode.i_atimeNs = kn.iattr.atimeNs;
  if (kn.iattr?.mtimeNs !== undefined) inode.i_mtimeNs = kn.iattr.mtimeNs;
  if (kn.iattr?.ctimeNs !== undefined) inode.i_ctimeNs = kn.iattr.ctimeNs;
  if (kn.type === KERNFS_DIR) inode.i_nlink = kn.removed ? 0 : kn.subdirs + 2;
  else inode.i_nlink = kn.removed ? 0 : 1;
  if (kn.type === KERNFS_FILE) inode.i_size = kn.size;
}

/** Mirrors kernfs_get_inode() + kernfs_init_inode(): one inode per node. */
export function kernfs_get_inode(sb: SuperBlock, kn: KernfsNode): Inode {
  if (kn.inode && kn.inode.i_sb === sb) return kn.inode;
  const inode = new Inode(sb, kn.mode, this_kernel().clock.realtimeNs(), kn.ino);
  inode.i_private = kn;
  inode.i_blocks = 0;
  kernfs_refresh_inode(kn, inode);
  switch (kn.type) {
    case KERNFS_DIR:
      inode.i_op = kernfs_dir_iops;
      inode.i_fop = kernfs_dir_fops;
      break;
    case KERNFS_FILE:
      inode.i_op = kernfs_iops;
      inode.i_fop = kernfs_file_fops;
      break;
    default:
      inode.i_op = kernfs_symlink_iops;
  }
  kn.inode = inode;
  return inode;
}

function nodeOf(inode: Inode): KernfsNode {
  return inode.i_private as KernfsNode;
}

/** The operations every kernfs inode has (kernfs_iop_permission/getattr/setattr). */
const common: InodeOperations = {
  permission(inode, mask, cred) {
    kernfs_refresh_inode(nodeOf(inode), inode);
    return generic_permission(inode, mask, cred);
  },
  getattr(dentry, stat) {
    const inode = dentry.d_inode!;
    const kn = nodeOf(inode);
    kernfs_refresh_inode(kn, inode);
    stat.mode = inode.i_mode;
    stat.uid = inode.i_uid;
    stat.gid = inode.i_gid;
    stat.nlink = inode.i_nlink;
    stat.size = inode.i_size;
    return 0;
  },
  setattr(dentry, attr) {
    // __kernfs_setattr(): mode, owner and times stick to the node; size is ignored,
    // so `echo x > attr` (O_TRUNC) leaves the size at PAGE_SIZE.
    const kn = nodeOf(dentry.d_inode!);
    if (attr.mode !== undefined) kn.mode = (kn.mode & ~0o7777) | (attr.mode & 0o7777);
    if (attr.uid !== undefined) kn.uid = attr.uid;
    if (attr.gid !== undefined) kn.gid = attr.gid;
    const now = this_kernel().clock.realtimeNs();
    if (attr.mode !== undefined || attr.uid !== undefined || attr.gid !== undefined) {
      kn.iattr = { ...kn.iattr, ctimeNs: now };
    }
    if (attr.mtimeNs !== undefined) kn.iattr = { ...kn.iattr, mtimeNs: attr.mtimeNs };
    if (attr.atimeNs !== undefined) kn.iattr = { ...kn.iattr, atimeNs: attr.atimeNs };
    kernfs_refresh_inode(kn, dentry.d_inode!);
    return 0;
  },
};

const kernfs_iops: InodeOperations = common;

/** Mirrors kernfs_iop_lookup(): a dentry for the child, revalidated against removal. */
function kernfs_iop_lookup(dir: Inode, dentry: Dentry): Dentry | null {
  const parent = nodeOf(dir);
  const kn = parent.children?.get(dentry.d_name);
  if (!kn || kn.removed) return null;
  dentry.d_inode = kernfs_get_inode(dir.i_sb, kn);
  dentry.d_fsdata = kn;
  // kernfs_dop_revalidate(): a cached dentry is stale once its node is gone or moved.
  dentry.d_revalidate = () => !kn.removed && kn.parent === parent && kn.name === dentry.d_name;
  kn.dentry = dentry;
  return dentry;
}

const kernfs_dir_iops: InodeOperations = { ...common, lookup: kernfs_iop_lookup };

const kernfs_symlink_iops: InodeOperations = {
  ...common,
  /** Mirrors kernfs_iop_get_link(): the relative path from the link's directory. */
  get_link(dentry) {
    const kn = nodeOf(dentry.d_inode!);
    if (!kn.target || !kn.parent) return -ENOENT;
    return kernfs_get_target_path(kn.parent, kn.target);
  },
};

function dt_type(kn: KernfsNode): number {
  return kn.type === KERNFS_DIR ? DT_DIR : kn.type === KERNFS_LINK ? DT_LNK : DT_REG;
}

/** Binary search for the first child whose hash is >= `hash`. */
function firstAtOrAfter(list: KernfsNode[], hash: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].hash < hash) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Mirrors kernfs_fop_readdir(): ".", "..", then the children in hash order; f_pos is
 * the hash of the next entry (INT_MAX at the end), and the file remembers the node it
 * stopped at so entries with equal hashes are not repeated (kernfs_dir_pos()).
 */
function kernfs_fop_readdir(file: File, ctx: DirContext): number {
  const parent = nodeOf(file.f_inode);
  if (!dir_emit_dots(file, ctx)) return 0;
  const list = parent.sortedChildren();
  const last = file.private_data as KernfsNode | null;
  let i: number;
  if (last && last.parent === parent && !last.removed && last.hash === ctx.pos) {
    i = list.indexOf(last, firstAtOrAfter(list, ctx.pos));
    if (i < 0) i = firstAtOrAfter(list, ctx.pos);
  } else {
    i = ctx.pos >= INT_MAX ? list.length : firstAtOrAfter(list, ctx.pos);
  }
  for (; i < list.length; i++) {
    const kn = list[i];
    ctx.pos = kn.hash;
    file.private_data = kn;
    if (!ctx.actor(kn.name, kn.ino, dt_type(kn))) return 0;
  }
  file.private_data = null;
  ctx.pos = INT_MAX;
  return 0;
}

/** kernfs_dir_fops */
const kernfs_dir_fops: FileOperations = {
  read: () => -EISDIR,
  iterate_shared: kernfs_fop_readdir,
  llseek: generic_file_llseek,
  release(_inode, file) {
    file.private_data = null;
    return 0;
  },
};

/** Mirrors kernfs_fill_super(): a superblock whose root is the kernfs root. */
export function kernfs_fill_super(
  root: KernfsRoot,
  type: FileSystemType,
  magic: number,
): SuperBlock {
  const sb = new SuperBlock(type, magic);
  sb.s_fs_info = root;
  const inode = kernfs_get_inode(sb, root.kn);
  sb.s_root = new Dentry("/", null, inode);
  sb.s_root.d_fsdata = root.kn;
  root.kn.dentry = sb.s_root;
  return sb;
}
