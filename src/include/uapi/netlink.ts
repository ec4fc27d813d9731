/**
 * The netlink wire format (include/uapi/linux/netlink.h of Linux 5.4): protocol
 * numbers, struct nlmsghdr/nlmsgerr/nlattr/sockaddr_nl layouts, the NLMSG_* and
 * NLA_* macros, flags and socket options. Shared by kernel and user code.
 * Sizes, offsets and macro values are checked in test/net against a C program
 * compiled on this machine.
 */

/** Protocols (the `unit` of netlink_kernel_create). */
export const NETLINK_ROUTE = 0;
export const NETLINK_UNUSED = 1;
export const NETLINK_USERSOCK = 2;
export const NETLINK_FIREWALL = 3;
export const NETLINK_SOCK_DIAG = 4;
export const NETLINK_NFLOG = 5;
export const NETLINK_XFRM = 6;
export const NETLINK_SELINUX = 7;
export const NETLINK_ISCSI = 8;
export const NETLINK_AUDIT = 9;
export const NETLINK_FIB_LOOKUP = 10;
export const NETLINK_CONNECTOR = 11;
export const NETLINK_NETFILTER = 12;
export const NETLINK_IP6_FW = 13;
export const NETLINK_DNRTMSG = 14;
export const NETLINK_KOBJECT_UEVENT = 15;
export const NETLINK_GENERIC = 16;
export const NETLINK_SCSITRANSPORT = 18;
export const NETLINK_ECRYPTFS = 19;
export const NETLINK_RDMA = 20;
export const NETLINK_CRYPTO = 21;
export const NETLINK_SMC = 22;
export const NETLINK_INET_DIAG = NETLINK_SOCK_DIAG;
export const MAX_LINKS = 32;

/** struct sockaddr_nl { sa_family_t nl_family; u16 nl_pad; u32 nl_pid; u32 nl_groups; } */
export const SOCKADDR_NL_SIZE = 12;

/** nlmsg_flags */
export const NLM_F_REQUEST = 0x01;
export const NLM_F_MULTI = 0x02;
export const NLM_F_ACK = 0x04;
export const NLM_F_ECHO = 0x08;
export const NLM_F_DUMP_INTR = 0x10;
export const NLM_F_DUMP_FILTERED = 0x20;
/** Modifiers to GET requests */
export const NLM_F_ROOT = 0x100;
export const NLM_F_MATCH = 0x200;
export const NLM_F_ATOMIC = 0x400;
export const NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
/** Modifiers to NEW requests */
export const NLM_F_REPLACE = 0x100;
export const NLM_F_EXCL = 0x200;
export const NLM_F_CREATE = 0x400;
export const NLM_F_APPEND = 0x800;
/** Modifiers to DELETE requests */
export const NLM_F_NONREC = 0x100;
/** Flags for ACK messages */
export const NLM_F_CAPPED = 0x100;
export const NLM_F_ACK_TLVS = 0x200;

export const NLMSG_ALIGNTO = 4;
export const NLMSG_ALIGN = (len: number): number =>
  (len + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);
/** struct nlmsghdr: len u32 @0, type u16 @4, flags u16 @6, seq u32 @8, pid u32 @12. */
export const NLMSG_HDRLEN = NLMSG_ALIGN(16);
export const NLMSG_LENGTH = (len: number): number => len + NLMSG_HDRLEN;
export const NLMSG_SPACE = (len: number): number => NLMSG_ALIGN(NLMSG_LENGTH(len));
/** NLMSG_DATA(nlh): the payload's offset from the header. */
export const NLMSG_DATA = (off: number): number => off + NLMSG_LENGTH(0);
/** NLMSG_NEXT: the next header's offset and the bytes left after it. */
export function NLMSG_NEXT(
  off: number,
  nlmsgLen: number,
  len: number,
): { off: number; len: number } {
  const step = NLMSG_ALIGN(nlmsgLen);
  return { off: off + step, len: len - step };
}
/** NLMSG_OK(nlh, len) given the header's nlmsg_len. */
export function NLMSG_OK(nlmsgLen: number, len: number): boolean {
  return len >= 16 && nlmsgLen >= 16 && nlmsgLen <= len;
}
export const NLMSG_PAYLOAD = (nlmsgLen: number, len: number): number => nlmsgLen - NLMSG_SPACE(len);

/** Reserved control messages */
export const NLMSG_NOOP = 0x1;
export const NLMSG_ERROR = 0x2;
export const NLMSG_DONE = 0x3;
export const NLMSG_OVERRUN = 0x4;
export const NLMSG_MIN_TYPE = 0x10;

/** struct nlmsgerr { int error; struct nlmsghdr msg; } */
export const NLMSGERR_SIZE = 20;
export const NLMSGERR_ATTR_UNUSED = 0;
export const NLMSGERR_ATTR_MSG = 1;
export const NLMSGERR_ATTR_OFFS = 2;
export const NLMSGERR_ATTR_COOKIE = 3;

