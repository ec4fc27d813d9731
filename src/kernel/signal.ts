/**
 * Signals (kernel/signal.c): sending, default actions, and delivery at the
 * boundary between kernel and user code.
 */

import { EINVAL, EPERM, ESRCH } from "../include/uapi/errno.ts";
import {
  SIGCHLD,
  SIGCONT,
  SIGKILL,
  SIGSTOP,
  SIGTSTP,
  SIGTTIN,
  SIGTTOU,
  SIGURG,
  SIGWINCH,
} from "../include/uapi/signal.ts";
import { CAP_KILL, cred_has_cap } from "./capability.ts";
import { withContext } from "./context.ts";
import { do_exit } from "./exit.ts";
import type { Kernel } from "./kernel.ts";
import type { Task } from "./task.ts";

/** Signals whose default action is to do nothing. */
const IGNORED_BY_DEFAULT = new Set<number>([SIGCHLD, SIGURG, SIGWINCH, SIGCONT]);
/** Stop signals: vkern has no job-control stops; they are ignored. */
const STOP_SIGNALS = new Set<number>([SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU]);

export class SignalDelivery {
  constructor(readonly kernel: Kernel) {}

  /** Whether `sig` would terminate `t` if delivered now. */
  isFatal(t: Task, sig: number): boolean {
    if (sig === SIGKILL) return true;
    const h = t.sighand.get(sig) ?? "default";
    if (h !== "default") return false;
    return !IGNORED_BY_DEFAULT.has(sig) && !STOP_SIGNALS.has(sig);
  }

  /**
   * Queues a signal (send_signal()). A fatal one kills a task that is sleeping or
   * running user code at once; a task inside a system call dies on its way out.
   */
  send(t: Task, sig: number): void {
    if (!t.alive || sig === 0) return;
    const h = t.sighand.get(sig) ?? "default";
    if (
      sig !== SIGKILL &&
      (h === "ignore" ||
        (h === "default" && (IGNORED_BY_DEFAULT.has(sig) || STOP_SIGNALS.has(sig))))
    ) {
      return;
    }
    t.pending.add(sig);
    if (this.isFatal(t, sig) && !t.inSyscall) {
      do_exit(t, sig);
      return;
    }
    t.sleeping?.();
  }

  /** force_sig(SIGKILL): the Oops path kills the task on its way out of the kernel. */
  forceSigKill(t: Task): void {
    t.pending.add(SIGKILL);
    t.sleeping?.();
  }

  /**
   * Called when a task leaves the kernel: a pending fatal signal ends it here.
   * Returns true when the task died.
   */
  deliverOnExit(t: Task): boolean {
    if (t.pending.size === 0) return false;
    for (const s of t.pending) {
      if (this.isFatal(t, s)) {
        t.pending.delete(s);
        // The dying task's files are released by kernel code running for it (current = t).
        withContext(this.kernel, t, null, () => do_exit(t, s));
        return true;
      }
    }
    return false;
  }

  /** Takes the next pending signal that has a user handler (for libc to run). */
  takeHandled(t: Task): number | null {
    for (const s of t.pending) {
      const h = t.sighand.get(s);
      if (h === "handled") {
        t.pending.delete(s);
        return s;
      }
      if (h === "ignore" || (h ?? "default") === "default") t.pending.delete(s);
    }
    return null;
  }
}

/** Mirrors check_kill_permission(): same real or effective uid, or CAP_KILL. */
function mayKill(sender: Task, target: Task): boolean {
  const s = sender.cred;
  const t = target.cred;
  if (cred_has_cap(s, CAP_KILL)) return true;
  return s.euid === t.suid || s.euid === t.uid || s.uid === t.suid || s.uid === t.uid;
}

/** Mirrors kill_something_info(). */
export function sys_kill(t: Task, pid: number, sig: number): number {
  if (sig < 0 || sig > 64) return -EINVAL;
  const k = t.kernel;
  let targets: Task[];
  if (pid > 0) {
    const p = k.tasks.get(pid);
    targets = p?.alive ? [p] : [];
    if (!targets.length) return -ESRCH;
  } else if (pid === 0) {
    targets = k.tasks.all().filter((x) => x.alive && !x.kthread && x.pgid === t.pgid);
  } else if (pid === -1) {
    targets = k.tasks.all().filter((x) => x.alive && !x.kthread && x.pid > 1 && x !== t);
  } else {
    targets = k.tasks.all().filter((x) => x.alive && !x.kthread && x.pgid === -pid);
  }
  if (!targets.length) return -ESRCH;
  let sent = 0;
  let denied = false;
  for (const p of targets) {
    if (!mayKill(t, p)) {
      denied = true;
      continue;
    }
    if (p.pid === 1 && sig === SIGKILL) continue; // init is protected from signals it does not handle
    k.signals.send(p, sig);
    sent++;
  }
  if (!sent && denied) return -EPERM;
  return 0;
}

/** rt_sigaction, reduced: disposition 0 default, 1 ignore, 2 a user handler. Returns the old one. */
export function sys_rt_sigaction(t: Task, sig: number, disp: number): number {
  if (sig < 1 || sig > 64 || sig === SIGKILL || sig === SIGSTOP) return -EINVAL;
  const old = t.sighand.get(sig) ?? "default";
  if (disp >= 0) t.sighand.set(sig, disp === 1 ? "ignore" : disp === 2 ? "handled" : "default");
  if (disp === 0) t.sighand.delete(sig);
  return old === "ignore" ? 1 : old === "handled" ? 2 : 0;
}

export { SIGCHLD };
