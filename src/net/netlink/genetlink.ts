/**
 * Generic netlink (net/netlink/genetlink.c, include/net/genetlink.h of Linux 5.4):
 * families registered by name get a dynamic id and multicast group ids; requests
 * on NETLINK_GENERIC are routed by nlmsg_type to the family and by genlmsghdr.cmd
 * to its op, attributes validated against the family's policy. The nlctrl family
 * (ctrl.ts) answers CTRL_CMD_GETFAMILY.
 */

import { EEXIST, EINVAL, ENOENT, EOPNOTSUPP, EPERM } from "../../include/uapi/errno.ts";
import {
  GENL_ADMIN_PERM,
  GENL_HDRLEN,
  GENL_ID_CTRL,
  GENL_ID_PMCRAID,
  GENL_ID_VFS_DQUOT,
  GENL_MAX_ID,
  GENL_NAMSIZ,
  GENL_START_ALLOC,
  GENL_UNS_ADMIN_PERM,
} from "../../include/uapi/genetlink.ts";
import {
  NETLINK_GENERIC,
  NLM_F_DUMP,
  NLMSG_ALIGN,
  NLMSG_HDRLEN,
} from "../../include/uapi/netlink.ts";
import { CAP_NET_ADMIN } from "../../kernel/capability.ts";
import { cpu, this_kernel } from "../../kernel/context.ts";
import { defineKernelLocal } from "../../kernel/kernel.ts";
import type { Module } from "../../kernel/module.ts";
import type { SkBuff } from "../core/skbuff.ts";
import type { Sock } from "../core/sock.ts";
import {
  init_net,
  type Net,
  type NetlinkSock,
  NL_CFG_F_NONROOT_RECV,
  nl_table,
} from "./af_netlink.ts";
import {
  __nla_validate_parse,
  __nlmsg_parse,
  type NetlinkExtAck,
  NL_VALIDATE_LIBERAL,
  NL_VALIDATE_STRICT,
  type NlaPolicy,
  type Nlattr,
} from "./attr.ts";
import { nlmsg_multicast, nlmsg_unicast } from "./datagram.ts";
import { type NetlinkCallback, netlink_dump_start, netlink_rcv_skb } from "./dump.ts";
import {
  netlink_capable,
  netlink_change_ngroups,
  netlink_clear_multicast_users,
  netlink_kernel_create,
} from "./kernel.ts";
import {
  type Nlmsghdr,
  nlmsg_attrdata,
  nlmsg_attrlen,
  nlmsg_cancel,
  nlmsg_data,
  nlmsg_end,
  nlmsg_msg_size,
  nlmsg_new,
  nlmsg_put,
} from "./nlmsg.ts";

/** genl_ops.validate flags */
export const GENL_DONT_VALIDATE_STRICT = 1 << 0;
export const GENL_DONT_VALIDATE_DUMP = 1 << 1;
export const GENL_DONT_VALIDATE_DUMP_STRICT = 1 << 2;

/** struct genl_info */
export interface GenlInfo {
  snd_seq: number;
  snd_portid: number;
  nlhdr: Nlmsghdr;
  /** The genlmsghdr and what follows: genlhdr[0] is cmd, [1] version. */
  genlhdr: Uint8Array;
  /** The family's own header (hdrsize bytes after the genlmsghdr). */
  userhdr: Uint8Array;
  attrs: (Nlattr | null)[];
  extack: NetlinkExtAck;
  user_ptr: [unknown, unknown];
}

/** struct genl_ops */
export interface GenlOps {
  cmd: number;
  flags?: number;
  validate?: number;
  doit?: (skb: SkBuff, info: GenlInfo) => number;
  start?: (cb: NetlinkCallback) => number;
  dumpit?: (skb: SkBuff, cb: NetlinkCallback) => number;
  done?: (cb: NetlinkCallback) => number;
}

/** struct genl_multicast_group */
export interface GenlMulticastGroup {
  name: string;
}

/** struct genl_family: what a driver declares; id and mcgrp_offset are filled in. */
export interface GenlFamily {
  id?: number;
  hdrsize?: number;
  name: string;
  version?: number;
  maxattr?: number;
  netnsok?: boolean;
  parallel_ops?: boolean;
  policy?: NlaPolicy[];
  ops: GenlOps[];
  mcgrps?: GenlMulticastGroup[];
  mcgrp_offset?: number;
  module?: Module | null;
  pre_doit?: (ops: GenlOps, skb: SkBuff, info: GenlInfo) => number;
  post_doit?: (ops: GenlOps, skb: SkBuff, info: GenlInfo) => void;
  mcast_bind?: (net: Net, group: number) => number;
  mcast_unbind?: (net: Net, group: number) => void;
}

