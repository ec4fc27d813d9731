/**
 * AF_NETLINK sockets (net/netlink/af_netlink.c of Linux 5.4): the per-protocol
 * table of bound ports and multicast listeners, socket creation, port binding
 * (explicit, and autobind: the tgid first, then a negative id), connect,
 * getsockname/getpeername and release. Message passing is in datagram.ts,
 * kernel-side sockets in kernel.ts, options in sockopt.ts.
 */

import {
  EADDRINUSE,
  EBUSY,
  EINVAL,
  ENOENT,
  EPERM,
  EPROTONOSUPPORT,
  ESOCKTNOSUPPORT,
} from "../../include/uapi/errno.ts";
import {
  MAX_LINKS,
  NETLINK_CONNECTED,
  NETLINK_UNCONNECTED,
  NETLINK_USERSOCK,
  readSockaddrNl,
  SOCKADDR_NL_SIZE,
} from "../../include/uapi/netlink.ts";
import {
  AF_NETLINK,
  AF_UNSPEC,
  SOCK_DGRAM,
  SOCK_RAW,
  SS_UNCONNECTED,
} from "../../include/uapi/socket.ts";
import { CAP_NET_ADMIN, cred_has_cap } from "../../kernel/capability.ts";
import { get_current, this_kernel } from "../../kernel/context.ts";
import { defineKernelLocal, type Kernel } from "../../kernel/kernel.ts";
import type { Module } from "../../kernel/module.ts";
import { DECLARE_WAIT_QUEUE_HEAD, type WaitQueueHead, wake_up } from "../../kernel/wait.ts";
import type { SkBuff } from "../core/skbuff.ts";
import { Sock } from "../core/sock.ts";
import type { ProtoOps, Socket } from "../sockfs.ts";
import type { NetlinkCallback } from "./dump.ts";

/** nlk->flags */
export const NETLINK_F_KERNEL_SOCKET = 0x1;
export const NETLINK_F_RECV_PKTINFO = 0x2;
export const NETLINK_F_BROADCAST_SEND_ERROR = 0x4;
export const NETLINK_F_RECV_NO_ENOBUFS = 0x8;
export const NETLINK_F_LISTEN_ALL_NSID = 0x10;
export const NETLINK_F_CAP_ACK = 0x20;
export const NETLINK_F_EXT_ACK = 0x40;
export const NETLINK_F_STRICT_CHK = 0x80;

/** netlink_kernel_cfg.flags: what unprivileged sockets may do on the protocol. */
export const NL_CFG_F_NONROOT_RECV = 1 << 0;
export const NL_CFG_F_NONROOT_SEND = 1 << 1;

/** struct net: vkern has one network namespace per kernel. */
export interface Net {
  readonly name: string;
}
export const init_net: Net = { name: "init_net" };

/** struct netlink_kernel_cfg */
export interface NetlinkKernelCfg {
  groups?: number;
  flags?: number;
  /** Runs in the sender's context for each datagram sent to the kernel socket. */
  input?: (skb: SkBuff) => void | Promise<void>;
  bind?: (net: Net, group: number) => number;
  unbind?: (net: Net, group: number) => void;
}

/** struct netlink_sock */
export class NetlinkSock extends Sock {
  portid = 0;
  dst_portid = 0;
  dst_group = 0;
  flags = 0;
  subscriptions = 0;
  ngroups = 0;
  /** Subscribed groups, as bit numbers (group - 1). */
  groups: Set<number> | null = null;
  bound = false;
  /** NETLINK_S_CONGESTED */
  congested = false;
  netlink_rcv: NetlinkKernelCfg["input"] | null = null;
  netlink_bind: NetlinkKernelCfg["bind"] | null = null;
  netlink_unbind: NetlinkKernelCfg["unbind"] | null = null;
  /** The module whose protocol this is (pinned while a user socket exists). */
  module: Module | null = null;
  /** A kernel socket's creator (THIS_MODULE of netlink_kernel_create): its input runs as it. */
  kmodule: Module | null = null;
  /** Senders blocked on this socket's full queue wait here (nlk->wait). */
  readonly wait: WaitQueueHead = DECLARE_WAIT_QUEUE_HEAD();
  cb_running = false;
  cb: NetlinkCallback | null = null;
  dump_done_errno = 0;
  max_recvmsg_len = 0;
  readonly socket: Socket;

