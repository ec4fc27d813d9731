/**
 * The socket system calls (net/socket.c of Linux 5.4): socket, bind, connect,
 * getsockname, getpeername, sendto, recvfrom, sendmsg, recvmsg, setsockopt,
 * getsockopt, shutdown (and listen/accept/socketpair, which datagram families
 * refuse). read/write/close of a socket go through the VFS (see sockfs.ts).
 */

import { fdget } from "../fs/file_table.ts";
import { EBADF, EINVAL, EMFILE, ENOBUFS, ENOTSOCK, EOPNOTSUPP } from "../include/uapi/errno.ts";
import { O_NONBLOCK } from "../include/uapi/fcntl.ts";
import {
  MSG_CMSG_CLOEXEC,
  MSG_DONTWAIT,
  MSG_EOR,
  SOCK_CLOEXEC,
  SOCK_NONBLOCK,
  SOCK_TYPE_MASK,
  SOCKADDR_STORAGE_SIZE,
  SOL_SOCKET,
} from "../include/uapi/socket.ts";
import { register_syscalls } from "../kernel/syscalls.ts";
import type { Task } from "../kernel/task.ts";
import {
  copy_msghdr_from_user,
  import_single_range,
  type KMsghdr,
  MSGHDR_CONTROLLEN,
  MSGHDR_FLAGS,
  MSGHDR_NAMELEN,
  move_addr_to_kernel,
  move_addr_to_user,
  put_user_num,
  RECV_NAME_SIZE,
} from "./core/msghdr.ts";
import { sock_getsockopt, sock_setsockopt } from "./core/sock.ts";
import {
  type KRet,
  kretThen,
  type Socket,
  sock_alloc_file,
  sock_create,
  sock_from_file,
  sock_recvmsg,
  sock_release,
  sock_sendmsg,
} from "./sockfs.ts";

const INT_MAX = 0x7fffffff;

/** Mirrors sockfd_lookup_light(): EBADF for no file, ENOTSOCK for another kind. */
function sockfd_lookup(t: Task, fd: number): Socket | number {
  const f = fdget(t, fd);
  if (typeof f === "number") return -EBADF;
  return sock_from_file(f) ?? -ENOTSOCK;
}

/** Mirrors __sys_socket() + sock_map_fd(). */
export function sys_socket(t: Task, family: number, type: number, protocol: number): number {
  const flags = type & ~SOCK_TYPE_MASK;
  if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK)) return -EINVAL;
  type &= SOCK_TYPE_MASK;
  const sock = sock_create(family, type, protocol);
  if (typeof sock === "number") return sock;
  const fd = t.files.alloc();
  if (fd < 0) {
    sock_release(sock);
    return -EMFILE;
  }
  const file = sock_alloc_file(t.kernel, t, sock, flags & SOCK_NONBLOCK ? O_NONBLOCK : 0);
  t.files.install(fd, file, (flags & SOCK_CLOEXEC) !== 0);
  return fd;
}

/** Mirrors __sys_bind(). */
export function sys_bind(t: Task, fd: number, uaddr: number, addrlen: number): number {
  const sock = sockfd_lookup(t, fd);
  if (typeof sock === "number") return sock;
  const addr = move_addr_to_kernel(uaddr, addrlen);
  if (typeof addr === "number") return addr;
  return sock.ops ? sock.ops.bind(sock, addr, addrlen) : -EINVAL;
}

/** Mirrors __sys_connect(). */
export function sys_connect(t: Task, fd: number, uaddr: number, addrlen: number): number {
  const sock = sockfd_lookup(t, fd);
  if (typeof sock === "number") return sock;
  const addr = move_addr_to_kernel(uaddr, addrlen);
  if (typeof addr === "number") return addr;
  return sock.ops ? sock.ops.connect(sock, addr, addrlen, sock.file?.f_flags ?? 0) : -EINVAL;
}

function getname(t: Task, fd: number, uaddr: number, ulen: number, peer: boolean): number {
  const sock = sockfd_lookup(t, fd);
  if (typeof sock === "number") return sock;
  if (!sock.ops) return -EINVAL;
  const addr = new Uint8Array(SOCKADDR_STORAGE_SIZE);
  const len = sock.ops.getname(sock, addr, peer);
  if (len < 0) return len;
  return move_addr_to_user(addr, len, uaddr, ulen);
}

