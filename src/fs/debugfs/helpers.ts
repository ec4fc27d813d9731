/**
 * debugfs's one-variable files (fs/debugfs/file.c of Linux 5.4): u8/u16/u32/u64,
 * x8..x64, size_t, ulong, atomic_t and bool.
 *
 * C passes the variable by address; vkern passes a KPtr (src/kernel/kptr.ts), e.g.
 * `debugfs_create_u32("level", 0644, dir, kptr(g, "debug_level"))`. 8-, 16- and 32-bit
 * variables and atomic_t are JavaScript numbers; u64, size_t and unsigned long are
 * bigints; bool is a boolean. Reads print "%llu\n" (decimal), "0x%0Nllx\n" (hex, N
 * digits) or "%lld\n" (atomic_t); writes take what simple_strtoll(base 0) reads (see
 * simple_attr.ts) and store it cut to the variable's width: 256 written to a u8 is 0.
 *
 * Each helper picks read-only fops when the mode has no write bit and write-only fops
 * when it has no read bit (debugfs_create_mode_unsafe()). Their missing method is what
 * answers root, whom the permission check lets open anything: simple_attr_write()
 * gives EACCES on a read-only number, a read-only bool has no write method (EINVAL).
 */

import { S_IRUGO, S_IWUGO } from "../../include/uapi/stat.ts";
import type { KPtr } from "../../kernel/kptr.ts";
import { kstrtobool } from "../../lib/kstrtox.ts";
import { copy_from_user, type UserPtr } from "../../mm/uaccess.ts";
import type { File, FileOperations, Loff } from "../fs.ts";
import { default_llseek, simple_open, simple_read_from_buffer } from "../libfs.ts";
import type { SimpleAttrGet, SimpleAttrSet } from "../simple_attr.ts";
import { debugfs_file_get, debugfs_file_put, debugfsAttributeFops } from "./file.ts";
import { type DebugfsDentry, debugfs_create_file_unsafe, debugfsBuiltinFops } from "./inode.ts";

/** A C integer of `bits` bits read from a JavaScript value, as unsigned. */
function asUint(v: unknown, bits: number): bigint {
  if (typeof v === "bigint") return BigInt.asUintN(bits, v);
  if (typeof v === "boolean") return v ? 1n : 0n;
  const n = Number(v);
  return Number.isFinite(n) ? BigInt.asUintN(bits, BigInt(Math.trunc(n))) : 0n;
}

function asInt32(v: unknown): number {
  return Number(BigInt.asIntN(32, asUint(v, 32)));
}

/** fops, fops_ro and fops_wo of one helper: DEFINE_DEBUGFS_ATTRIBUTE x 3 in C. */
interface FopsSet {
  rw: FileOperations;
  ro: FileOperations;
  wo: FileOperations;
}

function fopsSet(get: SimpleAttrGet, set: SimpleAttrSet, fmt: string): FopsSet {
  return {
    rw: debugfsBuiltinFops(debugfsAttributeFops(get, set, fmt, null)),
    ro: debugfsBuiltinFops(debugfsAttributeFops(get, null, fmt, null)),
    wo: debugfsBuiltinFops(debugfsAttributeFops(null, set, fmt, null)),
  };
}

/** Mirrors debugfs_create_mode_unsafe(): no write bits, read-only; no read bits, write-only. */
function debugfs_create_mode_unsafe(
  name: string,
  mode: number,
  parent: DebugfsDentry | null,
  value: unknown,
  fops: FopsSet,
): DebugfsDentry {
  /* if there are no write bits set, make read only */
  if (!(mode & S_IWUGO)) return debugfs_create_file_unsafe(name, mode, parent, value, fops.ro);
  /* if there are no read bits set, make write only */
  if (!(mode & S_IRUGO)) return debugfs_create_file_unsafe(name, mode, parent, value, fops.wo);
  return debugfs_create_file_unsafe(name, mode, parent, value, fops.rw);
}

// The getters and setters keep Linux's names: a fault on a freed variable is reported
// in them (RIP: 0010:debugfs_u32_get+...), as in Linux.

