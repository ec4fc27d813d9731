/**
 * The C library's socket calls (glibc's socket(), bind(), sendmsg() ... wrappers of
 * sysdeps/unix/sysv/linux) and helpers that lay out struct sockaddr_nl, struct
 * iovec, struct msghdr and struct nlmsghdr in user memory as C does on x86_64.
 * send()/recv() are sendto()/recvfrom() with no address, as on x86_64.
 * Every call throws a SysError on failure, like the rest of the Libc.
 */

import {
  NLMSG_HDRLEN,
  type NlMsgHdr,
  SOCKADDR_NL_SIZE,
  type SockaddrNl,
} from "../../include/uapi/netlink.ts";
import {
  AF_NETLINK,
  IOVEC_SIZE,
  MSGHDR_CONTROL,
  MSGHDR_CONTROLLEN,
  MSGHDR_FLAGS,
  MSGHDR_IOV,
  MSGHDR_IOVLEN,
  MSGHDR_NAME,
  MSGHDR_NAMELEN,
  MSGHDR_SIZE,
} from "../../include/uapi/socket.ts";
import type { Libc } from "./libc.ts";
import type { Memory, Ptr } from "./memory.ts";

/** struct msghdr, as user code fills it in. */
export interface Msghdr {
  name: Ptr;
  namelen: number;
  iov: Ptr;
  iovlen: number;
  control: Ptr;
  controllen: number;
  flags: number;
}

// -- struct layouts in user memory -----------------------------------------------

/** Writes a struct sockaddr_nl at p (memset to 0 first, as C code does). */
export function putSockaddrNl(mem: Memory, p: Ptr, a: Partial<SockaddrNl>): void {
  mem.fill(p, 0, SOCKADDR_NL_SIZE);
  mem.setU16(p, a.nl_family ?? AF_NETLINK);
  mem.setU16(p + 2, a.nl_pad ?? 0);
  mem.setU32(p + 4, a.nl_pid ?? 0);
  mem.setU32(p + 8, a.nl_groups ?? 0);
}

export function readSockaddrNlAt(mem: Memory, p: Ptr): SockaddrNl {
  return {
    nl_family: mem.u16(p),
    nl_pad: mem.u16(p + 2),
    nl_pid: mem.u32(p + 4),
    nl_groups: mem.u32(p + 8),
  };
}

/** Writes a struct iovec { void *iov_base; size_t iov_len; } at p. */
export function putIovec(mem: Memory, p: Ptr, base: Ptr, len: number): void {
  mem.setU64(p, base);
  mem.setU64(p + 8, len);
}

/** Writes a struct msghdr at p. */
export function putMsghdr(mem: Memory, p: Ptr, m: Partial<Msghdr>): void {
  mem.fill(p, 0, MSGHDR_SIZE);
  mem.setU64(p + MSGHDR_NAME, m.name ?? 0);
  mem.setU32(p + MSGHDR_NAMELEN, m.namelen ?? 0);
  mem.setU64(p + MSGHDR_IOV, m.iov ?? 0);
  mem.setU64(p + MSGHDR_IOVLEN, m.iovlen ?? 0);
  mem.setU64(p + MSGHDR_CONTROL, m.control ?? 0);
  mem.setU64(p + MSGHDR_CONTROLLEN, m.controllen ?? 0);
  mem.setI32(p + MSGHDR_FLAGS, m.flags ?? 0);
}

export function readMsghdr(mem: Memory, p: Ptr): Msghdr {
  return {
    name: Number(mem.u64(p + MSGHDR_NAME)),
    namelen: mem.u32(p + MSGHDR_NAMELEN),
    iov: Number(mem.u64(p + MSGHDR_IOV)),
    iovlen: Number(mem.u64(p + MSGHDR_IOVLEN)),
    control: Number(mem.u64(p + MSGHDR_CONTROL)),
    controllen: Number(mem.u64(p + MSGHDR_CONTROLLEN)),
    flags: mem.i32(p + MSGHDR_FLAGS),
  };
}

/** Writes a struct nlmsghdr at p. */
export function putNlmsghdr(mem: Memory, p: Ptr, h: Partial<NlMsgHdr>): void {
  mem.setU32(p, h.nlmsg_len ?? NLMSG_HDRLEN);
  mem.setU16(p + 4, h.nlmsg_type ?? 0);
  mem.setU16(p + 6, h.nlmsg_flags ?? 0);
  mem.setU32(p + 8, h.nlmsg_seq ?? 0);
  mem.setU32(p + 12, h.nlmsg_pid ?? 0);
}

