/**
 * sysfs: pread of an attribute and open+read+close of it (the demo's and a stock one, which
 * `npm run bench -- sysfs` prints beside the real kernel's native_sysfs_* figures), and
 * the cost of lookup and listing with 1k, 10k and 100k platform devices registered
 * (`npm run bench -- sysfs_scale`; 100k takes a while and ~0.5 GB).
 */
import { do_syscall } from "../src/kernel/entry.ts";
import { platform_device_register_simple } from "../src/linux.ts";
import { bootWith, insmod, proc } from "../test/helpers.ts";
import type { BenchCase } from "./harness.ts";

const ATTR = "/sys/devices/platform/llkd_sysfs_simple_intf_device/llkdsysfs_debug_level";

async function ready() {
  const k = await bootWith();
  if ((await insmod(k, "sysfs_simple_intf")) !== 0) throw new Error("insmod failed");
  return { k, ...proc(k, 1000) };
}

function scale(n: number): BenchCase[] {
  const boot = async () => {
    const k = await bootWith();
    k.run(() => {
      for (let i = 0; i < n; i++) platform_device_register_simple("scale", i, null, 0);
    });
    return { k, ...proc(k, 1000) };
  };
  return [
    {
      name: `sysfs_scale_lookup_${n}`,
      batch: 100,
      compare: "should stay flat as devices grow",
      async setup() {
        const { k, task, libc } = await boot();
        const path = libc.mem.strdup(`/sys/devices/platform/scale.${n >> 1}/uevent`);
        const st = libc.mem.malloc(144);
        return () => {
          for (let i = 0; i < 100; i++) do_syscall(k, task, "stat", [path, st]);
        };
      },
    },
    {
      name: `sysfs_scale_list_${n}`,
      batch: 1,
      compare: "should grow linearly with the number of devices",
      async setup() {
        const { libc } = await boot();
        return () => libc.readdir("/sys/devices/platform");
      },
    },
  ];
}

export const cases: BenchCase[] = [
  {
    name: "sysfs_pread",
    batch: 1000,
    compare: "the demo's show() also logs a pr_debug line (see printk_pr_debug_func_line)",
    async setup() {
      const { k, task, libc } = await ready();
      const fd = await libc.open(ATTR, 0);
      const buf = libc.mem.malloc(64);
      return () => {
        for (let i = 0; i < 1000; i++) do_syscall(k, task, "pread64", [fd, buf, 64, 0]);
      };
    },
  },
  {
    name: "sysfs_open_read_close",
    batch: 500,
    compare: "the demo's attribute: one show() with its pr_debug line per open",
    async setup() {
      const { k, task, libc } = await ready();
      const path = libc.mem.strdup(ATTR);
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
    name: "sysfs_pread_stock_attr",
    batch: 1000,
    compare:
      "the same file as native_sysfs_pread (/sys/devices/system/cpu/online): the pathway alone",
    async setup() {
      const k = await bootWith();
      const { task, libc } = proc(k, 1000);
      const fd = await libc.open("/sys/devices/system/cpu/online", 0);
      const buf = libc.mem.malloc(64);
      return () => {
        for (let i = 0; i < 1000; i++) do_syscall(k, task, "pread64", [fd, buf, 64, 0]);
      };
    },
  },
  {
    name: "sysfs_open_read_close_stock_attr",
    batch: 500,
    compare: "the same file as native_sysfs_open_read_close (/sys/devices/system/cpu/online)",
    async setup() {
      const k = await bootWith();
      const { task, libc } = proc(k, 1000);
      const path = libc.mem.strdup("/sys/devices/system/cpu/online");
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
  ...scale(1000),
  ...scale(10000),
  ...(process.env.VKERN_BENCH_100K ? scale(100000) : []),
];
