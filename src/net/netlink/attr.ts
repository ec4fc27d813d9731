/**
 * Netlink attributes (include/net/netlink.h, lib/nlattr.c of Linux 5.4): nla_put*
 * into a socket buffer, and nla_parse/nla_validate against a policy. The same
 * functions serve kernel code (on skbs) and user programs (on nlmsg_buffer()s
 * and received bytes).
 */

import { EINVAL, EMSGSIZE, ERANGE } from "../../include/uapi/errno.ts";
import { NLA_ALIGN, NLA_F_NESTED, NLA_HDRLEN, NLA_TYPE_MASK } from "../../include/uapi/netlink.ts";
import { type SkBuff, skb_put, skb_tailroom, skb_trim } from "../core/skbuff.ts";
import { type Nlmsghdr, nlmsg_attrdata, nlmsg_attrlen, nlmsg_len } from "./nlmsg.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** enum nla_policy types of 5.4 */
export const NLA_UNSPEC = 0;
export const NLA_U8 = 1;
export const NLA_U16 = 2;
export const NLA_U32 = 3;
export const NLA_U64 = 4;
export const NLA_STRING = 5;
export const NLA_FLAG = 6;
export const NLA_MSECS = 7;
export const NLA_NESTED = 8;
export const NLA_NESTED_ARRAY = 9;
export const NLA_NUL_STRING = 10;
export const NLA_BINARY = 11;
export const NLA_S8 = 12;
export const NLA_S16 = 13;
export const NLA_S32 = 14;
export const NLA_S64 = 15;
export const NLA_BITFIELD32 = 16;
export const NLA_REJECT = 17;
export const NLA_EXACT_LEN = 18;
export const NLA_EXACT_LEN_WARN = 19;
export const NLA_MIN_LEN = 20;

/** enum netlink_validation */
export const NL_VALIDATE_LIBERAL = 0;
export const NL_VALIDATE_TRAILING = 1 << 0;
export const NL_VALIDATE_MAXTYPE = 1 << 1;
export const NL_VALIDATE_UNSPEC = 1 << 2;
export const NL_VALIDATE_STRICT_ATTRS = 1 << 3;
export const NL_VALIDATE_NESTED = 1 << 4;
export const NL_VALIDATE_STRICT =
  NL_VALIDATE_TRAILING |
  NL_VALIDATE_MAXTYPE |
  NL_VALIDATE_UNSPEC |
  NL_VALIDATE_STRICT_ATTRS |
  NL_VALIDATE_NESTED;

/** struct nla_policy (the parts vkern validates). */
export interface NlaPolicy {
  type: number;
  len?: number;
  /** NLA_NESTED: the nested policy (maxtype is `len`); NLA_REJECT: the message. */
  validation_data?: NlaPolicy[] | string;
  /** NLA_VALIDATE_RANGE/MIN/MAX on integer types. */
  min?: number;
  max?: number;
  validate?: (nla: Nlattr, extack: NetlinkExtAck | null) => number;
  strict_start_type?: number;
}

/** struct netlink_ext_ack */
export interface NetlinkExtAck {
  _msg: string | null;
  bad_attr: Nlattr | null;
  cookie: Uint8Array | null;
}

export function newExtAck(): NetlinkExtAck {
  return { _msg: null, bad_attr: null, cookie: null };
}

export function NL_SET_ERR_MSG(extack: NetlinkExtAck | null, msg: string): void {
  if (extack) extack._msg = msg;
}
export function NL_SET_BAD_ATTR(extack: NetlinkExtAck | null, attr: Nlattr): void {
  if (extack) extack.bad_attr = attr;
}
export function NL_SET_ERR_MSG_ATTR(extack: NetlinkExtAck | null, attr: Nlattr, msg: string): void {
  if (!extack) return;
  extack._msg = msg;
  extack.bad_attr = attr;
}

/** A `struct nlattr *`: an attribute header at `off` in `buf`. */
export class Nlattr {
  constructor(
    readonly buf: Uint8Array,
    readonly off: number,
  ) {}
  private get dv(): DataView {
    return new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }
  get nla_len(): number {
    return this.dv.getUint16(this.off, true);
  }
  set nla_len(v: number) {
    this.dv.setUint16(this.off, v & 0xffff, true);
  }
  get nla_type(): number {
    return this.dv.getUint16(this.off + 2, true);
  }
  set nla_type(v: number) {
    this.dv.setUint16(this.off + 2, v & 0xffff, true);
  }
}

