/*
 * netlink_simple_intf: demo to show simple usage of netlink sockets for
 * user-kernel interfacing; the kernel space / driver module component. After the
 * book's ch13/netlink_simple_intf/kernelspace_netlink/netlink_simple_intf.c
 * (Linux Kernel Programming Part 2, "User-Kernel Communication Pathways"), line
 * by line where TypeScript allows.
 *
 * The published C defines pr_fmt as "%s:%s(): " (module name and function); the
 * chapter's output (and so vkern's transcripts) shows the plain "netlink_simple_intf: "
 * prefix, and the text of the chapter wins, so this module keeps the default pr_fmt.
 */
import {
  cstring,
  init_net,
  type ModuleDefinition,
  NETLINK_CB,
  type NetlinkKernelCfg,
  NLMSG_DATA,
  NLMSG_DONE,
  type Nlmsghdr,
  netlink_kernel_create,
  netlink_kernel_release,
  nlmsg_data,
  nlmsg_hdr,
  nlmsg_new,
  nlmsg_put,
  nlmsg_unicast,
  pr_info,
  pr_warn,
  type SkBuff,
  type Sock,
  strncpy,
  strnlen,
} from "../../linux.ts";
import { PRINT_CTX } from "./convenient.ts";

const OURMODNAME = "netlink_simple_intf";
const NETLINK_MY_UNIT_PROTO = 31;
// kernel netlink protocol # that we're registering..
const NLSPACE = 1024;

const netlink_simple_intf: ModuleDefinition = {
  name: OURMODNAME,
  description: "ch13/netlink_simple_intf: simple netlink recv/send demo kernel module",
  author: "<insert your name here>",
  license: "Dual MIT/GPL",
  version: "0.1",
  // The book's Makefile builds with -DDEBUG, so PRINT_CTX()'s pr_debug() prints.
  debug: true,

  load(THIS_MODULE) {
    /* module statics: they live in module memory, freed on unload */
    const g = THIS_MODULE.static({ nlsock: null as Sock | null });

    /*
     * netlink_recv_and_reply
     * When a userspace process (or thread) provides any input (i.e. transmits
     * something) to us, this callback function is invoked. It's important to
     * understand that it runs in process context (and not any kind of interrupt
     * context).
     * Here, we simply display the received 'message' and then reply by sending
     * a sample message to our userspace peer (process).
     */
    function netlink_recv_and_reply(skb: SkBuff): void {
      let nlh: Nlmsghdr | null;
      const reply = "Reply from kernel netlink";

      /* Find that this code runs in process context, the process
       * (or thread) being the one that issued the sendmsg(2) */
      PRINT_CTX("netlink_recv_and_reply");

      nlh = nlmsg_hdr(skb); /* (struct nlmsghdr *)skb->data */
      const pid = nlh.nlmsg_pid; /*pid of sending process */
      pr_info('received from PID %d:\n"%s"\n', pid, cstring(NLMSG_DATA(nlh)));

      //--- Lets be polite and reply
      const msgsz = strnlen(reply, NLSPACE);
      const skb_tx = nlmsg_new(msgsz, 0);
      if (!skb_tx) {
        pr_warn("skb alloc failed!\n");
        return;
      }

      // Setup the payload
      nlh = nlmsg_put(skb_tx, 0, 0, NLMSG_DONE, msgsz, 0);
      NETLINK_CB(skb_tx).dst_group = 0; /* unicast only (cb is the
       * skb's control buffer), dest group 0 => unicast */
      strncpy(nlmsg_data(nlh!), reply, msgsz);

      // Send it
      const stat = nlmsg_unicast(g.nlsock!, skb_tx, pid);
      if (stat < 0) pr_warn("nlmsg_unicast() failed (err=%d)\n", stat);
      pr_info("reply sent\n");
    }

    const nl_kernel_cfg: NetlinkKernelCfg = {
      input: netlink_recv_and_reply,
    };

    function netlink_simple_intf_init(): number {
      pr_info("creating kernel netlink socket\n");

      /* struct sock *
       * netlink_kernel_create(struct net *net, int unit,
       *	struct netlink_kernel_cfg *cfg) */
      g.nlsock = netlink_kernel_create(init_net, NETLINK_MY_UNIT_PROTO, nl_kernel_cfg);
      if (!g.nlsock) {
        pr_warn("netlink_kernel_create failed\n");
        return 0; /* PTR_ERR(NULL) is 0: the book's module loads anyway */
      }

      pr_info("inserted\n");
      return 0; /* success */
    }

    function netlink_simple_intf_exit(): void {
      netlink_kernel_release(g.nlsock);
      pr_info("removed\n");
    }

    return { init: netlink_simple_intf_init, exit: netlink_simple_intf_exit };
  },
};

export default netlink_simple_intf;
