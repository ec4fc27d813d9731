/**
 * struct socket and sockfs (net/socket.c): every socket is a file whose inode
 * (S_IFSOCK, mode 0777) lives on the internal sockfs and is named "socket:[ino]",
 * so read/write/close/fstat go through the VFS like any file. Protocol families
 * register their create() with sock_register().
 */

import {
  Dentry,
  File,
  type FileOperations,
  FMODE_READ,
  FMODE_WRITE,
  Inode,
  SuperBlock,
} from "../fs/fs.ts";
import { EAFNOSUPPORT, EINVAL, EOPNOTSUPP, ESPIPE } from "../include/uapi/errno.ts";
import { O_NONBLOCK, O_RDWR } from "../include/uapi/fcntl.ts";
import { AF_MAX, MSG_DONTWAIT, SOCK_MAX, SS_UNCONNECTED } from "../include/uapi/socket.ts";
import { S_IFSOCK } from "../include/uapi/stat.ts";
import type { Cred } from "../kernel/capability.ts";
import { cpu, get_current, this_kernel } from "../kernel/context.ts";
import { defineKernelLocal, type Kernel } from "../kernel/kernel.ts";
import type { Module } from "../kernel/module.ts";
import type { Task } from "../kernel/task.ts";
import { kthen } from "../kernel/wait.ts";
import { IovIter, type KMsghdr } from "./core/msghdr.ts";
import type { Sock } from "./core/sock.ts";

export type KRet = number | Promise<number>;

/** struct proto_ops: what a protocol family does with its sockets. */
export interface ProtoOps {
  family: number;
  release(sock: Socket): number;
  bind(sock: Socket, addr: Uint8Array, addrlen: number): number;
  connect(sock: Socket, addr: Uint8Array, addrlen: number, flags: number): number;
  /** Fills `addr`; returns its length or -errno. */
  getname(sock: Socket, addr: Uint8Array, peer: boolean): number;
  shutdown(sock: Socket, how: number): number;
  setsockopt(sock: Socket, level: number, optname: number, optval: number, optlen: number): number;
  getsockopt(sock: Socket, level: number, optname: number, optval: number, optlen: number): number;
  sendmsg(sock: Socket, msg: KMsghdr, len: number): KRet;
  recvmsg(sock: Socket, msg: KMsghdr, len: number, flags: number): KRet;
}

/** struct net_proto_family */
export interface NetProtoFamily {
  family: number;
  create(sock: Socket, protocol: number, kern: boolean): number;
  owner?: Module | null;
}

/** struct socket */
export class Socket {
  state = SS_UNCONNECTED;
  file: File | null = null;
  sk: Sock | null = null;
  ops: ProtoOps | null = null;
  inode: Inode | null = null;

  constructor(
    public type: number,
    /** The kernel the socket belongs to (its release may run from anywhere). */
    readonly kernel: Kernel,
  ) {}

  get ino(): number {
    return this.inode?.i_ino ?? 0;
  }

  fileCred(): Cred | null {
    return this.file?.f_cred ?? null;
  }
}

/** SOCKFS_MAGIC */
export const SOCKFS_MAGIC = 0x534f434b;

interface SockfsState {
  sb: SuperBlock;
  families: Map<number, NetProtoFamily>;
}

const sockfs = defineKernelLocal<SockfsState>(() => {
  const sb = new SuperBlock({ name: "sockfs", nodev: true }, SOCKFS_MAGIC);
  const root = new Inode(sb, 0o40755, 0n);
  sb.s_root = new Dentry("socket:", null, root);
  return { sb, families: new Map() };
});

/** Mirrors sock_register(): a protocol family becomes available to socket(2). */
export function sock_register(ops: NetProtoFamily): number {
  const fams = sockfs.get(this_kernel()).families;
  if (ops.family < 0 || ops.family >= AF_MAX) return -EINVAL;
  if (fams.has(ops.family)) return -17; // -EEXIST
  fams.set(ops.family, ops);
  return 0;
}

/** Mirrors sock_unregister(). */
export function sock_unregister(family: number): void {
  sockfs.get(this_kernel()).families.delete(family);
}

/** Mirrors sock_alloc(): a socket with its sockfs inode, owned by the caller. */
export function sock_alloc(type: number): Socket {
  const k = this_kernel();
  const st = sockfs.get(k);
  const inode = new Inode(st.sb, S_IFSOCK | 0o777, k.clock.realtimeNs());
  const cur = get_current();
  inode.i_uid = cur.cred.fsuid;
  inode.i_gid = cur.cred.fsgid;
  const sock = new Socket(type, k);
  sock.inode = inode;
  inode.i_private = sock;
  inode.i_fop = socket_file_ops;
  return sock;
}

