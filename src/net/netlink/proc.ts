/**
 * /proc/net/netlink (net/netlink/af_netlink.c of Linux 5.4: netlink_seq_show()):
 * every bound netlink socket, protocol by protocol. vkern has no per-process
 * /proc/PID/net, so /proc/net is a plain directory rather than the symlink to
 * self/net that Linux makes.
 */

import type { Loff } from "../../fs/fs.ts";
import { proc_create_seq, proc_mkdir } from "../../fs/proc/generic.ts";
import { type SeqFile, type SeqPtr, seq_printf, seq_puts } from "../../fs/seq_file.ts";
import { this_kernel } from "../../kernel/context.ts";
import { defineKernelLocal, type Kernel } from "../../kernel/kernel.ts";
import { type NetlinkSock, nl_table } from "./af_netlink.ts";

const SEQ_START_TOKEN = Symbol("SEQ_START_TOKEN");

/** Kernel addresses of netlink socks for %pK (kmalloc'ed from a slab in the direct map). */
const addrs = defineKernelLocal<{ next: bigint; of: WeakMap<NetlinkSock, bigint> }>((k) => ({
  next: k.options.pageOffset + 0x7b400000n,
  of: new WeakMap(),
}));

function sockAddr(k: Kernel, sk: NetlinkSock): bigint {
  const st = addrs.get(k);
  let a = st.of.get(sk);
  if (a === undefined) {
    a = st.next;
    st.next += 0x800n; // sizeof(struct netlink_sock) rounds up to kmalloc-2k
    st.of.set(sk, a);
  }
  return a;
}

function rows(): SeqPtr[] {
  const out: SeqPtr[] = [SEQ_START_TOKEN];
  for (const t of nl_table()) for (const sk of t.hash.values()) out.push(sk);
  return out;
}

const netlink_seq_ops = {
  start(m: SeqFile, pos: Loff): SeqPtr {
    m.private = rows();
    return (m.private as SeqPtr[])[pos.value] ?? null;
  },
  next(m: SeqFile, _v: SeqPtr, pos: Loff): SeqPtr {
    pos.value++;
    return (m.private as SeqPtr[])[pos.value] ?? null;
  },
  stop() {},
  /** Mirrors netlink_native_seq_show(). */
  show(m: SeqFile, v: SeqPtr): number {
    if (v === SEQ_START_TOKEN) {
      seq_puts(
        m,
        "sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode\n",
      );
      return 0;
    }
    const s = v as NetlinkSock;
    seq_printf(
      m,
      "%pK %-3d %-10u %08x %-8d %-8d %-5d %-8d %-8u %-8lu\n",
      sockAddr(this_kernel(), s),
      s.sk_protocol,
      s.portid,
      s.groupsWord(),
      s.sk_rmem_alloc,
      0,
      s.cb_running ? 1 : 0,
      2, // sk_refcnt: the socket's own reference and the port table's
      s.sk_drops,
      s.socket.ino,
    );
    return 0;
  },
};

/** Mirrors netlink_net_init(). */
export function netlink_proc_init(): void {
  const net = proc_mkdir("net", null);
  if (net) proc_create_seq("netlink", 0o444, net, netlink_seq_ops);
}
