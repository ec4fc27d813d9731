/**
 * Kernel netlink sockets as a driver uses them: netlink_kernel_create()'s input runs
 * in the sender's context; netlink_rcv_skb() acks as Linux 5.4 does (success acks are
 * NLM_F_CAPPED and echo the header; error acks echo the request unless NETLINK_CAP_ACK;
 * NETLINK_EXT_ACK adds the message); malformed messages are dropped silently while
 * send() still returns the byte count; dumps end in NLMSG_DONE; the module is pinned
 * while user sockets of its protocol exist.
 *
 * Ack bytes were compared with Linux on this machine: NLMSG_NOOP|REQUEST|ACK seq 7 on
 * NETLINK_ROUTE answered 24 00 00 00 02 00 00 01 07 00 00 00 <pid> | 00 00 00 00 |
 * 10 00 00 00 01 00 05 00 07 00 00 00 00 00 00 00 (36 bytes); an unknown type with a
 * 4-byte payload answered 40 bytes, error -95, flags 0, the whole request echoed.
 */
import { describe, expect, test } from "vitest";
import { EINVAL, EPERM } from "../../src/include/uapi/errno.ts";
import {
  NETLINK_CAP_ACK,
  NETLINK_EXT_ACK,
  NLM_F_ACK,
  NLM_F_DUMP,
  NLM_F_MULTI,
  NLM_F_REQUEST,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_NOOP,
  splitNlmsgs,
  writeNlmsghdr,
} from "../../src/include/uapi/netlink.ts";
import { AF_NETLINK, MSG_DONTWAIT, SOCK_RAW, SOL_NETLINK } from "../../src/include/uapi/socket.ts";
import { BUG } from "../../src/kernel/fault.ts";
import type { Kernel } from "../../src/kernel/kernel.ts";
import type { ModuleDefinition } from "../../src/kernel/module.ts";
import {
  current,
  init_net,
  type NetlinkCallback,
  NL_SET_ERR_MSG,
  netlink_dump_start,
  netlink_kernel_create,
  netlink_kernel_release,
  netlink_rcv_skb,
  nlmsg_put,
  pr_info,
  type Sock,
} from "../../src/linux.ts";
import { sockets } from "../../src/user/libc/socket.ts";
import { bootWith, expectErrno, insmod, proc, rmmod } from "../helpers.ts";

const UNIT = 25;

interface Seen {
  pid: number;
  comm: string;
  type: number;
}

/** A driver with a protocol: 0x10 succeeds, 0x11 fails EINVAL, 0x12 EPERM with a message, 0x13 dumps. */
function testModule(log: Seen[]): ModuleDefinition {
  return {
    name: "nltest",
    license: "GPL",
    load(THIS_MODULE) {
      const g = THIS_MODULE.static({ sk: null as Sock | null });
      function dumpit(skb: Parameters<NetlinkCallback["dump"]>[0], cb: NetlinkCallback): number {
        // Ten entries of 1000 bytes, as many per buffer as fit.
        while (cb.args[0] < 10) {
          const nlh = nlmsg_put(skb, cb.skb.cb.portid, cb.nlh.nlmsg_seq, 0x20, 1000, NLM_F_MULTI);
          if (!nlh) break;
          skb.head.fill(cb.args[0], nlh.off + 16, nlh.off + 1016);
          cb.args[0]++;
        }
        return skb.len;
      }
      function rcv(
        skb: Parameters<typeof netlink_rcv_skb>[0],
        nlh: { nlmsg_type: number; nlmsg_flags: number },
        extack: Parameters<typeof NL_SET_ERR_MSG>[0],
      ): number {
        log.push({ pid: current().pid, comm: current().comm, type: nlh.nlmsg_type });
        pr_info("got type %#x\n", nlh.nlmsg_type);
        switch (nlh.nlmsg_type) {
          case 0x10:
            return 0;
          case 0x11:
            return -EINVAL;
          case 0x12:
            NL_SET_ERR_MSG(extack, "bad thing");
            return -EPERM;
          case 0x13:
            return netlink_dump_start(g.sk!, skb, nlh as never, { dump: dumpit });
          case 0x14:
            BUG();
        }
        return 0;
      }
      return {
        init() {
          g.sk = netlink_kernel_create(init_net, UNIT, {
            input: (skb) => void netlink_rcv_skb(skb, rcv),
          });
          return g.sk ? 0 : -12;
        },
        exit() {
          netlink_kernel_release(g.sk);
        },
      };
    },
  };
}

