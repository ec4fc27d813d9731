/**
 * The playground's build: two classic (IIFE) scripts, not ES modules, because browsers
 * refuse module scripts from file:// and the site must work there.
 *   vite build                  the page and its script (kernel, shell, terminal, side panes)
 *   vite build --mode compiler  assets/compiler.js: sucrase, loaded after the first prompt
 * Their gzipped total is kept under 400 KiB (issue 9; test/web/playground.e2e.ts measures it)
 * by the plugins of web/build/: xterm.js compiled from its sources, less what the page never
 * reaches; constants folded; the demo modules shipped once, as ~/booksrc's texts; sucrase
 * trimmed and its enums inlined; and a terser pass after the bundler's minifier.
 */
import { fileURLToPath } from "node:url";
import { defineConfig, minifySync, type Plugin, type UserConfig } from "vite";
import { foldConstants } from "./build/fold_constants.ts";
import {
  compilerEntrySource,
  dropUnusedSucrase,
  generatedReadWordTree,
  lazyCompilerStubs,
  noOptionsChecker,
  sucraseEsmDeepImports,
  trimSucraseHelpers,
} from "./build/lazy_compiler.ts";
import { linuxNames } from "./build/linux_names.ts";
import { shippedModulesFromBooksrc } from "./build/shipped_modules.ts";
import { inlineSucraseEnums } from "./build/sucrase_enums.ts";
import { terserPass } from "./build/terser_pass.ts";
import { xtermPrivateProps } from "./build/xterm_props.ts";
import { xtermSource } from "./build/xterm_source.ts";
import { XTERM_UNUSED } from "./build/xterm_unused.ts";

const root = fileURLToPath(new URL(".", import.meta.url));
const srcDir = fileURLToPath(new URL("../src", import.meta.url));
const buildId = String(Date.now());
const COMPILER_ENTRY = "virtual-vkern-compiler-entry";

/**
 * Turns Vite's `<script type="module" crossorigin>` into a plain deferred script, and minifies
 * the page's inline script (the IndexedDB prefetch), which Vite leaves as written.
 */
function classicScripts(): Plugin {
  return {
    name: "vkern-classic-scripts",
    enforce: "post",
    transformIndexHtml: {
      order: "post",
      handler: (html) =>
        html
          .replace(/<script type="module" crossorigin src=/g, "<script defer src=")
          .replace(/<script type="module" src=/g, "<script defer src=")
          .replace(/ crossorigin(?=[ >])/g, "")
          .replace(
            /<script>([\s\S]*?)<\/script>/g,
            (_m, js: string) => `<script>${minifySync("inline.js", js).code.trim()}</script>`,
          ),
    },
  };
}

function compilerEntry(): Plugin {
  return {
    name: "vkern-compiler-entry",
    resolveId: (id) => (id.endsWith(COMPILER_ENTRY) ? `\0${COMPILER_ENTRY}` : null),
    load: (id) => (id === `\0${COMPILER_ENTRY}` ? compilerEntrySource() : null),
  };
}

function lib(entry: string, name: string, file: string): UserConfig["build"] {
  return {
    emptyOutDir: false,
    lib: { entry, formats: ["iife"], name, fileName: () => file },
  };
}

export default defineConfig(({ mode, command }) => {
  const main = mode !== "compiler";
  const plugins: Plugin[] = [];
  if (command === "build" && main)
    plugins.push(
      classicScripts(),
      lazyCompilerStubs(`${root}../src`),
      xtermSource(XTERM_UNUSED),
      foldConstants(srcDir),
      inlineSucraseEnums(srcDir),
      shippedModulesFromBooksrc(srcDir),
      terserPass(),
    );
  if (mode === "compiler")
    plugins.push(
      compilerEntry(),
      sucraseEsmDeepImports(),
      noOptionsChecker(),
      dropUnusedSucrase(),
      generatedReadWordTree(),
      inlineSucraseEnums(),
      trimSucraseHelpers(),
    );
  return {
    root,
    base: "./",
    define: { __BUILD_ID__: JSON.stringify(buildId) },
    plugins,
    server: { port: 5173 },
    preview: { port: 4173 },
    build: {
      outDir: "dist",
      emptyOutDir: true,
      target: "es2022",
      modulePreload: false,
      cssCodeSplit: false,
      chunkSizeWarningLimit: 2000,
      ...(mode === "compiler"
        ? lib(COMPILER_ENTRY, "vkernCompilerBundle", "assets/compiler.js")
        : {
            rolldownOptions: {
              // Imported constants (errno values, flags, sizes) become their literal values
              // at every use: the minifier can then drop most of the declarations.
              optimization: { inlineConst: { mode: "all" as const, pass: 2 } },
              output: {
                // The kernel names the faulting function in an Oops from the JavaScript
                // stack (src/kernel/panic.ts): function names must survive minification.
                minify: {
                  mangle: { reserved: linuxNames(`${root}../src`) },
                  mangleProps: xtermPrivateProps([
                    `${root}../src`,
                    `${root}src`,
                    fileURLToPath(import.meta.resolve("fflate")),
                  ]),
                },
                format: "iife" as const,
                codeSplitting: false,
                entryFileNames: "assets/vkern-[hash].js",
                assetFileNames: "assets/[name]-[hash][extname]",
              },
            },
          }),
    },
  };
});