export function readNlmsghdrAt(mem: Memory, p: Ptr): NlMsgHdr {
  return {
    nlmsg_len: mem.u32(p),
    nlmsg_type: mem.u16(p + 4),
    nlmsg_flags: mem.u16(p + 6),
    nlmsg_seq: mem.u32(p + 8),
    nlmsg_pid: mem.u32(p + 12),
  };
}

// -- the calls -----------------------------------------------------------------

/** The socket calls of one program's C library. */
export class Sockets {
  constructor(readonly libc: Libc) {}

  private get mem(): Memory {
    return this.libc.mem;
  }

  /** socket(2) */
  socket(domain: number, type: number, protocol: number): Promise<number> {
    return this.libc.syscall("socket", domain, type, protocol);
  }

  /** bind(2) with an address already in user memory. */
  bind(fd: number, addr: Ptr, addrlen: number): Promise<number> {
    return this.libc.syscall("bind", fd, addr, addrlen);
  }

  /** connect(2) */
  connect(fd: number, addr: Ptr, addrlen: number): Promise<number> {
    return this.libc.syscall("connect", fd, addr, addrlen);
  }

  /** bind(2) to a netlink address built here. */
  async bindNl(fd: number, pid: number, groups = 0): Promise<number> {
    return this.withNl({ nl_pid: pid, nl_groups: groups }, (p) =>
      this.bind(fd, p, SOCKADDR_NL_SIZE),
    );
  }

  /** connect(2) to a netlink address built here. */
  async connectNl(fd: number, pid: number, groups = 0): Promise<number> {
    return this.withNl({ nl_pid: pid, nl_groups: groups }, (p) =>
      this.connect(fd, p, SOCKADDR_NL_SIZE),
    );
  }

  private async withNl<T>(a: Partial<SockaddrNl>, fn: (p: Ptr) => Promise<T>): Promise<T> {
    const p = this.mem.malloc(SOCKADDR_NL_SIZE);
    try {
      putSockaddrNl(this.mem, p, a);
      return await fn(p);
    } finally {
      this.mem.free(p);
    }
  }

  private async name(call: "getsockname" | "getpeername", fd: number): Promise<Uint8Array> {
    const buf = this.mem.malloc(128 + 4);
    try {
      this.mem.setU32(buf + 128, 128);
      await this.libc.syscall(call, fd, buf, buf + 128);
      return this.mem.read(buf, Math.min(128, this.mem.u32(buf + 128)));
    } finally {
      this.mem.free(buf);
    }
  }

  /** getsockname(2): the address bytes (12 for netlink). */
  getsockname(fd: number): Promise<Uint8Array> {
    return this.name("getsockname", fd);
  }

  /** getpeername(2) */
  getpeername(fd: number): Promise<Uint8Array> {
    return this.name("getpeername", fd);
  }

  /** sendto(2) with raw pointers. */
  sendto(
    fd: number,
    buf: Ptr,
    len: number,
    flags: number,
    addr: Ptr,
    addrlen: number,
  ): Promise<number> {
    return this.libc.syscall("sendto", fd, buf, len, flags, addr, addrlen);
  }

  /** recvfrom(2) with raw pointers. */
  recvfrom(
    fd: number,
    buf: Ptr,
    len: number,
    flags: number,
    addr: Ptr,
    addrlen: Ptr,
  ): Promise<number> {
    return this.libc.syscall("recvfrom", fd, buf, len, flags, addr, addrlen);
  }

  /** sendmsg(2) with a struct msghdr in user memory. */
  sendmsg(fd: number, msg: Ptr, flags = 0): Promise<number> {
    return this.libc.syscall("sendmsg", fd, msg, flags);
  }

  /** recvmsg(2) */
  recvmsg(fd: number, msg: Ptr, flags = 0): Promise<number> {
    return this.libc.syscall("recvmsg", fd, msg, flags);
  }

