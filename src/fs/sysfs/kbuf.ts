/**
 * Formatting into kernel buffers (lib/vsprintf.c's snprintf family, fs/sysfs/file.c's
 * sysfs_emit): a `char *buf` is a Uint8Array view, `buf + n` is `buf.subarray(n)`.
 * Writes never run past the view: where C would scribble over the memory after the
 * buffer, vkern keeps what fits and still returns the length C returns.
 */

import { format, type PrintfArg } from "../../lib/vsprintf.ts";
import { PAGE_SIZE } from "../../mm/mm.ts";
import { WARN } from "./warn.ts";

const enc = new TextEncoder();

/** The bytes of kernel-formatted text (ASCII fast path, UTF-8 otherwise, as seq_puts()). */
export function textBytes(s: string): Uint8Array {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7f) return enc.encode(s);
  }
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

/** Copies up to `room` bytes of `bytes` into buf and NUL-terminates when there is space. */
function put(buf: Uint8Array, bytes: Uint8Array, room: number): number {
  const limit = Math.max(0, Math.min(room, buf.length));
  if (limit === 0) return 0;
  const n = Math.min(bytes.length, limit - 1);
  buf.set(bytes.subarray(0, n), 0);
  buf[n] = 0;
  return n;
}

/**
 * put() of a string's bytes without building them first: ASCII text (what kernel code
 * formats, nearly always) is stored char by char; returns the bytes written, or -1 when
 * the text is not ASCII (the caller then takes the UTF-8 path).
 */
function putAscii(buf: Uint8Array, s: string, room: number): number {
  const limit = Math.min(room, buf.length);
  if (limit <= 0) {
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return -1;
    return 0;
  }
  const n = Math.min(s.length, limit - 1);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) return -1;
    buf[i] = c;
  }
  for (let i = n; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return -1;
  buf[n] = 0;
  return n;
}

const KERNEL = { kernel: true } as const;

/** Mirrors snprintf(): writes at most size-1 bytes and a NUL; returns the full length. */
export function snprintf(buf: Uint8Array, size: number, fmt: string, ...args: PrintfArg[]): number {
  const s = format(fmt, args, KERNEL);
  if (putAscii(buf, s, size) >= 0) return s.length;
  const bytes = textBytes(s);
  put(buf, bytes, size);
  return bytes.length;
}

/** Mirrors scnprintf(): like snprintf() but returns what was written (0 for size 0). */
export function scnprintf(
  buf: Uint8Array,
  size: number,
  fmt: string,
  ...args: PrintfArg[]
): number {
  return vscnprintf(buf, size, fmt, args);
}

/** Mirrors vscnprintf(): scnprintf() with the arguments as one list. */
function vscnprintf(buf: Uint8Array, size: number, fmt: string, args: PrintfArg[]): number {
  const s = format(fmt, args, KERNEL);
  const n = putAscii(buf, s, size);
  return n >= 0 ? n : put(buf, textBytes(s), size);
}

/** Mirrors sprintf(): unbounded in C; here bounded by the view, returning the C length. */
export function sprintf(buf: Uint8Array, fmt: string, ...args: PrintfArg[]): number {
  const s = format(fmt, args, KERNEL);
  if (putAscii(buf, s, s.length + 1) >= 0) return s.length;
  const bytes = textBytes(s);
  put(buf, bytes, bytes.length + 1);
  return bytes.length;
}

// Where the WARNs sit in fs/sysfs/file.c (v5.10-v5.15, where sysfs_emit() appeared).
const EMIT_SITE = { file: "fs/sysfs/file.c", line: 737, func: "sysfs_emit" };
const EMIT_AT_SITE = { file: "fs/sysfs/file.c", line: 765, func: "sysfs_emit_at" };

/** A stable kernel address for a buffer view (printed hashed, as %p does). */
function addr(buf: Uint8Array | null): bigint {
  return buf ? 0xffff88807a000000n + BigInt(buf.byteOffset) : 0n;
}

/** offset_in_page() of a view: where it starts inside its page. */
function offset_in_page(buf: Uint8Array): number {
  return buf.byteOffset % PAGE_SIZE;
}

/**
 * Mirrors sysfs_emit() (Linux 5.10+, offered to 5.4-era code too): formats into the
 * show() buffer, which must be the page show() was given; returns bytes written.
 */
export function sysfs_emit(buf: Uint8Array, fmt: string, ...args: PrintfArg[]): number {
  if (WARN(!buf || offset_in_page(buf) !== 0, EMIT_SITE, "invalid sysfs_emit: buf:%p\n", addr(buf)))
    return 0;
  return vscnprintf(buf, PAGE_SIZE, fmt, args);
}

/** Mirrors sysfs_emit_at(): appends at offset `at` of the show() page. */
export function sysfs_emit_at(
  buf: Uint8Array,
  at: number,
  fmt: string,
  ...args: PrintfArg[]
): number {
  if (
    WARN(
      !buf || offset_in_page(buf) !== 0 || at < 0 || at >= PAGE_SIZE,
      EMIT_AT_SITE,
      "invalid sysfs_emit_at: buf:%p at:%d\n",
      addr(buf),
      at,
    )
  )
    return 0;
  return vscnprintf(buf.subarray(at), PAGE_SIZE - at, fmt, args);
}

/** A C string out of a kernel buffer: the bytes up to the first NUL (or `max`). */
export function cstr(buf: Uint8Array, max = buf.length): string {
  let s = "";
  const n = Math.min(max, buf.length);
  for (let i = 0; i < n; i++) {
    const c = buf[i];
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

/** Mirrors sysfs_streq(): equal, ignoring one trailing newline on either side. */
export function sysfs_streq(s1: string, s2: string): boolean {
  const a = s1.endsWith("\n") ? s1.slice(0, -1) : s1;
  const b = s2.endsWith("\n") ? s2.slice(0, -1) : s2;
  return a === b;
}
