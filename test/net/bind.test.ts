/**
 * Netlink sockets as files and ports: creation errors, binding (explicit, autobind
 * to the tgid then to a negative id), EADDRINUSE/EINVAL, connect, getsockname/
 * getpeername, and the VFS face of a socket. Expected errnos match what the
 * probe C program (test/net/wire.test.ts has its origin) gets from Linux on this machine.
 */
import { describe, expect, test } from "vitest";
import {
  NETLINK_GENERIC,
  NETLINK_KOBJECT_UEVENT,
  NETLINK_USERSOCK,
  readSockaddrNl,
} from "../../src/include/uapi/netlink.ts";
import {
  AF_INET,
  AF_NETLINK,
  SO_DOMAIN,
  SO_PROTOCOL,
  SO_RCVBUF,
  SO_SNDBUF,
  SO_TYPE,
  SOCK_CLOEXEC,
  SOCK_DGRAM,
  SOCK_NONBLOCK,
  SOCK_RAW,
  SOCK_STREAM,
  SOL_SOCKET,
} from "../../src/include/uapi/socket.ts";
import { sockets } from "../../src/user/libc/socket.ts";
import { bootWith, expectErrno, proc } from "../helpers.ts";

async function setup(uid = 1000) {
  const k = await bootWith();
  const p = proc(k, uid);
  return { k, ...p, so: sockets(p.libc) };
}

describe("socket(2)", () => {
  const cases: [string, number, number, number, string][] = [
    ["SOCK_STREAM is not a netlink type", AF_NETLINK, SOCK_STREAM, 0, "ESOCKTNOSUPPORT"],
    ["unregistered protocol 31", AF_NETLINK, SOCK_RAW, 31, "EPROTONOSUPPORT"],
    ["protocol beyond MAX_LINKS", AF_NETLINK, SOCK_RAW, 32, "EPROTONOSUPPORT"],
    ["negative protocol", AF_NETLINK, SOCK_RAW, -1, "EPROTONOSUPPORT"],
    ["family vkern lacks", AF_INET, SOCK_DGRAM, 0, "EAFNOSUPPORT"],
    ["family out of range", 99, SOCK_RAW, 0, "EAFNOSUPPORT"],
    ["type out of range", AF_NETLINK, 11, 0, "EINVAL"],
    ["unknown type flag", AF_NETLINK, SOCK_RAW | 0x10000, 0, "EINVAL"],
  ];
  test.each(cases)("%s", async (_n, fam, type, proto, code) => {
    const { so } = await setup();
    await expectErrno(so.socket(fam, type, proto), code);
  });

  test("registered protocols open, for SOCK_RAW and SOCK_DGRAM", async () => {
    const { so } = await setup();
    for (const p of [0, NETLINK_USERSOCK, NETLINK_KOBJECT_UEVENT, NETLINK_GENERIC]) {
      expect(await so.socket(AF_NETLINK, SOCK_RAW, p)).toBeGreaterThanOrEqual(3);
      expect(await so.socket(AF_NETLINK, SOCK_DGRAM, p)).toBeGreaterThanOrEqual(3);
    }
  });

  test("a socket is a file: socket:[ino] in /proc, S_IFSOCK 0777, no seeking", async () => {
    const { libc, so } = await setup();
    const fd = await so.socket(
      AF_NETLINK,
      SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
      NETLINK_GENERIC,
    );
    const st = await libc.fstat(fd);
    expect(st.mode).toBe(0o140777);
    expect(st.uid).toBe(1000);
    expect(await libc.readlink(`/proc/self/fd/${fd}`)).toBe(`socket:[${st.ino}]`);
    await expectErrno(libc.lseek(fd, 0, 0), "ESPIPE");
    await expectErrno(libc.pread(fd, libc.mem.malloc(4), 4, 0), "ESPIPE");
    expect(await libc.fcntl(fd, 1 /* F_GETFD */)).toBe(1);
    expect(await libc.fcntl(fd, 3 /* F_GETFL */)).toBe(0o4002); // O_RDWR|O_NONBLOCK
    // A read with nothing queued: EAGAIN (non-blocking)
    await expectErrno(libc.read(fd, libc.mem.malloc(16), 16), "EAGAIN");
    expect(await libc.close(fd)).toBe(0);
  });

  test("SOL_SOCKET options: defaults and SO_RCVBUF doubling (5.4: rmem_max 212992)", async () => {
    const { so } = await setup();
    const fd = await so.socket(AF_NETLINK, SOCK_DGRAM, NETLINK_GENERIC);
    const get = (o: number) => so.getsockopt(fd, SOL_SOCKET, o);
    expect(await get(SO_RCVBUF)).toBe(212992);
    expect(await get(SO_SNDBUF)).toBe(212992);
    expect(await get(SO_TYPE)).toBe(SOCK_DGRAM);
    expect(await get(SO_PROTOCOL)).toBe(NETLINK_GENERIC);
    expect(await get(SO_DOMAIN)).toBe(AF_NETLINK);
    // Linux on this machine: setting 1000 reads back 2304 (SOCK_MIN_RCVBUF).
    await so.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, 1000);
    expect(await get(SO_RCVBUF)).toBe(2304);
    await so.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, 100000);
    expect(await get(SO_RCVBUF)).toBe(200000);
    await so.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, 10_000_000);
    expect(await get(SO_RCVBUF)).toBe(2 * 212992);
    await expectErrno(so.setsockopt(fd, SOL_SOCKET, 33 /* SO_RCVBUFFORCE */, 1 << 20), "EPERM");
    await expectErrno(so.getsockopt(fd, SOL_SOCKET, 999), "ENOPROTOOPT");
    // Non-sockets and bad fds.
    await expectErrno(so.getsockopt(0, SOL_SOCKET, SO_RCVBUF), "ENOTSOCK");
    await expectErrno(so.getsockopt(99, SOL_SOCKET, SO_RCVBUF), "EBADF");
  });
});

