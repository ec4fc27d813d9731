/**
 * A fuzzed debugfs driver: its callbacks throw at random points (faults, TypeErrors,
 * plain values, rejected promises), it may unload leaving its files behind, and random
 * system calls hit those files. Whatever happens, the host never sees an exception:
 * every call ends with a number or with the task killed by an Oops.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { KRet } from "../../src/fs/fs.ts";
import { O_RDONLY, O_RDWR, O_WRONLY } from "../../src/include/uapi/fcntl.ts";
import { do_syscall, type EntryResult, TASK_DEAD } from "../../src/kernel/entry.ts";
import { KernelFault } from "../../src/kernel/fault.ts";
import type { ModuleDefinition } from "../../src/kernel/module.ts";
import {
  BUG,
  DEFINE_DEBUGFS_ATTRIBUTE,
  type DebugfsDentry,
  debugfs_create_bool,
  debugfs_create_dir,
  debugfs_create_file,
  debugfs_create_file_unsafe,
  debugfs_create_u32,
  debugfs_remove_recursive,
  type File,
  type FileOperations,
  type KPtr,
  kptr,
  type Loff,
  simple_read_from_buffer,
  type UserPtr,
} from "../../src/linux.ts";
import { bootWith, insmod, proc, rmmod } from "../helpers.ts";

const CHAOS = [
  "none",
  "none",
  "none",
  "fault",
  "null",
  "error",
  "string",
  "undefined",
  "bug",
  "async-ok",
  "async-reject",
] as const;
type Chaos = (typeof CHAOS)[number];

/** The plan the callbacks follow: each call takes the next entry ("none" when used up). */
const plan: { steps: Chaos[]; i: number } = { steps: [], i: 0 };

function nextChaos(): Chaos {
  return plan.steps[plan.i++] ?? "none";
}

/** Misbehaves as planned, or returns `value` (maybe after a microtask). */
function act(value: number, mayBeAsync: boolean): KRet {
  const c = nextChaos();
  switch (c) {
    case "fault":
      throw new KernelFault("page", 0xffffffffc0dead00n, false);
    case "null": {
      const o = null as { x: number } | null;
      return o!.x;
    }
    case "error":
      throw new Error("driver bug");
    case "string":
      throw "a string";
    case "undefined":
      throw undefined;
    case "bug":
      return BUG();
    case "async-ok":
      return mayBeAsync ? Promise.resolve(value) : value;
    case "async-reject":
      return mayBeAsync ? Promise.reject(new TypeError("late")) : value;
    default:
      return value;
  }
}

const FILES = ["gen", "attr", "u32", "bool"];

const chaotic: ModuleDefinition = {
  name: "dbgchaos",
  license: "GPL",
  params: { leave: { type: "int", perm: 0o644 } },
  load(THIS_MODULE, params) {
    const g = THIS_MODULE.static({ dir: null as DebugfsDentry | null, n: 0, on: false, v: 0n });
    function chaos_open(): KRet {
      return act(0, true);
    }
    function chaos_read(_f: File, buf: UserPtr, count: number, ppos: Loff): KRet {
      const r = act(0, true);
      if (r !== 0) return r;
      return simple_read_from_buffer(buf, count, ppos, `n=${g.n}\n`);
    }
    function chaos_write(_f: File, _buf: UserPtr, count: number): KRet {
      return act(count, true);
    }
    function chaos_llseek(): number {
      return act(0, false) as number;
    }
    function chaos_ioctl(): KRet {
      return act(0, true);
    }
    function chaos_release(): number {
      return act(0, false) as number;
    }
    const fops: FileOperations = {
      open: chaos_open,
      read: chaos_read,
      write: chaos_write,
      llseek: chaos_llseek,
      unlocked_ioctl: chaos_ioctl,
      release: chaos_release,
    };
    function chaos_get(_data: unknown, val: KPtr<bigint | number>): number {
      const r = act(0, false) as number;
      val.set(g.v);
      return r;
    }
    function chaos_set(_data: unknown, val: bigint): number {
      const r = act(0, false) as number;
      g.v = val;
      return r;
    }
    const attr_fops = DEFINE_DEBUGFS_ATTRIBUTE(chaos_get, chaos_set, "%llu\n");
    return {
      init() {
        g.dir = debugfs_create_dir("chaos", null);
        debugfs_create_file("gen", 0o666, g.dir, null, fops);
        debugfs_create_file_unsafe("attr", 0o666, g.dir, null, attr_fops);
        debugfs_create_u32("u32", 0o666, g.dir, kptr(g, "n"));
        debugfs_create_bool("bool", 0o666, g.dir, kptr(g, "on"));
        return 0;
      },
      exit() {
        if (!params.leave) debugfs_remove_recursive(g.dir);
      },
    };
  },
};

