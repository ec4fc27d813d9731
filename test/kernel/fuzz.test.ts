import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { do_syscall, TASK_DEAD } from "../../src/kernel/entry.ts";
import { syscallTable } from "../../src/kernel/syscalls.ts";
import { bootWith, insmod, proc } from "../helpers.ts";

/** Calls that would end or replace the fuzzing process itself. */
const EXCLUDED = new Set([
  "exit_group",
  "execve",
  "fork",
  "kill",
  "nanosleep",
  "wait4",
  "delete_module",
  "init_module",
  "finit_module",
]);

describe("random system calls", () => {
  it("never make the host throw, and leave no fds or module references behind", async () => {
    const k = await bootWith();
    expect(await insmod(k, "procfs_simple_intf")).toBe(0);
    const names = [...syscallTable.keys()].filter((n) => !EXCLUDED.has(n));
    const arg = fc.oneof(
      fc.integer({ min: -5, max: 20 }),
      fc.constantFrom(0, -1, 0x7fffffff, 0x10000, 0xffff888000000000, 4096, -100),
      fc.integer(),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...names), fc.array(arg, { maxLength: 6 })), {
          maxLength: 30,
        }),
        async (calls) => {
          const { task, libc } = proc(k, fc.sample(fc.constantFrom(0, 1000), 1)[0]);
          // Give the process some valid pointers to aim at.
          const buf = libc.mem.malloc(8192);
          for (const [name, args] of calls) {
            const real = args.map((a, i) => (i === 1 && a === 4096 ? buf : a));
            let r = do_syscall(k, task, name, real);
            if (r instanceof Promise)
              r = await Promise.race([
                r,
                new Promise<number>((res) => setTimeout(() => res(0), 5)),
              ]);
            if (r === TASK_DEAD) break;
            expect(typeof r === "number" || typeof r === "bigint").toBe(true);
          }
          if (task.alive) do_syscall(k, task, "exit_group", [0]);
          expect(task.files.openFds()).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
    expect(k.modules.find("procfs_simple_intf")?.refcnt).toBe(0);
    expect(k.panicked).toBeNull();
  });
});
