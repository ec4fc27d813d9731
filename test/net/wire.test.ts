/**
 * The netlink wire format against the real C macros and structs. Every expected value
 * below was printed by a C program compiled on this machine (Debian 12, gcc 12, glibc
 * 2.36, linux-libc-dev headers) using <linux/netlink.h>, <linux/genetlink.h> and
 * <sys/socket.h>: NLMSG_ALIGN/LENGTH/SPACE/HDRLEN/DATA/NEXT/OK/PAYLOAD and the
 * offsetof()/sizeof() of struct nlmsghdr, nlmsgerr, nlattr, sockaddr_nl, msghdr, iovec.
 */
import { describe, expect, test } from "vitest";
import * as G from "../../src/include/uapi/genetlink.ts";
import * as N from "../../src/include/uapi/netlink.ts";
import * as S from "../../src/include/uapi/socket.ts";
import {
  type Nlattr,
  nla_get_string,
  nla_get_u32,
  nla_parse,
  nla_put_string,
  nla_put_u32,
} from "../../src/net/netlink/attr.ts";
import { nlmsg_buffer, nlmsg_end, nlmsg_put } from "../../src/net/netlink/nlmsg.ts";

// n, NLMSG_ALIGN(n), NLMSG_LENGTH(n), NLMSG_SPACE(n) as printed by the C program.
const MACROS: [number, number, number, number][] = [
  [0, 0, 16, 16],
  [1, 4, 17, 20],
  [2, 4, 18, 20],
  [3, 4, 19, 20],
  [4, 4, 20, 20],
  [5, 8, 21, 24],
  [15, 16, 31, 32],
  [16, 16, 32, 32],
  [17, 20, 33, 36],
  [20, 20, 36, 36],
  [25, 28, 41, 44],
  [41, 44, 57, 60],
  [1024, 1024, 1040, 1040],
  [1039, 1040, 1055, 1056],
  [4095, 4096, 4111, 4112],
];

describe("NLMSG_* macros", () => {
  test.each(MACROS)("n=%i", (n, align, length, space) => {
    expect(N.NLMSG_ALIGN(n)).toBe(align);
    expect(N.NLMSG_LENGTH(n)).toBe(length);
    expect(N.NLMSG_SPACE(n)).toBe(space);
  });

  test("HDRLEN, DATA, PAYLOAD, NEXT, OK", () => {
    expect(N.NLMSG_HDRLEN).toBe(16);
    expect(N.NLMSG_ALIGNTO).toBe(4);
    expect(N.NLMSG_DATA(0)).toBe(16);
    // nlmsg_len = 44: NLMSG_PAYLOAD(h, 0) = 28, NLMSG_PAYLOAD(h, 4) = 24
    expect(N.NLMSG_PAYLOAD(44, 0)).toBe(28);
    expect(N.NLMSG_PAYLOAD(44, 4)).toBe(24);
    // len = 100, nlmsg_len = 44: NLMSG_NEXT moves 44 bytes and leaves 56
    expect(N.NLMSG_NEXT(0, 44, 100)).toEqual({ off: 44, len: 56 });
    // OK(nlmsg_len 15, len 100) = 0, OK(16,16) = 1, OK(16,15) = 0, OK(20,16) = 0
    expect(N.NLMSG_OK(15, 100)).toBe(false);
    expect(N.NLMSG_OK(16, 16)).toBe(true);
    expect(N.NLMSG_OK(16, 15)).toBe(false);
    expect(N.NLMSG_OK(20, 16)).toBe(false);
  });

  test("the demo's sizes: sent NLMSG_SPACE(1024), received NLMSG_ALIGN(16 + 25)", () => {
    expect(N.NLMSG_SPACE(1024)).toBe(1040);
    expect(N.NLMSG_ALIGN(16 + "Reply from kernel netlink".length)).toBe(44);
  });
});

describe("struct layouts", () => {
  test("nlmsghdr: 16 bytes, len@0 type@4 flags@6 seq@8 pid@12", () => {
    const b = new Uint8Array(16);
    N.writeNlmsghdr(b, 0, {
      nlmsg_len: 0x11223344,
      nlmsg_type: 0x5566,
      nlmsg_flags: 0x7788,
      nlmsg_seq: 0x99aabbcc,
      nlmsg_pid: 0xddeeff00,
    });
    expect([...b]).toEqual([
      0x44, 0x33, 0x22, 0x11, 0x66, 0x55, 0x88, 0x77, 0xcc, 0xbb, 0xaa, 0x99, 0x00, 0xff, 0xee,
      0xdd,
    ]);
    expect(N.readNlmsghdr(b)).toEqual({
      nlmsg_len: 0x11223344,
      nlmsg_type: 0x5566,
      nlmsg_flags: 0x7788,
      nlmsg_seq: 0x99aabbcc,
      nlmsg_pid: 0xddeeff00,
    });
  });

  test("sockaddr_nl: 12 bytes, family@0 pad@2 pid@4 groups@8", () => {
    expect(N.SOCKADDR_NL_SIZE).toBe(12);
    const b = N.encodeSockaddrNl({ nl_pid: 1234, nl_groups: 1 });
    expect([...b]).toEqual([16, 0, 0, 0, 0xd2, 0x04, 0, 0, 1, 0, 0, 0]);
  });

  test("nlmsgerr: 20 bytes (error@0, msg@4); nlattr 4 bytes; genlmsghdr 4 bytes", () => {
    expect(N.NLMSGERR_SIZE).toBe(20);
    expect(N.NLA_HDRLEN).toBe(4);
    expect(N.NLA_ALIGN(5)).toBe(8);
    expect(G.GENL_HDRLEN).toBe(4);
  });

  test("msghdr: 56 bytes, name@0 namelen@8 iov@16 iovlen@24 control@32 controllen@40 flags@48; iovec 16", () => {
    expect([S.MSGHDR_SIZE, S.MSGHDR_NAME, S.MSGHDR_NAMELEN, S.MSGHDR_IOV, S.MSGHDR_IOVLEN]).toEqual(
      [56, 0, 8, 16, 24],
    );
    expect([S.MSGHDR_CONTROL, S.MSGHDR_CONTROLLEN, S.MSGHDR_FLAGS, S.IOVEC_SIZE]).toEqual([
      32, 40, 48, 16,
    ]);
  });
});

