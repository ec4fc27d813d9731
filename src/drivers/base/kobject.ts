/**
 * kobjects and ksets (lib/kobject.c of Linux 5.4): reference-counted objects with a
 * directory in sysfs, a type (ktype) that says how their attributes read and write
 * and how they are freed, and membership in a kset (which gives uevents their
 * subsystem). The last kobject_put() removes the directory, sends "remove" if "add"
 * was sent, and calls the type's release().
 */

import {
  sysfs_create_dir_ns,
  sysfs_move_dir_ns,
  sysfs_remove_dir,
  sysfs_rename_dir_ns,
} from "../../fs/sysfs/dir.ts";
import {
  type Attribute,
  attr_set_container,
  container_of,
  type HasAttr,
  make_attribute,
  type SysfsKobject,
  type SysfsOps,
  sysfs_create_file,
} from "../../fs/sysfs/file.ts";
import {
  type AttributeGroup,
  sysfs_create_groups,
  sysfs_remove_groups,
} from "../../fs/sysfs/group.ts";
import { dump_stack, WARN } from "../../fs/sysfs/warn.ts";
import { EINVAL } from "../../include/uapi/errno.ts";
import { this_kernel } from "../../kernel/context.ts";
import { format, type PrintfArg } from "../../lib/vsprintf.ts";
import type { KsetUeventOps } from "./uevent_types.ts";

/** struct kobj_type */
export interface KobjType {
  release?: ((kobj: Kobject) => void) | null;
  sysfs_ops?: SysfsOps | null;
  default_attrs?: readonly (Attribute | HasAttr | null)[] | null;
  default_groups?: readonly (AttributeGroup | null)[] | null;
}

/** struct kobject */
export class Kobject implements SysfsKobject {
  name = "";
  parent: Kobject | null = null;
  kset: Kset | null = null;
  ktype: KobjType | null = null;
  sd: SysfsKobject["sd"] = null;
  /** struct kref: the reference count. */
  kref = 0;
  state_initialized = false;
  state_in_sysfs = false;
  state_add_uevent_sent = false;
  state_remove_uevent_sent = false;
  uevent_suppress = false;
  /** The structure this kobject is embedded in (what container_of() finds). */
  container: unknown = null;
  constructor(container: unknown = null) {
    this.container = container;
  }
}

/** struct kset: a set of kobjects that is itself a kobject (a directory). */
export class Kset {
  readonly kobj = new Kobject(this);
  readonly list = new Set<Kobject>();
  uevent_ops: KsetUeventOps | null = null;
  /** What the kset belongs to (a bus's or class's subsys_private). */
  priv: unknown = null;
}

const REFCOUNT_SITE = { file: "lib/refcount.c", line: 28, func: "refcount_warn_saturate" };
const KOBJ_SITE = { file: "lib/kobject.c", line: 736, func: "kobject_put" };
const GET_SITE = { file: "lib/kobject.c", line: 639, func: "kobject_get" };
const EMPTY_SITE = { file: "lib/kobject.c", line: 232, func: "kobject_add_internal" };

/** Mirrors kobject_name(). */
export function kobject_name(kobj: Kobject): string {
  return kobj.name;
}

