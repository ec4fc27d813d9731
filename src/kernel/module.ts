/**
 * Loadable modules (kernel/module.c): load with parameters, init, refcounts,
 * unload, taint; module memory is freed on unload so stale references fault.
 */
import { EBUSY, EEXIST, EINVAL, ENOENT, EWOULDBLOCK } from "../include/uapi/errno.ts";
import { cpu } from "./context.ts";
import { KernelFault, poison, poisonable } from "./fault.ts";
import type { Kernel } from "./kernel.ts";
import { TAINT_OOT_MODULE, TAINT_PROPRIETARY_MODULE } from "./panic.ts";
import { type ModuleParamSpec, ParamStore, type ParamValue, parse_args } from "./params.ts";

export type ModuleState = "UNFORMED" | "COMING" | "LIVE" | "GOING" | "FREED";

export type InitResult = number | undefined | void;

export interface ModuleBody {
  init: () => InitResult | Promise<InitResult>;
  exit?: () => void | Promise<void>;
}

/** What a module file exports (its .modinfo and its code). */
export interface ModuleDefinition {
  name: string;
  license: string;
  author?: string;
  description?: string;
  version?: string;
  /** In-tree modules do not taint; the book's are built out of tree (taint O). */
  intree?: boolean;
  params?: Record<string, ModuleParamSpec>;
  /** Modules this one uses symbols of ("depends:" in modinfo). */
  depends?: string[];
  /** Book-style pr_fmt: given KBUILD_MODNAME and __func__, the message prefix. */
  pr_fmt?: (modname: string, func: string) => string;
  /** DEBUG defined for this module: pr_debug() prints. */
  debug?: boolean;
  /** Runs once per load; the closure holds the module's static data. */
  load(THIS_MODULE: Module, params: Record<string, ParamValue>): ModuleBody;
}

/** Licenses that do not taint with P (include/linux/license.h). */
const GPL_COMPATIBLE = new Set([
  "GPL",
  "GPL v2",
  "GPL and additional rights",
  "Dual BSD/GPL",
  "Dual MIT/GPL",
  "Dual MPL/GPL",
]);

/** struct module */
export class Module {
  state: ModuleState = "UNFORMED";
  refcnt = 0;
  /** Modules that depend on this one (holders/). */
  readonly holders = new Set<Module>();
  readonly params: ParamStore;
  readonly paramView: Record<string, ParamValue>;
  body: ModuleBody | null = null;
  /** Objects of module memory, freed (poisoned) on unload. */
  private memory: object[] = [];
  readonly taints: string;
  /** What pr_*() put before its messages without a pr_fmt of its own: `<module>: `. */
  readonly prFmtDefault: string;

  constructor(
    readonly kernel: Kernel,
    readonly def: ModuleDefinition,
    readonly size: number,
    readonly coreAddress: bigint,
  ) {
    this.params = new ParamStore(def.params ?? {});
    this.paramView = this.static(this.params.values);
    this.taints = `${def.intree ? "" : "O"}${GPL_COMPATIBLE.has(def.license) ? "" : "P"}`;
    this.prFmtDefault = `${def.name}: `;
  }

  get name(): string {
    return this.def.name;
  }

  /** Allocates module static data: it faults on access once the module is gone. */
  static<T extends object>(obj: T): T {
    const p = poisonable(obj, this.coreAddress + 0x2000n + BigInt(this.memory.length * 0x40));
    this.memory.push(p);
    return p;
  }

  /** Frees the module's memory (module_deallocate()). */
  free(): void {
    this.state = "FREED";
    for (const m of this.memory) poison(m);
  }
}

/**
 * Mirrors kernel/module.c:module_flags(): "(taints)" with "-" while the module is being
 * unloaded and "+" while it is being loaded; empty for a live untainted module.
 */
export function module_flags(mod: Module): string {
  const st = mod.state === "GOING" ? "-" : mod.state === "COMING" ? "+" : "";
  return mod.taints || st ? `(${mod.taints}${st})` : "";
}

