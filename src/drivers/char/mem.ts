/**
 * The memory devices (drivers/char/mem.c, drivers/char/random.c and printk.c's /dev/kmsg of
 * Linux 5.4): null, zero, full, random, urandom and kmsg on major 1, dispatched by minor.
 */

import { register_chrdev } from "../../fs/char_dev.ts";
import type { File, FileOperations, Inode } from "../../fs/fs.ts";
import { noop_llseek } from "../../fs/libfs.ts";
import {
  EAGAIN,
  EFAULT,
  EINVAL,
  ENOSPC,
  ENXIO,
  EPERM,
  EPIPE,
  ESPIPE,
} from "../../include/uapi/errno.ts";
import {
  O_ACCMODE,
  O_NONBLOCK,
  O_WRONLY,
  SEEK_DATA,
  SEEK_END,
  SEEK_SET,
} from "../../include/uapi/fcntl.ts";
import {
  RNDADDENTROPY,
  RNDADDTOENTCNT,
  RNDCLEARPOOL,
  RNDGETENTCNT,
  RNDRESEEDCRNG,
  RNDZAPENTCNT,
} from "../../include/uapi/random.ts";
import { MINOR } from "../../include/uapi/stat.ts";
import { CAP_SYS_ADMIN, cred_has_cap } from "../../kernel/capability.ts";
import { get_current, this_kernel } from "../../kernel/context.ts";
import { defineKernelLocal, type Kernel } from "../../kernel/kernel.ts";
import { LOG_USER, type LogRecord } from "../../kernel/printk.ts";
import { syslog_allowed } from "../../kernel/sys.ts";
import { kthen, wait_event_interruptible } from "../../kernel/wait.ts";
import { clear_user, copy_from_user, copy_to_user, get_user, put_user } from "../../mm/uaccess.ts";
import { register_boot_devices } from "./boot_devices.ts";
import { misc_init } from "./misc.ts";

export const MEM_MAJOR = 1;

/** null_lseek / zero_lseek / full_lseek: the position is reset to 0 and the call succeeds. */
function null_lseek(file: File): number {
  file.f_pos = 0;
  return 0;
}

export const null_fops: FileOperations = {
  llseek: null_lseek,
  read: () => 0,
  write: (_f, _b, count) => count,
};

