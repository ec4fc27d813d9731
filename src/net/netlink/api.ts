/**
 * The netlink API for drivers (include/linux/netlink.h, include/net/netlink.h,
 * include/net/genetlink.h, include/linux/skbuff.h), as src/linux.ts re-exports it.
 */

export {
  NETLINK_ADD_MEMBERSHIP,
  NETLINK_CAP_ACK,
  NETLINK_DROP_MEMBERSHIP,
  NETLINK_EXT_ACK,
  NETLINK_GENERIC,
  NETLINK_KOBJECT_UEVENT,
  NETLINK_ROUTE,
  NETLINK_USERSOCK,
  NLM_F_ACK,
  NLM_F_CREATE,
  NLM_F_DUMP,
  NLM_F_ECHO,
  NLM_F_EXCL,
  NLM_F_MULTI,
  NLM_F_REPLACE,
  NLM_F_REQUEST,
  NLM_F_ROOT,
  NLMSG_ALIGN,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_HDRLEN,
  NLMSG_LENGTH,
  NLMSG_MIN_TYPE,
  NLMSG_NOOP,
  NLMSG_SPACE,
} from "../../include/uapi/netlink.ts";
export {
  alloc_skb,
  consume_skb,
  kfree_skb,
  type NetlinkSkbParms,
  SkBuff,
  skb_pull,
  skb_put,
  skb_put_data,
  skb_reserve,
  skb_tailroom,
  skb_trim,
} from "../core/skbuff.ts";
export type { Sock } from "../core/sock.ts";
export {
  init_net,
  type Net,
  type NetlinkKernelCfg,
  NL_CFG_F_NONROOT_RECV,
  NL_CFG_F_NONROOT_SEND,
} from "./af_netlink.ts";
export * from "./attr.ts";
export {
  NLMSG_DEFAULT_SIZE,
  NLMSG_GOODSIZE,
  netlink_broadcast,
  netlink_has_listeners,
  netlink_unicast,
  nlmsg_multicast,
  nlmsg_unicast,
} from "./datagram.ts";
export {
  type NetlinkCallback,
  type NetlinkDumpControl,
  netlink_ack,
  netlink_dump_start,
  netlink_rcv_skb,
  nlmsg_put_answer,
} from "./dump.ts";
export {
  GENL_DONT_VALIDATE_DUMP,
  GENL_DONT_VALIDATE_STRICT,
  type GenlFamily,
  type GenlHdr,
  type GenlInfo,
  type GenlMulticastGroup,
  type GenlOps,
  genl_has_listeners,
  genl_register_family,
  genl_unregister_family,
  genlmsg_cancel,
  genlmsg_end,
  genlmsg_multicast,
  genlmsg_new,
  genlmsg_put,
  genlmsg_put_reply,
  genlmsg_reply,
  genlmsg_unicast,
} from "./genetlink.ts";
export {
  netlink_capable,
  netlink_kernel_create,
  netlink_kernel_release,
  netlink_set_err,
  nlmsg_notify,
} from "./kernel.ts";
export {
  __nlmsg_put,
  cstring,
  NLMSG_DATA,
  Nlmsghdr,
  nlmsg_attrdata,
  nlmsg_attrlen,
  nlmsg_cancel,
  nlmsg_data,
  nlmsg_end,
  nlmsg_free,
  nlmsg_hdr,
  nlmsg_len,
  nlmsg_msg_size,
  nlmsg_new,
  nlmsg_next,
  nlmsg_ok,
  nlmsg_put,
  nlmsg_total_size,
} from "./nlmsg.ts";

import type { NetlinkSkbParms, SkBuff } from "../core/skbuff.ts";

/** NETLINK_CB(skb): the netlink control block of an skb. */
export function NETLINK_CB(skb: SkBuff): NetlinkSkbParms {
  return skb.cb;
}

const enc = new TextEncoder();

/** One byte per character: a loop over short strings costs less than a regular expression. */
function ascii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Mirrors strnlen(): the string's length in bytes (UTF-8), at most maxlen. */
export function strnlen(s: string, maxlen: number): number {
  return Math.min(ascii(s) ? s.length : enc.encode(s).length, maxlen);
}

/** Mirrors strncpy(): at most n bytes of src, NUL-padded to n. */
export function strncpy(dest: Uint8Array, src: string, n: number): Uint8Array {
  const m = Math.min(n, dest.length);
  let i = 0;
  for (; i < m && i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c > 0x7f) break;
    dest[i] = c;
  }
  if (i === src.length || i === m) {
    for (; i < m; i++) dest[i] = 0;
    return dest;
  }
  const b = enc.encode(src);
  for (i = 0; i < m; i++) dest[i] = i < b.length ? b[i] : 0;
  return dest;
}
