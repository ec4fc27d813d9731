/**
 * strace's decoders for the socket calls (strace 4.21: msghdr.c print_struct_msghdr,
 * io.c print_iovec, netlink.c decode_netlink, net.c sendto/recvfrom/getsockname/
 * setsockopt/getsockopt): struct msghdr with its iovecs, netlink messages inside
 * them, socket option levels and names. Registered into args.ts's printer table.
 *
 * strace learns a socket's netlink protocol from /proc/PID/fd and sock_diag; this
 * decoder learns it from the socket(2) calls it sees (trackSockets()).
 */
import { errnoName } from "../../../include/uapi/errno.ts";
import { type ArgContext, argTypes, printAddr, printSockaddr, quoteBytes } from "./args.ts";
import { flagsString, type Xlat, xlatName } from "./xlat.ts";

/** What the decoder knows of a tracee's sockets: "pid:fd" → [family, protocol]. */
export type SockTable = Map<string, { family: number; protocol: number }>;

const AF_NETLINK = 16;
const NETLINK_ROUTE = 0;
const NETLINK_SOCK_DIAG = 4;
const NETLINK_KOBJECT_UEVENT = 15;
const NETLINK_GENERIC = 16;
const NLMSG_HDRLEN = 16;
const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
const NLM_F_CAPPED = 0x100;

/** xlat/msg_flags.in */
export const msgFlags: Xlat = [
  [0x1, "MSG_OOB"],
  [0x2, "MSG_PEEK"],
  [0x4, "MSG_DONTROUTE"],
  [0x8, "MSG_CTRUNC"],
  [0x10, "MSG_PROBE"],
  [0x20, "MSG_TRUNC"],
  [0x40, "MSG_DONTWAIT"],
  [0x80, "MSG_EOR"],
  [0x100, "MSG_WAITALL"],
  [0x200, "MSG_FIN"],
  [0x400, "MSG_SYN"],
  [0x800, "MSG_CONFIRM"],
  [0x1000, "MSG_RST"],
  [0x2000, "MSG_ERRQUEUE"],
  [0x4000, "MSG_NOSIGNAL"],
  [0x8000, "MSG_MORE"],
  [0x10000, "MSG_WAITFORONE"],
  [0x40000, "MSG_BATCH"],
  [0x20000000, "MSG_FASTOPEN"],
  [0x40000000, "MSG_CMSG_CLOEXEC"],
];

/** xlat/netlink_types.in */
const netlinkTypes: Xlat = [
  [1, "NLMSG_NOOP"],
  [2, "NLMSG_ERROR"],
  [3, "NLMSG_DONE"],
  [4, "NLMSG_OVERRUN"],
];

/** xlat/netlink_flags.in, netlink_get_flags.in, netlink_ack_flags.in */
const netlinkFlags: Xlat = [
  [0x1, "NLM_F_REQUEST"],
  [0x2, "NLM_F_MULTI"],
  [0x4, "NLM_F_ACK"],
  [0x8, "NLM_F_ECHO"],
  [0x10, "NLM_F_DUMP_INTR"],
  [0x20, "NLM_F_DUMP_FILTERED"],
];
const netlinkAckFlags: Xlat = [
  [0x100, "NLM_F_CAPPED"],
  [0x200, "NLM_F_ACK_TLVS"],
];

/** xlat/netlink_get_flags.in and netlink_new_flags.in */
const netlinkGetFlags: Xlat = [
  [0x300, "NLM_F_DUMP"],
  [0x100, "NLM_F_ROOT"],
  [0x200, "NLM_F_MATCH"],
  [0x400, "NLM_F_ATOMIC"],
];
const netlinkNewFlags: Xlat = [
  [0x100, "NLM_F_REPLACE"],
  [0x200, "NLM_F_EXCL"],
  [0x400, "NLM_F_CREATE"],
  [0x800, "NLM_F_APPEND"],
];

