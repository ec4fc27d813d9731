/**
 * Datagrams between netlink sockets: unicast, multicast, blocking receive (woken by
 * data, interrupted by a signal), MSG_PEEK/MSG_TRUNC, receive-queue limits (a full
 * user receiver blocks or EAGAINs the sender; a broadcast overflow gives the
 * receiver ENOBUFS). Reference behaviour recorded from Linux on this machine with
 * small C programs (noted per case).
 */
import { describe, expect, test } from "vitest";
import {
  NETLINK_ADD_MEMBERSHIP,
  NETLINK_DROP_MEMBERSHIP,
  NETLINK_USERSOCK,
  readSockaddrNl,
} from "../../src/include/uapi/netlink.ts";
import { SIGUSR1 } from "../../src/include/uapi/signal.ts";
import {
  AF_NETLINK,
  MSG_DONTWAIT,
  MSG_PEEK,
  MSG_TRUNC,
  SO_RCVBUF,
  SOCK_RAW,
  SOL_NETLINK,
  SOL_SOCKET,
} from "../../src/include/uapi/socket.ts";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { sockets } from "../../src/user/libc/socket.ts";
import { bootWith, expectErrno, proc } from "../helpers.ts";

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

function user(k: Kernel, uid = 0) {
  const p = proc(k, uid);
  return { ...p, so: sockets(p.libc) };
}

async function usersock(u: ReturnType<typeof user>, port = 0, groups = 0) {
  const fd = await u.so.socket(AF_NETLINK, SOCK_RAW, NETLINK_USERSOCK);
  if (port || groups) await u.so.bindNl(fd, port, groups);
  return fd;
}

describe("unicast between user sockets", () => {
  test("the receiver gets the bytes and the sender's address", async () => {
    const k = await bootWith();
    const a = user(k, 1000);
    const b = user(k, 1000);
    const ra = await usersock(a, 5000);
    const sb = await usersock(b, 6000);
    expect(await b.so.sendNl(sb, bytes("hello, netlink!!"), 5000)).toBe(16);
    const m = await a.so.recvmsgNl(ra, 100, MSG_DONTWAIT);
    expect(text(m.data)).toBe("hello, netlink!!");
    expect(m.from).toEqual({ nl_family: 16, nl_pad: 0, nl_pid: 6000, nl_groups: 0 });
    expect(m.namelen).toBe(12);
    expect(m.msgFlags).toBe(0);
  });

  test("MSG_PEEK leaves it queued; MSG_TRUNC returns the real length; a short buffer sets MSG_TRUNC", async () => {
    // Linux here: recv(fd, buf, 10, MSG_PEEK|MSG_TRUNC) = 36 for a 36-byte ack;
    // recvmsg with a 10-byte iov = 10 with msg_flags 0x20; the datagram is then gone.
    const k = await bootWith();
    const a = user(k);
    const ra = await usersock(a, 5000);
    const sa = await usersock(a, 5001);
    await a.so.sendNl(sa, new Uint8Array(36).fill(7), 5000);
    expect((await a.so.recv(ra, 10, MSG_PEEK | MSG_TRUNC)).ret).toBe(36);
    expect((await a.so.recv(ra, 10, MSG_PEEK)).ret).toBe(10);
    const m = await a.so.recvmsgNl(ra, 10);
    expect(m.ret).toBe(10);
    expect(m.msgFlags).toBe(MSG_TRUNC);
    expect([...m.data]).toEqual(new Array(10).fill(7));
    await expectErrno(a.so.recv(ra, 10, MSG_DONTWAIT), "EAGAIN");
  });

  test("read(2) and write(2) are recv and send", async () => {
    const k = await bootWith();
    const a = user(k);
    const ra = await usersock(a, 5000);
    const sa = await usersock(a, 5001);
    await a.so.connectNl(sa, 5000);
    expect(await a.libc.writeBytes(sa, bytes("via write"))).toBe(9);
    expect(text(await a.libc.readBytes(ra, 64))).toBe("via write");
    // A zero-length write is a zero-length message: ENODATA.
    await expectErrno(a.libc.writeBytes(sa, new Uint8Array(0)), "ENODATA");
  });

  test("a connected receiver accepts only its peer", async () => {
    const k = await bootWith();
    const a = user(k);
    const ra = await usersock(a, 5000);
    await a.so.connectNl(ra, 7000);
    const other = await usersock(a, 7001);
    await expectErrno(a.so.sendNl(other, bytes("x"), 5000), "ECONNREFUSED");
    const peer = await usersock(a, 7000);
    expect(await a.so.sendNl(peer, bytes("x"), 5000)).toBe(1);
  });
});

