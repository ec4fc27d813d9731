/**
 * Evaluating a learner's module file confined (see guest_rewrite.ts and guest_globals.ts):
 *
 *   (function (Array, Object, ..., eval, window, process, ..., <helpers>) {   // sloppy
 *     return function (require, exports, module) {"use strict"; <rewritten code>
 *     };
 *     let foo, bar;
 *   })
 *
 * The outer function's parameters give the code its allowed globals and shadow, with
 * undefined, every other name it uses that the host's global object has (eval too: a
 * sloppy function may name a parameter so). The names it uses that the host does not have
 * (yet) are declared after the `return`, so they stay uninitialized: using one is a
 * ReferenceError, even if the host defines such a global later (in a browser every element
 * with an id is one). The code itself runs in strict mode, with `this` undefined; the
 * helpers are parameters of the outer function, so its `arguments` do not show them.
 */
import { GUEST_GLOBAL_NAMES, guardBase, guardKey, guardWrite } from "./guest_globals.ts";
import { BASE_GUARD, hardenModuleCode, KEY_GUARD, WRITE_GUARD } from "./guest_rewrite.ts";
import { instrumentLoops, type LoopWatchdog, WD_ITER, WD_TICK } from "./loop_guard.ts";

export type GuestFactory = (
  globals: readonly unknown[],
  wd: LoopWatchdog,
) => (require: (spec: string) => unknown, exports: object, module: object) => void;

const ALLOWED = new Set(GUEST_GLOBAL_NAMES);
/**
 * Globals of Node or of browsers, shadowed (undefined) even where the host has none, so
 * `typeof window` says "undefined" in Node as in a browser, and `typeof process` in both.
 */
const HOST_GLOBALS = new Set(
  (
    "globalThis window self global document navigator location process Buffer require " +
    "setTimeout setInterval setImmediate clearTimeout clearInterval clearImmediate " +
    "queueMicrotask structuredClone fetch XMLHttpRequest WebSocket Worker importScripts " +
    "postMessage localStorage sessionStorage indexedDB caches crypto performance console " +
    "Function eval Deno Bun WebAssembly SharedArrayBuffer Atomics Intl"
  ).split(" "),
);
const IDENT = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u;
/** Names that cannot be bound by a `let` or a sloppy parameter, or need no shadow. */
const UNBINDABLE = new Set(
  (
    "arguments require exports module await break case catch class const continue debugger " +
    "default delete do else enum export extends false finally for function if implements " +
    "import in instanceof interface let new null package private protected public return " +
    "static super switch this throw true try typeof var void while with yield"
  ).split(" "),
);

/** Compiles one file of a module; throws GuestCodeError or the engine's SyntaxError. */
export function guestFactory(js: string, url: string): GuestFactory {
  const h = hardenModuleCode(js);
  const code = instrumentLoops(h.code);
  const shadowed: string[] = [];
  const unset: string[] = [];
  for (const n of h.names) {
    if (ALLOWED.has(n) || UNBINDABLE.has(n) || !IDENT.test(n)) continue;
    if (HOST_GLOBALS.has(n) || n in globalThis) shadowed.push(n);
    else unset.push(n);
  }
  const body =
    `return function (require, exports, module) {"use strict";${code}\n};` +
    `${unset.length ? `let ${unset.join(", ")};` : ""}\n//# sourceURL=${url}`;
  const outer = new Function(
    ...GUEST_GLOBAL_NAMES,
    ...shadowed,
    WD_TICK,
    WD_ITER,
    KEY_GUARD,
    WRITE_GUARD,
    BASE_GUARD,
    body,
  ) as (...args: unknown[]) => ReturnType<GuestFactory>;
  const none = shadowed.map(() => undefined);
  return (globals, wd) =>
    outer(...globals, ...none, wd.tick, wd.iter, guardKey, guardWrite, guardBase);
}
