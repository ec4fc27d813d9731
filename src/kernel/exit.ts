/** Process exit and wait (kernel/exit.c). */
import { fput } from "../fs/file_table.ts";
import { ECHILD, EFAULT, EINVAL } from "../include/uapi/errno.ts";
import { SIGCHLD } from "../include/uapi/signal.ts";
import { put_user } from "../mm/uaccess.ts";
import type { Task } from "./task.ts";
import { kthen, wait_event_interruptible, wake_up } from "./wait.ts";

export const WNOHANG = 1;
export const WUNTRACED = 2;

/** Status word for a normal exit. */
export function exitStatus(code: number): number {
  return (code & 0xff) << 8;
}

/**
 * Mirrors do_exit(): drop files and memory, become a zombie, hand children to
 * init, wake the parent. `status` is the wait(2) status word or a signal number.
 */
export function do_exit(t: Task, status: number): void {
  if (!t.alive) return;
  const k = t.kernel;
  t.state = "zombie";
  t.exitStatus = status;
  t.sleeping?.();
  t.sleeping = null;
  const fds = t.files;
  if (--fds.refs === 0) {
    for (const fd of fds.openFds()) {
      const e = fds.remove(fd);
      if (!e) continue;
      // do_exit() runs outside the system call's fault handler (a fatal signal is
      // delivered on the way out): a driver's release that faults here is an Oops too.
      try {
        fput(k, e.file);
      } catch (err) {
        k.oops(t, err);
      }
    }
  }
  t.pending.clear();
  const init = k.tasks.init;
  for (const c of t.children) {
    c.parent = init;
    init.children.add(c);
    if (c.state === "zombie") reap(c);
  }
  t.children.clear();
  t.tracer?.ended(t, status);
  const parent = t.parent;
  // init reaps its children at once; so does a parent that ignores SIGCHLD.
  if (!parent || parent === init || parent.sighand.get(SIGCHLD) === "ignore") {
    reap(t);
  } else {
    k.signals.send(parent, SIGCHLD);
    wake_up(parent.childWait);
  }
  for (const l of k.tasks.exitListeners) l(t);
}

/** Releases a zombie (release_task()). */
function reap(t: Task): void {
  t.state = "dead";
  t.parent?.children.delete(t);
  t.kernel.tasks.remove(t);
}

export function sys_exit_group(t: Task, code: number): number {
  do_exit(t, exitStatus(code));
  return 0;
}

/** Mirrors do_wait(): reap a zombie child, 0 with WNOHANG, ECHILD with no children. */
export function sys_wait4(
  t: Task,
  pid: number,
  statusPtr: number,
  options: number,
): number | Promise<number> {
  if (options & ~(WNOHANG | WUNTRACED | 0x40000000 | 0x80000000 | 8 | 4)) return -EINVAL;
  const matches = (c: Task) =>
    pid > 0 ? c.pid === pid : pid === 0 ? c.pgid === t.pgid : pid < -1 ? c.pgid === -pid : true;
  const attempt = (): number | null => {
    const kids = [...t.children].filter(matches);
    if (!kids.length) return -ECHILD;
    const z = kids.find((c) => c.state === "zombie");
    if (!z) return null;
    if (statusPtr && put_user(z.exitStatus, statusPtr, "int")) return -EFAULT;
    reap(z);
    return z.pid;
  };
  const first = attempt();
  if (first !== null) return first;
  if (options & WNOHANG) return 0;
  // The condition runs in the waker's context: it only looks; the reaping (which
  // writes to this task's memory) happens back in this task's context.
  const ready = () => {
    const kids = [...t.children].filter(matches);
    return kids.length === 0 || kids.some((c) => c.state === "zombie");
  };
  const r = wait_event_interruptible(t.childWait, ready);
  const after = (v: number): number => (v ? v : (attempt() ?? -ECHILD));
  return typeof r === "number" ? after(r) : kthen(r, after);
}