function msg(
  type: number,
  flags: number,
  seq: number,
  payload = new Uint8Array(0),
  len?: number,
): Uint8Array {
  const b = new Uint8Array(16 + payload.length);
  writeNlmsghdr(b, 0, {
    nlmsg_len: len ?? b.length,
    nlmsg_type: type,
    nlmsg_flags: flags,
    nlmsg_seq: seq,
    nlmsg_pid: 0,
  });
  b.set(payload, 16);
  return b;
}

const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

async function setup(uid = 1000) {
  const log: Seen[] = [];
  const k = await bootWith([testModule(log)]);
  expect(await insmod(k, "nltest")).toBe(0);
  const p = proc(k, uid);
  const so = sockets(p.libc);
  const fd = await so.socket(AF_NETLINK, SOCK_RAW, UNIT);
  await so.bindNl(fd, 4000);
  const recv = async () => (await so.recvmsgNl(fd, 65536, MSG_DONTWAIT)).data;
  return { k, log, ...p, so, fd, recv };
}

const i32 = (b: Uint8Array, off: number) =>
  new DataView(b.buffer, b.byteOffset).getInt32(off, true);

describe("input callback", () => {
  test("runs synchronously in the sender's context, as the module", async () => {
    const { k, log, so, fd, libc } = await setup();
    expect(await so.send(fd, msg(0x10, NLM_F_REQUEST, 1))).toBe(16);
    expect(log).toEqual([{ pid: await libc.getpid(), comm: "vkern-host", type: 0x10 }]);
    expect(k.log.all().at(-1)?.text).toBe("nltest: got type 0x10");
  });

  test("a fault in it is an Oops that kills the sender", async () => {
    const { k, so, fd, task } = await setup();
    void so.send(fd, msg(0x14, NLM_F_REQUEST, 1));
    await new Promise((r) => setTimeout(r, 5));
    expect(k.oopsCount).toBe(1);
    expect(task.alive).toBe(false);
  });
});

