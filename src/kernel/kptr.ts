/**
 * Pointers to scalars in kernel memory: what C writes as `&debug_level`.
 *
 * JavaScript has no address-of operator, so an API that takes a `u32 *` (such as
 * debugfs_create_u32()) takes a KPtr instead: a small reference with get() and
 * set(), usually made with kptr(object, "field"):
 *
 *   const g = THIS_MODULE.static({ debug_level: 0 });   // static int debug_level;
 *   debugfs_create_u32("level", 0644, dir, kptr(g, "debug_level"));   // &debug_level
 *
 * A KPtr holds no value of its own: every get() and set() goes to the object, so when
 * that object is module memory that was freed on unload (THIS_MODULE.static()) or
 * kfree()d memory, dereferencing the pointer faults exactly where C's `*p` would,
 * inside whichever kernel function made the access (debugfs_u32_get, for example).
 * Plain JavaScript objects never fault: keep module data in THIS_MODULE.static() if a
 * leftover pointer to it should Oops the way the C module does.
 */

/** A pointer to a T (`T *` in C): `*p` is get(), `*p = v` is set(v). */
export interface KPtr<T> {
  get(): T;
  set(v: T): void;
}

/** A pointer to a field (methods on the prototype: no closures per pointer). */
class FieldPtr<O extends object, K extends keyof O> implements KPtr<O[K]> {
  constructor(
    private readonly obj: O,
    private readonly key: K,
  ) {}
  get(): O[K] {
    return this.obj[this.key];
  }
  set(v: O[K]): void {
    this.obj[this.key] = v;
  }
}

/** A pointer to an unnamed variable of its own. */
class VarPtr<T> implements KPtr<T> {
  constructor(private value: T) {}
  get(): T {
    return this.value;
  }
  set(v: T): void {
    this.value = v;
  }
}

/**
 * `&obj->key`: a pointer to one field of an object. Reads and writes go to the object
 * each time, so a freed (poisoned) object faults on use, not when the pointer is made.
 */
export function kptr<O extends object, K extends keyof O>(obj: O, key: K): KPtr<O[K]> {
  return new FieldPtr(obj, key);
}

/** A pointer to a fresh, unnamed variable holding `initial` (a local `T x = initial; &x`). */
export function kvar<T>(initial: T): KPtr<T> {
  return new VarPtr(initial);
}

/** Whether a value looks like a KPtr (for APIs that also accept other argument shapes). */
export function isKPtr(p: unknown): p is KPtr<unknown> {
  return (
    typeof p === "object" &&
    p !== null &&
    typeof (p as KPtr<unknown>).get === "function" &&
    typeof (p as KPtr<unknown>).set === "function"
  );
}
