/**
 * ptrace, reduced to what strace needs (kernel/ptrace.c, the syscall-stop path of
 * kernel/entry/common.c): a tracer process registers a trace session; a child
 * that calls ptrace(PTRACE_TRACEME) is then traced by its parent. On each of the
 * tracee's system calls the session's formatter (strace's decoding tables, user
 * code) is handed the call's name, raw arguments, result and a view of the
 * tracee's memory, and the line it makes is written at once, from the kernel, to
 * the tracer's chosen fd (kernel_write()), so the order with the tracee's own
 * output is exact. A real tracer would be woken at each stop and write the line
 * itself; doing it synchronously gives the same bytes without a scheduler.
 */

import type { File } from "../fs/fs.ts";
import { vfs_write } from "../fs/read_write.ts";
import { EPERM, ESRCH } from "../include/uapi/errno.ts";
import { O_NONBLOCK } from "../include/uapi/fcntl.ts";
import { SIGKILL, SIGPIPE } from "../include/uapi/signal.ts";
import { PROT_READ, PROT_WRITE } from "../mm/mm.ts";
import { withContext } from "./context.ts";
import type { SysResult } from "./entry.ts";
import { defineKernelLocal } from "./kernel.ts";
import type { SyscallArg } from "./syscalls.ts";
import type { SyscallTracer, Task } from "./task.ts";

/** include/uapi/linux/ptrace.h */
export const PTRACE_TRACEME = 0;
export const PTRACE_ATTACH = 16;
export const PTRACE_DETACH = 17;
export const PTRACE_SEIZE = 0x4206;

/** Read access to the tracee's memory (PTRACE_PEEKDATA / process_vm_readv, as strace uses). */
export interface TraceeMemory {
  /** Up to `len` bytes at `addr`, or null when nothing there is mapped. */
  read(addr: number, len: number): Uint8Array | null;
  /** A NUL-terminated string of at most `max` bytes (truncated: no NUL within max). */
  readString(addr: number, max: number): { bytes: Uint8Array; truncated: boolean } | null;
}

/** Where a traced call happens: the pid and how many processes the session traces now. */
export interface TraceContext {
  pid: number;
  nprocs: number;
}

/**
 * What a tracer's decoder provides. `enter` runs at syscall entry (decoding what the
 * call reads, before e.g. execve replaces the memory) and returns a state, or null
 * when the call is filtered out; `exit` turns it and the result into the text to
 * write; `unfinished` is for a call that never returns (exit_group, a kill);
 * `ended` gives the "+++ exited with N +++" text for a wait status.
 */
export interface TraceFormatter {
  enter(ctx: TraceContext, name: string, args: readonly SyscallArg[], mem: TraceeMemory): unknown;
  exit(ctx: TraceContext, state: unknown, ret: SysResult, mem: TraceeMemory): string;
  unfinished(ctx: TraceContext, state: unknown): string;
  ended(ctx: TraceContext, wstatus: number): string;
}

export interface TraceSessionOptions {
  /** The fd, in the tracer's table, that the trace goes to (stderr or -o FILE). */
  fd: number;
  /** strace -f: children forked by tracees are traced too. */
  followForks: boolean;
  formatter: TraceFormatter;
}

class TraceSession implements SyscallTracer {
  readonly followForks: boolean;
  /** Tracees whose output has started (at their execve, or at fork under -f). */
  private readonly started = new Set<Task>();
  private readonly pending = new Map<Task, unknown>();
  /** Bytes a full pipe did not take yet; written before anything newer. */
  private backlog: Uint8Array[] = [];
  private broken = false;

  constructor(
    readonly tracer: Task,
    readonly opts: TraceSessionOptions,
  ) {
    this.followForks = opts.followForks;
  }

  private ctx(t: Task): TraceContext {
    let n = 0;
    for (const x of this.started) if (x.alive || x === t) n++;
    return { pid: t.pid, nprocs: n };
  }

  private isStarted(t: Task): boolean {
    if (this.started.has(t)) return true;
    // A child that fork copied our tracer into (strace -f) starts at once.
    if (t.parent && this.started.has(t.parent)) {
      this.started.add(t);
      return true;
    }
    return false;
  }

  enter(t: Task, name: string, args: readonly SyscallArg[]): void {
    if (name === "execve") this.started.add(t);
    if (!this.isStarted(t)) return;
    const state = this.opts.formatter.enter(this.ctx(t), name, args, memoryOf(t));
    if (state === null || state === undefined) this.pending.delete(t);
    else this.pending.set(t, state);
  }

  exit(t: Task, _name: string, _args: readonly SyscallArg[], ret: SysResult): void {
    if (!this.pending.has(t)) return;
    const state = this.pending.get(t);
    this.pending.delete(t);
    if (!t.alive) return;
    const f = this.opts.formatter;
    // A task that dies on its way out (SIGKILL after an Oops) never sees its result.
    const text = t.pending.has(SIGKILL)
      ? f.unfinished(this.ctx(t), state)
      : f.exit(this.ctx(t), state, ret, memoryOf(t));
    this.write(text);
  }

