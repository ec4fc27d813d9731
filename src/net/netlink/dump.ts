/**
 * The kernel side of request processing (net/netlink/af_netlink.c of Linux 5.4):
 * netlink_rcv_skb() walks the messages of a datagram, netlink_ack() answers
 * with NLMSG_ERROR, and dumps (netlink_dump_start()/netlink_dump()) fill the
 * requester's queue buffer by buffer, continuing as it reads, and end with
 * NLMSG_DONE.
 */

import {
  EBUSY,
  ECONNREFUSED,
  EINTR,
  EINVAL,
  ENOBUFS,
  EPROTONOSUPPORT,
} from "../../include/uapi/errno.ts";
import {
  NLM_F_ACK,
  NLM_F_ACK_TLVS,
  NLM_F_CAPPED,
  NLM_F_MULTI,
  NLM_F_REQUEST,
  NLMSG_ALIGN,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_HDRLEN,
  NLMSG_MIN_TYPE,
  NLMSGERR_ATTR_COOKIE,
  NLMSGERR_ATTR_MSG,
  NLMSGERR_ATTR_OFFS,
  NLMSGERR_SIZE,
} from "../../include/uapi/netlink.ts";
import { MSG_DONTWAIT } from "../../include/uapi/socket.ts";
import { cpu, this_kernel } from "../../kernel/context.ts";
import type { Module } from "../../kernel/module.ts";
import {
  alloc_skb,
  kfree_skb,
  type SkBuff,
  skb_pull,
  skb_reserve,
  skb_tailroom,
} from "../core/skbuff.ts";
import type { Sock } from "../core/sock.ts";
import {
  NETLINK_F_CAP_ACK,
  NETLINK_F_EXT_ACK,
  NETLINK_F_STRICT_CHK,
  type NetlinkSock,
  netlink_lookup,
} from "./af_netlink.ts";
import {
  type NetlinkExtAck,
  newExtAck,
  nla_put,
  nla_put_string,
  nla_put_u32,
  nla_total_size,
} from "./attr.ts";
import {
  __netlink_sendskb,
  NLMSG_GOODSIZE,
  netlink_skb_set_owner_r,
  netlink_unicast,
} from "./datagram.ts";
import {
  __nlmsg_put,
  type Nlmsghdr,
  nlmsg_end,
  nlmsg_hdr,
  nlmsg_len,
  nlmsg_new,
  nlmsg_put,
  nlmsg_total_size,
} from "./nlmsg.ts";

const INT_MAX = 0x7fffffff;

/** struct netlink_callback */
export interface NetlinkCallback {
  skb: SkBuff;
  nlh: Nlmsghdr;
  dump: (skb: SkBuff, cb: NetlinkCallback) => number;
  done: ((cb: NetlinkCallback) => number) | null;
  data: unknown;
  module: Module | null;
  extack: NetlinkExtAck | null;
  family: number;
  min_dump_alloc: number;
  strict_check: boolean;
  answer_flags: number;
  prev_seq: number;
  seq: number;
  /** cb->args[6]: the dumper's position, kept between calls. */
  args: number[];
}

/** struct netlink_dump_control */
export interface NetlinkDumpControl {
  start?: (cb: NetlinkCallback) => number;
  dump: (skb: SkBuff, cb: NetlinkCallback) => number;
  done?: (cb: NetlinkCallback) => number;
  data?: unknown;
  module?: Module | null;
  min_dump_alloc?: number;
}

/** Mirrors nlmsg_put_answer(): a message answering the dump's request. */
export function nlmsg_put_answer(
  skb: SkBuff,
  cb: NetlinkCallback,
  type: number,
  len: number,
  flags: number,
): Nlmsghdr | null {
  return nlmsg_put(skb, cb.skb.cb.portid, cb.nlh.nlmsg_seq, type, len, flags);
}

