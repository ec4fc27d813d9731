/**
 * sysfs attribute files (fs/sysfs/file.c of Linux 5.4): an attribute of a kobject is
 * a kernfs file whose reads run the kobject type's sysfs_ops->show() into one zeroed
 * PAGE_SIZE buffer (a count of PAGE_SIZE or more is cut to PAGE_SIZE - 1 with the
 * kernel's "fill_read_buffer: ... returned bad count"), and whose writes run ->store()
 * once per write(2). Files show size PAGE_SIZE; binary attributes show their size.
 */

import { EEXIST, EFBIG, EINVAL, EIO } from "../../include/uapi/errno.ts";
import { cpu, this_kernel } from "../../kernel/context.ts";
import type { Module } from "../../kernel/module.ts";
import { PAGE_SIZE } from "../../mm/mm.ts";
import type { File } from "../fs.ts";
import {
  __kernfs_create_file,
  type KernfsNode,
  type KernfsOpenFile,
  type KernfsOps,
  kernfs_find_and_get,
  kernfs_notify,
  kernfs_path,
  kernfs_remove_by_name,
} from "../kernfs/kernfs.ts";
import type { SeqFile } from "../seq_file.ts";
import { dump_stack, symbolName, WARN } from "./warn.ts";

/** struct attribute: a name and a mode; `owner` is the module whose code serves it. */
export interface Attribute {
  name: string;
  mode: number;
  owner?: Module | null;
}

/** The kobject as sysfs sees it (struct kobject's sysfs side). */
export interface SysfsKobject {
  name: string;
  parent: SysfsKobject | null;
  sd: KernfsNode | null;
  ktype: { sysfs_ops?: SysfsOps | null } | null;
}

/** struct sysfs_ops: how a kobject type turns attribute reads/writes into calls. */
export interface SysfsOps {
  show?: ((kobj: SysfsKobject, attr: Attribute, buf: Uint8Array) => number) | null;
  store?: ((kobj: SysfsKobject, attr: Attribute, buf: Uint8Array, count: number) => number) | null;
}

/** struct bin_attribute */
export interface BinAttribute {
  attr: Attribute;
  size: number;
  private?: unknown;
  read?:
    | ((
        filp: File | null,
        kobj: SysfsKobject,
        attr: BinAttribute,
        buf: Uint8Array,
        off: number,
        count: number,
      ) => number)
    | null;
  write?:
    | ((
        filp: File | null,
        kobj: SysfsKobject,
        attr: BinAttribute,
        buf: Uint8Array,
        off: number,
        count: number,
      ) => number)
    | null;
}

/** Anything that embeds a struct attribute (device_attribute, kobj_attribute, ...). */
export interface HasAttr {
  attr: Attribute;
}

// container_of() for attributes: the wrapper (device_attribute ...) of each attribute.
const containers = new WeakMap<Attribute, HasAttr>();

/** Records `wrapper` as the container of its attribute (what container_of() finds). */
export function attr_set_container<T extends HasAttr>(wrapper: T): T {
  containers.set(wrapper.attr, wrapper);
  return wrapper;
}

/** Mirrors container_of(attr, struct X, attr). */
export function container_of<T extends HasAttr>(attr: Attribute): T | null {
  return (containers.get(attr) as T | undefined) ?? null;
}

/** Accepts `&dev_attr_x.attr` (an attribute) or the wrapper itself, as C code spells both. */
export function attrOf(a: Attribute | HasAttr): Attribute {
  if ("attr" in a && a.attr && typeof a.attr === "object") {
    containers.set(a.attr, a);
    return a.attr;
  }
  return a as Attribute;
}

/** Mirrors __ATTR(): an attribute owned by the module now running (THIS_MODULE). */
export function make_attribute(name: string, mode: number): Attribute {
  return { name, mode, owner: cpu.module };
}

export function sysfs_root_of(kobj: SysfsKobject | null): KernfsNode | null {
  return kobj?.sd ?? null;
}

function sysfs_file_ops(kn: KernfsNode): SysfsOps | null {
  const kobj = kn.parent?.priv as SysfsKobject | null;
  return kobj?.ktype?.sysfs_ops ?? null;
}

function kobjOf(kn: KernfsNode): SysfsKobject {
  return kn.parent!.priv as SysfsKobject;
}

/** A page of zeros, never handed out: what each show() page is cleared from. */
const ZERO_PAGE = new Uint8Array(PAGE_SIZE);

