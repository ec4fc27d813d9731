/**
 * Kernel uevents on NETLINK_KOBJECT_UEVENT group 1, in lib/kobject_uevent.c's format
 * ("ACTION@DEVPATH\0KEY=VALUE\0..."), and `udevadm monitor` (systemd 237's
 * print_device(): "%-6s[%lu.%06lu] %-8s %s (%s)", properties sorted, a blank line after).
 */
import { describe, expect, test } from "vitest";
import {
  NETLINK_KOBJECT_UEVENT,
  NLM_F_ACK,
  NLM_F_REQUEST,
  splitNlmsgs,
  writeNlmsghdr,
} from "../../src/include/uapi/netlink.ts";
import { SIGINT } from "../../src/include/uapi/signal.ts";
import { AF_NETLINK, MSG_DONTWAIT, SOCK_DGRAM } from "../../src/include/uapi/socket.ts";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { formatUevent, parseUevent } from "../../src/user/bin/udevadm.ts";
import { sockets } from "../../src/user/libc/socket.ts";
import { bootWith, insmod, proc, rmmod } from "../helpers.ts";

async function listener(k: Kernel, uid: number) {
  const so = sockets(proc(k, uid).libc);
  const fd = await so.socket(AF_NETLINK, SOCK_DGRAM, NETLINK_KOBJECT_UEVENT);
  await so.bindNl(fd, 0, 1);
  return { so, fd };
}

describe("the uevent socket", () => {
  test("an unprivileged listener gets each event, from port 0 to group 1", async () => {
    const k = await bootWith();
    const { so, fd } = await listener(k, 1000);
    expect(await insmod(k, "sysfs_simple_intf")).toBe(0);
    const events: string[][] = [];
    for (;;) {
      const m = await so.recvmsgNl(fd, 8192, MSG_DONTWAIT).catch(() => null);
      if (!m) break;
      expect(m.from).toEqual({ nl_family: 16, nl_pad: 0, nl_pid: 0, nl_groups: 1 });
      const parts = new TextDecoder().decode(m.data).split("\0");
      expect(parts.at(-1)).toBe(""); // every string NUL-terminated
      events.push(parts.slice(0, -1));
    }
    const dev = events.find((e) => e[0] === "add@/devices/platform/llkd_sysfs_simple_intf_device")!;
    expect(dev.slice(1, 4)).toEqual([
      "ACTION=add",
      "DEVPATH=/devices/platform/llkd_sysfs_simple_intf_device",
      "SUBSYSTEM=platform",
    ]);
    expect(dev.at(-1)).toMatch(/^SEQNUM=\d+$/);
    expect(events[0][0]).toBe("add@/module/sysfs_simple_intf");
  });

  test("user space may not inject uevents: EPERM without CAP_SYS_ADMIN", async () => {
    const k = await bootWith();
    const so = sockets(proc(k, 1000).libc);
    const fd = await so.socket(AF_NETLINK, SOCK_DGRAM, NETLINK_KOBJECT_UEVENT);
    const req = new Uint8Array(32);
    writeNlmsghdr(req, 0, {
      nlmsg_len: 32,
      nlmsg_type: 0x10,
      nlmsg_flags: NLM_F_REQUEST | NLM_F_ACK,
      nlmsg_seq: 1,
      nlmsg_pid: 0,
    });
    expect(await so.sendNl(fd, req, 0)).toBe(32);
    const [ack] = splitNlmsgs((await so.recvmsgNl(fd, 256, MSG_DONTWAIT)).data);
    expect(new DataView(ack.payload.buffer, ack.payload.byteOffset).getInt32(0, true)).toBe(-1);
  });
});

describe("udevadm monitor", () => {
  test("parses and prints events as udevadm does", () => {
    const raw = new TextEncoder().encode(
      "add@/devices/platform/x\0ACTION=add\0DEVPATH=/devices/platform/x\0SUBSYSTEM=platform\0MODALIAS=platform:x\0SEQNUM=12\0",
    );
    const ev = parseUevent(raw)!;
    expect(formatUevent(ev, { sec: 7, nsec: 4_200_000 }, false)).toBe(
      "KERNEL[7.004200] add      /devices/platform/x (platform)\n",
    );
    expect(formatUevent(ev, { sec: 7, nsec: 4_200_000 }, true)).toBe(
      "KERNEL[7.004200] add      /devices/platform/x (platform)\n" +
        "ACTION=add\nDEVPATH=/devices/platform/x\nMODALIAS=platform:x\nSEQNUM=12\nSUBSYSTEM=platform\n\n",
    );
    // libudev drops messages without the header or the required keys.
    expect(parseUevent(new TextEncoder().encode("libudev\0ACTION=add\0"))).toBeNull();
    expect(
      parseUevent(new TextEncoder().encode("add@/x\0ACTION=add\0DEVPATH=/x\0SEQNUM=1\0")),
    ).toBeNull();
  });

  test("udevadm monitor --kernel --property prints insmod's and rmmod's events until Ctrl-C", async () => {
    const k = await bootWith();
    const p = proc(k, 1000);
    const pid = await p.libc.fork(async (c) => {
      await c.execve("/bin/udevadm", ["udevadm", "monitor", "--kernel", "--property"], c.environ());
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(await insmod(k, "sysfs_simple_intf")).toBe(0);
    expect(await rmmod(k, "sysfs_simple_intf")).toBe(0);
    await new Promise((r) => setTimeout(r, 5));
    await p.libc.kill(pid, SIGINT);
    const st = await p.libc.waitpid(pid);
    expect(st.status).toBe(0);
    const out = p.output();
    expect(
      out.startsWith("monitor will print the received events for:\nKERNEL - the kernel uevent\n\n"),
    ).toBe(true);
    const lines = out.split("\n").filter((l) => l.startsWith("KERNEL["));
    expect(lines.map((l) => l.replace(/\[\d+\.\d{6}\]/, "[T]"))).toEqual([
      "KERNEL[T] add      /module/sysfs_simple_intf (module)",
      "KERNEL[T] add      /devices/platform/llkd_sysfs_simple_intf_device (platform)",
      "KERNEL[T] remove   /devices/platform/llkd_sysfs_simple_intf_device (platform)",
      "KERNEL[T] remove   /module/sysfs_simple_intf (module)",
    ]);
    expect(out).toContain("ACTION=remove\nDEVPATH=/module/sysfs_simple_intf\nSEQNUM=");
  });
});
