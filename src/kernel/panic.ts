/**
 * Taint flags, Oops reports and panic (kernel/panic.c, arch/x86/kernel/dumpstack.c,
 * arch/x86/mm/fault.c). Faults thrown by kernel or module code during a system
 * call end here: a report in Linux's layout, SIGKILL for the task, taint D, and a
 * panic when panic_on_oops is set.
 */

import { KernelFault } from "./fault.ts";
import type { Kernel } from "./kernel.ts";
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

interface OopsInfo {
  lines: string[];
  rip: string;
}

/** Builds the report for a fault (show_fault_oops() + __die() + show_regs()). */
export function buildOops(k: Kernel, task: Task, err: unknown, stack: string): OopsInfo {
  const fault = err instanceof KernelFault ? err : null;
  const frames = kernelFrames(stack);
  const sysIdx = frames.findIndex((f) => f.startsWith("sys_"));
  const chain = sysIdx >= 0 ? frames.slice(0, sysIdx + 1) : frames;
  const ripName = fault?.rip ?? (chain.length ? symbolize(chain[0]) : "0x0");
  const trace = (fault?.rip ? chain : chain.slice(1)).map((f) => ` ${symbolize(syscallSymbol(f))}`);
  trace.push(` ${symbolize("do_syscall_64")}`, " entry_SYSCALL_64_after_hwframe+0x44/0xa9");
  const lines: string[] = [];
  let addr: bigint;
  const jsMessage = err instanceof Error ? err.message : String(err);
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
  const regs = registers(task, addr, ripName);
  lines.push(...regs);
  lines.push("Call Trace:", ...trace);
  const mods = k.modules.list.map((m) => (m.taints ? `${m.name}(${m.taints})` : m.name)).join(" ");
  const last = k.modules.lastUnloaded ? ` [last unloaded: ${k.modules.lastUnloaded}]` : "";
  lines.push(`Modules linked in:${mods ? ` ${mods}` : ""}${last}`);
  if (fault?.kind !== "bug") lines.push(`CR2: ${hex(addr)}`);
  lines.push(`---[ end trace ${hex(BigInt(hash32(`${task.pid}:${ripName}`)) * 0x9e3779b1n)} ]---`);
  lines.push(...regs);
  return { lines, rip: ripName };
}

/** A register dump with stable values derived from the task and fault (show_regs()). */
function registers(task: Task, addr: bigint, rip: string): string[] {
  const seed = hash32(`${task.pid}/${rip}`);
  const r = (i: number) => hex(BigInt(hash32(`${seed}:${i}`)) * 0x1000n + 0xffff888000000000n);
  const stack = 0xffffb5cd40000000n + BigInt(task.pid) * 0x4000n + 0x3d70n;
  return [
    `RIP: 0010:${rip}`,
    "Code: 0f 1f 44 00 00 55 48 89 e5 41 54 53 48 89 fb <8b> 07 48 89 06 31 c0 5b 41 5c 5d c3 0f 1f 44 00 00 55 48 89 e5",
    `RSP: 0018:${hex(stack)} EFLAGS: 00010246`,
    `RAX: ${r(1)} RBX: ${hex(addr)} RCX: 0000000000000000`,
    `RDX: 0000000000000000 RSI: ${hex(stack + 0x30n)} RDI: ${hex(addr)}`,
    `RBP: ${hex(stack + 0x10n)} R08: 0000000000000001 R09: 0000000000000000`,
    `R10: ${r(2)} R11: 0000000000000000 R12: ${r(3)}`,
    `R13: 0000000000020000 R14: 0000000000000001 R15: ${r(4)}`,
    `FS:  00007f${hex(seed % 0xffffff, 6)}740(0000) GS:ffff88807d800000(0000) knlGS:0000000000000000`,
    "CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033",
    `CR2: ${hex(addr)} CR3: 000000007a8e2004 CR4: 00000000000606f0`,
  ];
}