/** Mirrors sysfs_kf_seq_show(): one show() into a zeroed page, cut to PAGE_SIZE - 1. */
function sysfs_kf_seq_show(sf: SeqFile, _v: unknown): number {
  const of = sf.private as KernfsOpenFile;
  const kn = of.kn;
  const ops = sysfs_file_ops(kn);
  // seq_get_buf(): show needs a whole page; a smaller room makes seq_read retry bigger.
  if (!sf.buf || sf.size - sf.count < PAGE_SIZE) {
    sf.count = sf.size; // seq_commit(sf, -1)
    return 0;
  }
  // The usual case, a fresh page-sized seq buffer, needs no new view of it.
  const buf =
    sf.count === 0 && sf.buf.length === PAGE_SIZE
      ? sf.buf
      : sf.buf.subarray(sf.count, sf.count + PAGE_SIZE);
  buf.set(ZERO_PAGE); // memset(buf, 0, PAGE_SIZE): copying a zero page is the cheaper way here
  let count = 0;
  const show = ops?.show;
  if (show) {
    const owner = kn.owner;
    count = owner
      ? this_kernel().modules.callInto(owner, () => show(kobjOf(kn), kn.priv as Attribute, buf))
      : show(kobjOf(kn), kn.priv as Attribute, buf);
    if (typeof count !== "number" || Number.isNaN(count)) count = -EIO;
    if (count < 0) return count;
  }
  // "The code works fine with PAGE_SIZE return but it's likely to indicate truncated
  // result or overflow in normal use cases."
  if (count >= PAGE_SIZE) {
    this_kernel().printk(`fill_read_buffer: ${symbolName(show)} returned bad count`, 4);
    count = PAGE_SIZE - 1;
  }
  sf.count += count; // seq_commit()
  return 0;
}

/** Mirrors sysfs_kf_write(): a zero-length write never reaches store(). */
function sysfs_kf_write(of: KernfsOpenFile, buf: Uint8Array, count: number, _pos: number): number {
  const kn = of.kn;
  const ops = sysfs_file_ops(kn);
  if (!count) return 0;
  const store = ops?.store;
  if (!store) return -EIO;
  const r = this_kernel().modules.callInto(kn.owner, () =>
    store(kobjOf(kn), kn.priv as Attribute, buf, count),
  );
  return typeof r === "number" && !Number.isNaN(r) ? r : -EIO;
}

/** Mirrors sysfs_kf_bin_read(): bounded by the file size when it has one. */
function sysfs_kf_bin_read(of: KernfsOpenFile, buf: Uint8Array, count: number, pos: number) {
  const battr = of.kn.priv as BinAttribute;
  const size = of.file.f_inode.i_size;
  if (!count) return 0;
  if (size) {
    if (pos >= size) return 0;
    if (pos + count > size) count = size - pos;
  }
  const read = battr.read;
  if (!read) return -EIO;
  return this_kernel().modules.callInto(of.kn.owner, () =>
    read(of.file, kobjOf(of.kn), battr, buf.subarray(0, count), pos, count),
  );
}

/** Mirrors sysfs_kf_bin_write(): EFBIG past the end of a sized file. */
function sysfs_kf_bin_write(of: KernfsOpenFile, buf: Uint8Array, count: number, pos: number) {
  const battr = of.kn.priv as BinAttribute;
  const size = of.file.f_inode.i_size;
  if (size) {
    if (size <= pos) return -EFBIG;
    count = Math.min(count, size - pos);
  }
  if (!count) return 0;
  const write = battr.write;
  if (!write) return -EIO;
  return this_kernel().modules.callInto(of.kn.owner, () =>
    write(of.file, kobjOf(of.kn), battr, buf, pos, count),
  );
}

// The kernfs_ops tables of fs/sysfs/file.c, chosen by what sysfs_ops (or the bin
// attribute) provides, not by the attribute's own show/store.
const sysfs_file_kfops_empty: KernfsOps = {};
const sysfs_file_kfops_ro: KernfsOps = { seq_show: sysfs_kf_seq_show };
const sysfs_file_kfops_wo: KernfsOps = { write: sysfs_kf_write };
const sysfs_file_kfops_rw: KernfsOps = { seq_show: sysfs_kf_seq_show, write: sysfs_kf_write };
const sysfs_bin_kfops_ro: KernfsOps = { read: sysfs_kf_bin_read };
const sysfs_bin_kfops_wo: KernfsOps = { write: sysfs_kf_bin_write };
const sysfs_bin_kfops_rw: KernfsOps = { read: sysfs_kf_bin_read, write: sysfs_kf_bin_write };

/** Mirrors sysfs_warn_dup(): "sysfs: cannot create duplicate filename" and a stack dump. */
export function sysfs_warn_dup(parent: KernfsNode, name: string): void {
  const path = kernfs_path(parent);
  this_kernel().printk(
    `sysfs: cannot create duplicate filename '${path === "/" ? "" : path}/${name}'`,
    4,
  );
  dump_stack();
}

const MISSING_OPS = { file: "fs/sysfs/file.c", line: 263, func: "sysfs_add_file_mode_ns" };

