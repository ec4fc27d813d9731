/**
 * The boundary between the kernel and a learner's module: every value that crosses it is
 * wrapped, so each side sees the other's objects only through a proxy.
 *
 * - A host (kernel) object reaches the module as a view: reads go through the policy
 *   (hidden fields, values that must never cross, read-only objects), and whatever a read
 *   or a call returns is wrapped in turn. Module code therefore never holds a kernel
 *   object itself, and no chain of properties leads from what the API gives it to the
 *   Kernel or the host.
 * - A module object reaches the kernel as a proxy too, so that when the kernel calls a
 *   module's callback (fops->read, show, init) the arguments it passes are wrapped, and
 *   when it reads a field where the module stored a view it gets its own object back.
 *
 * A value that crosses back is unwrapped, so identity holds on each side (the kernel gets
 * THIS_MODULE itself back in fops.owner). Byte buffers (typed arrays, ArrayBuffers) cross
 * as they are, as memory does in C; promises cross as new promises of wrapped values.
 * The built-ins both sides share: functions are wrapped (so that a method read through a
 * view runs on the real object), other shared objects (prototypes, Math) reach the kernel
 * as they are and the module not at all (see guest_globals.ts).
 *
 * Only module code pays for this: the shipped modules import the API directly.
 */
import { FORBIDDEN, isShared } from "./guest_globals.ts";

/** What the host lets a module see of its objects. */
export interface MembranePolicy {
  /** A value that must never reach the module (it reads undefined instead). */
  denied(v: object): boolean;
  /** A property of a host object that the module does not see. */
  hidden(raw: object, key: PropertyKey): boolean;
  /** The module may not change this object, nor any host object it reaches through it. */
  readOnly(raw: object): boolean;
}

type Obj = object;
const HOST = 0;
const GUEST = 1;
/** Which side a wrapper lives on: views live on the guest's, proxies of guest objects on the host's. */
type Side = typeof HOST | typeof GUEST;

const isObj = (v: unknown): v is Obj =>
  v !== null && (typeof v === "object" || typeof v === "function");

function isConstructor(f: Function): boolean {
  try {
    Reflect.construct(String, [], f);
    return true;
  } catch {
    return false;
  }
}

/**
 * The built-in methods that change their receiver: called through a view on an object
 * the module may not change, they are refused (they would bypass the view's traps).
 */
const MUTATORS: ReadonlySet<unknown> = new Set(
  [
    [Array.prototype, "push pop shift unshift splice sort reverse fill copyWithin"],
    [Map.prototype, "set delete clear"],
    [Set.prototype, "add delete clear"],
    [WeakMap.prototype, "set delete"],
    [WeakSet.prototype, "add delete"],
    [Object.getPrototypeOf(Uint8Array.prototype), "set fill sort reverse copyWithin"],
  ].flatMap(([proto, names]) =>
    (names as string).split(" ").map((n) => (proto as Record<string, unknown>)[n]),
  ),
);

/** Whether `o` is some class's prototype (a module may not change a class's methods). */
function isPrototype(o: Obj): boolean {
  try {
    const c = Object.getOwnPropertyDescriptor(o, "constructor")?.value;
    return typeof c === "function" && c.prototype === o;
  } catch {
    return false;
  }
}

export class Membrane {
  /** wrapper -> [the wrapped object, the side the wrapper lives on] */
  private readonly origin = new WeakMap<Obj, [Obj, Side]>();
  private readonly wrappers = [new WeakMap<Obj, Obj>(), new WeakMap<Obj, Obj>()];
  /** Host objects the module reached through a read-only one. */
  private readonly frozen = new WeakSet<Obj>();

  constructor(private readonly policy: MembranePolicy) {}

  /** A host value as the module may see it. */
  toGuest<T>(v: T): T {
    return this.cross(GUEST, v) as T;
  }

  /** A module's value as the host may use it. */
  toHost<T>(v: T): T {
    return this.cross(HOST, v) as T;
  }

  private cross(to: Side, v: unknown): unknown {
    if (!isObj(v)) return v;
    const o = this.origin.get(v);
    if (o) return o[1] === to ? v : o[0];
    if (to === GUEST && (FORBIDDEN.has(v) || this.policy.denied(v))) return undefined;
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return v;
    // A module holds no shared built-in but functions (guest_globals.ts); the kernel may.
    if (typeof v !== "function" && isShared(v)) return to === GUEST ? undefined : v;
    if (v instanceof Promise) {
      // A promise of our own making: `then`'s derived promise would be built by v's
      // species, which a module could have pointed at a class of its own.
      return new Promise((resolve, reject) => {
        Promise.prototype.then.call(
          v,
          (x) => resolve(this.cross(to, x)),
          (e) => reject(this.cross(to, e)),
        );
      });
    }
    const cache = this.wrappers[to];
    let w = cache.get(v);
    if (!w) {
      w = this.wrap(to, v);
      cache.set(v, w);
      this.origin.set(w, [v, to]);
    }
    return w;
  }

