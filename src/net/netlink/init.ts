/**
 * Boot-time setup of netlink (the initcalls of net/netlink/af_netlink.c,
 * net/netlink/genetlink.c and lib/kobject_uevent.c): the AF_NETLINK family and
 * the socket system calls, NETLINK_ROUTE (without handlers), the generic netlink
 * socket with nlctrl, and the uevent socket.
 */

import type { Kernel } from "../../kernel/kernel.ts";
import { genl_ctrl_init } from "./ctrl.ts";
import { genl_init } from "./genetlink.ts";
import { netlink_proc_init } from "./proc.ts";
import { netlink_proto_init } from "./proto.ts";
import { rtnetlink_init } from "./rtnetlink.ts";
import { uevent_net_init } from "./uevent.ts";

/** Brings netlink up in a booting kernel (netlink_proto_init(), genl_init(), uevent_net_init()). */
export function netlink_init(k: Kernel): void {
  netlink_proto_init(k);
  k.run(() => {
    netlink_proc_init();
    rtnetlink_init();
    genl_init();
    genl_ctrl_init();
    uevent_net_init(k);
  });
}