/** xlat/nl_route_types.in */
const RTM = [
  "NEWLINK",
  "DELLINK",
  "GETLINK",
  "SETLINK",
  "NEWADDR",
  "DELADDR",
  "GETADDR",
  "",
  "NEWROUTE",
  "DELROUTE",
  "GETROUTE",
  "",
  "NEWNEIGH",
  "DELNEIGH",
  "GETNEIGH",
  "",
  "NEWRULE",
  "DELRULE",
  "GETRULE",
  "",
  "NEWQDISC",
  "DELQDISC",
  "GETQDISC",
  "",
  "NEWTCLASS",
  "DELTCLASS",
  "GETTCLASS",
  "",
  "NEWTFILTER",
  "DELTFILTER",
  "GETTFILTER",
  "",
  "NEWACTION",
  "DELACTION",
  "GETACTION",
  "",
  "NEWPREFIX",
  "",
  "",
  "",
  "",
  "",
  "GETMULTICAST",
  "",
  "",
  "",
  "GETANYCAST",
  "",
  "NEWNEIGHTBL",
  "",
  "GETNEIGHTBL",
  "SETNEIGHTBL",
  "NEWNDUSEROPT",
  "",
  "",
  "",
  "NEWADDRLABEL",
  "DELADDRLABEL",
  "GETADDRLABEL",
  "",
  "",
  "",
  "GETDCB",
  "SETDCB",
  "NEWNETCONF",
  "DELNETCONF",
  "GETNETCONF",
  "",
  "NEWMDB",
  "DELMDB",
  "GETMDB",
  "",
  "NEWNSID",
  "DELNSID",
  "GETNSID",
  "",
  "NEWSTATS",
  "",
  "GETSTATS",
  "",
  "NEWCACHEREPORT",
  "",
  "",
  "",
  "NEWCHAIN",
  "DELCHAIN",
  "GETCHAIN",
  "",
  "NEWNEXTHOP",
  "DELNEXTHOP",
  "GETNEXTHOP",
];
const nlRouteTypes: Xlat = RTM.flatMap((n, i): [number, string][] =>
  n ? [[16 + i, `RTM_${n}`]] : [],
);

/** xlat/socketlayers.in (the levels vkern has) */
const socketLayers: Xlat = [
  [0, "SOL_IP"],
  [1, "SOL_SOCKET"],
  [6, "SOL_TCP"],
  [17, "SOL_UDP"],
  [41, "SOL_IPV6"],
  [270, "SOL_NETLINK"],
];

/** xlat/sock_options.in (the SOL_SOCKET options vkern has) */
const sockOptions: Xlat = [
  [1, "SO_DEBUG"],
  [2, "SO_REUSEADDR"],
  [3, "SO_TYPE"],
  [4, "SO_ERROR"],
  [5, "SO_DONTROUTE"],
  [6, "SO_BROADCAST"],
  [7, "SO_SNDBUF"],
  [8, "SO_RCVBUF"],
  [9, "SO_KEEPALIVE"],
  [10, "SO_OOBINLINE"],
  [11, "SO_NO_CHECK"],
  [12, "SO_PRIORITY"],
  [13, "SO_LINGER"],
  [14, "SO_BSDCOMPAT"],
  [15, "SO_REUSEPORT"],
  [16, "SO_PASSCRED"],
  [17, "SO_PEERCRED"],
  [18, "SO_RCVLOWAT"],
  [19, "SO_SNDLOWAT"],
  [20, "SO_RCVTIMEO"],
  [21, "SO_SNDTIMEO"],
  [32, "SO_SNDBUFFORCE"],
  [33, "SO_RCVBUFFORCE"],
  [38, "SO_PROTOCOL"],
  [39, "SO_DOMAIN"],
];

/** xlat/socknetlinkoptions.in */
const sockNetlinkOptions: Xlat = [
  [1, "NETLINK_ADD_MEMBERSHIP"],
  [2, "NETLINK_DROP_MEMBERSHIP"],
  [3, "NETLINK_PKTINFO"],
  [4, "NETLINK_BROADCAST_ERROR"],
  [5, "NETLINK_NO_ENOBUFS"],
  [6, "NETLINK_RX_RING"],
  [7, "NETLINK_TX_RING"],
  [8, "NETLINK_LISTEN_ALL_NSID"],
  [9, "NETLINK_LIST_MEMBERSHIPS"],
  [10, "NETLINK_CAP_ACK"],
  [11, "NETLINK_EXT_ACK"],
  [12, "NETLINK_GET_STRICT_CHK"],
];

