/**
 * Netlink message passing (net/netlink/af_netlink.c of Linux 5.4): sendmsg and
 * recvmsg of user sockets, unicast to a port (a kernel socket's input runs at
 * once, in the sender's context), multicast to groups, and receive-queue
 * accounting: a full queue blocks a user sender, and makes the kernel's
 * messages fail with the receiver seeing ENOBUFS on its next receive.
 */

import {
  EAGAIN,
  ECONNREFUSED,
  EFAULT,
  EINVAL,
  EMSGSIZE,
  ENOBUFS,
  ENODATA,
  EOPNOTSUPP,
  EPERM,
  ERESTARTSYS,
  ESRCH,
} from "../../include/uapi/errno.ts";
import {
  NETLINK_CONNECTED,
  putU32le,
  readSockaddrNl,
  SOCKADDR_NL_SIZE,
} from "../../include/uapi/netlink.ts";
import {
  AF_NETLINK,
  MSG_DONTWAIT,
  MSG_OOB,
  MSG_PEEK,
  MSG_TRUNC,
} from "../../include/uapi/socket.ts";
import { get_current, this_kernel } from "../../kernel/context.ts";
import { kthen, wait_event_interruptible, wake_up } from "../../kernel/wait.ts";
import { type KMsghdr, memcpy_from_msg, memcpy_to_msg } from "../core/msghdr.ts";
import {
  alloc_skb,
  alloc_skb_exact,
  consume_skb,
  kfree_skb,
  NETLINK_SKB_DST,
  SKB_WITH_OVERHEAD,
  type SkBuff,
  skb_clone,
  skb_get,
  skb_orphan,
  skb_put,
  skb_shared,
  skb_shrink_to_fit,
} from "../core/skbuff.ts";
import { type Sock, skb_recv_datagram, sock_rfree } from "../core/sock.ts";
import type { KRet, Socket } from "../sockfs.ts";
import {
  ffs,
  NETLINK_F_BROADCAST_SEND_ERROR,
  NETLINK_F_RECV_NO_ENOBUFS,
  type NetlinkSock,
  NL_CFG_F_NONROOT_SEND,
  netlink_allowed,
  netlink_autobind,
  netlink_group_mask,
  netlink_is_kernel,
  netlink_lookup,
  nl_table,
  nlk_sk,
} from "./af_netlink.ts";
import { netlink_dump } from "./dump.ts";

/** NLMSG_GOODSIZE: SKB_WITH_OVERHEAD(PAGE_SIZE), 3776 bytes on x86_64. */
export const NLMSG_GOODSIZE = SKB_WITH_OVERHEAD(4096);
export const NLMSG_DEFAULT_SIZE = NLMSG_GOODSIZE - 16;

/** Mirrors netlink_overrun(): the receiver lost a message; it will read ENOBUFS. */
export function netlink_overrun(sk: NetlinkSock): void {
  if (!(sk.flags & NETLINK_F_RECV_NO_ENOBUFS)) {
    if (!sk.congested) {
      sk.congested = true;
      sk.sk_err = ENOBUFS;
      sk.sk_error_report();
    }
  }
  sk.sk_drops++;
}

/** Mirrors netlink_rcv_wake(): an emptied queue is no longer congested; blocked senders retry. */
function netlink_rcv_wake(sk: NetlinkSock): void {
  if (sk.sk_receive_queue.qlen === 0) sk.congested = false;
  if (!sk.congested) wake_up(sk.wait);
}

/** Mirrors netlink_skb_set_owner_r(): the skb's truesize is charged to the receiver. */
export function netlink_skb_set_owner_r(skb: SkBuff, sk: Sock): void {
  skb.sk = sk;
  skb.destructor = sock_rfree;
  sk.sk_rmem_alloc += skb.truesize;
}

