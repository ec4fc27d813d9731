/**
 * Simple attribute files (fs/libfs.c of Linux 5.4: simple_attr_open/read/write/release,
 * include/linux/fs.h: DEFINE_SIMPLE_ATTRIBUTE): a file that shows one u64 through a
 * printf format and sets it from a number written to it.
 *
 * Version notes (user-visible):
 * - 5.4.0 parses a write with simple_strtoll(buf, NULL, 0): no error for junk, so "abc"
 *   sets 0, "-1" sets 0xffffffffffffffff (then cut to the variable's width) and an
 *   overflowing number wraps. Commit 488dac0c9237 ("libfs: fix error cast of negative
 *   value in simple_attr_write()", November 2020, also backported to the stable series)
 *   made it kstrtoull(buf, 0, &val), so 6.1 fails those writes with EINVAL/ERANGE.
 *   vkern follows 5.4.0, the book's kernel.
 * - Both versions copy at most 23 bytes (set_buf is 24) and, on success, claim the whole
 *   count was written.
 * - A file opened here is not seekable (nonseekable_open()): lseek() and pread() fail
 *   with ESPIPE whatever the llseek method says.
 */

import { EACCES, EFAULT } from "../include/uapi/errno.ts";
import { cpu } from "../kernel/context.ts";
import { type KPtr, kvar } from "../kernel/kptr.ts";
import { simple_strtoll } from "../lib/kstrtox.ts";
import { format, type PrintfArg } from "../lib/vsprintf.ts";
import { copy_from_user, type UserPtr } from "../mm/uaccess.ts";
import {
  type File,
  type FileOperations,
  FMODE_LSEEK,
  FMODE_PREAD,
  FMODE_PWRITE,
  type Inode,
  type Loff,
} from "./fs.ts";
import { generic_file_llseek, simple_read_from_buffer } from "./libfs.ts";

/** The getter of a simple attribute: `*val = ...; return 0;` (or a negative errno). */
export type SimpleAttrGet = (data: unknown, val: KPtr<bigint | number>) => number;
/** The setter of a simple attribute: gets the parsed u64; returns 0 or a negative errno. */
export type SimpleAttrSet = (data: unknown, val: bigint) => number;

/** sizeof(attr->get_buf) and sizeof(attr->set_buf) in fs/libfs.c. */
const ATTR_BUF = 24;

/** struct simple_attr */
export interface SimpleAttr {
  get: SimpleAttrGet | null;
  set: SimpleAttrSet | null;
  /** Text of the last read from offset 0 (continued reads come from here). */
  get_buf: Uint8Array;
  get_len: number;
  data: unknown;
  fmt: string;
}

/** Mirrors fs/open.c:nonseekable_open(): no lseek, pread or pwrite on this file. */
export function nonseekable_open(_inode: Inode, filp: File): number {
  filp.f_mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE);
  return 0;
}

/**
 * Mirrors fs/libfs.c:simple_attr_open(): remembers get/set/fmt and the inode's private
 * data (the variable behind the file) in file->private_data.
 */
export function simple_attr_open(
  inode: Inode,
  file: File,
  get: SimpleAttrGet | null,
  set: SimpleAttrSet | null,
  fmt: string,
): number {
  const attr: SimpleAttr = {
    get,
    set,
    get_buf: new Uint8Array(ATTR_BUF),
    get_len: 0,
    data: inode.i_private,
    fmt,
  };
  file.private_data = attr;
  return nonseekable_open(inode, file);
}

/** Mirrors fs/libfs.c:simple_attr_release(): frees the simple_attr. */
export function simple_attr_release(_inode: Inode, file: File): number {
  file.private_data = null;
  return 0;
}

/** scnprintf(buf, 24, fmt, (unsigned long long)val): at most 23 characters. */
function formatAttr(attr: SimpleAttr, val: PrintfArg): void {
  const text = format(attr.fmt, [val], { kernel: true }).slice(0, ATTR_BUF - 1);
  for (let i = 0; i < text.length; i++) attr.get_buf[i] = text.charCodeAt(i) & 0xff;
  attr.get_len = text.length;
}

/**
 * Mirrors fs/libfs.c:simple_attr_read(): a read from offset 0 calls get() and formats the
 * value; a read further on continues the text formatted then. EACCES without a getter.
 */
export function simple_attr_read(file: File, buf: UserPtr, len: number, ppos: Loff): number {
  const attr = file.private_data as SimpleAttr;
  if (!attr.get) return -EACCES;
  let size: number;
  if (ppos.value) {
    /* continued read */
    size = attr.get_len;
  } else {
    /* first read */
    const val = kvar<bigint | number>(0n);
    const ret = attr.get(attr.data, val);
    if (ret) return ret;
    formatAttr(attr, BigInt.asUintN(64, BigInt(val.get())));
    size = attr.get_len;
  }
  return simple_read_from_buffer(buf, len, ppos, attr.get_buf, size);
}

/**
 * Mirrors fs/libfs.c:simple_attr_write() of 5.4: the first 23 bytes are parsed with
 * simple_strtoll(base 0) and handed to set(); on success the whole count is consumed.
 * EACCES without a setter, EFAULT for a bad buffer.
 */
export function simple_attr_write(file: File, buf: UserPtr, len: number, _ppos: Loff): number {
  const attr = file.private_data as SimpleAttr;
  if (!attr.set) return -EACCES;
  const size = Math.min(ATTR_BUF - 1, len);
  const set_buf = new Uint8Array(ATTR_BUF);
  if (copy_from_user(set_buf, buf, size)) return -EFAULT;
  set_buf[size] = 0;
  const val = BigInt.asUintN(64, simple_strtoll(set_buf.subarray(0, size + 1), 0).value);
  let ret = attr.set(attr.data, val);
  if (ret === 0) ret = len; /* on success, claim we got the whole input */
  return ret;
}

/**
 * DEFINE_SIMPLE_ATTRIBUTE(__fops, __get, __set, __fmt) of include/linux/fs.h: C defines a
 * variable, here it is `const __fops = DEFINE_SIMPLE_ATTRIBUTE(get, set, fmt)`. The owner
 * is THIS_MODULE of the code that defines it.
 */
export function DEFINE_SIMPLE_ATTRIBUTE(
  get: SimpleAttrGet | null,
  set: SimpleAttrSet | null,
  fmt: string,
): FileOperations {
  return {
    owner: cpu.module,
    open(inode: Inode, file: File): number {
      return simple_attr_open(inode, file, get, set, fmt);
    },
    release: simple_attr_release,
    read: simple_attr_read,
    write: simple_attr_write,
    llseek: generic_file_llseek,
  };
}
