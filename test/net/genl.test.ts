/**
 * Generic netlink: a family registered by a module gets an id and group ids, nlctrl
 * answers CTRL_CMD_GETFAMILY by name or id and dumps the families, requests reach the
 * family's ops with attributes checked against its policy, and `genl` prints what
 * iproute2 prints. Expected `genl ctrl get name nlctrl` text: iproute2's print_ctrl()
 * as the genl 6.1 on this machine prints it (same format as 4.15), with 5.4's values
 * for nlctrl (max attribs 7, one command 0x3 with caps 0xe, group "notify" 0x10).
 */
import { describe, expect, test } from "vitest";
import {
  CTRL_ATTR_FAMILY_ID,
  CTRL_ATTR_FAMILY_NAME,
  CTRL_CMD_GETFAMILY,
  CTRL_CMD_NEWFAMILY,
  GENL_ADMIN_PERM,
  GENL_ID_CTRL,
} from "../../src/include/uapi/genetlink.ts";
import {
  NETLINK_ADD_MEMBERSHIP,
  NETLINK_GENERIC,
  NLM_F_ACK,
  NLM_F_DUMP,
  NLM_F_REQUEST,
  NLMSG_DONE,
  NLMSG_ERROR,
  splitNlmsgs,
} from "../../src/include/uapi/netlink.ts";
import { AF_NETLINK, MSG_DONTWAIT, SOCK_RAW, SOL_NETLINK } from "../../src/include/uapi/socket.ts";
import type { Kernel } from "../../src/kernel/kernel.ts";
import type { ModuleDefinition } from "../../src/kernel/module.ts";
import {
  type GenlFamily,
  genl_register_family,
  genl_unregister_family,
  genlmsg_end,
  genlmsg_multicast,
  genlmsg_new,
  genlmsg_put,
  genlmsg_reply,
  NLA_NUL_STRING,
  NLA_U32,
  type Nlattr,
  nla_get_string,
  nla_get_u16,
  nla_get_u32,
  nla_nested,
  nla_put_string,
  nla_put_u16,
  nla_put_u32,
} from "../../src/linux.ts";
import { nlmsg_buffer, nlmsg_end, nlmsg_put } from "../../src/net/netlink/nlmsg.ts";
import { parse_rtattr } from "../../src/user/bin/genl/libnetlink.ts";
import { sockets } from "../../src/user/libc/socket.ts";
import { runProgram } from "../../src/vkern.ts";
import { bootWith, insmod, proc, rmmod } from "../helpers.ts";

function testFamilyModule(): ModuleDefinition {
  return {
    name: "genltest",
    license: "GPL",
    load(THIS_MODULE) {
      const policy = [];
      policy[1] = { type: NLA_NUL_STRING, len: 15 };
      policy[2] = { type: NLA_U32 };
      const fam: GenlFamily = THIS_MODULE.static({
        name: "VKERN_TEST",
        version: 1,
        maxattr: 2,
        policy,
        mcgrps: [{ name: "events" }],
        ops: [
          {
            cmd: 1,
            doit(_skb, info) {
              const msg = genlmsg_new(64)!;
              const hdr = genlmsg_put(msg, info.snd_portid, info.snd_seq, fam, 0, 1)!;
              const s = info.attrs[1] ? nla_get_string(info.attrs[1]) : "";
              nla_put_string(msg, 1, s.toUpperCase());
              genlmsg_end(msg, hdr);
              return genlmsg_reply(msg, info);
            },
          },
          { cmd: 3, flags: GENL_ADMIN_PERM, doit: () => 0 },
          {
            cmd: 4,
            doit(_skb, info) {
              const msg = genlmsg_new(64)!;
              const hdr = genlmsg_put(msg, 0, 0, fam, 0, 4)!;
              nla_put_u32(msg, 2, info.attrs[2] ? nla_get_u32(info.attrs[2]) : 0);
              genlmsg_end(msg, hdr);
              return genlmsg_multicast(fam, msg, 0, 0);
            },
          },
        ],
      });
      return {
        init: () => genl_register_family(fam),
        exit: () => void genl_unregister_family(fam),
      };
    },
  };
}

/** A generic netlink request: nlmsghdr, genlmsghdr {cmd, version 1}, attributes. */
function genlReq(
  family: number,
  cmd: number,
  flags: number,
  attrs: (skb: ReturnType<typeof nlmsg_buffer>) => void = () => {},
): Uint8Array {
  const skb = nlmsg_buffer(512);
  const nlh = nlmsg_put(skb, 0, 1, family, 4, flags)!;
  skb.head[16] = cmd;
  skb.head[17] = 1;
  attrs(skb);
  nlmsg_end(skb, nlh);
  return skb.data.slice();
}

