/**
 * Socket constants shared by the kernel and user space (include/linux/socket.h,
 * include/linux/net.h, include/uapi/asm-generic/socket.h of Linux 5.4, x86_64).
 * Values checked against glibc 2.36's <sys/socket.h> on this machine (see test/net).
 */

/** Address families (include/linux/socket.h). PF_* equal AF_*. */
export const AF_UNSPEC = 0;
export const AF_UNIX = 1;
export const AF_LOCAL = 1;
export const AF_INET = 2;
export const AF_INET6 = 10;
export const AF_NETLINK = 16;
export const AF_PACKET = 17;
/** NPROTO / AF_MAX of 5.4 */
export const AF_MAX = 45;
export const PF_UNSPEC = AF_UNSPEC;
export const PF_UNIX = AF_UNIX;
export const PF_INET = AF_INET;
export const PF_NETLINK = AF_NETLINK;

/** enum sock_type (include/linux/net.h) */
export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;
export const SOCK_RAW = 3;
export const SOCK_RDM = 4;
export const SOCK_SEQPACKET = 5;
export const SOCK_DCCP = 6;
export const SOCK_PACKET = 10;
export const SOCK_MAX = SOCK_PACKET + 1;
export const SOCK_TYPE_MASK = 0xf;
/** Flags or'ed into socket(2)'s type (O_CLOEXEC and O_NONBLOCK of x86). */
export const SOCK_CLOEXEC = 0o2000000;
export const SOCK_NONBLOCK = 0o4000;

/** socket_state of struct socket */
export const SS_FREE = 0;
export const SS_UNCONNECTED = 1;
export const SS_CONNECTING = 2;
export const SS_CONNECTED = 3;
export const SS_DISCONNECTING = 4;

/** Flags of send/recv (include/linux/socket.h). */
export const MSG_OOB = 0x1;
export const MSG_PEEK = 0x2;
export const MSG_DONTROUTE = 0x4;
export const MSG_CTRUNC = 0x8;
export const MSG_PROBE = 0x10;
export const MSG_TRUNC = 0x20;
export const MSG_DONTWAIT = 0x40;
export const MSG_EOR = 0x80;
export const MSG_WAITALL = 0x100;
export const MSG_FIN = 0x200;
export const MSG_SYN = 0x400;
export const MSG_CONFIRM = 0x800;
export const MSG_RST = 0x1000;
export const MSG_ERRQUEUE = 0x2000;
export const MSG_NOSIGNAL = 0x4000;
export const MSG_MORE = 0x8000;
export const MSG_WAITFORONE = 0x10000;
export const MSG_BATCH = 0x40000;
export const MSG_ZEROCOPY = 0x4000000;
export const MSG_FASTOPEN = 0x20000000;
export const MSG_CMSG_CLOEXEC = 0x40000000;

/** shutdown(2) */
export const SHUT_RD = 0;
export const SHUT_WR = 1;
export const SHUT_RDWR = 2;
/** sk_shutdown bits */
export const RCV_SHUTDOWN = 1;
export const SEND_SHUTDOWN = 2;

/** Option levels */
export const SOL_SOCKET = 1;
export const SOL_NETLINK = 270;

/** SOL_SOCKET options (include/uapi/asm-generic/socket.h) */
export const SO_DEBUG = 1;
export const SO_REUSEADDR = 2;
export const SO_TYPE = 3;
export const SO_ERROR = 4;
export const SO_DONTROUTE = 5;
export const SO_BROADCAST = 6;
export const SO_SNDBUF = 7;
export const SO_RCVBUF = 8;
export const SO_KEEPALIVE = 9;
export const SO_OOBINLINE = 10;
export const SO_NO_CHECK = 11;
export const SO_PRIORITY = 12;
export const SO_LINGER = 13;
export const SO_BSDCOMPAT = 14;
export const SO_REUSEPORT = 15;
export const SO_PASSCRED = 16;
export const SO_PEERCRED = 17;
export const SO_RCVLOWAT = 18;
export const SO_SNDLOWAT = 19;
export const SO_RCVTIMEO = 20;
export const SO_SNDTIMEO = 21;
export const SO_SNDBUFFORCE = 32;
export const SO_RCVBUFFORCE = 33;
export const SO_PROTOCOL = 38;
export const SO_DOMAIN = 39;

/** struct msghdr of x86_64: 56 bytes (offsets recorded from <sys/socket.h>). */
export const MSGHDR_SIZE = 56;
export const MSGHDR_NAME = 0;
export const MSGHDR_NAMELEN = 8;
export const MSGHDR_IOV = 16;
export const MSGHDR_IOVLEN = 24;
export const MSGHDR_CONTROL = 32;
export const MSGHDR_CONTROLLEN = 40;
export const MSGHDR_FLAGS = 48;
/** struct iovec: base, len (16 bytes) */
export const IOVEC_SIZE = 16;
/** UIO_MAXIOV */
export const UIO_MAXIOV = 1024;
/** struct sockaddr_storage */
export const SOCKADDR_STORAGE_SIZE = 128;
