/**
 * strace's line assembly (syscall.c syscall_entering_decode/trace_syscall_exiting,
 * strace.c printleader/tabto, the +++ lines): turns the kernel's (name, raw args,
 * result, tracee memory) into strace 4.21's lines, filtered by -e trace=.
 */
import { strerror } from "../../../include/uapi/errno.ts";
import type { TraceContext, TraceeMemory, TraceFormatter } from "../../../kernel/ptrace.ts";
import { type ArgContext, argTypes, type FormatOptions, formatReturn, sigName } from "./args.ts";
import { SOCKET_TRACKED, type SockTable, trackSockets } from "./net.ts";
import { syscallSpecs, type TraceClass } from "./table.ts";
import { hex } from "./xlat.ts";

export interface DecoderOptions extends FormatOptions {
  /** Calls to show (null: all). */
  trace: Set<string> | null;
  /** -o FILE with -f: every line starts with the pid (print_pid_pfx). */
  pidPrefix: boolean;
  /** -qq: no "+++ exited with" lines. */
  quietExit: boolean;
}

interface Pending {
  name: string;
  text: string[];
  /** Printers that run at exit, by position. */
  late: { i: number; type: string; param?: string }[];
  args: readonly (number | bigint)[];
  ret: "int" | "hex" | "octal" | "none";
  /** Shared by this call's printers from entry to exit. */
  scratch: Record<string, unknown>;
  pid: number;
  /** Filtered out by -e, seen only to keep the socket table (net.ts). */
  silent?: boolean;
}

/** Classes of "-e trace=" (strace's lookup_class()): with and without the % sign. */
const CLASS_NAMES: Record<string, TraceClass> = {
  file: "file",
  "%file": "file",
  desc: "desc",
  "%desc": "desc",
  process: "process",
  "%process": "process",
  memory: "memory",
  "%memory": "memory",
  signal: "signal",
  "%signal": "signal",
  network: "network",
  "%network": "network",
  "%net": "network",
  ipc: "ipc",
  "%ipc": "ipc",
};

/**
 * Mirrors qualify_syscall_tokens() for "-e trace=SET" (also "-e SET"): names and classes,
 * "all", "none", a leading "!" to negate. Returns the set, or the first bad token.
 */
export function parseTraceSet(spec: string): Set<string> | null | { bad: string } {
  let s = spec.startsWith("trace=") ? spec.slice(6) : spec;
  const negate = s.startsWith("!");
  if (negate) s = s.slice(1);
  const chosen = new Set<string>();
  let all = false;
  for (const tok of s.split(",")) {
    if (tok === "all") all = true;
    else if (tok === "none") continue;
    else if (CLASS_NAMES[tok]) {
      const cls = CLASS_NAMES[tok];
      for (const [n, spec] of Object.entries(syscallSpecs))
        if (spec.classes.includes(cls)) chosen.add(n);
    } else if (syscallSpecs[tok] || /^[a-z_0-9]+$/.test(tok)) {
      if (!syscallSpecs[tok]) return { bad: tok };
      chosen.add(tok);
    } else return { bad: tok };
  }
  if (all) return negate ? new Set() : null;
  if (!negate) return chosen;
  return new Set(Object.keys(syscallSpecs).filter((n) => !chosen.has(n)));
}

/** O_CREAT or O_TMPFILE: only then does open(2) print its mode (tprint_open_modes's caller). */
function argCount(name: string, args: readonly (number | bigint)[], declared: number): number {
  const flags = (i: number) => Number(args[i] ?? 0);
  if (name === "open") return flags(1) & 0o20000100 ? 3 : 2;
  if (name === "openat") return flags(2) & 0o20000100 ? 4 : 3;
  if (name === "fcntl") return [1, 3, 9, 11, 1025, 1032].includes(flags(1)) ? 2 : 3;
  return declared;
}

export class StraceDecoder implements TraceFormatter {
  /** The tracees' sockets, as strace would find them in /proc (net.ts). */
  private readonly socks: SockTable = new Map();

