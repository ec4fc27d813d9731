/**
 * The chapter's demo modules (and the ioctl demo's user program) in the browser, built from
 * the one copy of their sources the page carries anyway: the texts of ~/booksrc. The build
 * (web/build/shipped_modules.ts) replaces src/modules/index.ts with definitions that hold each
 * module's metadata, read from the real modules at build time (what boot, modinfo and
 * /sys/module show), and compile the module's files with sucrase the first time it is loaded
 * (insmod runs after the compiler has arrived; the terminal holds commands until then); the
 * program's main() likewise. The code is vkern's own and trusted, as the bundled copies were:
 * a module gets the kernel API itself, a program the C library's, with no confinement,
 * membrane or loop guard, and functions keep their names for the Oops and pr_fmt's __func__.
 * Node imports the files as they are.
 */
import { transform } from "sucrase";
import type { ModuleDefinition } from "../../src/kernel/module.ts";
import { KERNEL_API } from "../../src/kernel/module_js.ts";
import { guestSource } from "../../src/user/booksrc.ts";
import { PROGRAM_BUILTINS } from "../../src/user/jsprog.ts";
import type { ProgramMain } from "../../src/user/libc/libc.ts";
import { readBookSource } from "./booksrc_sources.ts";

/** A definition's data: everything but its functions. */
export type ModuleMeta = Omit<ModuleDefinition, "load" | "pr_fmt">;

/**
 * The file of `files` (paths under src/) that `from` imports as `spec`: in ~/booksrc they sit
 * side by side, and guestSource() wrote each import of a sibling as "./<base name>".
 */
function sibling(files: readonly string[], from: string, spec: string): string {
  const path = spec.startsWith("./") ? files.find((f) => f.endsWith(`/${spec.slice(2)}`)) : null;
  if (!path) throw new Error(`${from}: cannot find module '${spec}'`);
  return path;
}

/**
 * `files` compiled and run as CommonJS from `entry`; its exports. `builtins`: what "linux" and
 * "libc" are to them (the kernel API for a module, the C library's for a program).
 */
function evaluate(
  files: readonly string[],
  entry: string,
  builtins: Readonly<Record<string, object>>,
): Record<string, unknown> {
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
      Object.hasOwn(builtins, spec) ? builtins[spec] : run(sibling(files, path, spec));
    new Function("require", "exports", "module", `${js}\n//# sourceURL=${path}`)(
      require,
      module.exports,
      module,
    );
    done.set(path, module.exports);
    return module.exports;
  };
  return run(entry);
}

/** A shipped module whose code is compiled from its source text when first needed. */
export function shippedModule(
  meta: ModuleMeta,
  hasPrFmt: boolean,
  files: readonly string[],
): ModuleDefinition {
  let def: ModuleDefinition | undefined;
  const code = (): ModuleDefinition => {
    def ??= evaluate(files, files[0], { linux: KERNEL_API }).default as ModuleDefinition;
    return def;
  };
  const lazy: ModuleDefinition = {
    ...meta,
    load: (THIS_MODULE, params) => code().load(THIS_MODULE, params),
  };
  if (hasPrFmt) lazy.pr_fmt = (modname, func) => code().pr_fmt?.(modname, func) ?? "";
  return lazy;
}

/** The main() of a ~/booksrc program (`entry`, one of `files`), compiled when first run. */
export function shippedProgram(files: readonly string[], entry: string): ProgramMain {
  let main: ProgramMain | undefined;
  return (argv, envp, libc) => {
    main ??= evaluate(files, entry, PROGRAM_BUILTINS).main as ProgramMain;
    return main(argv, envp, libc);
  };
}
