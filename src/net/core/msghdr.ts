/**
 * The kernel's struct msghdr and its iov_iter (include/linux/socket.h,
 * lib/iov_iter.c, net/socket.c:copy_msghdr_from_user()): user struct msghdr,
 * struct iovec and socket addresses are read from user memory exactly as laid
 * out in C (x86_64), and data moves between skbs and the user's buffers
 * only through copy_from_user/copy_to_user.
 */

import { EFAULT, EINVAL, EMSGSIZE } from "../../include/uapi/errno.ts";
import {
  IOVEC_SIZE,
  MSGHDR_CONTROL,
  MSGHDR_CONTROLLEN,
  MSGHDR_FLAGS,
  MSGHDR_IOV,
  MSGHDR_IOVLEN,
  MSGHDR_NAME,
  MSGHDR_NAMELEN,
  MSGHDR_SIZE,
  SOCKADDR_STORAGE_SIZE,
  UIO_MAXIOV,
} from "../../include/uapi/socket.ts";
import { access_ok, copy_from_user, copy_to_user } from "../../mm/uaccess.ts";

/** include/linux/fs.h MAX_RW_COUNT */
const MAX_RW_COUNT = 0x7ffff000;

/** The kernel buffer a receive's address is written to (the largest vkern family's, sockaddr_nl). */
export const RECV_NAME_SIZE = 16;

/** Scratch space for the fixed-size structs read and written synchronously (no sleep in between). */
const scratch = new Uint8Array(Math.max(IOVEC_SIZE * 8, MSGHDR_SIZE));
const scratchView = new DataView(scratch.buffer);

/** A little-endian u64 as a number (user pointers and sizes fit in 53 bits), without BigInt. */
function u64(dv: DataView, off: number): number {
  return dv.getUint32(off, true) + dv.getUint32(off + 4, true) * 0x100000000;
}

/** A little-endian s64 as a number. */
function s64(dv: DataView, off: number): number {
  return dv.getUint32(off, true) + dv.getInt32(off + 4, true) * 0x100000000;
}

/** Reads a user int (get_user() without the BigInt round trip): the value or null on a fault. */
export function get_user_int(addr: number): number | null {
  if (copy_from_user(scratch.subarray(0, 4), addr, 4)) return null;
  return scratchView.getInt32(0, true);
}

/** Writes a user int or unsigned long (put_user()): 0 or -EFAULT. */
export function put_user_num(v: number, addr: number, size: 4 | 8): number {
  const dv = scratchView;
  if (size === 4) dv.setInt32(0, v | 0, true);
  else {
    dv.setUint32(0, v >>> 0, true);
    dv.setUint32(4, Math.floor(v / 0x100000000) >>> 0, true);
  }
  return copy_to_user(addr, scratch.subarray(0, size), size) ? -EFAULT : 0;
}

export interface IovSeg {
  base: number;
  len: number;
}

/** struct iov_iter over user iovecs: a cursor and the bytes left. */
export class IovIter {
  private idx = 0;
  private off = 0;
  count: number;

  constructor(readonly segs: IovSeg[]) {
    this.count = segs.reduce((n, s) => n + s.len, 0);
  }

  /** copy_from_iter(): up to n bytes of user data into dst; returns bytes copied. */
  copyFrom(dst: Uint8Array, n: number): number {
    return this.walk(n, dst, false);
  }

  /** copy_to_iter(): up to n bytes of src into user buffers; returns bytes copied. */
  copyTo(src: Uint8Array, n: number): number {
    return this.walk(n, src, true);
  }

  /** Moves up to n bytes between `kbuf` and the segments (no closure: a hot path of sockets). */
  private walk(n: number, kbuf: Uint8Array, toUser: boolean): number {
    let done = 0;
    n = Math.min(n, this.count);
    while (done < n && this.idx < this.segs.length) {
      const s = this.segs[this.idx];
      const len = Math.min(s.len - this.off, n - done);
      if (len > 0) {
        const addr = s.base + this.off;
        const part = done === 0 && len === kbuf.length ? kbuf : kbuf.subarray(done, done + len);
        const got =
          len - (toUser ? copy_to_user(addr, part, len) : copy_from_user(part, addr, len));
        done += got;
        this.off += got;
        this.count -= got;
        if (got < len) break;
      }
      if (this.off >= s.len) {
        this.idx++;
        this.off = 0;
      }
    }
    return done;
  }
}

/** The kernel's struct msghdr. */
export interface KMsghdr {
  /** The socket address in kernel memory (struct sockaddr_storage), or null. */
  msg_name: Uint8Array | null;
  msg_namelen: number;
  msg_iter: IovIter;
  /** User pointer to the control buffer and its length. */
  msg_control: number;
  msg_controllen: number;
  msg_flags: number;
}

/** Mirrors msg_data_left(). */
export function msg_data_left(msg: KMsghdr): number {
  return msg.msg_iter.count;
}

/** Mirrors memcpy_from_msg(): 0, or -EFAULT when the user's buffers fault. */
export function memcpy_from_msg(dst: Uint8Array, msg: KMsghdr, len: number): number {
  return msg.msg_iter.copyFrom(dst, len) === len ? 0 : -EFAULT;
}

/** Mirrors memcpy_to_msg() / skb_copy_datagram_msg(): 0, or -EFAULT. */
export function memcpy_to_msg(msg: KMsghdr, src: Uint8Array, len: number): number {
  return msg.msg_iter.copyTo(src, len) === len ? 0 : -EFAULT;
}