describe("acks (netlink_rcv_skb + netlink_ack)", () => {
  test("success with NLM_F_ACK: 36 bytes, NLM_F_CAPPED, the request's header echoed", async () => {
    const { so, fd, recv } = await setup();
    await so.send(fd, msg(0x10, NLM_F_REQUEST | NLM_F_ACK, 7));
    const r = await recv();
    expect(r.length).toBe(36);
    const [m] = splitNlmsgs(r);
    expect(m.hdr).toEqual({
      nlmsg_len: 36,
      nlmsg_type: NLMSG_ERROR,
      nlmsg_flags: 0x100,
      nlmsg_seq: 7,
      nlmsg_pid: 4000,
    });
    expect(i32(r, 16)).toBe(0);
    expect([...r.subarray(20)]).toEqual([16, 0, 0, 0, 0x10, 0, 5, 0, 7, 0, 0, 0, 0, 0, 0, 0]);
  });

  test("no ack without NLM_F_ACK on success", async () => {
    const { so, fd, recv } = await setup();
    await so.send(fd, msg(0x10, NLM_F_REQUEST, 7));
    await expectErrno(recv(), "EAGAIN");
  });

  test("an error is always answered, with the whole request", async () => {
    const { so, fd, recv } = await setup();
    await so.send(fd, msg(0x11, NLM_F_REQUEST, 8, new TextEncoder().encode("abcd")));
    const r = await recv();
    expect(r.length).toBe(40);
    const [m] = splitNlmsgs(r);
    expect(m.hdr.nlmsg_flags).toBe(0);
    expect(i32(r, 16)).toBe(-EINVAL);
    expect(new TextDecoder().decode(r.subarray(36))).toBe("abcd");
  });

  test("NETLINK_CAP_ACK caps error acks to the header", async () => {
    const { so, fd, recv } = await setup();
    await so.setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, 1);
    expect(await so.getsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK)).toBe(1);
    await so.send(fd, msg(0x11, NLM_F_REQUEST, 8, new Uint8Array(40)));
    const r = await recv();
    expect(r.length).toBe(36);
    expect(splitNlmsgs(r)[0].hdr.nlmsg_flags).toBe(0x100);
  });

  test("NETLINK_EXT_ACK adds the driver's message (NLMSGERR_ATTR_MSG)", async () => {
    const { so, fd, recv } = await setup();
    await so.setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, 1);
    await so.send(fd, msg(0x12, NLM_F_REQUEST, 9));
    const r = await recv();
    const [m] = splitNlmsgs(r);
    expect(m.hdr.nlmsg_flags).toBe(0x200); // NLM_F_ACK_TLVS
    expect(i32(r, 16)).toBe(-EPERM);
    // 16 + 20 (nlmsgerr, request of 16 echoed) + attr (4 + "bad thing\0" = 14, padded to 16)
    expect(r.length).toBe(52);
    expect(new DataView(r.buffer, r.byteOffset).getUint16(38, true)).toBe(1);
    expect(new TextDecoder().decode(r.subarray(40, 49))).toBe("bad thing");
  });

  test("two messages in one datagram: two acks, in order", async () => {
    const { so, fd, recv, log } = await setup();
    await so.send(
      fd,
      cat(msg(0x10, NLM_F_REQUEST | NLM_F_ACK, 1), msg(0x11, NLM_F_REQUEST | NLM_F_ACK, 2)),
    );
    expect(log.map((l) => l.type)).toEqual([0x10, 0x11]);
    const a = splitNlmsgs(await recv())[0];
    const b = splitNlmsgs(await recv())[0];
    expect([a.hdr.nlmsg_seq, i32(a.payload, 0)]).toEqual([1, 0]);
    expect([b.hdr.nlmsg_seq, i32(b.payload, 0)]).toEqual([2, -EINVAL]);
  });

  test("control messages and non-requests skip the driver; acked only if asked", async () => {
    const { so, fd, recv, log } = await setup();
    await so.send(fd, msg(NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, 3));
    await so.send(fd, msg(0x10, NLM_F_ACK, 4));
    await so.send(fd, msg(0x10, 0, 5));
    expect(log).toEqual([]);
    expect(splitNlmsgs(await recv())[0].hdr.nlmsg_seq).toBe(3);
    expect(splitNlmsgs(await recv())[0].hdr.nlmsg_seq).toBe(4);
    await expectErrno(recv(), "EAGAIN");
  });
});

describe("malformed messages are dropped silently; send() returns the byte count", () => {
  const cases: [string, Uint8Array][] = [
    ["a datagram shorter than a header", new Uint8Array(10)],
    ["nlmsg_len below the header", msg(0x10, NLM_F_REQUEST | NLM_F_ACK, 1, new Uint8Array(4), 8)],
    ["nlmsg_len zero", msg(0x10, NLM_F_REQUEST | NLM_F_ACK, 1, new Uint8Array(4), 0)],
    [
      "nlmsg_len beyond the datagram",
      msg(0x10, NLM_F_REQUEST | NLM_F_ACK, 1, new Uint8Array(4), 200),
    ],
    ["nlmsg_len of 2^32-1", msg(0x10, NLM_F_REQUEST | NLM_F_ACK, 1, new Uint8Array(4), 0xffffffff)],
  ];
  test.each(cases)("%s", async (_name, datagram) => {
    const { so, fd, recv, log, k } = await setup();
    expect(await so.send(fd, datagram)).toBe(datagram.length);
    expect(log).toEqual([]);
    await expectErrno(recv(), "EAGAIN");
    expect(k.oopsCount).toBe(0);
  });

  test("a good message followed by a bad one: the good one is processed and acked", async () => {
    const { so, fd, recv, log } = await setup();
    const d = cat(
      msg(0x10, NLM_F_REQUEST | NLM_F_ACK, 1),
      msg(0x11, NLM_F_REQUEST | NLM_F_ACK, 2, new Uint8Array(4), 100),
    );
    expect(await so.send(fd, d)).toBe(36);
    expect(log.map((l) => l.type)).toEqual([0x10]);
    expect(splitNlmsgs(await recv())[0].hdr.nlmsg_seq).toBe(1);
    await expectErrno(recv(), "EAGAIN");
  });

  test("an unaligned length: the next message starts at NLMSG_ALIGN", async () => {
    const { so, fd, log } = await setup();
    const first = msg(0x10, NLM_F_REQUEST, 1, new Uint8Array(4), 17);
    await so.send(fd, cat(first, msg(0x11, NLM_F_REQUEST, 2)));
    expect(log.map((l) => l.type)).toEqual([0x10, 0x11]);
  });
});

