/**
 * The generic netlink controller, family "nlctrl" (net/netlink/genetlink.c of
 * Linux 5.4: genl_ctrl, ctrl_getfamily(), ctrl_dumpfamily(), ctrl_fill_info(),
 * genl_ctrl_event()): looks families up by name or id, lists them all, and tells
 * its "notify" group when families come and go.
 */

import { EINVAL, EMSGSIZE, ENOBUFS, ENOENT } from "../../include/uapi/errno.ts";
import {
  CTRL_ATTR_FAMILY_ID,
  CTRL_ATTR_FAMILY_NAME,
  CTRL_ATTR_HDRSIZE,
  CTRL_ATTR_MAX,
  CTRL_ATTR_MAXATTR,
  CTRL_ATTR_MCAST_GROUPS,
  CTRL_ATTR_MCAST_GRP_ID,
  CTRL_ATTR_MCAST_GRP_NAME,
  CTRL_ATTR_OP_FLAGS,
  CTRL_ATTR_OP_ID,
  CTRL_ATTR_OPS,
  CTRL_ATTR_VERSION,
  CTRL_CMD_DELFAMILY,
  CTRL_CMD_DELMCAST_GRP,
  CTRL_CMD_GETFAMILY,
  CTRL_CMD_NEWFAMILY,
  CTRL_CMD_NEWMCAST_GRP,
  GENL_CMD_CAP_DO,
  GENL_CMD_CAP_DUMP,
  GENL_CMD_CAP_HASPOL,
  GENL_ID_CTRL,
  GENL_NAMSIZ,
} from "../../include/uapi/genetlink.ts";
import { NLM_F_MULTI } from "../../include/uapi/netlink.ts";
import type { SkBuff } from "../core/skbuff.ts";
import {
  NLA_NUL_STRING,
  NLA_U16,
  type NlaPolicy,
  nla_get_string,
  nla_get_u16,
  nla_nest_end,
  nla_nest_start_noflag,
  nla_put_string,
  nla_put_u16,
  nla_put_u32,
} from "./attr.ts";
import { NLMSG_DEFAULT_SIZE } from "./datagram.ts";
import type { NetlinkCallback } from "./dump.ts";
import {
  GENL_DONT_VALIDATE_DUMP,
  GENL_DONT_VALIDATE_STRICT,
  type GenlFamily,
  type GenlInfo,
  type GenlMulticastGroup,
  genl_families,
  genl_family_find_byid,
  genl_family_find_byname,
  genl_register_family,
  genl_state,
  genlmsg_cancel,
  genlmsg_end,
  genlmsg_multicast,
  genlmsg_put,
  genlmsg_reply,
} from "./genetlink.ts";
import { nlmsg_free, nlmsg_new } from "./nlmsg.ts";

const ctrl_policy: NlaPolicy[] = [];
ctrl_policy[CTRL_ATTR_FAMILY_ID] = { type: NLA_U16 };
ctrl_policy[CTRL_ATTR_FAMILY_NAME] = { type: NLA_NUL_STRING, len: GENL_NAMSIZ - 1 };

/** Mirrors ctrl_fill_info(): one family's description; -1 when the skb is full. */
function ctrl_fill_info(
  family: GenlFamily,
  portid: number,
  seq: number,
  flags: number,
  skb: SkBuff,
  cmd: number,
): number {
  const hdr = genlmsg_put(skb, portid, seq, genl_ctrl, flags, cmd);
  if (!hdr) return -1;
  const fail = (): number => {
    genlmsg_cancel(skb, hdr);
    return -EMSGSIZE;
  };
  if (
    nla_put_string(skb, CTRL_ATTR_FAMILY_NAME, family.name) ||
    nla_put_u16(skb, CTRL_ATTR_FAMILY_ID, family.id ?? 0) ||
    nla_put_u32(skb, CTRL_ATTR_VERSION, family.version ?? 0) ||
    nla_put_u32(skb, CTRL_ATTR_HDRSIZE, family.hdrsize ?? 0) ||
    nla_put_u32(skb, CTRL_ATTR_MAXATTR, family.maxattr ?? 0)
  )
    return fail();
  if (family.ops.length) {
    const nla_ops = nla_nest_start_noflag(skb, CTRL_ATTR_OPS);
    if (!nla_ops) return fail();
    for (let i = 0; i < family.ops.length; i++) {
      const ops = family.ops[i];
      let op_flags = ops.flags ?? 0;
      if (ops.dumpit) op_flags |= GENL_CMD_CAP_DUMP;
      if (ops.doit) op_flags |= GENL_CMD_CAP_DO;
      if (family.policy) op_flags |= GENL_CMD_CAP_HASPOL;
      const nest = nla_nest_start_noflag(skb, i + 1);
      if (!nest) return fail();
      if (
        nla_put_u32(skb, CTRL_ATTR_OP_ID, ops.cmd) ||
        nla_put_u32(skb, CTRL_ATTR_OP_FLAGS, op_flags)
      )
        return fail();
      nla_nest_end(skb, nest);
    }
    nla_nest_end(skb, nla_ops);
  }
  const grps = family.mcgrps ?? [];
  if (grps.length) {
    const nla_grps = nla_nest_start_noflag(skb, CTRL_ATTR_MCAST_GROUPS);
    if (!nla_grps) return fail();
    for (let i = 0; i < grps.length; i++) {
      const nest = nla_nest_start_noflag(skb, i + 1);
      if (!nest) return fail();
      if (
        nla_put_u32(skb, CTRL_ATTR_MCAST_GRP_ID, (family.mcgrp_offset ?? 0) + i) ||
        nla_put_string(skb, CTRL_ATTR_MCAST_GRP_NAME, grps[i].name)
      )
        return fail();
      nla_nest_end(skb, nest);
    }
    nla_nest_end(skb, nla_grps);
  }
  genlmsg_end(skb, hdr);
  return 0;
}

