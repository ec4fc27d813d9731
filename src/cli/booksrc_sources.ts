/**
 * The texts of ~/booksrc in Node (the CLI, tests, benchmarks): vkern's own source files, read
 * from the repository beside this one. The browser's twin is web/src/booksrc_sources.ts;
 * package.json's "#booksrc" picks one.
 */
import { readFileSync } from "node:fs";

const SRC = new URL("../", import.meta.url);
const cache = new Map<string, string>();

/** A file under src/, e.g. "modules/procfs_simple_intf/procfs_simple_intf.ts". */
export function readBookSource(srcPath: string): string {
  let text = cache.get(srcPath);
  if (text === undefined) {
    text = readFileSync(new URL(srcPath, SRC), "utf8");
    cache.set(srcPath, text);
  }
  return text;
}
