/**
 * The netlink family's operations and its boot-time setup (net/netlink/af_netlink.c
 * of Linux 5.4: netlink_ops, netlink_family_ops, netlink_proto_init()).
 */

import { AF_NETLINK } from "../../include/uapi/socket.ts";
import type { Kernel } from "../../kernel/kernel.ts";
import { sock_init } from "../socket.ts";
import { type ProtoOps, sock_no_shutdown, sock_register } from "../sockfs.ts";
import {
  netlink_bind,
  netlink_connect,
  netlink_create,
  netlink_getname,
  netlink_release,
  netlinkOps,
} from "./af_netlink.ts";
import { netlink_recvmsg, netlink_sendmsg } from "./datagram.ts";
import { netlink_getsockopt, netlink_setsockopt } from "./sockopt.ts";

/** struct proto_ops netlink_ops */
export const netlink_ops: ProtoOps = {
  family: AF_NETLINK,
  release: (s) => netlink_release(s),
  bind: (s, a, l) => netlink_bind(s, a, l),
  connect: (s, a, l) => netlink_connect(s, a, l),
  getname: (s, a, peer) => netlink_getname(s, a, peer),
  shutdown: sock_no_shutdown,
  setsockopt: (s, lv, o, v, l) => netlink_setsockopt(s, lv, o, v, l),
  getsockopt: (s, lv, o, v, l) => netlink_getsockopt(s, lv, o, v, l),
  sendmsg: (s, m, l) => netlink_sendmsg(s, m, l),
  recvmsg: (s, m, l, f) => netlink_recvmsg(s, m, l, f),
};
netlinkOps.ops = netlink_ops;

/** Mirrors netlink_proto_init() (and sock_init() for the system calls). */
export function netlink_proto_init(k: Kernel): void {
  sock_init();
  k.run(() => sock_register({ family: AF_NETLINK, create: netlink_create, owner: null }));
}
