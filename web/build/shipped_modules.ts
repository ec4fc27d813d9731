/**
 * The page's src/modules/index.ts: the demo modules' metadata, and their code compiled from
 * the ~/booksrc texts the page carries anyway (web/src/shipped_modules.ts), instead of a
 * second, compiled copy of each module in the bundle; likewise the main() of each ~/booksrc
 * program (the ioctl demo's user program, a command of the shell). The metadata comes from the real
 * definitions, imported here at build time; the build fails if a module is not in ~/booksrc
 * or if its definition holds a function other than load and pr_fmt.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import type { Plugin } from "vite";
import type { ModuleDefinition } from "../../src/kernel/module.ts";
import { shippedModules } from "../../src/modules/index.ts";
import { BOOK_DIRS } from "../../src/user/booksrc.ts";

const RUNTIME = fileURLToPath(new URL("../src/shipped_modules.ts", import.meta.url));

/** The definition without its functions, as JSON; it must survive JSON unchanged. */
function metadata(def: ModuleDefinition): string {
  const { load: _load, pr_fmt: _prFmt, ...meta } = def;
  const json = JSON.stringify(meta);
  if (!isDeepStrictEqual(JSON.parse(json), meta))
    throw new Error(`shipped module ${def.name}: its definition holds more than plain data`);
  return json;
}

/** `srcDir`: vkern's src/. */
export function shippedModulesFromBooksrc(srcDir: string): Plugin {
  const index = `${srcDir}/modules/index.ts`;
  const programs = new Map<string, { files: readonly string[]; entry: string }>();
  for (const d of BOOK_DIRS) {
    const entry = d.program && d.files.find((f) => f.endsWith(`/${d.program}.ts`));
    if (entry) programs.set(`${srcDir}/${entry}`, { files: d.files, entry });
  }
  return {
    name: "vkern-shipped-modules",
    enforce: "pre",
    load(id) {
      const program = programs.get(id);
      if (program) {
        // The program's file must export main() and nothing else, as the stand-in does.
        const exports = readFileSync(id, "utf8").match(/^export .*/gm) ?? [];
        if (exports.length !== 1 || !/^export (async )?function main\(/.test(exports[0]))
          this.error(`${id}: a ~/booksrc program must export main() alone`);
        return `import { shippedProgram } from ${JSON.stringify(RUNTIME)};
export const main = shippedProgram(${JSON.stringify(program.files)}, ${JSON.stringify(program.entry)});
`;
      }
      if (id !== index) return null;
      const entries = shippedModules.map((def) => {
        const dir = BOOK_DIRS.find((d) => d.module === def.name);
        if (!dir) this.error(`shipped module ${def.name} is not in ~/booksrc (BOOK_DIRS)`);
        return `shippedModule(${metadata(def)}, ${typeof def.pr_fmt === "function"}, ${JSON.stringify(dir.files)})`;
      });
      return `import { shippedModule } from ${JSON.stringify(RUNTIME)};
export const shippedModules = [
  ${entries.join(",\n  ")},
];
`;
    },
  };
}
