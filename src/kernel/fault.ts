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

const POISON = Symbol("vkern.poison");

interface PoisonState {
  address: bigint;
  freed: boolean;
}

/** Wraps an object in memory that faults on every access once freed. */
export function poisonable<T extends object>(obj: T, address: bigint): T {
  const state: PoisonState = { address, freed: false };
  return new Proxy(obj, {
    get(target, key, recv) {
      if (key === POISON) return state;
      if (state.freed) throw new KernelFault("page", state.address + offsetOf(target, key), false);
      return Reflect.get(target, key, recv);
    },
    set(target, key, value, recv) {
      if (state.freed) throw new KernelFault("page", state.address + offsetOf(target, key), true);
      return Reflect.set(target, key, value, recv);
    },
  });
}

/** A field's byte offset in the object, for a plausible faulting address. */
function offsetOf(target: object, key: string | symbol): bigint {
  const keys = Object.keys(target);
  const i = typeof key === "string" ? keys.indexOf(key) : -1;
  return BigInt(Math.max(0, i) * 8);
}

/** Frees memory made by poisonable(); later accesses fault. */
export function poison(obj: object): void {
  const st = (obj as Record<symbol, PoisonState | undefined>)[POISON];
  if (st) st.freed = true;
}

export function isPoisoned(obj: object): boolean {
  try {
    const st = (obj as Record<symbol, PoisonState | undefined>)[POISON];
    return st?.freed ?? false;
  } catch {
    return true;
  }
}
