/**
 * Loading modules compiled from a learner's TypeScript (the .ko files `make` builds):
 * the part of kernel/module.c:load_module() that links a module against the kernel's
 * exported symbols (simplify_symbols()) and finds its struct module, for JavaScript.
 *
 * The code is evaluated afresh on every load, so module statics start over as in a
 * newly loaded .ko; its loops tick the soft-lockup watchdog. Exceptions thrown by its
 * top-level code, its init, exit or callbacks happen inside a system call and become an
 * Oops there.
 *
 * The boundary, honestly. A module runs in the host's JavaScript realm (Node or the
 * browser tab), confined by three measures that only code loaded from the guest's files
 * pays for (the shipped modules in src/modules are plain imports):
 * - its code is rewritten and evaluated with an allow-listed global scope (guest_eval.ts,
 *   guest_rewrite.ts, guest_globals.ts): the host's global object, eval, the Function
 *   constructors, import() and the host's other globals are out of reach, by any name,
 *   key or reflective call; it holds no built-in but functions (no prototype, no Math:
 *   stand-ins and copies), and cannot change those it shares with the kernel;
 * - it gets the "linux" API and every kernel object through a membrane
 *   (module_membrane.ts): views with no path to the Kernel, its subsystems' state or the
 *   host's callbacks; task_struct and struct module show Linux's fields only, read-only;
 * - its faults and runaway loops end the system call they happen in (Oops, soft lockup).
 * What it can still do: anything the API and the kernel structures it is handed allow (as
 * a C module: write a file's fields, a device's data, user memory through the API); use
 * host memory and CPU within one system call until the watchdog or the engine stops it
 * (a huge allocation, a regular expression that backtracks for ever, a promise chain that
 * never yields are not caught); read the built-ins' values and the clock; leave a
 * rejected promise unhandled (which Node reports, and the CLI does not catch). Built-in
 * array methods called on a built-in function (`[].push.call([].map, 1)`) can still give
 * it numeric properties.
 */
import { ENOENT, ENOEXEC } from "../include/uapi/errno.ts";
import { compileBundle, decodeBundle, evaluateBundle, undefinedSymbols } from "../lib/js_bundle.ts";
import * as linux from "../linux.ts";
import type { Kernel } from "./kernel.ts";
import type { ModuleDefinition } from "./module.ts";
import { moduleMembrane } from "./module_membrane.ts";
import { jsModuleLoader } from "./module_syscalls.ts";
import { kernelLoopWatchdog } from "./watchdog.ts";

/** The symbols a module may use: everything the driver API exports. */
export const KERNEL_API: object = linux;

/**
 * Mirrors load_module() for a .ko of JavaScript: -ENOEXEC for a file that holds no module
 * ("No module found in object"), -ENOENT with "Unknown symbol" lines for imports the
 * kernel does not export, otherwise the module's definition named after its .ko.
 */
export function loadJsModule(k: Kernel, source: string, name: string): ModuleDefinition | number {
  const b = decodeBundle(source);
  if (!b) {
    k.printk("No module found in object", 4);
    return -ENOEXEC;
  }
  const undef = undefinedSymbols(b, "linux", KERNEL_API);
  if (undef.length) {
    for (const s of undef) k.printk(`${name}: Unknown symbol ${s} (err -${ENOENT})`, 4);
    return -ENOENT;
  }
  try {
    compileBundle(b, undefined, true);
  } catch (e) {
    // The JavaScript engine rejected what the compiler let through (a redeclared const),
    // or the code does what no module may (import(), naming the loader's helpers): a
    // malformed object file.
    k.printk(`${name}: ${e instanceof Error ? e.message : String(e)}`, 3);
    return -ENOEXEC;
  }
  const m = moduleMembrane(k, KERNEL_API);
  let exp: Record<string, unknown>;
  try {
    const wd = kernelLoopWatchdog(k, (f) => m.toGuest(f));
    exp = evaluateBundle(b, { linux: m.toGuest(KERNEL_API) }, wd, undefined, true);
  } catch (e) {
    throw m.toHost(e);
  }
  const def = m.toHost(exp.default) as Partial<ModuleDefinition> | undefined;
  if (!def || typeof def !== "object" || typeof def.load !== "function") {
    k.printk("No module found in object", 4);
    return -ENOEXEC;
  }
  // KBUILD_MODNAME comes from the object's file name, whatever the source says; a
  // module without MODULE_LICENSE() is "unspecified" (set_license()).
  return {
    ...(def as ModuleDefinition),
    name: name || String(def.name ?? ""),
    license: typeof def.license === "string" ? def.license : "unspecified",
  };
}

/** Lets finit_module load JavaScript .ko files in kernel `k` (called at boot). */
export function installJsModuleLoader(k: Kernel): void {
  jsModuleLoader.get(k).load = (source, name) => loadJsModule(k, source, name);
}