/** Mirrors __netlink_sendskb(): queue and wake the reader. */
export function __netlink_sendskb(sk: NetlinkSock, skb: SkBuff): number {
  const len = skb.len;
  sk.sk_receive_queue.queueTail(skb);
  sk.sk_data_ready();
  return len;
}

/** Mirrors netlink_getsockbyportid(): a connected socket takes messages only from its peer. */
function netlink_getsockbyportid(ssk: NetlinkSock, portid: number): NetlinkSock | number {
  const sock = netlink_lookup(ssk.sk_protocol, portid);
  if (!sock) return -ECONNREFUSED;
  if (sock.sk_state === NETLINK_CONNECTED && sock.dst_portid !== ssk.portid) return -ECONNREFUSED;
  return sock;
}

/** Mirrors netlink_unicast_kernel(): the kernel socket's input consumes the skb now. */
function netlink_unicast_kernel(sk: NetlinkSock, skb: SkBuff, ssk: NetlinkSock): KRet {
  if (!sk.netlink_rcv) {
    kfree_skb(skb);
    return -ECONNREFUSED;
  }
  const ret = skb.len;
  netlink_skb_set_owner_r(skb, sk);
  skb.cb.sk = ssk;
  const input = sk.netlink_rcv;
  const k = this_kernel();
  const r = k.modules.callMethod(sk.kmodule, input, skb, undefined, undefined, undefined);
  if (r instanceof Promise) {
    return kthen(r, () => {
      consume_skb(skb);
      return ret;
    });
  }
  consume_skb(skb);
  return ret;
}

/**
 * Mirrors netlink_unicast(): delivers to the socket bound to `portid`. A full
 * receiver makes a blocking sender sleep until there is room, else -EAGAIN.
 */
export function netlink_unicast(
  ssk: Sock,
  skb: SkBuff,
  portid: number,
  nonblock: boolean | number,
): KRet {
  return netlink_unicast_retry(nlk_sk(ssk), skb_shrink_to_fit(skb), portid, !!nonblock);
}

/** One attempt of netlink_unicast() (the "retry:" label after a sleep). */
function netlink_unicast_retry(
  src: NetlinkSock,
  skb: SkBuff,
  portid: number,
  nonblock: boolean,
): KRet {
  const sk = netlink_getsockbyportid(src, portid);
  if (typeof sk === "number") {
    kfree_skb(skb);
    return sk;
  }
  if (netlink_is_kernel(sk)) return netlink_unicast_kernel(sk, skb, src);
  if (sk.sk_rmem_alloc > sk.sk_rcvbuf || sk.congested) {
    if (nonblock) {
      if (netlink_is_kernel(src)) netlink_overrun(sk);
      kfree_skb(skb);
      return -EAGAIN;
    }
    const w = wait_event_interruptible(
      sk.wait,
      () => !(sk.sk_rmem_alloc > sk.sk_rcvbuf || sk.congested) || sk.sk_dead,
    );
    const after = (v: number): KRet => {
      if (v || get_current().signalPending()) {
        kfree_skb(skb);
        return -ERESTARTSYS;
      }
      return netlink_unicast_retry(src, skb, portid, nonblock);
    };
    return typeof w === "number" ? after(w) : kthen(w, after);
  }
  netlink_skb_set_owner_r(skb, sk);
  return __netlink_sendskb(sk, skb);
}

/** Mirrors nlmsg_unicast(): a kernel reply, never blocking; 0 or -errno. */
export function nlmsg_unicast(sk: Sock, skb: SkBuff, portid: number): number {
  const err = netlink_unicast(sk, skb, portid, MSG_DONTWAIT);
  // A kernel sender never blocks, so the result is never a promise.
  const n = typeof err === "number" ? err : 0;
  return Math.min(n, 0);
}

