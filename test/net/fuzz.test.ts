/**
 * Fuzz: random datagrams (raw bytes, and header-shaped ones that reach the parsers of
 * rtnetlink, generic netlink/nlctrl, the uevent socket and a netlink_rcv_skb() driver
 * with acks and dumps) sent on netlink sockets never make the host throw anything but
 * a SysError, never Oops the kernel, and leave every socket readable.
 *
 * The book's netlink_simple_intf is left out on purpose: it replies to the nlmsg_pid of
 * whatever it receives, so a message with nlmsg_pid 0 makes it unicast to its own
 * kernel socket, which calls it again, for ever — on Linux as on vkern a kernel stack
 * overflow (see demo.test.ts).
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { NLMSG_HDRLEN, writeNlmsghdr } from "../../src/include/uapi/netlink.ts";
import { AF_NETLINK, MSG_DONTWAIT, SOCK_RAW } from "../../src/include/uapi/socket.ts";
import type { ModuleDefinition } from "../../src/kernel/module.ts";
import {
  init_net,
  type NetlinkCallback,
  NLM_F_MULTI,
  netlink_dump_start,
  netlink_kernel_create,
  netlink_kernel_release,
  netlink_rcv_skb,
  nlmsg_put,
  type SkBuff,
  type Sock,
} from "../../src/linux.ts";
import { SysError } from "../../src/user/libc/errors.ts";
import { sockets } from "../../src/user/libc/socket.ts";
import { bootWith, insmod, proc } from "../helpers.ts";

/** A driver on protocol 25 that acks, fails odd types, and dumps for type 0x11. */
function echoModule(): ModuleDefinition {
  return {
    name: "nlecho",
    license: "GPL",
    load(THIS_MODULE) {
      const g = THIS_MODULE.static({ sk: null as Sock | null });
      const dump = (skb: SkBuff, cb: NetlinkCallback): number => {
        while (
          cb.args[0] < 5 &&
          nlmsg_put(skb, cb.skb.cb.portid, cb.nlh.nlmsg_seq, 0x20, 900, NLM_F_MULTI)
        )
          cb.args[0]++;
        return cb.args[0] < 5 ? skb.len : 0;
      };
      return {
        init() {
          g.sk = netlink_kernel_create(init_net, 25, {
            input: (skb) =>
              void netlink_rcv_skb(skb, (s, nlh) =>
                nlh.nlmsg_type === 0x11
                  ? netlink_dump_start(g.sk!, s, nlh, { dump })
                  : nlh.nlmsg_type & 1
                    ? -22
                    : 0,
              ),
          });
          return 0;
        },
        exit() {
          netlink_kernel_release(g.sk);
        },
      };
    },
  };
}

const PROTOCOLS = [0, 2, 15, 16, 25];

/** A datagram of header-shaped messages with random fields and attribute-like payloads. */
const structured = fc
  .array(
    fc.record({
      type: fc.oneof(fc.integer({ min: 0, max: 0x20 }), fc.integer({ min: 0, max: 0xffff })),
      flags: fc.oneof(fc.constantFrom(1, 5, 0x301, 0x305), fc.integer({ min: 0, max: 0xffff })),
      lenDelta: fc.oneof(fc.constant(0), fc.integer({ min: -20, max: 20 })),
      payload: fc.uint8Array({ maxLength: 64 }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((msgs) => {
    const parts = msgs.map((m) => {
      const b = new Uint8Array(NLMSG_HDRLEN + ((m.payload.length + 3) & ~3));
      b.set(m.payload, NLMSG_HDRLEN);
      const len = Math.max(0, NLMSG_HDRLEN + m.payload.length + m.lenDelta);
      writeNlmsghdr(b, 0, {
        nlmsg_len: len,
        nlmsg_type: m.type,
        nlmsg_flags: m.flags,
        nlmsg_seq: 1,
        nlmsg_pid: 0,
      });
      return b;
    });
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  });

describe("fuzz", () => {
  test.each([
    ["raw bytes", fc.uint8Array({ maxLength: 200 })],
    ["header-shaped messages", structured],
  ] as const)("%s", async (_name, datagrams) => {
    const k = await bootWith([echoModule()]);
    expect(await insmod(k, "nlecho")).toBe(0);
    for (const uid of [0, 1000]) {
      const so = sockets(proc(k, uid).libc);
      const fds = new Map<number, number>();
      for (const p of PROTOCOLS) fds.set(p, await so.socket(AF_NETLINK, SOCK_RAW, p));
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...PROTOCOLS),
          datagrams,
          fc.nat(4),
          async (proto, data, dst) => {
            const fd = fds.get(proto)!;
            try {
              await so.sendNl(
                fd,
                data,
                dst === 0 ? 0 : 1000 + dst,
                dst === 4 ? 1 : 0,
                MSG_DONTWAIT,
              );
            } catch (e) {
              if (!(e instanceof SysError)) throw e;
            }
            // Drain whatever came back (acks, replies, dumps, errors).
            for (let i = 0; i < 64; i++) {
              try {
                await so.recv(fd, 65536, MSG_DONTWAIT);
              } catch (e) {
                if (!(e instanceof SysError)) throw e;
                if (e.code === "EAGAIN") break;
              }
            }
            expect(k.oopsCount).toBe(0);
          },
        ),
        { numRuns: 300, seed: 0x6e6c },
      );
    }
    expect(k.taint.test(7)).toBe(false); // TAINT_DIE
  });
});