  ended(t: Task, status: number): void {
    if (!this.isStarted(t)) return;
    let text = "";
    const ctx = this.ctx(t);
    if (this.pending.has(t)) {
      text += this.opts.formatter.unfinished(ctx, this.pending.get(t));
      this.pending.delete(t);
    }
    text += this.opts.formatter.ended(ctx, status);
    this.started.delete(t);
    this.write(text);
  }

  /** Mirrors kernel_write(): the bytes go through vfs_write() of the tracer's file. */
  private write(text: string): void {
    if (!text || this.broken || !this.tracer.alive) return;
    const e = this.tracer.files.get(this.opts.fd);
    if (!e) return;
    this.backlog.push(new TextEncoder().encode(text));
    while (this.backlog.length) {
      const b = this.backlog[0];
      const n = kernelWrite(this.tracer, e.file, b);
      if (n < 0) {
        // EAGAIN: a full pipe; keep the rest for the next line. Other errors end the trace.
        if (n !== -11) {
          this.broken = true;
          this.backlog = [];
        }
        return;
      }
      if (n < b.length) {
        this.backlog[0] = b.subarray(n);
        return;
      }
      this.backlog.shift();
    }
  }
}

/** A bounce buffer in the tracer's address space, written without blocking. */
function kernelWrite(tracer: Task, file: File, data: Uint8Array): number {
  const k = tracer.kernel;
  const vma = tracer.mm.map(data.length, PROT_READ | PROT_WRITE, "[ptrace]");
  tracer.mm.write(vma.start, data, data.length);
  const savedFlags = file.f_flags;
  const hadPipe = tracer.pending.has(SIGPIPE);
  // Never sleep inside the tracee's system call; a full pipe keeps the rest for later.
  file.f_flags |= O_NONBLOCK;
  try {
    return withContext(k, tracer, null, () => {
      const pos = { value: file.f_pos };
      const r = vfs_write(tracer, file, vma.start, data.length, pos);
      if (typeof r !== "number") return -11;
      if (r > 0) file.f_pos = pos.value;
      return r;
    });
  } finally {
    file.f_flags = savedFlags;
    // The tracer's own SIGPIPE handler ends its trace; vkern just stops writing.
    if (!hadPipe) tracer.pending.delete(SIGPIPE);
    tracer.mm.unmap(vma.start, vma.end - vma.start);
  }
}

function memoryOf(t: Task): TraceeMemory {
  const mm = t.mm;
  return {
    read(addr, len) {
      if (!Number.isSafeInteger(addr) || addr <= 0 || len < 0) return null;
      const b = new Uint8Array(len);
      const left = mm.read(addr, b, len);
      if (left === len && len > 0) return null;
      return b.subarray(0, len - left);
    },
    readString(addr, max) {
      if (!Number.isSafeInteger(addr) || addr <= 0) return null;
      const out: number[] = [];
      const one = new Uint8Array(1);
      for (let i = 0; i < max; i++) {
        if (mm.read(addr + i, one, 1))
          return out.length ? { bytes: Uint8Array.from(out), truncated: false } : null;
        if (one[0] === 0) return { bytes: Uint8Array.from(out), truncated: false };
        out.push(one[0]);
      }
      return { bytes: Uint8Array.from(out), truncated: true };
    },
  };
}

const sessions = defineKernelLocal<Map<Task, TraceSession>>(() => new Map());

/**
 * Registers `tracer` as a tracing process (what strace does before it forks the
 * command): its children that call PTRACE_TRACEME are then traced with `opts`.
 * User space reaches this through its port's task, as vkern's strace does.
 */
export function ptrace_register_tracer(tracer: Task, opts: TraceSessionOptions): void {
  sessions.get(tracer.kernel).set(tracer, new TraceSession(tracer, opts));
  // The session ends with its process.
  const k = tracer.kernel;
  const onExit = (t: Task) => {
    if (t === tracer) {
      sessions.get(k).delete(tracer);
      k.tasks.exitListeners.delete(onExit);
    }
  };
  k.tasks.exitListeners.add(onExit);
}

/**
 * Mirrors sys_ptrace(), reduced: PTRACE_TRACEME makes the caller a tracee of its
 * parent (-EPERM when already traced). Attaching to other processes is not
 * supported (-EPERM); requests on a process that is not our tracee give -ESRCH.
 */
export function sys_ptrace(
  t: Task,
  request: number,
  pid: number,
  _addr: number,
  _data: number,
): number {
  if (request === PTRACE_TRACEME) {
    if (t.tracer) return -EPERM;
    const parent = t.parent;
    const s = parent ? sessions.get(t.kernel).get(parent) : undefined;
    // Without a session the parent is a tracer that never looks: nothing is printed.
    if (s) t.tracer = s;
    return 0;
  }
  if (request === PTRACE_ATTACH || request === PTRACE_SEIZE) return -EPERM;
  const target = t.kernel.tasks.get(pid);
  if (!target || !(target.tracer instanceof TraceSession) || target.tracer.tracer !== t) {
    return -ESRCH;
  }
  if (request === PTRACE_DETACH) {
    target.tracer = null;
    return 0;
  }
  return -EPERM;
}

/** The tracer of `t`'s session, if `t` is traced (for /proc/<pid>/status TracerPid). */
export function tracerPid(t: Task): number {
  return t.tracer instanceof TraceSession ? t.tracer.tracer.pid : 0;
}
