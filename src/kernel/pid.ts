/** Process ids and the task list (kernel/pid.c, init_task, kthreadd). */
import type { Path } from "../fs/fs.ts";
import { MM } from "../mm/mm.ts";
import { makeCred } from "./capability.ts";
import { cpu } from "./context.ts";
import type { Kernel } from "./kernel.ts";
import { FilesStruct, Task } from "./task.ts";

/** kernel/pid.c RESERVED_PIDS: after wrapping, pids restart above these. */
const RESERVED_PIDS = 300;

export class TaskTable {
  readonly byPid = new Map<number, Task>();
  swapper!: Task;
  init!: Task;
  private lastPid = 0;
  /** Told about every task that exits (procfs drops its /proc/<pid>, tests count). */
  readonly exitListeners = new Set<(t: Task) => void>();

  constructor(private readonly k: Kernel) {}

  /** Mirrors alloc_pid(): the next free pid after the last one, wrapping at pid_max. */
  allocPid(): number {
    const max = this.k.sysctl.pid_max;
    let pid = this.lastPid;
    for (let i = 0; i < max; i++) {
      pid++;
      if (pid >= max) pid = RESERVED_PIDS;
      if (!this.byPid.has(pid)) {
        this.lastPid = pid;
        return pid;
      }
    }
    return -11; // -EAGAIN
  }

  /** Skips pids so user processes start where a booted desktop's would. */
  reservePidsUpTo(pid: number): void {
    if (this.lastPid < pid) this.lastPid = pid;
  }

  get(pid: number): Task | undefined {
    return this.byPid.get(pid);
  }

  /** Living and zombie tasks, by pid. */
  all(): Task[] {
    return [...this.byPid.values()].sort((a, b) => a.pid - b.pid);
  }

  add(t: Task): void {
    this.byPid.set(t.pid, t);
  }

  remove(t: Task): void {
    this.byPid.delete(t.pid);
  }

  currentOrInit(): Task {
    return cpu.task ?? this.init;
  }

  /** Creates pid 0 and pid 1 with the root filesystem as root and cwd. */
  createInitTasks(root: Path): void {
    const k = this.k;
    const mk = (pid: number, comm: string, kthread: boolean) => {
      const t = new Task(
        k,
        pid,
        null,
        makeCred(0, 0, []),
        { root, pwd: root, umask: 0o022 },
        new FilesStruct(),
        new MM(),
        comm,
      );
      t.kthread = kthread;
      return t;
    };
    this.swapper = mk(0, "swapper/0", true);
    this.init = mk(1, "systemd", false);
    this.init.argv = ["/sbin/init", "splash"];
    this.init.exe = "/lib/systemd/systemd";
    this.add(this.init);
    this.lastPid = 1;
  }

  /** A kernel thread, child of kthreadd (pid 2) as in Linux. */
  kthread(comm: string, parent: Task | null): Task {
    const k = this.k;
    const pid = this.allocPid();
    const root = this.init.fs.root;
    const t = new Task(
      k,
      pid,
      parent ?? this.swapper,
      makeCred(0, 0, []),
      { root, pwd: root, umask: 0 },
      new FilesStruct(),
      new MM(),
      comm,
    );
    t.kthread = true;
    t.pgid = 0;
    t.sid = 0;
    this.add(t);
    parent?.children.add(t);
    return t;
  }
}