type Action =
  | { op: "open"; file: number; flags: number }
  | { op: "read" | "close" | "ioctl" | "lseek"; fd: number }
  | { op: "write"; fd: number; data: string }
  | { op: "rmmod"; leave: boolean }
  | { op: "insmod" }
  | { op: "exit" };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    op: fc.constant("open" as const),
    file: fc.nat(FILES.length - 1),
    flags: fc.constantFrom(O_RDONLY, O_WRONLY, O_RDWR),
  }),
  fc.record({ op: fc.constantFrom("read", "close", "ioctl", "lseek"), fd: fc.nat(4) }),
  fc.record({
    op: fc.constant("write" as const),
    fd: fc.nat(4),
    data: fc.string({ maxLength: 30 }),
  }),
  fc.record({ op: fc.constant("rmmod" as const), leave: fc.boolean() }),
  fc.record({ op: fc.constant("insmod" as const) }),
  fc.record({ op: fc.constant("exit" as const) }),
);

describe("a fuzzed debugfs driver", () => {
  it("never makes the host throw: faults become Oopses, the kernel keeps going", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...CHAOS), { maxLength: 60 }),
        fc.array(action, { minLength: 1, maxLength: 25 }),
        async (steps, actions) => {
          const k = await bootWith([chaotic]);
          plan.steps = steps;
          plan.i = 0;
          expect(await insmod(k, "dbgchaos")).toBe(0);
          let p = proc(k, 0);
          let fds: number[] = [];
          const call = async (name: string, args: (number | bigint)[]): Promise<EntryResult> => {
            const r = do_syscall(k, p.task, name, args);
            const v = r instanceof Promise ? await r : r;
            expect(typeof v === "number" || typeof v === "bigint" || v === TASK_DEAD).toBe(true);
            if (v === TASK_DEAD) {
              expect(p.task.alive).toBe(false);
              p = proc(k, 0);
              fds = [];
            }
            return v;
          };
          for (const a of actions) {
            const fd = "fd" in a ? (fds[a.fd % Math.max(1, fds.length)] ?? 99) : 99;
            switch (a.op) {
              case "open": {
                const path = p.libc.mem.strdup(`/sys/kernel/debug/chaos/${FILES[a.file]}`);
                const r = await call("open", [path, a.flags, 0]);
                if (typeof r === "number" && r >= 0) fds.push(r);
                break;
              }
              case "read":
                await call("read", [fd, p.libc.mem.malloc(64), 64]);
                break;
              case "write":
                await call("write", [fd, p.libc.mem.strdup(a.data), a.data.length]);
                break;
              case "lseek":
                await call("lseek", [fd, 0, 0]);
                break;
              case "ioctl":
                await call("ioctl", [fd, 0x1234, 0]);
                break;
              case "close":
                if ((await call("close", [fd])) === 0) fds = fds.filter((x) => x !== fd);
                break;
              case "rmmod": {
                const m = k.modules.find("dbgchaos");
                if (m) m.params.values.leave = a.leave ? 1 : 0;
                await rmmod(k, "dbgchaos");
                break;
              }
              case "insmod":
                await insmod(k, "dbgchaos");
                break;
              case "exit":
                expect(await call("exit_group", [0])).toBe(TASK_DEAD);
                break;
            }
          }
          await call("exit_group", [0]);
          expect(k.panicked).toBeNull();
          // the kernel still serves a fresh process
          const q = proc(k, 1000);
          expect(new TextDecoder().decode(await q.libc.readFile("/proc/version"))).toContain(
            "5.4.0-llkd01",
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