  constructor(sock: Socket, protocol: number, kern: boolean) {
    super(AF_NETLINK, sock.type, protocol, kern);
    this.socket = sock;
    this.sk_socket = sock;
  }

  /** nlk->groups[0]: the first 32 groups as a mask. */
  groupsWord(): number {
    let w = 0;
    if (this.groups) for (const g of this.groups) if (g < 32) w |= 1 << g;
    return w >>> 0;
  }
}

/** nlk_sk() */
export function nlk_sk(sk: Sock): NetlinkSock {
  return sk as NetlinkSock;
}

export function netlink_is_kernel(sk: Sock): boolean {
  return (nlk_sk(sk).flags & NETLINK_F_KERNEL_SOCKET) !== 0;
}

/** struct netlink_table */
export interface NetlinkTable {
  hash: Map<number, NetlinkSock>;
  mc_list: Set<NetlinkSock>;
  groups: number;
  registered: number;
  flags: number;
  module: Module | null;
  bind: NetlinkKernelCfg["bind"] | null;
  unbind: NetlinkKernelCfg["unbind"] | null;
}

function emptyTable(): NetlinkTable {
  return {
    hash: new Map(),
    mc_list: new Set(),
    groups: 0,
    registered: 0,
    flags: 0,
    module: null,
    bind: null,
    unbind: null,
  };
}

/** nl_table[MAX_LINKS], with NETLINK_USERSOCK registered as netlink_add_usersock_entry() does. */
const nlTables = defineKernelLocal<NetlinkTable[]>(() => {
  const t = Array.from({ length: MAX_LINKS }, emptyTable);
  t[NETLINK_USERSOCK].groups = 32;
  t[NETLINK_USERSOCK].registered = 1;
  t[NETLINK_USERSOCK].flags = NL_CFG_F_NONROOT_SEND;
  return t;
});

export function nl_table(k: Kernel = this_kernel()): NetlinkTable[] {
  return nlTables.get(k);
}

/** The operations of netlink sockets; set by proto.ts (struct proto_ops netlink_ops). */
export const netlinkOps: { ops: ProtoOps | null } = { ops: null };

/** Mirrors netlink_group_mask(). */
export function netlink_group_mask(group: number): number {
  if (group > 32) return 0;
  return group ? (1 << (group - 1)) >>> 0 : 0;
}

/** ffs() of a u32: the lowest set bit, 1-based; 0 for none. */
export function ffs(x: number): number {
  x >>>= 0;
  if (!x) return 0;
  let n = 1;
  while (!(x & 1)) {
    x >>>= 1;
    n++;
  }
  return n;
}

/** Mirrors netlink_lookup(): the socket bound to portid on a protocol. */
export function netlink_lookup(protocol: number, portid: number): NetlinkSock | null {
  return nl_table()[protocol].hash.get(portid >>> 0) ?? null;
}

/** Mirrors netlink_insert(): -EBUSY if already bound elsewhere, -EADDRINUSE if taken. */
export function netlink_insert(sk: NetlinkSock, portid: number): number {
  portid >>>= 0;
  const table = nl_table()[sk.sk_protocol];
  let err = sk.portid === portid ? 0 : -EBUSY;
  if (sk.bound) return err;
  if (table.hash.has(portid)) return -EADDRINUSE;
  sk.portid = portid;
  table.hash.set(portid, sk);
  sk.bound = true;
  err = 0;
  return err;
}