interface GenlState {
  families: Map<number, GenlFamily>;
  /** mc_groups bitmap: 0 and 1 reserved, and the fixed ids of nlctrl, VFS_DQUOT, pmcraid. */
  mcGroups: Set<number>;
  sock: NetlinkSock | null;
  /** Notifies nlctrl's listeners of new and removed families (set by ctrl.ts). */
  event:
    | ((event: number, family: GenlFamily, grp: GenlMulticastGroup | null, grpId: number) => void)
    | null;
}

const genlState = defineKernelLocal<GenlState>(() => ({
  families: new Map(),
  mcGroups: new Set([0, 1, GENL_ID_CTRL, GENL_ID_VFS_DQUOT, GENL_ID_PMCRAID]),
  sock: null,
  event: null,
}));

export function genl_state(): GenlState {
  return genlState.get(this_kernel());
}

/** The families in id order (idr_for_each_entry()). */
export function genl_families(): GenlFamily[] {
  return [...genl_state().families.values()].sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
}

export function genl_family_find_byid(id: number): GenlFamily | null {
  return genl_state().families.get(id) ?? null;
}

export function genl_family_find_byname(name: string): GenlFamily | null {
  for (const f of genl_state().families.values()) if (f.name === name) return f;
  return null;
}

/** Mirrors genl_get_cmd(). */
export function genl_get_cmd(cmd: number, family: GenlFamily): GenlOps | null {
  return family.ops.find((o) => o.cmd === cmd) ?? null;
}

/** Mirrors genl_validate_ops(): each op does something, no command twice. */
function genl_validate_ops(family: GenlFamily): number {
  const seen = new Set<number>();
  for (const op of family.ops) {
    if (!op.dumpit && !op.doit) return -EINVAL;
    if (seen.has(op.cmd)) return -EINVAL;
    seen.add(op.cmd);
  }
  return 0;
}

/** Mirrors genl_allocate_reserve_groups(): the first run of free group ids. */
function genl_allocate_reserve_groups(n: number): number {
  const used = genl_state().mcGroups;
  for (let id = 0; ; id++) {
    let ok = true;
    for (let i = 0; i < n; i++) if (used.has(id + i)) ok = false;
    if (ok) {
      for (let i = 0; i < n; i++) used.add(id + i);
      return id;
    }
  }
}

/** Mirrors genl_validate_assign_mc_groups(). */
function genl_validate_assign_mc_groups(family: GenlFamily): number {
  const n = family.mcgrps?.length ?? 0;
  if (!n) return 0;
  for (const g of family.mcgrps!) if (!g.name || g.name.length >= GENL_NAMSIZ) return -EINVAL;
  let first: number;
  if (family.id === GENL_ID_CTRL) first = GENL_ID_CTRL;
  else if (family.name === "NET_DM") first = 1;
  else if (family.id === GENL_ID_VFS_DQUOT) first = GENL_ID_VFS_DQUOT;
  else if (family.id === GENL_ID_PMCRAID) first = GENL_ID_PMCRAID;
  else first = genl_allocate_reserve_groups(n);
  family.mcgrp_offset = first;
  const st = genl_state();
  const top = Math.max(...st.mcGroups) + 1;
  if (st.sock) netlink_change_ngroups(st.sock, Math.ceil(top / 64) * 64);
  return 0;
}

/** Mirrors genl_register_family(): 0, -EEXIST for a taken name, -EINVAL for bad ops. */
export function genl_register_family(family: GenlFamily): number {
  const st = genl_state();
  if (!family.name || family.name.length >= GENL_NAMSIZ) return -EINVAL;
  const err = genl_validate_ops(family);
  if (err) return err;
  if (genl_family_find_byname(family.name)) return -EEXIST;
  if (family.module === undefined) family.module = cpu.module;
  let start = GENL_START_ALLOC;
  let end = GENL_MAX_ID;
  if (family.name === "nlctrl") start = end = GENL_ID_CTRL;
  else if (family.name === "pmcraid") start = end = GENL_ID_PMCRAID;
  else if (family.name === "VFS_DQUOT") start = end = GENL_ID_VFS_DQUOT;
  let id = start;
  while (id <= end && st.families.has(id)) id++;
  if (id > end) return -28; // -ENOSPC from idr_alloc()
  family.id = id;
  st.families.set(id, family);
  const e = genl_validate_assign_mc_groups(family);
  if (e) {
    st.families.delete(id);
    return e;
  }
  st.event?.(1 /* CTRL_CMD_NEWFAMILY */, family, null, 0);
  family.mcgrps?.forEach((g, i) =>
    st.event?.(7 /* CTRL_CMD_NEWMCAST_GRP */, family, g, (family.mcgrp_offset ?? 0) + i),
  );
  return 0;
}

