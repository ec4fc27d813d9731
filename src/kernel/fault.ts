/**
 * Kernel faults: what a bad memory access inside kernel or module code throws, so
 * that the system-call entry can turn it into an Oops (arch/x86/mm/fault.c).
 */

/** "softlockup": the watchdog stopped a CPU stuck in a loop (src/kernel/watchdog.ts). */
export type FaultKind = "page" | "null" | "bug" | "gpf" | "softlockup";

export class KernelFault extends Error {
  constructor(
    readonly kind: FaultKind,
    readonly address: bigint,
    readonly write: boolean,
    /** Where the CPU was, when it is known better than from the call stack (a jump into freed code). */
    readonly rip: string | null = null,
    detail = "",
  ) {
    super(detail || `${kind} fault at 0x${address.toString(16)}`);
    this.name = "KernelFault";
  }
}

/** A deliberate BUG()/BUG_ON(). */
export function BUG(): never {
  throw new KernelFault("bug", 0n, false, null, "kernel BUG");
}

export function BUG_ON(cond: unknown): void {
  if (cond) BUG();
}

/**
 * Memory that can be freed under a live reference: module data, kfree()d objects.
 * Any access after free faults at the object's address, as a use-after-free does
 * once the page is unmapped (module memory is vfree()d on unload).
 */
export interface Poisonable {
  readonly __address: bigint;
  __freed: boolean;
}

interface PoisonState {
  address: bigint;
  freed: boolean;
}

/** Every live or freed poisonable object, and where it lives. */
const states = new WeakMap<object, PoisonState>();

/**
 * Marks an object as freeable memory that faults on every access once freed. The object
 * stays a plain object while it is live (no Proxy: module statics and kzalloc'd driver
 * state are on every hot path); poison() turns its fields into faulting accessors.
 */
export function poisonable<T extends object>(obj: T, address: bigint): T {
  states.set(obj, { address, freed: false });
  return obj;
}

/** Frees memory made by poisonable(); later accesses fault. */
export function poison(obj: object): void {
  const st = states.get(obj);
  if (!st || st.freed) return;
  st.freed = true;
  const keys = Object.keys(obj);
  for (const key of Reflect.ownKeys(obj)) {
    const i = typeof key === "string" ? keys.indexOf(key) : -1;
    const at = st.address + BigInt(Math.max(0, i) * 8);
    try {
      Object.defineProperty(obj, key, {
        get() {
          throw new KernelFault("page", at, false);
        },
        set(_v: unknown) {
          throw new KernelFault("page", at, true);
        },
        enumerable: false,
        configurable: true,
      });
    } catch {
      // A non-configurable field (an array's length) keeps working; the rest fault.
    }
  }
  // Fields the object never had, and methods from its prototype, fault too.
  try {
    Object.setPrototypeOf(obj, faultingPrototype(st.address));
  } catch {
    // A non-extensible object keeps its prototype.
  }
}

/** A prototype whose every lookup faults at the freed object's address. */
function faultingPrototype(address: bigint): object {
  return new Proxy(Object.create(null) as object, {
    get() {
      throw new KernelFault("page", address, false);
    },
    set() {
      throw new KernelFault("page", address, true);
    },
    has() {
      throw new KernelFault("page", address, false);
    },
  });
}

export function isPoisoned(obj: object): boolean {
  return states.get(obj)?.freed ?? false;
}
