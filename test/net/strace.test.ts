/**
 * strace's view of the socket calls (strace 4.21 formats: net.c, msghdr.c, netlink.c),
 * here on `genl ctrl get name nlctrl`. Formats checked against strace 6.1 on this machine
 * where 4.21 and 6.1 agree (setsockopt/getsockname/bind lines); the nlmsghdr fields use
 * 4.21's short names (len=, type=, ...), 6.1 spells them nlmsg_len= ...
 */
import { expect, test } from "vitest";
import { runProgram } from "../../src/vkern.ts";
import { bootWith } from "../helpers.ts";

test("genl's netlink conversation", async () => {
  const k = await bootWith();
  const r = await runProgram(k, [
    "strace",
    "-e",
    "trace=network",
    "genl",
    "ctrl",
    "get",
    "name",
    "nlctrl",
  ]);
  const lines = r.stderr.split("\n");
  const seq = /seq=(\d+)/.exec(lines[5])![1];
  expect(lines.slice(0, 6)).toEqual([
    "socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_GENERIC) = 3",
    "setsockopt(3, SOL_SOCKET, SO_SNDBUF, [32768], 4) = 0",
    "setsockopt(3, SOL_SOCKET, SO_RCVBUF, [1048576], 4) = 0",
    "setsockopt(3, SOL_NETLINK, NETLINK_EXT_ACK, [1], 4) = 0",
    "bind(3, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 0",
    `sendto(3, {{len=32, type=nlctrl, flags=NLM_F_REQUEST|NLM_F_ACK, seq=${seq}, pid=0}, ` +
      '"\\x03\\x00\\x00\\x00\\x0b\\x00\\x02\\x00\\x6e\\x6c\\x63\\x74\\x72\\x6c\\x00\\x00"}, 32, 0, ' +
      "{sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 32",
  ]);
  expect(lines[6]).toMatch(
    /^recvmsg\(3, \{msg_name=\{sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000\}, msg_namelen=12, msg_iov=\[\{iov_base=\{\{len=116, type=nlctrl, flags=0, seq=\d+, pid=\d+\}, "(\\x[0-9a-f]{2}){32}"\.\.\.\}, iov_len=32768\}\], msg_iovlen=1, msg_controllen=0, msg_flags=0\}, 0\) = 116$/,
  );
});
