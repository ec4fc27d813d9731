/**
 * What a learner's module finds in its global scope, and the guards its rewritten code
 * calls (src/lib/guest_rewrite.ts).
 *
 * The module runs in the host's JavaScript realm, so the built-ins it uses are the very
 * objects the kernel and the rest of the host use ("shared": the standard built-ins and
 * all that is reachable from them, found once by walking them). So:
 * - it holds no shared object but functions: its constructors are stand-ins made per
 *   evaluation, Math and JSON copies, a prototype it names (`Array.prototype`, spelled
 *   `__vkern_prototype` by the rewrite) a copy of the methods, and reflection hides the
 *   rest; so no built-in method (`push`, the `__proto__` setter) can run on one;
 * - the shared functions it does hold it cannot change: every member write of its code
 *   goes through `guardWrite`, and the reflective writers it can name
 *   (Object.defineProperty, Object.assign, Reflect.set, Proxy ...) refuse them too;
 * - reflection never hands out the host's Function constructors, eval or global object,
 *   which no name in its scope reaches.
 * Nothing of this changes the host: no built-in is frozen or patched.
 */
import { BLOCKED_KEYS, RENAMED_PREFIX } from "./guest_rewrite.ts";

type Obj = object;
const isObj = (v: unknown): v is Obj =>
  v !== null && (typeof v === "object" || typeof v === "function");

/** Constructors a module gets stand-ins of (see standInFor). */
const CONSTRUCTORS = [
  "Array",
  "ArrayBuffer",
  "BigInt",
  "BigInt64Array",
  "BigUint64Array",
  "Boolean",
  "DataView",
  "Date",
  "Float32Array",
  "Float64Array",
  "Int8Array",
  "Int16Array",
  "Int32Array",
  "Map",
  "Number",
  "Promise",
  "RegExp",
  "Set",
  "String",
  "Symbol",
  "Uint8Array",
  "Uint8ClampedArray",
  "Uint16Array",
  "Uint32Array",
  "WeakMap",
  "WeakSet",
  "TextDecoder",
  "TextEncoder",
] as const;

/** Namespaces a module gets copies of. */
const NAMESPACES = ["JSON", "Math"] as const;

/** Functions and values a module sees as they are. */
const PLAIN = [
  "atob",
  "btoa",
  "decodeURI",
  "decodeURIComponent",
  "encodeURI",
  "encodeURIComponent",
  "isFinite",
  "isNaN",
  "parseFloat",
  "parseInt",
  "Infinity",
  "NaN",
  "undefined",
] as const;

const ERRORS = [
  "Error",
  "EvalError",
  "RangeError",
  "ReferenceError",
  "SyntaxError",
  "TypeError",
  "URIError",
  "AggregateError",
] as const;

/** Every name a module's scope provides; any other global name is shadowed. */
export const GUEST_GLOBAL_NAMES: readonly string[] = [
  ...CONSTRUCTORS,
  ...NAMESPACES,
  ...PLAIN,
  ...ERRORS,
  "Object",
  "Reflect",
  "Proxy",
];

const host = globalThis as unknown as Record<string, unknown>;
const protoOf = Object.getPrototypeOf;

/** What a module must never hold: the ways to run code from a string in the host realm. */
export const FORBIDDEN: ReadonlySet<unknown> = new Set([
  Function,
  protoOf(async () => {}).constructor,
  protoOf(function* () {}).constructor,
  protoOf(async function* () {}).constructor,
  host.eval,
  globalThis,
]);
/** What reflection hands a module: never a way out, never a shared non-function. */
const safe = (v: unknown) =>
  FORBIDDEN.has(v) || (typeof v !== "function" && isShared(v)) ? undefined : v;

/** An object with the engine's `stack` property (its accessors, where it has them). */
function stackHolder(): object {
  const o = {};
  (Error as unknown as { captureStackTrace?(o: object): void }).captureStackTrace?.(o);
  return o;
}

/** Instances that lead to the intrinsics no global names (iterator and generator prototypes). */
function hiddenIntrinsics(): unknown[] {
  const it = [][Symbol.iterator]() as unknown as { map?: (f: (x: unknown) => unknown) => unknown };
  return [
    it,
    it.map?.((x) => x),
    new Map()[Symbol.iterator](),
    new Set()[Symbol.iterator](),
    ""[Symbol.iterator](),
    "".matchAll(/x/g),
    (function* () {})(),
    (async function* () {})(),
    protoOf(Uint8Array),
    [...FORBIDDEN],
    stackHolder(),
  ];
}

let shared: WeakSet<Obj> | null = null;