/** Mirrors __sys_getsockname(). */
export const sys_getsockname = (t: Task, fd: number, uaddr: number, ulen: number): number =>
  getname(t, fd, uaddr, ulen, false);

/** Mirrors __sys_getpeername(). */
export const sys_getpeername = (t: Task, fd: number, uaddr: number, ulen: number): number =>
  getname(t, fd, uaddr, ulen, true);

/** Mirrors __sys_sendto(): send(2) is sendto() with no address. */
export function sys_sendto(
  t: Task,
  fd: number,
  buf: number,
  len: number,
  flags: number,
  uaddr: number,
  addrlen: number,
): KRet {
  const iter = import_single_range(buf, len);
  if (typeof iter === "number") return iter;
  const sock = sockfd_lookup(t, fd);
  if (typeof sock === "number") return sock;
  const msg: KMsghdr = {
    msg_name: null,
    msg_namelen: 0,
    msg_iter: iter,
    msg_control: 0,
    msg_controllen: 0,
    msg_flags: 0,
  };
  if (uaddr) {
    const a = move_addr_to_kernel(uaddr, addrlen);
    if (typeof a === "number") return a;
    msg.msg_name = a;
    msg.msg_namelen = addrlen;
  }
  if (sock.file && sock.file.f_flags & O_NONBLOCK) flags |= MSG_DONTWAIT;
  msg.msg_flags = flags;
  return sock_sendmsg(sock, msg);
}

/** Mirrors __sys_recvfrom(): recv(2) is recvfrom() with no address. */
export function sys_recvfrom(
  t: Task,
  fd: number,
  buf: number,
  len: number,
  flags: number,
  uaddr: number,
  ulen: number,
): KRet {
  const iter = import_single_range(buf, len);
  if (typeof iter === "number") return iter;
  const sock = sockfd_lookup(t, fd);
  if (typeof sock === "number") return sock;
  const msg: KMsghdr = {
    msg_name: uaddr ? new Uint8Array(RECV_NAME_SIZE) : null,
    msg_namelen: 0,
    msg_iter: iter,
    msg_control: 0,
    msg_controllen: 0,
    msg_flags: 0,
  };
  if (sock.file && sock.file.f_flags & O_NONBLOCK) flags |= MSG_DONTWAIT;
  return kretThen(sock_recvmsg(sock, msg, flags), (err) => {
    if (err >= 0 && uaddr && msg.msg_name) {
      const e2 = move_addr_to_user(msg.msg_name, msg.msg_namelen, uaddr, ulen);
      if (e2 < 0) return e2;
    }
    return err;
  });
}

/** Mirrors ___sys_sendmsg(). Control messages (SCM_*) are not supported and are ignored. */
export function sys_sendmsg(t: Task, fd: number, umsg: number, flags: number): KRet {
  const sock = sockfd_lookup(t, fd);
  if (typeof sock === "number") return sock;
  const m = copy_msghdr_from_user(umsg, false);
  if (typeof m === "number") return m;
  const msg = m.msg;
  if (msg.msg_controllen > INT_MAX) return -ENOBUFS;
  flags |= msg.msg_flags & MSG_EOR;
  msg.msg_flags = flags;
  if (sock.file && sock.file.f_flags & O_NONBLOCK) msg.msg_flags |= MSG_DONTWAIT;
  return sock_sendmsg(sock, msg);
}

/** Mirrors ___sys_recvmsg(): the address, msg_flags and msg_controllen are written back. */
export function sys_recvmsg(t: Task, fd: number, umsg: number, flags: number): KRet {
  const sock = sockfd_lookup(t, fd);
  if (typeof sock === "number") return sock;
  const m = copy_msghdr_from_user(umsg, true);
  if (typeof m === "number") return m;
  const msg = m.msg;
  const cmsgPtr = msg.msg_control;
  msg.msg_flags = flags & MSG_CMSG_CLOEXEC;
  msg.msg_namelen = 0;
  if (sock.file && sock.file.f_flags & O_NONBLOCK) flags |= MSG_DONTWAIT;
  const r = sock_recvmsg(sock, msg, flags);
  if (typeof r === "number") return recvmsg_done(r, msg, m.uaddr, umsg, cmsgPtr);
  return kretThen(r, (len) => recvmsg_done(len, msg, m.uaddr, umsg, cmsgPtr));
}

