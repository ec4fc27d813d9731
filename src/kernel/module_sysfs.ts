/**
 * /sys/module (kernel/params.c and kernel/module.c:mod_sysfs_setup() of Linux 5.4):
 * one directory per loaded module with coresize, holders/, initsize, initstate,
 * notes/, refcnt, sections/, srcversion, taint, uevent, version and parameters/<p>
 * (mode from module_param's perm; writes go through the parameter's set), and the
 * entries of built-in code that has parameters.
 */

import { roots } from "../drivers/base/base.ts";
import {
  __ATTR,
  type KobjAttribute,
  Kobject,
  type KobjType,
  kobj_sysfs_ops,
  kobject_create_and_add,
  kobject_init_and_add,
  kobject_put,
  kset_create_and_add,
} from "../drivers/base/kobject.ts";
import { type ModuleKobject, moduleKobjects } from "../drivers/base/module_drivers.ts";
import { KOBJ_ADD, kobject_synth_uevent, kobject_uevent } from "../drivers/base/uevent.ts";
import { sysfs_create_link, sysfs_remove_link } from "../fs/sysfs/dir.ts";
import { type BinAttribute, sysfs_create_bin_file, sysfs_create_file } from "../fs/sysfs/file.ts";
import { sysfs_create_group } from "../fs/sysfs/group.ts";
import { cstr, sprintf } from "../fs/sysfs/kbuf.ts";
import { EPERM } from "../include/uapi/errno.ts";
import { this_kernel } from "./context.ts";
import type { Kernel } from "./kernel.ts";
import type { Module } from "./module.ts";
import { modinfoTags } from "./module_ko.ts";
import { param_get } from "./params.ts";

/** module_ktype */
const module_ktype: KobjType = { sysfs_ops: kobj_sysfs_ops, release: () => {} };

type Show = (k: Kernel) => string;

function attr(name: string, mode: number, show: Show | null, store?: (text: string) => number) {
  return __ATTR(
    name,
    mode,
    show
      ? (_kobj: Kobject, _a: KobjAttribute, buf: Uint8Array) =>
          sprintf(buf, "%s", show(this_kernel()))
      : null,
    store
      ? (_kobj: Kobject, _a: KobjAttribute, buf: Uint8Array, count: number) => {
          const r = store(cstr(buf, count));
          return r < 0 ? r : count;
        }
      : null,
  ) as KobjAttribute;
}

/** The uevent file of a module: writing an action sends it (module_uevent). */
function uevent_attr(mk: ModuleKobject): KobjAttribute {
  return attr("uevent", 0o200, null, (text) => kobject_synth_uevent(mk.kobj, text));
}

/** Makes /sys/module/<name> (locate_module_kobject() / mod_sysfs_init()). */
function module_kobject(k: Kernel, name: string, mod: Module | null): ModuleKobject | null {
  const mk: ModuleKobject = { kobj: new Kobject(null), mod, drivers_dir: null };
  mk.kobj.container = mk;
  mk.kobj.kset = roots(k).module_kset;
  if (kobject_init_and_add(mk.kobj, module_ktype, null, "%s", name)) {
    kobject_put(mk.kobj);
    return null;
  }
  moduleKobjects.get(k).set(name, mk);
  return mk;
}

/** A built-in parameter: its mode, its value text and how a write sets it. */
export interface BuiltinParam {
  perm: number;
  show: Show;
  store?: (text: string) => number;
}

/** Mirrors kernel_add_sysfs_param() for built-in code: /sys/module/<name>/parameters/. */
export function builtin_module(k: Kernel, name: string, params: Record<string, BuiltinParam>) {
  const mk = module_kobject(k, name, null);
  if (!mk) return;
  const attrs = Object.entries(params).map(([p, s]) => attr(p, s.perm, s.show, s.store));
  sysfs_create_group(mk.kobj, { name: "parameters", attrs });
  sysfs_create_file(mk.kobj, uevent_attr(mk));
  kobject_uevent(mk.kobj, KOBJ_ADD);
}

function hex16(n: bigint): string {
  return n.toString(16).padStart(16, "0");
}