/** Mirrors __sock_create(): family and type checks, then the family's create(). */
export function sock_create(
  family: number,
  type: number,
  protocol: number,
  kern = false,
): Socket | number {
  if (family < 0 || family >= AF_MAX) return -EAFNOSUPPORT;
  if (type < 0 || type >= SOCK_MAX) return -EINVAL;
  const k = this_kernel();
  const pf = sockfs.get(k).families.get(family);
  if (!pf) return -EAFNOSUPPORT;
  if (!k.modules.try_module_get(pf.owner)) return -EAFNOSUPPORT;
  const sock = sock_alloc(type);
  const err = k.modules.callInto(pf.owner ?? null, () => pf.create(sock, protocol, kern));
  k.modules.module_put(pf.owner);
  if (err < 0) {
    sock_release(sock);
    return err;
  }
  return sock;
}

/** Mirrors sock_create_lite(): a bare socket of the kernel's own (no file, no protocol). */
export function sock_create_lite(type: number): Socket {
  return sock_alloc(type);
}

/** Mirrors __sock_release(): the protocol lets go of its sock. */
export function sock_release(sock: Socket): void {
  const ops = sock.ops;
  if (ops) {
    sock.ops = null;
    if (cpu.kernel === sock.kernel) ops.release(sock);
    else sock.kernel.run(() => ops.release(sock));
  }
  sock.file = null;
}

/** Mirrors sock_alloc_file(): the struct file of a socket, "socket:[ino]" in /proc/PID/fd. */
export function sock_alloc_file(k: Kernel, t: Task, sock: Socket, flags: number): File {
  const inode = sock.inode!;
  const dentry = new Dentry("", sockfs.get(k).sb.s_root, inode);
  dentry.d_dname = () => `socket:[${inode.i_ino}]`; // sockfs_dname()
  const path = { mnt: k.mounts.root, dentry };
  const file = new File(
    path,
    inode,
    socket_file_ops,
    O_RDWR | (flags & O_NONBLOCK),
    FMODE_READ | FMODE_WRITE,
    t.cred,
    t,
  );
  file.private_data = sock;
  sock.file = file;
  return file;
}

/** The socket behind a file, or null when it is not one (sock_from_file()). */
export function sock_from_file(file: File): Socket | null {
  return file.f_op === socket_file_ops ? (file.private_data as Socket) : null;
}

/** Mirrors sock_sendmsg(). */
export function sock_sendmsg(sock: Socket, msg: KMsghdr): KRet {
  if (!sock.ops) return -EINVAL;
  return sock.ops.sendmsg(sock, msg, msg.msg_iter.count);
}

/** Mirrors sock_recvmsg(). */
export function sock_recvmsg(sock: Socket, msg: KMsghdr, flags: number): KRet {
  if (!sock.ops) return -EINVAL;
  return sock.ops.recvmsg(sock, msg, msg.msg_iter.count, flags);
}

function plainMsg(buf: number, len: number, flags: number): KMsghdr {
  return {
    msg_name: null,
    msg_namelen: 0,
    msg_iter: new IovIter([{ base: buf, len }]),
    msg_control: 0,
    msg_controllen: 0,
    msg_flags: flags,
  };
}

/** Mirrors sock_read_iter(): a read(2) is a recvmsg without an address. */
function sock_read(file: File, buf: number, count: number, ppos: { value: number }): KRet {
  if (ppos.value !== 0) return -ESPIPE;
  if (count === 0) return 0;
  const sock = file.private_data as Socket;
  const flags = file.f_flags & O_NONBLOCK ? MSG_DONTWAIT : 0;
  return sock_recvmsg(sock, plainMsg(buf, count, 0), flags);
}

/** Mirrors sock_write_iter(): a write(2) is a sendmsg without an address. */
function sock_write(file: File, buf: number, count: number, ppos: { value: number }): KRet {
  if (ppos.value !== 0) return -ESPIPE;
  const sock = file.private_data as Socket;
  const flags = file.f_flags & O_NONBLOCK ? MSG_DONTWAIT : 0;
  return sock_sendmsg(sock, plainMsg(buf, count, flags));
}

/** Mirrors sock_close(). */
function sock_close(_inode: Inode, file: File): number {
  const sock = file.private_data as Socket;
  sock_release(sock);
  return 0;
}

/** socket_file_ops: no llseek (ESPIPE), reads and writes are messages. */
export const socket_file_ops: FileOperations = {
  read: sock_read,
  write: sock_write,
  release: sock_close,
  unlocked_ioctl: () => -25, // -ENOTTY: netlink answers no socket ioctls
};

/** sock_no_*(): operations a protocol does not support. */
export const sock_no_shutdown = (): number => -EOPNOTSUPP;

/** Continues after a possible sleep in the caller's context. */
export function kretThen(r: KRet, fn: (v: number) => KRet): KRet {
  return typeof r === "number" ? fn(r) : kthen(r, fn);
}