describe("ports", () => {
  test("explicit bind, getsockname, EADDRINUSE, EINVAL on rebinding to another id", async () => {
    const { so, libc } = await setup();
    const a = await so.socket(AF_NETLINK, SOCK_RAW, NETLINK_USERSOCK);
    const b = await so.socket(AF_NETLINK, SOCK_RAW, NETLINK_USERSOCK);
    expect(readSockaddrNl(await so.getsockname(a)).nl_pid).toBe(0);
    await so.bindNl(a, 4321);
    expect(readSockaddrNl(await so.getsockname(a))).toEqual({
      nl_family: 16,
      nl_pad: 0,
      nl_pid: 4321,
      nl_groups: 0,
    });
    await expectErrno(so.bindNl(b, 4321), "EADDRINUSE");
    await expectErrno(so.bindNl(a, 999), "EINVAL");
    expect(await so.bindNl(a, 4321)).toBe(0); // the same id again is fine
    // Another protocol has its own port space.
    const g = await so.socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
    expect(await so.bindNl(g, 4321)).toBe(0);
    // A short address or another family is EINVAL.
    const p = libc.mem.malloc(12);
    libc.mem.fill(p, 0, 12);
    libc.mem.setU16(p, AF_NETLINK);
    await expectErrno(so.bind(b, p, 8), "EINVAL");
    libc.mem.setU16(p, AF_INET);
    await expectErrno(so.bind(b, p, 12), "EINVAL");
    // The port is free again once its socket is closed.
    await libc.close(a);
    expect(await so.bindNl(b, 4321)).toBe(0);
  });

  test("autobind: the tgid first, then negative ids; connect and send autobind too", async () => {
    const { so, libc } = await setup();
    const pid = await libc.getpid();
    const s1 = await so.socket(AF_NETLINK, SOCK_RAW, NETLINK_USERSOCK);
    const s2 = await so.socket(AF_NETLINK, SOCK_RAW, NETLINK_USERSOCK);
    const s3 = await so.socket(AF_NETLINK, SOCK_RAW, NETLINK_USERSOCK);
    await so.bindNl(s1, 0);
    await so.connectNl(s2, 0);
    // NETLINK_USERSOCK has no kernel socket: the send fails, but only after autobinding.
    await expectErrno(so.send(s3, new Uint8Array(16)), "ECONNREFUSED");
    const id = async (fd: number) => readSockaddrNl(await so.getsockname(fd)).nl_pid | 0;
    expect(await id(s1)).toBe(pid);
    const n2 = await id(s2);
    const n3 = await id(s3);
    // af_netlink.c (5.4): after a collision each autobind picks a random id in
    // [S32_MIN, -4097] (Linux on this machine gave -1259929568, then -1554651272).
    expect(n2).toBeLessThanOrEqual(-4097);
    expect(n3).toBeLessThanOrEqual(-4097);
    expect(n3).not.toBe(n2);
  });

  test("a zero-length send is ENODATA and does not autobind", async () => {
    const { so } = await setup();
    const s = await so.socket(AF_NETLINK, SOCK_RAW, NETLINK_USERSOCK);
    await expectErrno(so.send(s, new Uint8Array(0)), "ENODATA");
    expect(readSockaddrNl(await so.getsockname(s)).nl_pid).toBe(0);
  });

  test("connect sets the peer; AF_UNSPEC disconnects; getpeername reports it", async () => {
    const { so, libc } = await setup(0);
    const s = await so.socket(AF_NETLINK, SOCK_RAW, NETLINK_USERSOCK);
    await so.connectNl(s, 777, 4);
    expect(readSockaddrNl(await so.getpeername(s))).toEqual({
      nl_family: 16,
      nl_pad: 0,
      nl_pid: 777,
      nl_groups: 4,
    });
    const p = libc.mem.calloc(1, 16);
    await libc.syscall("connect", s, p, 16);
    expect(readSockaddrNl(await so.getpeername(s)).nl_pid).toBe(0);
  });

  test("non-root may not connect to or send to a user port on a protocol without NONROOT_SEND", async () => {
    const { so } = await setup(1000);
    const s = await so.socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
    await expectErrno(so.connectNl(s, 1234), "EPERM");
    await expectErrno(so.sendNl(s, new Uint8Array(16), 1234), "EPERM");
    await expectErrno(so.sendNl(s, new Uint8Array(16), 0, 1), "EPERM");
    // Binding to a group needs NL_CFG_F_NONROOT_RECV (GENERIC has it, USERSOCK not).
    expect(await so.bindNl(s, 0, 1)).toBe(0);
    const u = await so.socket(AF_NETLINK, SOCK_RAW, NETLINK_USERSOCK);
    await expectErrno(so.bindNl(u, 0, 1), "EPERM");
  });

  test("unicast to an unbound port is ECONNREFUSED; shutdown is EOPNOTSUPP", async () => {
    const { so } = await setup();
    const s = await so.socket(AF_NETLINK, SOCK_RAW, NETLINK_USERSOCK);
    await expectErrno(so.sendNl(s, new Uint8Array(16), 55555), "ECONNREFUSED");
    await expectErrno(so.shutdown(s, 2), "EOPNOTSUPP");
  });
});

describe("/proc/net/netlink", () => {
  test("lists the kernel sockets and every bound socket with port, groups and inode", async () => {
    const { so, libc } = await setup(0);
    const fd = await so.socket(AF_NETLINK, SOCK_RAW, NETLINK_KOBJECT_UEVENT);
    await so.bindNl(fd, 777, 1);
    const ino = (await libc.fstat(fd)).ino;
    const text = await libc.readFileText("/proc/net/netlink");
    const lines = text.split("\n");
    expect(lines[0]).toBe(
      "sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode",
    );
    // netlink_seq_show(): "%pK %-3d %-10u %08x %-8d %-8d %-5d %-8d %-8u %-8lu"
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^[0-9a-f]{16} 15  777        00000001 0        0        0     2        0        ${ino} *$`,
        ),
      ),
    );
    expect(
      lines.filter((l) => / 0 {10}00000000 /.test(l)).map((l) => Number(l.split(/ +/)[1])),
    ).toEqual([0, 15, 16]);
  });
});
