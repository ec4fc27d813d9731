/** procfs: pread on an open fd, and open+read+close, of the demo's llkdproc_debug_level. */

import { bootKernel } from "../src/kernel/boot.ts";
import { do_syscall } from "../src/kernel/entry.ts";
import { bootWith, insmod, proc } from "../test/helpers.ts";
import type { BenchCase } from "./harness.ts";

const FILE = "/proc/procfs_simple_intf/llkdproc_debug_level";

async function ready() {
  const k = await bootWith();
  if ((await insmod(k, "procfs_simple_intf")) !== 0) throw new Error("insmod failed");
  const { task, libc } = proc(k, 1000);
  return { k, task, libc };
}

export const cases: BenchCase[] = [
  {
    name: "procfs_pread",
    batch: 1000,
    compare: "real Linux on this machine: ~670 ns per pread of a single_open proc file",
    async setup() {
      const { k, task, libc } = await ready();
      const fd = await libc.open(FILE, 0);
      const buf = libc.mem.malloc(64);
      return () => {
        for (let i = 0; i < 1000; i++) do_syscall(k, task, "pread64", [fd, buf, 64, 0]);
      };
    },
  },
  {
    name: "procfs_pread_libc_async",
    batch: 1000,
    compare: "the same through the async libc wrapper (one Promise per call)",
    async setup() {
      const { libc } = await ready();
      const fd = await libc.open(FILE, 0);
      const buf = libc.mem.malloc(64);
      return async () => {
        for (let i = 0; i < 1000; i++) await libc.pread(fd, buf, 64, 0);
      };
    },
  },
  {
    name: "procfs_open_read_close",
    batch: 500,
    compare: "real Linux on this machine: ~4.0 us for open+read+close",
    async setup() {
      const { k, task, libc } = await ready();
      const path = libc.mem.strdup(FILE);
      const buf = libc.mem.malloc(64);
      return () => {
        for (let i = 0; i < 500; i++) {
          const fd = do_syscall(k, task, "open", [path, 0, 0]) as number;
          do_syscall(k, task, "read", [fd, buf, 64]);
          do_syscall(k, task, "close", [fd]);
        }
      };
    },
  },
  {
    name: "boot",
    batch: 1,
    compare: "target: under 50 ms to a ready kernel",
    async setup() {
      return () => bootKernel();
    },
  },
];
