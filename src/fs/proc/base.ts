/**
 * /proc/<pid> (fs/proc/base.c): one directory per process, its files generated
 * from the task on each read.
 */

import { EACCES, ENOENT } from "../../include/uapi/errno.ts";
import { DT_DIR, DT_LNK, DT_REG, S_IFDIR, S_IFLNK, S_IFREG } from "../../include/uapi/stat.ts";
import { this_kernel } from "../../kernel/context.ts";
import type { Task } from "../../kernel/task.ts";
import { copy_from_user } from "../../mm/uaccess.ts";
import {
  type Dentry,
  type DirContext,
  type File,
  type FileOperations,
  Inode,
  type InodeOperations,
} from "../fs.ts";
import { default_llseek, dir_emit_dots, generic_read_dir } from "../libfs.ts";
import { generic_permission } from "../namei.ts";
import { d_path } from "../namespace.ts";
import {
  type SeqFile,
  type SeqOperations,
  seq_lseek,
  seq_open,
  seq_read,
  single_open,
  single_release,
} from "../seq_file.ts";
import { pidEntryShows, proc_pid_maps_op } from "./array.ts";
import { procState } from "./generic.ts";

/** One file or link of /proc/<pid>/ (struct pid_entry). */
interface PidEntry {
  name: string;
  mode: number;
  show?: (m: SeqFile, t: Task) => void;
  /** A multi-record seq_file instead of a single show (proc_pid_maps_op). */
  seq?: (t: Task) => SeqOperations;
  link?: (t: Task) => string | number;
  dir?: "fd" | "task";
  /** Only the owner (or root) may read it: environ, maps... (ptrace_may_access()). */
  private?: boolean;
}

const tgid_base_stuff: PidEntry[] = [
  { name: "task", mode: S_IFDIR | 0o555, dir: "task" },
  { name: "fd", mode: S_IFDIR | 0o500, dir: "fd", private: true },
  { name: "environ", mode: S_IFREG | 0o400, show: pidEntryShows.environ, private: true },
  { name: "status", mode: S_IFREG | 0o444, show: pidEntryShows.status },
  { name: "limits", mode: S_IFREG | 0o444, show: pidEntryShows.limits },
  { name: "cmdline", mode: S_IFREG | 0o444, show: pidEntryShows.cmdline },
  { name: "stat", mode: S_IFREG | 0o444, show: pidEntryShows.stat },
  { name: "statm", mode: S_IFREG | 0o444, show: pidEntryShows.statm },
  { name: "maps", mode: S_IFREG | 0o444, seq: proc_pid_maps_op, private: true },
  { name: "mounts", mode: S_IFREG | 0o444, show: pidEntryShows.mounts },
  { name: "comm", mode: S_IFREG | 0o644, show: pidEntryShows.comm },
  { name: "cwd", mode: S_IFLNK | 0o777, link: (t) => d_path(t.fs.pwd), private: true },
  { name: "root", mode: S_IFLNK | 0o777, link: (t) => d_path(t.fs.root), private: true },
  { name: "exe", mode: S_IFLNK | 0o777, link: (t) => t.exe || -ENOENT, private: true },
];

/** Whether `t` may look at `target`'s private files (same uid, or root). */
function ptraceMayAccess(t: Task, target: Task): boolean {
  if (t.cred.fsuid === 0) return true;
  return t.cred.uid === target.cred.uid && t.cred.uid === target.cred.euid && !target.kthread;
}

function taskAlive(k: ReturnType<typeof this_kernel>, pid: number): Task | null {
  const t = k.tasks.get(pid);
  return t && t.state !== "dead" ? t : null;
}

function nextIno(): number {
  return procState.get(this_kernel()).allocPidIno();
}

function pidInode(sb: Inode["i_sb"], t: Task, mode: number): Inode {
  const k = this_kernel();
  const inode = new Inode(
    sb,
    mode,
    BigInt(k.options.bootTimeMs) * 1_000_000n + BigInt(t.startTimeNs),
    nextIno(),
  );
  // task_dump_owner(): files belong to the task's effective ids.
  inode.i_uid = t.cred.euid;
  inode.i_gid = t.cred.egid;
  return inode;
}