/** Mirrors ctrl_fill_mcgrp_info(). */
function ctrl_fill_mcgrp_info(
  family: GenlFamily,
  grp: GenlMulticastGroup,
  grp_id: number,
  portid: number,
  seq: number,
  flags: number,
  skb: SkBuff,
  cmd: number,
): number {
  const hdr = genlmsg_put(skb, portid, seq, genl_ctrl, flags, cmd);
  if (!hdr) return -1;
  const nla_grps = (() => {
    if (nla_put_string(skb, CTRL_ATTR_FAMILY_NAME, family.name)) return null;
    if (nla_put_u16(skb, CTRL_ATTR_FAMILY_ID, family.id ?? 0)) return null;
    return nla_nest_start_noflag(skb, CTRL_ATTR_MCAST_GROUPS);
  })();
  const nest = nla_grps ? nla_nest_start_noflag(skb, 1) : null;
  if (
    !nla_grps ||
    !nest ||
    nla_put_u32(skb, CTRL_ATTR_MCAST_GRP_ID, grp_id) ||
    nla_put_string(skb, CTRL_ATTR_MCAST_GRP_NAME, grp.name)
  ) {
    genlmsg_cancel(skb, hdr);
    return -EMSGSIZE;
  }
  nla_nest_end(skb, nest);
  nla_nest_end(skb, nla_grps);
  genlmsg_end(skb, hdr);
  return 0;
}

/** Mirrors ctrl_dumpfamily(): as many families as fit; cb->args[0] remembers where. */
function ctrl_dumpfamily(skb: SkBuff, cb: NetlinkCallback): number {
  let n = 0;
  const skip = cb.args[0];
  for (const rt of genl_families()) {
    if (n++ < skip) continue;
    if (
      ctrl_fill_info(rt, cb.skb.cb.portid, cb.nlh.nlmsg_seq, NLM_F_MULTI, skb, CTRL_CMD_NEWFAMILY) <
      0
    ) {
      n--;
      break;
    }
  }
  cb.args[0] = n;
  return skb.len;
}

/** Mirrors ctrl_build_family_msg(). */
function ctrl_build_family_msg(
  family: GenlFamily,
  portid: number,
  seq: number,
  cmd: number,
): SkBuff | number {
  const skb = nlmsg_new(NLMSG_DEFAULT_SIZE);
  if (!skb) return -ENOBUFS;
  if (ctrl_fill_info(family, portid, seq, 0, skb, cmd) < 0) {
    nlmsg_free(skb);
    return -ENOBUFS;
  }
  return skb;
}

/** Mirrors ctrl_getfamily(): by CTRL_ATTR_FAMILY_ID or CTRL_ATTR_FAMILY_NAME. */
function ctrl_getfamily(_skb: SkBuff, info: GenlInfo): number {
  let res: GenlFamily | null = null;
  let err = -EINVAL;
  const idAttr = info.attrs[CTRL_ATTR_FAMILY_ID];
  if (idAttr) {
    res = genl_family_find_byid(nla_get_u16(idAttr));
    err = -ENOENT;
  }
  const nameAttr = info.attrs[CTRL_ATTR_FAMILY_NAME];
  if (nameAttr) {
    res = genl_family_find_byname(nla_get_string(nameAttr));
    err = -ENOENT;
  }
  if (!res) return err;
  const msg = ctrl_build_family_msg(res, info.snd_portid, info.snd_seq, CTRL_CMD_NEWFAMILY);
  if (typeof msg === "number") return msg;
  return genlmsg_reply(msg, info);
}

/** Mirrors genl_ctrl_event(): nlctrl's "notify" group hears of family changes. */
function genl_ctrl_event(
  event: number,
  family: GenlFamily,
  grp: GenlMulticastGroup | null,
  grp_id: number,
): void {
  if (!genl_state().sock) return;
  let msg: SkBuff | number;
  if (event === CTRL_CMD_NEWFAMILY || event === CTRL_CMD_DELFAMILY) {
    msg = ctrl_build_family_msg(family, 0, 0, event);
  } else if ((event === CTRL_CMD_NEWMCAST_GRP || event === CTRL_CMD_DELMCAST_GRP) && grp) {
    const skb = nlmsg_new(NLMSG_DEFAULT_SIZE);
    if (!skb) return;
    if (ctrl_fill_mcgrp_info(family, grp, grp_id, 0, 0, 0, skb, event) < 0) {
      nlmsg_free(skb);
      return;
    }
    msg = skb;
  } else return;
  if (typeof msg === "number") return;
  genlmsg_multicast(genl_ctrl, msg, 0, 0);
}

/** struct genl_family genl_ctrl */
export const genl_ctrl: GenlFamily = {
  id: GENL_ID_CTRL,
  name: "nlctrl",
  version: 0x2,
  maxattr: CTRL_ATTR_MAX,
  policy: ctrl_policy,
  netnsok: true,
  module: null,
  ops: [
    {
      cmd: CTRL_CMD_GETFAMILY,
      validate: GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
      doit: ctrl_getfamily,
      dumpit: ctrl_dumpfamily,
    },
  ],
  mcgrps: [{ name: "notify" }],
};

/** Mirrors genl_init(): registers nlctrl and lets it announce later families. */
export function genl_ctrl_init(): number {
  const err = genl_register_family(genl_ctrl);
  genl_state().event = genl_ctrl_event;
  return err;
}