/** Mirrors genl_unregister_family(): its groups' listeners are dropped; -ENOENT if unknown. */
export function genl_unregister_family(family: GenlFamily): number {
  const st = genl_state();
  if (family.id === undefined || st.families.get(family.id) !== family) return -ENOENT;
  const n = family.mcgrps?.length ?? 0;
  const off = family.mcgrp_offset ?? 0;
  for (let i = 0; i < n; i++) {
    if (st.sock) netlink_clear_multicast_users(st.sock, off + i);
    if (family.id !== GENL_ID_CTRL && off !== 1) st.mcGroups.delete(off + i);
  }
  family.mcgrps?.forEach((g, i) => st.event?.(8 /* CTRL_CMD_DELMCAST_GRP */, family, g, off + i));
  st.families.delete(family.id);
  st.event?.(2 /* CTRL_CMD_DELFAMILY */, family, null, 0);
  return 0;
}

function genlListenerSet(): Set<NetlinkSock> {
  return nl_table()[NETLINK_GENERIC].mc_list;
}

/** A genlmsghdr pointer: the header's message and where the family header starts. */
export interface GenlHdr {
  nlh: Nlmsghdr;
  /** The family's user header (hdrsize bytes). */
  user: Uint8Array;
}

/** Mirrors genlmsg_msg_size()/genlmsg_total_size(). */
export const genlmsg_msg_size = (payload: number): number => GENL_HDRLEN + payload;
export const genlmsg_total_size = (payload: number): number =>
  NLMSG_ALIGN(genlmsg_msg_size(payload));

/** Mirrors genlmsg_new(). */
export function genlmsg_new(payload: number, flags = 0): SkBuff | null {
  return nlmsg_new(genlmsg_total_size(payload), flags);
}

/** Mirrors genlmsg_put(): a message of the family with its genlmsghdr; null if no room. */
export function genlmsg_put(
  skb: SkBuff,
  portid: number,
  seq: number,
  family: GenlFamily,
  flags: number,
  cmd: number,
): GenlHdr | null {
  const hdrsize = family.hdrsize ?? 0;
  const nlh = nlmsg_put(skb, portid, seq, family.id ?? 0, GENL_HDRLEN + hdrsize, flags);
  if (!nlh) return null;
  const hdr = nlmsg_data(nlh);
  hdr[0] = cmd;
  hdr[1] = family.version ?? 0;
  hdr[2] = 0;
  hdr[3] = 0;
  const u = nlh.off + NLMSG_HDRLEN + GENL_HDRLEN;
  return { nlh, user: nlh.buf.subarray(u, u + hdrsize) };
}

/** Mirrors genlmsg_put_reply(). */
export function genlmsg_put_reply(
  skb: SkBuff,
  info: GenlInfo,
  family: GenlFamily,
  flags: number,
  cmd: number,
): GenlHdr | null {
  return genlmsg_put(skb, info.snd_portid, info.snd_seq, family, flags, cmd);
}

/** Mirrors genlmsg_end(). */
export function genlmsg_end(skb: SkBuff, hdr: GenlHdr): void {
  nlmsg_end(skb, hdr.nlh);
}

/** Mirrors genlmsg_cancel(). */
export function genlmsg_cancel(skb: SkBuff, hdr: GenlHdr): void {
  nlmsg_cancel(skb, hdr.nlh);
}

/** Mirrors genlmsg_unicast()/genlmsg_reply(). */
export function genlmsg_unicast(_net: Net, skb: SkBuff, portid: number): number {
  const sk = genl_state().sock;
  return sk ? nlmsg_unicast(sk, skb, portid) : -ENOENT;
}
export function genlmsg_reply(skb: SkBuff, info: GenlInfo): number {
  return genlmsg_unicast(init_net, skb, info.snd_portid);
}

/** Mirrors genlmsg_multicast(): `group` is the index into the family's mcgrps. */
export function genlmsg_multicast(
  family: GenlFamily,
  skb: SkBuff,
  portid: number,
  group: number,
  flags = 0,
): number {
  if (group >= (family.mcgrps?.length ?? 0)) return -EINVAL;
  const sk = genl_state().sock;
  if (!sk) return -ENOENT;
  return nlmsg_multicast(sk, skb, portid, (family.mcgrp_offset ?? 0) + group, flags);
}

/** Mirrors genl_has_listeners(). */
export function genl_has_listeners(family: GenlFamily, _net: Net, group: number): boolean {
  const g = (family.mcgrp_offset ?? 0) + group;
  for (const sk of genlListenerSet()) if (sk.groups?.has(g - 1)) return true;
  return false;
}

