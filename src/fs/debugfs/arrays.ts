/**
 * debugfs files over memory rather than one variable (fs/debugfs/file.c of Linux 5.4):
 * a binary blob, an array of u32 and a set of 32-bit registers. All are read-only.
 */

import type { UserPtr } from "../../mm/uaccess.ts";
import type { File, FileOperations, Inode, Loff } from "../fs.ts";
import { default_llseek, no_llseek, simple_open, simple_read_from_buffer } from "../libfs.ts";
import {
  type SeqFile,
  seq_has_overflowed,
  seq_lseek,
  seq_printf,
  seq_read,
  single_open,
  single_release,
} from "../seq_file.ts";
import { nonseekable_open } from "../simple_attr.ts";
import { debugfs_file_get, debugfs_file_put } from "./file.ts";
import {
  type DebugfsDentry,
  debugfs_create_file,
  debugfs_create_file_unsafe,
  debugfsBuiltinFops,
} from "./inode.ts";

type Parent = DebugfsDentry | null;

/** struct debugfs_blob_wrapper: `size` bytes of `data` (a string is taken byte per char). */
export interface debugfs_blob_wrapper {
  data: Uint8Array | string;
  size: number;
}

function blobBytes(data: Uint8Array | string): Uint8Array {
  if (typeof data !== "string") return data;
  const b = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) b[i] = data.charCodeAt(i) & 0xff;
  return b;
}

/** Mirrors read_file_blob(): the blob's bytes from the file position. */
function read_file_blob(file: File, user_buf: UserPtr, count: number, ppos: Loff): number {
  const blob = file.private_data as debugfs_blob_wrapper;
  const dentry = file.f_path.dentry;
  const r = debugfs_file_get(dentry);
  if (r) return r;
  try {
    const bytes = blobBytes(blob.data);
    return simple_read_from_buffer(user_buf, count, ppos, bytes, Math.min(blob.size, bytes.length));
  } finally {
    debugfs_file_put(dentry);
  }
}

const fops_blob = debugfsBuiltinFops({
  read: read_file_blob,
  open: simple_open,
  llseek: default_llseek,
});

/** Mirrors debugfs_create_blob(): reads give the bytes; there is no write method. */
export function debugfs_create_blob(
  name: string,
  mode: number,
  parent: Parent,
  blob: debugfs_blob_wrapper,
): DebugfsDentry {
  return debugfs_create_file_unsafe(name, mode, parent, blob, fops_blob);
}

/** struct debugfs_u32_array (5.8+): the array and its length. */
export interface debugfs_u32_array {
  array: ArrayLike<number>;
  n_elements: number;
}

/**
 * Mirrors u32_format_array(): "%u" with ' ' between and '\n' after the last, written by
 * snprintf into exactly 11 bytes per element. The terminating NUL counts against that
 * room, so when every element has 10 digits the last '\n' is cut off, as in Linux.
 */
function u32_format_array(array: ArrayLike<number>, array_size: number): string {
  let bufsize = array_size * 11;
  let out = "";
  let i = 0;
  while (--array_size >= 0) {
    const term = array_size ? " " : "\n";
    const s = `${(array[i++] ?? 0) >>> 0}${term}`;
    // snprintf(buf, bufsize, ...): at most bufsize - 1 characters, returns the full length.
    if (bufsize > 0) out += s.slice(0, bufsize - 1);
    bufsize -= s.length;
  }
  return out;
}

/** Mirrors u32_array_open(): the text is made once per open. */
function u32_array_open(inode: Inode, file: File): number {
  const data = inode.i_private as debugfs_u32_array;
  const text = u32_format_array(data.array, data.n_elements);
  file.private_data = text;
  return nonseekable_open(inode, file);
}

function u32_array_read(file: File, buf: UserPtr, len: number, ppos: Loff): number {
  const text = file.private_data as string;
  return simple_read_from_buffer(buf, len, ppos, text, text.length);
}

function u32_array_release(_inode: Inode, file: File): number {
  file.private_data = null; // kfree()
  return 0;
}

const u32_array_fops: FileOperations = debugfsBuiltinFops({
  owner: null,
  open: u32_array_open,
  release: u32_array_release,
  read: u32_array_read,
  llseek: no_llseek,
});

/**
 * Mirrors debugfs_create_u32_array(): the 5.4 form (array, elements) or the 5.8+ form
 * (a struct debugfs_u32_array). Reads show the values as "1 2 3\n"; not seekable.
 */
export function debugfs_create_u32_array(
  name: string,
  mode: number,
  parent: Parent,
  array: ArrayLike<number> | debugfs_u32_array,
  elements?: number,
): void {
  const data: debugfs_u32_array =
    elements === undefined && "n_elements" in array
      ? (array as debugfs_u32_array)
      : { array: array as ArrayLike<number>, n_elements: elements ?? 0 };
  debugfs_create_file_unsafe(name, mode, parent, data, u32_array_fops);
}

/** struct debugfs_reg32 */
export interface debugfs_reg32 {
  name: string;
  offset: number;
}

/**
 * `void __iomem *base` of a register block: a view of the device's registers
 * (little-endian, as readl() reads them on x86), or a function returning readl(base+off).
 */
export type IoMem = ArrayBufferView | ((offset: number) => number);

/** struct debugfs_regset32 */
export interface debugfs_regset32 {
  regs: readonly debugfs_reg32[];
  nregs: number;
  base: IoMem;
  dev?: unknown;
}

/** readl(base + offset) */
function readl(base: IoMem, offset: number): number {
  if (typeof base === "function") return base(offset) >>> 0;
  return new DataView(base.buffer, base.byteOffset, base.byteLength).getUint32(offset, true);
}

/** Mirrors debugfs_print_regs32(): "<prefix><name> = 0x%08x\n" per register. */
export function debugfs_print_regs32(
  s: SeqFile,
  regs: readonly debugfs_reg32[],
  nregs: number,
  base: IoMem,
  prefix: string | null,
): void {
  for (let i = 0; i < nregs; i++) {
    const reg = regs[i];
    if (prefix) seq_printf(s, "%s", prefix);
    seq_printf(s, "%s = 0x%08x\n", reg.name, readl(base, reg.offset));
    if (seq_has_overflowed(s)) break;
  }
}

function debugfs_show_regset32(s: SeqFile): number {
  const regset = s.private as debugfs_regset32;
  debugfs_print_regs32(s, regset.regs, regset.nregs, regset.base, "");
  return 0;
}

function debugfs_open_regset32(inode: Inode, file: File): number {
  return single_open(file, debugfs_show_regset32, inode.i_private);
}

const fops_regset32 = debugfsBuiltinFops({
  open: debugfs_open_regset32,
  read: seq_read,
  llseek: seq_lseek,
  release: single_release,
});

/** Mirrors debugfs_create_regset32(): a seq_file listing the registers. */
export function debugfs_create_regset32(
  name: string,
  mode: number,
  parent: Parent,
  regset: debugfs_regset32,
): DebugfsDentry {
  return debugfs_create_file(name, mode, parent, regset, fops_regset32);
}