describe("constants", () => {
  // Printed by the same C program.
  const table: [string, number, number][] = [
    ["AF_NETLINK", S.AF_NETLINK, 16],
    ["SOCK_RAW", S.SOCK_RAW, 3],
    ["SOCK_DGRAM", S.SOCK_DGRAM, 2],
    ["SOL_SOCKET", S.SOL_SOCKET, 1],
    ["SO_RCVBUF", S.SO_RCVBUF, 8],
    ["SO_SNDBUF", S.SO_SNDBUF, 7],
    ["SO_RCVBUFFORCE", S.SO_RCVBUFFORCE, 33],
    ["SO_PASSCRED", S.SO_PASSCRED, 16],
    ["SO_PROTOCOL", S.SO_PROTOCOL, 38],
    ["SO_DOMAIN", S.SO_DOMAIN, 39],
    ["SOL_NETLINK", S.SOL_NETLINK, 270],
    ["MSG_PEEK", S.MSG_PEEK, 0x2],
    ["MSG_TRUNC", S.MSG_TRUNC, 0x20],
    ["MSG_DONTWAIT", S.MSG_DONTWAIT, 0x40],
    ["SOCK_NONBLOCK", S.SOCK_NONBLOCK, 0o4000],
    ["SOCK_CLOEXEC", S.SOCK_CLOEXEC, 0o2000000],
    ["NETLINK_ADD_MEMBERSHIP", N.NETLINK_ADD_MEMBERSHIP, 1],
    ["NETLINK_CAP_ACK", N.NETLINK_CAP_ACK, 10],
    ["NETLINK_EXT_ACK", N.NETLINK_EXT_ACK, 11],
    ["NETLINK_GET_STRICT_CHK", N.NETLINK_GET_STRICT_CHK, 12],
    ["NETLINK_KOBJECT_UEVENT", N.NETLINK_KOBJECT_UEVENT, 15],
    ["NETLINK_GENERIC", N.NETLINK_GENERIC, 16],
    ["MAX_LINKS", N.MAX_LINKS, 32],
    ["NLM_F_DUMP", N.NLM_F_DUMP, 0x300],
    ["NLM_F_CAPPED", N.NLM_F_CAPPED, 0x100],
    ["NLM_F_ACK_TLVS", N.NLM_F_ACK_TLVS, 0x200],
    ["NLMSG_DONE", N.NLMSG_DONE, 3],
    ["NLMSG_MIN_TYPE", N.NLMSG_MIN_TYPE, 16],
    ["NLA_F_NESTED", N.NLA_F_NESTED, 32768],
    ["GENL_ID_CTRL", G.GENL_ID_CTRL, 16],
    ["CTRL_ATTR_MCAST_GROUPS", G.CTRL_ATTR_MCAST_GROUPS, 7],
    ["GENL_NAMSIZ", G.GENL_NAMSIZ, 16],
  ];
  test.each(table)("%s", (_name, got, want) => expect(got).toBe(want));
});

describe("attributes built and parsed as the kernel does", () => {
  test("nla_put pads to 4 and nla_parse finds the last of each type", () => {
    const skb = nlmsg_buffer(256);
    const nlh = nlmsg_put(skb, 0, 1, 0x10, 4, 1)!;
    expect(nla_put_string(skb, 2, "nlctrl")).toBe(0);
    expect(nla_put_u32(skb, 1, 0xdeadbeef)).toBe(0);
    nlmsg_end(skb, nlh);
    // 16 header + 4 family header + (4+7 -> 12) + (4+4) = 40
    expect(nlh.nlmsg_len).toBe(40);
    const tb: (Nlattr | null)[] = [];
    expect(nla_parse(tb, 2, skb.data.subarray(20), 20, null)).toBe(0);
    expect(nla_get_string(tb[2]!)).toBe("nlctrl");
    expect(nla_get_u32(tb[1]!)).toBe(0xdeadbeef);
    // The string's padding is zero-filled.
    expect([...skb.data.subarray(20 + 4 + 7, 20 + 12)]).toEqual([0]);
  });
});
