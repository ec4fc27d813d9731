/**
 * The kernel's view of physical memory on x86_64 (arch/x86/include/asm/page_64.h,
 * arch/x86/mm/physaddr.c): RAM is options.ramBytes from physical address 0, mapped
 * one-to-one ("direct-mapped", the lowmem of the book's Ch 7) at PAGE_OFFSET, and the
 * kernel image is mapped at __START_KERNEL_map. vkern holds no real page frames; these
 * are the address translations and validity checks, so drivers can translate and
 * validate addresses as on the book's 2 GB VM.
 */
import { this_kernel } from "../kernel/context.ts";
import { PAGE_SHIFT } from "./mm.ts";

/** arch/x86/include/asm/page_64_types.h: where the kernel image is mapped. */
export const __START_KERNEL_map = 0xffffffff80000000n;
/** KERNEL_IMAGE_SIZE with KASLR configured (1 GiB). */
export const KERNEL_IMAGE_SIZE = 0x40000000n;
/** phys_base: the kernel was not relocated (loaded where it was linked, at 16 MiB). */
const PHYS_BASE = 0n;
/** __PHYSICAL_MASK_SHIFT with 4-level paging: 46-bit physical addresses. */
const PHYSICAL_MASK = (1n << 46n) - 1n;

/** An address as C's unsigned long: numbers and bigints, wrapped to 64 bits. */
export function toUlong(x: number | bigint): bigint {
  return BigInt.asUintN(64, typeof x === "bigint" ? x : BigInt(Math.trunc(x)));
}

function pageOffset(): bigint {
  return this_kernel().options.pageOffset;
}

function ramBytes(): bigint {
  return BigInt(this_kernel().options.ramBytes);
}

/** max_pfn: the page frame number just past the end of RAM. */
export function max_pfn(): bigint {
  return ramBytes() >> BigInt(PAGE_SHIFT);
}

/** Mirrors pfn_valid(): the frame is in RAM. */
export function pfn_valid(pfn: number | bigint): boolean {
  const p = toUlong(pfn);
  return p < max_pfn();
}

/**
 * Mirrors arch/x86/mm/physaddr.c:__phys_addr() without CONFIG_DEBUG_VIRTUAL: a kernel
 * image address maps through __START_KERNEL_map, anything else is taken as a direct-map
 * address (garbage in, garbage out, as in C).
 */
export function __pa(kva: number | bigint): bigint {
  const x = toUlong(kva);
  const y = BigInt.asUintN(64, x - __START_KERNEL_map);
  // x > y: the subtraction did not wrap, so x was >= __START_KERNEL_map (the kernel image).
  if (x > y) return y + PHYS_BASE;
  return BigInt.asUintN(64, x - pageOffset());
}

/** Mirrors __va(): a physical address's direct-map virtual address. */
export function __va(pa: number | bigint): bigint {
  return BigInt.asUintN(64, toUlong(pa) + pageOffset());
}

/** Mirrors virt_to_phys() (asm/io.h), which is __pa() on x86. */
export function virt_to_phys(kva: number | bigint): bigint {
  return __pa(kva);
}

/** Mirrors phys_to_virt() (asm/io.h), which is __va() on x86. */
export function phys_to_virt(pa: number | bigint): bigint {
  return __va(pa);
}

/** Mirrors arch/x86/mm/physaddr.c:__virt_addr_valid(): a kernel image or direct-map address of RAM. */
export function virt_addr_valid(kva: number | bigint): boolean {
  let x = toUlong(kva);
  const y = BigInt.asUintN(64, x - __START_KERNEL_map);
  if (x > y) {
    x = y + PHYS_BASE;
    if (y >= KERNEL_IMAGE_SIZE) return false;
  } else {
    x = BigInt.asUintN(64, y + (__START_KERNEL_map - pageOffset()));
    // x > y: the addition did not carry, which happens only for kva below PAGE_OFFSET.
    if (x > y || x > PHYSICAL_MASK) return false;
  }
  return pfn_valid(x >> BigInt(PAGE_SHIFT));
}

/** high_memory: the virtual address just past the direct map of RAM. */
export function high_memory(): bigint {
  return __va(ramBytes());
}

/** Mirrors virt_to_pfn() / PHYS_PFN(__pa(kva)). */
export function virt_to_pfn(kva: number | bigint): bigint {
  return __pa(kva) >> BigInt(PAGE_SHIFT);
}
