/*
 * netlink_userapp: the user space side of the netlink demo, after the book's
 * ch13/netlink_simple_intf/userapp_netlink/netlink_userapp.c (Linux Kernel
 * Programming Part 2). Sends one message to the netlink_simple_intf module on
 * protocol 31 with sendmsg(2) and blocks in recvmsg(2) for its reply.
 */

import { NLMSG_DATA, NLMSG_SPACE, SOCKADDR_NL_SIZE } from "../../include/uapi/netlink.ts";
import {
  AF_NETLINK,
  IOVEC_SIZE,
  MSGHDR_SIZE,
  PF_NETLINK,
  SOCK_RAW,
} from "../../include/uapi/socket.ts";
import { SysError } from "../libc/errors.ts";
import type { Libc } from "../libc/libc.ts";
import { putIovec, putMsghdr, putNlmsghdr, putSockaddrNl, sockets } from "../libc/socket.ts";

const NETLINK_MY_UNIT_PROTO = 31;
// kernel netlink protocol # (regd by our kernel module)
const NLSPACE = 1024;

const thedata = "sample user data to send to kernel via netlink";

const EXIT_SUCCESS = 0;
const EXIT_FAILURE = 1;

/** A C call that returns -1 and sets errno instead of throwing. */
async function c<T extends number>(p: Promise<T>): Promise<number> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof SysError) return -1;
    throw e;
  }
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const mem = libc.mem;
  const so = sockets(libc);

  /* 1. Get ourselves an endpoint - a netlink socket! */
  const sd = await c(so.socket(PF_NETLINK, SOCK_RAW, NETLINK_MY_UNIT_PROTO));
  if (sd < 0) {
    await libc.perror("netlink_u: netlink socket creation failed");
    return libc.exit(EXIT_FAILURE);
  }
  await libc.printf("%s:PID %d: netlink socket created\n", argv[0], await libc.getpid());

  /* 2. Setup the netlink source addr structure and bind it */
  const src_nl = mem.malloc(SOCKADDR_NL_SIZE);
  const dest_nl = mem.malloc(SOCKADDR_NL_SIZE);
  /* Note carefully: nl_pid is NOT necessarily the PID of the sender
   * process; it's actually 'port id' and can be any unique number */
  putSockaddrNl(mem, src_nl, {
    nl_family: AF_NETLINK,
    nl_pid: await libc.getpid(),
    nl_groups: 0x0,
  });
  if ((await c(so.bind(sd, src_nl, SOCKADDR_NL_SIZE))) < 0) {
    await libc.perror("netlink_u: bind failed");
    return libc.exit(EXIT_FAILURE);
  }
  await libc.printf("%s: bind done\n", argv[0]);

  /* 3. Setup the netlink destination addr structure */
  putSockaddrNl(mem, dest_nl, {
    nl_family: AF_NETLINK,
    nl_groups: 0x0,
    nl_pid: 0 /* the kernel */,
  });

  /* 4. Allocate and setup the netlink header (including the payload) */
  const nlhdr = mem.malloc(NLMSG_SPACE(NLSPACE));
  if (!nlhdr) {
    await libc.fprintf(libc.stderr, "netlink_u: malloc nlhdr failed");
    return libc.exit(EXIT_FAILURE);
  }
  mem.fill(nlhdr, 0, NLMSG_SPACE(NLSPACE));
  putNlmsghdr(mem, nlhdr, { nlmsg_len: NLMSG_SPACE(NLSPACE), nlmsg_pid: await libc.getpid() });

  /* Setup the payload to transmit: strncpy(NLMSG_DATA(nlhdr), thedata, strlen + 1) */
  mem.write(NLMSG_DATA(nlhdr), `${thedata}\0`);
  await libc.printf("%s: destination struct, netlink hdr, payload setup\n", argv[0]);

  /* 5. Setup the iovec and ... */
  const iov = mem.calloc(1, IOVEC_SIZE);
  putIovec(mem, iov, nlhdr, mem.u32(nlhdr) /* nlhdr->nlmsg_len */);
  await libc.printf("%s: initialized iov structure (nl header folded in)\n", argv[0]);

  /* ... now setup the message header structure */
  const msg = mem.calloc(1, MSGHDR_SIZE);
  putMsghdr(mem, msg, { name: dest_nl, namelen: SOCKADDR_NL_SIZE, iov, iovlen: 1 });
  await libc.printf("%s: initialized msghdr structure (iov folded in)\n", argv[0]);

  /* 6. Actually (finally!) send the message via sendmsg(2) */
  const nsent = await c(so.sendmsg(sd, msg, 0));
  if (nsent < 0) {
    await libc.perror("netlink_u: sendmsg(2) failed");
    mem.free(nlhdr);
    return libc.exit(EXIT_FAILURE);
  } else if (nsent === 0) {
    await libc.printf(" 0 bytes sent\n");
    mem.free(nlhdr);
    return libc.exit(EXIT_FAILURE);
  }
  await libc.printf(
    "%s:sendmsg(): *** success, sent %ld bytes all-inclusive\n (see kernel log for dtl)\n",
    argv[0],
    nsent,
  );
  await libc.fflush(libc.stdout);

  /* 7. Block on incoming msg from the kernel-space netlink component */
  await libc.printf("%s: now blocking on kernel netlink msg via recvmsg() ...\n", argv[0]);
  const nrecv = await c(so.recvmsg(sd, msg, 0));
  if (nrecv < 0) {
    await libc.perror("netlink_u: recvmsg(2) failed");
    mem.free(nlhdr);
    return libc.exit(EXIT_FAILURE);
  }
  await libc.printf(
    '%s:recvmsg(): *** success, received %ld bytes:\nmsg from kernel netlink: "%s"\n',
    argv[0],
    nrecv,
    mem.cstring(NLMSG_DATA(nlhdr)),
  );

  /* Shut shop */
  mem.free(nlhdr);
  await libc.close(sd);
  return libc.exit(EXIT_SUCCESS);
}
