/**
 * printk: the cost of one logged line, as drivers log them: pr_info() from a module with
 * the default "<module>: " prefix (the netlink demo's three lines per request), and
 * pr_debug() from a DEBUG module whose pr_fmt names __func__ (the sysfs demo's show()).
 */
import type { ModuleDefinition } from "../src/kernel/module.ts";
import { pr_debug, pr_info } from "../src/linux.ts";
import { bootWith, insmod } from "../test/helpers.ts";
import type { BenchCase } from "./harness.ts";

const N = 1000;

const plainMod: ModuleDefinition = {
  name: "bench_printk_plain",
  license: "GPL",
  load: () => ({ init: () => 0 }),
};

const funcMod: ModuleDefinition = {
  name: "bench_printk_func",
  license: "GPL",
  debug: true,
  pr_fmt: (modname, func) => `${modname}:${func}(): `,
  load: () => ({ init: () => 0 }),
};

function netlink_recv_msg() {
  for (let i = 0; i < N; i++) pr_info('received from PID %d:\n"%s"\n', 1234, "hello");
}

function llkdsysfs_debug_level_show() {
  for (let i = 0; i < N; i++)
    pr_debug("In the 'show' method: name: %s, debug_level=%d\n", "dev", i & 3);
}

/** A kernel with `def` loaded; returns fn run N times as that module's code. */
async function inModule(def: ModuleDefinition, fn: () => void) {
  const k = await bootWith([def]);
  if ((await insmod(k, def.name)) !== 0) throw new Error("insmod failed");
  const mod = k.modules.find(def.name)!;
  return () => k.run(() => k.modules.callInto(mod, fn));
}

export const cases: BenchCase[] = [
  {
    name: "printk_pr_info_line",
    batch: N,
    compare: "one pr_info() line with the default module prefix (netlink demo style)",
    setup: () => inModule(plainMod, netlink_recv_msg),
  },
  {
    name: "printk_pr_debug_func_line",
    batch: N,
    compare:
      "one pr_debug() line of a DEBUG module whose pr_fmt names __func__: mostly V8's capture of the caller's stack frame",
    setup: () => inModule(funcMod, llkdsysfs_debug_level_show),
  },
];
