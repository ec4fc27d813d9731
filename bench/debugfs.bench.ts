/**
 * debugfs: open+read+close of the demo's u32 file (a simple-attribute file: not
 * seekable, so no pread), and pread of the generic drvctx file on an open fd.
 */

import { do_syscall } from "../src/kernel/entry.ts";
import { bootWith, insmod, proc } from "../test/helpers.ts";
import type { BenchCase } from "./harness.ts";

const DIR = "/sys/kernel/debug/dbgfs_simple_intf";

async function ready() {
  const k = await bootWith();
  if ((await insmod(k, "debugfs_simple_intf")) !== 0) throw new Error("insmod failed");
  const { task, libc } = proc(k, 0);
  return { k, task, libc };
}

export const cases: BenchCase[] = [
  {
    name: "debugfs_u32_open_read_close",
    batch: 500,
    compare:
      "real Linux: open+read+close of a proc file, ~4.0 us (this VM, gcc -O2 loop over /proc/sys/kernel/panic_on_oops: 9-13 us)",
    async setup() {
      const { k, task, libc } = await ready();
      const path = libc.mem.strdup(`${DIR}/llkd_dbgfs_debug_level`);
      const buf = libc.mem.malloc(64);
      return () => {
        for (let i = 0; i < 500; i++) {
          const fd = do_syscall(k, task, "open", [path, 0, 0]) as number;
          if (do_syscall(k, task, "read", [fd, buf, 64]) !== 2) throw new Error("bad read");
          do_syscall(k, task, "close", [fd]);
        }
      };
    },
  },
  {
    name: "debugfs_drvctx_pread",
    batch: 1000,
    compare: "real Linux: pread of a proc file on an open fd (this VM: ~1.7-2.4 us)",
    async setup() {
      const { k, task, libc } = await ready();
      const fd = await libc.open(`${DIR}/llkd_dbgfs_show_drvctx`, 0);
      const buf = libc.mem.malloc(256);
      return () => {
        for (let i = 0; i < 1000; i++) do_syscall(k, task, "pread64", [fd, buf, 256, 0]);
      };
    },
  },
];