const num = (v: number | bigint): number =>
  typeof v === "bigint" ? Number(BigInt.asIntN(64, v)) : v;
const int32 = (v: number | bigint): number => Number(BigInt.asIntN(32, BigInt(num(v))));

/** Mirrors the socket bookkeeping strace does through /proc: socket() makes, close() drops, dup() copies. */
export function trackSockets(
  table: SockTable,
  pid: number,
  name: string,
  args: readonly (number | bigint)[],
  ret: number,
): void {
  if (ret < 0) return;
  const key = (fd: number | bigint) => `${pid}:${int32(fd)}`;
  switch (name) {
    case "socket":
      table.set(key(ret), { family: int32(args[0]), protocol: int32(args[2]) });
      break;
    case "close":
      table.delete(key(args[0]));
      break;
    case "dup":
    case "dup2":
    case "dup3": {
      const s = table.get(key(args[0]));
      if (s) table.set(key(ret), s);
      else table.delete(key(ret));
      break;
    }
  }
}

/** The calls trackSockets() must see even when -e filters them out. */
export const SOCKET_TRACKED = new Set(["socket", "close", "dup", "dup2", "dup3"]);

/** Mirrors printstr_ex(): `len` bytes, at most -s of them, "..." after; hex-forced for netlink. */
function printStrn(c: ArgContext, addr: number, len: number, forceHex: boolean): string {
  if (!addr) return "NULL";
  const n = Math.max(0, Math.min(len, c.opts.strsize));
  const b = n ? c.mem.read(addr, n) : new Uint8Array(0);
  if (!b || b.length < n) return printAddr(addr);
  const body = forceHex
    ? `"${[...b].map((x) => `\\x${x.toString(16).padStart(2, "0")}`).join("")}"`
    : quoteBytes(b);
  return body + (len > c.opts.strsize ? "..." : "");
}

interface NlHdr {
  len: number;
  type: number;
  flags: number;
  seq: number;
  pid: number;
}

function fetchNlmsghdr(c: ArgContext, addr: number, len: number): NlHdr | string {
  if (len < NLMSG_HDRLEN) return printStrn(c, addr, len, true);
  const b = c.mem.read(addr, NLMSG_HDRLEN);
  if (!b || b.length < NLMSG_HDRLEN) return printAddr(addr);
  const dv = new DataView(b.buffer, b.byteOffset, NLMSG_HDRLEN);
  return {
    len: dv.getUint32(0, true),
    type: dv.getUint16(4, true),
    flags: dv.getUint16(6, true),
    seq: dv.getUint32(8, true),
    pid: dv.getUint32(12, true),
  };
}

/** Mirrors decode_nlmsg_type(): control messages, else per family (genl: only nlctrl is known). */
function nlmsgType(type: number, family: number): string {
  if (type < 0x10) return xlatName(netlinkTypes, type, "NLMSG_???");
  if (family === NETLINK_ROUTE) return xlatName(nlRouteTypes, type, "RTM_???");
  // strace asks the kernel for the generic families; nlctrl's id is fixed.
  if (family === NETLINK_GENERIC)
    return type === 0x10 ? "nlctrl" : xlatName([], type, "GENERIC_FAMILY_???");
  return xlatName(netlinkTypes, type, "NLMSG_???");
}

/** Mirrors decode_nlmsg_flags(): NLM_F_* plus the GET/NEW modifiers where the family says. */
function nlmsgFlags(flags: number, type: number, family: number): string {
  let extra: Xlat = [];
  if (type < 0x10) extra = type === NLMSG_ERROR ? netlinkAckFlags : [];
  else if (family === NETLINK_SOCK_DIAG) extra = netlinkGetFlags;
  else if (family === NETLINK_ROUTE) {
    extra = (type & 3) === 0 ? netlinkNewFlags : (type & 3) === 2 ? netlinkGetFlags : [];
  }
  return flagsString([...netlinkFlags, ...extra], flags);
}

