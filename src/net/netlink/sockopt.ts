/**
 * SOL_NETLINK socket options (net/netlink/af_netlink.c of Linux 5.4:
 * netlink_setsockopt(), netlink_getsockopt()): group membership, ack shapes,
 * ENOBUFS reporting.
 */

import { EFAULT, EINVAL, ENOPROTOOPT, EPERM } from "../../include/uapi/errno.ts";
import {
  NETLINK_ADD_MEMBERSHIP,
  NETLINK_BROADCAST_ERROR,
  NETLINK_CAP_ACK,
  NETLINK_DROP_MEMBERSHIP,
  NETLINK_EXT_ACK,
  NETLINK_GET_STRICT_CHK,
  NETLINK_LIST_MEMBERSHIPS,
  NETLINK_LISTEN_ALL_NSID,
  NETLINK_NO_ENOBUFS,
  NETLINK_PKTINFO,
} from "../../include/uapi/netlink.ts";
import { SOL_NETLINK } from "../../include/uapi/socket.ts";
import { cred_has_cap } from "../../kernel/capability.ts";
import { get_current } from "../../kernel/context.ts";
import { wake_up } from "../../kernel/wait.ts";
import { copy_to_user, get_user, put_user } from "../../mm/uaccess.ts";
import type { Socket } from "../sockfs.ts";
import {
  init_net,
  NETLINK_F_BROADCAST_SEND_ERROR,
  NETLINK_F_CAP_ACK,
  NETLINK_F_EXT_ACK,
  NETLINK_F_LISTEN_ALL_NSID,
  NETLINK_F_RECV_NO_ENOBUFS,
  NETLINK_F_RECV_PKTINFO,
  NETLINK_F_STRICT_CHK,
  type NetlinkSock,
  NL_CFG_F_NONROOT_RECV,
  netlink_allowed,
  netlink_realloc_groups,
  netlink_update_subscriptions,
  nlk_sk,
} from "./af_netlink.ts";

const FLAG_OPTS: Record<number, number> = {
  [NETLINK_PKTINFO]: NETLINK_F_RECV_PKTINFO,
  [NETLINK_BROADCAST_ERROR]: NETLINK_F_BROADCAST_SEND_ERROR,
  [NETLINK_NO_ENOBUFS]: NETLINK_F_RECV_NO_ENOBUFS,
  [NETLINK_LISTEN_ALL_NSID]: NETLINK_F_LISTEN_ALL_NSID,
  [NETLINK_CAP_ACK]: NETLINK_F_CAP_ACK,
  [NETLINK_EXT_ACK]: NETLINK_F_EXT_ACK,
  [NETLINK_GET_STRICT_CHK]: NETLINK_F_STRICT_CHK,
};

/** Mirrors netlink_update_socket_mc(). */
function netlink_update_socket_mc(sk: NetlinkSock, group: number, isNew: boolean): void {
  const g = sk.groups ?? new Set<number>();
  const old = g.has(group - 1) ? 1 : 0;
  const subscriptions = sk.subscriptions - old + (isNew ? 1 : 0);
  if (isNew) g.add(group - 1);
  else g.delete(group - 1);
  sk.groups = g;
  netlink_update_subscriptions(sk, subscriptions);
}

/** Mirrors netlink_setsockopt(). */
export function netlink_setsockopt(
  sock: Socket,
  level: number,
  optname: number,
  optval: number,
  optlen: number,
): number {
  const sk = nlk_sk(sock.sk!);
  if (level !== SOL_NETLINK) return -ENOPROTOOPT;
  let val = 0;
  if (optlen >= 4) {
    const g = get_user(optval, "u32");
    if (g.err) return -EFAULT;
    val = Number(g.value);
  }
  switch (optname) {
    case NETLINK_ADD_MEMBERSHIP:
    case NETLINK_DROP_MEMBERSHIP: {
      if (!netlink_allowed(sock, NL_CFG_F_NONROOT_RECV)) return -EPERM;
      const err = netlink_realloc_groups(sk);
      if (err) return err;
      if (!val || val - 1 >= sk.ngroups) return -EINVAL;
      if (optname === NETLINK_ADD_MEMBERSHIP && sk.netlink_bind) {
        const e = sk.netlink_bind(init_net, val);
        if (e) return e;
      }
      netlink_update_socket_mc(sk, val, optname === NETLINK_ADD_MEMBERSHIP);
      if (optname === NETLINK_DROP_MEMBERSHIP && sk.netlink_unbind)
        sk.netlink_unbind(init_net, val);
      return 0;
    }
    case NETLINK_LISTEN_ALL_NSID:
      // CAP_NET_BROADCAST (11) in the socket's namespace.
      if (!cred_has_cap(get_current().cred, 11)) return -EPERM;
      break;
    default:
      if (!(optname in FLAG_OPTS)) return -ENOPROTOOPT;
  }
  const flag = FLAG_OPTS[optname];
  if (val) sk.flags |= flag;
  else sk.flags &= ~flag;
  if (optname === NETLINK_NO_ENOBUFS && val) {
    sk.congested = false;
    wake_up(sk.wait);
  }
  return 0;
}

/** Mirrors netlink_getsockopt(). */
export function netlink_getsockopt(
  sock: Socket,
  level: number,
  optname: number,
  optval: number,
  optlen: number,
): number {
  const sk = nlk_sk(sock.sk!);
  if (level !== SOL_NETLINK) return -ENOPROTOOPT;
  const g = get_user(optlen, "int");
  if (g.err) return -EFAULT;
  const len = Number(g.value);
  if (len < 0) return -EINVAL;
  if (optname === NETLINK_LIST_MEMBERSHIPS) {
    let err = 0;
    for (let pos = 0; pos * 8 < sk.ngroups; pos += 4) {
      if (len - pos < 4) break;
      let word = 0;
      for (let b = 0; b < 32; b++) if (sk.groups?.has(pos * 8 + b)) word |= 1 << b;
      if (put_user(word >>> 0, optval + pos, "u32")) {
        err = -EFAULT;
        break;
      }
    }
    if (put_user(Math.ceil(Math.ceil(sk.ngroups / 8) / 4) * 4, optlen, "int")) err = -EFAULT;
    return err;
  }
  if (!(optname in FLAG_OPTS) || optname === NETLINK_LISTEN_ALL_NSID) return -ENOPROTOOPT;
  if (len < 4) return -EINVAL;
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, sk.flags & FLAG_OPTS[optname] ? 1 : 0, true);
  if (put_user(4, optlen, "int") || copy_to_user(optval, b, 4)) return -EFAULT;
  return 0;
}
