/**
 * Taint flags, Oops reports and panic (kernel/panic.c, arch/x86/kernel/dumpstack.c,
 * arch/x86/mm/fault.c). Faults thrown by kernel or module code during a system
 * call end here: a report in Linux's layout, SIGKILL for the task, taint D, and a
 * panic when panic_on_oops is set.
 */

import { KernelFault } from "./fault.ts";
import type { Kernel } from "./kernel.ts";
import { modules_linked_in } from "./module.ts";
import type { Task } from "./task.ts";

export const TAINT_PROPRIETARY_MODULE = 0;
export const TAINT_FORCED_MODULE = 1;
export const TAINT_FORCED_RMMOD = 3;
export const TAINT_USER = 6;
export const TAINT_DIE = 7;
export const TAINT_WARN = 9;
export const TAINT_OOT_MODULE = 12;
export const TAINT_UNSIGNED_MODULE = 13;
export const TAINT_SOFTLOCKUP = 14;

/** kernel/panic.c taint_flags[] of Linux 5.4: [c_true, c_false]. */
const TAINT_FLAGS: [string, string][] = [
  ["P", "G"],
  ["F", " "],
  ["S", " "],
  ["R", " "],
  ["M", " "],
  ["B", " "],
  ["U", " "],
  ["D", " "],
  ["A", " "],
  ["W", " "],
  ["C", " "],
  ["I", " "],
  ["O", " "],
  ["E", " "],
  ["L", " "],
  ["K", " "],
  ["X", " "],
  ["T", " "],
];

export class Taint {
  mask = 0;
  add(flag: number): void {
    this.mask |= 1 << flag;
  }
  test(flag: number): boolean {
    return (this.mask & (1 << flag)) !== 0;
  }
  /** Mirrors print_tainted(). */
  toString(): string {
    if (!this.mask) return "Not tainted";
    let s = "Tainted: ";
    TAINT_FLAGS.forEach(([t, f], i) => {
      s += this.test(i) ? t : f;
    });
    return s;
  }
}

function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function hex(n: bigint | number, width = 16): string {
  return BigInt.asUintN(64, BigInt(n)).toString(16).padStart(width, "0");
}

/** A function name with a stable, plausible "+off/size", as %pS prints. */
export function symbolize(fn: string): string {
  const h = hash32(fn);
  const size = 0x20 + (h % 0x1e) * 0x10;
  const off = 1 + ((h >>> 8) % (size - 1));
  return `${fn}+0x${off.toString(16)}/0x${size.toString(16)}`;
}

/** Names that look like Linux functions: snake_case with an underscore. */
const LINUX_NAME = /^_*[a-z][a-z0-9]*(_[a-z0-9]+)+$/;