/** Mirrors netlink_broadcast_deliver(). */
function netlink_broadcast_deliver(sk: NetlinkSock, skb: SkBuff): number {
  if (sk.sk_rmem_alloc <= sk.sk_rcvbuf && !sk.congested) {
    netlink_skb_set_owner_r(skb, sk);
    __netlink_sendskb(sk, skb);
    return sk.sk_rmem_alloc > sk.sk_rcvbuf >> 1 ? 1 : 0;
  }
  return -1;
}

/**
 * Mirrors netlink_broadcast_filtered(): a copy to every member of `group` except
 * `portid` and the sender. 0 if someone got it, -ESRCH if nobody listens, -ENOBUFS
 * when a NETLINK_BROADCAST_ERROR listener overflowed.
 */
export function netlink_broadcast_filtered(
  ssk: Sock,
  skb: SkBuff,
  portid: number,
  group: number,
  _allocation: number,
  filter: ((dsk: Sock, skb: SkBuff, data: unknown) => boolean) | null,
  filter_data: unknown,
): number {
  skb = skb_shrink_to_fit(skb);
  let delivered = false;
  let deliveryFailure = false;
  let skb2: SkBuff | null = null;
  for (const sk of [...nl_table()[ssk.sk_protocol].mc_list]) {
    if (sk === ssk) continue;
    if (sk.portid === portid >>> 0 || group - 1 >= sk.ngroups || !sk.groups?.has(group - 1))
      continue;
    if (!skb2) {
      skb2 = skb_shared(skb) ? skb_clone(skb) : skb_get(skb);
      skb_orphan(skb2);
    }
    if (filter?.(sk, skb2, filter_data)) {
      kfree_skb(skb2);
      skb2 = null;
      continue;
    }
    if (netlink_broadcast_deliver(sk, skb2) < 0) {
      netlink_overrun(sk);
      if (sk.flags & NETLINK_F_BROADCAST_SEND_ERROR) deliveryFailure = true;
    } else {
      delivered = true;
      skb2 = null;
    }
  }
  consume_skb(skb);
  if (skb2) kfree_skb(skb2);
  if (deliveryFailure) return -ENOBUFS;
  return delivered ? 0 : -ESRCH;
}

/** Mirrors netlink_broadcast(). */
export function netlink_broadcast(
  ssk: Sock,
  skb: SkBuff,
  portid: number,
  group: number,
  allocation = 0,
): number {
  return netlink_broadcast_filtered(ssk, skb, portid, group, allocation, null, null);
}

/** Mirrors nlmsg_multicast(): sets the destination group, then broadcasts. */
export function nlmsg_multicast(
  sk: Sock,
  skb: SkBuff,
  portid: number,
  group: number,
  flags = 0,
): number {
  skb.cb.dst_group = group;
  return Math.min(netlink_broadcast(sk, skb, portid, group, flags), 0);
}

/** Mirrors netlink_has_listeners(). */
export function netlink_has_listeners(sk: Sock, group: number): boolean {
  for (const s of nl_table()[sk.sk_protocol].mc_list) if (s.groups?.has(group - 1)) return true;
  return false;
}

/** Mirrors netlink_alloc_large_skb(): messages beyond NLMSG_GOODSIZE get an exact buffer. */
function netlink_alloc_large_skb(size: number, broadcast: number): SkBuff | null {
  if (size <= NLMSG_GOODSIZE || broadcast) return alloc_skb(size);
  return alloc_skb_exact(size);
}