/** Mirrors netlink_dump(): one more buffer of the running dump, or its NLMSG_DONE. */
export function netlink_dump(sk: NetlinkSock): number {
  const k = this_kernel();
  const cb = sk.cb;
  if (!sk.cb_running || !cb) return -EINVAL;
  if (sk.sk_rmem_alloc >= sk.sk_rcvbuf) return -ENOBUFS;
  const alloc_min_size = Math.max(cb.min_dump_alloc, NLMSG_GOODSIZE);
  let alloc_size = alloc_min_size;
  if (alloc_min_size < sk.max_recvmsg_len) alloc_size = sk.max_recvmsg_len;
  const skb = alloc_skb(alloc_size);
  if (!skb) return -ENOBUFS;
  // Trim to the requested size, so a dump never fills more than the reader asked for.
  skb_reserve(skb, skb_tailroom(skb) - alloc_size);
  netlink_skb_set_owner_r(skb, sk);
  const extack = newExtAck();
  if (sk.dump_done_errno > 0) {
    cb.extack = extack;
    sk.dump_done_errno = k.modules.callInto(cb.module, () => cb.dump(skb, cb));
    cb.extack = null;
  }
  if (sk.dump_done_errno > 0 || skb_tailroom(skb) < nlmsg_total_size(4)) {
    __netlink_sendskb(sk, skb);
    return 0;
  }
  const nlh = nlmsg_put_answer(skb, cb, NLMSG_DONE, 4, NLM_F_MULTI | cb.answer_flags);
  if (!nlh) {
    kfree_skb(skb);
    return -ENOBUFS;
  }
  new DataView(skb.head.buffer).setInt32(nlh.off + NLMSG_HDRLEN, sk.dump_done_errno, true);
  if (extack._msg && sk.flags & NETLINK_F_EXT_ACK) {
    nlh.nlmsg_flags |= NLM_F_ACK_TLVS;
    if (!nla_put_string(skb, NLMSGERR_ATTR_MSG, extack._msg)) nlmsg_end(skb, nlh);
  }
  __netlink_sendskb(sk, skb);
  if (cb.done) k.modules.callInto(cb.module, () => cb.done!(cb));
  sk.cb_running = false;
  k.modules.module_put(cb.module);
  return 0;
}

/**
 * Mirrors netlink_dump_start(): starts a dump for the requester of `skb`. Returns
 * -EINTR once started (so netlink_rcv_skb() sends no ack), or -errno.
 */
export function netlink_dump_start(
  ssk: Sock,
  skb: SkBuff,
  _nlh: Nlmsghdr,
  control: NetlinkDumpControl,
): number {
  const k = this_kernel();
  const module = control.module === undefined ? cpu.module : control.module;
  const sk = netlink_lookup(ssk.sk_protocol, skb.cb.portid);
  if (!sk) return -ECONNREFUSED;
  if (sk.cb_running) return -EBUSY;
  if (!k.modules.try_module_get(module)) return -EPROTONOSUPPORT;
  const requester = skb.cb.sk as NetlinkSock | null;
  // The request outlives this call: keep its bytes (cb->skb holds a reference in Linux).
  const keep = alloc_skb(skb.len) ?? skb;
  if (keep !== skb) {
    keep.head.set(skb.data);
    keep.tailOff = skb.len;
    keep.cb = { ...skb.cb };
  }
  const cb: NetlinkCallback = {
    skb: keep,
    nlh: nlmsg_hdr(keep),
    dump: control.dump,
    done: control.done ?? null,
    data: control.data ?? null,
    module,
    extack: null,
    family: 0,
    min_dump_alloc: control.min_dump_alloc ?? 0,
    strict_check: !!requester && (requester.flags & NETLINK_F_STRICT_CHK) !== 0,
    answer_flags: 0,
    prev_seq: 0,
    seq: 0,
    args: [0, 0, 0, 0, 0, 0],
  };
  sk.cb = cb;
  if (control.start) {
    const ret = k.modules.callInto(module, () => control.start!(cb));
    if (ret) {
      k.modules.module_put(module);
      return ret;
    }
  }
  sk.cb_running = true;
  sk.dump_done_errno = INT_MAX;
  const ret = netlink_dump(sk);
  return ret || -EINTR;
}