function debugfs_u8_set(data: unknown, val: bigint): number {
  (data as KPtr<number>).set(Number(BigInt.asUintN(8, val)));
  return 0;
}
function debugfs_u8_get(data: unknown, val: KPtr<bigint | number>): number {
  val.set(asUint((data as KPtr<number>).get(), 8));
  return 0;
}
function debugfs_u16_set(data: unknown, val: bigint): number {
  (data as KPtr<number>).set(Number(BigInt.asUintN(16, val)));
  return 0;
}
function debugfs_u16_get(data: unknown, val: KPtr<bigint | number>): number {
  val.set(asUint((data as KPtr<number>).get(), 16));
  return 0;
}
function debugfs_u32_set(data: unknown, val: bigint): number {
  (data as KPtr<number>).set(Number(BigInt.asUintN(32, val)));
  return 0;
}
function debugfs_u32_get(data: unknown, val: KPtr<bigint | number>): number {
  val.set(asUint((data as KPtr<number>).get(), 32));
  return 0;
}
function debugfs_u64_set(data: unknown, val: bigint): number {
  (data as KPtr<bigint>).set(BigInt.asUintN(64, val));
  return 0;
}
function debugfs_u64_get(data: unknown, val: KPtr<bigint | number>): number {
  val.set(asUint((data as KPtr<bigint>).get(), 64));
  return 0;
}
function debugfs_ulong_set(data: unknown, val: bigint): number {
  (data as KPtr<bigint>).set(BigInt.asUintN(64, val));
  return 0;
}
function debugfs_ulong_get(data: unknown, val: KPtr<bigint | number>): number {
  val.set(asUint((data as KPtr<bigint>).get(), 64));
  return 0;
}
function debugfs_size_t_set(data: unknown, val: bigint): number {
  (data as KPtr<bigint>).set(BigInt.asUintN(64, val));
  return 0;
}
function debugfs_size_t_get(data: unknown, val: KPtr<bigint | number>): number {
  val.set(asUint((data as KPtr<bigint>).get(), 64));
  return 0;
}
function debugfs_atomic_t_set(data: unknown, val: bigint): number {
  (data as KPtr<number>).set(Number(BigInt.asIntN(32, val))); // atomic_set()
  return 0;
}
function debugfs_atomic_t_get(data: unknown, val: KPtr<bigint | number>): number {
  val.set(BigInt(asInt32((data as KPtr<number>).get()))); // atomic_read(), sign-extended
  return 0;
}

const fops_u8 = fopsSet(debugfs_u8_get, debugfs_u8_set, "%llu\n");
const fops_u16 = fopsSet(debugfs_u16_get, debugfs_u16_set, "%llu\n");
const fops_u32 = fopsSet(debugfs_u32_get, debugfs_u32_set, "%llu\n");
const fops_u64 = fopsSet(debugfs_u64_get, debugfs_u64_set, "%llu\n");
const fops_ulong = fopsSet(debugfs_ulong_get, debugfs_ulong_set, "%llu\n");
const fops_x8 = fopsSet(debugfs_u8_get, debugfs_u8_set, "0x%02llx\n");
const fops_x16 = fopsSet(debugfs_u16_get, debugfs_u16_set, "0x%04llx\n");
const fops_x32 = fopsSet(debugfs_u32_get, debugfs_u32_set, "0x%08llx\n");
const fops_x64 = fopsSet(debugfs_u64_get, debugfs_u64_set, "0x%016llx\n");
/* %llu and %zu are more or less the same */
const fops_size_t = fopsSet(debugfs_size_t_get, debugfs_size_t_set, "%llu\n");
const fops_atomic_t = fopsSet(debugfs_atomic_t_get, debugfs_atomic_t_set, "%lld\n");

type Parent = DebugfsDentry | null;

/** Mirrors debugfs_create_u8(): "%llu\n". */
export function debugfs_create_u8(name: string, mode: number, parent: Parent, value: KPtr<number>) {
  return debugfs_create_mode_unsafe(name, mode, parent, value, fops_u8);
}
/** Mirrors debugfs_create_u16(): "%llu\n". */
export function debugfs_create_u16(
  name: string,
  mode: number,
  parent: Parent,
  value: KPtr<number>,
) {
  return debugfs_create_mode_unsafe(name, mode, parent, value, fops_u16);
}
/** Mirrors debugfs_create_u32(): "%llu\n". */
export function debugfs_create_u32(
  name: string,
  mode: number,
  parent: Parent,
  value: KPtr<number>,
) {
  return debugfs_create_mode_unsafe(name, mode, parent, value, fops_u32);
}
/** Mirrors debugfs_create_u64(): "%llu\n", the variable a bigint. */
export function debugfs_create_u64(
  name: string,
  mode: number,
  parent: Parent,
  value: KPtr<bigint>,
) {
  return debugfs_create_mode_unsafe(name, mode, parent, value, fops_u64);
}
/** Mirrors debugfs_create_ulong(): "%llu\n" (unsigned long is 64 bits: a bigint). */
export function debugfs_create_ulong(
  name: string,
  mode: number,
  parent: Parent,
  value: KPtr<bigint>,
) {
  return debugfs_create_mode_unsafe(name, mode, parent, value, fops_ulong);
}
/** Mirrors debugfs_create_x8(): "0x%02llx\n". */
export function debugfs_create_x8(name: string, mode: number, parent: Parent, value: KPtr<number>) {
  return debugfs_create_mode_unsafe(name, mode, parent, value, fops_x8);
}
/** Mirrors debugfs_create_x16(): "0x%04llx\n". */
export function debugfs_create_x16(
  name: string,
  mode: number,
  parent: Parent,
  value: KPtr<number>,
) {
  return debugfs_create_mode_unsafe(name, mode, parent, value, fops_x16);
}
/** Mirrors debugfs_create_x32(): "0x%08llx\n". */
export function debugfs_create_x32(
  name: string,
  mode: number,
  parent: Parent,
  value: KPtr<number>,
) {
  return debugfs_create_mode_unsafe(name, mode, parent, value, fops_x32);
}
/** Mirrors debugfs_create_x64(): "0x%016llx\n", the variable a bigint. */
export function debugfs_create_x64(
  name: string,
  mode: number,
  parent: Parent,
  value: KPtr<bigint>,
) {
  return debugfs_create_mode_unsafe(name, mode, parent, value, fops_x64);
}
/** Mirrors debugfs_create_xul() (5.5+): x64 on x86_64. */
export function debugfs_create_xul(
  name: string,
  mode: number,
  parent: Parent,
  value: KPtr<bigint>,
) {
  return debugfs_create_x64(name, mode, parent, value);
}
/** Mirrors debugfs_create_size_t(): "%llu\n", the variable a bigint. */
export function debugfs_create_size_t(
  name: string,
  mode: number,
  parent: Parent,
  value: KPtr<bigint>,
) {
  return debugfs_create_mode_unsafe(name, mode, parent, value, fops_size_t);
}
/** Mirrors debugfs_create_atomic_t(): "%lld\n" (signed), the counter a number. */
export function debugfs_create_atomic_t(
  name: string,
  mode: number,
  parent: Parent,
  value: KPtr<number>,
) {
  return debugfs_create_mode_unsafe(name, mode, parent, value, fops_atomic_t);
}

