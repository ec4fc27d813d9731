/**
 * Shorter names for xterm.js's private members in the page's first script. xterm.js marks
 * them with a leading underscore (`this._bufferService`, `this._activeBuffer`: 73 KB of the
 * script's text) and only its own code and the fit addon, bundled together, read them, so
 * the minifier may rename them consistently. Every underscore name that appears anywhere in
 * the bundle's other sources (vkern's src/ and web/src/, fflate) is left alone: those may
 * be read by name (the "linux" API's `_IOR`, libc's `_exit`, sucrase's TokenType `_while`
 * across bundles); double-underscore names (runtime helpers, `__proto__`) never match.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

export interface ManglePropsOptions {
  include: RegExp;
  reserved: string[];
}

/** Every `_name` token in the .ts and .js files at or under `paths`. */
export function underscoreNames(paths: readonly string[]): string[] {
  const names = new Set<string>();
  const scan = (file: string) => {
    if (!/\.(ts|js|mjs)$/.test(file)) return;
    for (const m of readFileSync(file, "utf8").matchAll(/(?<![\w$])_[A-Za-z]\w*/g)) names.add(m[0]);
  };
  for (const p of paths) {
    if (!statSync(p).isDirectory()) scan(p);
    else for (const f of readdirSync(p, { recursive: true, encoding: "utf8" })) scan(join(p, f));
  }
  return [...names].sort();
}

/** `paths`: the sources of everything else in the bundle (vkern's own, other packages). */
export function xtermPrivateProps(paths: readonly string[]): ManglePropsOptions {
  return { include: /^_[A-Za-z]/, reserved: underscoreNames(paths) };
}
