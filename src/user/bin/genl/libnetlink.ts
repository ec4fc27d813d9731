/**
 * iproute2's lib/libnetlink.c, reduced to what genl needs: open a netlink socket,
 * talk (one request, its answer or error), dump (every reply up to NLMSG_DONE),
 * listen, and the rtattr helpers. Messages are built and parsed with the same
 * nlmsg/nla helpers the kernel uses, over plain byte buffers.
 */
import { strerror } from "../../../include/uapi/errno.ts";
import {
  NETLINK_EXT_ACK,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_HDRLEN,
  type NlMsgHdr,
  splitNlmsgs,
} from "../../../include/uapi/netlink.ts";
import {
  AF_NETLINK,
  SO_RCVBUF,
  SO_SNDBUF,
  SOCK_CLOEXEC,
  SOCK_RAW,
  SOL_NETLINK,
  SOL_SOCKET,
} from "../../../include/uapi/socket.ts";
import { type Nlattr, nla_attrs, nla_type } from "../../../net/netlink/attr.ts";
import { SysError } from "../../libc/errors.ts";
import type { Libc } from "../../libc/libc.ts";
import { type Sockets, sockets } from "../../libc/socket.ts";

/** struct rtnl_handle */
export interface RtnlHandle {
  fd: number;
  seq: number;
  dump: number;
  so: Sockets;
  libc: Libc;
}

/** A received message: its header and its bytes (header included). */
export interface NlMessage {
  hdr: NlMsgHdr;
  bytes: Uint8Array;
}

/** Mirrors rtnl_open_byproto(): a socket bound to an automatic port, buffers sized as iproute2 does. */
export async function rtnl_open_byproto(
  libc: Libc,
  groups: number,
  protocol: number,
): Promise<RtnlHandle | null> {
  const so = sockets(libc);
  try {
    const fd = await so.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
    await so.setsockopt(fd, SOL_SOCKET, SO_SNDBUF, 32768);
    await so.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, 1024 * 1024);
    // Older kernels do not know NETLINK_EXT_ACK; iproute2 ignores the error.
    await so.setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, 1).catch(() => 0);
    await so.bindNl(fd, 0, groups);
    const seq = await libc.time();
    return { fd, seq, dump: 0, so, libc };
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    await libc.perror("Cannot open netlink socket");
    return null;
  }
}

export async function rtnl_close(rth: RtnlHandle): Promise<void> {
  await rth.libc.close(rth.fd).catch(() => 0);
}

/** Receives one datagram and splits it into messages. */
async function recvAll(rth: RtnlHandle): Promise<NlMessage[]> {
  const r = await rth.so.recvmsgNl(rth.fd, 32768);
  return splitNlmsgs(r.data).map((m) => ({
    hdr: m.hdr,
    bytes: r.data.subarray(m.off, m.off + m.hdr.nlmsg_len),
  }));
}

function errorOf(m: NlMessage): number {
  return m.bytes.length >= NLMSG_HDRLEN + 4
    ? new DataView(m.bytes.buffer, m.bytes.byteOffset + NLMSG_HDRLEN, 4).getInt32(0, true)
    : 0;
}

/** Mirrors rtnl_talk(): sends the request and returns its answer; errors print "RTNETLINK answers: ...". */
export async function rtnl_talk(rth: RtnlHandle, req: Uint8Array): Promise<NlMessage | null> {
  const seq = ++rth.seq;
  const dv = new DataView(req.buffer, req.byteOffset, req.byteLength);
  dv.setUint32(8, seq, true);
  await rth.so.sendNl(rth.fd, req, 0);
  for (;;) {
    for (const m of await recvAll(rth)) {
      if (m.hdr.nlmsg_seq !== seq) continue;
      if (m.hdr.nlmsg_type === NLMSG_ERROR) {
        const err = errorOf(m);
        if (!err) return m;
        await rth.libc.fprintf(rth.libc.stderr, "RTNETLINK answers: %s\n", strerror(-err));
        rth.libc.errno = -err;
        return null;
      }
      return m;
    }
  }
}

/** Mirrors rtnl_send() of a dump request. */
export async function rtnl_send_dump(rth: RtnlHandle, req: Uint8Array): Promise<void> {
  const seq = ++rth.seq;
  rth.dump = seq;
  new DataView(req.buffer, req.byteOffset, req.byteLength).setUint32(8, seq, true);
  await rth.so.sendNl(rth.fd, req, 0);
}

/** Mirrors rtnl_dump_filter(): runs `filter` on each reply until NLMSG_DONE. */
export async function rtnl_dump_filter(
  rth: RtnlHandle,
  filter: (m: NlMessage) => Promise<number>,
): Promise<number> {
  for (;;) {
    for (const m of await recvAll(rth)) {
      if (m.hdr.nlmsg_seq !== rth.dump) continue;
      if (m.hdr.nlmsg_type === NLMSG_DONE) return 0;
      if (m.hdr.nlmsg_type === NLMSG_ERROR) {
        const err = errorOf(m);
        await rth.libc.fprintf(rth.libc.stderr, "RTNETLINK answers: %s\n", strerror(-err));
        return -1;
      }
      const r = await filter(m);
      if (r < 0) return r;
    }
  }
}

/** Mirrors rtnl_listen(): every message that arrives, for ever (until a signal). */
export async function rtnl_listen(
  rth: RtnlHandle,
  handler: (m: NlMessage) => Promise<number>,
): Promise<number> {
  for (;;) {
    for (const m of await recvAll(rth)) {
      const r = await handler(m);
      if (r < 0) return r;
    }
  }
}

/** Mirrors parse_rtattr(): tb[type] for each attribute of a stream (the last one wins). */
export function parse_rtattr(
  buf: Uint8Array,
  off: number,
  len: number,
  max: number,
): (Nlattr | null)[] {
  const tb: (Nlattr | null)[] = Array.from({ length: max + 1 }, () => null);
  for (const a of nla_attrs(buf, off, len).attrs) {
    const t = nla_type(a);
    if (t <= max) tb[t] = a;
  }
  return tb;
}

/** Mirrors matches(): `cmd` is a prefix of `pattern`. */
export function matches(cmd: string, pattern: string): boolean {
  return cmd.length <= pattern.length && pattern.startsWith(cmd);
}
