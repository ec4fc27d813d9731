import { describe, expect, it } from "vitest";
import { KernelPanicked } from "../../src/kernel/kernel.ts";
import type { ModuleDefinition } from "../../src/kernel/module.ts";
import { proc_create_single, proc_mkdir, remove_proc_subtree } from "../../src/linux.ts";
import { runProgram } from "../../src/user/run.ts";
import { bootWith, insmod, proc } from "../helpers.ts";

/** A buggy module: reading its file dereferences NULL, as a C bug would. */
const buggy: ModuleDefinition = {
  name: "buggy",
  license: "GPL",
  load() {
    const state: { ctx: { value: number } | null } = { ctx: null };
    function buggy_show(): number {
      return state.ctx!.value;
    }
    return {
      init() {
        const d = proc_mkdir("buggy", null);
        proc_create_single("crash", 0o444, d, buggy_show);
        return 0;
      },
      exit() {
        remove_proc_subtree("buggy", null);
      },
    };
  },
};

describe("Oops", () => {
  it("a fault in a driver kills the task with SIGKILL, taints D, logs a report", async () => {
    const k = await bootWith([buggy]);
    expect(await insmod(k, "buggy")).toBe(0);
    const r = await runProgram(k, ["cat", "/proc/buggy/crash"]);
    expect(r.status).toBe(128 + 9);
    expect(k.taint.test(7)).toBe(true);
    const log = k.log
      .all()
      .map((x) => x.text)
      .join("\n");
    expect(log).toContain("BUG: kernel NULL pointer dereference");
    expect(log).toContain("Oops: 0000 [#1] SMP PTI");
    // D is added after the report, as die() does: the first Oops does not show it yet.
    expect(log).toMatch(/CPU: 0 PID: \d+ Comm: cat Tainted: G {11}O {6}5\.4\.0-llkd01 #1/);
    expect(log).toMatch(/RIP: 0010:buggy_show\+0x[0-9a-f]+\/0x[0-9a-f]+/);
    expect(log).toContain("Call Trace:");
    expect(log).toMatch(/ seq_read\+0x/);
    expect(log).toMatch(/ __x64_sys_read\+0x/);
    expect(log).toContain("Modules linked in: buggy(O)");
    // the kernel keeps serving other processes
    const again = await runProgram(k, ["cat", "/proc/version"]);
    expect(again.status).toBe(0);
  });

  it("with panic_on_oops=1 the kernel panics and refuses further system calls", async () => {
    const k = await bootWith([buggy], { panicOnOops: 1 });
    expect(await insmod(k, "buggy")).toBe(0);
    const seen: string[] = [];
    k.panicListeners.add((r) => seen.push(r));
    await expect(runProgram(k, ["cat", "/proc/buggy/crash"])).rejects.toBeInstanceOf(
      KernelPanicked,
    );
    expect(k.panicked).toBe("Fatal exception");
    expect(seen).toEqual(["Fatal exception"]);
    expect(k.log.all().at(-2)?.text).toBe("Kernel panic - not syncing: Fatal exception");
    const { task } = proc(k, 1000);
    const { do_syscall } = await import("../../src/kernel/entry.ts");
    expect(() => do_syscall(k, task, "getpid", [])).toThrow(KernelPanicked);
  });
});
