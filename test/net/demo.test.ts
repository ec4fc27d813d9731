/**
 * The chapter's netlink demo, as ../shared/transcripts/netlink.t runs it: netlink_userapp
 * without and with the netlink_simple_intf module, its strace, and the kernel log.
 */
import { describe, expect, test } from "vitest";
import { sockets } from "../../src/user/libc/socket.ts";
import { runProgram } from "../../src/vkern.ts";
import { bootWith, proc } from "../helpers.ts";

describe("netlink_userapp and netlink_simple_intf", () => {
  test("without the module: EPROTONOSUPPORT, perror with its own prefix, exit 1", async () => {
    const k = await bootWith();
    const r = await runProgram(k, ["netlink_userapp"]);
    expect(r.output).toBe("netlink_u: netlink socket creation failed: Protocol not supported\n");
    expect(r.status).toBe(1);
    const s = await runProgram(k, ["strace", "-e", "trace=network", "netlink_userapp"]);
    expect(s.stderr.split("\n")[0]).toBe(
      "socket(AF_NETLINK, SOCK_RAW, 0x1f /* NETLINK_??? */) = -1 EPROTONOSUPPORT (Protocol not supported)",
    );
  });

  test("with it: 1040 bytes sent, 44 received, and the kernel log of the exchange", async () => {
    const k = await bootWith();
    expect(
      (await runProgram(k, ["sudo", "insmod", "netlink_simple_intf"], { uid: 1000 })).status,
    ).toBe(0);
    expect((await runProgram(k, ["lsmod"])).stdout).toMatch(/^netlink_simple_intf\s+\d+\s+0$/m);
    const r = await runProgram(k, ["netlink_userapp"]);
    expect(r.status).toBe(0);
    const pid = /netlink_userapp:PID (\d+): netlink socket created/.exec(r.stdout)![1];
    expect(r.stdout).toBe(
      [
        `netlink_userapp:PID ${pid}: netlink socket created`,
        "netlink_userapp: bind done",
        "netlink_userapp: destination struct, netlink hdr, payload setup",
        "netlink_userapp: initialized iov structure (nl header folded in)",
        "netlink_userapp: initialized msghdr structure (iov folded in)",
        "netlink_userapp:sendmsg(): *** success, sent 1040 bytes all-inclusive",
        " (see kernel log for dtl)",
        "netlink_userapp: now blocking on kernel netlink msg via recvmsg() ...",
        "netlink_userapp:recvmsg(): *** success, received 44 bytes:",
        'msg from kernel netlink: "Reply from kernel netlink"',
        "",
      ].join("\n"),
    );
    const log = (await runProgram(k, ["dmesg"])).stdout.split("\n");
    const i = log.findIndex((l) => l.includes("received from PID"));
    expect(log[i]).toMatch(
      new RegExp(`^\\[ *\\d+\\.\\d{6}\\] netlink_simple_intf: received from PID ${pid}:$`),
    );
    expect(log[i + 1]).toBe(`${" ".repeat(15)}"sample user data to send to kernel via netlink"`);
    // PRINT_CTX() before it (pr_debug: the book builds with -DDEBUG), "reply sent" after.
    expect(log[i - 1]).toMatch(
      new RegExp(
        `netlink_simple_intf: 000\\)  netlink_userapp :${pid}   \\|  \\.\\.\\.0   /\\* netlink_recv_and_reply\\(\\) \\*/$`,
      ),
    );
    expect(log[i + 2]).toMatch(/netlink_simple_intf: reply sent$/);
    // The app's socket is closed: the module is free to go, and protocol 31 with it.
    expect((await runProgram(k, ["rmmod", "netlink_simple_intf"], { uid: 0 })).status).toBe(0);
    expect((await runProgram(k, ["netlink_userapp"])).status).toBe(1);
  });

  test("strace shows the message exchange as strace 4.21 decodes netlink", async () => {
    const k = await bootWith();
    await runProgram(k, ["insmod", "netlink_simple_intf"], { uid: 0 });
    const r = await runProgram(k, ["strace", "-e", "trace=network", "netlink_userapp"]);
    const lines = r.stderr.split("\n");
    const pid = /nl_pid=(\d+)/.exec(lines[1])![1];
    const hex = (s: string) => [...s].map((c) => `\\x${c.charCodeAt(0).toString(16)}`).join("");
    expect(lines.slice(0, 4)).toEqual([
      "socket(AF_NETLINK, SOCK_RAW, 0x1f /* NETLINK_??? */) = 3",
      `bind(3, {sa_family=AF_NETLINK, nl_pid=${pid}, nl_groups=00000000}, 12) = 0`,
      "sendmsg(3, {msg_name={sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, msg_namelen=12, " +
        `msg_iov=[{iov_base={{len=1040, type=0 /* NLMSG_??? */, flags=0, seq=0, pid=${pid}}, ` +
        `"${hex("sample user data to send to kern")}"...}, iov_len=1040}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 1040`,
      "recvmsg(3, {msg_name={sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, msg_namelen=12, " +
        `msg_iov=[{iov_base={{len=41, type=NLMSG_DONE, flags=0, seq=0, pid=0}, "${hex("Reply from kernel netlink")}"}, ` +
        "iov_len=1040}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 44",
    ]);
  });
});

describe("the book module's flaw", () => {
  test("a message with nlmsg_pid 0 makes it reply to itself until the kernel stack overflows", async () => {
    // netlink_recv_and_reply() unicasts its reply to the received nlmsg_pid; port 0 is
    // its own kernel socket, whose input is netlink_recv_and_reply() again. On Linux 5.4
    // this recursion ends in a kernel stack overflow; here in an Oops that kills the sender.
    const k = await bootWith();
    await runProgram(k, ["insmod", "netlink_simple_intf"], { uid: 0 });
    const p = proc(k, 1000);
    const so = sockets(p.libc);
    const fd = await so.socket(16, 3, 31);
    void so.sendNl(fd, new Uint8Array(20), 0);
    await new Promise((r) => setTimeout(r, 10));
    expect(k.oopsCount).toBe(1);
    expect(p.task.alive).toBe(false);
  });
});
