/**
 * The rewrite of module code (src/lib/guest_rewrite.ts) and confined evaluation
 * (src/lib/guest_eval.ts): what the rewrite makes of each construct, and that ordinary
 * module code still computes what it computed before.
 */
import { describe, expect, it } from "vitest";
import { GuestCodeError, hardenModuleCode } from "../../src/lib/guest_rewrite.ts";
import { evaluateBundle } from "../../src/lib/js_bundle.ts";
import { loopWatchdog } from "../../src/lib/loop_guard.ts";

describe("hardenModuleCode", () => {
  it.each([
    ["a member write", "a.b = 1;", "__vkern_w(a).b = 1;"],
    ["a compound write to a chain", "a.b.c += 1;", "__vkern_w(a.b).c += 1;"],
    ["a computed write", "a[k] = 1;", "__vkern_w(a)[__vkern_k(k)] = 1;"],
    ["a numeric index", "a[0] = x[1];", "__vkern_w(a)[0] = x[1];"],
    [
      "prefix and postfix updates",
      "++a.b; a[i]--;",
      "++__vkern_w(a).b; __vkern_w(a)[__vkern_k(i)]--;",
    ],
    ["delete in parentheses", "delete (a.b);", "delete (__vkern_w(a).b);"],
    ["a parenthesized target", "(a.b) = 1;", "(__vkern_w(a).b) = 1;"],
    ["the object of new", "new X().y = 1;", "__vkern_w(new X()).y = 1;"],
    [
      "renamed property names",
      "x.constructor; x?.caller;",
      "x.__vkern_constructor; x?.__vkern_caller;",
    ],
    ["a string key", 'x["constructor"]; x["a"];', 'x["__vkern_constructor"]; x["a"];'],
    ["an escaped string key", 'x["constr\\u0075ctor"];', 'x["__vkern_constructor"];'],
    ["a template key", "x[`k`];", "x[__vkern_k(`k`)];"],
    ["an optional computed read", "a?.[k];", "a?.[__vkern_k(k)];"],
    [
      "object keys",
      'o = { constructor: 1, "caller": 2, [k]: 3, callee };',
      'o = { __vkern_constructor: 1, "__vkern_caller": 2, [__vkern_k(k)]: 3, __vkern_callee: callee };',
    ],
    [
      "destructuring keys",
      "const { constructor: F, [k]: G, caller = 1 } = f;",
      "const { __vkern_constructor: F, [__vkern_k(k)]: G, __vkern_caller: caller = 1 } = f;",
    ],
    [
      "member targets of patterns",
      "[a.b, [c[0]], ...e.f] = g; ({ a: b.c, d, ...e.f, g: h.i = 1 } = j);",
      "[__vkern_w(a).b, [__vkern_w(c)[0]], ...__vkern_w(e).f] = g; ({ a: __vkern_w(b).c, d, ...__vkern_w(e).f, g: __vkern_w(h).i = 1 } = j);",
    ],
    [
      "for-in/of targets",
      "for (h.i of j); for ([k.l] in m); for (const x of y);",
      "for (__vkern_w(h).i of j); for ([__vkern_w(k).l] in m); for (const x of y);",
    ],
    [
      "a class: its constructor stays, its base and super writes are guarded",
      "class A extends B { constructor() { super(); super.x = 1; } static caller() {} }",
      'class A extends __vkern_x(B) { constructor() { super(); super[(__vkern_w(this), "x")] = 1; } static __vkern_caller() {} }',
    ],
    ["a private field", "this.#p = 1;", "this.#p = 1;"],
  ])("%s", (_what, js, out) => {
    expect(hardenModuleCode(js).code).toBe(out);
  });

  it("reports the identifiers, decoded", () => {
    expect(hardenModuleCode("x = \\u0067lobalThis + y.z;").names.sort()).toEqual([
      "globalThis",
      "x",
      "y",
    ]);
  });

  it.each([
    ["a dynamic import", 'import("fs");'],
    ["import.meta", "import.meta.url;"],
    ["a loader helper's name", "const __vkern_w = (o) => o;"],
    ["a loader helper's name, escaped", "\\u005f_vkern_k(1);"],
  ])("refuses %s", (_what, js) => {
    expect(() => hardenModuleCode(js)).toThrow(GuestCodeError);
  });
});

/** Evaluates one confined file and returns its `exports.result`. */
function run(js: string, api: object = {}): unknown {
  const wd = loopWatchdog(
    () => 1 << 20,
    () => new Error("lockup"),
  );
  const b = { main: "/m.js", files: { "/m.js": { js, deps: { linux: "builtin:linux" } } } };
  return evaluateBundle(b, { linux: api }, wd, undefined, true).result;
}