/** Mirrors read_iter_zero(): zeroes page by page; a fault ends the read (EFAULT if nothing done). */
function read_zero(_f: File, buf: number, count: number): number {
  let written = 0;
  while (written < count) {
    const chunk = Math.min(count - written, 4096);
    const left = clear_user(buf + written, chunk);
    written += chunk - left;
    if (left) return written ? written : -EFAULT;
  }
  return written;
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

/** The entropy pool's counters (input_pool of drivers/char/random.c). */
const POOL_BITS = 4096;
const entropy = defineKernelLocal(() => ({ bits: 3072 }));

/** Mirrors extract_crng_user(): 64-byte blocks; any fault makes the whole read EFAULT. */
function extract_crng_user(buf: number, nbytes: number): number {
  const k = this_kernel();
  for (let done = 0; done < nbytes; ) {
    const i = Math.min(nbytes - done, 64);
    if (copy_to_user(buf + done, k.randomBytes(i), i)) return -EFAULT;
    done += i;
  }
  return nbytes;
}

/** Mirrors urandom_read(): at most INT_MAX >> 6 bytes per call. */
function urandom_read(_f: File, buf: number, count: number): number {
  return extract_crng_user(buf, Math.min(count, 0x7fffffff >> 6));
}

/**
 * Mirrors _random_read() of 5.4: /dev/random hands out at most SEC_XFER_SIZE (512) bytes per
 * read. (vkern does not model the blocking pool running dry.)
 */
function random_read(_f: File, buf: number, count: number): number {
  if (count === 0) return 0;
  return extract_crng_user(buf, Math.min(count, 512));
}

/** Mirrors write_pool(): every byte must be readable, 64 at a time. */
function write_pool(buf: number, count: number): number {
  const tmp = new Uint8Array(64);
  for (let done = 0; done < count; ) {
    const n = Math.min(count - done, 64);
    if (copy_from_user(tmp, buf + done, n)) return -EFAULT;
    done += n;
  }
  return 0;
}

/** Mirrors random_write(). */
function random_write(_f: File, buf: number, count: number): number {
  const r = write_pool(buf, count);
  return r < 0 ? r : count;
}

/** Mirrors credit_entropy_bits_safe(). */
function credit_entropy_bits_safe(k: Kernel, nbits: number): number {
  if (nbits < 0) return -EINVAL;
  const e = entropy.get(k);
  e.bits = Math.min(POOL_BITS, e.bits + Math.min(nbits, POOL_BITS));
  return 0;
}

/** Mirrors random_ioctl(): unknown commands give EINVAL here, not ENOTTY. */
function random_ioctl(_f: File, cmd: number, arg: number | bigint): number {
  const k = this_kernel();
  const p = Number(arg);
  const admin = () => cred_has_cap(get_current().cred, CAP_SYS_ADMIN);
  switch (cmd) {
    case RNDGETENTCNT:
      return put_user(entropy.get(k).bits, p, "int") ? -EFAULT : 0;
    case RNDADDTOENTCNT: {
      if (!admin()) return -EPERM;
      const v = get_user(p, "int");
      if (v.err) return -EFAULT;
      return credit_entropy_bits_safe(k, Number(v.value));
    }
    case RNDADDENTROPY: {
      if (!admin()) return -EPERM;
      const ent = get_user(p, "int");
      if (ent.err) return -EFAULT;
      if (Number(ent.value) < 0) return -EINVAL;
      const size = get_user(p + 4, "int");
      if (size.err) return -EFAULT;
      const r = write_pool(p + 8, Math.max(0, Number(size.value)));
      if (r < 0) return r;
      return credit_entropy_bits_safe(k, Number(ent.value));
    }
    case RNDZAPENTCNT:
    case RNDCLEARPOOL:
      if (!admin()) return -EPERM;
      entropy.get(k).bits = 0;
      return 0;
    case RNDRESEEDCRNG:
      return admin() ? 0 : -EPERM;
    default:
      return -EINVAL;
  }
}

export const random_fops: FileOperations = {
  read: random_read,
  write: random_write,
  unlocked_ioctl: random_ioctl,
  llseek: noop_llseek,
};
export const urandom_fops: FileOperations = {
  read: urandom_read,
  write: random_write,
  unlocked_ioctl: random_ioctl,
  llseek: noop_llseek,
};

/** struct devkmsg_user: the reader's position and the writer's ratelimit state. */
interface DevkmsgUser {
  seq: number;
  rs: { begin: bigint; printed: number; missed: number };
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** LOG_LINE_MAX: the longest line a write to /dev/kmsg may carry. */
const LOG_LINE_MAX = 1024 - 32;

/** Mirrors msg_print_ext_header() + msg_print_ext_body(): one record of /dev/kmsg. */
export function devkmsgRecord(rec: LogRecord, cont: boolean): string {
  const usec = Math.floor(rec.tsNs / 1000);
  let body = "";
  for (const ch of enc.encode(rec.text)) {
    if (ch < 0x20 || ch >= 127 || ch === 0x5c) body += `\\x${ch.toString(16).padStart(2, "0")}`;
    else body += String.fromCharCode(ch);
  }
  return `${(rec.facility << 3) | rec.level},${rec.seq},${usec},${cont ? "c" : "-"};${body}\n`;
}

/** Mirrors devkmsg_open(): reading needs what syslog(SYSLOG_ACTION_READ_ALL) needs. */
function devkmsg_open(_inode: Inode, file: File): number {
  const k = this_kernel();
  if ((file.f_flags & O_ACCMODE) !== O_WRONLY && !syslog_allowed(get_current())) return -EPERM;
  file.private_data = {
    seq: k.log.firstSeq(),
    rs: { begin: 0n, printed: 0, missed: 0 },
  } satisfies DevkmsgUser;
  return 0;
}

/**
 * Mirrors devkmsg_read(): one record per read. The record is consumed even when the
 * buffer is too small (EINVAL) or unwritable (EFAULT), as in Linux; EPIPE if overwritten.
 */
function devkmsg_read(file: File, buf: number, count: number): number | Promise<number> {
  const k = this_kernel();
  const user = file.private_data as DevkmsgUser;
  const deliver = (): number => {
    if (user.seq < k.log.firstSeq()) {
      user.seq = k.log.firstSeq();
      return -EPIPE;
    }
    const [rec] = k.log.from(user.seq, 1);
    const text = enc.encode(devkmsgRecord(rec, false));
    user.seq = rec.seq + 1;
    if (text.length > count) return -EINVAL;
    if (copy_to_user(buf, text, text.length)) return -EFAULT;
    return text.length;
  };
  if (user.seq < k.log.next) return deliver();
  if (file.f_flags & O_NONBLOCK) return -EAGAIN;
  const r = wait_event_interruptible(k.log.waitq, () => user.seq < k.log.next);
  if (typeof r === "number") return r || deliver();
  return kthen(r, (v) => v || deliver());
}

/** ___ratelimit() with the devkmsg defaults: 10 lines per 5 s per open file. */
function ratelimit(k: Kernel, rs: DevkmsgUser["rs"]): boolean {
  const now = k.jiffies;
  if (!rs.begin) rs.begin = now;
  if (now > rs.begin + BigInt(5 * k.options.hz)) {
    rs.begin = now;
    rs.printed = 0;
  }
  if (rs.printed < 10) {
    rs.printed++;
    return true;
  }
  rs.missed++;
  return false;
}

/**
 * Mirrors devkmsg_write(): "<N>" sets level N & 7 and facility N >> 3 (default: user); the
 * rest is one message. Longer than LOG_LINE_MAX: EINVAL. Over the ratelimit: dropped.
 */
function devkmsg_write(file: File, buf: number, count: number): number {
  const k = this_kernel();
  const user = file.private_data as DevkmsgUser;
  if (count > LOG_LINE_MAX) return -EINVAL;
  if (!ratelimit(k, user.rs)) return count;
  const b = new Uint8Array(count);
  if (copy_from_user(b, buf, count)) return -EFAULT;
  const nul = b.indexOf(0);
  let text = dec.decode(nul >= 0 ? b.subarray(0, nul) : b);
  let level = 4; // default_message_loglevel
  let facility = LOG_USER;
  // simple_strtoul(line + 1, &endp, 10) followed by '>'; the value is an unsigned int.
  const m = /^<(\d*)>/.exec(text);
  if (m) {
    const u = Number(BigInt.asUintN(32, BigInt(m[1] || "0")));
    level = u & 7;
    if (u >>> 3) facility = u >>> 3;
    text = text.slice(m[0].length);
  }
  k.log.store(level, facility, text, false);
  return count;
}

/** Mirrors devkmsg_release(): reports the lines the ratelimit swallowed. */
function devkmsg_release(_inode: Inode, file: File): number {
  const user = file.private_data as DevkmsgUser | null;
  if (user?.rs.missed)
    this_kernel().printk(
      `printk: ${get_current().comm}: ${user.rs.missed} output lines suppressed due to ratelimiting`,
      4,
    );
  return 0;
}

/** Mirrors devkmsg_llseek(): SEEK_SET 0 rewinds, SEEK_DATA goes to the last clear, SEEK_END to the end. */
function devkmsg_llseek(file: File, offset: number, whence: number): number {
  const k = this_kernel();
  const user = file.private_data as DevkmsgUser;
  if (offset) return -ESPIPE;
  switch (whence) {
    case SEEK_SET:
      user.seq = k.log.firstSeq();
      return 0;
    case SEEK_DATA:
      user.seq = k.log.clearSeq; // a cleared-then-overwritten position reads as EPIPE
      return 0;
    case SEEK_END:
      user.seq = k.log.next;
      return 0;
    default:
      return -EINVAL;
  }
}

export const kmsg_fops: FileOperations = {
  open: devkmsg_open,
  read: devkmsg_read,
  write: devkmsg_write,
  llseek: devkmsg_llseek,
  release: devkmsg_release,
};

/** The minors of major 1 that vkern has (devlist[] in mem.c): name, devtmpfs mode, fops. */
export const devlist: [number, string, number, FileOperations][] = [
  [3, "null", 0o666, null_fops],
  [5, "zero", 0o666, zero_fops],
  [7, "full", 0o666, full_fops],
  [8, "random", 0o666, random_fops],
  [9, "urandom", 0o666, urandom_fops],
  [11, "kmsg", 0o644, kmsg_fops],
];

const byMinor = new Map(devlist.map(([minor, , , fops]) => [minor, fops]));

/** Mirrors memory_open(): the minor picks the device; a minor without one gives ENXIO. */
function memory_open(inode: Inode, filp: File): number | Promise<number> {
  const fops = byMinor.get(MINOR(inode.i_rdev));
  if (!fops) return -ENXIO;
  filp.f_op = fops;
  return fops.open ? fops.open(inode, filp) : 0;
}

const memory_fops: FileOperations = { open: memory_open, llseek: noop_llseek };

/**
 * Mirrors chr_dev_init(): registers major 1 "mem" (its /dev nodes are made by devtmpfs_init(),
 * which runs after this in vkern's boot; /sys/class/mem waits for the device model). Also
 * brings up the misc major and the stock device numbers of the book's VM.
 */
export function chr_dev_init(k: Kernel): void {
  register_chrdev(MEM_MAJOR, "mem", memory_fops);
  misc_init(k);
  register_boot_devices();
}