/** nla_attr_size(), nla_total_size(), nla_padlen() */
export const nla_attr_size = (payload: number): number => NLA_HDRLEN + payload;
export const nla_total_size = (payload: number): number => NLA_ALIGN(nla_attr_size(payload));
export const nla_padlen = (payload: number): number =>
  nla_total_size(payload) - nla_attr_size(payload);

/** Mirrors nla_type(): the type without the NESTED/BYTEORDER flags. */
export function nla_type(nla: Nlattr): number {
  return nla.nla_type & NLA_TYPE_MASK;
}
/** Mirrors nla_len(): the payload's length. */
export function nla_len(nla: Nlattr): number {
  return nla.nla_len - NLA_HDRLEN;
}
/** Mirrors nla_data(): the payload bytes. */
export function nla_data(nla: Nlattr): Uint8Array {
  const start = nla.off + NLA_HDRLEN;
  return nla.buf.subarray(start, Math.max(start, Math.min(nla.buf.length, nla.off + nla.nla_len)));
}
/** Mirrors nla_ok(). */
export function nla_ok(nla: Nlattr, remaining: number): boolean {
  return remaining >= 4 && nla.nla_len >= 4 && nla.nla_len <= remaining;
}
/** Mirrors nla_next(). */
export function nla_next(nla: Nlattr, remaining: number): { nla: Nlattr; remaining: number } {
  const totlen = NLA_ALIGN(nla.nla_len);
  return { nla: new Nlattr(nla.buf, nla.off + totlen), remaining: remaining - totlen };
}

/** Mirrors nla_for_each_attr(): the attributes of a stream, and the bytes left over. */
export function nla_attrs(
  buf: Uint8Array,
  off: number,
  len: number,
): { attrs: Nlattr[]; rem: number } {
  const attrs: Nlattr[] = [];
  let nla = new Nlattr(buf, off);
  let rem = Math.min(len, Math.max(0, buf.length - off));
  while (nla_ok(nla, rem)) {
    attrs.push(nla);
    ({ nla, remaining: rem } = nla_next(nla, rem));
  }
  return { attrs, rem };
}

/** Mirrors nla_for_each_nested(). */
export function nla_nested(nla: Nlattr): Nlattr[] {
  return nla_attrs(nla.buf, nla.off + NLA_HDRLEN, nla_len(nla)).attrs;
}

// -- getters -------------------------------------------------------------------

function dvOf(nla: Nlattr): DataView {
  const d = nla_data(nla);
  return new DataView(d.buffer, d.byteOffset, d.byteLength);
}
export const nla_get_u8 = (nla: Nlattr): number => nla_data(nla)[0] ?? 0;
export const nla_get_u16 = (nla: Nlattr): number =>
  nla_len(nla) >= 2 ? dvOf(nla).getUint16(0, true) : 0;
export const nla_get_u32 = (nla: Nlattr): number =>
  nla_len(nla) >= 4 ? dvOf(nla).getUint32(0, true) : 0;
export const nla_get_s32 = (nla: Nlattr): number =>
  nla_len(nla) >= 4 ? dvOf(nla).getInt32(0, true) : 0;
export const nla_get_u64 = (nla: Nlattr): bigint =>
  nla_len(nla) >= 8 ? dvOf(nla).getBigUint64(0, true) : 0n;
export const nla_get_flag = (nla: Nlattr | null): boolean => !!nla;
/** The attribute as a C string (up to its first NUL). */
export function nla_get_string(nla: Nlattr): string {
  const d = nla_data(nla);
  const nul = d.indexOf(0);
  return dec.decode(nul < 0 ? d : d.subarray(0, nul));
}
/** Mirrors nla_strcmp(). */
export function nla_strcmp(nla: Nlattr, str: string): number {
  const s = nla_get_string(nla);
  return s === str ? 0 : s < str ? -1 : 1;
}

// -- putters -------------------------------------------------------------------

/** Mirrors __nla_reserve(): an attribute header and zeroed padding. */
function __nla_reserve(skb: SkBuff, attrtype: number, attrlen: number): Nlattr {
  const off = skb.tailOff;
  skb_put(skb, nla_total_size(attrlen)).fill(0);
  const nla = new Nlattr(skb.head, off);
  nla.nla_type = attrtype;
  nla.nla_len = nla_attr_size(attrlen);
  return nla;
}

