/**
 * The task list as drivers walk it (include/linux/sched/signal.h): for_each_process(),
 * for_each_thread(), do_each_thread()/while_each_thread() as for_each_process_thread(),
 * get_nr_threads(), and the addresses C code prints with %px: a task's task_struct and
 * its kernel stack (task_stack_page(), i.e. t->stack). Also the creation of the extra
 * threads of a user process (copy_process() with CLONE_THREAD).
 *
 * C's iteration macros become generators, so a loop reads as it does in C and `break`
 * works:
 *
 *   for (const p of for_each_process()) { ... }           // for_each_process(p)
 *   for (const [g, t] of for_each_process_thread()) {...}  // do_each_thread(g, t)
 */
import { this_kernel } from "./context.ts";
import { defineKernelLocal, type Kernel } from "./kernel.ts";
import { Task } from "./task.ts";

/** THREAD_SIZE on x86_64 with KASAN off: 16 KiB kernel stacks. */
export const THREAD_SIZE = 16384;

/** Mirrors init_task: the idle task, pid 0 (swapper/0), which heads the task list. */
export function init_task(): Task {
  return this_kernel().tasks.swapper;
}

/** Leaders of thread groups, alive or zombie, in the order they were created. */
function leaders(k: Kernel): Task[] {
  return k.tasks.all().filter((t) => t.tgid === t.pid && t.state !== "dead");
}

/**
 * Mirrors for_each_process(p): every thread-group leader, kernel threads included, from
 * init_task's successor (pid 1) on; init_task itself is not visited, as in C.
 */
export function* for_each_process(): Generator<Task> {
  for (const t of leaders(this_kernel())) yield t;
}

/** Mirrors for_each_thread(p, t): the threads of p's thread group, the leader first. */
export function* for_each_thread(p: Task): Generator<Task> {
  const leader = p.tgid === p.pid ? p : (p.kernel.tasks.get(p.tgid) ?? p);
  yield leader;
  for (const t of leader.threads) if (t.state !== "dead") yield t;
}

/**
 * Mirrors do_each_thread(g, t) { ... } while_each_thread(g, t) (for_each_process_thread()):
 * every thread of every process, as [g, t] with g the process.
 */
export function* for_each_process_thread(): Generator<[Task, Task]> {
  for (const g of leaders(this_kernel())) for (const t of for_each_thread(g)) yield [g, t];
}

/** Mirrors get_nr_threads(): the number of threads in t's thread group. */
export function get_nr_threads(t: Task): number {
  let n = 0;
  for (const _ of for_each_thread(t)) n++;
  return n;
}

/** Mirrors thread_group_leader(). */
export function thread_group_leader(t: Task): boolean {
  return t.tgid === t.pid;
}

/**
 * Mirrors get_task_mm(): a user task's address space, or null for a kernel thread (which
 * has none; `!p->mm` is how C code tells kernel threads apart).
 */
export function get_task_mm(t: Task) {
  return t.kthread ? null : t.mm;
}

/** mmput(): drops the reference get_task_mm() took (nothing to count in vkern). */
export function mmput(_mm: unknown): void {}

/** Mirrors get_task_comm(): the task's name. */
export function get_task_comm(t: Task): string {
  return t.comm;
}

/** Mirrors task_tgid_nr(). */
export function task_tgid_nr(t: Task): number {
  return t.tgid;
}

// init_task and init_stack are static data of the kernel image (vmlinux's .data).
const INIT_TASK_ADDR = 0xffffffff82613780n;
const INIT_STACK_ADDR = 0xffffffff82600000n;
/** Where vmalloc()ed kernel stacks are (CONFIG_VMAP_STACK); the Oops's RSP agrees. */
const STACKS_BASE = 0xffffb5cd40000000n;

/**
 * The task_struct's kernel virtual address: what C prints with `%px` of `t`. Task
 * structs come from the task_struct slab cache in the direct map (three 9.5 KiB objects
 * per 32 KiB slab), so the address is a valid direct-mapped one (virt_addr_valid()).
 */
export function task_addr(t: Task): bigint {
  if (t.pid === 0) return INIT_TASK_ADDR;
  const k = t.kernel;
  const ram = BigInt(k.options.ramBytes);
  const base = ram > 0x40000000n ? 0x30000000n : ram / 2n;
  const slab = (BigInt(Math.floor(t.pid / 3)) * 0x8000n) % (ram - base - 0x8000n);
  return k.options.pageOffset + base + slab + BigInt(t.pid % 3) * 0x2600n;
}

/** Mirrors task_stack_page() (t->stack): the base of the task's 16 KiB kernel stack. */
export function task_stack_page(t: Task): bigint {
  if (t.pid === 0) return INIT_STACK_ADDR;
  return STACKS_BASE + BigInt(t.pid) * BigInt(THREAD_SIZE);
}

const threadReaper = defineKernelLocal((k) => {
  // A thread group dies with its leader (de_thread()/exit of the whole group).
  k.tasks.exitListeners.add((t) => {
    for (const th of t.threads) {
      th.state = "dead";
      k.tasks.remove(th);
    }
  });
  return true;
});

/**
 * Mirrors copy_process() with CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
 * CLONE_THREAD: a new thread in `leader`'s group sharing its memory, files and
 * credentials. vkern's threads are bookkeeping (they exist in the task list and in
 * /proc/<pid>/task/); they run no code of their own and end with their leader.
 */
export function create_user_thread(leader: Task, comm: string = leader.comm): Task {
  const k = leader.kernel;
  threadReaper.get(k);
  const pid = k.tasks.allocPid();
  if (pid < 0) throw new Error("create_user_thread: no free pid");
  const t = new Task(k, pid, leader.parent, leader.cred, leader.fs, leader.files, leader.mm, comm);
  t.tgid = leader.tgid;
  t.pgid = leader.pgid;
  t.sid = leader.sid;
  t.argv = leader.argv;
  t.envp = leader.envp;
  t.exe = leader.exe;
  leader.threads.push(t);
  k.tasks.add(t);
  return t;
}