describe("dumps", () => {
  test("buffer after buffer as the reader reads, then NLMSG_DONE with 0", async () => {
    const { so, fd } = await setup();
    await so.send(fd, msg(0x13, NLM_F_REQUEST | NLM_F_DUMP, 42));
    // The first buffer is filled at once, NLMSG_GOODSIZE (3776) bytes: three 1016-byte entries.
    const first = splitNlmsgs((await so.recvmsgNl(fd, 32768, MSG_DONTWAIT)).data);
    expect(first.map((m) => m.payload[0])).toEqual([0, 1, 2]);
    // Later buffers follow the reader's buffer size (SKB_WITH_OVERHEAD(32768) at most).
    const rest = splitNlmsgs((await so.recvmsgNl(fd, 32768, MSG_DONTWAIT)).data);
    expect(rest.map((m) => m.payload[0])).toEqual([3, 4, 5, 6, 7, 8, 9]);
    // The dumper still returned data, so NLMSG_DONE comes alone, in the next datagram
    // (as the final 20-byte recvmsg in an strace of `ip link` on Linux).
    const last = splitNlmsgs((await so.recvmsgNl(fd, 32768, MSG_DONTWAIT)).data);
    expect(last.map((m) => m.hdr.nlmsg_type)).toEqual([NLMSG_DONE]);
    expect(
      [...first, ...rest, ...last].every(
        (m) => m.hdr.nlmsg_flags === NLM_F_MULTI && m.hdr.nlmsg_seq === 42,
      ),
    ).toBe(true);
    const done = last[0];
    expect(done.hdr.nlmsg_len).toBe(20);
    expect(i32(done.payload, 0)).toBe(0);
    await expectErrno(so.recv(fd, 100, MSG_DONTWAIT), "EAGAIN");
  });

  test("a second dump while one runs is EBUSY", async () => {
    const { so, fd, recv } = await setup();
    await so.send(fd, msg(0x13, NLM_F_REQUEST | NLM_F_DUMP, 1));
    await so.send(fd, msg(0x13, NLM_F_REQUEST | NLM_F_DUMP, 2));
    await recv(); // the first dump's first buffer
    const err = splitNlmsgs(await recv()).find((m) => m.hdr.nlmsg_type === NLMSG_ERROR)!;
    expect(err.hdr.nlmsg_seq).toBe(2);
    expect(i32(err.payload, 0)).toBe(-16);
  });
});

describe("the protocol's module", () => {
  async function refcnt(k: Kernel) {
    return k.modules.find("nltest")!.refcnt;
  }

  test("user sockets pin it; once closed it unloads and the protocol is gone", async () => {
    const { k, so, fd, libc } = await setup();
    expect(await refcnt(k)).toBe(1);
    expect(await rmmod(k, "nltest")).toBeLessThan(0);
    await libc.close(fd);
    expect(await refcnt(k)).toBe(0);
    expect(await rmmod(k, "nltest")).toBe(0);
    await expectErrno(so.socket(AF_NETLINK, SOCK_RAW, UNIT), "EPROTONOSUPPORT");
  });
});