/** The host's built-ins and all that is reachable from them (own properties, prototypes). */
function sharedObjects(): WeakSet<Obj> {
  if (shared) return shared;
  const seen = new WeakSet<Obj>();
  const stack: unknown[] = [
    ...[...CONSTRUCTORS, ...NAMESPACES, ...PLAIN, ...ERRORS].map((n) => host[n]),
    Object,
    Reflect,
    Proxy,
    ...hiddenIntrinsics(),
  ];
  while (stack.length) {
    const o = stack.pop();
    if (!isObj(o) || seen.has(o)) continue;
    seen.add(o);
    stack.push(protoOf(o));
    for (const key of Reflect.ownKeys(o)) {
      const d = Reflect.getOwnPropertyDescriptor(o, key);
      if (d) stack.push(d.value, d.get, d.set);
    }
  }
  shared = seen;
  return seen;
}

/** Whether `v` is one of the host's built-ins (which a module may not change). */
export function isShared(v: unknown): boolean {
  return isObj(v) && sharedObjects().has(v);
}

/** `__vkern_k`: a computed property key, with the blocked names renamed. */
export function guardKey(k: unknown): unknown {
  if (typeof k === "number" || typeof k === "symbol") return k;
  if (typeof k === "string") return BLOCKED_KEYS.has(k) ? `${RENAMED_PREFIX}${k}` : k;
  // ToPropertyKey, done by the engine: an object's toString/toPrimitive runs once.
  return guardKey(Reflect.ownKeys({ [k as PropertyKey]: 0 })[0]);
}

/** `__vkern_w`: the object of a member write, refused if it is a shared built-in. */
export function guardWrite<T>(o: T): T {
  if (isShared(o)) throw new TypeError("Cannot modify a built-in object shared with the kernel");
  return o;
}

/** `__vkern_x`: a class's base, whose constructor may not return a shared object. */
export function guardBase(base: unknown): unknown {
  if (typeof base !== "function") return base;
  return new Proxy(base, {
    construct(target, args, newTarget) {
      return guardWrite(Reflect.construct(target, args, newTarget));
    },
  });
}

function sanitized(d: PropertyDescriptor | undefined): PropertyDescriptor | undefined {
  if (!d) return d;
  const out: PropertyDescriptor = { ...d };
  if ("value" in d) out.value = safe(d.value);
  if (d.get) out.get = safe(d.get) as () => unknown;
  if (d.set) out.set = safe(d.set) as (v: unknown) => void;
  return out;
}

const visibleKey = (k: PropertyKey) => typeof k !== "string" || !BLOCKED_KEYS.has(k);

/** A copy of `o`'s own properties (not the blocked keys), on an object of the module's. */
function copyOf(o: object, into: object = Object.create(null)): object {
  for (const key of Reflect.ownKeys(o)) {
    if (typeof key === "string" && BLOCKED_KEYS.has(key)) continue;
    if (Object.hasOwn(into, key)) continue;
    Object.defineProperty(into, key, Reflect.getOwnPropertyDescriptor(o, key)!);
  }
  return into;
}

const RENAMED_PROTOTYPE = `${RENAMED_PREFIX}prototype`;

/**
 * A function that behaves as the constructor `real`: called, with `new`, as a base class,
 * with `instanceof`; its statics are copies (so the module may change them). Its
 * `prototype` is real's (for instanceof and extends), but the module, which spells it
 * `__vkern_prototype`, reads a copy of the prototype's methods there instead:
 * `Array.prototype.slice.call(x)` works, `Array.prototype.push(1)` pushes to the copy.
 */
function standInFor(real: Function, name: string, staticsFrom: object[]): Function {
  const f = function (this: unknown, ...args: unknown[]) {
    const nt = new.target as Function | undefined;
    if (!nt) return Reflect.apply(real, undefined, args);
    return Reflect.construct(real, args, nt === f ? real : nt);
  } as unknown as Function & Record<string, unknown>;
  Object.defineProperty(f, "name", { value: name });
  Object.defineProperty(f, "length", { value: real.length });
  f.prototype = real.prototype;
  for (const from of staticsFrom) copyOf(from, f);
  Object.defineProperty(f, RENAMED_PROTOTYPE, {
    value: copyOf((real as { prototype: object }).prototype),
    writable: true,
    configurable: true,
  });
  return f;
}

/** real and the constructors it inherits statics from (Uint8Array from %TypedArray%). */
function staticsChain(real: Function): object[] {
  const out: object[] = [];
  for (let c: object | null = real; c && c !== Function.prototype; c = protoOf(c)) out.push(c);
  return out;
}

