/**
 * The chapter's demo modules in the browser, built from the one copy of their sources the page
 * carries anyway: the texts of ~/booksrc. The build (web/build/shipped_modules.ts) replaces
 * src/modules/index.ts with definitions that hold each module's metadata, read from the
 * real modules at build time (what boot, modinfo and /sys/module show), and compile the
 * module's files with sucrase the first time it is loaded (insmod runs after the compiler has
 * arrived; the terminal holds commands until then). The code is vkern's own and trusted, as
 * the bundled modules were: it gets the kernel API itself, with no confinement, membrane or
 * loop guard, and its functions keep their names for the Oops and for pr_fmt's __func__.
 * Node imports src/modules/index.ts as it is.
 */
import { transform } from "sucrase";
import type { ModuleDefinition } from "../../src/kernel/module.ts";
import { KERNEL_API } from "../../src/kernel/module_js.ts";
import { guestSource } from "../../src/user/booksrc.ts";
import { readBookSource } from "./booksrc_sources.ts";

/** A definition's data: everything but its functions. */
export type ModuleMeta = Omit<ModuleDefinition, "load" | "pr_fmt">;

/** A file of `files` (paths under src/) imported as `spec` by `from`. */
function sibling(files: readonly string[], from: string, spec: string): string {
  const dir = from.slice(0, from.lastIndexOf("/") + 1);
  const path = dir + spec.replace(/^\.\//, "");
  if (!files.includes(path)) throw new Error(`${from}: cannot find module '${spec}'`);
  return path;
}

/** The module's files compiled and run as CommonJS; its default export. */
function evaluate(files: readonly string[]): ModuleDefinition {
  const done = new Map<string, Record<string, unknown>>();
  const run = (path: string): Record<string, unknown> => {
    const hit = done.get(path);
    if (hit) return hit;
    const module = { exports: {} as Record<string, unknown> };
    done.set(path, module.exports);
    const source = guestSource(path, readBookSource(path), files);
    const js = transform(source, {
      transforms: ["typescript", "imports"],
      disableESTransforms: true,
    }).code;
    const require = (spec: string): unknown =>
      spec === "linux" ? KERNEL_API : run(sibling(files, path, spec));
    new Function("require", "exports", "module", `${js}\n//# sourceURL=${path}`)(
      require,
      module.exports,
      module,
    );
    done.set(path, module.exports);
    return module.exports;
  };
  return run(files[0]).default as ModuleDefinition;
}

/** A shipped module whose code is compiled from its source text when first needed. */
export function shippedModule(
  meta: ModuleMeta,
  hasPrFmt: boolean,
  files: readonly string[],
): ModuleDefinition {
  let def: ModuleDefinition | undefined;
  const code = (): ModuleDefinition => {
    def ??= evaluate(files);
    return def;
  };
  const lazy: ModuleDefinition = {
    ...meta,
    load: (THIS_MODULE, params) => code().load(THIS_MODULE, params),
  };
  if (hasPrFmt) lazy.pr_fmt = (modname, func) => code().pr_fmt?.(modname, func) ?? "";
  return lazy;
}
