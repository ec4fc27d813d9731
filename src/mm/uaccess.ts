/**
 * Kernel access to user memory (arch/x86/include/asm/uaccess.h, lib/usercopy.c,
 * lib/strncpy_from_user.c). The kernel reaches user memory only through these,
 * against the current task's address space, and they fail exactly where Linux's do.
 */

import { EFAULT } from "../include/uapi/errno.ts";
import { get_current } from "../kernel/context.ts";
import { TASK_SIZE } from "./mm.ts";

const enc = new TextEncoder();

export type UserPtr = number;

/** Mirrors access_ok(): the range lies below TASK_SIZE and does not wrap. */
export function access_ok(addr: UserPtr, size: number): boolean {
  if (!Number.isSafeInteger(addr) || addr < 0 || size < 0) return false;
  return size <= TASK_SIZE && addr <= TASK_SIZE - size;
}

function mm() {
  return get_current().mm;
}

function asBytes(from: Uint8Array | string): Uint8Array {
  return typeof from === "string" ? enc.encode(from) : from;
}

/** Mirrors copy_to_user(): returns the number of bytes that could NOT be copied. */
export function copy_to_user(to: UserPtr, from: Uint8Array | string, n: number): number {
  if (n === 0) return 0;
  if (!access_ok(to, n)) return n;
  const src = asBytes(from);
  const m = mm();
  if (!m) return n;
  return m.write(to, src, Math.min(n, src.length)) + Math.max(0, n - src.length);
}

/** Mirrors copy_from_user(): returns bytes not copied; the uncopied tail of `to` is zeroed. */
export function copy_from_user(to: Uint8Array, from: UserPtr, n: number): number {
  if (n === 0) return 0;
  const m = mm();
  if (!access_ok(from, n) || !m) {
    to.fill(0, 0, n);
    return n;
  }
  const left = m.read(from, to, n);
  if (left) to.fill(0, n - left, n);
  return left;
}

/** Mirrors clear_user(): zeroes user memory, returns the bytes not cleared. */
export function clear_user(to: UserPtr, n: number): number {
  if (!access_ok(to, n)) return n;
  const m = mm();
  return m ? m.write(to, new Uint8Array(n), n) : n;
}

/** Sizes of C types that get_user/put_user move. */
export type UserIntType =
  | "u8"
  | "s8"
  | "u16"
  | "s16"
  | "u32"
  | "s32"
  | "int"
  | "u64"
  | "s64"
  | "long"
  | "ulong";

function sizeOf(t: UserIntType): number {
  switch (t) {
    case "u8":
    case "s8":
      return 1;
    case "u16":
    case "s16":
      return 2;
    case "u32":
    case "s32":
    case "int":
      return 4;
    default:
      return 8;
  }
}

/**
 * One 8-byte buffer for put_user/get_user: the copies are synchronous, so it is never in use
 * twice, and it spares each call an ArrayBuffer (a DataView on a fresh small typed array
 * costs microseconds in V8; ioctls that return an int live on this path).
 */
const scratch = new Uint8Array(8);
const scratchView = new DataView(scratch.buffer);

/** Mirrors put_user(x, ptr): 0 or -EFAULT. The type stands in for C's sizeof(*ptr). */
export function put_user(x: number | bigint, ptr: UserPtr, type: UserIntType = "int"): number {
  const size = sizeOf(type);
  if (typeof x === "number" && Number.isSafeInteger(x) && size <= 4) {
    // ToUint32 and masks truncate an integer exactly as BigInt.asUintN would.
    if (size === 4) scratchView.setUint32(0, x >>> 0, true);
    else if (size === 2) scratchView.setUint16(0, x & 0xffff, true);
    else scratch[0] = x & 0xff;
  } else {
    switch (size) {
      case 1:
        scratchView.setUint8(0, Number(BigInt.asUintN(8, BigInt(x))));
        break;
      case 2:
        scratchView.setUint16(0, Number(BigInt.asUintN(16, BigInt(x))), true);
        break;
      case 4:
        scratchView.setUint32(0, Number(BigInt.asUintN(32, BigInt(x))), true);
        break;
      default:
        scratchView.setBigUint64(0, BigInt.asUintN(64, BigInt(x)), true);
    }
  }
  return copy_to_user(ptr, scratch, size) ? -EFAULT : 0;
}

/** `__put_user`: the same without access_ok in Linux; vkern keeps the check, as the fault would. */
export const __put_user = put_user;

/**
 * Mirrors get_user(x, ptr). C assigns through its first argument; here the value
 * comes back in the result: `{ err: 0, value }` or `{ err: -EFAULT, value: 0 }`.
 */
export function get_user(
  ptr: UserPtr,
  type: UserIntType = "int",
): { err: number; value: number | bigint } {
  const size = sizeOf(type);
  if (copy_from_user(scratch, ptr, size)) return { err: -EFAULT, value: 0 };
  const dv = scratchView;
  switch (type) {
    case "u8":
      return { err: 0, value: dv.getUint8(0) };
    case "s8":
      return { err: 0, value: dv.getInt8(0) };
    case "u16":
      return { err: 0, value: dv.getUint16(0, true) };
    case "s16":
      return { err: 0, value: dv.getInt16(0, true) };
    case "u32":
      return { err: 0, value: dv.getUint32(0, true) };
    case "s32":
    case "int":
      return { err: 0, value: dv.getInt32(0, true) };
    case "s64":
    case "long":
      return { err: 0, value: dv.getBigInt64(0, true) };
    default:
      return { err: 0, value: dv.getBigUint64(0, true) };
  }
}

export const __get_user = get_user;

/**
 * Mirrors strncpy_from_user(): copies a NUL-terminated string of at most `count`
 * bytes. Returns the string (without NUL) or -EFAULT; a string that fills `count`
 * without a NUL comes back with `truncated` so callers can give ENAMETOOLONG.
 */
export function strncpy_from_user(
  src: UserPtr,
  count: number,
): { err: number; bytes: Uint8Array; truncated: boolean } {
  const m = mm();
  if (!m || !Number.isSafeInteger(src) || src < 0 || src >= TASK_SIZE) {
    return { err: -EFAULT, bytes: new Uint8Array(0), truncated: false };
  }
  const parts: Uint8Array[] = [];
  let total = 0;
  let addr = src;
  // Walk region by region rather than byte by byte through the page table.
  while (total < count) {
    const v = m.find(addr);
    if (!v) return { err: -EFAULT, bytes: new Uint8Array(0), truncated: false };
    const off = addr - v.start;
    const avail = Math.min(v.end - addr, count - total);
    const slice = v.bytes.subarray(off, off + avail);
    const nul = slice.indexOf(0);
    if (nul >= 0) {
      if (!parts.length) return { err: 0, bytes: slice.slice(0, nul), truncated: false };
      parts.push(slice.subarray(0, nul));
      return { err: 0, bytes: concat(parts, total + nul), truncated: false };
    }
    parts.push(slice);
    total += avail;
    addr += avail;
  }
  return { err: 0, bytes: concat(parts, total), truncated: true };
}

function concat(parts: Uint8Array[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p.subarray(0, Math.min(p.length, n - o)), o);
    o += p.length;
  }
  return out;
}
