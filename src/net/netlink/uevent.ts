/**
 * The NETLINK_KOBJECT_UEVENT socket (lib/kobject_uevent.c of Linux 5.4:
 * uevent_net_init(), alloc_uevent_skb(), uevent_net_broadcast_untagged(),
 * uevent_net_rcv_skb()): every uevent of the driver core is multicast to group 1
 * as "ACTION@DEVPATH\0KEY=VALUE\0...", from port 0 with root's credentials.
 */

import { register_uevent_listener } from "../../drivers/base/uevent.ts";
import { EOPNOTSUPP, EPERM } from "../../include/uapi/errno.ts";
import { NETLINK_KOBJECT_UEVENT } from "../../include/uapi/netlink.ts";
import { CAP_SYS_ADMIN } from "../../kernel/capability.ts";
import { cpu } from "../../kernel/context.ts";
import { defineKernelLocal, type Kernel } from "../../kernel/kernel.ts";
import { alloc_skb, consume_skb, type SkBuff, skb_get, skb_put_data } from "../core/skbuff.ts";
import type { Sock } from "../core/sock.ts";
import { init_net, NL_CFG_F_NONROOT_RECV } from "./af_netlink.ts";
import { type NetlinkExtAck, NL_SET_ERR_MSG } from "./attr.ts";
import { netlink_broadcast, netlink_has_listeners } from "./datagram.ts";
import { netlink_rcv_skb } from "./dump.ts";
import { netlink_capable, netlink_kernel_create } from "./kernel.ts";
import type { Nlmsghdr } from "./nlmsg.ts";

const enc = new TextEncoder();

const uevent = defineKernelLocal<{ sk: Sock | null }>(() => ({ sk: null }));

/** Mirrors alloc_uevent_skb(): the header "action@devpath\0", then the environment. */
function alloc_uevent_skb(action: string, devpath: string, env: readonly string[]): SkBuff | null {
  const head = enc.encode(`${action}@${devpath}\0`);
  const body = enc.encode(env.map((e) => `${e}\0`).join(""));
  const skb = alloc_skb(head.length + body.length);
  if (!skb) return null;
  skb_put_data(skb, head);
  skb_put_data(skb, body);
  skb.cb.creds = { pid: 0, uid: 0, gid: 0 };
  skb.cb.dst_group = 1;
  skb.cb.portid = 0;
  return skb;
}

/** Mirrors uevent_net_broadcast_untagged(): only built when someone listens. */
export function uevent_net_broadcast(
  k: Kernel,
  action: string,
  devpath: string,
  env: readonly string[],
): number {
  const sk = uevent.get(k).sk;
  if (!sk || !netlink_has_listeners(sk, 1)) return 0;
  const skb = alloc_uevent_skb(action, devpath, env);
  if (!skb) return -12;
  let ret = netlink_broadcast(sk, skb_get(skb), 0, 1);
  if (ret === -105 || ret === -3) ret = 0; // ENOBUFS and ESRCH are user space's business
  consume_skb(skb);
  return ret;
}

/**
 * Mirrors uevent_net_rcv_skb(): user space may inject uevents with CAP_SYS_ADMIN.
 * vkern refuses them (the driver core owns SEQNUM and offers no way to bump it).
 */
function uevent_net_rcv_skb(skb: SkBuff, _nlh: Nlmsghdr, extack: NetlinkExtAck): number {
  if (!netlink_capable(skb, CAP_SYS_ADMIN)) {
    NL_SET_ERR_MSG(extack, "missing CAP_SYS_ADMIN capability");
    return -EPERM;
  }
  return -EOPNOTSUPP;
}

/** Mirrors uevent_net_init(): the kernel socket, and the driver core's events routed to it. */
export function uevent_net_init(k: Kernel): void {
  const st = uevent.get(k);
  st.sk = netlink_kernel_create(init_net, NETLINK_KOBJECT_UEVENT, {
    groups: 1,
    input: (skb) => {
      netlink_rcv_skb(skb, uevent_net_rcv_skb);
    },
    flags: NL_CFG_F_NONROOT_RECV,
  });
  register_uevent_listener(k, (action, devpath, env) => {
    if (cpu.kernel === k) uevent_net_broadcast(k, action, devpath, env);
    else k.run(() => uevent_net_broadcast(k, action, devpath, env));
  });
}
