/**
 * Netlink message helpers over socket buffers (include/net/netlink.h of Linux 5.4,
 * net/netlink/af_netlink.c:__nlmsg_put()). A `struct nlmsghdr *` is a view into a
 * buffer (Nlmsghdr); nlmsg_data() gives the payload as bytes. These work on any
 * SkBuff, so user programs can build messages with them too.
 */

import {
  NLMSG_ALIGN,
  NLMSG_HDRLEN,
  NLMSG_OK,
  putU32le,
  u32le,
} from "../../include/uapi/netlink.ts";
import { alloc_skb, kfree_skb, SkBuff, skb_put, skb_tailroom, skb_trim } from "../core/skbuff.ts";

const dec = new TextDecoder();

/** Where a header's bytes end: a fixed length, the tail of an skb, or another header's end. */
type LimitSource = number | { readonly tailOff: number } | { readonly limit: number };

/**
 * A `struct nlmsghdr *`: a header at `off` in `buf`, valid up to limit(). Fields are read
 * byte by byte (little-endian, as x86_64 lays them out): a DataView per header costs more
 * than the whole message on the request/reply path.
 */
export class Nlmsghdr {
  constructor(
    readonly buf: Uint8Array,
    readonly off: number,
    private readonly limitSrc: LimitSource = buf.length,
  ) {}

  /** The end of the bytes this header may describe (the datagram's or skb's tail). */
  get limit(): number {
    const s = this.limitSrc;
    if (typeof s === "number") return s;
    return "tailOff" in s ? s.tailOff : s.limit;
  }

  get nlmsg_len(): number {
    return u32le(this.buf, this.off);
  }
  set nlmsg_len(v: number) {
    putU32le(this.buf, this.off, v);
  }
  get nlmsg_type(): number {
    return this.buf[this.off + 4] | (this.buf[this.off + 5] << 8);
  }
  set nlmsg_type(v: number) {
    this.buf[this.off + 4] = v & 0xff;
    this.buf[this.off + 5] = (v >>> 8) & 0xff;
  }
  get nlmsg_flags(): number {
    return this.buf[this.off + 6] | (this.buf[this.off + 7] << 8);
  }
  set nlmsg_flags(v: number) {
    this.buf[this.off + 6] = v & 0xff;
    this.buf[this.off + 7] = (v >>> 8) & 0xff;
  }
  get nlmsg_seq(): number {
    return u32le(this.buf, this.off + 8);
  }
  set nlmsg_seq(v: number) {
    putU32le(this.buf, this.off + 8, v);
  }
  get nlmsg_pid(): number {
    return u32le(this.buf, this.off + 12);
  }
  set nlmsg_pid(v: number) {
    putU32le(this.buf, this.off + 12, v);
  }

  /** The whole message (header and payload) as nlmsg_len says, clamped to the buffer. */
  bytes(): Uint8Array {
    const end = Math.min(this.limit, this.off + Math.max(this.nlmsg_len, NLMSG_HDRLEN));
    return this.buf.subarray(this.off, Math.max(this.off, end));
  }
}

/** Mirrors nlmsg_hdr(): the message at the start of the skb's data. */
export function nlmsg_hdr(skb: SkBuff): Nlmsghdr {
  return new Nlmsghdr(skb.head, skb.dataOff, skb);
}

/** Mirrors nlmsg_msg_size(): header plus payload. */
export const nlmsg_msg_size = (payload: number): number => NLMSG_HDRLEN + payload;
/** Mirrors nlmsg_total_size(): header plus payload plus padding. */
export const nlmsg_total_size = (payload: number): number => NLMSG_ALIGN(nlmsg_msg_size(payload));
/** Mirrors nlmsg_padlen(). */
export const nlmsg_padlen = (payload: number): number =>
  nlmsg_total_size(payload) - nlmsg_msg_size(payload);

/**
 * Mirrors nlmsg_data() / NLMSG_DATA(): the payload, as a byte pointer that may be
 * read up to the end of the datagram (C would read on through memory).
 */
