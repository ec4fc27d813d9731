/**
 * Tasks (include/linux/sched.h): pid, credentials, fd table, fs context, address
 * space, signals, exit and wait.
 */
import type { File, Path } from "../fs/fs.ts";
import { SIGCHLD, SIGKILL, SIGSTOP } from "../include/uapi/signal.ts";
import { MM } from "../mm/mm.ts";
import type { Cred } from "./capability.ts";
import type { Kernel } from "./kernel.ts";
import { DECLARE_WAIT_QUEUE_HEAD, type WaitQueueHead, wake_up } from "./wait.ts";

/** include/uapi/asm-generic/resource.h: RLIMIT_NOFILE soft limit. */
export const NR_OPEN_DEFAULT = 1024;
export const TASK_COMM_LEN = 16;

export interface FdEntry {
  file: File;
  cloexec: boolean;
}

/** struct files_struct: the fd table. */
export class FilesStruct {
  fds: (FdEntry | undefined)[] = [];
  refs = 1;

  get(fd: number): FdEntry | undefined {
    return Number.isInteger(fd) && fd >= 0 ? this.fds[fd] : undefined;
  }

  /** The lowest free fd at or above `from` (get_unused_fd_flags()), or -1. */
  alloc(from = 0, limit = NR_OPEN_DEFAULT): number {
    for (let fd = from; fd < limit; fd++) if (!this.fds[fd]) return fd;
    return -1;
  }

  install(fd: number, file: File, cloexec: boolean): void {
    this.fds[fd] = { file, cloexec };
  }

  remove(fd: number): FdEntry | undefined {
    const e = this.fds[fd];
    this.fds[fd] = undefined;
    while (this.fds.length && !this.fds[this.fds.length - 1]) this.fds.pop();
    return e;
  }

  openFds(): number[] {
    const out: number[] = [];
    this.fds.forEach((e, i) => {
      if (e) out.push(i);
    });
    return out;
  }
}

/** struct fs_struct */
export interface FsStruct {
  root: Path;
  pwd: Path;
  umask: number;
}

/** A signal disposition; "handled" means user space runs a handler (libc keeps it). */
export type SigHandler = "default" | "ignore" | "handled";

export type TaskState = "running" | "zombie" | "dead";

/** A user program's entry point, run in a task (see src/user/libc). */
export type TaskBody = (task: Task) => Promise<number>;

export class Task {
  pid: number;
  tgid: number;
  comm: string;
  parent: Task | null;
  children = new Set<Task>();
  cred: Cred;
  fs: FsStruct;
  files: FilesStruct;
  mm: MM;
  state: TaskState = "running";
  /** wait(2) status word: exit code << 8, or the killing signal. */
  exitStatus = 0;
  pending = new Set<number>();
  sighand = new Map<number, SigHandler>();
  /** Wakes the task from an interruptible sleep with -ERESTARTSYS. */
  sleeping: (() => void) | null = null;
  /** Wait queue for children changing state (wait4 sleeps here). */
  readonly childWait: WaitQueueHead = DECLARE_WAIT_QUEUE_HEAD();
  argv: string[] = [];
  envp: string[] = [];
  /** Executable path shown in /proc/<pid>/exe. */
  exe = "";
  startTimeNs: number;
  /** The kernel thread flag (PF_KTHREAD): kthreads have no mm or files. */
  kthread = false;
  /** System-call tracer attached (strace), if any. */
  tracer: SyscallTracer | null = null;
  /** Controlling terminal's foreground process group (the shell's job control). */
  pgid: number;
  sid: number;
  /** Inside a system call right now (signals then act on the way out). */
  inSyscall = false;
  /** The program image that a successful execve left for user space to start. */
  pendingImage: unknown = null;
  /** Number of system calls made, for /proc/<pid>/stat-ish accounting. */
  nsyscalls = 0;
  /** Threads of this thread group (other than the leader), for for_each_thread. */
  threads: Task[] = [];

  constructor(
    readonly kernel: Kernel,
    pid: number,
    parent: Task | null,
    cred: Cred,
    fs: FsStruct,
    files: FilesStruct,
    mm: MM,
    comm: string,
  ) {
    this.pid = pid;
    this.tgid = pid;
    this.parent = parent;
    this.cred = cred;
    this.fs = fs;
    this.files = files;
    this.mm = mm;
    this.comm = comm.slice(0, TASK_COMM_LEN - 1);
    this.startTimeNs = kernel.clock.ns();
    this.pgid = parent?.pgid ?? pid;
    this.sid = parent?.sid ?? pid;
  }

  get alive(): boolean {
    return this.state === "running";
  }

  /** A fatal or caught signal is waiting (signal_pending()). */
  signalPending(): boolean {
    for (const s of this.pending) {
      const h = this.sighand.get(s) ?? "default";
      if (s === SIGKILL || s === SIGSTOP) return true;
      if (h === "ignore") continue;
      if (h === "default" && s === SIGCHLD) continue;
      return true;
    }
    return false;
  }

  set_comm(name: string): void {
    this.comm = name.slice(0, TASK_COMM_LEN - 1);
  }

  /** Wakes waiters on this task's exit: its parent's wait4. */
  notifyParent(): void {
    if (this.parent) wake_up(this.parent.childWait);
  }
}

/** Hooks that strace installs on a task (ptrace's syscall-stop, simplified). */
export interface SyscallTracer {
  enter(task: Task, name: string, args: readonly (number | bigint)[]): void;
  exit(task: Task, name: string, args: readonly (number | bigint)[], ret: number | bigint): void;
  /** The task ended: exited normally (code) or by a signal. */
  ended(task: Task, status: number): void;
  /** Children created by fork inherit the tracer when -f was given. */
  followForks: boolean;
}

export function newMM(): MM {
  return new MM();
}