async function setup(uid = 1000) {
  const k = await bootWith([testFamilyModule()]);
  expect(await insmod(k, "genltest")).toBe(0);
  const p = proc(k, uid);
  const so = sockets(p.libc);
  const fd = await so.socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
  const ask = async (req: Uint8Array) => {
    await so.sendNl(fd, req, 0);
    return splitNlmsgs((await so.recvmsgNl(fd, 32768, MSG_DONTWAIT)).data);
  };
  return { k, ...p, so, fd, ask };
}

const attrsOf = (m: { payload: Uint8Array }, max: number) =>
  parse_rtattr(m.payload, 4, m.payload.length - 4, max);
const errOf = (m: { payload: Uint8Array }) =>
  new DataView(m.payload.buffer, m.payload.byteOffset).getInt32(0, true);

describe("nlctrl", () => {
  test("GETFAMILY by name: id (first dynamic id 0x13), version, groups (first free id 2)", async () => {
    const { ask } = await setup();
    const [m] = await ask(
      genlReq(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_REQUEST, (s) =>
        nla_put_string(s, CTRL_ATTR_FAMILY_NAME, "VKERN_TEST"),
      ),
    );
    expect(m.hdr.nlmsg_type).toBe(GENL_ID_CTRL);
    expect(m.payload[0]).toBe(CTRL_CMD_NEWFAMILY);
    const tb = attrsOf(m, 7);
    expect(nla_get_string(tb[CTRL_ATTR_FAMILY_NAME]!)).toBe("VKERN_TEST");
    expect(nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]!)).toBe(0x13);
    expect(nla_get_u32(tb[3]!)).toBe(1);
    const groups = nla_nested(tb[7]!).map((g: Nlattr) => nla_nested(g));
    expect(nla_get_u32(groups[0][0])).toBe(2);
    expect(nla_get_string(groups[0][1])).toBe("events");
  });

  test("GETFAMILY by id; unknown names and ids ENOENT; no attribute EINVAL", async () => {
    const { ask } = await setup();
    const [m] = await ask(
      genlReq(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_REQUEST, (s) =>
        nla_put_u16(s, CTRL_ATTR_FAMILY_ID, GENL_ID_CTRL),
      ),
    );
    expect(nla_get_string(attrsOf(m, 7)[CTRL_ATTR_FAMILY_NAME]!)).toBe("nlctrl");
    const cases: [(s: ReturnType<typeof nlmsg_buffer>) => void, number][] = [
      [(s) => nla_put_string(s, CTRL_ATTR_FAMILY_NAME, "nosuch"), -2],
      [(s) => nla_put_u16(s, CTRL_ATTR_FAMILY_ID, 0x99), -2],
      [() => {}, -22],
    ];
    for (const [attrs, err] of cases) {
      const [e] = await ask(genlReq(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_REQUEST, attrs));
      expect(e.hdr.nlmsg_type).toBe(NLMSG_ERROR);
      expect(errOf(e)).toBe(err);
    }
  });

  test("a dump lists every family in id order, then NLMSG_DONE", async () => {
    const { ask, so, fd } = await setup();
    const first = await ask(genlReq(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_REQUEST | NLM_F_DUMP));
    const names = first.map((m) => nla_get_string(attrsOf(m, 7)[CTRL_ATTR_FAMILY_NAME]!));
    expect(names).toEqual(["nlctrl", "VKERN_TEST"]);
    const done = splitNlmsgs((await so.recvmsgNl(fd, 32768, MSG_DONTWAIT)).data);
    expect(done.map((m) => m.hdr.nlmsg_type)).toEqual([NLMSG_DONE]);
  });
});

