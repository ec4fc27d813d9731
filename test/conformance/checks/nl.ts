/**
 * Netlink messages built and parsed by hand for the checks (include/uapi/linux/netlink.h,
 * genetlink.h), independently of vkern's own codecs so that a bug there cannot cancel out.
 */

import { must, type Sys } from "../sys.ts";

export const AF_NETLINK = 16;
export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;
export const SOCK_RAW = 3;
export const SOCK_RDM = 4;
export const SOCK_SEQPACKET = 5;
export const SOCK_NONBLOCK = 0o4000;
export const SOCK_CLOEXEC = 0o2000000;
export const NETLINK_ROUTE = 0;
export const NETLINK_UNUSED = 1;
export const NETLINK_USERSOCK = 2;
export const NETLINK_KOBJECT_UEVENT = 15;
export const NETLINK_GENERIC = 16;
export const SOL_SOCKET = 1;
export const SO_TYPE = 3;
export const SO_PROTOCOL = 38;
export const SO_DOMAIN = 39;
export const SOL_NETLINK = 270;
export const NETLINK_ADD_MEMBERSHIP = 1;
export const NETLINK_CAP_ACK = 10;
export const MSG_PEEK = 0x2;
export const MSG_TRUNC = 0x20;
export const MSG_DONTWAIT = 0x40;

export const NLM_F_REQUEST = 0x1;
export const NLM_F_MULTI = 0x2;
export const NLM_F_ACK = 0x4;
export const NLM_F_DUMP = 0x300;
export const NLM_F_CAPPED = 0x100;
export const NLMSG_NOOP = 1;
export const NLMSG_ERROR = 2;
export const NLMSG_DONE = 3;
export const GENL_ID_CTRL = 16;
export const CTRL_CMD_NEWFAMILY = 1;
export const CTRL_CMD_GETFAMILY = 3;
export const CTRL_ATTR_FAMILY_ID = 1;
export const CTRL_ATTR_FAMILY_NAME = 2;

const align = (n: number) => (n + 3) & ~3;

/** struct nlattr + data, padded to 4. */
export function attr(type: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(align(4 + data.length));
  const dv = new DataView(out.buffer);
  dv.setUint16(0, 4 + data.length, true);
  dv.setUint16(2, type, true);
  out.set(data, 4);
  return out;
}

export const strz = (s: string) => new TextEncoder().encode(`${s}\0`);
export const u16 = (v: number) => new Uint8Array(new Uint16Array([v]).buffer);

/** struct genlmsghdr { cmd, version, reserved } followed by attributes. */
export function genl(cmd: number, ...attrs: Uint8Array[]): Uint8Array {
  const body = [new Uint8Array([cmd, 1, 0, 0]), ...attrs];
  const out = new Uint8Array(body.reduce((n, b) => n + b.length, 0));
  let o = 0;
  for (const b of body) {
    out.set(b, o);
    o += b.length;
  }
  return out;
}

export interface NlHdr {
  len?: number;
  type: number;
  flags: number;
  seq?: number;
  pid?: number;
}

/** One message: the header (nlmsg_len defaults to the true length) and its payload. */
export function nlmsg(h: NlHdr, payload: Uint8Array = new Uint8Array()): Uint8Array {
  const out = new Uint8Array(align(16 + payload.length));
  const dv = new DataView(out.buffer);
  dv.setUint32(0, h.len ?? 16 + payload.length, true);
  dv.setUint16(4, h.type, true);
  dv.setUint16(6, h.flags, true);
  dv.setUint32(8, h.seq ?? 0, true);
  dv.setUint32(12, h.pid ?? 0, true);
  out.set(payload, 16);
  return out;
}

/** CTRL_CMD_GETFAMILY by name. */
export const getFamily = (name: string, flags: number, seq: number) =>
  nlmsg(
    { type: GENL_ID_CTRL, flags, seq },
    genl(CTRL_CMD_GETFAMILY, attr(CTRL_ATTR_FAMILY_NAME, strz(name))),
  );

export interface Msg {
  len: number;
  type: number;
  flags: number;
  seq: number;
  pid: number;
  payload: Uint8Array;
}

/** The messages of one datagram (stops at a header that does not fit). */
export function parse(b: Uint8Array): Msg[] {
  const out: Msg[] = [];
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let o = 0; o + 16 <= b.length; ) {
    const len = dv.getUint32(o, true);
    if (len < 16 || o + len > b.length) break;
    out.push({
      len,
      type: dv.getUint16(o + 4, true),
      flags: dv.getUint16(o + 6, true),
      seq: dv.getUint32(o + 8, true),
      pid: dv.getUint32(o + 12, true),
      payload: b.subarray(o + 16, o + len),
    });
    o += align(len);
  }
  return out;
}

/** The int error of an NLMSG_ERROR (or NLMSG_DONE) payload. */
export const errorCode = (m: Msg) =>
  new DataView(m.payload.buffer, m.payload.byteOffset, 4).getInt32(0, true);

/** The attributes after the genl header: type -> data. */
export function genlAttrs(m: Msg): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  const p = m.payload;
  const dv = new DataView(p.buffer, p.byteOffset, p.byteLength);
  for (let o = 4; o + 4 <= p.length; ) {
    const len = dv.getUint16(o, true);
    if (len < 4) break;
    out.set(dv.getUint16(o + 2, true) & 0x3fff, p.subarray(o + 4, o + len));
    o += align(len);
  }
  return out;
}

export const cstr = (b: Uint8Array | undefined) =>
  b ? new TextDecoder().decode(b.subarray(0, b.indexOf(0) >= 0 ? b.indexOf(0) : b.length)) : null;
export const getU16 = (b: Uint8Array | undefined) =>
  b && b.length >= 2 ? new DataView(b.buffer, b.byteOffset, 2).getUint16(0, true) : null;

/** A NETLINK_GENERIC raw socket (or another protocol), optionally bound to `pid`. */
export async function nlSocket(sys: Sys, bindPid?: number, proto = NETLINK_GENERIC) {
  const fd = must(await sys.socket(AF_NETLINK, SOCK_RAW, proto), "socket");
  if (bindPid !== undefined) must(await sys.bind(fd, bindPid, 0), "bind");
  return fd;
}

/** Every datagram queued on fd now (MSG_DONTWAIT until EAGAIN), at most `max`. */
export async function drain(sys: Sys, fd: number, max = 100): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (let i = 0; i < max; i++) {
    const r = await sys.recvmsg(fd, 65536, MSG_DONTWAIT);
    if ("err" in r) break;
    out.push(r.ok.data);
  }
  return out;
}

/** The port id as C's signed int reads it: "pid" (our pid), "negative", or the number. */
export async function portKind(sys: Sys, port: number): Promise<string | number> {
  if (port === (await sys.getpid())) return "pid";
  return port >= 0x80000000 ? "negative" : port;
}

/** The bytes of `m`'s header as sent (for comparing echoed headers). */
export function headerBytes(b: Uint8Array): string {
  return Array.from(b.subarray(0, 16), (x) => x.toString(16).padStart(2, "0")).join("");
}
