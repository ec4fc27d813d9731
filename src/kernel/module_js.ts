/**
 * Loading modules compiled from a learner's TypeScript (the .ko files `make` builds):
 * the part of kernel/module.c:load_module() that links a module against the kernel's
 * exported symbols (simplify_symbols()) and finds its struct module, for JavaScript.
 *
 * The code is evaluated afresh on every load, so module statics start over as in a
 * newly loaded .ko; it sees only the "linux" API (src/linux.ts) and its own files; its
 * loops tick the soft-lockup watchdog. Exceptions thrown by its top-level code, its init,
 * exit or callbacks happen inside a system call and become an Oops there.
 */
import { ENOENT, ENOEXEC } from "../include/uapi/errno.ts";
import { compileBundle, decodeBundle, evaluateBundle, undefinedSymbols } from "../lib/js_bundle.ts";
import * as linux from "../linux.ts";
import type { Kernel } from "./kernel.ts";
import type { ModuleDefinition } from "./module.ts";
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
    compileBundle(b);
  } catch (e) {
    // The JavaScript engine rejected what the compiler let through (a redeclared const):
    // a malformed object file.
    k.printk(`${name}: ${e instanceof Error ? e.message : String(e)}`, 3);
    return -ENOEXEC;
  }
  const exp = evaluateBundle(b, { linux: KERNEL_API }, kernelLoopWatchdog(k));
  const def = exp.default as Partial<ModuleDefinition> | undefined;
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
