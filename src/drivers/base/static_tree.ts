/**
 * Built-in sysfs trees declared as data: plain kobjects (kobject_create_and_add()) and
 * kobj_attributes whose text comes from a function of the kernel. Used for the parts
 * of /sys that are fixed facts about the machine (/sys/kernel, /sys/power, /sys/fs,
 * /sys/firmware, CPU topology ...). Links name absolute /sys paths and are made after
 * the whole tree exists.
 */

import { type KernfsNode, kernfs_find_and_get } from "../../fs/kernfs/kernfs.ts";
import { sysfs_create_link, sysfs_root_kn } from "../../fs/sysfs/dir.ts";
import { sysfs_create_file } from "../../fs/sysfs/file.ts";
import { cstr, sprintf } from "../../fs/sysfs/kbuf.ts";
import { this_kernel } from "../../kernel/context.ts";
import type { Kernel } from "../../kernel/kernel.ts";
import { __ATTR, type KobjAttribute, type Kobject, kobject_create_and_add } from "./kobject.ts";

/** A file: its mode, its text, and optionally what a write does (bytes accepted or -errno). */
export interface FileSpec {
  t: "f";
  mode: number;
  show: (k: Kernel) => string | number;
  store?: (k: Kernel, text: string) => number;
}

/** A directory: its entries by name. */
export interface DirSpec {
  t: "d";
  entries: Record<string, Spec>;
}

/** A symlink to an absolute /sys path. */
export interface LinkSpec {
  t: "l";
  target: string;
}

export type Spec = FileSpec | DirSpec | LinkSpec;

/** A read-only (0444) file with fixed or computed text. */
export function ro(text: string | ((k: Kernel) => string), mode = 0o444): FileSpec {
  return { t: "f", mode, show: typeof text === "string" ? () => text : text };
}

/** A writable file (0644 by default) whose text a write replaces when `accept` allows it. */
export function rw(
  initial: string,
  accept: (text: string) => string | number = (t) => `${t.replace(/\n$/, "")}\n`,
  mode = 0o644,
): FileSpec {
  let value = initial;
  return {
    t: "f",
    mode,
    show: () => value,
    store: (_k, text) => {
      const r = accept(text);
      if (typeof r === "number") return r;
      value = r;
      return 0;
    },
  };
}

export function dir(entries: Record<string, Spec>): DirSpec {
  return { t: "d", entries };
}

export function link(target: string): LinkSpec {
  return { t: "l", target };
}

/** The kobj_attribute serving a FileSpec. */
export function specAttribute(name: string, spec: FileSpec): KobjAttribute {
  const show = (_kobj: Kobject, _a: KobjAttribute, buf: Uint8Array): number => {
    const v = spec.show(this_kernel());
    return typeof v === "number" ? v : sprintf(buf, "%s", v);
  };
  const store = spec.store
    ? (_kobj: Kobject, _a: KobjAttribute, buf: Uint8Array, count: number): number => {
        const r = spec.store!(this_kernel(), cstr(buf, count));
        return r < 0 ? r : count;
      }
    : null;
  return __ATTR(name, spec.mode, spec.mode & 0o444 ? show : null, store);
}

const pendingLinks: { kobj: Kobject; name: string; target: string }[] = [];

/** Creates the entries of `spec` inside `parent` (directories become kobjects). */
export function populate(parent: Kobject, spec: DirSpec): void {
  for (const [name, e] of Object.entries(spec.entries)) {
    if (e.t === "f") sysfs_create_file(parent, specAttribute(name, e));
    else if (e.t === "d") {
      const kobj = kobject_create_and_add(name, parent);
      if (kobj) populate(kobj, e);
    } else pendingLinks.push({ kobj: parent, name, target: e.target });
  }
}

/** Looks up an absolute /sys path among kernfs nodes. */
export function sysfs_lookup(path: string, k: Kernel = this_kernel()): KernfsNode | null {
  let kn: KernfsNode | null = sysfs_root_kn(k);
  const rel = path.startsWith("/sys/") ? path.slice(4) : path;
  for (const c of rel.split("/").filter(Boolean)) kn = kn ? kernfs_find_and_get(kn, c) : null;
  return kn;
}

/** Makes the links declared so far (their targets exist once the tree is built). */
export function resolve_links(): void {
  for (const l of pendingLinks.splice(0)) {
    const kn = sysfs_lookup(l.target);
    const target = kn?.priv as Kobject | undefined;
    if (target) sysfs_create_link(l.kobj, target, l.name);
  }
}