/** Mirrors print_nlmsghdr(): "{len=, type=, flags=, seq=, pid=}". */
function printNlmsghdr(h: NlHdr, family: number): string {
  const type = nlmsgType(h.type, family);
  const flags = nlmsgFlags(h.flags, h.type, family);
  return `{len=${h.len}, type=${type}, flags=${flags}, seq=${h.seq}, pid=${h.pid}}`;
}

/** Mirrors decode_nlmsgerr(). */
function decodeNlmsgerr(
  c: ArgContext,
  addr: number,
  len: number,
  capped: boolean,
  family: number,
): string {
  if (len < 4) return printStrn(c, addr, len, true);
  const b = c.mem.read(addr, 4);
  if (!b || b.length < 4) return printAddr(addr);
  const error = new DataView(b.buffer, b.byteOffset, 4).getInt32(0, true);
  const name = error < 0 ? errnoName(-error) : undefined;
  let s = `{error=${name ? `-${name}` : String(error)}`;
  addr += 4;
  len -= 4;
  if (len) {
    s += ", msg=";
    const h = fetchNlmsghdr(c, addr, len);
    if (typeof h === "string") s += h;
    else {
      const payload = Math.min(capped ? NLMSG_HDRLEN : h.len, len);
      s += decodeWithPayload(c, h, addr, payload, family);
      if (len > payload) s += `, ${printStrn(c, addr + payload, len - payload, true)}`;
    }
  }
  return `${s}}`;
}

/** Mirrors decode_nlmsghdr_with_payload(). */
function decodeWithPayload(
  c: ArgContext,
  h: NlHdr,
  addr: number,
  len: number,
  family: number,
): string {
  const n = Math.min(h.len, len);
  if (n <= NLMSG_HDRLEN) return printNlmsghdr(h, family);
  const paddr = addr + NLMSG_HDRLEN;
  const plen = n - NLMSG_HDRLEN;
  let payload: string;
  if (h.type === NLMSG_ERROR)
    payload = decodeNlmsgerr(c, paddr, plen, (h.flags & NLM_F_CAPPED) !== 0, family);
  else if (h.type === NLMSG_DONE && plen === 4) {
    const b = c.mem.read(paddr, 4);
    payload =
      b && b.length === 4
        ? String(new DataView(b.buffer, b.byteOffset, 4).getInt32(0, true))
        : printAddr(paddr);
  } else payload = printStrn(c, paddr, plen, true);
  return `{${printNlmsghdr(h, family)}, ${payload}}`;
}

/** Mirrors decode_netlink(): one message, or an array of them; uevents print as strings. */
export function decodeNetlink(c: ArgContext, fd: number, addr: number, len: number): string {
  const sock = c.sock?.(fd);
  const family = sock ? sock.protocol : -1;
  if (family === NETLINK_KOBJECT_UEVENT) return printStrn(c, addr, len, false);
  const parts: string[] = [];
  let array = false;
  for (let elt = 0; ; elt++) {
    const h = fetchNlmsghdr(c, addr, len);
    if (typeof h === "string") {
      parts.push(h);
      break;
    }
    if (elt === c.opts.strsize) {
      parts.push("...");
      break;
    }
    const step = (h.len + 3) & ~3;
    let nextAddr = 0;
    let nextLen = 0;
    if (h.len >= NLMSG_HDRLEN) {
      nextLen = len >= step ? len - step : 0;
      if (nextLen) nextAddr = addr + step;
    }
    if (nextAddr) array = true;
    parts.push(decodeWithPayload(c, h, addr, len, family));
    if (!nextAddr) break;
    addr = nextAddr;
    len = nextLen;
  }
  return array ? `[${parts.join(", ")}]` : parts.join(", ");
}

/** Mirrors decode_sockaddr(): the address, and its family (-1 when not read). */
function decodeSockaddr(
  c: ArgContext,
  addr: number,
  addrlen: number,
): { text: string; family: number } {
  if (addrlen < 2) return { text: printAddr(addr), family: -1 };
  const b = c.mem.read(addr, 2);
  if (!b || b.length < 2) return { text: printAddr(addr), family: -1 };
  return { text: printSockaddr(c.mem, addr, addrlen), family: b[0] | (b[1] << 8) };
}