describe("multicast", () => {
  test("members of a group get a copy; the sender still unicasts to port 0 (ECONNREFUSED on USERSOCK)", async () => {
    // Linux here, as root: bind(groups=1), sendto(nl_groups=1) = -1 ECONNREFUSED, yet the
    // member receives the 20 bytes from the sender's port with nl_groups=1.
    const k = await bootWith();
    const r = user(k, 0);
    const m1 = await usersock(r, 0, 1);
    const m2 = await usersock(r);
    // Bound first: an unbound socket has port 0, which a broadcast from port 0 excludes.
    await r.so.bindNl(m2, 0);
    await r.so.setsockopt(m2, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, 1);
    const nonmember = await usersock(r, 0, 2);
    const s = await usersock(r, 9000);
    await expectErrno(r.so.sendNl(s, bytes("hello"), 0, 1), "ECONNREFUSED");
    for (const fd of [m1, m2]) {
      const m = await r.so.recvmsgNl(fd, 100, MSG_DONTWAIT);
      expect(text(m.data)).toBe("hello");
      expect(m.from.nl_pid).toBe(9000);
      expect(m.from.nl_groups).toBe(1);
    }
    await expectErrno(r.so.recv(nonmember, 100, MSG_DONTWAIT), "EAGAIN");
    // getsockname shows the groups of bind(); membership by setsockopt is beyond it.
    expect(readSockaddrNl(await r.so.getsockname(m1)).nl_groups).toBe(1);
    await r.so.setsockopt(m2, SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, 1);
    await expectErrno(r.so.sendNl(s, bytes("again"), 0, 1), "ECONNREFUSED");
    await expectErrno(r.so.recv(m2, 100, MSG_DONTWAIT), "EAGAIN");
    await expectErrno(r.so.setsockopt(m2, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, 0), "EINVAL");
    await expectErrno(r.so.setsockopt(m2, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, 33), "EINVAL");
  });
});

describe("blocking receive", () => {
  test("recvmsg sleeps until a datagram arrives", async () => {
    const k = await bootWith();
    const a = user(k, 1000);
    const b = user(k, 1000);
    const ra = await usersock(a, 5000);
    let got: string | null = null;
    const pending = a.so.recvmsgNl(ra, 100).then((m) => {
      got = text(m.data);
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(got).toBeNull();
    const sb = await usersock(b, 6000);
    await b.so.sendNl(sb, bytes("wake up"), 5000);
    await pending;
    expect(got).toBe("wake up");
  });

  test("a signal with a handler interrupts it: EINTR, and the handler ran", async () => {
    const k = await bootWith();
    const a = user(k, 1000);
    const b = user(k, 1000);
    const ra = await usersock(a, 5000);
    let handled = 0;
    await a.libc.signal(SIGUSR1, () => {
      handled++;
    });
    const pending = expectErrno(a.so.recv(ra, 100), "EINTR");
    await new Promise((r) => setTimeout(r, 5));
    await b.libc.kill(await a.libc.getpid(), SIGUSR1);
    await pending;
    expect(handled).toBe(1);
  });
});

describe("receive queue limits", () => {
  // A 20-byte datagram's skb: kmalloc(SKB_DATA_ALIGN(20) + 320) = 512 bytes, so 192 bytes of
  // data room and truesize 192 + 576 = 768. With SO_RCVBUF 1000 the queue holds 2304 bytes
  // (SOCK_MIN_RCVBUF) and accepts while rmem_alloc <= rcvbuf: 4 messages.
  test("a full user receiver: MSG_DONTWAIT gives EAGAIN, a blocking sender waits for room", async () => {
    const k = await bootWith();
    const a = user(k, 1000);
    const b = user(k, 1000);
    const ra = await usersock(a, 5000);
    await a.so.setsockopt(ra, SOL_SOCKET, SO_RCVBUF, 1000);
    const sb = await usersock(b, 6000);
    for (let i = 0; i < 4; i++)
      expect(await b.so.sendNl(sb, new Uint8Array(20).fill(i), 5000, 0, MSG_DONTWAIT)).toBe(20);
    await expectErrno(b.so.sendNl(sb, new Uint8Array(20), 5000, 0, MSG_DONTWAIT), "EAGAIN");
    let sent = -1;
    const blocked = b.so.sendNl(sb, new Uint8Array(20).fill(9), 5000).then((n) => {
      sent = n;
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(sent).toBe(-1);
    expect((await a.so.recv(ra, 100)).data[0]).toBe(0);
    await blocked;
    expect(sent).toBe(20);
    // The receiver never saw an error: user senders do not overrun it.
    for (const want of [1, 2, 3, 9])
      expect((await a.so.recv(ra, 100, MSG_DONTWAIT)).data[0]).toBe(want);
  });

  test("a broadcast overflow: the receiver reads ENOBUFS once, then what was queued", async () => {
    const k = await bootWith();
    const r = user(k, 0);
    const m = await usersock(r, 0, 1);
    await r.so.setsockopt(m, SOL_SOCKET, SO_RCVBUF, 1000);
    const s = await usersock(r, 9000);
    for (let i = 0; i < 6; i++)
      await expectErrno(r.so.sendNl(s, new Uint8Array(20).fill(i), 0, 1), "ECONNREFUSED");
    await expectErrno(r.so.recv(m, 100, MSG_DONTWAIT), "ENOBUFS");
    for (const want of [0, 1, 2, 3])
      expect((await r.so.recv(m, 100, MSG_DONTWAIT)).data[0]).toBe(want);
    await expectErrno(r.so.recv(m, 100, MSG_DONTWAIT), "EAGAIN");
    // The queue drained, so the socket is no longer congested: new messages arrive.
    await expectErrno(r.so.sendNl(s, new Uint8Array(20).fill(7), 0, 1), "ECONNREFUSED");
    expect((await r.so.recv(m, 100, MSG_DONTWAIT)).data[0]).toBe(7);
  });

  test("sendmsg beyond SO_SNDBUF - 32 is EMSGSIZE", async () => {
    const k = await bootWith();
    const a = user(k);
    const s = await usersock(a, 5000);
    await expectErrno(a.so.sendNl(s, new Uint8Array(212992 - 31), 5000), "EMSGSIZE");
    expect(await a.so.sendNl(s, new Uint8Array(8000), 5000)).toBe(8000);
    expect((await a.so.recv(s, 10000)).ret).toBe(8000);
  });
});
