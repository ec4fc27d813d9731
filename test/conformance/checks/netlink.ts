/**
 * Netlink sockets (net/netlink/af_netlink.c, genetlink.c), compared on what both kernels
 * have: socket creation rules, port-id binding, sendmsg/recvmsg semantics, and the generic
 * netlink controller "nlctrl" (CTRL_CMD_GETFAMILY, do and dump) with its acks and errors.
 * Content that differs by kernel version (the families registered, nlctrl's operations)
 * is not compared; the shape of messages is.
 */

import { checks } from "../check.ts";
import { must, type Sys, text } from "../sys.ts";
import {
  AF_NETLINK,
  attr,
  CTRL_ATTR_FAMILY_ID,
  CTRL_ATTR_FAMILY_NAME,
  CTRL_CMD_GETFAMILY,
  cstr,
  drain,
  errorCode,
  GENL_ID_CTRL,
  genl,
  genlAttrs,
  getFamily,
  getU16,
  headerBytes,
  MSG_DONTWAIT,
  MSG_PEEK,
  MSG_TRUNC,
  NETLINK_CAP_ACK,
  NETLINK_GENERIC,
  NETLINK_KOBJECT_UEVENT,
  NETLINK_ROUTE,
  NETLINK_UNUSED,
  NETLINK_USERSOCK,
  NLM_F_ACK,
  NLM_F_DUMP,
  NLM_F_REQUEST,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_NOOP,
  nlmsg,
  nlSocket,
  parse,
  portKind,
  SO_DOMAIN,
  SO_PROTOCOL,
  SO_TYPE,
  SOCK_CLOEXEC,
  SOCK_DGRAM,
  SOCK_NONBLOCK,
  SOCK_RAW,
  SOCK_RDM,
  SOCK_SEQPACKET,
  SOCK_STREAM,
  SOL_NETLINK,
  SOL_SOCKET,
  u16,
} from "./nl.ts";
import { show } from "./util.ts";

const KERNEL = { pid: 0, groups: 0 };
/** A port id far from any pid, for explicit binds. */
const PORT = 2_000_000_007;

/** Sends `msg` to the kernel on a fresh socket and returns the replies' datagrams. */
async function ask(
  sys: Sys,
  msg: Uint8Array,
): Promise<{ fd: number; port: number; got: Uint8Array[] }> {
  const fd = await nlSocket(sys, 0);
  const port = must(await sys.getsockname(fd), "getsockname").pid;
  must(await sys.sendto(fd, msg, 0, KERNEL), "sendto");
  return { fd, port, got: await drain(sys, fd) };
}

/** An NLMSG_ERROR message described without the parts that are per-process. */
function describeError(m: ReturnType<typeof parse>[number], sent: Uint8Array, port: number) {
  return {
    len: m.len,
    type: m.type,
    flags: m.flags,
    pidIsOurs: m.pid === port,
    error: errorCode(m),
    echoesHeader: headerBytes(m.payload.subarray(4)) === headerBytes(sent),
    echoesPayload: m.len > 36 ? text(m.payload.subarray(4)) === text(sent) : "capped",
  };
}