  /** setsockopt(2) of an int option (or raw bytes). */
  async setsockopt(
    fd: number,
    level: number,
    optname: number,
    value: number | Uint8Array,
  ): Promise<number> {
    const bytes =
      typeof value === "number" ? new Uint8Array(new Int32Array([value]).buffer) : value;
    const p = this.mem.malloc(Math.max(1, bytes.length));
    try {
      this.mem.write(p, bytes);
      return await this.libc.syscall("setsockopt", fd, level, optname, p, bytes.length);
    } finally {
      this.mem.free(p);
    }
  }

  /** getsockopt(2): the option's bytes (at most `len`). */
  async getsockoptBytes(fd: number, level: number, optname: number, len = 4): Promise<Uint8Array> {
    const p = this.mem.malloc(len + 4);
    try {
      this.mem.setU32(p + len, len);
      await this.libc.syscall("getsockopt", fd, level, optname, p, p + len);
      return this.mem.read(p, Math.min(len, this.mem.u32(p + len)));
    } finally {
      this.mem.free(p);
    }
  }

  /** getsockopt(2) of an int option. */
  async getsockopt(fd: number, level: number, optname: number): Promise<number> {
    const b = await this.getsockoptBytes(fd, level, optname, 4);
    return b.length >= 4 ? new DataView(b.buffer, b.byteOffset, 4).getInt32(0, true) : 0;
  }

  /** shutdown(2) */
  shutdown(fd: number, how: number): Promise<number> {
    return this.libc.syscall("shutdown", fd, how);
  }

  /** send(3): one datagram of these bytes; returns what the kernel took. */
  async send(fd: number, data: Uint8Array, flags = 0): Promise<number> {
    const p = this.mem.malloc(Math.max(1, data.length));
    try {
      this.mem.write(p, data);
      return await this.sendto(fd, p, data.length, flags, 0, 0);
    } finally {
      this.mem.free(p);
    }
  }

  /** sendto(2) of these bytes to a netlink port/group. */
  async sendNl(fd: number, data: Uint8Array, pid: number, groups = 0, flags = 0): Promise<number> {
    const p = this.mem.malloc(Math.max(1, data.length));
    try {
      this.mem.write(p, data);
      return await this.withNl({ nl_pid: pid, nl_groups: groups }, (a) =>
        this.sendto(fd, p, data.length, flags, a, SOCKADDR_NL_SIZE),
      );
    } finally {
      this.mem.free(p);
    }
  }

  /** recv(3) into a fresh array of at most n bytes; `ret` is what recv returned (MSG_TRUNC). */
  async recv(fd: number, n: number, flags = 0): Promise<{ data: Uint8Array; ret: number }> {
    const p = this.mem.malloc(Math.max(1, n));
    try {
      const ret = await this.recvfrom(fd, p, n, flags, 0, 0);
      return { data: this.mem.read(p, Math.min(ret, n)), ret };
    } finally {
      this.mem.free(p);
    }
  }

  /**
   * recvmsg(2) of one datagram into a buffer of n bytes, with the sender's address:
   * what a netlink listener does. Returns the bytes, the length recvmsg returned,
   * msg_flags and the source address.
   */
  async recvmsgNl(
    fd: number,
    n: number,
    flags = 0,
  ): Promise<{
    data: Uint8Array;
    ret: number;
    msgFlags: number;
    from: SockaddrNl;
    namelen: number;
  }> {
    const mem = this.mem;
    const buf = mem.malloc(Math.max(1, n));
    const iov = mem.malloc(IOVEC_SIZE);
    const addr = mem.malloc(SOCKADDR_NL_SIZE);
    const msg = mem.malloc(MSGHDR_SIZE);
    try {
      putIovec(mem, iov, buf, n);
      putSockaddrNl(mem, addr, { nl_family: 0 });
      putMsghdr(mem, msg, { name: addr, namelen: SOCKADDR_NL_SIZE, iov, iovlen: 1 });
      const ret = await this.recvmsg(fd, msg, flags);
      const m = readMsghdr(mem, msg);
      return {
        data: mem.read(buf, Math.min(ret, n)),
        ret,
        msgFlags: m.flags,
        from: readSockaddrNlAt(mem, addr),
        namelen: m.namelen,
      };
    } finally {
      for (const p of [buf, iov, addr, msg]) mem.free(p);
    }
  }
}

const cache = new WeakMap<Libc, Sockets>();

/** The socket calls of a program's C library. */
export function sockets(libc: Libc): Sockets {
  let s = cache.get(libc);
  if (!s) {
    s = new Sockets(libc);
    cache.set(libc, s);
  }
  return s;
}
