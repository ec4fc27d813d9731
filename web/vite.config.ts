/**
 * The playground's build. `vite build` (mode "production") makes the page and its first
 * script; `--mode panes` makes the lazily loaded panes. Both are classic IIFE scripts, not
 * ES modules: browsers refuse module scripts from file://, and the site must work there.
 */
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
const buildId = String(Date.now());

/** Turns Vite's `<script type="module" crossorigin>` into a plain deferred script. */
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
          .replace(/ crossorigin(?=[ >])/g, ""),
    },
  };
}

export default defineConfig(({ mode, command }) => {
  const panes = mode === "panes";
  return {
    root,
    base: "./",
    define: { __BUILD_ID__: JSON.stringify(buildId) },
    plugins: command === "build" && !panes ? [classicScripts()] : [],
    server: { port: 5173, strictPort: false },
    preview: { port: 4173 },
    build: {
      outDir: "dist",
      emptyOutDir: !panes,
      target: "es2022",
      modulePreload: false,
      cssCodeSplit: false,
      reportCompressedSize: true,
      chunkSizeWarningLimit: 2000,
      ...(panes
        ? {
            lib: {
              entry: `${root}src/panes/index.ts`,
              formats: ["iife" as const],
              name: "vkernPanes",
              fileName: () => "assets/panes.js",
            },
          }
        : {
            rolldownOptions: {
              // Vite's dynamic-import helper mentions import.meta.url; the shell's one
              // dynamic import is inlined here, so the helper never needs it.
              onLog(level, log, handler) {
                if (log.code !== "EMPTY_IMPORT_META") handler(level, log);
              },
              output: {
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
