/** netlink: request/reply round trips with the demo module (protocol 31), in one process. */
import { do_syscall } from "../src/kernel/entry.ts";
import { bootWith, insmod, proc } from "../test/helpers.ts";
import type { BenchCase } from "./harness.ts";

export const cases: BenchCase[] = [
  {
    name: "netlink_demo_round_trip",
    batch: 200,
    compare:
      "real Linux: native_netlink_rtm_getlink_round_trip below (bench/native/netlink.c, NETLINK_ROUTE RTM_GETLINK for lo); the issue measured ~5.4 us idle",
    async setup() {
      const k = await bootWith();
      if ((await insmod(k, "netlink_simple_intf")) !== 0) throw new Error("insmod failed");
      const { task, libc } = proc(k, 1000);
      const fd = await libc.syscall("socket", 16, 3, 31);
      const addr = libc.mem.calloc(1, 12);
      libc.mem.setU16(addr, 16);
      libc.mem.setU32(addr + 4, task.pid);
      await libc.syscall("bind", fd, addr, 12);
      const dest = libc.mem.calloc(1, 12);
      libc.mem.setU16(dest, 16);
      const payload = "sample user data to send to kernel via netlink";
      const len = 16 + payload.length + 1;
      const msg = libc.mem.calloc(1, len);
      libc.mem.setU32(msg, len);
      libc.mem.setU32(msg + 12, task.pid);
      libc.mem.write(msg + 16, payload);
      const rbuf = libc.mem.malloc(4096);
      return () => {
        for (let i = 0; i < 200; i++) {
          do_syscall(k, task, "sendto", [fd, msg, len, 0, dest, 12]);
          const r = do_syscall(k, task, "recvfrom", [fd, rbuf, 4096, 0, 0, 0]);
          if (typeof r !== "number" || r <= 0) throw new Error(`recv ${String(r)}`);
        }
      };
    },
  },
];
