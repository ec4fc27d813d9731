/**
 * Mutexes and spinlocks (kernel/locking/mutex.c). The kernel is single-threaded
 * and synchronous, so a lock is only contended across a sleep; then the waiter
 * sleeps interruptibly as Linux's would.
 */
import { EDEADLK, EINTR } from "../../include/uapi/errno.ts";
import { get_current } from "../context.ts";
import type { Task } from "../task.ts";
import {
  DECLARE_WAIT_QUEUE_HEAD,
  kthen,
  type WaitQueueHead,
  wait_event_interruptible,
  wake_up,
} from "../wait.ts";

export interface Mutex {
  owner: Task | null;
  readonly wait: WaitQueueHead;
  readonly name: string;
}

/** Mirrors DEFINE_MUTEX() / mutex_init(). */
export function DEFINE_MUTEX(name = "mutex"): Mutex {
  return { owner: null, wait: DECLARE_WAIT_QUEUE_HEAD(), name };
}
export const mutex_init = (m?: { name?: string }) => DEFINE_MUTEX(m?.name);

/**
 * Mirrors mutex_lock_interruptible(): 0, or -EINTR if a signal came while waiting.
 * Uncontended, it answers at once (0), so C-style `if (mutex_lock_interruptible(&m))`
 * works; contended, it returns a Promise that the caller must await.
 */
export function mutex_lock_interruptible(m: Mutex): number | Promise<number> {
  const me = get_current();
  if (!m.owner) {
    m.owner = me;
    return 0;
  }
  if (m.owner === me) return -EDEADLK; // a recursive lock would deadlock forever; say so instead
  const r = wait_event_interruptible(m.wait, () => m.owner === null);
  const take = (v: number): number => {
    if (v) return -EINTR;
    m.owner = me;
    return 0;
  };
  return typeof r === "number" ? take(r) : kthen(r, take);
}

/** Mirrors mutex_lock(): as above, but uninterruptible (vkern still lets SIGKILL through). */
export const mutex_lock = (m: Mutex) => mutex_lock_interruptible(m);

/** Mirrors mutex_trylock(): 1 if taken. */
export function mutex_trylock(m: Mutex): number {
  if (m.owner) return 0;
  m.owner = get_current();
  return 1;
}

export function mutex_unlock(m: Mutex): void {
  m.owner = null;
  wake_up(m.wait);
}

export function mutex_is_locked(m: Mutex): boolean {
  return m.owner !== null;
}

/** Spinlocks never contend in a single-threaded kernel; they are kept for the code's shape. */
export interface Spinlock {
  locked: boolean;
}
export const DEFINE_SPINLOCK = (): Spinlock => ({ locked: false });
export const spin_lock_init = DEFINE_SPINLOCK;
export function spin_lock(l: Spinlock): void {
  l.locked = true;
}
export function spin_unlock(l: Spinlock): void {
  l.locked = false;
}
export const spin_lock_irqsave = (l: Spinlock): number => {
  l.locked = true;
  return 0;
};
export const spin_unlock_irqrestore = (l: Spinlock, _flags: number) => spin_unlock(l);