function entryFops(e: PidEntry): FileOperations {
  return {
    open(inode, file) {
      const k = this_kernel();
      const t = taskAlive(k, (inode.i_private as { pid: number }).pid);
      if (!t) return -ENOENT;
      const cur = k.tasks.currentOrInit();
      if (e.private && !ptraceMayAccess(cur, t)) return -EACCES;
      if (e.seq) return seq_open(file, e.seq(t));
      return single_open(file, (m) => e.show!(m, t), t);
    },
    read: seq_read,
    llseek: seq_lseek,
    release: single_release,
    write: e.name === "comm" ? commWrite : undefined,
  };
}

function commWrite(file: File, buf: number, count: number): number {
  const k = this_kernel();
  const t = taskAlive(k, (file.f_inode.i_private as { pid: number }).pid);
  if (!t) return -ENOENT;
  const b = new Uint8Array(Math.min(count, 15));
  const left = copyIn(b, buf);
  if (left) return -14;
  t.set_comm(new TextDecoder().decode(b).replace(/\n$/, ""));
  return count;
}

function copyIn(b: Uint8Array, buf: number): number {
  return copy_from_user(b, buf, b.length);
}

function instantiateEntry(dir: Inode, dentry: Dentry, t: Task, e: PidEntry): Dentry {
  const inode = pidInode(dir.i_sb, t, e.mode);
  inode.i_private = { pid: t.pid };
  if (e.link) {
    inode.i_op = {
      get_link: () => {
        const k = this_kernel();
        const cur = k.tasks.currentOrInit();
        const live = taskAlive(k, t.pid);
        if (!live) return -ENOENT;
        if (e.private && !ptraceMayAccess(cur, live)) return -EACCES;
        return e.link!(live);
      },
    };
  } else if (e.dir === "fd") {
    inode.i_op = fdDirIops(t.pid);
    inode.i_fop = fdDirFops(t.pid);
    inode.i_nlink = 2;
  } else if (e.dir === "task") {
    inode.i_op = taskDirIops(t.pid);
    inode.i_fop = taskDirFops(t.pid);
    inode.i_nlink = 3;
  } else {
    inode.i_fop = entryFops(e);
  }
  if (e.private) {
    inode.i_op = {
      ...inode.i_op,
      permission(ino, mask, cred) {
        const k = this_kernel();
        const cur = k.tasks.currentOrInit();
        const live = taskAlive(k, t.pid);
        if (live && !ptraceMayAccess(cur, live)) return -EACCES;
        return generic_permission(ino, mask, cred);
      },
    };
  }
  dentry.d_inode = inode;
  dentry.d_revalidate = () => taskAlive(this_kernel(), t.pid) !== null;
  return dentry;
}

function fdDirIops(pid: number): InodeOperations {
  return {
    lookup(dir, dentry) {
      const k = this_kernel();
      const t = taskAlive(k, pid);
      // proc_lookupfd_common(): a miss is -ENOENT, not a negative dentry.
      if (!t || !/^\d+$/.test(dentry.d_name)) return -ENOENT;
      const e = t.files.get(Number(dentry.d_name));
      if (!e) return -ENOENT;
      const inode = pidInode(
        dir.i_sb,
        t,
        S_IFLNK |
          (e.file.f_mode & 3
            ? (e.file.f_mode & 1 ? 0o500 : 0) | (e.file.f_mode & 2 ? 0o200 : 0)
            : 0o700),
      );
      const file = e.file;
      inode.i_op = { get_link: () => d_path(file.f_path) };
      dentry.d_inode = inode;
      dentry.d_revalidate = () =>
        taskAlive(this_kernel(), pid)?.files.get(Number(dentry.d_name))?.file === file;
      return dentry;
    },
  };
}

