/**
 * Creating and removing proc entries (fs/proc/generic.c): the API drivers use.
 */

import {
  S_IALLUGO,
  S_IFDIR,
  S_IFLNK,
  S_IFMT,
  S_IFREG,
  S_IRUGO,
  S_IXUGO,
} from "../../include/uapi/stat.ts";
import { cpu, this_kernel } from "../../kernel/context.ts";
import { defineKernelLocal, type Kernel } from "../../kernel/kernel.ts";
import { fput } from "../file_table.ts";
import type { SuperBlock } from "../fs.ts";
import type { SeqOperations, ShowFn } from "../seq_file.ts";
import { proc_seq_ops, proc_single_ops } from "./inode.ts";
import {
  ProcDirEntry,
  type ProcFileOperationsCompat,
  type ProcOps,
  toProcOps,
} from "./internal.ts";

/** fs/proc/generic.c PROC_DYNAMIC_FIRST: where proc_alloc_inum() starts. */
const PROC_DYNAMIC_FIRST = 0xf0000000;

export class ProcState {
  nextInum = PROC_DYNAMIC_FIRST;
  root: ProcDirEntry;
  sb: SuperBlock | null = null;
  constructor() {
    this.root = new ProcDirEntry("/proc", S_IFDIR | S_IRUGO | S_IXUGO, null, 1);
    this.root.nlink = 2;
  }
  private nextPidIno = 0x1000;
  allocInum(): number {
    return this.nextInum++;
  }
  /** Inode numbers of /proc/<pid> files (get_next_ino()). */
  allocPidIno(): number {
    return this.nextPidIno++;
  }
}

export const procState = defineKernelLocal<ProcState>(() => new ProcState());

function procOf(k: Kernel): ProcState {
  return procState.get(k);
}

/** Mirrors __proc_create(): validates the name and mode, makes the entry. */
function __proc_create(
  parent: ProcDirEntry | null,
  name: string,
  mode: number,
  nlink: number,
): ProcDirEntry | null {
  const k = this_kernel();
  const st = procOf(k);
  // xlate_proc_name(): "a/b" creates b under existing a
  let dir = parent ?? st.root;
  const parts = name.split("/");
  const last = parts.pop()!;
  for (const p of parts) {
    const next = dir.subdir.get(p);
    if (!next) return null;
    dir = next;
  }
  if (!last || last.length > 255 || last === "." || last === "..") return null;
  const de = new ProcDirEntry(last, mode, dir, st.allocInum());
  de.nlink = nlink;
  de.owner = cpu.module;
  return de;
}

/** Mirrors proc_register(): "proc_dir_entry 'x/y' already registered" on a duplicate. */
function proc_register(dir: ProcDirEntry, de: ProcDirEntry): ProcDirEntry | null {
  const k = this_kernel();
  if (dir.subdir.has(de.name)) {
    k.printk(`proc_dir_entry '${pathOf(dir)}/${de.name}' already registered`, 4);
    return null;
  }
  dir.subdir.set(de.name, de);
  if ((de.mode & S_IFMT) === S_IFDIR) {
    dir.nlink++;
    if (dir.inode) dir.inode.i_nlink = dir.nlink;
  }
  return de;
}

function pathOf(de: ProcDirEntry): string {
  const parts: string[] = [];
  for (let d: ProcDirEntry | null = de; d?.parent; d = d.parent) parts.push(d.name);
  return parts.reverse().join("/");
}

function fileMode(mode: number): number {
  if ((mode & S_IFMT) === 0) mode |= S_IFREG;
  if ((mode & S_IALLUGO) === 0) mode |= S_IRUGO;
  return mode;
}

/** Mirrors proc_create_data(). `ops` may be proc_ops (5.6+) or file_operations (the book's 5.4). */
export function proc_create_data(
  name: string,
  mode: number,
  parent: ProcDirEntry | null,
  ops: ProcOps | ProcFileOperationsCompat,
  data: unknown,
): ProcDirEntry | null {
  const p = __proc_create(parent, name, fileMode(mode), 1);
  if (!p) return null;
  p.proc_ops = toProcOps(ops);
  p.data = data;
  return proc_register(p.parent!, p);
}

/** Mirrors proc_create(). */
export function proc_create(
  name: string,
  mode: number,
  parent: ProcDirEntry | null,
  ops: ProcOps | ProcFileOperationsCompat,
): ProcDirEntry | null {
  return proc_create_data(name, mode, parent, ops, null);
}

/** Mirrors proc_create_seq_private() / proc_create_seq(). */
export function proc_create_seq_private(
  name: string,
  mode: number,
  parent: ProcDirEntry | null,
  ops: SeqOperations,
  state_size: number,
  data: unknown,
): ProcDirEntry | null {
  const p = __proc_create(parent, name, fileMode(mode), 1);
  if (!p) return null;
  p.proc_ops = proc_seq_ops;
  p.seq_ops = ops;
  p.state_size = state_size;
  p.data = data;
  return proc_register(p.parent!, p);
}

export function proc_create_seq(
  name: string,
  mode: number,
  parent: ProcDirEntry | null,
  ops: SeqOperations,
) {
  return proc_create_seq_private(name, mode, parent, ops, 0, null);
}