/** Mirrors netlink_sendmsg(). */
export function netlink_sendmsg(sock: Socket, msg: KMsghdr, len: number): KRet {
  const sk = nlk_sk(sock.sk!);
  if (msg.msg_flags & MSG_OOB) return -EOPNOTSUPP;
  if (len === 0) return -ENODATA;
  let dst_portid: number;
  let dst_group: number;
  let skbFlags = 0;
  if (msg.msg_namelen) {
    if (msg.msg_namelen < SOCKADDR_NL_SIZE || !msg.msg_name) return -EINVAL;
    const addr = readSockaddrNl(msg.msg_name);
    if (addr.nl_family !== AF_NETLINK) return -EINVAL;
    dst_portid = addr.nl_pid;
    dst_group = ffs(addr.nl_groups);
    if ((dst_group || dst_portid) && !netlink_allowed(sock, NL_CFG_F_NONROOT_SEND)) return -EPERM;
    skbFlags |= NETLINK_SKB_DST;
  } else {
    dst_portid = sk.dst_portid;
    dst_group = sk.dst_group;
  }
  if (!sk.bound) {
    const err = netlink_autobind(sock);
    if (err) return err;
  }
  if (len > sk.sk_sndbuf - 32) return -EMSGSIZE;
  const skb = netlink_alloc_large_skb(len, dst_group);
  if (!skb) return -ENOBUFS;
  const cur = get_current();
  skb.cb.portid = sk.portid;
  skb.cb.dst_group = dst_group;
  skb.cb.creds = { pid: cur.tgid, uid: cur.cred.uid, gid: cur.cred.gid };
  skb.cb.flags = skbFlags;
  if (memcpy_from_msg(skb_put(skb, len), msg, len)) {
    kfree_skb(skb);
    return -EFAULT;
  }
  if (dst_group) {
    skb_get(skb);
    netlink_broadcast(sk, skb, dst_portid, dst_group);
  }
  return netlink_unicast(sk, skb, dst_portid, msg.msg_flags & MSG_DONTWAIT);
}

/** SKB_WITH_OVERHEAD(32768): the cap on the dump buffer size recvmsg calls suggest. */
const MAX_RECVMSG_HINT = SKB_WITH_OVERHEAD(32768);

/** Mirrors netlink_recvmsg(): one datagram; MSG_TRUNC in msg_flags when it did not fit. */
export function netlink_recvmsg(sock: Socket, msg: KMsghdr, len: number, flags: number): KRet {
  const sk = nlk_sk(sock.sk!);
  if (flags & MSG_OOB) return -EOPNOTSUPP;
  const r = skb_recv_datagram(sk, flags, (flags & MSG_DONTWAIT) !== 0);
  if (r instanceof Promise)
    return kthen(r, (skb) => netlink_recvmsg_finish(sk, msg, len, flags, skb));
  return netlink_recvmsg_finish(sk, msg, len, flags, r);
}

/** netlink_recvmsg() once a datagram (or an error) is there. */
function netlink_recvmsg_finish(
  sk: NetlinkSock,
  msg: KMsghdr,
  len: number,
  flags: number,
  skb: SkBuff | null | number,
): number {
  if (skb === null || typeof skb === "number") {
    netlink_rcv_wake(sk);
    return skb ?? 0;
  }
  sk.max_recvmsg_len = Math.min(Math.max(sk.max_recvmsg_len, len), MAX_RECVMSG_HINT);
  let copied = skb.len;
  if (len < copied) {
    msg.msg_flags |= MSG_TRUNC;
    copied = len;
  }
  const err = memcpy_to_msg(msg, skb.data, copied);
  if (msg.msg_name) {
    const name = msg.msg_name;
    name[0] = AF_NETLINK;
    name[1] = 0;
    name[2] = 0;
    name[3] = 0;
    putU32le(name, 4, skb.cb.portid);
    putU32le(name, 8, netlink_group_mask(skb.cb.dst_group));
    msg.msg_namelen = SOCKADDR_NL_SIZE;
  }
  if (flags & MSG_TRUNC) copied = skb.len;
  // skb_free_datagram(): a peeked skb stays queued; a taken one is freed (uncharged).
  if (!(flags & MSG_PEEK)) consume_skb(skb);
  if (sk.cb_running && sk.sk_rmem_alloc <= sk.sk_rcvbuf / 2) {
    const ret = netlink_dump(sk);
    if (ret) {
      sk.sk_err = -ret;
      sk.sk_error_report();
    }
  }
  netlink_rcv_wake(sk);
  return err || copied;
}
