/**
 * kmalloc/kzalloc/kfree (mm/slab.c) for objects: driver state is a JavaScript
 * object, and freeing it makes every later access fault (use-after-free).
 */
import { this_kernel } from "./context.ts";
import { poison, poisonable } from "./fault.ts";
import { defineKernelLocal } from "./kernel.ts";

const heap = defineKernelLocal(() => ({ next: 0xffff888003a00000n }));

/** Mirrors kzalloc(): the object as given (its fields are the "zeroed" initial values). */
export function kzalloc<T extends object>(obj: T, _gfp = 0): T {
  const h = heap.get(this_kernel());
  const addr = h.next;
  h.next += 0x100n;
  return poisonable(obj, addr);
}
export const kmalloc = kzalloc;
export const devm_kzalloc = <T extends object>(_dev: unknown, obj: T, gfp = 0) => kzalloc(obj, gfp);

/** Mirrors kfree(): the memory is gone; touching it again faults. */
export function kfree(obj: object | null | undefined): void {
  if (obj) poison(obj);
}
export const kvfree = kfree;

export const GFP_KERNEL = 0xcc0;
export const GFP_ATOMIC = 0xa20;
