/**
 * The /proc root (fs/proc/root.c): the registered entries, plus one directory per
 * process and the "self" and "thread-self" links.
 */

import { DT_DIR, DT_LNK, S_IFDIR, S_IFLNK } from "../../include/uapi/stat.ts";
import { this_kernel } from "../../kernel/context.ts";
import type { Kernel } from "../../kernel/kernel.ts";
import { Dentry, type FileSystemType, Inode, type InodeOperations, SuperBlock } from "../fs.ts";
import { default_llseek, generic_read_dir } from "../libfs.ts";
import { proc_pid_lookup, proc_pid_readdir } from "./base.ts";
import { procState } from "./generic.ts";
import { proc_dir_operations, proc_get_inode, proc_lookup_de, proc_readdir_de } from "./inode.ts";

export const PROC_SUPER_MAGIC = 0x9fa0;
export const proc_fs_type: FileSystemType = { name: "proc", nodev: true };

const selfLinkOps: InodeOperations = {
  get_link() {
    const t = this_kernel().tasks.currentOrInit();
    return String(t.tgid);
  },
};
const threadSelfLinkOps: InodeOperations = {
  get_link() {
    const t = this_kernel().tasks.currentOrInit();
    return `${t.tgid}/task/${t.pid}`;
  },
};

function linkInode(sb: SuperBlock, ino: number, ops: InodeOperations): Inode {
  const k = this_kernel();
  const inode = new Inode(sb, S_IFLNK | 0o777, k.clock.realtimeNs(), ino);
  inode.i_op = ops;
  return inode;
}

const SELF_INO = 0xeffffffe;
const THREAD_SELF_INO = 0xeffffffd;

const proc_root_inode_operations: InodeOperations = {
  lookup(dir, dentry) {
    const st = procState.get(this_kernel());
    const hit = proc_lookup_de(dir, dentry, st.root);
    if (typeof hit !== "number") return hit;
    if (dentry.d_name === "self") {
      dentry.d_inode = linkInode(dir.i_sb, SELF_INO, selfLinkOps);
      return dentry;
    }
    if (dentry.d_name === "thread-self") {
      dentry.d_inode = linkInode(dir.i_sb, THREAD_SELF_INO, threadSelfLinkOps);
      return dentry;
    }
    return proc_pid_lookup(dir, dentry);
  },
};

/** Mounts a procfs instance (proc_fill_super()). */
export function proc_fill_super(k: Kernel): SuperBlock {
  const st = procState.get(k);
  const sb = new SuperBlock(proc_fs_type, PROC_SUPER_MAGIC);
  st.sb = sb;
  const root = proc_get_inode(sb, st.root);
  root.i_mode = S_IFDIR | 0o555;
  root.i_op = proc_root_inode_operations;
  root.i_fop = {
    llseek: default_llseek,
    read: () => generic_read_dir(),
    iterate_shared(file, ctx) {
      // Entries first, then "self", "thread-self" and the pids (proc_root_readdir()).
      const nr = st.root.subdir.size + 2;
      if (ctx.pos < nr) {
        if (!proc_readdir_de(file, ctx, st.root)) return 0;
      }
      if (ctx.pos === nr) {
        if (!ctx.actor("self", SELF_INO, DT_LNK)) return 0;
        ctx.pos++;
      }
      if (ctx.pos === nr + 1) {
        if (!ctx.actor("thread-self", THREAD_SELF_INO, DT_LNK)) return 0;
        ctx.pos++;
      }
      proc_pid_readdir(ctx, nr + 2);
      return 0;
    },
  };
  sb.s_root = new Dentry("/", null, root);
  root.i_nlink = 2;
  return sb;
}

export { DT_DIR, proc_dir_operations };