  constructor(readonly opts: DecoderOptions) {}

  private ctxFor(
    value: number | bigint,
    args: readonly (number | bigint)[],
    mem: TraceeMemory,
    param?: string,
    ret?: number,
    p?: Pending,
  ): ArgContext {
    const pid = p?.pid ?? 0;
    const sock = (fd: number) => this.socks.get(`${pid}:${fd}`);
    return { value, args, mem, opts: this.opts, param, ret, scratch: p?.scratch, sock };
  }

  /** Mirrors printleader(): "[pid  N] " once several processes are traced, or "N " with -o -f. */
  private leader(ctx: TraceContext): string {
    if (this.opts.pidPrefix) return `${String(ctx.pid).padEnd(5)} `;
    if (ctx.nprocs > 1) return `[pid ${String(ctx.pid).padStart(5)}] `;
    return "";
  }

  enter(
    ctx: TraceContext,
    name: string,
    args: readonly (number | bigint)[],
    mem: TraceeMemory,
  ): unknown {
    const spec = syscallSpecs[name];
    const p: Pending = {
      name,
      text: [],
      late: [],
      args: [...args],
      ret: spec?.ret ?? "int",
      scratch: {},
      pid: ctx.pid,
    };
    if (this.opts.trace && !this.opts.trace.has(name)) {
      if (!SOCKET_TRACKED.has(name)) return null;
      p.silent = true;
      return p;
    }
    if (!spec) {
      // An unknown call: its raw registers, trailing zeros dropped.
      let n = args.length;
      while (n > 0 && !Number(args[n - 1])) n--;
      p.text = args.slice(0, n).map((a) => hex(a));
      return p;
    }
    const n = argCount(name, args, spec.args.length);
    for (let i = 0; i < n; i++) {
      const [type, param] = spec.args[i].split(":");
      const t = argTypes.get(type) ?? argTypes.get("hex")!;
      if (t.atExit) {
        t.atEntry?.(this.ctxFor(args[i] ?? 0, args, mem, param, undefined, p));
        p.late.push({ i, type, param });
        p.text.push("");
      } else p.text.push(t.format(this.ctxFor(args[i] ?? 0, args, mem, param, undefined, p)));
    }
    return p;
  }

  exit(ctx: TraceContext, state: unknown, ret: number | bigint, mem: TraceeMemory): string {
    const p = state as Pending;
    const leader = this.leader(ctx);
    const r = typeof ret === "bigint" ? Number(BigInt.asIntN(64, ret)) : ret;
    trackSockets(this.socks, p.pid, p.name, p.args, r);
    if (p.silent) return "";
    for (const l of p.late) {
      const t = argTypes.get(l.type)!;
      p.text[l.i] = t.format(this.ctxFor(p.args[l.i] ?? 0, p.args, mem, l.param, r, p));
    }
    return `${pad(`${leader}${p.name}(${p.text.join(", ")}) `)}= ${formatReturn(r, p.ret, strerror)}\n`;
  }

  unfinished(ctx: TraceContext, state: unknown): string {
    const p = state as Pending;
    if (p.silent) return "";
    const leader = this.leader(ctx);
    // The call never returned: what it would have written prints as the address.
    for (const l of p.late) p.text[l.i] = hex(p.args[l.i] ?? 0);
    return `${pad(`${leader}${p.name}(${p.text.join(", ")}) `)}= ?\n`;
  }

  ended(ctx: TraceContext, wstatus: number): string {
    if (this.opts.quietExit) return "";
    const sig = wstatus & 0x7f;
    const lead = this.leader(ctx);
    if (sig)
      return `${lead}+++ killed by ${sigName(sig)}${wstatus & 0x80 ? " (core dumped)" : ""} +++\n`;
    return `${lead}+++ exited with ${(wstatus >> 8) & 0xff} +++\n`;
  }
}

/** Mirrors tabto() after ") ": the "= result" starts at column 40 (acolumn) or later. */
function pad(s: string): string {
  return s.length < 40 ? s.padEnd(40) : s;
}