describe("confined evaluation keeps ordinary code working", () => {
  it.each([
    [
      "classes, inheritance, getters",
      "class A { #n = 2; get n() { return this.#n; } } class B extends A { m() { return super.n * 3; } } exports.result = new B().m();",
      6,
    ],
    [
      "an Error subclass",
      "class E extends Error { constructor(m) { super(m); this.name = 'E'; } } const e = new E('x'); exports.result = [e instanceof Error, e.name, e.message].join();",
      "true,E,x",
    ],
    [
      "destructuring and spread",
      "const { a, ...r } = { a: 1, b: 2, c: 3 }; const [x, , ...y] = [1, 2, 3, 4]; exports.result = [a, Object.keys(r).join(''), x, y.length, { ...r }.c].join();",
      "1,bc,1,2,3",
    ],
    [
      "computed members",
      "const o = {}; for (let i = 0; i < 3; i++) o['k' + i] = i; const a = []; a[2] = 5; exports.result = Object.keys(o).join() + a.length;",
      "k0,k1,k23",
    ],
    [
      "a renamed key is consistent within the module",
      "const o = { constructor: 7 }; const k = 'constructor'; exports.result = o.constructor + o[k] + Object.getOwnPropertyDescriptor(o, k).value;",
      21,
    ],
    [
      "typed arrays and DataView",
      "const b = new Uint8Array(4); new DataView(b.buffer).setUint16(0, 0x1234, true); b[2]++; exports.result = Array.from(b).join();",
      "52,18,1,0",
    ],
    [
      "Map, Set, JSON, BigInt, Math",
      "const m = new Map([[1, 'a']]); const s = new Set([1, 1, 2]); exports.result = JSON.stringify({ m: m.get(1), s: s.size, b: String(2n ** 64n), x: Math.max(1, 3) });",
      '{"m":"a","s":2,"b":"18446744073709551616","x":3}',
    ],
    [
      "Object and Reflect on the module's own objects",
      "const o = {}; Object.defineProperty(o, 'x', { value: 1, enumerable: true }); Reflect.set(o, 'y', 2); Object.assign(o, { z: 3 }); exports.result = Object.entries(Object.freeze(o)).flat().join();",
      "x,1,y,2,z,3",
    ],
    [
      "a Proxy over its own object",
      "const p = new Proxy({ a: 1 }, { get: (t, k) => k in t ? t[k] : 42 }); p.b; exports.result = p.a + p.zz;",
      43,
    ],
    [
      "generators, async functions",
      "function* g() { yield 1; yield 2; } let n = 0; for (const v of g()) n += v; exports.result = typeof (async () => n)().then + n;",
      "function3",
    ],
    [
      "typeof of a host global",
      "exports.result = [typeof window, typeof process, typeof globalThis, typeof eval].join();",
      "undefined,undefined,undefined,undefined",
    ],
    ["this at the top", "exports.result = String(this);", "undefined"],
  ])("%s", (_what, js, result) => {
    expect(run(js)).toBe(result);
  });

  it("the shared built-ins stay as they were after attempts to change them", () => {
    const push = Array.prototype.push;
    const tries = [
      "Array.prototype.push = null;",
      "Array.prototype.push(5); Array.prototype[1] = 6;",
      "[1].forEach(Array.prototype.push, Array.prototype);",
      "Object.getPrototypeOf([]).push(5);",
      "Reflect.getPrototypeOf(Object.prototype).x = 1;",
      "[].push.call = null;",
      "Object.prototype.x = 1;",
      "[].__proto__.x = 1;",
      "Object.getOwnPropertyDescriptor(Object.prototype, '__proto__').set.call(Array.prototype, null);",
      "Object.values(Object.getOwnPropertyDescriptors(Array)).forEach((d) => d.value && (d.value.x = 1));",
      "Object.defineProperty(Object.getPrototypeOf(() => 0), 'x', { value: 1 });",
      "Reflect.set({}, 'x', 1, Object.prototype);",
      "new Proxy(Object.prototype, {}).x = 1;",
      "Object.setPrototypeOf(Math, null); Math.max = null;",
      "Error.captureStackTrace(Object.prototype);",
      "class B { constructor(o) { return o; } } class D extends B { x = 1; } new D(Object.prototype);",
      "class B { constructor(o) { return o; } } class D extends B { x = 1; } new D([].push);",
    ];
    for (const t of tries) {
      try {
        run(`"use strict"; ${t}`);
      } catch (e) {
        expect(e, t).toBeInstanceOf(TypeError);
      }
    }
    expect(Object.hasOwn(Object.prototype, "x") || Object.hasOwn(Array.prototype, "x")).toBe(false);
    expect([Array.prototype.length, Object.hasOwn(Array.prototype, 0)]).toEqual([0, false]);
    expect(Object.hasOwn(Object.prototype, 0) || Object.hasOwn(Object.prototype, "length")).toBe(
      false,
    );
    expect(Array.prototype.push).toBe(push);
    expect(Object.hasOwn(push, "call") || Object.hasOwn(push, "x")).toBe(false);
    expect(Object.getPrototypeOf(Array.prototype)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(Math)).toBe(Object.prototype);
    expect(typeof Math.max).toBe("function");
    expect(Object.hasOwn(Function.prototype, "x")).toBe(false);
  });

  it("prototypes a module reads are copies of their methods", () => {
    expect(
      run(
        "exports.result = [Array.prototype.slice.call({ length: 2, 0: 'a', 1: 'b' }).join(''), Object.prototype.hasOwnProperty.call({ k: 1 }, 'k'), Object.prototype.toString.call([]), Object.getPrototypeOf([]), [] instanceof Array].join();",
      ),
    ).toBe("ab,true,[object Array],,true");
  });
});