/** Frames of a JavaScript stack, innermost first, that carry Linux function names. */
export function kernelFrames(stack: string): string[] {
  const out: string[] = [];
  for (const line of stack.split("\n")) {
    // V8: "    at name (file:1:2)"; Firefox/Safari: "name@file:1:2"
    const m = /^\s*at (?:async )?([^\s(]+)/.exec(line) ?? /^([^@\s]+)@/.exec(line);
    if (!m) continue;
    let name = m[1];
    const dot = name.lastIndexOf(".");
    if (dot >= 0) name = name.slice(dot + 1);
    if (!LINUX_NAME.test(name)) continue;
    if (out[out.length - 1] !== name) out.push(name);
  }
  return out;
}

/** Rewrites vkern's syscall function names to x86_64's entry symbols. */
function syscallSymbol(name: string): string {
  return name.startsWith("sys_") ? `__x64_${name}` : name;
}

/**
 * Frames Linux 5.4 has between two of vkern's, which vkern folds into one function:
 * vfs_read() calls f_op->read through __vfs_read(), __x64_sys_read() goes through
 * ksys_read(), do_filp_open() reaches do_dentry_open() by path_openat() and vfs_open().
 * Each entry lists the frames, innermost first, that replace the key.
 */
const LINUX_FRAMES: Record<string, string[]> = {
  do_filp_open: ["vfs_open", "path_openat", "do_filp_open"],
  vfs_read: ["__vfs_read", "vfs_read"],
  vfs_write: ["__vfs_write", "vfs_write"],
  sys_read: ["ksys_read", "sys_read"],
  sys_write: ["ksys_write", "sys_write"],
  sys_pread64: ["ksys_pread64", "sys_pread64"],
  sys_pwrite64: ["ksys_pwrite64", "sys_pwrite64"],
  sys_lseek: ["ksys_lseek", "sys_lseek"],
  sys_ioctl: ["ksys_ioctl", "sys_ioctl"],
};

function expandFrames(chain: string[]): string[] {
  const out: string[] = [];
  for (const f of chain) {
    const exp = LINUX_FRAMES[f];
    if (!exp) {
      out.push(f);
      continue;
    }
    // Only the frames vkern does not have already (it may grow them one day).
    for (const e of exp) if (e === f || !chain.includes(e)) out.push(e);
  }
  return out;
}

/** x86_64 system call numbers (arch/x86/entry/syscalls/syscall_64.tbl), for ORIG_RAX. */
const SYSCALL_NR: Record<string, number> = {
  read: 0,
  write: 1,
  open: 2,
  close: 3,
  stat: 4,
  fstat: 5,
  lstat: 6,
  poll: 7,
  lseek: 8,
  mmap: 9,
  ioctl: 16,
  pread64: 17,
  pwrite64: 18,
  readv: 19,
  writev: 20,
  access: 21,
  sendto: 44,
  recvfrom: 45,
  sendmsg: 46,
  recvmsg: 47,
  bind: 49,
  socket: 41,
  getdents64: 217,
  exit_group: 231,
  openat: 257,
  delete_module: 176,
  init_module: 175,
  finit_module: 313,
};

/**
 * The user-mode registers Linux 5.4 prints where the call trace reaches the system-call
 * entry (show_regs_if_on_stack() -> __show_regs(SHOW_REGS_SHORT)): the glibc wrapper's
 * RIP just after its `syscall` instruction, RAX = -ENOSYS as entry sets it, ORIG_RAX the
 * system call number.
 */
function userRegs(task: Task, sysName: string): string[] {
  const seed = hash32(`${task.pid}:${sysName}`);
  const libc = 0x7f0000000000n + BigInt(seed % 0xffffff) * 0x1000n;
  const rip = libc + 0x110081n + BigInt((seed >>> 4) % 0x1000);
  const sp = 0x7ffc00000000n + BigInt(hash32(`${seed}:sp`) % 0xfffffff) * 0x10n + 0x8n;
  const nr = SYSCALL_NR[sysName] ?? 0;
  const u = (i: number) =>
    hex(libc + 0x400000n + BigInt(hash32(`${seed}:${i}`) % 0x100000) * 0x10n);
  return [
    `RIP: 0033:0x${rip.toString(16)}`,
    `Code: ${USER_CODE}`,
    `RSP: 002b:${hex(sp)} EFLAGS: 00000246 ORIG_RAX: ${hex(nr)}`,
    `RAX: ffffffffffffffda RBX: 0000000000020000 RCX: ${hex(rip)}`,
    `RDX: 0000000000020000 RSI: ${u(1)} RDI: 0000000000000003`,
    `RBP: ${u(2)} R08: 00000000ffffffff R09: 0000000000000000`,
    `R10: 0000000000000022 R11: 0000000000000246 R12: ${u(2)}`,
    `R13: 0000000000000003 R14: 0000000000020000 R15: 0000000000020000`,
  ];
}

/**
 * show_opcodes() prints 64 bytes: the 42 before the faulting instruction, then the
 * instruction's first byte in <>, then 21 more. These are a plausible accessor (ftrace
 * nop, frame setup, the load or store through %rdi, return) and a glibc syscall wrapper.
 */
const KERNEL_CODE_BEFORE =
  "cc cc cc cc cc cc cc cc cc cc cc cc cc cc cc cc cc cc cc cc cc cc cc cc cc cc cc 0f 1f 44 00 00 55 48 89 e5 41 54 53 48 89 fb";
const KERNEL_CODE_AFTER = "48 89 06 31 c0 5b 41 5c 5d c3 cc cc cc cc cc cc cc cc cc cc cc";
const USER_CODE =
  "fe ff ff 48 8d 3d 3f b5 09 00 48 83 ec 08 e8 36 4c 02 00 66 0f 1f 44 00 00 48 8d 05 41 43 2d 00 8b 00 85 c0 75 13 31 c0 0f 05 <48> 3d 00 f0 ff ff 77 57 f3 c3 0f 1f 44 00 00 41 54 55 49 89 d4 53";

function kernelCode(kind: "read" | "write" | "bug"): string {
  // The instruction is two bytes: 20 of the 21 bytes after the marked one follow it.
  const after = KERNEL_CODE_AFTER.slice(0, -3);
  if (kind === "bug") return `${KERNEL_CODE_BEFORE} <0f> 0b ${after}`;
  return `${KERNEL_CODE_BEFORE} <${kind === "write" ? "89" : "8b"}> 07 ${after}`;
}

interface OopsInfo {
  lines: string[];
  rip: string;
}

/** Builds the report for a fault (show_fault_oops() + __die() + show_regs()). */
export function buildOops(k: Kernel, task: Task, err: unknown, stack: string): OopsInfo {
  const fault = err instanceof KernelFault ? err : null;
  const frames = kernelFrames(stack);
  const sysIdx = frames.findIndex((f) => f.startsWith("sys_"));
  const chain = expandFrames(sysIdx >= 0 ? frames.slice(0, sysIdx + 1) : frames);
  const sysName = sysIdx >= 0 ? frames[sysIdx].slice(4) : null;
  const ripName = fault?.rip ?? (chain.length ? symbolize(syscallSymbol(chain[0])) : "0x0");
  const trace = (fault?.rip ? chain : chain.slice(1)).map((f) => ` ${symbolize(syscallSymbol(f))}`);
  trace.push(` ${symbolize("do_syscall_64")}`, " entry_SYSCALL_64_after_hwframe+0x44/0xa9");
  if (sysName) trace.push(...userRegs(task, sysName));
  const lines: string[] = [];
  let addr: bigint;
  let codeKind: "read" | "write" | "bug" = "bug";
  const jsMessage = err instanceof Error ? err.message : String(err);
  if (fault?.kind === "softlockup") return softLockupReport(k, task, fault, ripName, trace);
  if (fault?.kind === "bug") {
    addr = 0n;
    lines.push("------------[ cut here ]------------", `kernel BUG at ${chain[0] ?? "unknown"}!`);
    lines.push(`invalid opcode: 0000 [#${k.oopsCount}] SMP PTI`);
  } else {
    const isNull = fault
      ? fault.kind === "null" || fault.address < 0x1000n
      : /null|undefined/.test(jsMessage);
    addr = fault ? fault.address : BigInt((hash32(jsMessage) % 0x40) & ~7);
    const write = fault?.write ?? /set propert/.test(jsMessage);
    codeKind = write ? "write" : "read";
    if (isNull) lines.push(`BUG: kernel NULL pointer dereference, address: ${hex(addr)}`);
    else lines.push(`BUG: unable to handle page fault for address: ${hex(addr)}`);
    lines.push(`#PF: supervisor ${write ? "write" : "read"} access in kernel mode`);
    lines.push(`#PF: error_code(0x000${write ? 2 : 0}) - not-present page`);
    if (isNull) lines.push("PGD 0 P4D 0 ");
    else lines.push("PGD 2a0e067 P4D 2a0e067 PUD 2a10067 PMD 7b2b9067 PTE 0");
    lines.push(`Oops: 000${write ? 2 : 0} [#${k.oopsCount}] SMP PTI`);
  }
  const ver = `${k.options.release} #1`;
  lines.push(`CPU: 0 PID: ${task.pid} Comm: ${task.comm} ${k.taint} ${ver}`);
  lines.push("Hardware name: innotek GmbH VirtualBox/VirtualBox, BIOS VirtualBox 12/01/2006");
  const regs = registers(task, addr, ripName, codeKind);
  lines.push(...regs);
  lines.push("Call Trace:", ...trace);
  lines.push(modules_linked_in(k.modules));
  if (fault?.kind !== "bug") lines.push(`CR2: ${hex(addr)}`);
  lines.push(`---[ end trace ${hex(BigInt(hash32(`${task.pid}:${ripName}`)) * 0x9e3779b1n)} ]---`);
  lines.push(...regs);
  return { lines, rip: ripName };
}

/**
 * kernel/watchdog.c:watchdog_timer_fn() of 5.4: the BUG line (pr_fmt "watchdog: "),
 * print_modules(), then show_regs() of the interrupted context: the timer interrupt's
 * vector in ORIG_RAX, interrupts on in EFLAGS, RIP inside the looping function.
 */
function softLockupReport(
  k: Kernel,
  task: Task,
  fault: KernelFault,
  rip: string,
  trace: string[],
): OopsInfo {
  const secs = (fault as KernelFault & { seconds?: number }).seconds ?? 22;
  const regs = registers(task, 0n, rip, "read").map((l) =>
    l.startsWith("RSP:")
      ? l.replace(/EFLAGS: \w+$/, "EFLAGS: 00000246 ORIG_RAX: ffffffffffffff13")
      : l,
  );
  const lines = [
    `watchdog: BUG: soft lockup - CPU#0 stuck for ${secs}s! [${task.comm}:${task.pid}]`,
    modules_linked_in(k.modules),
    `CPU: 0 PID: ${task.pid} Comm: ${task.comm} ${k.taint} ${k.options.release} #1`,
    "Hardware name: innotek GmbH VirtualBox/VirtualBox, BIOS VirtualBox 12/01/2006",
    ...regs,
    "Call Trace:",
    ...trace,
  ];
  return { lines, rip };
}

/** A register dump with stable values derived from the task and fault (show_regs()). */
function registers(
  task: Task,
  addr: bigint,
  rip: string,
  codeKind: "read" | "write" | "bug",
): string[] {
  const seed = hash32(`${task.pid}/${rip}`);
  const r = (i: number) => hex(BigInt(hash32(`${seed}:${i}`)) * 0x1000n + 0xffff888000000000n);
  const stack = 0xffffb5cd40000000n + BigInt(task.pid) * 0x4000n + 0x3d70n;
  return [
    `RIP: 0010:${rip}`,
    `Code: ${kernelCode(codeKind)}`,
    `RSP: 0018:${hex(stack)} EFLAGS: 00010246`,
    `RAX: ${r(1)} RBX: ${hex(addr)} RCX: 0000000000000000`,
    `RDX: 0000000000000000 RSI: ${hex(stack + 0x30n)} RDI: ${hex(addr)}`,
    `RBP: ${hex(stack + 0x10n)} R08: 0000000000000001 R09: 0000000000000000`,
    `R10: ${r(2)} R11: 0000000000000000 R12: ${r(3)}`,
    `R13: 0000000000020000 R14: 0000000000000001 R15: ${r(4)}`,
    `FS:  00007f${hex(seed % 0xfffffff, 7)}740(0000) GS:ffff88807d800000(0000) knlGS:0000000000000000`,
    "CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033",
    `CR2: ${hex(addr)} CR3: 000000007a8e2004 CR4: 00000000000606f0`,
  ];
}
