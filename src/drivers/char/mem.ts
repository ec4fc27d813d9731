/**
 * The memory devices (drivers/char/mem.c): null, zero, full, random, urandom and
 * kmsg on major 1, as /dev's nodes.
 */

import type { File, FileOperations } from "../../fs/fs.ts";
import { EAGAIN, EFAULT, EINVAL, ENOSPC, EPIPE, ESPIPE } from "../../include/uapi/errno.ts";
import { O_ACCMODE, O_NONBLOCK, O_RDONLY, SEEK_END, SEEK_SET } from "../../include/uapi/fcntl.ts";
import { MKDEV } from "../../include/uapi/stat.ts";
import { this_kernel } from "../../kernel/context.ts";
import type { Kernel } from "../../kernel/kernel.ts";
import { LOG_USER, type LogRecord } from "../../kernel/printk.ts";
import { syslog_allowed } from "../../kernel/sys.ts";
import { kthen, wait_event_interruptible } from "../../kernel/wait.ts";
import { clear_user, copy_from_user, copy_to_user } from "../../mm/uaccess.ts";

export const MEM_MAJOR = 1;

/** null_lseek / zero_lseek: the position is reset to 0 and the call succeeds. */
function null_lseek(file: File): number {
  file.f_pos = 0;
  return 0;
}

export const null_fops: FileOperations = {
  llseek: null_lseek,
  read: () => 0,
  write: (_f, _b, count) => count,
};

function read_zero(_f: File, buf: number, count: number): number {
  if (count === 0) return 0;
  const left = clear_user(buf, count);
  if (left === count) return -EFAULT;
  return count - left;
}

export const zero_fops: FileOperations = {
  llseek: null_lseek,
  read: read_zero,
  write: (_f, _b, count) => count,
};

export const full_fops: FileOperations = {
  llseek: null_lseek,
  read: read_zero,
  write: () => -ENOSPC,
};

function random_read(_f: File, buf: number, count: number): number {
  const n = Math.min(count, 33554431);
  const bytes = this_kernel().randomBytes(n);
  const left = copy_to_user(buf, bytes, n);
  return left === n && n > 0 ? -EFAULT : n - left;
}

function random_write(_f: File, buf: number, count: number): number {
  const b = new Uint8Array(Math.min(count, 1 << 20));
  if (copy_from_user(b, buf, b.length)) return -EFAULT;
  return count;
}

export const random_fops: FileOperations = {
  read: random_read,
  write: random_write,
  llseek: () => 0,
};
export const urandom_fops: FileOperations = {
  read: random_read,
  write: random_write,
  llseek: () => 0,
};

interface DevkmsgUser {
  seq: number;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Mirrors msg_print_ext_header() + msg_print_ext_body(): one record of /dev/kmsg. */
export function devkmsgRecord(rec: LogRecord, prevOpen: boolean): string {
  const usec = Math.floor(rec.tsNs / 1000);
  const flag = prevOpen ? "c" : "-";
  let body = "";
  for (const ch of enc.encode(rec.text)) {
    if (ch < 0x20 || ch >= 127 || ch === 0x5c) body += `\\x${ch.toString(16).padStart(2, "0")}`;
    else body += String.fromCharCode(ch);
  }
  return `${(rec.facility << 3) | rec.level},${rec.seq},${usec},${flag};${body}\n`;
}

/** Mirrors devkmsg_read(): one record per read; EINVAL if the buffer is too small; EPIPE if overwritten. */
function devkmsg_read(file: File, buf: number, count: number): number | Promise<number> {
  const k = this_kernel();
  const user = file.private_data as DevkmsgUser;
  const deliver = (): number => {
    if (user.seq < k.log.firstSeq()) {
      user.seq = k.log.firstSeq();
      return -EPIPE;
    }
    const [rec] = k.log.from(user.seq);
    const text = enc.encode(devkmsgRecord(rec, false));
    if (text.length > count) return -EINVAL;
    if (copy_to_user(buf, text, text.length)) return -EFAULT;
    user.seq = rec.seq + 1;
    return text.length;
  };
  if (user.seq < k.log.next) return deliver();
  if (file.f_flags & O_NONBLOCK) return -EAGAIN;
  const r = wait_event_interruptible(k.log.waitq, () => user.seq < k.log.next);
  if (typeof r === "number") return r || deliver();
  return kthen(r, (v) => v || deliver());
}

/** Mirrors devkmsg_write(): "<N>text" sets the level; facility defaults to user. */
function devkmsg_write(_file: File, buf: number, count: number): number {
  const k = this_kernel();
  const b = new Uint8Array(Math.min(count, 1024 - 32));
  if (copy_from_user(b, buf, b.length)) return -EFAULT;
  let text = dec.decode(b);
  let level = 4;
  let facility = LOG_USER;
  const m = /^<(\d+)>/.exec(text);
  if (m) {
    const u = Number(m[1]);
    level = u & 7;
    facility = u >> 3 || LOG_USER;
    text = text.slice(m[0].length);
  }
  k.log.store(level, facility, text, false);
  return count;
}

/** Mirrors devkmsg_llseek(): SEEK_SET 0 rewinds, SEEK_END skips to the end; others fail. */
function devkmsg_llseek(file: File, offset: number, whence: number): number {
  const k = this_kernel();
  const user = file.private_data as DevkmsgUser;
  if (offset) return -ESPIPE;
  switch (whence) {
    case SEEK_SET:
      user.seq = k.log.firstSeq();
      return 0;
    case 3: // SEEK_DATA: after the last clear
      user.seq = k.log.clearSeq;
      return 0;
    case SEEK_END:
      user.seq = k.log.next;
      return 0;
    default:
      return -EINVAL;
  }
}

export const kmsg_fops: FileOperations = {
  open(_inode, file) {
    const k = this_kernel();
    // Reading is what dmesg_restrict guards; writing is open to anyone permitted by mode.
    if ((file.f_flags & O_ACCMODE) !== 1 && !syslog_allowed(k.tasks.currentOrInit())) return -1; // -EPERM
    file.private_data = { seq: k.log.firstSeq() } satisfies DevkmsgUser;
    return 0;
  },
  read: devkmsg_read,
  write: devkmsg_write,
  llseek: devkmsg_llseek,
  release: () => 0,
};

/** The minors of major 1 (devlist[] in mem.c): name, mode, fops. */
export const devlist: [number, string, number, FileOperations][] = [
  [3, "null", 0o666, null_fops],
  [5, "zero", 0o666, zero_fops],
  [7, "full", 0o666, full_fops],
  [8, "random", 0o666, random_fops],
  [9, "urandom", 0o666, urandom_fops],
  [11, "kmsg", 0o644, kmsg_fops],
];

/** Mirrors chr_dev_init(): register major 1 and dispatch by minor (memory_open()). */
export function chr_dev_init(k: Kernel): void {
  const byMinor = new Map(devlist.map(([minor, , , fops]) => [minor, fops]));
  const memory_fops: FileOperations = {
    open(inode, file) {
      const fops = byMinor.get(inode.i_rdev & 0xfffff);
      if (!fops) return -6; // -ENXIO
      file.f_op = fops;
      return fops.open ? fops.open(inode, file) : 0;
    },
  };
  k.cdevs.add({ ops: memory_fops, owner: null, dev: MKDEV(MEM_MAJOR, 0), count: 256 });
  k.chrdevs.regions.push({ major: MEM_MAJOR, baseminor: 0, minorct: 256, name: "mem", cdev: null });
  void O_RDONLY;
}