function objectStandIn(): ObjectConstructor {
  const O = standInFor(Object, "Object", [Object]) as ObjectConstructor & Record<string, unknown>;
  const tame: Partial<Record<keyof ObjectConstructor, unknown>> = {
    assign: (t: object, ...s: object[]) => Object.assign(guardWrite(t), ...s),
    defineProperty: (o: object, k: PropertyKey, d: PropertyDescriptor) =>
      Object.defineProperty(guardWrite(o), guardKey(k) as PropertyKey, d),
    defineProperties: (o: object, ds: PropertyDescriptorMap) =>
      Object.defineProperties(guardWrite(o), ds),
    setPrototypeOf: (o: object, p: object | null) => Object.setPrototypeOf(guardWrite(o), p),
    freeze: <T>(o: T) => Object.freeze(guardWrite(o)),
    seal: <T>(o: T) => Object.seal(guardWrite(o)),
    preventExtensions: <T>(o: T) => Object.preventExtensions(guardWrite(o)),
    getOwnPropertyDescriptor: (o: object, k: PropertyKey) =>
      sanitized(Object.getOwnPropertyDescriptor(o, guardKey(k) as PropertyKey)),
    getOwnPropertyDescriptors: (o: object) => {
      const out: PropertyDescriptorMap = {};
      for (const k of Reflect.ownKeys(Object(o)))
        if (visibleKey(k)) out[k] = sanitized(Object.getOwnPropertyDescriptor(o, k))!;
      return out;
    },
    values: (o: object) => Object.values(o).map(safe),
    entries: (o: object) => Object.entries(o).map(([k, v]) => [k, safe(v)]),
    hasOwn: (o: object, k: PropertyKey) => Object.hasOwn(o, guardKey(k) as PropertyKey),
    getPrototypeOf: (o: object) => safe(Object.getPrototypeOf(o)) ?? null,
  };
  for (const [k, v] of Object.entries(tame)) {
    Object.defineProperty(O, k, { value: v, writable: true, configurable: true });
  }
  return O;
}

function reflectStandIn(): typeof Reflect {
  const R: Record<PropertyKey, unknown> = {};
  for (const key of Reflect.ownKeys(Reflect)) {
    Object.defineProperty(R, key, Reflect.getOwnPropertyDescriptor(Reflect, key)!);
  }
  const key = (k: PropertyKey) => guardKey(k) as PropertyKey;
  Object.assign(R, {
    get: (o: object, k: PropertyKey, ...r: unknown[]) =>
      safe(Reflect.get(o, key(k), ...(r as [unknown]))),
    set: (o: object, k: PropertyKey, v: unknown, ...r: unknown[]) => {
      guardWrite(o);
      if (r.length) guardWrite(r[0]);
      return Reflect.set(o, key(k), v, ...(r as [unknown]));
    },
    defineProperty: (o: object, k: PropertyKey, d: PropertyDescriptor) =>
      Reflect.defineProperty(guardWrite(o), key(k), d),
    deleteProperty: (o: object, k: PropertyKey) => Reflect.deleteProperty(guardWrite(o), key(k)),
    setPrototypeOf: (o: object, p: object | null) => Reflect.setPrototypeOf(guardWrite(o), p),
    preventExtensions: (o: object) => Reflect.preventExtensions(guardWrite(o)),
    getOwnPropertyDescriptor: (o: object, k: PropertyKey) =>
      sanitized(Reflect.getOwnPropertyDescriptor(o, key(k))),
    has: (o: object, k: PropertyKey) => Reflect.has(o, key(k)),
    getPrototypeOf: (o: object) => safe(Reflect.getPrototypeOf(o)) ?? null,
  });
  return R as unknown as typeof Reflect;
}

function proxyStandIn(): ProxyConstructor {
  const P = function (this: unknown, target: object, handler: ProxyHandler<object>) {
    if (!new.target) throw new TypeError("Constructor Proxy requires 'new'");
    return new Proxy(guardWrite(target), handler);
  } as unknown as ProxyConstructor;
  Object.defineProperty(P, "name", { value: "Proxy" });
  Object.defineProperty(P, "revocable", {
    value: (t: object, h: ProxyHandler<object>) => Proxy.revocable(guardWrite(t), h),
    writable: true,
    configurable: true,
  });
  return P;
}

/** The error constructors; captureStackTrace refuses to write onto a built-in. */
function errorStandIns(): Record<string, Function> {
  const out: Record<string, Function> = {};
  const E = standInFor(Error, "Error", [Error]) as Function & Record<string, unknown>;
  E.captureStackTrace = (o: object, f?: Function) =>
    (Error as unknown as { captureStackTrace(o: object, f?: Function): void }).captureStackTrace(
      guardWrite(o),
      f,
    );
  out.Error = E;
  for (const n of ERRORS) {
    if (n === "Error" || typeof host[n] !== "function") continue;
    const S = standInFor(host[n] as Function, n, [host[n] as Function]);
    Object.setPrototypeOf(S, E);
    out[n] = S;
  }
  return out;
}

/** The values of GUEST_GLOBAL_NAMES for one evaluation (fresh stand-ins every time). */
export function guestGlobalValues(): unknown[] {
  const own: Record<string, unknown> = {
    ...errorStandIns(),
    Object: objectStandIn(),
    Reflect: reflectStandIn(),
    Proxy: proxyStandIn(),
  };
  for (const n of CONSTRUCTORS) {
    const real = host[n];
    if (typeof real === "function") own[n] = standInFor(real, n, staticsChain(real));
  }
  for (const n of NAMESPACES) own[n] = copyOf(host[n] as object, {});
  return GUEST_GLOBAL_NAMES.map((n) => (n in own ? own[n] : host[n]));
}