/** Mirrors import_iovec(): the user's iovec array, checked as rw_copy_check_uvector() does. */
export function import_iovec(uvec: number, nr: number): IovIter | number {
  if (nr < 0 || nr > UIO_MAXIOV) return -EINVAL;
  const raw =
    nr * IOVEC_SIZE <= scratch.length
      ? scratch.subarray(0, nr * IOVEC_SIZE)
      : new Uint8Array(nr * IOVEC_SIZE);
  if (nr && copy_from_user(raw, uvec, raw.length)) return -EFAULT;
  const dv = raw.buffer === scratch.buffer ? scratchView : new DataView(raw.buffer);
  const segs: IovSeg[] = [];
  let total = 0;
  for (let i = 0; i < nr; i++) {
    const base = u64(dv, i * IOVEC_SIZE);
    let len = s64(dv, i * IOVEC_SIZE + 8);
    if (len < 0) return -EINVAL;
    if (!access_ok(base, len)) return -EFAULT;
    if (len > MAX_RW_COUNT - total) len = MAX_RW_COUNT - total;
    total += len;
    segs.push({ base, len });
  }
  return new IovIter(segs);
}

/** Mirrors import_single_range(): one buffer, as send/recv/sendto/recvfrom pass it. */
export function import_single_range(buf: number, len: number): IovIter | number {
  if (len > MAX_RW_COUNT) len = MAX_RW_COUNT;
  if (len < 0 || !access_ok(buf, len)) return -EFAULT;
  return new IovIter([{ base: buf, len }]);
}

/** Mirrors move_addr_to_kernel(): a copy of the user's socket address. */
export function move_addr_to_kernel(uaddr: number, ulen: number): Uint8Array | number {
  if (ulen < 0 || ulen > SOCKADDR_STORAGE_SIZE) return -EINVAL;
  // Only as big as the address (small typed arrays are cheap; readers check the length).
  const k = new Uint8Array(Math.max(ulen, 16));
  if (ulen === 0) return k;
  if (copy_from_user(k, uaddr, ulen)) return -EFAULT;
  return k;
}

/**
 * Mirrors move_addr_to_user(): copies min(*ulen, klen) bytes, then stores klen in
 * *ulen ("the value before truncation", 1003.1g).
 */
export function move_addr_to_user(
  kaddr: Uint8Array,
  klen: number,
  uaddr: number,
  ulen: number,
): number {
  const g = get_user_int(ulen);
  if (g === null) return -EFAULT;
  let len = g;
  if (len > klen) len = klen;
  if (len < 0) return -EINVAL;
  if (len && copy_to_user(uaddr, kaddr.subarray(0, len), len)) return -EFAULT;
  return put_user_num(klen, ulen, 4);
}

/** A user struct msghdr, decoded. */
export interface UserMsghdr {
  name: number;
  namelen: number;
  iov: number;
  iovlen: number;
  control: number;
  controllen: number;
  flags: number;
}

/** Reads a user struct msghdr (56 bytes on x86_64). */
export function read_user_msghdr(umsg: number): UserMsghdr | number {
  const raw = scratch.subarray(0, MSGHDR_SIZE);
  if (copy_from_user(raw, umsg, MSGHDR_SIZE)) return -EFAULT;
  const dv = scratchView;
  return {
    name: u64(dv, MSGHDR_NAME),
    namelen: dv.getInt32(MSGHDR_NAMELEN, true),
    iov: u64(dv, MSGHDR_IOV),
    iovlen: u64(dv, MSGHDR_IOVLEN),
    control: u64(dv, MSGHDR_CONTROL),
    controllen: u64(dv, MSGHDR_CONTROLLEN),
    flags: dv.getInt32(MSGHDR_FLAGS, true),
  };
}

/**
 * Mirrors copy_msghdr_from_user(). For sendmsg the address is copied into the
 * kernel; for recvmsg (`forRecv`) a kernel buffer receives it later and the
 * user's pointer is returned in `uaddr`.
 */
export function copy_msghdr_from_user(
  umsg: number,
  forRecv: boolean,
): { msg: KMsghdr; uaddr: number } | number {
  const m = read_user_msghdr(umsg);
  if (typeof m === "number") return m;
  let namelen = m.name ? m.namelen : 0;
  if (namelen < 0) return -EINVAL;
  if (namelen > SOCKADDR_STORAGE_SIZE) namelen = SOCKADDR_STORAGE_SIZE;
  let name: Uint8Array | null = null;
  if (m.name && namelen) {
    if (forRecv) name = new Uint8Array(RECV_NAME_SIZE);
    else {
      const k = move_addr_to_kernel(m.name, namelen);
      if (typeof k === "number") return k;
      name = k;
    }
  } else namelen = 0;
  if (m.iovlen > UIO_MAXIOV) return -EMSGSIZE;
  const iter = import_iovec(m.iov, m.iovlen);
  if (typeof iter === "number") return iter;
  return {
    msg: {
      msg_name: name,
      msg_namelen: namelen,
      msg_iter: iter,
      msg_control: m.control,
      msg_controllen: m.controllen,
      msg_flags: m.flags,
    },
    uaddr: m.name,
  };
}

export { MSGHDR_CONTROLLEN, MSGHDR_FLAGS, MSGHDR_NAMELEN };