/**
 * Mirrors netlink_ack(): NLMSG_ERROR with `err` (0 is an ack). Errors echo the whole
 * request unless NETLINK_CAP_ACK; acks echo only the header and say NLM_F_CAPPED.
 */
export function netlink_ack(
  in_skb: SkBuff,
  nlh: Nlmsghdr,
  err: number,
  extack: NetlinkExtAck | null,
): void {
  const sender = in_skb.cb.sk as NetlinkSock | null;
  if (!sender) return;
  let payload = NLMSGERR_SIZE;
  let tlvlen = 0;
  let flags = 0;
  const hasExt = (sender.flags & NETLINK_F_EXT_ACK) !== 0;
  const msgBytes = extack?._msg ? new TextEncoder().encode(extack._msg).length + 1 : 0;
  if (hasExt && extack?._msg) tlvlen += nla_total_size(msgBytes);
  if (err) {
    if (!(sender.flags & NETLINK_F_CAP_ACK)) payload += nlmsg_len(nlh);
    else flags |= NLM_F_CAPPED;
    if (hasExt && extack?.bad_attr) tlvlen += nla_total_size(4);
  } else {
    flags |= NLM_F_CAPPED;
    if (hasExt && extack?.cookie) tlvlen += nla_total_size(extack.cookie.length);
  }
  if (tlvlen) flags |= NLM_F_ACK_TLVS;
  const skb = nlmsg_new(payload + tlvlen);
  if (!skb) {
    sender.sk_err = ENOBUFS;
    sender.sk_error_report();
    return;
  }
  const rep = __nlmsg_put(skb, in_skb.cb.portid, nlh.nlmsg_seq, NLMSG_ERROR, payload, flags);
  const data = skb.head.subarray(rep.off + NLMSG_HDRLEN);
  new DataView(data.buffer, data.byteOffset).setInt32(0, err, true);
  const echo = payload > NLMSGERR_SIZE ? nlh.nlmsg_len : NLMSG_HDRLEN;
  data.set(nlh.buf.subarray(nlh.off, nlh.off + echo), 4);
  if (hasExt && extack) {
    if (extack._msg) nla_put_string(skb, NLMSGERR_ATTR_MSG, extack._msg);
    if (err) {
      const bad = extack.bad_attr;
      if (bad && bad.buf === nlh.buf && bad.off >= in_skb.dataOff && bad.off < in_skb.tailOff) {
        nla_put_u32(skb, NLMSGERR_ATTR_OFFS, bad.off - nlh.off);
      }
    } else if (extack.cookie) {
      nla_put(skb, NLMSGERR_ATTR_COOKIE, extack.cookie.length, extack.cookie);
    }
  }
  nlmsg_end(skb, rep);
  const owner = in_skb.sk as Sock | null;
  if (owner) netlink_unicast(owner, skb, in_skb.cb.portid, MSG_DONTWAIT);
  else kfree_skb(skb);
}

/**
 * Mirrors netlink_rcv_skb(): runs `cb` on each request of the datagram and acks as
 * asked (or on error). A message whose length is below the header or beyond the
 * datagram ends the walk silently.
 */
export function netlink_rcv_skb(
  skb: SkBuff,
  cb: (skb: SkBuff, nlh: Nlmsghdr, extack: NetlinkExtAck) => number,
): number {
  while (skb.len >= nlmsg_total_size(0)) {
    const extack = newExtAck();
    const nlh = nlmsg_hdr(skb);
    let err = 0;
    if (nlh.nlmsg_len < NLMSG_HDRLEN || skb.len < nlh.nlmsg_len) return 0;
    let skip = false;
    if (nlh.nlmsg_flags & NLM_F_REQUEST && nlh.nlmsg_type >= NLMSG_MIN_TYPE) {
      err = cb(skb, nlh, extack);
      if (err === -EINTR) skip = true;
    }
    if (!skip && (nlh.nlmsg_flags & NLM_F_ACK || err)) netlink_ack(skb, nlh, err, extack);
    let msglen = NLMSG_ALIGN(nlh.nlmsg_len);
    if (msglen > skb.len) msglen = skb.len;
    skb_pull(skb, msglen);
  }
  return 0;
}