function fdDirFops(pid: number): FileOperations {
  return {
    llseek: default_llseek,
    read: () => generic_read_dir(),
    iterate_shared(file, ctx) {
      if (!dir_emit_dots(file, ctx)) return 0;
      const t = taskAlive(this_kernel(), pid);
      if (!t) return 0;
      const fds = t.files.openFds();
      for (let i = ctx.pos - 2; i < fds.length; i++) {
        if (!ctx.actor(String(fds[i]), 0x2000 + fds[i], DT_LNK)) return 0;
        ctx.pos++;
      }
      return 0;
    },
  };
}

function taskDirIops(pid: number): InodeOperations {
  return {
    lookup(dir, dentry) {
      const k = this_kernel();
      const t = taskAlive(k, pid);
      if (!t) return -ENOENT;
      const tid = Number(dentry.d_name);
      const th = [t, ...t.threads].find((x) => x.pid === tid);
      if (!th) return -ENOENT;
      return pidDirInstantiate(dir, dentry, th);
    },
  };
}

function taskDirFops(pid: number): FileOperations {
  return {
    llseek: default_llseek,
    read: () => generic_read_dir(),
    iterate_shared(file, ctx) {
      if (!dir_emit_dots(file, ctx)) return 0;
      const t = taskAlive(this_kernel(), pid);
      if (!t) return 0;
      const all = [t, ...t.threads];
      for (let i = ctx.pos - 2; i < all.length; i++) {
        if (!ctx.actor(String(all[i].pid), 0x3000 + all[i].pid, DT_DIR)) return 0;
        ctx.pos++;
      }
      return 0;
    },
  };
}

const pidDirIops: InodeOperations = {
  lookup(dir, dentry) {
    const k = this_kernel();
    const t = taskAlive(k, (dir.i_private as { pid: number }).pid);
    // proc_pident_lookup(): a miss is -ENOENT.
    if (!t) return -ENOENT;
    const e = tgid_base_stuff.find((x) => x.name === dentry.d_name);
    if (!e) return -ENOENT;
    return instantiateEntry(dir, dentry, t, e);
  },
};

const pidDirFops: FileOperations = {
  llseek: default_llseek,
  read: () => generic_read_dir(),
  iterate_shared(file, ctx) {
    if (!dir_emit_dots(file, ctx)) return 0;
    for (let i = ctx.pos - 2; i < tgid_base_stuff.length; i++) {
      const e = tgid_base_stuff[i];
      const dt = e.dir ? DT_DIR : e.link ? DT_LNK : DT_REG;
      if (!ctx.actor(e.name, 0x4000 + i, dt)) return 0;
      ctx.pos++;
    }
    return 0;
  },
};

function pidDirInstantiate(dir: Inode, dentry: Dentry, t: Task): Dentry {
  const inode = pidInode(dir.i_sb, t, S_IFDIR | 0o555);
  inode.i_private = { pid: t.pid };
  inode.i_op = pidDirIops;
  inode.i_fop = pidDirFops;
  inode.i_nlink = 9;
  dentry.d_inode = inode;
  dentry.d_revalidate = () => taskAlive(this_kernel(), t.pid) !== null;
  return dentry;
}

/** Mirrors proc_pid_lookup(): /proc/<tgid>; a miss is ERR_PTR(-ENOENT). */
export function proc_pid_lookup(dir: Inode, dentry: Dentry): Dentry | number {
  if (!/^[1-9]\d*$/.test(dentry.d_name)) return -ENOENT;
  const k = this_kernel();
  const t = taskAlive(k, Number(dentry.d_name));
  if (!t || t.tgid !== t.pid) return -ENOENT;
  return pidDirInstantiate(dir, dentry, t);
}

/** Mirrors proc_pid_readdir(): the tgids in order, after the fixed entries. */
export function proc_pid_readdir(ctx: DirContext, first: number): void {
  const k = this_kernel();
  const tasks = k.tasks.all().filter((t) => t.state !== "dead" && t.tgid === t.pid);
  for (let i = ctx.pos - first; i < tasks.length; i++) {
    if (!ctx.actor(String(tasks[i].pid), 0x5000 + tasks[i].pid, DT_DIR)) return;
    ctx.pos++;
  }
}