/** prandom_u32_max(n) from the kernel's (injected) random source. */
function prandom_u32_max(n: number): number {
  const b = this_kernel().randomBytes(4);
  const r = (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  return Math.floor((r * n) / 2 ** 32);
}

const S32_MIN = -0x80000000;

/**
 * Mirrors netlink_autobind(): the caller's tgid when free; after a collision a random
 * negative id in [S32_MIN, -4097], counting down from there.
 */
export function netlink_autobind(sock: Socket): number {
  const sk = nlk_sk(sock.sk!);
  const table = nl_table()[sk.sk_protocol];
  let portid = get_current().tgid;
  let rover = -4096;
  for (;;) {
    if (table.hash.has(portid >>> 0)) {
      if (rover === -4096) rover = S32_MIN + prandom_u32_max(-4096 - S32_MIN);
      else if (rover >= -4096) rover = -4097;
      portid = rover--;
      continue;
    }
    const err = netlink_insert(sk, portid);
    if (err === -EADDRINUSE) continue;
    return err === -EBUSY ? 0 : err;
  }
}

/** Mirrors netlink_allowed(): the protocol permits it, or the caller has CAP_NET_ADMIN. */
export function netlink_allowed(sock: Socket, flag: number): boolean {
  return (
    (nl_table()[sock.sk!.sk_protocol].flags & flag) !== 0 ||
    cred_has_cap(get_current().cred, CAP_NET_ADMIN)
  );
}

/** Mirrors netlink_update_subscriptions(): joins or leaves the protocol's mc_list. */
export function netlink_update_subscriptions(sk: NetlinkSock, subscriptions: number): void {
  const mc = nl_table()[sk.sk_protocol].mc_list;
  if (sk.subscriptions && !subscriptions) mc.delete(sk);
  else if (!sk.subscriptions && subscriptions) mc.add(sk);
  sk.subscriptions = subscriptions;
}

/** Mirrors netlink_realloc_groups(): the socket learns how many groups its protocol has. */
export function netlink_realloc_groups(sk: NetlinkSock): number {
  const t = nl_table()[sk.sk_protocol];
  if (!t.registered) return -ENOENT;
  if (sk.ngroups >= t.groups) return 0;
  if (!sk.groups) sk.groups = new Set();
  sk.ngroups = t.groups;
  return 0;
}

function netlink_undo_bind(group: number, groups: number, sk: NetlinkSock): void {
  if (!sk.netlink_unbind) return;
  for (let undo = 0; undo < group; undo++)
    if (groups & (1 << undo)) sk.netlink_unbind(init_net, undo + 1);
}

function popcount32(x: number): number {
  let n = 0;
  for (x >>>= 0; x; x &= x - 1) n++;
  return n;
}

/** Mirrors netlink_bind(). */
export function netlink_bind(sock: Socket, addr: Uint8Array, addrlen: number): number {
  const sk = nlk_sk(sock.sk!);
  if (addrlen < SOCKADDR_NL_SIZE) return -EINVAL;
  const nladdr = readSockaddrNl(addr);
  if (nladdr.nl_family !== AF_NETLINK) return -EINVAL;
  let groups = nladdr.nl_groups;
  if (groups) {
    if (!netlink_allowed(sock, NL_CFG_F_NONROOT_RECV)) return -EPERM;
    const err = netlink_realloc_groups(sk);
    if (err) return err;
  }
  if (sk.ngroups < 32) groups = (groups & ((1 << sk.ngroups) - 1)) >>> 0;
  const bound = sk.bound;
  if (bound && nladdr.nl_pid !== sk.portid) return -EINVAL;
  if (sk.netlink_bind && groups) {
    for (let group = 0; group < 32; group++) {
      if (!(groups & (1 << group))) continue;
      const err = sk.netlink_bind(init_net, group + 1);
      if (!err) continue;
      netlink_undo_bind(group, groups, sk);
      return err;
    }
  }
  if (!bound) {
    const err = nladdr.nl_pid ? netlink_insert(sk, nladdr.nl_pid) : netlink_autobind(sock);
    if (err) {
      netlink_undo_bind(32, groups, sk);
      return err;
    }
  }
  if (!groups && (!sk.groups || !sk.groupsWord())) return 0;
  netlink_update_subscriptions(
    sk,
    sk.subscriptions + popcount32(groups) - popcount32(sk.groupsWord()),
  );
  const g = sk.groups ?? new Set<number>();
  for (let i = 0; i < 32; i++) {
    if (groups & (1 << i)) g.add(i);
    else g.delete(i);
  }
  sk.groups = g;
  return 0;
}

/** Mirrors netlink_connect(): AF_UNSPEC disconnects. */
export function netlink_connect(sock: Socket, addr: Uint8Array, alen: number): number {
  const sk = nlk_sk(sock.sk!);
  if (alen < 2) return -EINVAL;
  const family = addr[0] | (addr[1] << 8);
  if (family === AF_UNSPEC) {
    sk.sk_state = NETLINK_UNCONNECTED;
    sk.dst_portid = 0;
    sk.dst_group = 0;
    return 0;
  }
  if (family !== AF_NETLINK) return -EINVAL;
  if (alen < SOCKADDR_NL_SIZE) return -EINVAL;
  const nladdr = readSockaddrNl(addr);
  if ((nladdr.nl_groups || nladdr.nl_pid) && !netlink_allowed(sock, NL_CFG_F_NONROOT_SEND)) {
    return -EPERM;
  }
  const err = sk.bound ? 0 : netlink_autobind(sock);
  if (err === 0) {
    sk.sk_state = NETLINK_CONNECTED;
    sk.dst_portid = nladdr.nl_pid;
    sk.dst_group = ffs(nladdr.nl_groups);
  }
  return err;
}

/** Mirrors netlink_getname(): our port and groups, or the connected peer's. */
export function netlink_getname(sock: Socket, addr: Uint8Array, peer: boolean): number {
  const sk = nlk_sk(sock.sk!);
  const dv = new DataView(addr.buffer, addr.byteOffset, addr.byteLength);
  dv.setUint16(0, AF_NETLINK, true);
  dv.setUint16(2, 0, true);
  if (peer) {
    dv.setUint32(4, sk.dst_portid >>> 0, true);
    dv.setUint32(8, netlink_group_mask(sk.dst_group), true);
  } else {
    dv.setUint32(4, sk.portid >>> 0, true);
    dv.setUint32(8, sk.groupsWord(), true);
  }
  return SOCKADDR_NL_SIZE;
}

/** Mirrors __netlink_create(). */
export function __netlink_create(sock: Socket, protocol: number, kern: boolean): NetlinkSock {
  sock.ops = netlinkOps.ops;
  const sk = new NetlinkSock(sock, protocol, kern);
  sock.sk = sk;
  return sk;
}

/** Mirrors netlink_create(): the family's create() for socket(2). */
export function netlink_create(sock: Socket, protocol: number, kern: boolean): number {
  const k = this_kernel();
  sock.state = SS_UNCONNECTED;
  if (sock.type !== SOCK_RAW && sock.type !== SOCK_DGRAM) return -ESOCKTNOSUPPORT;
  if (protocol < 0 || protocol >= MAX_LINKS) return -EPROTONOSUPPORT;
  const t = nl_table(k)[protocol];
  if (!t.registered || !k.modules.try_module_get(t.module)) return -EPROTONOSUPPORT;
  const sk = __netlink_create(sock, protocol, kern);
  sk.module = t.module;
  sk.netlink_bind = t.bind;
  sk.netlink_unbind = t.unbind;
  return 0;
}

/** Mirrors netlink_remove(): out of the port hash and the listener list. */
function netlink_remove(sk: NetlinkSock): void {
  const table = nl_table()[sk.sk_protocol];
  if (sk.bound && table.hash.get(sk.portid) === sk) table.hash.delete(sk.portid);
  else if (netlink_is_kernel(sk) && table.hash.get(0) === sk) table.hash.delete(0);
  if (sk.subscriptions) table.mc_list.delete(sk);
}

/** Mirrors netlink_release(). */
export function netlink_release(sock: Socket): number {
  const sk = sock.sk ? nlk_sk(sock.sk) : null;
  if (!sk) return 0;
  const k = this_kernel();
  netlink_remove(sk);
  sk.sk_dead = true;
  if (sk.netlink_unbind && sk.groups) {
    for (let i = 0; i < sk.ngroups; i++) if (sk.groups.has(i)) sk.netlink_unbind(init_net, i + 1);
  }
  sock.sk = null;
  wake_up(sk.wait);
  wake_up(sk.sk_wq);
  if (sk.cb_running && sk.cb) {
    const cb = sk.cb;
    sk.cb_running = false;
    if (cb.done) k.modules.callInto(cb.module, () => cb.done!(cb));
    k.modules.module_put(cb.module);
  }
  if (!netlink_is_kernel(sk)) k.modules.module_put(sk.module);
  if (netlink_is_kernel(sk)) {
    const t = nl_table(k)[sk.sk_protocol];
    if (--t.registered === 0)
      Object.assign(t, { ...emptyTable(), hash: t.hash, mc_list: t.mc_list });
  }
  sk.groups = null;
  sk.sk_receive_queue.purge();
  return 0;
}
