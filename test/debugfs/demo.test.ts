/**
 * The chapter's debugfs demo, dbgfs_simple_intf, and its deliberate Oops: the scenario
 * of ../shared/transcripts/debugfs.t driven through system calls.
 */
import { describe, expect, it } from "vitest";
import { O_RDONLY, O_WRONLY } from "../../src/include/uapi/fcntl.ts";
import { do_syscall, TASK_DEAD } from "../../src/kernel/entry.ts";
import { KernelPanicked } from "../../src/kernel/kernel.ts";
import { TAINT_DIE } from "../../src/kernel/panic.ts";
import { runProgram } from "../../src/user/run.ts";
import { bootWith, insmod, proc, rmmod } from "../helpers.ts";
import { cat, DBG, errnoOf, write1 } from "./util.ts";

const DIR = `${DBG}/dbgfs_simple_intf`;
const LEVEL = `${DIR}/llkd_dbgfs_debug_level`;
const DRVCTX = `${DIR}/llkd_dbgfs_show_drvctx`;

function logText(k: { log: { all(): readonly { text: string }[] } }): string {
  return k.log
    .all()
    .map((r) => r.text)
    .join("\n");
}

describe("dbgfs_simple_intf", () => {
  it("creates its two files; drvctx shows config3 = jiffies; debug_level takes any u32", async () => {
    const k = await bootWith();
    expect(await insmod(k, "debugfs_simple_intf")).toBe(0);
    const user = proc(k, 1000).libc;
    expect(await errnoOf(user.stat(DIR))).toBe("EACCES");
    const { libc } = proc(k, 0);
    const names = (await libc.readdir(DIR)).map((e) => e.name).sort();
    expect(names).toEqual([".", "..", "llkd_dbgfs_debug_level", "llkd_dbgfs_show_drvctx"]);
    expect((await libc.stat(LEVEL)).mode).toBe(0o100644);
    expect((await libc.stat(DRVCTX)).mode).toBe(0o100440);
    expect((await libc.stat(DRVCTX)).size).toBe(0);

    const text = await cat(libc, DRVCTX);
    const m =
      /^prodname:dbgfs_simple_intf\ntx:0,rx:0,err:0,myword:0,power:1\nconfig1:0x0,config2:0x48524a5f,config3:0x([0-9a-f]+) \(([0-9]+)\)\noursecret:AhA yyy\n$/.exec(
        text,
      );
    expect(m, text).not.toBeNull();
    expect(BigInt(`0x${m![1]}`)).toBe(BigInt(m![2]));
    // config3 is jiffies at the read: a second later (HZ=250) it has moved by 250
    expect(BigInt(m![2])).toBeLessThanOrEqual(k.jiffies);
    k.clock.advance(1_000_000_000);
    const m2 = /\((\d+)\)/.exec(await cat(libc, DRVCTX));
    expect(BigInt(m2![1]) - BigInt(m![2])).toBe(250n);

    expect(await cat(libc, LEVEL)).toBe("0\n");
    expect(await write1(libc, LEVEL, "5\n")).toBe(2);
    expect(await cat(libc, LEVEL)).toBe("5\n");
    expect(await write1(libc, LEVEL, "1000\n")).toBe(5); // no validation
    expect(await cat(libc, LEVEL)).toBe("1000\n");

    expect(await rmmod(k, "debugfs_simple_intf")).toBe(0);
    expect(await errnoOf(libc.stat(DIR))).toBe("ENOENT");
    const log = logText(k);
    expect(log).toContain(
      "debugfs_simple_intf:alloc_init_drvctx(): allocated and init the driver context structure",
    );
    expect(log).toContain(
      "debugfs_simple_intf:debugfs_simple_intf_init(): initialized (fyi, our 'cause an Oops' setting is currently Off)",
    );
    expect(log).toContain("debugfs_simple_intf:debugfs_simple_intf_cleanup(): removed");
    expect(k.taint.test(TAINT_DIE)).toBe(false);
  });

  it("cause_an_oops=1: a cat of the leftover u32 file Oopses in debugfs_u32_get; the kernel lives on", async () => {
    const k = await bootWith();
    expect(await insmod(k, "debugfs_simple_intf", "cause_an_oops=1")).toBe(0);
    const { libc } = proc(k, 0);
    expect(await cat(libc, LEVEL)).toBe("0\n");
    expect(await rmmod(k, "debugfs_simple_intf")).toBe(0);
    // the files outlived the module
    expect((await libc.stat(LEVEL)).mode).toBe(0o100644);

    const r = await runProgram(k, ["cat", LEVEL], { uid: 0 });
    expect(r.status).toBe(137);
    expect(r.output).toBe("");
    expect(k.taint.test(TAINT_DIE)).toBe(true);
    const log = logText(k);
    expect(log).toMatch(/BUG: unable to handle page fault for address: ffffffffc0[0-9a-f]{6}\n/);
    expect(log).toContain("#PF: supervisor read access in kernel mode");
    expect(log).toContain("Oops: 0000 [#1] SMP PTI");
    expect(log).toMatch(/CPU: 0 PID: \d+ Comm: cat Tainted: G {11}O {6}5\.4\.0-llkd01 #1/);
    expect(log).toMatch(/\nRIP: 0010:debugfs_u32_get\+0x[0-9a-f]+\/0x[0-9a-f]+\n/);
    const trace = log.slice(log.indexOf("Call Trace:"), log.indexOf("RIP: 0033"));
    const frames = [...trace.matchAll(/^ ([\w.]+)\+0x/gm)].map((x) => x[1]);
    expect(frames).toEqual([
      "simple_attr_read",
      "debugfs_attr_read",
      "__vfs_read",
      "vfs_read",
      "ksys_read",
      "__x64_sys_read",
      "do_syscall_64",
      "entry_SYSCALL_64_after_hwframe",
    ]);
    expect(log).toContain("Modules linked in: [last unloaded: debugfs_simple_intf]");
    // the kernel keeps serving other processes
    const v = await runProgram(k, ["cat", "/proc/version"]);
    expect(v.status).toBe(0);
    expect(v.output).toContain("5.4.0-llkd01");
    // and a second touch is Oops #2, now with D in the taint
    const r2 = await runProgram(k, ["cat", LEVEL], { uid: 0 });
    expect(r2.status).toBe(137);
    expect(logText(k)).toMatch(
      /Oops: 0000 \[#2\] SMP PTI\nCPU: 0 PID: \d+ Comm: cat Tainted: G {6}D {4}O {6}5/,
    );
  });

  it("the leftover generic file Oopses at open, in full_proxy_open (the proxy reads freed fops)", async () => {
    const k = await bootWith();
    expect(await insmod(k, "debugfs_simple_intf", "cause_an_oops=1")).toBe(0);
    expect(await rmmod(k, "debugfs_simple_intf")).toBe(0);
    const r = await runProgram(k, ["cat", DRVCTX], { uid: 0 });
    expect(r.status).toBe(137);
    const log = logText(k);
    expect(log).toMatch(/\nRIP: 0010:full_proxy_open\+0x[0-9a-f]+\/0x[0-9a-f]+\n/);
    expect(log).toMatch(
      /Call Trace:\n do_dentry_open\+0x\S+\n vfs_open\+0x\S+\n path_openat\+0x\S+\n do_filp_open\+0x/,
    );
    expect(log).toMatch(/ __x64_sys_open(at)?\+0x/);
  });

  it("writing the leftover u32 file faults too (a write access), and so does a held fd", async () => {
    const k = await bootWith();
    expect(await insmod(k, "debugfs_simple_intf", "cause_an_oops=1")).toBe(0);
    const { task, libc } = proc(k, 0);
    const fd = await libc.open(LEVEL, O_RDONLY);
    expect(await rmmod(k, "debugfs_simple_intf")).toBe(0);
    const buf = libc.mem.malloc(64);
    expect(do_syscall(k, task, "read", [fd, buf, 64])).toBe(TASK_DEAD);
    expect(logText(k)).toContain("RIP: 0010:debugfs_u32_get+");

    const w = proc(k, 0);
    const wfd = await w.libc.open(LEVEL, O_WRONLY);
    const p = w.libc.mem.strdup("7\n");
    expect(do_syscall(k, w.task, "write", [wfd, p, 2])).toBe(TASK_DEAD);
    const log = logText(k);
    expect(log).toContain("#PF: supervisor write access in kernel mode");
    expect(log).toContain("Oops: 0002 [#2] SMP PTI");
    expect(log).toContain("RIP: 0010:debugfs_u32_set+");
    expect(w.task.alive).toBe(false);
  });

  it("with panic_on_oops=1 the Oops panics the kernel and every later call is refused", async () => {
    const k = await bootWith([], { panicOnOops: 1 });
    expect(await insmod(k, "debugfs_simple_intf", "cause_an_oops=1")).toBe(0);
    expect(await rmmod(k, "debugfs_simple_intf")).toBe(0);
    const { task, libc } = proc(k, 0);
    const fd = await libc.open(LEVEL, O_RDONLY);
    const buf = libc.mem.malloc(64);
    expect(() => do_syscall(k, task, "read", [fd, buf, 64])).toThrow(KernelPanicked);
    expect(k.panicked).toBe("Fatal exception");
    expect(logText(k)).toContain("Kernel panic - not syncing: Fatal exception");
    const other = proc(k, 1000);
    expect(() => do_syscall(k, other.task, "getpid", [])).toThrow(KernelPanicked);
  });

  it("panic_on_oops can be set through /proc/sys/kernel/panic_on_oops", async () => {
    const k = await bootWith();
    const { libc } = proc(k, 0);
    expect(await write1(libc, "/proc/sys/kernel/panic_on_oops", "1\n")).toBe(2);
    expect(await insmod(k, "debugfs_simple_intf", "cause_an_oops=1")).toBe(0);
    expect(await rmmod(k, "debugfs_simple_intf")).toBe(0);
    const t = proc(k, 0);
    const fd = await t.libc.open(LEVEL, O_RDONLY);
    expect(() => do_syscall(k, t.task, "read", [fd, t.libc.mem.malloc(8), 8])).toThrow(
      KernelPanicked,
    );
  });
});