/** Mirrors proc_create_single_data(). */
export function proc_create_single_data(
  name: string,
  mode: number,
  parent: ProcDirEntry | null,
  show: ShowFn,
  data: unknown,
): ProcDirEntry | null {
  const p = __proc_create(parent, name, fileMode(mode), 1);
  if (!p) return null;
  p.proc_ops = proc_single_ops;
  p.single_show = show;
  p.data = data;
  return proc_register(p.parent!, p);
}

export function proc_create_single(
  name: string,
  mode: number,
  parent: ProcDirEntry | null,
  show: ShowFn,
) {
  return proc_create_single_data(name, mode, parent, show, null);
}

/** Mirrors proc_mkdir_data(). */
export function proc_mkdir_data(
  name: string,
  mode: number,
  parent: ProcDirEntry | null,
  data: unknown,
): ProcDirEntry | null {
  if (mode === 0) mode = S_IRUGO | S_IXUGO;
  const ent = __proc_create(parent, name, S_IFDIR | mode, 2);
  if (!ent) return null;
  ent.data = data;
  return proc_register(ent.parent!, ent);
}

export function proc_mkdir_mode(name: string, mode: number, parent: ProcDirEntry | null) {
  return proc_mkdir_data(name, mode, parent, null);
}

/** Mirrors proc_mkdir(). */
export function proc_mkdir(name: string, parent: ProcDirEntry | null): ProcDirEntry | null {
  return proc_mkdir_data(name, 0, parent, null);
}

/** Mirrors proc_symlink(). */
export function proc_symlink(
  name: string,
  parent: ProcDirEntry | null,
  dest: string,
): ProcDirEntry | null {
  const ent = __proc_create(parent, name, S_IFLNK | S_IRUGO | 0o222 | S_IXUGO, 1);
  if (!ent) return null;
  ent.link = dest;
  ent.size = new TextEncoder().encode(dest).length;
  return proc_register(ent.parent!, ent);
}

/** Mirrors proc_set_size() and proc_set_user(). */
export function proc_set_size(de: ProcDirEntry, size: number): void {
  de.size = size;
}
export function proc_set_user(de: ProcDirEntry, uid: number, gid: number): void {
  de.uid = uid;
  de.gid = gid;
}

/** Mirrors PDE_DATA() / pde_data(): the data given when the entry was created. */
export function PDE_DATA(inode: { i_private: unknown }): unknown {
  return (inode.i_private as ProcDirEntry).data;
}
export const pde_data = PDE_DATA;

/**
 * Mirrors proc_entry_rundown(): mark removed, then close every open file on the
 * entry (calling its release), so later calls on those files give EIO.
 */
function proc_entry_rundown(de: ProcDirEntry): void {
  const k = this_kernel();
  de.removed = true;
  for (const o of de.openers.splice(0)) {
    if (o.closed) continue;
    o.closed = true;
    const rel = de.proc_ops?.proc_release;
    if (rel) k.modules.callInto(de.owner, () => rel(o.file.f_inode, o.file));
  }
  if (de.dentry) {
    de.dentry.d_deleted = true;
    de.dentry.d_parent.d_drop(de.dentry.d_name);
  }
  if (de.inode) de.inode.i_nlink = 0;
  void fput;
}

function unlinkEntry(de: ProcDirEntry): void {
  const parent = de.parent!;
  parent.subdir.delete(de.name);
  if ((de.mode & S_IFMT) === S_IFDIR) {
    parent.nlink--;
    if (parent.inode) parent.inode.i_nlink = parent.nlink;
  }
  proc_entry_rundown(de);
}

/** Mirrors remove_proc_entry(): "name/..." relative to parent; warns on a non-empty dir. */
export function remove_proc_entry(name: string, parent: ProcDirEntry | null): void {
  const k = this_kernel();
  const st = procOf(k);
  let dir = parent ?? st.root;
  const parts = name.split("/");
  const last = parts.pop()!;
  for (const p of parts) {
    const next = dir.subdir.get(p);
    if (!next) return;
    dir = next;
  }
  const de = dir.subdir.get(last);
  if (!de) {
    k.printk(`WARNING: name '${name}'`, 4);
    k.printk(`remove_proc_entry: removing non-empty directory or missing entry '${name}'`, 3);
    return;
  }
  unlinkEntry(de);
  if ((de.mode & S_IFMT) === S_IFDIR && de.subdir.size) {
    k.printk(
      `remove_proc_entry: removing non-empty directory '${pathOf(dir)}/${de.name}', leaking at least '${[...de.subdir.keys()][0]}'`,
      4,
    );
  }
}

/** Mirrors remove_proc_subtree(): the entry and everything below it. -ENOENT if missing. */
export function remove_proc_subtree(name: string, parent: ProcDirEntry | null): number {
  const k = this_kernel();
  const st = procOf(k);
  const dir = parent ?? st.root;
  const root = dir.subdir.get(name);
  if (!root) return -2;
  const walk = (de: ProcDirEntry) => {
    for (const c of [...de.subdir.values()]) walk(c);
    unlinkEntry(de);
  };
  walk(root);
  return 0;
}

/** Mirrors proc_remove(). */
export function proc_remove(de: ProcDirEntry | null): void {
  if (de?.parent) remove_proc_subtree(de.name, de.parent);
}

export { ProcDirEntry };
