/**
 * struct sock and its generic parts (include/net/sock.h, net/core/sock.c,
 * net/core/datagram.c): receive queue and memory accounting, pending socket
 * errors, SOL_SOCKET options, and the blocking datagram receive.
 */

import {
  EAGAIN,
  EFAULT,
  EINVAL,
  ENOPROTOOPT,
  EPERM,
  ERESTARTSYS,
} from "../../include/uapi/errno.ts";
import {
  MSG_PEEK,
  RCV_SHUTDOWN,
  SO_BROADCAST,
  SO_DEBUG,
  SO_DOMAIN,
  SO_DONTROUTE,
  SO_ERROR,
  SO_KEEPALIVE,
  SO_OOBINLINE,
  SO_PASSCRED,
  SO_PRIORITY,
  SO_PROTOCOL,
  SO_RCVBUF,
  SO_RCVBUFFORCE,
  SO_RCVLOWAT,
  SO_REUSEADDR,
  SO_REUSEPORT,
  SO_SNDBUF,
  SO_SNDBUFFORCE,
  SO_TYPE,
} from "../../include/uapi/socket.ts";
import { CAP_NET_ADMIN, type Cred, cred_has_cap } from "../../kernel/capability.ts";
import { get_current } from "../../kernel/context.ts";
import {
  DECLARE_WAIT_QUEUE_HEAD,
  kthen,
  type WaitQueueHead,
  wait_event_interruptible,
  wake_up,
} from "../../kernel/wait.ts";
import { copy_to_user, get_user, put_user, type UserPtr } from "../../mm/uaccess.ts";
import { SKB_DATA_ALIGN, SKB_TRUESIZE, type SkBuff, SkBuffHead } from "./skbuff.ts";

/** sysctl net.core.{r,w}mem_{default,max} of 5.4: SK_RMEM_MAX = SKB_TRUESIZE(256) * 256 = 212992. */
export const SK_WMEM_MAX = SKB_TRUESIZE(256) * 256;
export const SK_RMEM_MAX = SK_WMEM_MAX;
/** TCP_SKB_MIN_TRUESIZE = 2048 + SKB_DATA_ALIGN(sizeof(struct sk_buff)) */
const TCP_SKB_MIN_TRUESIZE = 2048 + SKB_DATA_ALIGN(224);
export const SOCK_MIN_RCVBUF = TCP_SKB_MIN_TRUESIZE;
export const SOCK_MIN_SNDBUF = TCP_SKB_MIN_TRUESIZE * 2;
const INT_MAX = 0x7fffffff;

export const SOCK_SNDBUF_LOCK = 1;
export const SOCK_RCVBUF_LOCK = 2;

/** The socket's sysctls (net.core.*); per kernel in Linux, fixed defaults here. */
export const sysctl_rmem_max = SK_RMEM_MAX;
export const sysctl_wmem_max = SK_WMEM_MAX;
export const sysctl_rmem_default = SK_RMEM_MAX;
export const sysctl_wmem_default = SK_WMEM_MAX;

/** The file side of a socket (struct socket), enough for struct sock to reach it. */
export interface SocketRef {
  /** f_cred of the file, for netlink_capable()'s file_ns_capable(). */
  fileCred(): Cred | null;
  ino: number;
}

/** struct sock */
export class Sock {
  sk_family: number;
  sk_type: number;
  sk_protocol: number;
  sk_state = 0;
  sk_rcvbuf = sysctl_rmem_default;
  sk_sndbuf = sysctl_wmem_default;
  sk_rmem_alloc = 0;
  sk_err = 0;
  sk_err_soft = 0;
  sk_shutdown = 0;
  sk_userlocks = 0;
  sk_drops = 0;
  sk_dead = false;
  readonly sk_receive_queue = new SkBuffHead();
  /** The wait queue of the socket (sk_sleep()): readers wait here for data. */
  readonly sk_wq: WaitQueueHead = DECLARE_WAIT_QUEUE_HEAD();
  sk_socket: SocketRef | null = null;
  /** Boolean SOL_SOCKET options that only get stored (SO_REUSEADDR, SO_KEEPALIVE ...). */
  readonly sk_flags = new Map<number, number>();
  /** Kernel socket (created with kern = 1). */
  readonly kern: boolean;

  constructor(family: number, type: number, protocol: number, kern: boolean) {
    this.sk_family = family;
    this.sk_type = type;
    this.sk_protocol = protocol;
    this.kern = kern;
  }

  /** sk->sk_data_ready(): wake readers. */
  sk_data_ready(): void {
    wake_up(this.sk_wq);
  }

  /** sk->sk_error_report(): wake readers so they see sk_err. */
  sk_error_report(): void {
    wake_up(this.sk_wq);
  }
}

/** Mirrors sock_error(): takes the pending error (negative), clearing it. */
export function sock_error(sk: Sock): number {
  const e = sk.sk_err;
  if (!e) return 0;
  sk.sk_err = 0;
  return -e;
}

/** Mirrors sock_rfree(): the skb's truesize leaves the owner's receive memory. */
export function sock_rfree(skb: SkBuff): void {
  const sk = skb.sk;
  if (sk) sk.sk_rmem_alloc -= skb.truesize;
}

/** Mirrors skb_set_owner_r(). */
export function skb_set_owner_r(skb: SkBuff, sk: Sock): void {
  skb.sk = sk;
  skb.destructor = sock_rfree;
  sk.sk_rmem_alloc += skb.truesize;
}

