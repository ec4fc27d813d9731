/**
 * Kernel netlink sockets (net/netlink/af_netlink.c of Linux 5.4:
 * __netlink_kernel_create(), netlink_kernel_release(), netlink_capable(),
 * netlink_set_err(), nlmsg_notify()). A driver registers a protocol by creating
 * its kernel socket; user sockets of that protocol pin the driver's module.
 */

import { ESRCH } from "../../include/uapi/errno.ts";
import { MAX_LINKS } from "../../include/uapi/netlink.ts";
import { SOCK_DGRAM } from "../../include/uapi/socket.ts";
import { cred_has_cap } from "../../kernel/capability.ts";
import { cpu, get_current } from "../../kernel/context.ts";
import type { SkBuff } from "../core/skbuff.ts";
import { NETLINK_SKB_DST, skb_get } from "../core/skbuff.ts";
import type { Sock } from "../core/sock.ts";
import { sock_create_lite, sock_release } from "../sockfs.ts";
import {
  __netlink_create,
  NETLINK_F_KERNEL_SOCKET,
  NETLINK_F_RECV_NO_ENOBUFS,
  type Net,
  type NetlinkKernelCfg,
  type NetlinkSock,
  netlink_insert,
  netlink_update_subscriptions,
  nl_table,
  nlk_sk,
} from "./af_netlink.ts";
import { nlmsg_multicast, nlmsg_unicast } from "./datagram.ts";

/**
 * Mirrors netlink_kernel_create() (__netlink_kernel_create() with THIS_MODULE):
 * the kernel's socket on protocol `unit`, or null when the unit is out of range or
 * another kernel socket has it.
 */
export function netlink_kernel_create(
  _net: Net,
  unit: number,
  cfg: NetlinkKernelCfg | null = null,
): NetlinkSock | null {
  if (unit < 0 || unit >= MAX_LINKS) return null;
  const sock = sock_create_lite(SOCK_DGRAM);
  const sk = __netlink_create(sock, unit, true);
  const groups = !cfg || (cfg.groups ?? 0) < 32 ? 32 : cfg.groups!;
  if (cfg?.input) sk.netlink_rcv = cfg.input;
  sk.kmodule = cpu.module;
  if (netlink_insert(sk, 0)) {
    sock_release(sock);
    return null;
  }
  sk.flags |= NETLINK_F_KERNEL_SOCKET;
  const t = nl_table()[unit];
  if (!t.registered) {
    t.groups = groups;
    t.module = cpu.module;
    t.bind = cfg?.bind ?? null;
    t.unbind = cfg?.unbind ?? null;
    t.flags = cfg?.flags ?? 0;
    t.registered = 1;
  } else t.registered++;
  return sk;
}

/** Mirrors netlink_kernel_release(). */
export function netlink_kernel_release(sk: Sock | null): void {
  if (!sk) return;
  const nlk = nlk_sk(sk);
  sock_release(nlk.socket);
}

/** Mirrors __netlink_change_ngroups(): a protocol with more than 32 groups. */
export function netlink_change_ngroups(sk: Sock, groups: number): number {
  nl_table()[sk.sk_protocol].groups = Math.max(groups, 32);
  return 0;
}

/** Mirrors __netlink_clear_multicast_users(): every socket leaves `group`. */
export function netlink_clear_multicast_users(ksk: Sock, group: number): void {
  for (const sk of [...nl_table()[ksk.sk_protocol].mc_list]) {
    if (!sk.groups?.has(group - 1)) continue;
    sk.groups.delete(group - 1);
    netlink_update_subscriptions(sk, sk.subscriptions - 1);
  }
}

/**
 * Mirrors netlink_capable() (netlink_ns_capable()): the sender may do `cap` if the
 * socket was opened by someone with it (or named its destination) and the sender has it.
 */
export function netlink_capable(skb: SkBuff, cap: number): boolean {
  const ssk = skb.cb.sk as NetlinkSock | null;
  const opener = ssk?.socket.fileCred() ?? null;
  const byFile =
    (skb.cb.flags & NETLINK_SKB_DST) !== 0 || (opener ? cred_has_cap(opener, cap) : false);
  return byFile && cred_has_cap(get_current().cred, cap);
}
export const netlink_net_capable = netlink_capable;
export const netlink_ns_capable = (skb: SkBuff, _ns: unknown, cap: number): boolean =>
  netlink_capable(skb, cap);

/** Mirrors netlink_set_err(): every listener of `group` but `portid` gets error `code`. */
export function netlink_set_err(ssk: Sock, portid: number, group: number, code: number): number {
  let ret = 0;
  for (const sk of nl_table()[ssk.sk_protocol].mc_list) {
    if (sk === ssk || sk.portid === portid >>> 0 || !sk.groups?.has(group - 1)) continue;
    if (-code === 105 && sk.flags & NETLINK_F_RECV_NO_ENOBUFS) {
      ret = 1;
      continue;
    }
    sk.sk_err = -code;
    sk.sk_error_report();
  }
  return ret;
}

/** Mirrors nlmsg_notify(): multicast to `group`, and a copy to `portid` when `report`. */
export function nlmsg_notify(
  sk: Sock,
  skb: SkBuff,
  portid: number,
  group: number,
  report: number,
  flags = 0,
): number {
  let err = 0;
  if (group) {
    let exclude = 0;
    if (report) {
      skb_get(skb);
      exclude = portid;
    }
    err = nlmsg_multicast(sk, skb, exclude, group, flags);
    if (err === -ESRCH) err = 0;
  }
  if (report) {
    const err2 = nlmsg_unicast(sk, skb, portid);
    if (!err) err = err2;
  }
  return err;
}
