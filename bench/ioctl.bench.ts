/** ioctl: the demo driver's IOCQPOWER into user memory, and an ENOTTY ioctl on /dev/null. */
import { do_syscall } from "../src/kernel/entry.ts";
import { IOCTL_LLKD_IOCQPOWER } from "../src/modules/ioctl_llkd_kdrv/ioctl_llkd.ts";
import { bootWith, insmod, proc } from "../test/helpers.ts";
import type { BenchCase } from "./harness.ts";

export const cases: BenchCase[] = [
  {
    name: "ioctl_demo_iocqpower",
    batch: 1000,
    compare:
      "real Linux on this machine: ~170 ns for an ENOTTY ioctl on /dev/null, ~250 ns for FIONREAD on a pipe",
    async setup() {
      const k = await bootWith();
      if ((await insmod(k, "ioctl_llkd_kdrv")) !== 0) throw new Error("insmod failed");
      const { task, libc } = proc(k, 0);
      const dev = (await libc.readFileText("/proc/devices")).match(/^\s*(\d+) ioctl_llkd_kdrv$/m);
      if (!dev) throw new Error("no major");
      await libc.mknod("/dev/ioctl_llkd_kdrv", 0o20644, (Number(dev[1]) << 8) | 0);
      const fd = await libc.open("/dev/ioctl_llkd_kdrv", 2);
      const p = libc.mem.malloc(4);
      return () => {
        for (let i = 0; i < 1000; i++) do_syscall(k, task, "ioctl", [fd, IOCTL_LLKD_IOCQPOWER, p]);
      };
    },
  },
  {
    name: "ioctl_devnull_enotty",
    batch: 1000,
    compare: "real Linux on this machine: ~170 ns",
    async setup() {
      const k = await bootWith();
      const { task, libc } = proc(k, 1000);
      const fd = await libc.open("/dev/null", 0);
      return () => {
        for (let i = 0; i < 1000; i++) do_syscall(k, task, "ioctl", [fd, 0x5401, 0]);
      };
    },
  },
];