describe("a family's ops", () => {
  test("doit gets parsed attributes and replies with genlmsg_reply", async () => {
    const { ask } = await setup();
    const [m] = await ask(genlReq(0x13, 1, NLM_F_REQUEST, (s) => nla_put_string(s, 1, "hello")));
    expect(m.hdr.nlmsg_type).toBe(0x13);
    expect(nla_get_string(attrsOf(m, 2)[1]!)).toBe("HELLO");
  });

  const bad: [string, (s: ReturnType<typeof nlmsg_buffer>) => void, number][] = [
    ["a string beyond the policy's length", (s) => nla_put_string(s, 1, "0123456789abcdef"), -22],
    ["a u32 of the wrong size (strict)", (s) => nla_put_u16(s, 2, 7), -22],
    ["an attribute type beyond maxattr (strict)", (s) => nla_put_u32(s, 3, 7), -22],
  ];
  test.each(bad)("%s is refused", async (_n, attrs, err) => {
    const { ask } = await setup();
    const [e] = await ask(genlReq(0x13, 1, NLM_F_REQUEST, attrs));
    expect(e.hdr.nlmsg_type).toBe(NLMSG_ERROR);
    expect(errOf(e)).toBe(err);
  });

  test("unknown command EOPNOTSUPP, unknown family ENOENT, admin op EPERM for users", async () => {
    const { ask } = await setup();
    expect(errOf((await ask(genlReq(0x13, 9, NLM_F_REQUEST)))[0])).toBe(-95);
    expect(errOf((await ask(genlReq(0x77, 1, NLM_F_REQUEST)))[0])).toBe(-2);
    expect(errOf((await ask(genlReq(0x13, 3, NLM_F_REQUEST | NLM_F_ACK)))[0])).toBe(-1);
    const root = await setup(0);
    expect(errOf((await root.ask(genlReq(0x13, 3, NLM_F_REQUEST | NLM_F_ACK)))[0])).toBe(0);
  });

  test("genlmsg_multicast reaches the sockets in the family's group", async () => {
    const { ask, so, k } = await setup();
    const l = sockets(proc(k, 1000).libc);
    const lfd = await l.socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
    await l.bindNl(lfd, 0);
    await l.setsockopt(lfd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, 2);
    await ask(genlReq(0x13, 4, NLM_F_REQUEST | NLM_F_ACK, (s) => nla_put_u32(s, 2, 1234)));
    const r = await l.recvmsgNl(lfd, 4096, MSG_DONTWAIT);
    expect(r.from.nl_groups).toBe(2);
    const [m] = splitNlmsgs(r.data);
    expect(nla_get_u32(attrsOf(m, 2)[2]!)).toBe(1234);
    void so;
  });

  test("nlctrl's notify group hears of families coming and going", async () => {
    const k = await bootWith([testFamilyModule()]);
    const r = sockets(proc(k, 1000).libc);
    const fd = await r.socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
    await r.bindNl(fd, 0, 1 << (GENL_ID_CTRL - 1));
    expect(await insmod(k, "genltest")).toBe(0);
    expect(await rmmod(k, "genltest")).toBe(0);
    const cmds: number[] = [];
    for (;;) {
      const got = await r.recvmsgNl(fd, 4096, MSG_DONTWAIT).catch(() => null);
      if (!got) break;
      cmds.push(splitNlmsgs(got.data)[0].payload[0]);
    }
    // NEWFAMILY, NEWMCAST_GRP, DELMCAST_GRP, DELFAMILY
    expect(cmds).toEqual([1, 7, 8, 2]);
  });
});

describe("genl(8)", () => {
  const NLCTRL =
    "\nName: nlctrl\n\tID: 0x10  Version: 0x2  header size: 0  max attribs: 7 \n" +
    "\tcommands supported: \n\t\t#1:  ID-0x3 \n\t\tCapabilities (0xe):\n \t\t  can doit; can dumpit; has policy\n\n\n" +
    "\tmulticast groups:\n\t\t#1:  ID-0x10  name: notify \n\n";

  async function run(k: Kernel, argv: string[]) {
    return runProgram(k, argv);
  }

  test("genl ctrl get name nlctrl", async () => {
    const k = await bootWith();
    const r = await run(k, ["genl", "ctrl", "get", "name", "nlctrl"]);
    expect(r.stdout).toBe(NLCTRL);
    expect(r.status).toBe(0);
  });

  test("genl ctrl list shows every family", async () => {
    const k = await bootWith([testFamilyModule()]);
    await insmod(k, "genltest");
    const r = await run(k, ["genl", "ctrl", "list"]);
    expect(r.stdout).toBe(
      `${NLCTRL}\nName: VKERN_TEST\n\tID: 0x13  Version: 0x1  header size: 0  max attribs: 2 \n` +
        // print_ctrl() shows capabilities only for families of version 2 or later.
        "\tcommands supported: \n\t\t#1:  ID-0x1 \n\t\t#2:  ID-0x3 \n\t\t#3:  ID-0x4 \n\n" +
        "\tmulticast groups:\n\t\t#1:  ID-0x2  name: events \n\n",
    );
  });

  // Messages and statuses as genl (iproute2 6.1) prints them on this machine.
  const errors: [string[], string][] = [
    [
      ["genl", "ctrl", "get", "name", "nosuch"],
      "RTNETLINK answers: No such file or directory\nError talking to the kernel\n",
    ],
    [["genl", "ctrl", "get"], "Wrong number of params\n"],
    [["genl", "ctrl", "get", "id", "0x10000"], 'Illegal "id"\n'],
    [["genl", "ctrl", "foo"], 'ctrl command "foo" is unknown, try "ctrl help".\n'],
    [["genl", "ctrl"], "wrong controller params\n"],
    [["genl", "foo", "bar"], 'Unknown genl "foo", hence option "bar" is unparsable\n'],
    [["genl", "-x"], 'Option "-x" is unknown, try "genl -help".\n'],
  ];
  test.each(errors)("%j", async (argv, stderr) => {
    const k = await bootWith();
    const r = await run(k, argv);
    expect(r.stderr).toBe(stderr);
    expect(r.status).toBe(255);
  });
});