  private wrap(to: Side, raw: Obj): Obj {
    const back: Side = to === GUEST ? HOST : GUEST;
    const guestSide = to === GUEST;
    const policy = this.policy;
    const frozen = this.frozen;
    const out = (x: unknown) => this.cross(to, x);
    const inn = (x: unknown) => this.cross(back, x);
    const rethrow = (e: unknown): never => {
      throw out(e);
    };
    const hidden = (k: PropertyKey) => guestSide && policy.hidden(raw, k);
    const lockedObj = (o: unknown) =>
      isObj(o) &&
      (typeof o === "function" ||
        isShared(o) ||
        frozen.has(o) ||
        policy.readOnly(o) ||
        isPrototype(o));
    const locked = (k: PropertyKey) => guestSide && (k === "__proto__" || lockedObj(raw));
    const passesFrozen = guestSide && (frozen.has(raw) || policy.readOnly(raw));
    // A shadow target keeps the proxy invariants from tying the wrapper to raw's own
    // non-configurable properties (module namespaces, class prototypes).
    const shadow: Obj =
      typeof raw === "function"
        ? isConstructor(raw)
          ? () => {}
          : () => {}
        : Array.isArray(raw)
          ? []
          : {};
    const fixed = (k: PropertyKey) => {
      const d = Reflect.getOwnPropertyDescriptor(shadow, k);
      return d && !d.configurable ? d : undefined;
    };
    const handler: ProxyHandler<Obj> = {
      get(_t, k) {
        if (hidden(k)) return undefined;
        let v: unknown;
        try {
          v = Reflect.get(raw, k, raw);
        } catch (e) {
          rethrow(e);
        }
        if (passesFrozen && isObj(v)) frozen.add(v);
        return out(v);
      },
      set(_t, k, v) {
        if (hidden(k) || locked(k)) return false;
        try {
          return Reflect.set(raw, k, inn(v), raw);
        } catch (e) {
          return rethrow(e);
        }
      },
      has: (_t, k) => !hidden(k) && Reflect.has(raw, k),
      deleteProperty(_t, k) {
        if (hidden(k) || locked(k)) return false;
        return Reflect.deleteProperty(raw, k);
      },
      ownKeys() {
        const keys = Reflect.ownKeys(raw).filter((k) => !hidden(k));
        for (const k of Reflect.ownKeys(shadow)) if (fixed(k) && !keys.includes(k)) keys.push(k);
        return keys;
      },
      getOwnPropertyDescriptor(_t, k) {
        const f = fixed(k);
        const d = hidden(k) ? undefined : Reflect.getOwnPropertyDescriptor(raw, k);
        if (!d) return f;
        if (passesFrozen && isObj(d.value)) frozen.add(d.value);
        const w: PropertyDescriptor = { enumerable: d.enumerable, configurable: true };
        if ("value" in d) {
          w.value = out(d.value);
          w.writable = d.writable;
        } else {
          w.get = out(d.get) as () => unknown;
          w.set = out(d.set) as (x: unknown) => void;
        }
        if (f) Object.assign(w, { configurable: false, enumerable: f.enumerable, writable: true });
        return w;
      },
      defineProperty(_t, k, d) {
        if (hidden(k) || locked(k) || d.configurable === false) return false;
        const w: PropertyDescriptor = { ...d };
        if ("value" in d) w.value = inn(d.value);
        if (d.get) w.get = inn(d.get) as () => unknown;
        if (d.set) w.set = inn(d.set) as (x: unknown) => void;
        return Reflect.defineProperty(raw, k, w);
      },
      getPrototypeOf() {
        // A shared prototype as it is, for instanceof; the module's reflection hides it.
        const p = Reflect.getPrototypeOf(raw);
        return isShared(p) ? p : (out(p) as Obj | null);
      },
      setPrototypeOf: () => false,
      isExtensible: () => true,
      preventExtensions: () => false,
      apply(_t, self, args) {
        const that = inn(self);
        if (guestSide && MUTATORS.has(raw) && lockedObj(that))
          throw new TypeError("Cannot modify a read-only kernel object");
        try {
          return out(Reflect.apply(raw as Function, that, args.map(inn)));
        } catch (e) {
          return rethrow(e);
        }
      },
      construct(_t, args, newTarget) {
        const nt = newTarget === proxy ? raw : inn(newTarget);
        try {
          return out(Reflect.construct(raw as Function, args.map(inn), nt as Function)) as Obj;
        } catch (e) {
          return rethrow(e);
        }
      },
    };
    const proxy = new Proxy(shadow, handler);
    return proxy;
  }
}