/** Mirrors nla_put(): 0, or -EMSGSIZE when the skb is full. */
export function nla_put(skb: SkBuff, attrtype: number, attrlen: number, data: Uint8Array): number {
  if (skb_tailroom(skb) < nla_total_size(attrlen)) return -EMSGSIZE;
  const nla = __nla_reserve(skb, attrtype, attrlen);
  nla_data(nla).set(data.subarray(0, attrlen));
  return 0;
}

function putNum(skb: SkBuff, type: number, size: number, set: (dv: DataView) => void): number {
  const b = new Uint8Array(size);
  set(new DataView(b.buffer));
  return nla_put(skb, type, size, b);
}
export const nla_put_u8 = (skb: SkBuff, t: number, v: number) =>
  putNum(skb, t, 1, (d) => d.setUint8(0, v));
export const nla_put_u16 = (skb: SkBuff, t: number, v: number) =>
  putNum(skb, t, 2, (d) => d.setUint16(0, v, true));
export const nla_put_u32 = (skb: SkBuff, t: number, v: number) =>
  putNum(skb, t, 4, (d) => d.setUint32(0, v >>> 0, true));
export const nla_put_s32 = (skb: SkBuff, t: number, v: number) =>
  putNum(skb, t, 4, (d) => d.setInt32(0, v, true));
export const nla_put_u64_64bit = (skb: SkBuff, t: number, v: bigint, _pad = 0) =>
  putNum(skb, t, 8, (d) => d.setBigUint64(0, BigInt.asUintN(64, v), true));
export const nla_put_be32 = (skb: SkBuff, t: number, v: number) =>
  putNum(skb, t, 4, (d) => d.setUint32(0, v >>> 0, false));
/** Mirrors nla_put_flag(): an attribute with no payload. */
export const nla_put_flag = (skb: SkBuff, t: number): number =>
  nla_put(skb, t, 0, new Uint8Array(0));
/** Mirrors nla_put_string(): the string and its NUL. */
export function nla_put_string(skb: SkBuff, t: number, str: string): number {
  const b = enc.encode(str);
  const z = new Uint8Array(b.length + 1);
  z.set(b);
  return nla_put(skb, t, z.length, z);
}

/** Mirrors nla_nest_start() (with NLA_F_NESTED) and nla_nest_start_noflag(). */
export function nla_nest_start(skb: SkBuff, attrtype: number): Nlattr | null {
  if (skb_tailroom(skb) < NLA_HDRLEN) return null;
  const off = skb.tailOff;
  if (nla_put(skb, attrtype | NLA_F_NESTED, 0, new Uint8Array(0))) return null;
  return new Nlattr(skb.head, off);
}
export function nla_nest_start_noflag(skb: SkBuff, attrtype: number): Nlattr | null {
  const off = skb.tailOff;
  if (nla_put(skb, attrtype, 0, new Uint8Array(0))) return null;
  return new Nlattr(skb.head, off);
}
/** Mirrors nla_nest_end(): the nest's length covers what was added since. */
export function nla_nest_end(skb: SkBuff, start: Nlattr): number {
  start.nla_len = skb.tailOff - start.off;
  return skb.len;
}
/** Mirrors nla_nest_cancel(). */
export function nla_nest_cancel(skb: SkBuff, start: Nlattr): void {
  skb_trim(skb, start.off - skb.dataOff);
}

// -- validation and parsing ----------------------------------------------------

const nla_attr_len: Record<number, number> = {
  [NLA_U8]: 1,
  [NLA_U16]: 2,
  [NLA_U32]: 4,
  [NLA_U64]: 8,
  [NLA_S8]: 1,
  [NLA_S16]: 2,
  [NLA_S32]: 4,
  [NLA_S64]: 8,
};
const nla_attr_minlen: Record<number, number> = {
  ...nla_attr_len,
  [NLA_MSECS]: 8,
  [NLA_NESTED]: NLA_HDRLEN,
};

function intValue(nla: Nlattr, type: number): number | bigint {
  const dv = dvOf(nla);
  switch (type) {
    case NLA_U8:
      return dv.getUint8(0);
    case NLA_U16:
      return dv.getUint16(0, true);
    case NLA_U32:
      return dv.getUint32(0, true);
    case NLA_S8:
      return dv.getInt8(0);
    case NLA_S16:
      return dv.getInt16(0, true);
    case NLA_S32:
      return dv.getInt32(0, true);
    case NLA_S64:
      return dv.getBigInt64(0, true);
    default:
      return dv.getBigUint64(0, true);
  }
}