/** Mirrors mod_sysfs_setup(): everything /sys/module/<mod>/ shows for a loaded module. */
function mod_sysfs_setup(k: Kernel, mod: Module): void {
  const mk = module_kobject(k, mod.name, mod);
  if (!mk) return;
  const holders = kobject_create_and_add("holders", mk.kobj);
  holdersDirs.set(mod, holders);
  // module_param_sysfs_setup(): parameters with a non-zero perm get a file.
  const pattrs: KobjAttribute[] = [];
  for (const [p, spec] of Object.entries(mod.params.specs)) {
    if (!spec.perm) continue;
    pattrs.push(
      attr(
        p,
        spec.perm,
        () => param_get(spec.type, mod.params.values[p]),
        (text) => (spec.perm & 0o222 ? mod.params.set(p, text) : -EPERM),
      ),
    );
  }
  if (pattrs.length) sysfs_create_group(mk.kobj, { name: "parameters", attrs: pattrs });
  // module_add_modinfo_attrs()
  const tags = modinfoTags(mod.def, k.options.release);
  const tag = (t: string) => tags.find(([key]) => key === t)?.[1];
  const list: KobjAttribute[] = [uevent_attr(mk)];
  if (mod.def.version) list.push(attr("version", 0o444, () => `${mod.def.version}\n`));
  const srcversion = tag("srcversion");
  if (srcversion) list.push(attr("srcversion", 0o444, () => `${srcversion}\n`));
  list.push(
    attr("initstate", 0o444, () =>
      mod.state === "LIVE" ? "live\n" : mod.state === "COMING" ? "coming\n" : "going\n",
    ),
    attr("coresize", 0o444, () => `${mod.size}\n`),
    attr("initsize", 0o444, () => (mod.state === "COMING" ? "4096\n" : "0\n")),
    attr("taint", 0o444, () => `${mod.taints}\n`),
    attr("refcnt", 0o444, () => `${mod.refcnt}\n`),
  );
  for (const a of list) sysfs_create_file(mk.kobj, a);
  // add_usage_links(): each module we use lists us in its holders/.
  for (const dep of mod.def.depends ?? []) {
    const d = k.modules.find(dep);
    const dir = d ? holdersDirs.get(d) : null;
    if (dir) sysfs_create_link(dir, mk.kobj, mod.name);
  }
  // add_sect_attrs(): section addresses, root only.
  const base = mod.coreAddress;
  const sections: [string, bigint][] = [
    [".text", base],
    [".exit.text", base + 0x600n],
    [".init.text", base + 0x8000n],
    [".rodata.str1.1", base + 0x1000n],
    [".data", base + 0x2000n],
    [".gnu.linkonce.this_module", base + 0x2100n],
    [".bss", base + 0x2400n],
    [".note.gnu.build-id", base + 0x1400n],
  ];
  sysfs_create_group(mk.kobj, {
    name: "sections",
    attrs: sections.map(([n, a]) => attr(n, 0o400, () => `0x${hex16(a)}\n`)),
  });
  // add_notes_attrs(): the ELF notes as binary files.
  const notes = kobject_create_and_add("notes", mk.kobj);
  notesDirs.set(mod, notes);
  if (notes) sysfs_create_bin_file(notes, buildIdNote(mod.name));
  // Linux 5.4 sends this from do_init_module() once init has returned; ModuleRegistry has
  // no hook there, so it goes out before init (see the report).
  kobject_uevent(mk.kobj, KOBJ_ADD);
}

/** A .note.gnu.build-id note (namesz 4, descsz 20, type 3, "GNU\0", 20 id bytes). */
function buildIdNote(name: string): BinAttribute {
  const b = new Uint8Array(36);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, 4, true);
  dv.setUint32(4, 20, true);
  dv.setUint32(8, 3, true);
  b.set([0x47, 0x4e, 0x55, 0], 12);
  let h = 0x811c9dc5;
  for (let i = 0; i < 20; i++) {
    h = Math.imul(h ^ (name.charCodeAt(i % name.length) + i), 0x01000193) >>> 0;
    b[16 + i] = h & 0xff;
  }
  return {
    attr: { name: ".note.gnu.build-id", mode: 0o444 },
    size: b.length,
    read: (_f, _k, _a, buf, off, count) => {
      const n = Math.max(0, Math.min(count, b.length - off));
      buf.set(b.subarray(off, off + n));
      return n;
    },
  };
}

const holdersDirs = new WeakMap<Module, Kobject | null>();
const notesDirs = new WeakMap<Module, Kobject | null>();

/** Mirrors mod_sysfs_teardown(): usage links go, then the kobject ("remove" uevent). */
function mod_sysfs_teardown(k: Kernel, mod: Module): void {
  const map = moduleKobjects.get(k);
  const mk = map.get(mod.name);
  if (!mk || mk.mod !== mod) return;
  for (const dep of mod.def.depends ?? []) {
    const d = k.modules.find(dep);
    const dir = d ? holdersDirs.get(d) : null;
    if (dir) sysfs_remove_link(dir, mod.name);
  }
  map.delete(mod.name);
  kobject_put(notesDirs.get(mod) ?? null); // remove_notes_attrs()
  kobject_put(holdersDirs.get(mod) ?? null);
  kobject_put(mk.drivers_dir);
  kobject_put(mk.kobj);
}

/** Mirrors param_sysfs_init(): /sys/module, and hooks module load and unload. */
export function module_sysfs_init(k: Kernel): void {
  const r = roots(k);
  r.module_kset = kset_create_and_add(
    "module",
    { filter: (_kset, kobj) => (kobj.ktype === module_ktype ? 1 : 0) },
    null,
  );
  k.modules.onLoad((mod) => k.run(() => mod_sysfs_setup(k, mod), k.tasks.currentOrInit()));
  k.modules.onUnload((mod) => k.run(() => mod_sysfs_teardown(k, mod), k.tasks.currentOrInit()));
}