/** The tail of ___sys_recvmsg(): the address, msg_flags and msg_controllen go back to the user. */
function recvmsg_done(
  len: number,
  msg: KMsghdr,
  uaddr: number,
  umsg: number,
  cmsgPtr: number,
): number {
  if (len < 0) return len;
  if (uaddr) {
    const err = move_addr_to_user(
      msg.msg_name ?? new Uint8Array(0),
      msg.msg_namelen,
      uaddr,
      umsg + MSGHDR_NAMELEN,
    );
    if (err < 0) return err;
  }
  let err = put_user_num(msg.msg_flags, umsg + MSGHDR_FLAGS, 4);
  if (err) return err;
  err = put_user_num(msg.msg_control - cmsgPtr, umsg + MSGHDR_CONTROLLEN, 8);
  if (err) return err;
  return len;
}

/** Mirrors __sys_setsockopt(). */
export function sys_setsockopt(
  t: Task,
  fd: number,
  level: number,
  optname: number,
  optval: number,
  optlen: number,
): number {
  if (optlen < 0) return -EINVAL;
  const sock = sockfd_lookup(t, fd);
  if (typeof sock === "number") return sock;
  if (level === SOL_SOCKET)
    return sock.sk ? sock_setsockopt(sock.sk, optname, optval, optlen) : -EINVAL;
  return sock.ops ? sock.ops.setsockopt(sock, level, optname, optval, optlen) : -EINVAL;
}

/** Mirrors __sys_getsockopt(). */
export function sys_getsockopt(
  t: Task,
  fd: number,
  level: number,
  optname: number,
  optval: number,
  optlen: number,
): number {
  const sock = sockfd_lookup(t, fd);
  if (typeof sock === "number") return sock;
  if (level === SOL_SOCKET)
    return sock.sk ? sock_getsockopt(sock.sk, optname, optval, optlen) : -EINVAL;
  return sock.ops ? sock.ops.getsockopt(sock, level, optname, optval, optlen) : -EINVAL;
}

/** Mirrors __sys_shutdown(). */
export function sys_shutdown(t: Task, fd: number, how: number): number {
  const sock = sockfd_lookup(t, fd);
  if (typeof sock === "number") return sock;
  return sock.ops ? sock.ops.shutdown(sock, how) : -EINVAL;
}

/** listen/accept/socketpair: vkern's datagram families answer as sock_no_*() does. */
function sys_listen(t: Task, fd: number): number {
  const sock = sockfd_lookup(t, fd);
  return typeof sock === "number" ? sock : -EOPNOTSUPP;
}

function sys_socketpair(_t: Task, family: number, type: number, protocol: number): number {
  if (type & ~SOCK_TYPE_MASK & ~(SOCK_CLOEXEC | SOCK_NONBLOCK)) return -EINVAL;
  const s = sock_create(family, type & SOCK_TYPE_MASK, protocol);
  if (typeof s === "number") return s;
  sock_release(s);
  return -EOPNOTSUPP;
}

/** Installs the socket system calls in the table (sock_init()). */
export function sock_init(): void {
  register_syscalls({
    socket: sys_socket,
    socketpair: sys_socketpair,
    bind: sys_bind,
    connect: sys_connect,
    listen: sys_listen,
    accept: sys_listen,
    accept4: sys_listen,
    getsockname: sys_getsockname,
    getpeername: sys_getpeername,
    sendto: sys_sendto,
    recvfrom: sys_recvfrom,
    sendmsg: sys_sendmsg,
    recvmsg: sys_recvmsg,
    setsockopt: sys_setsockopt,
    getsockopt: sys_getsockopt,
    shutdown: sys_shutdown,
  });
}