/** Mirrors print_modules(): the "Modules linked in:" line of an Oops, WARN or lockup. */
export function modules_linked_in(reg: ModuleRegistry): string {
  let line = "Modules linked in:";
  for (const m of reg.list) if (m.state !== "UNFORMED") line += ` ${m.name}${module_flags(m)}`;
  if (reg.lastUnloaded) line += ` [last unloaded: ${reg.lastUnloaded}]`;
  return line;
}

/** kmod's and the kernel's answer for a module that is loaded twice etc. */
export class ModuleRegistry {
  /** Loaded modules, most recent first (as /proc/modules lists them). */
  readonly list: Module[] = [];
  /** Every module that was ever unloaded, for "[last unloaded: x]". */
  lastUnloaded: string | null = null;
  /**
   * Clean-ups of modules whose init or exit faulted. Linux leaves such a module in the
   * list for good ("Loading"/"Unloading"); vkern removes it once the Oops has been
   * reported (the report still lists it with "+" or "-"), so that a learner can fix the
   * module and load it again without rebooting.
   */
  private faulted: (() => void)[] = [];
  private nextCore = 0xffffffffc0000000n;
  private readonly listeners: { load: ((m: Module) => void)[]; unload: ((m: Module) => void)[] } = {
    load: [],
    unload: [],
  };

  constructor(private readonly k: Kernel) {}

  find(name: string): Module | null {
    const n = name.replace(/-/g, "_");
    return this.list.find((m) => m.name === n) ?? null;
  }

  onLoad(fn: (m: Module) => void): void {
    this.listeners.load.push(fn);
  }

  onUnload(fn: (m: Module) => void): void {
    this.listeners.unload.push(fn);
  }

  /** Mirrors try_module_get(): fails once the module is going. */
  try_module_get(m: Module | null | undefined): boolean {
    if (!m) return true;
    if (m.state !== "LIVE" && m.state !== "COMING") return false;
    m.refcnt++;
    return true;
  }

  module_put(m: Module | null | undefined): void {
    if (m && m.refcnt > 0) m.refcnt--;
  }

  /**
   * Runs fn as code of module `owner` (for printk's prefix); if the module's memory
   * is already freed, this is a jump into unmapped text and faults there.
   */
  callInto<T>(owner: Module | null, fn: () => T): T {
    return this.callMethod(owner, fn, undefined, undefined, undefined, undefined);
  }

  /**
   * callInto() for a driver method of up to four arguments: the same, without a closure
   * per call (file operations are the hottest path into modules).
   */
  callMethod<A, B, C, D, T>(
    owner: Module | null,
    fn: (a: A, b: B, c: C, d: D) => T,
    a: A,
    b: B,
    c: C,
    d: D,
  ): T {
    if (!owner) return fn(a, b, c, d);
    if (owner.state === "FREED") {
      const addr = owner.coreAddress + 0x10n;
      throw new KernelFault("page", addr, false, `0x${addr.toString(16)}`);
    }
    const saved = cpu.module;
    cpu.module = owner;
    try {
      return fn(a, b, c, d);
    } finally {
      cpu.module = saved;
    }
  }

