/**
 * What the exercises needed from the kernel API: the direct map of physical memory
 * (__pa, __va, virt_addr_valid over options.ramBytes at PAGE_OFFSET), the task list
 * (for_each_process, for_each_thread, threads of user processes, task addresses) and
 * kasprintf().
 */
import { describe, expect, it } from "vitest";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { create_user_thread } from "../../src/kernel/task_list.ts";
import {
  __pa,
  __va,
  for_each_process,
  for_each_process_thread,
  for_each_thread,
  get_nr_threads,
  get_task_mm,
  high_memory,
  init_task,
  kasprintf,
  pfn_valid,
  task_addr,
  task_stack_page,
  virt_addr_valid,
} from "../../src/linux.ts";
import { hostProcess, runProgram } from "../../src/user/run.ts";
import { boot } from "../../src/vkern.ts";

const GiB = 1024 ** 3;

describe("the direct map (arch/x86/mm/physaddr.c)", () => {
  const cases: [string, bigint, number, boolean, bigint][] = [
    // [what, kva, ramBytes, virt_addr_valid, __pa]
    ["PAGE_OFFSET", 0xffff888000000000n, 2 * GiB, true, 0n],
    ["inside RAM", 0xffff888012345678n, 2 * GiB, true, 0x12345678n],
    [
      "the last byte of RAM",
      0xffff888000000000n + BigInt(2 * GiB) - 1n,
      2 * GiB,
      true,
      BigInt(2 * GiB) - 1n,
    ],
    ["high_memory", 0xffff888000000000n + BigInt(2 * GiB), 2 * GiB, false, BigInt(2 * GiB)],
    ["past a smaller RAM", 0xffff888000000000n + BigInt(GiB), GiB, false, BigInt(GiB)],
    ["below PAGE_OFFSET", 0xffff887fffffffffn, 2 * GiB, false, 0xffffffffffffffffn],
    ["a user address", 0x400000n, 2 * GiB, false, 0x400000n - 0xffff888000000000n + (1n << 64n)],
    ["the kernel image", 0xffffffff81000000n, 2 * GiB, true, 0x1000000n],
    ["past the kernel image", 0xffffffffc0000000n, 2 * GiB, false, 0x40000000n],
  ];
  it.each(cases)("%s", async (_w, kva, ram, valid, pa) => {
    const k = await boot({ ramBytes: ram });
    k.run(() => {
      expect(virt_addr_valid(kva)).toBe(valid);
      expect(__pa(kva)).toBe(pa);
    });
  });

  it("__va is __pa's inverse over RAM and follows the configured PAGE_OFFSET", async () => {
    const k = await boot({ pageOffset: 0xffff9f8b00000000n });
    k.run(() => {
      for (const pa of [0n, 0x1000n, 0x7654321n, BigInt(2 * GiB) - 1n]) {
        expect(__pa(__va(pa))).toBe(pa);
        expect(virt_addr_valid(__va(pa))).toBe(true);
      }
      expect(__va(0x1000n)).toBe(0xffff9f8b00001000n);
      expect(high_memory()).toBe(0xffff9f8b00000000n + BigInt(2 * GiB));
      expect(pfn_valid(BigInt(2 * GiB) / 4096n - 1n)).toBe(true);
      expect(pfn_valid(BigInt(2 * GiB) / 4096n)).toBe(false);
    });
  });
});

describe("the task list (include/linux/sched/signal.h)", () => {
  const all = (k: Kernel) => k.run(() => [...for_each_process()]);

  it("for_each_process: pid 1 first, kernel threads and user processes, not the idle task", async () => {
    const k = await boot();
    const ps = all(k);
    expect(ps[0].pid).toBe(1);
    expect(ps.map((p) => p.comm)).toEqual(
      expect.arrayContaining(["systemd", "kthreadd", "ksoftirqd/0", "watchdogd"]),
    );
    expect(ps.some((p) => p.pid === 0)).toBe(false);
    k.run(() => {
      expect(init_task().comm).toBe("swapper/0");
      expect(get_task_mm(ps.find((p) => p.comm === "kthreadd")!)).toBeNull();
      expect(get_task_mm(ps[0])).not.toBeNull();
    });
  });

  it("threads of a user process: for_each_thread, get_nr_threads, /proc/<pid>/task, gone with the leader", async () => {
    const k = await boot();
    const { task, libc } = hostProcess(k, 1000, "/", () => {});
    task.set_comm("mtapp");
    const t2 = create_user_thread(task);
    const t3 = create_user_thread(task, "worker");
    k.run(() => {
      expect([...for_each_thread(task)].map((t) => t.pid)).toEqual([task.pid, t2.pid, t3.pid]);
      expect([...for_each_thread(t3)].map((t) => t.pid)).toEqual([task.pid, t2.pid, t3.pid]);
      expect(get_nr_threads(t2)).toBe(3);
      expect(t3.tgid).toBe(task.pid);
      const pairs = [...for_each_process_thread()].filter(([p]) => p === task);
      expect(pairs.map(([, t]) => t.comm)).toEqual(["mtapp", "mtapp", "worker"]);
      // threads are not processes
      expect([...for_each_process()].some((p) => p === t2)).toBe(false);
    });
    const r = await runProgram(k, ["ls", `/proc/${task.pid}/task`], { uid: 0 });
    expect(r.output).toBe(`${task.pid}\n${t2.pid}\n${t3.pid}\n`);
    expect((await runProgram(k, ["cat", `/proc/${task.pid}/status`], { uid: 0 })).output).toContain(
      "Threads:\t3\n",
    );
    void libc._exit(0);
    expect(k.tasks.get(t2.pid)).toBeUndefined();
    expect(k.tasks.get(t3.pid)).toBeUndefined();
  });

  it("task_struct addresses are distinct direct-mapped addresses; stacks are 16 KiB apart", async () => {
    const k = await boot({ pageOffset: 0xffff9f8b00000000n });
    const ps = all(k);
    k.run(() => {
      const addrs = new Set(ps.map((p) => task_addr(p)));
      expect(addrs.size).toBe(ps.length);
      for (const p of ps) expect(virt_addr_valid(task_addr(p))).toBe(true);
      expect(task_stack_page(ps[1]) - task_stack_page(ps[0])).toBe(
        BigInt((ps[1].pid - ps[0].pid) * 16384),
      );
      // the idle task is static data of the kernel image
      expect(task_addr(init_task())).toBe(0xffffffff82613780n);
      expect(virt_addr_valid(task_addr(init_task()))).toBe(true);
    });
  });
});

describe("kasprintf()", () => {
  it("formats as the kernel's vsnprintf", async () => {
    const k = await boot();
    expect(k.run(() => kasprintf(0xcc0, "%d,0x%px,[%s]", 7, 0xffff888000001000n, "kthreadd"))).toBe(
      "7,0xffff888000001000,[kthreadd]",
    );
  });
});
