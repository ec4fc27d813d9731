/**
 * The kernel as a value: `await bootKernel(options)` gives a running kernel;
 * several kernels live side by side and share nothing mutable.
 */
import { CdevMap, ChrdevRegions } from "../fs/char_dev.ts";
import type { SuperBlock } from "../fs/fs.ts";
import { MountTable } from "../fs/namespace.ts";
import { withContext } from "./context.ts";
import { KernelFault } from "./fault.ts";
import { type ModuleDefinition, ModuleRegistry } from "./module.ts";
import { buildOops, TAINT_DIE, TAINT_SOFTLOCKUP, Taint } from "./panic.ts";
import { TaskTable } from "./pid.ts";
import { LOG_KERN, MESSAGE_LOGLEVEL_DEFAULT, PrintkBuffer } from "./printk.ts";
import { SignalDelivery } from "./signal.ts";
import type { Task } from "./task.ts";
import { Clock, type ClockMode } from "./time.ts";

export interface UserSpec {
  name: string;
  uid: number;
  gid: number;
  /** Supplementary groups, by name. */
  groups: string[];
  home: string;
  shell: string;
  gecos?: string;
}

export interface GroupSpec {
  name: string;
  gid: number;
}

export interface KernelOptions {
  clock: ClockMode;
  /** Wall-clock time at boot (ms since the epoch); fixed by default for reproducibility. */
  bootTimeMs: number;
  release: string;
  /** uname -v */
  version: string;
  machine: string;
  hostname: string;
  users: UserSpec[];
  groups: GroupSpec[];
  hz: number;
  pageOffset: bigint;
  /** Physical RAM, bytes (the direct map covers it). */
  ramBytes: number;
  ncpus: number;
  panicOnOops: number;
  /** Modules the kernel can load (its /lib/modules). */
  modules: ModuleDefinition[];
  /** Receives console output (messages above the console loglevel, panics). */
  console?: (text: string) => void;
  /** Virtual nanoseconds each system call costs. */
  syscallStepNs: number;
  /** Host monotonic clock (ms) for real mode. */
  now?: () => number;
  /** Host timer for real mode. */
  setTimer?: (fn: () => void, ms: number) => () => void;
  /** Random bytes (injected: the virtual kernel seeds a deterministic generator). */
  randomSeed: number;
}

export const DEFAULT_USERS: UserSpec[] = [
  { name: "root", uid: 0, gid: 0, groups: [], home: "/root", shell: "/bin/bash", gecos: "root" },
  {
    name: "llkd",
    uid: 1000,
    gid: 1000,
    groups: ["adm", "cdrom", "sudo", "dip", "plugdev"],
    home: "/home/llkd",
    shell: "/bin/bash",
    gecos: "llkd,,,",
  },
];

export const DEFAULT_GROUPS: GroupSpec[] = [
  { name: "root", gid: 0 },
  { name: "adm", gid: 4 },
  { name: "tty", gid: 5 },
  { name: "disk", gid: 6 },
  { name: "kmem", gid: 15 },
  { name: "dialout", gid: 20 },
  { name: "cdrom", gid: 24 },
  { name: "sudo", gid: 27 },
  { name: "audio", gid: 29 },
  { name: "dip", gid: 30 },
  { name: "video", gid: 44 },
  { name: "plugdev", gid: 46 },
  { name: "users", gid: 100 },
  { name: "nogroup", gid: 65534 },
  { name: "llkd", gid: 1000 },
];

export function defaultOptions(): KernelOptions {
  return {
    clock: "virtual",
    // 2021-03-01 10:00:00 UTC: a fixed instant, so dates in transcripts are stable.
    bootTimeMs: Date.UTC(2021, 2, 1, 10, 0, 0),
    release: "5.4.0-llkd01",
    version: "#1 SMP Mon Mar 1 09:00:00 UTC 2021",
    machine: "x86_64",
    hostname: "llkd-vbox",
    users: DEFAULT_USERS,
    groups: DEFAULT_GROUPS,
    hz: 250,
    pageOffset: 0xffff888000000000n,
    ramBytes: 2 * 1024 * 1024 * 1024,
    ncpus: 1,
    panicOnOops: 0,
    modules: [],
    syscallStepNs: 1000,
    randomSeed: 0x1234567,
  };
}

/** A piece of per-kernel state owned by a subsystem (made on first use). */
export interface KernelLocal<T> {
  get(k: Kernel): T;
}

export function defineKernelLocal<T>(create: (k: Kernel) => T): KernelLocal<T> {
  const key = {};
  return {
    get(k: Kernel): T {
      let v = k.locals.get(key) as T | undefined;
      if (v === undefined) {
        v = create(k);
        k.locals.set(key, v);
      }
      return v;
    },
  };
}

/** Thrown to unwind the caller of a system call when the kernel has panicked. */
export class KernelPanicked extends Error {
  constructor(readonly reason: string) {
    super(`Kernel panic - not syncing: ${reason}`);
    this.name = "KernelPanicked";
  }
}

