/**
 * genl's "ctrl" object (iproute2 4.15 genl/ctrl.c): list, get name|id, monitor
 * the generic netlink controller, printed as print_ctrl() does.
 */
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
  CTRL_CMD_UNSPEC,
  GENL_ADMIN_PERM,
  GENL_CMD_CAP_DO,
  GENL_CMD_CAP_DUMP,
  GENL_CMD_CAP_HASPOL,
  GENL_HDRLEN,
  GENL_ID_CTRL,
  GENL_NAMSIZ,
} from "../../../include/uapi/genetlink.ts";
import {
  NETLINK_GENERIC,
  NLM_F_ACK,
  NLM_F_MATCH,
  NLM_F_REQUEST,
  NLM_F_ROOT,
  NLMSG_HDRLEN,
  NLMSG_LENGTH,
} from "../../../include/uapi/netlink.ts";
import {
  type Nlattr,
  nla_get_string,
  nla_get_u16,
  nla_get_u32,
  nla_len,
  nla_put,
  nla_put_string,
} from "../../../net/netlink/attr.ts";
import { nlmsg_buffer, nlmsg_end, nlmsg_put } from "../../../net/netlink/nlmsg.ts";
import type { Libc } from "../../libc/libc.ts";
import {
  matches,
  type NlMessage,
  parse_rtattr,
  rtnl_close,
  rtnl_dump_filter,
  rtnl_listen,
  rtnl_open_byproto,
  rtnl_send_dump,
  rtnl_talk,
} from "./libnetlink.ts";

const GENL_MAX_FAM_OPS = 256;
const GENL_MAX_FAM_GRPS = 256;

async function usage(libc: Libc): Promise<number> {
  await libc.fprintf(
    libc.stderr,
    "Usage: ctrl <CMD>\nCMD   := get <PARMS> | list | monitor\nPARMS := name <name> | id <id>\nExamples:\n\tctrl ls\n\tctrl monitor\n\tctrl get name foobar\n\tctrl get id 0xF\n",
  );
  return -1;
}

function nested(a: Nlattr, max: number): (Nlattr | null)[] {
  return parse_rtattr(a.buf, a.off + 4, nla_len(a), max);
}

/** Mirrors print_ctrl_cmd_flags(). */
function cmdFlags(fl: number): string {
  let s = `\n\t\tCapabilities (0x${fl.toString(16)}):\n `;
  if (!fl) return `${s}\n`;
  s += "\t\t ";
  if (fl & GENL_ADMIN_PERM) s += " requires admin permission;";
  if (fl & GENL_CMD_CAP_DO) s += " can doit;";
  if (fl & GENL_CMD_CAP_DUMP) s += " can dumpit;";
  if (fl & GENL_CMD_CAP_HASPOL) s += " has policy";
  return `${s}\n`;
}