export function nlmsg_data(nlh: Nlmsghdr): Uint8Array {
  const start = nlh.off + NLMSG_HDRLEN;
  return nlh.buf.subarray(Math.min(start, nlh.limit), Math.max(start, nlh.limit));
}
export const NLMSG_DATA = nlmsg_data;

/** Mirrors nlmsg_len(): the payload's length. */
export function nlmsg_len(nlh: Nlmsghdr): number {
  return nlh.nlmsg_len - NLMSG_HDRLEN;
}

/** Mirrors nlmsg_attrdata(): the attributes after a family header of `hdrlen` bytes. */
export function nlmsg_attrdata(nlh: Nlmsghdr, hdrlen: number): { buf: Uint8Array; off: number } {
  return { buf: nlh.buf, off: nlh.off + NLMSG_HDRLEN + NLMSG_ALIGN(hdrlen) };
}

/** Mirrors nlmsg_attrlen(). */
export function nlmsg_attrlen(nlh: Nlmsghdr, hdrlen: number): number {
  return nlmsg_len(nlh) - NLMSG_ALIGN(hdrlen);
}

/** Mirrors nlmsg_ok(). */
export function nlmsg_ok(nlh: Nlmsghdr, remaining: number): boolean {
  return NLMSG_OK(nlh.nlmsg_len, remaining);
}

/** Mirrors nlmsg_next(): the following message and what remains after it. */
export function nlmsg_next(nlh: Nlmsghdr, remaining: number): { nlh: Nlmsghdr; remaining: number } {
  const totlen = NLMSG_ALIGN(nlh.nlmsg_len);
  return {
    nlh: new Nlmsghdr(nlh.buf, nlh.off + totlen, nlh),
    remaining: remaining - totlen,
  };
}

/** Mirrors nlmsg_new(): a buffer with room for one message of `payload` bytes. */
export function nlmsg_new(payload: number, flags = 0): SkBuff | null {
  return alloc_skb(nlmsg_total_size(payload), flags);
}

/** Mirrors __nlmsg_put(): appends a header (and zeroed padding) to the skb. */
export function __nlmsg_put(
  skb: SkBuff,
  portid: number,
  seq: number,
  type: number,
  len: number,
  flags: number,
): Nlmsghdr {
  const size = nlmsg_msg_size(len);
  const start = skb.tailOff;
  const area = skb_put(skb, NLMSG_ALIGN(size));
  const nlh = new Nlmsghdr(skb.head, start, skb);
  nlh.nlmsg_type = type;
  nlh.nlmsg_len = size;
  nlh.nlmsg_flags = flags;
  nlh.nlmsg_pid = portid;
  nlh.nlmsg_seq = seq;
  area.fill(0, size, NLMSG_ALIGN(size));
  return nlh;
}

/** Mirrors nlmsg_put(): null when the skb has no room. */
export function nlmsg_put(
  skb: SkBuff,
  portid: number,
  seq: number,
  type: number,
  payload: number,
  flags: number,
): Nlmsghdr | null {
  if (skb_tailroom(skb) < nlmsg_total_size(payload)) return null;
  return __nlmsg_put(skb, portid, seq, type, payload, flags);
}

/** Mirrors nlmsg_end(): the message grows to the skb's tail (after attributes were added). */
export function nlmsg_end(skb: SkBuff, nlh: Nlmsghdr): void {
  nlh.nlmsg_len = skb.tailOff - nlh.off;
}

/** Mirrors nlmsg_cancel(): drops the message and everything after it. */
export function nlmsg_cancel(skb: SkBuff, nlh: Nlmsghdr): void {
  skb_trim(skb, nlh.off - skb.dataOff);
}

/** Mirrors nlmsg_free(). */
export const nlmsg_free = kfree_skb;

/**
 * Reads a NUL-terminated C string at a byte pointer (what printk's %s does with a
 * `char *`): stops at the first NUL or the end of the readable bytes.
 */
export function cstring(p: Uint8Array): string {
  const nul = p.indexOf(0);
  return dec.decode(nul < 0 ? p : p.subarray(0, nul));
}

/** A message builder for user programs: a buffer of `size` bytes, charged to nobody. */
export function nlmsg_buffer(size: number): SkBuff {
  return new SkBuff(size, size);
}