/** Mirrors tprint_iov_upto() with print_iovec(). */
function printIov(
  c: ArgContext,
  fd: number,
  iovlen: number,
  iov: number,
  netlink: boolean,
  dataSize: number,
): string {
  if (!iov) return "NULL";
  const items: string[] = [];
  let left = dataSize;
  for (let i = 0; i < iovlen; i++) {
    if (i >= c.opts.strsize) {
      items.push("...");
      break;
    }
    const b = c.mem.read(iov + i * 16, 16);
    if (!b || b.length < 16) {
      if (i === 0) return printAddr(iov);
      items.push(`... /* ${printAddr(iov + i * 16)} */`);
      break;
    }
    const dv = new DataView(b.buffer, b.byteOffset, 16);
    const base = Number(dv.getBigUint64(0, true));
    const ilen = Number(dv.getBigUint64(8, true));
    let len = ilen;
    if (left >= 0) {
      len = Math.min(len, left);
      left -= len;
    }
    const shown = netlink ? decodeNetlink(c, fd, base, len) : printStrn(c, base, len, false);
    items.push(`{iov_base=${shown}, iov_len=${ilen}}`);
  }
  return `[${items.join(", ")}]`;
}

/** Mirrors print_struct_msghdr(). */
function printMsghdr(
  c: ArgContext,
  addr: number,
  userNamelen: number | null,
  dataSize: number,
): string {
  const b = addr ? c.mem.read(addr, 56) : null;
  if (!b || b.length < 56) return printAddr(addr);
  const dv = new DataView(b.buffer, b.byteOffset, 56);
  const name = Number(dv.getBigUint64(0, true));
  const namelenRaw = dv.getInt32(8, true);
  const iov = Number(dv.getBigUint64(16, true));
  const iovlen = Number(dv.getBigUint64(24, true));
  const controllen = dv.getBigUint64(40, true);
  const flags = dv.getInt32(48, true);
  const namelen = userNamelen !== null && namelenRaw > userNamelen ? userNamelen : namelenRaw;
  const sa = decodeSockaddr(c, name, namelen);
  const fd = int32(c.args[0]);
  let s = `{msg_name=${sa.text}, msg_namelen=`;
  if (userNamelen !== null && userNamelen !== namelenRaw) s += `${userNamelen}->`;
  s += `${namelenRaw}, msg_iov=${printIov(c, fd, iovlen, iov, sa.family === AF_NETLINK, dataSize)}`;
  s += `, msg_iovlen=${iovlen}, msg_controllen=${controllen}, msg_flags=${flagsString(msgFlags, flags >>> 0)}}`;
  return s;
}

function readInt(c: ArgContext, addr: number): number | null {
  const b = addr ? c.mem.read(addr, 4) : null;
  return b && b.length === 4 ? new DataView(b.buffer, b.byteOffset, 4).getInt32(0, true) : null;
}

/** Mirrors decode_sockbuf(): netlink messages on netlink sockets, a string otherwise. */
function sockbuf(c: ArgContext, addr: number, len: number): string {
  const fd = int32(c.args[0]);
  if (c.sock?.(fd)?.family === AF_NETLINK) return decodeNetlink(c, fd, addr, len);
  return printStrn(c, addr, len, false);
}

/** The option name of setsockopt/getsockopt for a level. */
function sockoptName(level: number, name: number): string {
  if (level === 1) return xlatName(sockOptions, name, "SO_???");
  if (level === 270) return xlatName(sockNetlinkOptions, name, "NETLINK_???");
  return String(name >>> 0);
}

const register = (name: string, t: Parameters<typeof argTypes.set>[1]) => argTypes.set(name, t);

