/**
 * What a learner's module may see of kernel `k`'s objects (the policy of its membrane,
 * src/lib/membrane.ts):
 *
 * - the Kernel itself, the objects hanging directly off it (clock, printk buffer, module
 *   registry, task table, options with the host's callbacks ...) and its per-subsystem
 *   state never cross: the module reads undefined where a structure points at them;
 * - a task_struct shows the fields a module reads off `current` (pid, tgid, comm, cred,
 *   parent, ...) and struct module its name, state, refcount and static(), both read-only,
 *   with everything reached through them;
 * - other kernel structures (file, inode, seq_file, devices, sk_buffs ...) show their
 *   fields and may be written field by field, as a C module may; not so what C keeps in
 *   read-only memory or what all kernels in the process share: tables of functions (a
 *   file_operations of the kernel's, as `const` in C), credentials (immutable in Linux
 *   once in use), the objects the API exports (errno tables, init_net), classes, their
 *   prototypes and the kernel's functions.
 */
import { Membrane } from "../lib/membrane.ts";
import { cpu } from "./context.ts";
import type { Kernel } from "./kernel.ts";
import { Module } from "./module.ts";
import { Task } from "./task.ts";

const TASK_FIELDS = [
  "pid",
  "tgid",
  "comm",
  "cred",
  "parent",
  "children",
  "threads",
  "state",
  "exitStatus",
  "kthread",
  "mm",
  "pgid",
  "sid",
  "exe",
  "argv",
  "startTimeNs",
  "alive",
  "signalPending",
];
const MODULE_FIELDS = ["name", "state", "refcnt", "size", "coreAddress", "static"];

/** Prototype -> the only keys a module sees on instances of that class (and on it). */
const VISIBLE = new Map<object, ReadonlySet<PropertyKey>>([
  [Task.prototype, new Set(TASK_FIELDS)],
  [Module.prototype, new Set(MODULE_FIELDS)],
]);

function visibleKeys(raw: object): ReadonlySet<PropertyKey> | null {
  try {
    for (let p: object | null = raw; p; p = Object.getPrototypeOf(p)) {
      const v = VISIBLE.get(p);
      if (v) return v;
    }
  } catch {
    // memory freed under the module: no restriction to look up
  }
  return null;
}

/** A table of functions (an ops structure), as C declares `const`. */
function isOpsTable(o: object): boolean {
  if (typeof o !== "object" || Array.isArray(o)) return false;
  let fns = 0;
  try {
    for (const key of Object.keys(o)) {
      const d = Object.getOwnPropertyDescriptor(o, key);
      if (!d || !("value" in d)) return false;
      if (typeof d.value === "function") fns++;
      else if (d.value != null) return false;
    }
  } catch {
    return false;
  }
  return fns > 0;
}

/** A struct cred: immutable once in use, as Linux's (a module would use commit_creds()). */
function isCred(o: object): boolean {
  return Object.hasOwn(o, "cap_effective") && Object.hasOwn(o, "euid");
}

/** The membrane between kernel `k` and one loaded module, whose API is `api`. */
export function moduleMembrane(k: Kernel, api: object): Membrane {
  const own = new Set<unknown>([k, cpu, ...Object.values(k)]);
  let locals = new Set<unknown>();
  const exported = new Set<unknown>([api, ...Object.values(api)]);
  const rules = new WeakMap<object, ReadonlySet<PropertyKey> | null>();
  const constant = new WeakMap<object, boolean>();
  const isConstant = (raw: object) => {
    let r = constant.get(raw);
    if (r === undefined) {
      r = isOpsTable(raw) || isCred(raw);
      constant.set(raw, r);
    }
    return r;
  };
  const rule = (raw: object) => {
    let r = rules.get(raw);
    if (r === undefined) {
      r = visibleKeys(raw);
      rules.set(raw, r);
    }
    return r;
  };
  return new Membrane({
    denied(v) {
      if (own.has(v)) return true;
      if (locals.size !== k.locals.size) locals = new Set(k.locals.values());
      return locals.has(v);
    },
    hidden: (raw, key) => {
      const r = rule(raw);
      return r !== null && !r.has(key);
    },
    readOnly: (raw) => rule(raw) !== null || exported.has(raw) || isConstant(raw),
  });
}