/** Mirrors genl_family_rcv_msg(). */
function genl_family_rcv_msg(
  family: GenlFamily,
  skb: SkBuff,
  nlh: Nlmsghdr,
  extack: NetlinkExtAck,
): number {
  const k = this_kernel();
  const hdrlen = GENL_HDRLEN + (family.hdrsize ?? 0);
  if (nlh.nlmsg_len < nlmsg_msg_size(hdrlen)) return -EINVAL;
  const hdr = nlmsg_data(nlh);
  const ops = genl_get_cmd(hdr[0], family);
  if (!ops) return -EOPNOTSUPP;
  const flags = ops.flags ?? 0;
  if (flags & (GENL_ADMIN_PERM | GENL_UNS_ADMIN_PERM) && !netlink_capable(skb, CAP_NET_ADMIN))
    return -EPERM;
  const validate = ops.validate ?? 0;
  if ((nlh.nlmsg_flags & NLM_F_DUMP) === NLM_F_DUMP) {
    if (!ops.dumpit) return -EOPNOTSUPP;
    if (!(validate & GENL_DONT_VALIDATE_DUMP) && family.maxattr) {
      const a = nlmsg_attrdata(nlh, hdrlen);
      const mode =
        validate & GENL_DONT_VALIDATE_DUMP_STRICT ? NL_VALIDATE_LIBERAL : NL_VALIDATE_STRICT;
      const rc = __nla_validate_parse(
        a.buf,
        a.off,
        nlmsg_attrlen(nlh, hdrlen),
        family.maxattr,
        family.policy ?? null,
        mode,
        extack,
        null,
      );
      if (rc) return rc;
    }
    return netlink_dump_start(genl_state().sock!, skb, nlh, {
      module: family.module ?? null,
      start: ops.start,
      dump: ops.dumpit,
      done: ops.done,
      data: ops,
    });
  }
  if (!ops.doit) return -EOPNOTSUPP;
  const attrs: (Nlattr | null)[] = [];
  if (family.maxattr) {
    const mode = validate & GENL_DONT_VALIDATE_STRICT ? NL_VALIDATE_LIBERAL : NL_VALIDATE_STRICT;
    const err = __nlmsg_parse(
      nlh,
      hdrlen,
      attrs,
      family.maxattr,
      family.policy ?? null,
      mode,
      extack,
    );
    if (err < 0) return err;
  }
  const info: GenlInfo = {
    snd_seq: nlh.nlmsg_seq,
    snd_portid: skb.cb.portid,
    nlhdr: nlh,
    genlhdr: hdr,
    userhdr: hdr.subarray(GENL_HDRLEN),
    attrs,
    extack,
    user_ptr: [null, null],
  };
  return k.modules.callInto(family.module ?? null, () => {
    if (family.pre_doit) {
      const e = family.pre_doit(ops, skb, info);
      if (e) return e;
    }
    const err = ops.doit!(skb, info);
    family.post_doit?.(ops, skb, info);
    return err;
  });
}

/** Mirrors genl_rcv_msg(): the family is the message type. */
function genl_rcv_msg(skb: SkBuff, nlh: Nlmsghdr, extack: NetlinkExtAck): number {
  const family = genl_family_find_byid(nlh.nlmsg_type);
  if (!family) return -ENOENT;
  return genl_family_rcv_msg(family, skb, nlh, extack);
}

/** Mirrors genl_bind(): a group must belong to a family (its mcast_bind may refuse). */
function genl_bind(net: Net, group: number): number {
  for (const f of genl_families()) {
    const off = f.mcgrp_offset ?? 0;
    if (group >= off && group < off + (f.mcgrps?.length ?? 0)) {
      return f.mcast_bind ? f.mcast_bind(net, group - off) : 0;
    }
  }
  return 0;
}

function genl_unbind(net: Net, group: number): void {
  for (const f of genl_families()) {
    const off = f.mcgrp_offset ?? 0;
    if (group >= off && group < off + (f.mcgrps?.length ?? 0)) {
      f.mcast_unbind?.(net, group - off);
      return;
    }
  }
}

/** Mirrors genl_pernet_init(): the NETLINK_GENERIC kernel socket. */
export function genl_init(): Sock | null {
  const st = genl_state();
  st.sock = netlink_kernel_create(init_net, NETLINK_GENERIC, {
    input: (skb) => {
      netlink_rcv_skb(skb, genl_rcv_msg);
    },
    flags: NL_CFG_F_NONROOT_RECV,
    bind: genl_bind,
    unbind: genl_unbind,
  });
  if (st.sock) netlink_change_ngroups(st.sock, 64);
  return st.sock;
}
