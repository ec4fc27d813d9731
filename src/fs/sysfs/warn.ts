/**
 * WARN() and dump_stack() (kernel/panic.c:__warn(), lib/dump_stack.c) for the driver
 * core and sysfs, and %pS text for function pointers. The report keeps Linux's lines
 * (cut here, the message, WARNING: ... at file:line, modules, CPU/Comm/Tainted,
 * Hardware name, RIP, Call Trace, end trace) without the register dump, and taints W.
 */

import { cpu, this_kernel } from "../../kernel/context.ts";
import type { Kernel } from "../../kernel/kernel.ts";
import { type Module, modules_linked_in } from "../../kernel/module.ts";
import { kernelFrames, symbolize, TAINT_WARN } from "../../kernel/panic.ts";
import { format, type PrintfArg } from "../../lib/vsprintf.ts";

/** Where a WARN sits in the kernel source (the "at file:line func" of the report). */
export interface WarnSite {
  file: string;
  line: number;
  func: string;
}

/** A function's %pS text: "name+0x0/0xsize", and " [module]" for module code. */
export function symbolName(fn: unknown, owner?: Module | null): string {
  const name = (typeof fn === "function" && fn.name) || "0x0";
  const size = symbolize(name).split("/")[1];
  return `${name}+0x0/${size}${owner ? ` [${owner.name}]` : ""}`;
}

/** A %pS text of a call site inside a function (caller addresses in a report). */
function siteName(func: string): string {
  return symbolize(func);
}

function cpuLine(k: Kernel): string {
  const t = cpu.task ?? k.tasks.init;
  return `CPU: 0 PID: ${t.pid} Comm: ${t.comm} ${k.taint} ${k.options.release} #1`;
}

const HARDWARE = "Hardware name: innotek GmbH VirtualBox/VirtualBox, BIOS VirtualBox 12/01/2006";

function traceLines(skip: string): string[] {
  const frames = kernelFrames(new Error().stack ?? "");
  const i = frames.indexOf(skip);
  const chain = i >= 0 ? frames.slice(i + 1) : frames;
  const end = chain.findIndex((f) => f.startsWith("sys_"));
  const used = end >= 0 ? chain.slice(0, end + 1) : chain;
  const out = used.map((f) => ` ${symbolize(f.startsWith("sys_") ? `__x64_${f}` : f)}`);
  if (end >= 0)
    out.push(` ${symbolize("do_syscall_64")}`, " entry_SYSCALL_64_after_hwframe+0x44/0xa9");
  return out;
}

function log(k: Kernel, level: number, lines: string[]): void {
  for (const l of lines) k.printk(l, level);
}

/** Mirrors dump_stack(): the CPU line, the hardware name and the call trace. */
export function dump_stack(): void {
  const k = this_kernel();
  log(k, 4, [
    cpuLine(k),
    HARDWARE,
    "Call Trace:",
    ` ${siteName("dump_stack")}`,
    ...traceLines("dump_stack"),
  ]);
}

function hashHex(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return (BigInt(h) * 0x9e3779b97f4a7c15n).toString(16).slice(-16).padStart(16, "0");
}

/**
 * Mirrors WARN(condition, fmt, ...): when the condition holds, prints the warning report
 * and taints the kernel W. Returns the condition, as the macro does.
 */
export function WARN(cond: unknown, site: WarnSite, fmt: string, ...args: PrintfArg[]): boolean {
  if (!cond) return false;
  const k = this_kernel();
  const msg = format(fmt, args, { kernel: true }).replace(/\n$/, "");
  const t = cpu.task ?? k.tasks.init;
  const rip = siteName(site.func);
  log(k, 4, [
    "------------[ cut here ]------------",
    msg,
    `WARNING: CPU: 0 PID: ${t.pid} at ${site.file}:${site.line} ${rip}`,
    modules_linked_in(k.modules),
    cpuLine(k),
    HARDWARE,
    `RIP: 0010:${rip}`,
    "Call Trace:",
    ...traceLines(site.func),
    `---[ end trace ${hashHex(`${t.pid}:${site.func}:${k.log.all().length}`)} ]---`,
  ]);
  k.taint.add(TAINT_WARN);
  return true;
}

/** Mirrors WARN_ON(condition): the report without a message. */
export function WARN_ON(cond: unknown, site: WarnSite): boolean {
  if (!cond) return false;
  const k = this_kernel();
  const t = cpu.task ?? k.tasks.init;
  const rip = siteName(site.func);
  log(k, 4, [
    "------------[ cut here ]------------",
    `WARNING: CPU: 0 PID: ${t.pid} at ${site.file}:${site.line} ${rip}`,
    cpuLine(k),
    HARDWARE,
    `RIP: 0010:${rip}`,
    "Call Trace:",
    ...traceLines(site.func),
    `---[ end trace ${hashHex(`${t.pid}:${site.func}`)} ]---`,
  ]);
  k.taint.add(TAINT_WARN);
  return true;
}
