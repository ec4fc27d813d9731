/**
 * seq_file (fs/seq_file.c of Linux 5.4): record-oriented output for virtual
 * files. A read returns whole records up to the caller's count; a record that
 * overflows the buffer is re-shown with a doubled buffer; a read at a position
 * other than where the last one stopped re-walks the records (traverse()).
 */
import { EFAULT, EINVAL, ENOMEM } from "../include/uapi/errno.ts";
import { SEEK_CUR, SEEK_SET } from "../include/uapi/fcntl.ts";
import { format, type PrintfArg } from "../lib/vsprintf.ts";
import { PAGE_SIZE } from "../mm/mm.ts";
import { copy_to_user, type UserPtr } from "../mm/uaccess.ts";
import { type File, FMODE_PWRITE, type Inode, type Loff } from "./fs.ts";

/** ERR_PTR(): an iterator's error, distinct from any record pointer. */
export class ErrPtr {
  constructor(readonly err: number) {}
}
export function ERR_PTR(err: number): ErrPtr {
  return new ErrPtr(err);
}
export function IS_ERR(p: unknown): p is ErrPtr {
  return p instanceof ErrPtr;
}
export function PTR_ERR(p: unknown): number {
  return p instanceof ErrPtr ? p.err : 0;
}

/** An iterator position; null (or undefined) ends the sequence, like a NULL pointer. */
export type SeqPtr = unknown;

/** struct seq_operations */
export interface SeqOperations {
  start(m: SeqFile, pos: Loff): SeqPtr;
  stop(m: SeqFile, v: SeqPtr): void;
  next(m: SeqFile, v: SeqPtr, pos: Loff): SeqPtr;
  show(m: SeqFile, v: SeqPtr): number | undefined | void;
}

/** struct seq_file */
export class SeqFile {
  buf: Uint8Array | null = null;
  size = 0;
  from = 0;
  count = 0;
  pad_until = 0;
  index = 0;
  read_pos = 0;
  private: unknown = null;
  file: File;
  /** The iterator position passed to start/next (`&m->index`), kept to avoid allocating. */
  readonly idx: Loff = { value: 0 };

  constructor(
    readonly op: SeqOperations,
    file: File,
  ) {
    this.file = file;
  }
}

/**
 * Page-sized seq_file buffers are recycled: opening a proc file is frequent, and a fresh
 * zeroed 4 KiB array per open dominated its cost. A buffer only ever exposes the bytes
 * written into it (m->count), so reuse leaks nothing.
 */
const pagePool: Uint8Array[] = [];

function seq_buf_alloc(size: number): Uint8Array | null {
  if (size === PAGE_SIZE) return pagePool.pop() ?? new Uint8Array(PAGE_SIZE);
  // A runaway show() could double forever; stop where kvmalloc would fail.
  return size > 1 << 28 ? null : new Uint8Array(size);
}

function seq_buf_free(buf: Uint8Array | null): void {
  if (buf && buf.length === PAGE_SIZE && pagePool.length < 64) pagePool.push(buf);
}

function isNull(p: SeqPtr): boolean {
  return p === null || p === undefined;
}

/** Mirrors seq_open(): file->private_data = seq_file; pwrite is not meaningful. */
export function seq_open(file: File, op: SeqOperations): number {
  const m = new SeqFile(op, file);
  file.private_data = m;
  file.f_mode &= ~FMODE_PWRITE;
  return 0;
}

/** Mirrors seq_has_overflowed(). */
export function seq_has_overflowed(m: SeqFile): boolean {
  return m.count === m.size;
}

function seq_set_overflow(m: SeqFile): void {
  m.count = m.size;
}

/** Mirrors traverse(): rebuilds the buffer so that it starts at `offset`. */
function traverse(m: SeqFile, offset: number): number {
  let pos = 0;
  let error = 0;
  m.index = 0;
  m.count = m.from = 0;
  if (!offset) return 0;
  if (!m.buf) {
    m.buf = seq_buf_alloc((m.size = PAGE_SIZE));
    if (!m.buf) return -ENOMEM;
  }
  const idx: Loff = { value: m.index };
  let p = m.op.start(m, idx);
  m.index = idx.value;
  while (!isNull(p)) {
    error = PTR_ERR(p);
    if (IS_ERR(p)) break;
    error = m.op.show(m, p) ?? 0;
    if (error < 0) break;
    if (error) {
      error = 0;
      m.count = 0;
    }
    if (seq_has_overflowed(m)) {
      m.op.stop(m, p);
      m.count = 0;
      m.buf = seq_buf_alloc((m.size <<= 1));
      return !m.buf ? -ENOMEM : -11; // -EAGAIN: try again with the bigger buffer
    }
    idx.value = m.index;
    p = m.op.next(m, p, idx);
    m.index = idx.value;
    if (pos + m.count > offset) {
      m.from = offset - pos;
      m.count -= m.from;
      break;
    }
    pos += m.count;
    m.count = 0;
    if (pos === offset) break;
  }
  m.op.stop(m, p);
  return error;
}