/** Mirrors validate_nla(). */
function validate_nla(
  nla: Nlattr,
  maxtype: number,
  policy: readonly NlaPolicy[],
  validate: number,
  extack: NetlinkExtAck | null,
): number {
  const strict_start = policy[0]?.strict_start_type ?? 0;
  let attrlen = nla_len(nla);
  const type = nla_type(nla);
  if (strict_start && type >= strict_start) validate |= NL_VALIDATE_STRICT;
  if (type <= 0 || type > maxtype) return 0;
  const pt = policy[type] ?? { type: NLA_UNSPEC };
  const failed = (err: number): number => {
    NL_SET_ERR_MSG_ATTR(extack, nla, "Attribute failed policy validation");
    return err;
  };
  const exact = nla_attr_len[pt.type];
  if ((exact && attrlen !== exact) || pt.type === NLA_EXACT_LEN_WARN) {
    if (validate & NL_VALIDATE_STRICT_ATTRS) {
      NL_SET_ERR_MSG_ATTR(extack, nla, "invalid attribute length");
      return -EINVAL;
    }
  }
  if (validate & NL_VALIDATE_NESTED) {
    const nestedType = pt.type === NLA_NESTED || pt.type === NLA_NESTED_ARRAY;
    if (nestedType && !(nla.nla_type & NLA_F_NESTED)) {
      NL_SET_ERR_MSG_ATTR(extack, nla, "NLA_F_NESTED is missing");
      return -EINVAL;
    }
    if (!nestedType && pt.type !== NLA_UNSPEC && nla.nla_type & NLA_F_NESTED) {
      NL_SET_ERR_MSG_ATTR(extack, nla, "NLA_F_NESTED not expected");
      return -EINVAL;
    }
  }
  const data = nla_data(nla);
  switch (pt.type) {
    case NLA_EXACT_LEN:
      if (attrlen !== pt.len) return failed(-ERANGE);
      break;
    case NLA_REJECT:
      if (extack && typeof pt.validation_data === "string") {
        NL_SET_BAD_ATTR(extack, nla);
        extack._msg = pt.validation_data;
        return -EINVAL;
      }
      return failed(-EINVAL);
    case NLA_FLAG:
      if (attrlen > 0) return failed(-ERANGE);
      break;
    case NLA_NUL_STRING:
    case NLA_STRING: {
      if (pt.type === NLA_NUL_STRING) {
        const minlen = pt.len ? Math.min(attrlen, pt.len + 1) : attrlen;
        if (!minlen || data.subarray(0, minlen).indexOf(0) < 0) return failed(-EINVAL);
      }
      if (attrlen < 1) return failed(-ERANGE);
      if (pt.len) {
        if (data[attrlen - 1] === 0) attrlen--;
        if (attrlen > pt.len) return failed(-ERANGE);
      }
      break;
    }
    case NLA_BINARY:
      if (pt.len && attrlen > pt.len) return failed(-ERANGE);
      break;
    case NLA_NESTED:
      if (attrlen === 0) break;
      if (attrlen < NLA_HDRLEN) return failed(-ERANGE);
      if (Array.isArray(pt.validation_data)) {
        const err = __nla_validate_parse(
          nla.buf,
          nla.off + NLA_HDRLEN,
          attrlen,
          pt.len ?? 0,
          pt.validation_data,
          validate,
          extack,
          null,
        );
        if (err < 0) return err;
      }
      break;
    case NLA_UNSPEC:
      if (validate & NL_VALIDATE_UNSPEC) {
        NL_SET_ERR_MSG_ATTR(extack, nla, "Unsupported attribute");
        return -EINVAL;
      }
      if (attrlen < (pt.len ?? 0)) return failed(-ERANGE);
      break;
    case NLA_MIN_LEN:
      if (attrlen < (pt.len ?? 0)) return failed(-ERANGE);
      break;
    default: {
      const minlen = pt.len || nla_attr_minlen[pt.type] || 0;
      if (attrlen < minlen) return failed(-ERANGE);
    }
  }
  if ((pt.min !== undefined || pt.max !== undefined) && nla_attr_len[pt.type]) {
    const v = intValue(nla, pt.type);
    if ((pt.min !== undefined && v < pt.min) || (pt.max !== undefined && v > pt.max)) {
      NL_SET_ERR_MSG_ATTR(extack, nla, "integer out of range");
      return -ERANGE;
    }
  }
  if (pt.validate) {
    const err = pt.validate(nla, extack);
    if (err) return err;
  }
  return 0;
}