/** Mirrors sysfs_add_file_mode_ns(). */
export function sysfs_add_file_mode_ns(
  parent: KernfsNode,
  attr: Attribute,
  is_bin: boolean,
  mode: number,
  battr?: BinAttribute,
): number {
  let ops: KernfsOps;
  let size: number;
  let priv: unknown = attr;
  if (!is_bin) {
    const kobj = parent.priv as SysfsKobject;
    const sysfs_ops = kobj?.ktype?.sysfs_ops;
    if (
      WARN(
        !sysfs_ops,
        MISSING_OPS,
        "missing sysfs attribute operations for kobject: %s\n",
        kobj?.name ?? "(null)",
      )
    )
      return -EINVAL;
    if (sysfs_ops!.show && sysfs_ops!.store) ops = sysfs_file_kfops_rw;
    else if (sysfs_ops!.show) ops = sysfs_file_kfops_ro;
    else if (sysfs_ops!.store) ops = sysfs_file_kfops_wo;
    else ops = sysfs_file_kfops_empty;
    size = PAGE_SIZE;
  } else {
    const b = battr!;
    priv = b;
    if (b.read && b.write) ops = sysfs_bin_kfops_rw;
    else if (b.read) ops = sysfs_bin_kfops_ro;
    else if (b.write) ops = sysfs_bin_kfops_wo;
    else ops = sysfs_file_kfops_empty;
    size = b.size;
  }
  const kn = __kernfs_create_file(
    parent,
    attr.name,
    mode & 0o777,
    size,
    ops,
    priv,
    attr.owner ?? null,
  );
  if (typeof kn === "number") {
    if (kn === -EEXIST) sysfs_warn_dup(parent, attr.name);
    return kn;
  }
  return 0;
}

/** Mirrors sysfs_create_file_ns() / sysfs_create_file(). */
export function sysfs_create_file(kobj: SysfsKobject | null, a: Attribute | HasAttr): number {
  if (!kobj?.sd || !a) return -EINVAL;
  const attr = attrOf(a);
  return sysfs_add_file_mode_ns(kobj.sd, attr, false, attr.mode);
}

/** Mirrors sysfs_create_files(): all or nothing. */
export function sysfs_create_files(
  kobj: SysfsKobject | null,
  list: readonly (Attribute | HasAttr | null)[],
): number {
  let err = 0;
  let i = 0;
  for (; i < list.length && list[i] && !err; i++) err = sysfs_create_file(kobj, list[i]!);
  if (err) while (--i >= 0) if (list[i]) sysfs_remove_file(kobj, list[i]!);
  return err;
}

/** Mirrors sysfs_remove_file_ns() / sysfs_remove_file(). */
export function sysfs_remove_file(kobj: SysfsKobject | null, a: Attribute | HasAttr): void {
  if (!kobj?.sd) return;
  kernfs_remove_by_name(kobj.sd, attrOf(a).name);
}

/** Mirrors sysfs_remove_files(). */
export function sysfs_remove_files(
  kobj: SysfsKobject | null,
  list: readonly (Attribute | HasAttr | null)[],
): void {
  for (const a of list) if (a) sysfs_remove_file(kobj, a);
}

/** Mirrors sysfs_create_bin_file(). */
export function sysfs_create_bin_file(kobj: SysfsKobject | null, battr: BinAttribute): number {
  if (!kobj?.sd || !battr) return -EINVAL;
  return sysfs_add_file_mode_ns(kobj.sd, battr.attr, true, battr.attr.mode, battr);
}

/** Mirrors sysfs_remove_bin_file(). */
export function sysfs_remove_bin_file(kobj: SysfsKobject | null, battr: BinAttribute): void {
  if (!kobj?.sd) return;
  kernfs_remove_by_name(kobj.sd, battr.attr.name);
}

/** Mirrors sysfs_chmod_file(): the permission bits of an existing attribute. */
export function sysfs_chmod_file(
  kobj: SysfsKobject | null,
  a: Attribute | HasAttr,
  mode: number,
): number {
  const kn = kobj?.sd ? kernfs_find_and_get(kobj.sd, attrOf(a).name) : null;
  if (!kn) return -2; // -ENOENT
  kn.mode = (kn.mode & ~0o7777) | (mode & 0o7777);
  return 0;
}

/** Mirrors sysfs_notify(): wakes pollers of kobj/dir/attr. */
export function sysfs_notify(kobj: SysfsKobject | null, dir: string | null, attr: string): void {
  let kn = kobj?.sd ?? null;
  if (kn && dir) kn = kernfs_find_and_get(kn, dir);
  if (kn) kn = kernfs_find_and_get(kn, attr);
  if (kn) kernfs_notify(kn);
}