/** The common exit of seq_read() (its "Done:" label). */
function seqDone(m: SeqFile, ppos: Loff, copied: number, err: number): number {
  if (!copied) return err;
  ppos.value += copied;
  m.read_pos += copied;
  return copied;
}

/** Mirrors seq_read(). */
export function seq_read(file: File, buf: UserPtr, size: number, ppos: Loff): number {
  const m = file.private_data as SeqFile;
  let copied = 0;
  let err = 0;
  let p: SeqPtr;
  const idx = m.idx;
  if (ppos.value === 0) {
    m.index = 0;
    m.count = 0;
  }
  if (ppos.value !== m.read_pos) {
    while ((err = traverse(m, ppos.value)) === -11);
    if (err) {
      m.read_pos = 0;
      m.index = 0;
      m.count = 0;
      return seqDone(m, ppos, copied, err);
    }
    m.read_pos = ppos.value;
  }
  if (!m.buf) {
    m.buf = seq_buf_alloc((m.size = PAGE_SIZE));
    if (!m.buf) {
      err = -ENOMEM;
      return seqDone(m, ppos, copied, err);
    }
  }
  if (m.count) {
    const n = Math.min(m.count, size);
    if (copy_to_user(buf, m.buf.subarray(m.from, m.from + n), n)) {
      err = -EFAULT;
      return seqDone(m, ppos, copied, err);
    }
    m.count -= n;
    m.from += n;
    size -= n;
    buf += n;
    copied += n;
    if (!size) return seqDone(m, ppos, copied, err);
  }
  m.from = 0;
  idx.value = m.index;
  p = m.op.start(m, idx);
  m.index = idx.value;
  let fill = false;
  for (;;) {
    err = PTR_ERR(p);
    if (isNull(p) || IS_ERR(p)) break;
    err = m.op.show(m, p) ?? 0;
    if (err < 0) break;
    if (err) m.count = 0;
    if (!m.count) {
      idx.value = m.index;
      p = m.op.next(m, p, idx);
      m.index = idx.value;
      continue;
    }
    if (m.count < m.size) {
      fill = true;
      break;
    }
    m.op.stop(m, p);
    m.count = 0;
    m.buf = seq_buf_alloc((m.size <<= 1));
    if (!m.buf) {
      err = -ENOMEM;
      return seqDone(m, ppos, copied, err);
    }
    idx.value = m.index;
    p = m.op.start(m, idx);
    m.index = idx.value;
  }
  if (!fill) {
    m.op.stop(m, p);
    m.count = 0;
    return seqDone(m, ppos, copied, err);
  }
  for (;;) {
    const offs = m.count;
    const pos = m.index;
    idx.value = m.index;
    p = m.op.next(m, p, idx);
    m.index = idx.value;
    if (pos === m.index) m.index++; // a buggy ->next that does not move
    if (isNull(p) || IS_ERR(p)) {
      err = PTR_ERR(p);
      break;
    }
    if (m.count >= size) break;
    err = m.op.show(m, p) ?? 0;
    if (seq_has_overflowed(m) || err) {
      m.count = offs;
      if (err <= 0) break;
    }
  }
  m.op.stop(m, p);
  const n = Math.min(m.count, size);
  if (copy_to_user(buf, m.buf!.subarray(0, n), n)) {
    err = -EFAULT;
    return seqDone(m, ppos, copied, err);
  }
  copied += n;
  m.count -= n;
  m.from = n;
  return seqDone(m, ppos, copied, err);
}

/** Mirrors seq_lseek(): SEEK_SET and SEEK_CUR only; anything else is EINVAL. */
export function seq_lseek(file: File, offset: number, whence: number): number {
  const m = file.private_data as SeqFile;
  let retval = -EINVAL;
  if (whence === SEEK_CUR) offset += file.f_pos;
  if ((whence === SEEK_CUR || whence === SEEK_SET) && offset >= 0) {
    retval = offset;
    if (offset !== m.read_pos) {
      while ((retval = traverse(m, offset)) === -11);
      if (retval) {
        file.f_pos = 0;
        m.read_pos = 0;
        m.index = 0;
        m.count = 0;
      } else {
        m.read_pos = offset;
        retval = file.f_pos = offset;
      }
    } else {
      file.f_pos = offset;
    }
  }
  return retval;
}

/** Mirrors seq_release(). */
export function seq_release(_inode: Inode, file: File): number {
  const m = file.private_data as SeqFile | null;
  if (m) {
    seq_buf_free(m.buf);
    m.buf = null;
  }
  return 0;
}