// sendmsg(fd, msg, flags): decoded at entry, no data limit.
register("msghdr", { format: (c) => printMsghdr(c, num(c.value), null, -1) });
// recvmsg(fd, msg, flags): msg_namelen noted at entry, the message decoded at exit.
register("msghdr_out", {
  atExit: true,
  atEntry: (c) => {
    const b = num(c.value) ? c.mem.read(num(c.value), 56) : null;
    if (c.scratch && b && b.length === 56)
      c.scratch.namelen = new DataView(b.buffer, b.byteOffset).getInt32(8, true);
  },
  format: (c) => {
    const namelen = typeof c.scratch?.namelen === "number" ? c.scratch.namelen : null;
    if (namelen === null) return printAddr(c.value);
    if ((c.ret ?? -1) < 0) return `{msg_namelen=${namelen}}`;
    return printMsghdr(c, num(c.value), namelen, c.ret ?? 0);
  },
});
register("msg_flags", { format: (c) => flagsString(msgFlags, num(c.value) >>> 0) });
// sendto's buffer: at entry, as long as the length says.
register("sockbuf", { format: (c) => sockbuf(c, num(c.value), num(c.args[2] ?? 0)) });
// recvfrom's buffer: what arrived.
register("sockbuf_out", {
  atExit: true,
  format: (c) => ((c.ret ?? -1) < 0 ? printAddr(c.value) : sockbuf(c, num(c.value), c.ret ?? 0)),
});
// getsockname/getpeername/recvfrom: the address (param: index of the length pointer) and its length.
const noteSocklen = (c: ArgContext) => {
  const lenp = num(c.args[Number(c.param ?? 2)] ?? 0);
  const ulen = num(c.value) ? readInt(c, lenp) : null;
  if (c.scratch && ulen !== null) c.scratch.ulen = ulen;
};
register("sockaddr_out", {
  atExit: true,
  atEntry: noteSocklen,
  format: (c) => {
    const ulen = c.scratch?.ulen;
    const rlen = readInt(c, num(c.args[Number(c.param ?? 2)] ?? 0));
    if (typeof ulen !== "number" || (c.ret ?? -1) < 0 || rlen === null) return printAddr(c.value);
    return decodeSockaddr(c, num(c.value), Math.min(ulen, rlen)).text;
  },
});
register("socklen_out", {
  atExit: true,
  format: (c) => {
    const ulen = c.scratch?.ulen;
    if (typeof ulen !== "number") return printAddr(c.value);
    const rlen = readInt(c, num(c.value));
    if ((c.ret ?? -1) < 0 || rlen === null) return `[${ulen}]`;
    return ulen !== rlen ? `[${ulen}->${rlen}]` : `[${rlen}]`;
  },
});
register("sol_level", { format: (c) => xlatName(socketLayers, int32(c.value), "SOL_??") });
register("sockopt_name", { format: (c) => sockoptName(int32(c.args[1]), int32(c.value)) });
// setsockopt's value: an int when its length is an int's, else the bytes.
register("sockopt_val", {
  format: (c) => {
    const len = int32(c.args[4] ?? 0);
    if (len === 4) {
      const v = readInt(c, num(c.value));
      return v === null ? printAddr(c.value) : `[${v}]`;
    }
    return printStrn(c, num(c.value), Math.max(0, len), false);
  },
});
// getsockopt's value and length: as written back.
register("sockopt_out", {
  atExit: true,
  atEntry: (c) => {
    const ulen = readInt(c, num(c.args[4] ?? 0));
    if (c.scratch && ulen !== null) c.scratch.ulen = ulen;
  },
  format: (c) => {
    const rlen = readInt(c, num(c.args[4] ?? 0));
    if ((c.ret ?? -1) < 0 || rlen === null) return printAddr(c.value);
    if (rlen === 4) {
      const v = readInt(c, num(c.value));
      return v === null ? printAddr(c.value) : `[${v}]`;
    }
    return printStrn(c, num(c.value), rlen, false);
  },
});
register("sockoptlen_out", {
  atExit: true,
  format: (c) => {
    const ulen = c.scratch?.ulen;
    const rlen = readInt(c, num(c.value));
    if (typeof ulen !== "number") return printAddr(c.value);
    if ((c.ret ?? -1) < 0 || rlen === null) return `[${ulen}]`;
    return ulen !== rlen ? `[${ulen}->${rlen}]` : `[${rlen}]`;
  },
});