/**
 * Mirrors kstrtobool_from_user() with 5.4's kstrtobool(): at most 3 bytes are looked at;
 * true for [Yy1] or "on", false for [Nn0] or "off" (the t/f and e/d spellings that
 * src/lib/kstrtox.ts accepts came with later kernels, so they are refused here).
 */
function kstrtobool_from_user(s: UserPtr, count: number): { err: number; value?: boolean } {
  /* Longest string needed to differentiate, newline, terminator */
  const buf = new Uint8Array(4);
  count = Math.min(count, buf.length - 1);
  if (copy_from_user(buf, s, count)) return { err: -14 }; // -EFAULT
  buf[count] = 0;
  if ("tTfFeEdD".includes(String.fromCharCode(buf[0]))) return { err: -22 };
  return kstrtobool(buf.subarray(0, count + 1));
}

/** Mirrors debugfs_read_file_bool(): "Y\n" or "N\n". */
export function debugfs_read_file_bool(
  file: File,
  user_buf: UserPtr,
  count: number,
  ppos: Loff,
): number {
  const dentry = file.f_path.dentry;
  const r = debugfs_file_get(dentry);
  if (r) return r;
  let val: boolean;
  try {
    val = !!(file.private_data as KPtr<boolean>).get();
  } finally {
    debugfs_file_put(dentry);
  }
  const buf = val ? "Y\n" : "N\n";
  return simple_read_from_buffer(user_buf, count, ppos, buf, 2);
}

/**
 * Mirrors debugfs_write_file_bool(): sets the bool from kstrtobool_from_user(); input it
 * does not understand (or a bad buffer) is ignored, and the whole count is consumed.
 */
export function debugfs_write_file_bool(
  file: File,
  user_buf: UserPtr,
  count: number,
  _ppos: Loff,
): number {
  const val = file.private_data as KPtr<boolean>;
  const dentry = file.f_path.dentry;
  const bv = kstrtobool_from_user(user_buf, count);
  if (!bv.err) {
    const r = debugfs_file_get(dentry);
    if (r) return r;
    try {
      val.set(bv.value!);
    } finally {
      debugfs_file_put(dentry);
    }
  }
  return count;
}

const fops_bool: FopsSet = {
  rw: debugfsBuiltinFops({
    read: debugfs_read_file_bool,
    write: debugfs_write_file_bool,
    open: simple_open,
    llseek: default_llseek,
  }),
  ro: debugfsBuiltinFops({
    read: debugfs_read_file_bool,
    open: simple_open,
    llseek: default_llseek,
  }),
  wo: debugfsBuiltinFops({
    write: debugfs_write_file_bool,
    open: simple_open,
    llseek: default_llseek,
  }),
};

/** Mirrors debugfs_create_bool(): "Y\n"/"N\n"; writes take y/n/1/0/on/off. */
export function debugfs_create_bool(
  name: string,
  mode: number,
  parent: Parent,
  value: KPtr<boolean>,
) {
  return debugfs_create_mode_unsafe(name, mode, parent, value, fops_bool);
}