/**
 * Mirrors __skb_try_recv_datagram() + __skb_wait_for_more_packets(): the next datagram
 * (left queued with MSG_PEEK), or null at shutdown, or -errno: a pending socket error,
 * -EAGAIN without waiting, -ERESTARTSYS when a signal cuts the wait short.
 */
export function skb_recv_datagram(
  sk: Sock,
  flags: number,
  noblock: boolean,
): SkBuff | null | number | Promise<SkBuff | null | number> {
  for (;;) {
    const err = sock_error(sk);
    if (err) return err;
    const skb = flags & MSG_PEEK ? sk.sk_receive_queue.peek() : sk.sk_receive_queue.dequeue();
    if (skb) return skb;
    if (sk.sk_shutdown & RCV_SHUTDOWN || sk.sk_dead) return null;
    if (noblock) return -EAGAIN;
    const r = wait_event_interruptible(
      sk.sk_wq,
      () => sk.sk_receive_queue.qlen > 0 || sk.sk_err !== 0 || sk.sk_dead || !!sk.sk_shutdown,
    );
    if (typeof r === "number") {
      if (r) return -ERESTARTSYS;
      continue;
    }
    return kthen(r, (v) => (v ? -ERESTARTSYS : skb_recv_datagram(sk, flags, noblock)));
  }
}

/** Mirrors sock_setsockopt() for the SOL_SOCKET options vkern knows. */
export function sock_setsockopt(
  sk: Sock,
  optname: number,
  optval: UserPtr,
  optlen: number,
): number {
  if (optlen < 4) return -EINVAL;
  const g = get_user(optval, "int");
  if (g.err) return -EFAULT;
  let val = Number(g.value);
  const u32min = (v: number, max: number) => Math.min(v >>> 0, max);
  switch (optname) {
    case SO_SNDBUF:
    case SO_SNDBUFFORCE:
      if (optname === SO_SNDBUFFORCE) {
        if (!cred_has_cap(get_current().cred, CAP_NET_ADMIN)) return -EPERM;
        if (val < 0) val = 0;
      } else val = u32min(val, sysctl_wmem_max);
      val = Math.min(val, Math.floor(INT_MAX / 2));
      sk.sk_userlocks |= SOCK_SNDBUF_LOCK;
      sk.sk_sndbuf = Math.max(val * 2, SOCK_MIN_SNDBUF);
      return 0;
    case SO_RCVBUF:
    case SO_RCVBUFFORCE:
      if (optname === SO_RCVBUFFORCE) {
        if (!cred_has_cap(get_current().cred, CAP_NET_ADMIN)) return -EPERM;
        if (val < 0) val = 0;
      } else val = u32min(val, sysctl_rmem_max);
      val = Math.min(val, Math.floor(INT_MAX / 2));
      sk.sk_userlocks |= SOCK_RCVBUF_LOCK;
      sk.sk_rcvbuf = Math.max(val * 2, SOCK_MIN_RCVBUF);
      return 0;
    case SO_DEBUG:
    case SO_REUSEADDR:
    case SO_REUSEPORT:
    case SO_DONTROUTE:
    case SO_BROADCAST:
    case SO_KEEPALIVE:
    case SO_OOBINLINE:
    case SO_PASSCRED:
      sk.sk_flags.set(optname, val ? 1 : 0);
      return 0;
    case SO_PRIORITY:
      if ((val < 0 || val > 6) && !cred_has_cap(get_current().cred, CAP_NET_ADMIN)) return -EPERM;
      sk.sk_flags.set(optname, val);
      return 0;
    case SO_RCVLOWAT:
      sk.sk_flags.set(optname, val < 0 ? INT_MAX : val === 0 ? 1 : val);
      return 0;
    default:
      return -ENOPROTOOPT;
  }
}

/** Mirrors sock_getsockopt(): an int option, truncated to the caller's length. */
export function sock_getsockopt(
  sk: Sock,
  optname: number,
  optval: UserPtr,
  optlen: UserPtr,
): number {
  const g = get_user(optlen, "int");
  if (g.err) return -EFAULT;
  let len = Number(g.value);
  if (len < 0) return -EINVAL;
  let v: number;
  switch (optname) {
    case SO_SNDBUF:
      v = sk.sk_sndbuf;
      break;
    case SO_RCVBUF:
      v = sk.sk_rcvbuf;
      break;
    case SO_TYPE:
      v = sk.sk_type;
      break;
    case SO_PROTOCOL:
      v = sk.sk_protocol;
      break;
    case SO_DOMAIN:
      v = sk.sk_family;
      break;
    case SO_ERROR:
      v = -sock_error(sk);
      if (!v) {
        v = sk.sk_err_soft;
        sk.sk_err_soft = 0;
      }
      break;
    case SO_DEBUG:
    case SO_REUSEADDR:
    case SO_REUSEPORT:
    case SO_DONTROUTE:
    case SO_BROADCAST:
    case SO_KEEPALIVE:
    case SO_OOBINLINE:
    case SO_PASSCRED:
    case SO_PRIORITY:
      v = sk.sk_flags.get(optname) ?? 0;
      break;
    case SO_RCVLOWAT:
      v = sk.sk_flags.get(optname) ?? 1;
      break;
    default:
      return -ENOPROTOOPT;
  }
  if (len > 4) len = 4;
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, v, true);
  if (copy_to_user(optval, b, len)) return -EFAULT;
  return put_user(len, optlen, "int");
}
