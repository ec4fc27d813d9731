/**
 * NETLINK_ROUTE, reduced (net/core/rtnetlink.c of Linux 5.4: rtnetlink_net_init(),
 * rtnetlink_rcv_msg()): the protocol exists and checks requests as Linux does, but
 * vkern has no network devices, addresses or routes, so no message type has a
 * handler and every valid request is answered with EOPNOTSUPP.
 */

import { EOPNOTSUPP, EPERM } from "../../include/uapi/errno.ts";
import { NETLINK_ROUTE } from "../../include/uapi/netlink.ts";
import { CAP_NET_ADMIN } from "../../kernel/capability.ts";
import type { SkBuff } from "../core/skbuff.ts";
import { init_net, NL_CFG_F_NONROOT_RECV } from "./af_netlink.ts";
import { netlink_rcv_skb } from "./dump.ts";
import { netlink_capable, netlink_kernel_create } from "./kernel.ts";
import { type Nlmsghdr, nlmsg_len } from "./nlmsg.ts";

/** RTM_BASE and RTM_MAX of 5.4 (the last type is RTM_GETNEXTHOP, 106). */
const RTM_BASE = 16;
const RTM_MAX = 107;
/** RTNLGRP_MAX of 5.4 */
const RTNLGRP_MAX = 32;

/** Mirrors rtnetlink_rcv_msg() for a kernel with no rtnl handlers registered. */
function rtnetlink_rcv_msg(skb: SkBuff, nlh: Nlmsghdr): number {
  let type = nlh.nlmsg_type;
  if (type > RTM_MAX) return -EOPNOTSUPP;
  type -= RTM_BASE;
  // All the messages must have at least 1 byte length (struct rtgenmsg).
  if (nlmsg_len(nlh) < 1) return 0;
  const kind = type & 3;
  if (kind !== 2 && !netlink_capable(skb, CAP_NET_ADMIN)) return -EPERM;
  return -EOPNOTSUPP;
}

/** Mirrors rtnetlink_net_init(). */
export function rtnetlink_init(): void {
  netlink_kernel_create(init_net, NETLINK_ROUTE, {
    groups: RTNLGRP_MAX,
    input: (skb) => {
      netlink_rcv_skb(skb, rtnetlink_rcv_msg);
    },
    flags: NL_CFG_F_NONROOT_RECV,
  });
}