/** Mirrors kobject_set_name_vargs(): '/' in a name becomes '!' (sysfs can't hold it). */
export function kobject_set_name(kobj: Kobject, fmt: string, ...args: PrintfArg[]): number {
  const s = format(fmt, args, { kernel: true });
  kobj.name = s.replace(/\//g, "!");
  return 0;
}

function kobject_init_internal(kobj: Kobject): void {
  kobj.kref = 1;
  kobj.state_in_sysfs = false;
  kobj.state_add_uevent_sent = false;
  kobj.state_remove_uevent_sent = false;
  kobj.state_initialized = true;
}

/** Mirrors kobject_init(): refcount 1, the type set. */
export function kobject_init(kobj: Kobject, ktype: KobjType | null): void {
  const k = this_kernel();
  if (!ktype) {
    k.printk("kobject: must have a ktype to be initialized properly!", 3);
    dump_stack();
  }
  if (kobj.state_initialized) {
    k.printk(
      `kobject (${kobj.name}): tried to init an initialized object, something is seriously wrong.`,
      3,
    );
    dump_stack();
  }
  kobject_init_internal(kobj);
  kobj.ktype = ktype;
}

/** Mirrors kobj_kset_join()/kobj_kset_leave(). */
function kobj_kset_join(kobj: Kobject): void {
  if (!kobj.kset) return;
  kobject_get(kobj.kset.kobj);
  kobj.kset.list.add(kobj);
}
function kobj_kset_leave(kobj: Kobject): void {
  if (!kobj.kset) return;
  kobj.kset.list.delete(kobj);
  kobject_put(kobj.kset.kobj);
}

/** Mirrors populate_dir() + create_dir(): the directory, default attributes and groups. */
function create_dir(kobj: Kobject): number {
  let error = sysfs_create_dir_ns(kobj);
  if (error) return error;
  for (const a of kobj.ktype?.default_attrs ?? []) {
    if (!a) break;
    error = sysfs_create_file(kobj, a);
    if (error) {
      sysfs_remove_dir(kobj);
      return error;
    }
  }
  error = sysfs_create_groups(kobj, kobj.ktype?.default_groups);
  if (error) {
    sysfs_remove_dir(kobj);
    return error;
  }
  return 0;
}

/** Mirrors kobject_add_internal(): joins the kset, makes the directory; noisy on errors. */
export function kobject_add_internal(kobj: Kobject): number {
  const k = this_kernel();
  if (!kobj.name) {
    WARN(1, EMPTY_SITE, "kobject: (%p): attempted to be registered with empty name!\n", 0n);
    return -EINVAL;
  }
  let parent = kobject_get(kobj.parent);
  if (kobj.kset) {
    if (!parent) parent = kobject_get(kobj.kset.kobj);
    kobj_kset_join(kobj);
    kobj.parent = parent;
  }
  const error = create_dir(kobj);
  if (error) {
    kobj_kset_leave(kobj);
    kobject_put(parent);
    kobj.parent = null;
    if (error === -17) {
      k.printk(
        `kobject_add_internal failed for ${kobj.name} with -EEXIST, don't try to register things with the same name in the same directory.`,
        3,
      );
    } else {
      k.printk(
        `kobject_add_internal failed for ${kobj.name} (error: ${error} parent: ${parent ? parent.name : "'none'"})`,
        3,
      );
    }
  } else {
    kobj.state_in_sysfs = true;
  }
  return error;
}

/** Mirrors kobject_add(): names the kobject and adds it under parent (or its kset). */
export function kobject_add(
  kobj: Kobject | null,
  parent: Kobject | null,
  fmt: string,
  ...args: PrintfArg[]
): number {
  if (!kobj) return -EINVAL;
  if (!kobj.state_initialized) {
    this_kernel().printk(
      `kobject '${kobj.name}' (${"0000000000000000"}): tried to add an uninitialized object, something is seriously wrong.`,
      3,
    );
    dump_stack();
    return -EINVAL;
  }
  kobject_set_name(kobj, fmt, ...args);
  kobj.parent = parent;
  return kobject_add_internal(kobj);
}

/** Mirrors kobject_init_and_add(). */
export function kobject_init_and_add(
  kobj: Kobject,
  ktype: KobjType,
  parent: Kobject | null,
  fmt: string,
  ...args: PrintfArg[]
): number {
  kobject_init(kobj, ktype);
  return kobject_add(kobj, parent, fmt, ...args);
}

/** Mirrors kobject_del(): unlinks from sysfs and the kset, drops the parent. */
export function kobject_del(kobj: Kobject | null): void {
  if (!kobj) return;
  if (kobj.sd) sysfs_remove_groups(kobj, kobj.ktype?.default_groups);
  // send "remove" if the caller did not do it but sent "add" (while DEVPATH still resolves)
  if (kobj.state_add_uevent_sent && !kobj.state_remove_uevent_sent) {
    uevent().kobject_uevent(kobj, KOBJ_REMOVE_ACTION);
  }
  sysfs_remove_dir(kobj);
  kobj.state_in_sysfs = false;
  kobj_kset_leave(kobj);
  kobject_put(kobj.parent);
  kobj.parent = null;
}

/** Mirrors kobject_get(): takes a reference; warns on a dead or uninitialized object. */
export function kobject_get<T extends Kobject | null>(kobj: T): T {
  if (!kobj) return kobj;
  if (!kobj.state_initialized) {
    WARN(
      1,
      GET_SITE,
      "kobject: '%s' (%p): is not initialized, yet kobject_get() is being called.\n",
      kobj.name,
      0n,
    );
  }
  if (kobj.kref === 0) {
    WARN(1, REFCOUNT_SITE, "refcount_t: addition on 0; use-after-free.\n");
    return kobj;
  }
  kobj.kref++;
  return kobj;
}

/** Mirrors kobject_get_unless_zero(). */
export function kobject_get_unless_zero(kobj: Kobject | null): Kobject | null {
  if (!kobj || kobj.kref === 0) return null;
  kobj.kref++;
  return kobj;
}

/** Mirrors kobject_cleanup(): "remove" uevent, kobject_del(), then release(). */
function kobject_cleanup(kobj: Kobject): void {
  const t = kobj.ktype;
  if (kobj.state_add_uevent_sent && !kobj.state_remove_uevent_sent) {
    uevent().kobject_uevent(kobj, KOBJ_REMOVE_ACTION);
  }
  if (kobj.state_in_sysfs) kobject_del(kobj);
  kobj.state_initialized = false;
  if (t?.release) {
    const rel = t.release;
    rel(kobj);
  }
}

/** Mirrors kobject_put(): drops a reference; the last one cleans up. */
export function kobject_put(kobj: Kobject | null): void {
  if (!kobj) return;
  if (!kobj.state_initialized && kobj.kref > 0) {
    WARN(
      1,
      KOBJ_SITE,
      "kobject: '%s' (%p): is not initialized, yet kobject_put() is being called.\n",
      kobj.name,
      0n,
    );
  }
  if (kobj.kref <= 0) {
    WARN(1, REFCOUNT_SITE, "refcount_t: underflow; use-after-free.\n");
    return;
  }
  if (--kobj.kref === 0) kobject_cleanup(kobj);
}

/** Mirrors kobject_get_path(): "/devices/platform/x", the kobject's path under /sys. */
export function kobject_get_path(kobj: Kobject): string {
  const parts: string[] = [];
  for (let p: Kobject | null = kobj; p; p = p.parent) parts.push(p.name);
  return `/${parts.reverse().join("/")}`;
}

/** Mirrors kobject_rename(): renames the directory and sends a "move" uevent. */
export function kobject_rename(kobj: Kobject, new_name: string): number {
  if (!kobj.parent) return -EINVAL;
  const old = kobject_get_path(kobj);
  const name = new_name.replace(/\//g, "!");
  const err = sysfs_rename_dir_ns(kobj, name);
  if (err) return err;
  kobj.name = name;
  uevent().kobject_uevent_env(kobj, KOBJ_MOVE_ACTION, [`DEVPATH_OLD=${old}`]);
  return 0;
}

/** Mirrors kobject_move(). */
export function kobject_move(kobj: Kobject, new_parent: Kobject | null): number {
  if (!kobj.parent) return -EINVAL;
  const old = kobject_get_path(kobj);
  const np = new_parent ?? kobj.kset?.kobj ?? null;
  const err = sysfs_move_dir_ns(kobj, np);
  if (err) return err;
  kobject_put(kobj.parent);
  kobj.parent = kobject_get(np);
  uevent().kobject_uevent_env(kobj, KOBJ_MOVE_ACTION, [`DEVPATH_OLD=${old}`]);
  return 0;
}

// The uevent functions are registered by uevent.ts (it imports this file).
const KOBJ_REMOVE_ACTION = 1;
const KOBJ_MOVE_ACTION = 3;
interface UeventHooks {
  kobject_uevent(kobj: Kobject, action: number): number;
  kobject_uevent_env(kobj: Kobject, action: number, envp: string[] | null): number;
}
let hooks: UeventHooks | null = null;
export function set_uevent_hooks(h: UeventHooks): void {
  hooks = h;
}
function uevent(): UeventHooks {
  if (!hooks) throw new Error("vkern: uevent.ts not loaded");
  return hooks;
}

// ---- struct kobj_attribute and the dynamic kobjects of kobject_create() ----

/** struct kobj_attribute */
export interface KobjAttribute {
  attr: Attribute;
  show?: ((kobj: Kobject, attr: KobjAttribute, buf: Uint8Array) => number) | null;
  store?: ((kobj: Kobject, attr: KobjAttribute, buf: Uint8Array, count: number) => number) | null;
}

/** Mirrors kobj_attr_show(): -EIO without a show method. */
function kobj_attr_show(kobj: SysfsKobject, attr: Attribute, buf: Uint8Array): number {
  const kattr = container_of<KobjAttribute>(attr);
  if (kattr?.show) return kattr.show(kobj as Kobject, kattr, buf);
  return -5; // -EIO
}

/** Mirrors kobj_attr_store(). */
function kobj_attr_store(kobj: SysfsKobject, attr: Attribute, buf: Uint8Array, count: number) {
  const kattr = container_of<KobjAttribute>(attr);
  if (kattr?.store) return kattr.store(kobj as Kobject, kattr, buf, count);
  return -5; // -EIO
}

/** kobj_sysfs_ops */
export const kobj_sysfs_ops: SysfsOps = { show: kobj_attr_show, store: kobj_attr_store };

/** Mirrors __ATTR(): a kobj_attribute (or any show/store wrapper) owned by THIS_MODULE. */
export function __ATTR<S, T>(
  name: string,
  mode: number,
  show: S | null,
  store: T | null,
): { attr: Attribute; show: S | null; store: T | null } {
  return attr_set_container({ attr: make_attribute(name, mode), show, store });
}

/** Mirrors __ATTR_RO(), __ATTR_WO(), __ATTR_RW() (0444, 0200, 0644). */
export function __ATTR_RO<S>(name: string, show: S) {
  return __ATTR<S, never>(name, 0o444, show, null);
}
export function __ATTR_WO<T>(name: string, store: T) {
  return __ATTR<never, T>(name, 0o200, null, store);
}
export function __ATTR_RW<S, T>(name: string, show: S, store: T) {
  return __ATTR(name, 0o644, show, store);
}

/** dynamic_kobj_ktype: kobjects from kobject_create() are freed on release. */
const dynamic_kobj_ktype: KobjType = {
  release: () => {},
  sysfs_ops: kobj_sysfs_ops,
};

/** Mirrors kobject_create(). */
export function kobject_create(): Kobject {
  const kobj = new Kobject();
  kobject_init(kobj, dynamic_kobj_ktype);
  return kobj;
}

/** Mirrors kobject_create_and_add(): null (and a warning) on failure. */
export function kobject_create_and_add(name: string, parent: Kobject | null): Kobject | null {
  const kobj = kobject_create();
  const retval = kobject_add(kobj, parent, "%s", name);
  if (retval) {
    this_kernel().printk(`kobject_create_and_add: kobject_add error: ${retval}`, 4);
    kobject_put(kobj);
    return null;
  }
  return kobj;
}

// ---- ksets ----

/** kset_ktype */
const kset_ktype: KobjType = { sysfs_ops: kobj_sysfs_ops, release: () => {} };

/** Mirrors kset_init(). */
export function kset_init(k: Kset): void {
  kobject_init_internal(k.kobj);
}

/** Mirrors kset_register(): adds the kset's kobject and sends "add". */
export function kset_register(k: Kset | null): number {
  if (!k) return -EINVAL;
  kset_init(k);
  if (!k.kobj.ktype) k.kobj.ktype = kset_ktype;
  const err = kobject_add_internal(k.kobj);
  if (err) return err;
  uevent().kobject_uevent(k.kobj, 0);
  return 0;
}

/** Mirrors kset_unregister(). */
export function kset_unregister(k: Kset | null): void {
  if (!k) return;
  kobject_del(k.kobj);
  kobject_put(k.kobj);
}

/** Mirrors kset_create_and_add(). */
export function kset_create_and_add(
  name: string,
  uevent_ops: KsetUeventOps | null,
  parent_kobj: Kobject | null,
): Kset | null {
  const k = new Kset();
  kobject_set_name(k.kobj, "%s", name);
  k.uevent_ops = uevent_ops;
  k.kobj.parent = parent_kobj;
  k.kobj.ktype = kset_ktype;
  k.kobj.kset = null;
  const err = kset_register(k);
  if (err) return null;
  return k;
}

/** Mirrors kset_find_obj(): a member by name, with a reference taken. */
export function kset_find_obj(kset: Kset, name: string): Kobject | null {
  for (const k of kset.list) if (k.name === name) return kobject_get_unless_zero(k);
  return null;
}

/** The kset's kobject as a Kset (container_of(kobj, struct kset, kobj)). */
export function to_kset(kobj: Kobject | null): Kset | null {
  return kobj?.container instanceof Kset ? kobj.container : null;
}