/** Mirrors __nla_validate_parse(): fills tb[type] with the last attribute of each type. */
export function __nla_validate_parse(
  buf: Uint8Array,
  off: number,
  len: number,
  maxtype: number,
  policy: readonly NlaPolicy[] | null,
  validate: number,
  extack: NetlinkExtAck | null,
  tb: (Nlattr | null)[] | null,
): number {
  if (tb) for (let i = 0; i <= maxtype; i++) tb[i] = null;
  const { attrs, rem } = nla_attrs(buf, off, len);
  for (const nla of attrs) {
    const type = nla_type(nla);
    if (type === 0 || type > maxtype) {
      if (validate & NL_VALIDATE_MAXTYPE) {
        NL_SET_ERR_MSG_ATTR(extack, nla, "Unknown attribute type");
        return -EINVAL;
      }
      continue;
    }
    if (policy) {
      const err = validate_nla(nla, maxtype, policy, validate, extack);
      if (err < 0) return err;
    }
    if (tb) tb[type] = nla;
  }
  if (rem > 0) {
    NL_SET_ERR_MSG(extack, "bytes leftover after parsing attributes");
    if (validate & NL_VALIDATE_TRAILING) return -EINVAL;
  }
  return 0;
}

/** Mirrors nla_parse() (strict, as 5.4's nla_parse is) over a stream of attributes. */
export function nla_parse(
  tb: (Nlattr | null)[],
  maxtype: number,
  head: Uint8Array,
  len: number,
  policy: readonly NlaPolicy[] | null,
  extack: NetlinkExtAck | null = null,
): number {
  return __nla_validate_parse(head, 0, len, maxtype, policy, NL_VALIDATE_STRICT, extack, tb);
}

/** Mirrors nla_parse_deprecated(): liberal parsing, as older kernels did. */
export function nla_parse_deprecated(
  tb: (Nlattr | null)[],
  maxtype: number,
  head: Uint8Array,
  len: number,
  policy: readonly NlaPolicy[] | null,
  extack: NetlinkExtAck | null = null,
): number {
  return __nla_validate_parse(head, 0, len, maxtype, policy, NL_VALIDATE_LIBERAL, extack, tb);
}

/** Mirrors nla_parse_nested(). */
export function nla_parse_nested(
  tb: (Nlattr | null)[],
  maxtype: number,
  nla: Nlattr,
  policy: readonly NlaPolicy[] | null,
  extack: NetlinkExtAck | null = null,
): number {
  if (!(nla.nla_type & NLA_F_NESTED)) {
    NL_SET_ERR_MSG_ATTR(extack, nla, "NLA_F_NESTED is missing");
    return -EINVAL;
  }
  return __nla_validate_parse(
    nla.buf,
    nla.off + NLA_HDRLEN,
    nla_len(nla),
    maxtype,
    policy,
    NL_VALIDATE_STRICT,
    extack,
    tb,
  );
}

/** Mirrors __nlmsg_parse(): the attributes after a family header of `hdrlen` bytes. */
export function __nlmsg_parse(
  nlh: Nlmsghdr,
  hdrlen: number,
  tb: (Nlattr | null)[],
  maxtype: number,
  policy: readonly NlaPolicy[] | null,
  validate: number,
  extack: NetlinkExtAck | null,
): number {
  if (nlmsg_len(nlh) < hdrlen) {
    NL_SET_ERR_MSG(extack, "Invalid header length");
    return -EINVAL;
  }
  const a = nlmsg_attrdata(nlh, hdrlen);
  return __nla_validate_parse(
    a.buf,
    a.off,
    nlmsg_attrlen(nlh, hdrlen),
    maxtype,
    policy,
    validate,
    extack,
    tb,
  );
}

/** Mirrors nlmsg_parse() (strict). */
export function nlmsg_parse(
  nlh: Nlmsghdr,
  hdrlen: number,
  tb: (Nlattr | null)[],
  maxtype: number,
  policy: readonly NlaPolicy[] | null,
  extack: NetlinkExtAck | null = null,
): number {
  return __nlmsg_parse(nlh, hdrlen, tb, maxtype, policy, NL_VALIDATE_STRICT, extack);
}

/** Mirrors nlmsg_parse_deprecated(). */
export function nlmsg_parse_deprecated(
  nlh: Nlmsghdr,
  hdrlen: number,
  tb: (Nlattr | null)[],
  maxtype: number,
  policy: readonly NlaPolicy[] | null,
  extack: NetlinkExtAck | null = null,
): number {
  return __nlmsg_parse(nlh, hdrlen, tb, maxtype, policy, NL_VALIDATE_LIBERAL, extack);
}