export const netlinkChecks = checks("netlink", [
  [
    "socket-types",
    "SOCK_RAW and SOCK_DGRAM work; STREAM, SEQPACKET, RDM are ESOCKTNOSUPPORT",
    async (sys) => {
      const out: string[] = [];
      for (const t of [SOCK_RAW, SOCK_DGRAM, SOCK_STREAM, SOCK_SEQPACKET, SOCK_RDM]) {
        out.push(show(await sys.socket(AF_NETLINK, t, NETLINK_GENERIC)).replace(/^ok:.*/, "ok"));
      }
      return out;
    },
  ],
  [
    "protocols-registered",
    "ROUTE, USERSOCK, KOBJECT_UEVENT and GENERIC exist",
    async (sys) => {
      const out: string[] = [];
      for (const p of [NETLINK_ROUTE, NETLINK_USERSOCK, NETLINK_KOBJECT_UEVENT, NETLINK_GENERIC]) {
        out.push(show(await sys.socket(AF_NETLINK, SOCK_RAW, p)).replace(/^ok:.*/, "ok"));
      }
      return out;
    },
  ],
  [
    "protocol-unregistered",
    "protocols nothing registered (1, 31) and out of range (32, -1) are EPROTONOSUPPORT",
    async (sys) => {
      const out: string[] = [];
      for (const p of [NETLINK_UNUSED, 31, 32, -1]) {
        out.push(show(await sys.socket(AF_NETLINK, SOCK_RAW, p)));
      }
      return out;
    },
  ],
  [
    "socket-options",
    "SOCK_NONBLOCK|SOCK_CLOEXEC are accepted; SO_TYPE, SO_PROTOCOL, SO_DOMAIN",
    async (sys) => {
      const fd = must(
        await sys.socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_GENERIC),
        "socket",
      );
      return [
        show(await sys.getsockopt(fd, SOL_SOCKET, SO_TYPE)),
        show(await sys.getsockopt(fd, SOL_SOCKET, SO_PROTOCOL)),
        show(await sys.getsockopt(fd, SOL_SOCKET, SO_DOMAIN)),
      ];
    },
  ],
  [
    "getsockname-unbound",
    "an unbound socket's name is family AF_NETLINK, port 0, groups 0",
    async (sys) => show(await sys.getsockname(await nlSocket(sys))),
  ],
  [
    "autobind-pid-first",
    "bind to port 0 picks the process id first, then negative ids, each distinct",
    async (sys) => {
      const ports: number[] = [];
      for (let i = 0; i < 3; i++) {
        ports.push(must(await sys.getsockname(await nlSocket(sys, 0)), "getsockname").pid);
      }
      return {
        kinds: await Promise.all(ports.map((p) => portKind(sys, p))),
        distinct: new Set(ports).size === 3,
      };
    },
  ],
  [
    "autobind-on-send",
    "sendto on an unbound socket binds it (to the process id)",
    async (sys) => {
      const fd = await nlSocket(sys);
      must(
        await sys.sendto(fd, nlmsg({ type: NLMSG_NOOP, flags: NLM_F_REQUEST }), 0, KERNEL),
        "send",
      );
      return portKind(sys, must(await sys.getsockname(fd), "getsockname").pid);
    },
  ],
  [
    "autobind-on-connect",
    "connect on an unbound socket binds it too",
    async (sys) => {
      const fd = await nlSocket(sys);
      const c = show(await sys.connect(fd, 0, 0));
      return [c, await portKind(sys, must(await sys.getsockname(fd), "getsockname").pid)];
    },
  ],
  [
    "bind-eaddrinuse",
    "binding a second socket to a taken port id is EADDRINUSE",
    async (sys) => {
      const a = await nlSocket(sys);
      const b = await nlSocket(sys);
      return [show(await sys.bind(a, PORT, 0)), show(await sys.bind(b, PORT, 0))];
    },
  ],
  [
    "rebind",
    "re-binding a bound socket: same port ok, another port or 0 EINVAL",
    async (sys) => {
      const fd = await nlSocket(sys);
      return [
        show(await sys.bind(fd, PORT, 0)),
        show(await sys.bind(fd, PORT, 0)),
        show(await sys.bind(fd, PORT + 1, 0)),
        show(await sys.bind(fd, 0, 0)),
      ];
    },
  ],
  [
    "rebind-after-autobind",
    "after autobind, bind(0) again is EINVAL (0 is not the assigned port)",
    async (sys) => {
      const fd = await nlSocket(sys, 0);
      return show(await sys.bind(fd, 0, 0));
    },
  ],
  [
    "bind-bad-address",
    "bind with a short address or the wrong family is EINVAL",
    async (sys) => {
      const fd = await nlSocket(sys);
      const addr = new Uint8Array(12);
      addr[0] = AF_NETLINK;
      const inet = new Uint8Array(12);
      inet[0] = 2;
      return [show(await sys.bindRaw(fd, addr.subarray(0, 8))), show(await sys.bindRaw(fd, inet))];
    },
  ],
  [
    "bind-groups",
    "root and a normal user may bind generic netlink to a group (nlctrl's notify, 16)",
    async (sys) => {
      const g = 1 << 15;
      const u = await sys.asUser(1000);
      const out: unknown[] = [];
      for (const s of [sys, u]) {
        const fd = await nlSocket(s);
        out.push(show(await s.bind(fd, 0, g)), must(await s.getsockname(fd), "name").groups === g);
      }
      return out;
    },
  ],
  [
    "user-group-send-eperm",
    "a normal user may not send to a generic netlink group (EPERM)",
    async (sys) => {
      const u = await sys.asUser(1000);
      const fd = await nlSocket(u, 0);
      return show(
        await u.sendto(fd, nlmsg({ type: NLMSG_NOOP, flags: 0 }), 0, { pid: 0, groups: 1 }),
      );
    },
  ],
  [
    "send-zero-length",
    "a zero-length sendto to the kernel is ENODATA",
    async (sys) => show(await sys.sendto(await nlSocket(sys, 0), new Uint8Array(), 0, KERNEL)),
  ],
  [
    "send-unknown-port",
    "sendto a port id nobody bound is ECONNREFUSED",
    async (sys) =>
      show(
        await sys.sendto(await nlSocket(sys, 0), nlmsg({ type: NLMSG_NOOP, flags: 0 }), 0, {
          pid: PORT,
          groups: 0,
        }),
      ),
  ],
  [
    "bad-nlmsg-len-dropped",
    "messages whose nlmsg_len is past the data or below 16 are dropped silently, even with ACK",
    async (sys) => {
      const fd = await nlSocket(sys, 0);
      const long = nlmsg(
        { len: 100, type: GENL_ID_CTRL, flags: NLM_F_REQUEST | NLM_F_ACK },
        new Uint8Array(4),
      );
      const short = nlmsg(
        { len: 8, type: GENL_ID_CTRL, flags: NLM_F_REQUEST | NLM_F_ACK },
        new Uint8Array(4),
      );
      const out: string[] = [];
      for (const m of [long, short]) {
        out.push(
          show(await sys.sendto(fd, m, 0, KERNEL)),
          show(await sys.recvmsg(fd, 4096, MSG_DONTWAIT)),
        );
      }
      return out;
    },
  ],
  [
    "recv-empty",
    "recvmsg with MSG_DONTWAIT on an empty queue is EAGAIN",
    async (sys) => show(await sys.recvmsg(await nlSocket(sys, 0), 4096, MSG_DONTWAIT)),
  ],
  [
    "getfamily-reply",
    "CTRL_CMD_GETFAMILY of nlctrl: one NEWFAMILY reply from port 0, seq and port echoed",
    async (sys) => {
      const { port, got } = await ask(sys, getFamily("nlctrl", NLM_F_REQUEST, 0x1234));
      const msgs = got.flatMap(parse);
      const m = msgs[0];
      const a = genlAttrs(m);
      return {
        datagrams: got.length,
        type: m.type,
        flags: m.flags,
        seq: m.seq,
        pidIsOurs: m.pid === port,
        cmd: m.payload[0],
        name: cstr(a.get(CTRL_ATTR_FAMILY_NAME)),
        id: getU16(a.get(CTRL_ATTR_FAMILY_ID)),
      };
    },
  ],
  [
    "getfamily-by-id",
    "GETFAMILY by CTRL_ATTR_FAMILY_ID 16 finds nlctrl",
    async (sys) => {
      const msg = nlmsg(
        { type: GENL_ID_CTRL, flags: NLM_F_REQUEST, seq: 5 },
        genl(CTRL_CMD_GETFAMILY, attr(CTRL_ATTR_FAMILY_ID, u16(GENL_ID_CTRL))),
      );
      const m = (await ask(sys, msg)).got.flatMap(parse)[0];
      return cstr(genlAttrs(m).get(CTRL_ATTR_FAMILY_NAME));
    },
  ],
  [
    "recv-source",
    "a kernel reply comes from family AF_NETLINK, port 0, group 0",
    async (sys) => {
      const fd = await nlSocket(sys, 0);
      must(await sys.sendto(fd, getFamily("nlctrl", NLM_F_REQUEST, 1), 0, KERNEL), "send");
      const r = must(await sys.recvmsg(fd, 65536, MSG_DONTWAIT), "recv");
      return { from: r.from, flags: r.flags };
    },
  ],
  [
    "ack-format",
    "with NLM_F_ACK the reply is followed by a 36-byte NLMSG_ERROR 0, NLM_F_CAPPED, header echoed",
    async (sys) => {
      const sent = getFamily("nlctrl", NLM_F_REQUEST | NLM_F_ACK, 77);
      const { port, got } = await ask(sys, sent);
      const msgs = got.flatMap(parse);
      const ack = msgs[msgs.length - 1];
      return {
        count: msgs.length,
        types: msgs.map((m) => m.type),
        seq: ack.seq,
        ...describeError(ack, sent, port),
      };
    },
  ],
  [
    "error-ack-format",
    "an unknown family: NLMSG_ERROR -ENOENT carrying the whole request, flags 0",
    async (sys) => {
      const sent = getFamily("no-such-family", NLM_F_REQUEST | NLM_F_ACK, 78);
      const { port, got } = await ask(sys, sent);
      const msgs = got.flatMap(parse);
      return { count: msgs.length, seq: msgs[0].seq, ...describeError(msgs[0], sent, port) };
    },
  ],
  [
    "error-without-ack",
    "errors are reported even without NLM_F_ACK",
    async (sys) => {
      const sent = getFamily("no-such-family", NLM_F_REQUEST, 79);
      const { port, got } = await ask(sys, sent);
      const msgs = got.flatMap(parse);
      return { count: msgs.length, ...describeError(msgs[0], sent, port) };
    },
  ],
  [
    "cap-ack",
    "with NETLINK_CAP_ACK an error echoes only the request header (36 bytes, NLM_F_CAPPED)",
    async (sys) => {
      const fd = await nlSocket(sys, 0);
      const port = must(await sys.getsockname(fd), "name").pid;
      const opt = show(await sys.setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, 1));
      const sent = getFamily("no-such-family", NLM_F_REQUEST | NLM_F_ACK, 80);
      must(await sys.sendto(fd, sent, 0, KERNEL), "send");
      const msgs = (await drain(sys, fd)).flatMap(parse);
      return { opt, ...describeError(msgs[0], sent, port) };
    },
  ],
  [
    "unknown-command",
    "a genl command nlctrl does not have is EOPNOTSUPP",
    async (sys) => {
      const sent = nlmsg({ type: GENL_ID_CTRL, flags: NLM_F_REQUEST, seq: 3 }, genl(99));
      const { port, got } = await ask(sys, sent);
      return describeError(got.flatMap(parse)[0], sent, port).error;
    },
  ],
  [
    "unknown-family-id",
    "a message to a generic netlink type nobody registered is ENOENT",
    async (sys) => {
      const sent = nlmsg({ type: 0x3ff, flags: NLM_F_REQUEST, seq: 3 }, genl(1));
      const { got } = await ask(sys, sent);
      return got.flatMap(parse).map((m) => [m.type, errorCode(m)]);
    },
  ],
  [
    "short-genl-header",
    "a generic netlink message too short for its genlmsghdr is EINVAL",
    async (sys) => {
      const { got } = await ask(sys, nlmsg({ type: GENL_ID_CTRL, flags: NLM_F_REQUEST, seq: 4 }));
      return got.flatMap(parse).map((m) => [m.type, errorCode(m)]);
    },
  ],
  [
    "control-types",
    "a type below NLMSG_MIN_TYPE (NOOP) is only acked; without ACK nothing comes back",
    async (sys) => {
      const a = await ask(
        sys,
        nlmsg({ type: NLMSG_NOOP, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 6 }),
      );
      const b = await ask(sys, nlmsg({ type: NLMSG_NOOP, flags: NLM_F_REQUEST, seq: 7 }));
      return [a.got.flatMap(parse).map((m) => [m.type, m.len, errorCode(m)]), b.got.length];
    },
  ],
  [
    "no-request-flag",
    "a message without NLM_F_REQUEST is not processed: only the ack comes back",
    async (sys) => {
      const { got } = await ask(sys, getFamily("nlctrl", NLM_F_ACK, 8));
      return got.flatMap(parse).map((m) => [m.type, m.len, errorCode(m)]);
    },
  ],
  [
    "two-requests-one-datagram",
    "two requests in one datagram get two replies, in order",
    async (sys) => {
      const a = getFamily("nlctrl", NLM_F_REQUEST, 21);
      const b = getFamily("nlctrl", NLM_F_REQUEST, 22);
      const both = new Uint8Array(a.length + b.length);
      both.set(a);
      both.set(b, a.length);
      const { got } = await ask(sys, both);
      return { datagrams: got.length, seqs: got.flatMap(parse).map((m) => m.seq) };
    },
  ],
  [
    "dump-done",
    "a GETFAMILY dump: NLM_F_MULTI replies, nlctrl first, then NLMSG_DONE (20 bytes) alone; no ack",
    async (sys) => {
      const { got } = await ask(sys, getFamily("", NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP, 9));
      const last = parse(got[got.length - 1]);
      const all = got.flatMap(parse);
      const done = all[all.length - 1];
      return {
        allMulti: all.every((m) => m.flags & 2),
        allSeq: all.every((m) => m.seq === 9),
        families: all.slice(0, -1).every((m) => m.type === GENL_ID_CTRL),
        first: cstr(genlAttrs(all[0]).get(CTRL_ATTR_FAMILY_NAME)),
        done: { type: done.type, len: done.len, flags: done.flags, value: errorCode(done) },
        doneAlone: last.length === 1 && last[0].type === NLMSG_DONE,
        acks: all.filter((m) => m.type === NLMSG_ERROR).length,
      };
    },
  ],
  [
    "peek-trunc",
    "MSG_PEEK into 16 bytes: 16 and MSG_TRUNC; MSG_PEEK|MSG_TRUNC: the real length; then read",
    async (sys) => {
      const fd = await nlSocket(sys, 0);
      must(await sys.sendto(fd, getFamily("nlctrl", NLM_F_REQUEST, 10), 0, KERNEL), "send");
      const a = must(await sys.recvmsg(fd, 16, MSG_PEEK | MSG_DONTWAIT), "recv");
      const b = must(await sys.recvmsg(fd, 16, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT), "recv");
      const c = must(await sys.recvmsg(fd, 65536, MSG_DONTWAIT), "recv");
      return {
        peek: [a.ret, a.data.length, a.flags & MSG_TRUNC],
        peekTrunc: [b.ret === c.ret, b.data.length, b.flags & MSG_TRUNC],
        read: [c.ret > 16, c.flags],
        samePrefix: text(a.data) === text(c.data.subarray(0, 16)),
        after: show(await sys.recvmsg(fd, 65536, MSG_DONTWAIT)),
      };
    },
  ],
  [
    "trunc-discards",
    "a truncating read without MSG_PEEK loses the rest of the datagram",
    async (sys) => {
      const fd = await nlSocket(sys, 0);
      must(await sys.sendto(fd, getFamily("nlctrl", NLM_F_REQUEST, 11), 0, KERNEL), "send");
      const a = must(await sys.recvmsg(fd, 16, MSG_DONTWAIT), "recv");
      return [a.ret, a.flags & MSG_TRUNC, show(await sys.recvmsg(fd, 65536, MSG_DONTWAIT))];
    },
  ],
  [
    "connect-send",
    "after connect(port 0) send() without an address reaches the kernel",
    async (sys) => {
      const fd = await nlSocket(sys);
      must(await sys.connect(fd, 0, 0), "connect");
      must(await sys.sendto(fd, getFamily("nlctrl", NLM_F_REQUEST, 12), 0), "send");
      return (await drain(sys, fd)).flatMap(parse).map((m) => [m.type, m.seq]);
    },
  ],
  [
    "user-to-user",
    "one socket sends raw bytes to another's port; the source is the sender's port",
    async (sys) => {
      const rx = await nlSocket(sys, PORT);
      const tx = await nlSocket(sys, 0);
      const txPort = must(await sys.getsockname(tx), "name").pid;
      const hello = new TextEncoder().encode("hello");
      const sent = show(await sys.sendto(tx, hello, 0, { pid: PORT, groups: 0 }));
      const r = await sys.recvmsg(rx, 100, MSG_DONTWAIT);
      if ("err" in r) return { sent, recv: r.err };
      return { sent, data: text(r.ok.data), fromSender: r.ok.from.pid === txPort };
    },
  ],
  [
    "user-unicast-eperm",
    "a normal user may not send to another socket's port on generic netlink (EPERM)",
    async (sys) => {
      const u = await sys.asUser(1000);
      await nlSocket(sys, PORT);
      const tx = await nlSocket(u, 0);
      const hello = new TextEncoder().encode("hello");
      return show(await u.sendto(tx, hello, 0, { pid: PORT, groups: 0 }));
    },
  ],
]);
