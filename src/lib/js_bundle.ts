/**
 * A compiled program of vkern: the JavaScript that sucrase made of a learner's TypeScript
 * files (one entry file and the sibling files it imports), and how to evaluate it.
 *
 * The .ko files that `make` builds and the executables it links carry a bundle as JSON.
 * Evaluation gives each file a fresh scope with only `require`, `exports` and `module`
 * (and the loop watchdog's ticks) in it; `require` resolves the bundle's own files and
 * the named built-in APIs ("linux" for modules, "libc" for programs) and nothing else.
 * Common host globals (globalThis, process, setTimeout, fetch ...) are shadowed by
 * undefined parameters.
 *
 * That plain evaluation is a convenience fence, not a security boundary (the code runs in
 * the host's realm, where `(function () {}).constructor` is the host's Function): it is
 * what user programs get. Kernel modules are evaluated `confined` instead (guest_eval.ts:
 * rewritten code, an allow-listed scope, guards on writes to shared built-ins), and the
 * loader hands them the kernel API through a membrane (module_js.ts).
 */
import { type GuestFactory, guestFactory } from "./guest_eval.ts";
import { guestGlobalValues } from "./guest_globals.ts";
import { instrumentLoops, type LoopWatchdog, WD_ITER, WD_TICK } from "./loop_guard.ts";

/** One compiled file: its JavaScript and where each of its require() specifiers leads. */
export interface BundleFile {
  js: string;
  /** specifier -> a file key of the bundle, or "builtin:NAME". */
  deps: Record<string, string>;
}

export interface JsBundle {
  /** Key (absolute path of the source) of the entry file. */
  main: string;
  files: Record<string, BundleFile>;
}

export const BUNDLE_MAGIC = "vkern-bundle-1";

export function encodeBundle(b: JsBundle): string {
  return JSON.stringify({ magic: BUNDLE_MAGIC, ...b });
}

/** The bundle in a .ko's or an executable's payload, or null if it is not one. */
export function decodeBundle(text: string): JsBundle | null {
  try {
    const o = JSON.parse(text) as Partial<JsBundle> & { magic?: string };
    if (o.magic !== BUNDLE_MAGIC || typeof o.main !== "string" || !o.files) return null;
    if (!o.files[o.main]) return null;
    return { main: o.main, files: o.files };
  } catch {
    return null;
  }
}

/** Host globals a compiled file sees as undefined (eval and arguments cannot be shadowed). */
const SHADOWED = [
  "globalThis",
  "window",
  "self",
  "global",
  "process",
  "Buffer",
  "setTimeout",
  "setInterval",
  "setImmediate",
  "clearTimeout",
  "clearInterval",
  "queueMicrotask",
  "fetch",
  "XMLHttpRequest",
  "WebSocket",
  "Worker",
  "importScripts",
  "postMessage",
  "document",
  "navigator",
  "localStorage",
  "indexedDB",
  "console",
];

type Factory = (...args: unknown[]) => void;

/** Compiled factories by their source text: recompiling a module on every load is waste. */
const factoryCache = new Map<string, Factory>();
const CACHE_MAX = 128;

function factoryFor(js: string, url: string): Factory {
  const key = `${url}\n${js}`;
  let f = factoryCache.get(key);
  if (f) return f;
  const body = `${instrumentLoops(js)}\n//# sourceURL=${url}`;
  f = new Function("require", "exports", "module", WD_TICK, WD_ITER, ...SHADOWED, body) as Factory;
  if (factoryCache.size >= CACHE_MAX) {
    const first = factoryCache.keys().next().value;
    if (first !== undefined) factoryCache.delete(first);
  }
  factoryCache.set(key, f);
  return f;
}

/** Confined factories by source text (see guest_eval.ts). */
const guestCache = new Map<string, GuestFactory>();

function confinedFactoryFor(js: string, url: string): GuestFactory {
  const key = `${url}\n${js}`;
  let f = guestCache.get(key);
  if (f) return f;
  f = guestFactory(js, url);
  if (guestCache.size >= CACHE_MAX) {
    const first = guestCache.keys().next().value;
    if (first !== undefined) guestCache.delete(first);
  }
  guestCache.set(key, f);
  return f;
}

/**
 * Compiles every file of the bundle without running it; throws the engine's SyntaxError
 * (or, `confined`, a GuestCodeError for code a module may not contain).
 */
export function compileBundle(
  b: JsBundle,
  urlOf: (key: string) => string = (k) => k,
  confined = false,
): void {
  for (const [key, f] of Object.entries(b.files)) {
    if (confined) confinedFactoryFor(f.js, urlOf(key));
    else factoryFor(f.js, urlOf(key));
  }
}

/** Thrown by require() for a specifier the bundle does not provide. */
export class BundleLinkError extends Error {
  constructor(
    readonly file: string,
    readonly specifier: string,
  ) {
    super(`cannot find module '${specifier}' (from ${file})`);
    this.name = "BundleLinkError";
  }
}

/**
 * Evaluates the bundle afresh (new scopes, so new module statics) and returns the entry
 * file's exports. `builtins` maps "linux"/"libc" to the API objects; the watchdog's ticks
 * stop runaway loops. SyntaxErrors and exceptions of top-level code propagate. `confined`
 * evaluates as a kernel module is (see guest_eval.ts).
 */
export function evaluateBundle(
  b: JsBundle,
  builtins: Record<string, object>,
  wd: LoopWatchdog,
  urlOf: (key: string) => string = (k) => k,
  confined = false,
): Record<string, unknown> {
  const globals = confined ? guestGlobalValues() : [];
  const done = new Map<string, { exports: Record<string, unknown> }>();
  const load = (key: string): Record<string, unknown> => {
    const hit = done.get(key);
    if (hit) return hit.exports;
    const file = b.files[key];
    const module = { exports: {} as Record<string, unknown> };
    done.set(key, module);
    const require = (spec: string): unknown => {
      const target = file.deps[spec];
      if (target?.startsWith("builtin:")) {
        const api = builtins[target.slice(8)];
        if (api) return api;
      } else if (target && b.files[target]) return load(target);
      const err = new BundleLinkError(key, spec);
      // Confined code gets a plain Error: nothing of the host's classes.
      throw confined ? new Error(err.message) : err;
    };
    if (confined)
      confinedFactoryFor(file.js, urlOf(key))(globals, wd)(require, module.exports, module);
    else factoryFor(file.js, urlOf(key))(require, module.exports, module, wd.tick, wd.iter);
    return module.exports;
  };
  return load(b.main);
}

/** Names a file takes from a built-in API: `X.name` where `var X = require('api')`. */
export function importedNames(file: BundleFile, builtin: string): Set<string> {
  const names = new Set<string>();
  const specs = Object.entries(file.deps)
    .filter(([, t]) => t === `builtin:${builtin}`)
    .map(([s]) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  if (!specs.length) return names;
  const decl = new RegExp(`var (\\w+) = require\\((['"])(?:${specs.join("|")})\\2\\)`, "g");
  for (const m of file.js.matchAll(decl)) {
    for (const u of file.js.matchAll(new RegExp(`\\b${m[1]}\\.([A-Za-z_$][\\w$]*)`, "g"))) {
      names.add(u[1]);
    }
  }
  return names;
}

/** Symbols the bundle takes from `builtin` that `api` does not export, in file order. */
export function undefinedSymbols(b: JsBundle, builtin: string, api: object): string[] {
  const out: string[] = [];
  for (const f of Object.values(b.files)) {
    for (const n of importedNames(f, builtin)) if (!(n in api) && !out.includes(n)) out.push(n);
  }
  return out;
}