/** SOL_NETLINK options */
export const NETLINK_ADD_MEMBERSHIP = 1;
export const NETLINK_DROP_MEMBERSHIP = 2;
export const NETLINK_PKTINFO = 3;
export const NETLINK_BROADCAST_ERROR = 4;
export const NETLINK_NO_ENOBUFS = 5;
export const NETLINK_RX_RING = 6;
export const NETLINK_TX_RING = 7;
export const NETLINK_LISTEN_ALL_NSID = 8;
export const NETLINK_LIST_MEMBERSHIPS = 9;
export const NETLINK_CAP_ACK = 10;
export const NETLINK_EXT_ACK = 11;
export const NETLINK_GET_STRICT_CHK = 12;

export const NETLINK_UNCONNECTED = 0;
export const NETLINK_CONNECTED = 1;

/** struct nlattr { u16 nla_len; u16 nla_type; } and its flags */
export const NLA_F_NESTED = 1 << 15;
export const NLA_F_NET_BYTEORDER = 1 << 14;
export const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;
export const NLA_ALIGNTO = 4;
export const NLA_ALIGN = (len: number): number => (len + NLA_ALIGNTO - 1) & ~(NLA_ALIGNTO - 1);
export const NLA_HDRLEN = NLA_ALIGN(4);

/** struct nlmsghdr, decoded. */
export interface NlMsgHdr {
  nlmsg_len: number;
  nlmsg_type: number;
  nlmsg_flags: number;
  nlmsg_seq: number;
  nlmsg_pid: number;
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Reads a struct nlmsghdr at `off` (the caller checks 16 bytes are there). */
export function readNlmsghdr(b: Uint8Array, off = 0): NlMsgHdr {
  const dv = view(b);
  return {
    nlmsg_len: dv.getUint32(off, true),
    nlmsg_type: dv.getUint16(off + 4, true),
    nlmsg_flags: dv.getUint16(off + 6, true),
    nlmsg_seq: dv.getUint32(off + 8, true),
    nlmsg_pid: dv.getUint32(off + 12, true),
  };
}

/** Writes a struct nlmsghdr at `off`. */
export function writeNlmsghdr(b: Uint8Array, off: number, h: NlMsgHdr): void {
  const dv = view(b);
  dv.setUint32(off, h.nlmsg_len >>> 0, true);
  dv.setUint16(off + 4, h.nlmsg_type & 0xffff, true);
  dv.setUint16(off + 6, h.nlmsg_flags & 0xffff, true);
  dv.setUint32(off + 8, h.nlmsg_seq >>> 0, true);
  dv.setUint32(off + 12, h.nlmsg_pid >>> 0, true);
}

/** struct sockaddr_nl, decoded. */
export interface SockaddrNl {
  nl_family: number;
  nl_pad: number;
  nl_pid: number;
  nl_groups: number;
}

/** A little-endian u32 at `o`, as x86_64 lays the structs out. */
export function u32le(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

/** Stores a little-endian u32 at `o` (what a `__u32` field holds on x86_64). */
export function putU32le(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = (v >>> 24) & 0xff;
}

export function readSockaddrNl(b: Uint8Array, off = 0): SockaddrNl {
  return {
    nl_family: b[off] | (b[off + 1] << 8),
    nl_pad: b[off + 2] | (b[off + 3] << 8),
    nl_pid: u32le(b, off + 4),
    nl_groups: u32le(b, off + 8),
  };
}

export function encodeSockaddrNl(a: Partial<SockaddrNl>): Uint8Array {
  const b = new Uint8Array(SOCKADDR_NL_SIZE);
  const dv = view(b);
  dv.setUint16(0, a.nl_family ?? 16, true);
  dv.setUint16(2, a.nl_pad ?? 0, true);
  dv.setUint32(4, (a.nl_pid ?? 0) >>> 0, true);
  dv.setUint32(8, (a.nl_groups ?? 0) >>> 0, true);
  return b;
}

/** Splits a datagram into its messages as NLMSG_OK/NLMSG_NEXT walk it. */
export function splitNlmsgs(b: Uint8Array): { hdr: NlMsgHdr; off: number; payload: Uint8Array }[] {
  const out: { hdr: NlMsgHdr; off: number; payload: Uint8Array }[] = [];
  let off = 0;
  let len = b.length;
  while (len >= NLMSG_HDRLEN) {
    const hdr = readNlmsghdr(b, off);
    if (!NLMSG_OK(hdr.nlmsg_len, len)) break;
    out.push({ hdr, off, payload: b.subarray(off + NLMSG_HDRLEN, off + hdr.nlmsg_len) });
    const n = NLMSG_NEXT(off, hdr.nlmsg_len, len);
    off = n.off;
    len = n.len;
  }
  return out;
}