/** Mirrors print_ctrl(): one family. */
export function formatCtrl(m: NlMessage): { out: string; err: string } {
  const n = m.hdr;
  if (n.nlmsg_type !== GENL_ID_CTRL) {
    return {
      out: "",
      err: `Not a controller message, nlmsg_len=${n.nlmsg_len} nlmsg_type=0x${n.nlmsg_type.toString(16)}\n`,
    };
  }
  const cmd = m.bytes[NLMSG_HDRLEN];
  if (
    ![
      CTRL_CMD_GETFAMILY,
      CTRL_CMD_DELFAMILY,
      CTRL_CMD_NEWFAMILY,
      CTRL_CMD_NEWMCAST_GRP,
      CTRL_CMD_DELMCAST_GRP,
    ].includes(cmd)
  ) {
    return { out: "", err: `Unknown controller command ${cmd}\n` };
  }
  const len = n.nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
  if (len < 0) return { out: "", err: `wrong controller message len ${len}\n` };
  const tb = parse_rtattr(m.bytes, NLMSG_LENGTH(GENL_HDRLEN), len, CTRL_ATTR_MAX);
  let s = "";
  let ctrl_v = 0x1;
  if (tb[CTRL_ATTR_FAMILY_NAME]) s += `\nName: ${nla_get_string(tb[CTRL_ATTR_FAMILY_NAME])}\n`;
  if (tb[CTRL_ATTR_FAMILY_ID]) s += `\tID: 0x${nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]).toString(16)} `;
  if (tb[CTRL_ATTR_VERSION]) {
    ctrl_v = nla_get_u32(tb[CTRL_ATTR_VERSION]);
    s += ` Version: 0x${ctrl_v.toString(16)} `;
  }
  if (tb[CTRL_ATTR_HDRSIZE]) s += ` header size: ${nla_get_u32(tb[CTRL_ATTR_HDRSIZE]) | 0} `;
  if (tb[CTRL_ATTR_MAXATTR]) s += ` max attribs: ${nla_get_u32(tb[CTRL_ATTR_MAXATTR]) | 0} `;
  s += "\n";
  const ops = tb[CTRL_ATTR_OPS];
  if (ops) {
    const tb2 = nested(ops, GENL_MAX_FAM_OPS);
    s += "\tcommands supported: \n";
    for (let i = 0; i < GENL_MAX_FAM_OPS; i++) {
      const op = tb2[i];
      if (!op) continue;
      s += `\t\t#${i}: `;
      const t = nested(op, CTRL_ATTR_OP_FLAGS);
      if (t[CTRL_ATTR_OP_ID]) s += ` ID-0x${nla_get_u32(t[CTRL_ATTR_OP_ID]).toString(16)} `;
      if (t[CTRL_ATTR_OP_FLAGS] && ctrl_v >= 0x2) s += cmdFlags(nla_get_u32(t[CTRL_ATTR_OP_FLAGS]));
      s += "\n";
    }
    s += "\n";
  }
  const grps = tb[CTRL_ATTR_MCAST_GROUPS];
  if (grps) {
    const tb2 = nested(grps, GENL_MAX_FAM_GRPS);
    s += "\tmulticast groups:\n";
    for (let i = 0; i < GENL_MAX_FAM_GRPS; i++) {
      const g = tb2[i];
      if (!g) continue;
      s += `\t\t#${i}: `;
      const t = nested(g, CTRL_ATTR_MCAST_GRP_ID);
      if (t[CTRL_ATTR_MCAST_GRP_ID])
        s += ` ID-0x${nla_get_u32(t[CTRL_ATTR_MCAST_GRP_ID]).toString(16)} `;
      if (t[CTRL_ATTR_MCAST_GRP_NAME])
        s += ` name: ${nla_get_string(t[CTRL_ATTR_MCAST_GRP_NAME])} `;
      s += "\n";
    }
    s += "\n";
  }
  return { out: s, err: "" };
}

async function printCtrl(libc: Libc, m: NlMessage): Promise<number> {
  const r = formatCtrl(m);
  if (r.err) await libc.fputs(r.err, libc.stderr);
  if (r.out) await libc.fputs(r.out, libc.stdout);
  await libc.fflush(libc.stdout);
  return r.err.startsWith("wrong") ? -1 : 0;
}

/** The GETFAMILY request (struct { nlmsghdr; genlmsghdr; attrs }). */
function request(flags: number, attr?: { type: number; data: Uint8Array | string }): Uint8Array {
  const skb = nlmsg_buffer(4096);
  const nlh = nlmsg_put(skb, 0, 0, GENL_ID_CTRL, GENL_HDRLEN, flags)!;
  skb.head[nlh.off + NLMSG_HDRLEN] = CTRL_CMD_GETFAMILY;
  if (attr) {
    if (typeof attr.data === "string") nla_put_string(skb, attr.type, attr.data);
    else nla_put(skb, attr.type, attr.data.length, attr.data);
  }
  nlmsg_end(skb, nlh);
  return skb.data.slice();
}