export class Kernel {
  readonly clock: Clock;
  readonly log: PrintkBuffer;
  readonly taint = new Taint();
  readonly mounts = new MountTable();
  readonly modules: ModuleRegistry;
  readonly cdevs = new CdevMap();
  readonly chrdevs = new ChrdevRegions();
  readonly tasks: TaskTable;
  readonly signals: SignalDelivery;
  readonly locals = new Map<object, unknown>();
  pipefs!: SuperBlock;
  hostname: string;
  domainname = "(none)";
  oopsCount = 0;
  panicked: string | null = null;
  /** /proc/sys/kernel values that other code reads. */
  readonly sysctl = {
    panic_on_oops: 0,
    dmesg_restrict: 0,
    kptr_restrict: 1,
    printk: [4, 4, 1, 7],
    threads_max: 15432,
    panic: 0,
    pid_max: 4194304,
  };
  /** Listeners told when the kernel panics (the CLI and the web page show it). */
  readonly panicListeners = new Set<(reason: string) => void>();
  private randState: number;

  constructor(readonly options: KernelOptions) {
    // An Oops prints the call chain down to the system-call entry: keep enough frames.
    if (Error.stackTraceLimit < 64) Error.stackTraceLimit = 64;
    this.clock = new Clock({
      mode: options.clock,
      bootWallMs: options.bootTimeMs,
      now: options.now,
      setTimer: options.setTimer,
      syscallStepNs: options.syscallStepNs,
    });
    this.log = new PrintkBuffer(this.clock);
    this.modules = new ModuleRegistry(this);
    this.tasks = new TaskTable(this);
    this.signals = new SignalDelivery(this);
    this.hostname = options.hostname;
    this.sysctl.panic_on_oops = options.panicOnOops;
    this.randState = options.randomSeed >>> 0 || 1;
  }

  /** Logs one message at a level (printk() for kernel-internal messages). */
  printk(text: string, level = MESSAGE_LOGLEVEL_DEFAULT, facility = LOG_KERN): void {
    this.log.store(level, facility, text, false);
    if (this.options.console && level < this.sysctl.printk[0]) this.options.console(`${text}\n`);
  }

  /** Deterministic random bytes in virtual mode (xorshift32); the real source otherwise. */
  randomBytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    if (this.options.clock === "real" && globalThis.crypto?.getRandomValues) {
      for (let i = 0; i < n; i += 65536)
        globalThis.crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
      return out;
    }
    let x = this.randState;
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      out[i] = x & 0xff;
    }
    this.randState = x;
    return out;
  }

  /** jiffies as a 64-bit count (jiffies_64). */
  get jiffies64(): bigint {
    const hz = BigInt(this.options.hz);
    const init = BigInt((2 ** 32 - 300 * this.options.hz) >>> 0);
    return init + (BigInt(this.clock.ns()) * hz) / 1_000_000_000n;
  }

  /** `jiffies`: unsigned long on x86_64, so the 64-bit count. */
  get jiffies(): bigint {
    return this.jiffies64;
  }

  /**
   * Turns an exception thrown by kernel code during a system call into an Oops
   * (die()): the report, taint D, SIGKILL for the task, and panic if configured.
   */
  oops(task: Task, err: unknown): void {
    if (err instanceof KernelPanicked) throw err;
    // A soft lockup is no Oops in Linux (no die(), taint L, softlockup_panic not
    // panic_on_oops); vkern still has to kill the looping task to get the CPU back.
    const lockup = err instanceof KernelFault && err.kind === "softlockup";
    if (!lockup) this.oopsCount++;
    const stack = err instanceof Error && err.stack ? err.stack : "";
    const report = buildOops(this, task, err, stack);
    this.modules.reapFaulted();
    this.taint.add(lockup ? TAINT_SOFTLOCKUP : TAINT_DIE);
    // Each line of the report is its own printk record, as in Linux.
    for (const [i, line] of report.lines.entries())
      this.log.store(i === 0 ? 1 : 4, LOG_KERN, line, false);
    if (this.options.console) this.options.console(`${report.lines.join("\n")}\n`);
    if (this.sysctl.panic_on_oops && !lockup) {
      this.panic("Fatal exception");
      return;
    }
    this.signals.forceSigKill(task);
  }

  /** Mirrors panic(): logs, then every later system call is refused. */
  panic(reason: string): void {
    if (this.panicked) return;
    this.panicked = reason;
    const msg = `Kernel panic - not syncing: ${reason}`;
    this.log.store(0, LOG_KERN, `${msg}\n`, false);
    this.log.store(0, LOG_KERN, `---[ end ${msg} ]---\n`, false);
    this.options.console?.(`${msg}\n---[ end ${msg} ]---\n`);
    for (const l of this.panicListeners) l(reason);
  }

  /** Runs fn as kernel code outside any system call (boot, tests of driver code). */
  run<T>(fn: () => T, task: Task | null = null): T {
    return withContext(this, task ?? this.tasks.init, null, fn);
  }
}
