import { describe, expect, it } from "vitest";
import { SIGINT, SIGKILL, SIGTERM } from "../../src/include/uapi/signal.ts";
import { bootKernel } from "../../src/kernel/boot.ts";
import { bootWith, expectErrno, proc } from "../helpers.ts";

describe("processes", () => {
  it("fork, exit status and wait", async () => {
    const k = await bootWith();
    const { libc } = proc(k, 1000);
    const pid = await libc.fork(async () => 42);
    const r = await libc.waitpid(pid);
    expect(r.pid).toBe(pid);
    expect((r.status >> 8) & 0xff).toBe(42);
    await expectErrno(libc.waitpid(-1), "ECHILD");
  });

  for (const sig of [SIGINT, SIGTERM, SIGKILL]) {
    it(`signal ${sig} ends a sleeping child with status ${sig}`, async () => {
      const k = await bootWith([], { clock: "real" });
      const { libc } = proc(k, 1000);
      const pid = await libc.fork(async (c) => {
        await c.sleep(100);
        return 0;
      });
      await libc.kill(pid, sig);
      const r = await libc.waitpid(pid);
      expect(r.status & 0x7f).toBe(sig);
    });
  }

  it("a user cannot signal another user's process; root can", async () => {
    const k = await bootWith();
    const user = proc(k, 1000).libc;
    const root = proc(k, 0);
    await expectErrno(user.kill(root.task.pid, SIGTERM), "EPERM");
    await expectErrno(user.kill(99999, 0), "ESRCH");
    expect(await root.libc.kill(root.task.pid, 0)).toBe(0);
  });

  it("a child inherits the fd table; closing in the child leaves the parent's open", async () => {
    const k = await bootWith();
    const { libc } = proc(k, 1000);
    const fd = await libc.open("/proc/version", 0);
    const pid = await libc.fork(async (c) => {
      await c.close(fd);
      return 0;
    });
    await libc.waitpid(pid);
    expect((await libc.readBytes(fd, 5)).length).toBe(5);
  });

  it("credentials: root has every capability, others none", async () => {
    const k = await bootWith();
    const root = proc(k, 0).task;
    const user = proc(k, 1000).task;
    expect(root.cred.cap_effective).toBe((1n << 41n) - 1n);
    expect(user.cred.cap_effective).toBe(0n);
  });
});

describe("kernels as values", () => {
  it("several kernels coexist and a virtual-clock boot is reproducible", async () => {
    const a = await bootKernel();
    const b = await bootKernel();
    const text = (k: typeof a) => k.log.all().map((r) => `${r.tsNs} ${r.text}`);
    expect(text(a)).toEqual(text(b));
    a.printk("only in a");
    expect(text(b).some((l) => l.includes("only in a"))).toBe(false);
    expect(a.jiffies64).toBe(b.jiffies64);
    // INITIAL_JIFFIES = 2^32 - 300*HZ; boot took 1.522 s of virtual time
    expect(a.jiffies64).toBe(
      BigInt(2 ** 32 - 300 * 250) + (BigInt(a.clock.ns()) * 250n) / 1_000_000_000n,
    );
  });

  it("boot takes well under 50 ms (the best of five, so a busy machine does not decide)", async () => {
    await bootKernel();
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await bootKernel();
      best = Math.min(best, performance.now() - t0);
    }
    expect(best).toBeLessThan(50);
  });
});