/** Mirrors get_u16(): strtoul base 0, the whole string, at most 0xffff. */
function getU16(s: string): number | null {
  const t = s.trim() === s ? s : "";
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) v = Number.parseInt(t.slice(2), 16);
  else if (/^0[0-7]*$/.test(t)) v = Number.parseInt(t, 8);
  else if (/^[1-9][0-9]*$/.test(t)) v = Number(t);
  else return null;
  return v > 0xffff ? null : v;
}

/** Mirrors ctrl_list(): CTRL_CMD_GETFAMILY (get) or CTRL_CMD_UNSPEC (list). */
async function ctrlList(libc: Libc, cmd: number, argv: string[]): Promise<number> {
  const rth = await rtnl_open_byproto(libc, 0, NETLINK_GENERIC);
  if (!rth) {
    await libc.fputs("Cannot open generic netlink socket\n", libc.stderr);
    return libc.exit(1);
  }
  let ret = -1;
  try {
    if (cmd === CTRL_CMD_GETFAMILY) {
      if (argv.length !== 2) {
        await libc.fputs("Wrong number of params\n", libc.stderr);
        return -1;
      }
      let req: Uint8Array;
      if (matches(argv[0], "name")) {
        const d = argv[1].slice(0, GENL_NAMSIZ - 1);
        req = request(NLM_F_REQUEST | NLM_F_ACK, { type: CTRL_ATTR_FAMILY_NAME, data: d });
      } else if (matches(argv[0], "id")) {
        const id = getU16(argv[1]);
        if (id === null) {
          await libc.fputs('Illegal "id"\n', libc.stderr);
          return -1;
        }
        req = request(NLM_F_REQUEST | NLM_F_ACK, {
          type: CTRL_ATTR_FAMILY_ID,
          data: Uint8Array.of(id & 0xff, id >> 8),
        });
      } else {
        await libc.fputs("Wrong params\n", libc.stderr);
        return -1;
      }
      const answer = await rtnl_talk(rth, req);
      if (!answer) {
        await libc.fputs("Error talking to the kernel\n", libc.stderr);
        return -1;
      }
      if ((await printCtrl(libc, answer)) < 0) {
        await libc.fputs("Dump terminated\n", libc.stderr);
        return -1;
      }
    }
    if (cmd === CTRL_CMD_UNSPEC) {
      await rtnl_send_dump(rth, request(NLM_F_ROOT | NLM_F_MATCH | NLM_F_REQUEST));
      await rtnl_dump_filter(rth, (m) => printCtrl(libc, m));
    }
    ret = 0;
  } finally {
    await rtnl_close(rth);
  }
  return ret;
}

/** Mirrors ctrl_listen(): the controller's notifications as they come. */
async function ctrlListen(libc: Libc): Promise<number> {
  const rth = await rtnl_open_byproto(libc, 1 << (GENL_ID_CTRL - 1), NETLINK_GENERIC);
  if (!rth) {
    await libc.fputs("Canot open generic netlink socket\n", libc.stderr);
    return -1;
  }
  return rtnl_listen(rth, (m) => printCtrl(libc, m));
}

/** Mirrors parse_ctrl(). */
export async function parseCtrl(libc: Libc, argv: string[]): Promise<number> {
  const args = argv.slice(1);
  if (!args.length) {
    await libc.fputs("wrong controller params\n", libc.stderr);
    return -1;
  }
  const [cmd, ...rest] = args;
  if (matches(cmd, "monitor")) return ctrlListen(libc);
  if (matches(cmd, "get")) return ctrlList(libc, CTRL_CMD_GETFAMILY, rest);
  if (matches(cmd, "list") || matches(cmd, "show") || matches(cmd, "lst"))
    return ctrlList(libc, CTRL_CMD_UNSPEC, rest);
  if (matches(cmd, "help")) return usage(libc);
  await libc.fprintf(libc.stderr, 'ctrl command "%s" is unknown, try "ctrl help".\n', cmd);
  return -1;
}