  /** Deterministic module size for lsmod, from its name (whole pages, as real ones are). */
  private sizeOf(def: ModuleDefinition): number {
    let h = 0;
    for (const c of def.name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
    return 16384 + (h % 4) * 4096;
  }

  /**
   * Mirrors load_module() + do_init_module(). Returns 0 or a negative errno
   * (-EEXIST when loaded already; init's own error otherwise).
   */
  load(def: ModuleDefinition, args: string): number | Promise<number> {
    this.reapFaulted();
    const k = this.k;
    if (this.find(def.name)) return -EEXIST;
    const size = this.sizeOf(def);
    const mod = new Module(k, def, size, this.nextCore);
    this.nextCore += BigInt(Math.ceil(size / 4096) * 4096 + 0x1000);
    const parsed = parse_args(args);
    if (typeof parsed === "number") return parsed;
    for (const { name, value } of parsed) {
      const spec = def.params?.[name];
      if (!spec) {
        k.printk(`${def.name}: unknown parameter '${name}' ignored`, 4);
        continue;
      }
      const err = mod.params.set(name, value ?? "");
      if (err) {
        k.printk(`${def.name}: \`${value ?? ""}' invalid for parameter \`${name}'`, 3);
        return -EINVAL;
      }
    }
    if (mod.taints.includes("O") && !k.taint.test(TAINT_OOT_MODULE)) {
      k.printk(`${def.name}: loading out-of-tree module taints kernel.`, 4);
    }
    if (mod.taints.includes("O")) k.taint.add(TAINT_OOT_MODULE);
    if (mod.taints.includes("P")) {
      k.printk(`${def.name}: module license '${def.license}' taints kernel.`, 4);
      k.taint.add(TAINT_PROPRIETARY_MODULE);
    }
    for (const dep of def.depends ?? []) {
      const d = this.find(dep);
      if (!d) {
        k.printk(`${def.name}: Unknown symbol in module (dependency ${dep} not loaded)`, 4);
        return -ENOENT;
      }
    }
    mod.state = "COMING";
    this.list.unshift(mod);
    // Using another module's symbols holds a reference on it (ref_module()).
    for (const dep of def.depends ?? []) {
      const d = this.find(dep)!;
      d.holders.add(mod);
      d.refcnt++;
    }
    for (const l of this.listeners.load) l(mod);
    const finish = (ret: InitResult): number => {
      if (typeof ret === "number" && ret < 0) {
        this.unlink(mod);
        return ret;
      }
      if (typeof ret === "number" && ret > 0) {
        k.printk(
          `do_init_module: '${def.name}'->init suspiciously returned ${ret}, it should follow 0/-E convention`,
          4,
        );
      }
      mod.state = "LIVE";
      return 0;
    };
    let ret: InitResult | Promise<InitResult>;
    try {
      mod.body = this.callInto(mod, () => def.load(mod, mod.paramView));
      ret = this.callInto(mod, () => mod.body!.init());
    } catch (e) {
      // A fault in init: the system-call entry turns it into an Oops, which still lists
      // the module as loading; then the half-loaded module is unwound.
      this.faulted.push(() => this.unlink(mod));
      throw e;
    }
    if (ret instanceof Promise) {
      const saved = { ...cpu };
      return ret.then(
        (v) => {
          Object.assign(cpu, saved);
          return finish(v);
        },
        (e) => {
          Object.assign(cpu, saved);
          this.faulted.push(() => this.unlink(mod));
          throw e;
        },
      );
    }
    return finish(ret);
  }

  /** Finishes removing modules whose init or exit faulted (after their Oops was reported). */
  reapFaulted(): void {
    const f = this.faulted;
    this.faulted = [];
    for (const fn of f) fn();
  }

  private unlink(mod: Module): void {
    const i = this.list.indexOf(mod);
    if (i >= 0) this.list.splice(i, 1);
    for (const d of this.list) {
      if (d.holders.delete(mod) && d.refcnt > 0) d.refcnt--;
    }
    for (const l of this.listeners.unload) l(mod);
    mod.free();
  }

  /** Mirrors delete_module(): -ENOENT, -EWOULDBLOCK while in use, -EBUSY without exit. */
  unload(name: string, force = false): number | Promise<number> {
    this.reapFaulted();
    const mod = this.find(name);
    if (mod?.state !== "LIVE") return mod ? -EBUSY : -ENOENT;
    if (mod.holders.size > 0) return -EWOULDBLOCK;
    if (mod.refcnt > 0 && !force) return -EWOULDBLOCK;
    if (!mod.body?.exit && !force) return -EBUSY;
    mod.state = "GOING";
    const done = (): number => {
      this.lastUnloaded = mod.name;
      this.unlink(mod);
      return 0;
    };
    let r: void | Promise<void>;
    try {
      r = mod.body?.exit ? this.callInto(mod, () => mod.body!.exit!()) : undefined;
    } catch (e) {
      this.faulted.push(done);
      throw e;
    }
    if (r instanceof Promise) {
      const saved = { ...cpu };
      return r.then(
        () => {
          Object.assign(cpu, saved);
          return done();
        },
        (e) => {
          Object.assign(cpu, saved);
          this.faulted.push(done);
          throw e;
        },
      );
    }
    return done();
  }
}