/** Appends bytes, or marks the buffer overflowed if they do not fit (seq_write()). */
export function seq_write(m: SeqFile, data: Uint8Array | string): number {
  if (typeof data === "string") {
    seq_puts(m, data);
    return 0;
  }
  if (m.count + data.length < m.size) {
    m.buf!.set(data, m.count);
    m.count += data.length;
    return 0;
  }
  seq_set_overflow(m);
  return -1;
}

const enc = new TextEncoder();

/** Mirrors seq_puts(). */
export function seq_puts(m: SeqFile, s: string): void {
  const buf = m.buf!;
  const len = s.length;
  if (m.count + len >= m.size) {
    // Might still fit if it is multi-byte-free; check exactly.
    const b = enc.encode(s);
    if (m.count + b.length < m.size) {
      buf.set(b, m.count);
      m.count += b.length;
    } else seq_set_overflow(m);
    return;
  }
  let c = m.count;
  if (len > 48 && c + len * 3 < m.size) {
    // Long text is encoded natively (it fits whatever its characters): a charCodeAt loop
    // costs several times as much once a line is longer than a few words.
    m.count = c + enc.encodeInto(s, buf.subarray(c, m.size)).written;
    return;
  }
  for (let i = 0; i < len; i++) {
    const ch = s.charCodeAt(i);
    if (ch > 0x7f) {
      const b = enc.encode(s.slice(i));
      if (c + b.length >= m.size) {
        seq_set_overflow(m);
        return;
      }
      buf.set(b, c);
      c += b.length;
      break;
    }
    buf[c++] = ch;
  }
  m.count = c;
}

/** Mirrors seq_putc(). */
export function seq_putc(m: SeqFile, c: string | number): void {
  if (m.count < m.size) {
    m.buf![m.count++] = typeof c === "number" ? c & 0xff : c.charCodeAt(0) & 0xff;
  }
}

/** Mirrors seq_printf(): the kernel's vsnprintf into the buffer. */
export function seq_printf(m: SeqFile, fmt: string, ...args: PrintfArg[]): void {
  seq_puts(m, format(fmt, args, { kernel: true }));
}

export const seq_vprintf = (m: SeqFile, fmt: string, args: PrintfArg[]) =>
  seq_printf(m, fmt, ...args);

/** Mirrors seq_put_decimal_ull(). */
export function seq_put_decimal_ull(m: SeqFile, delimiter: string, num: number | bigint): void {
  seq_puts(m, `${delimiter}${num}`);
}

/** Mirrors seq_pad(): pads the record up to m->pad_until with spaces, then writes c. */
export function seq_pad(m: SeqFile, c: string): void {
  const size = m.pad_until - m.count;
  if (size > 0) seq_puts(m, " ".repeat(size));
  if (c) seq_putc(m, c);
}

/** Mirrors seq_setwidth(). */
export function seq_setwidth(m: SeqFile, size: number): void {
  m.pad_until = m.count + size;
}

// single_open(): a one-record sequence whose show is the caller's.
const SINGLE_TOKEN = { single: true };

export type ShowFn = (m: SeqFile, v: unknown) => number | undefined | void;

/** Mirrors single_open(): one record, shown by `show`, with m->private = data. */
function single_start(_m: SeqFile, pos: Loff): SeqPtr {
  return pos.value === 0 ? SINGLE_TOKEN : null;
}

function single_next(_m: SeqFile, _v: SeqPtr, pos: Loff): SeqPtr {
  pos.value++;
  return null;
}

function single_stop(): void {}

export function single_open(file: File, show: ShowFn, data: unknown): number {
  // The iterator is the same for every single_open file; only show differs.
  const op: SeqOperations = { start: single_start, next: single_next, stop: single_stop, show };
  const r = seq_open(file, op);
  if (!r) (file.private_data as SeqFile).private = data;
  return r;
}

/** Mirrors single_open_size(): the same with an initial buffer of `size`. */
export function single_open_size(file: File, show: ShowFn, data: unknown, size: number): number {
  const r = single_open(file, show, data);
  if (!r) {
    const m = file.private_data as SeqFile;
    m.buf = seq_buf_alloc((m.size = size));
  }
  return r;
}

/** Mirrors single_release(). */
export function single_release(inode: Inode, file: File): number {
  return seq_release(inode, file);
}

/** Mirrors seq_open_private(): a seq_file with a zeroed private state. */
export function seq_open_private(file: File, op: SeqOperations, priv: object): number {
  const r = seq_open(file, op);
  if (!r) (file.private_data as SeqFile).private = priv;
  return r;
}

/** Mirrors seq_list_start()/seq_list_next() over an array. */
export function seq_list_start<T>(list: readonly T[], pos: number): T | null {
  return pos < list.length ? list[pos] : null;
}
export function seq_list_next<T>(list: readonly T[], pos: Loff): T | null {
  pos.value++;
  return pos.value < list.length ? list[pos.value] : null;
}

export type { PrintfArg };
