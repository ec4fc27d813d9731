/*
 * PRINT_CTX() of the book's convenient.h (Linux Kernel Programming Part 2): the
 * context a piece of kernel code runs in, in the style of Ftrace's latency format:
 *   CPU)  task_name:PID  | irqs,need-resched,hard/softirq,preempt-depth  / * func_name() * /
 * printed with pr_debug(), so only by modules built with DEBUG (the book's Makefile
 * sets it).
 */
import { current, in_task, pr_debug } from "../../linux.ts";

/**
 * Mirrors PRINT_CTX(). C passes __func__ implicitly; here the caller names itself.
 * vkern runs everything on CPU 0, with interrupts on and no preemption count, and
 * (having no interrupt context) always in task context.
 */
export function PRINT_CTX(func: string): void {
  const intr = in_task() ? "." : "s";
  const cur = current();
  const kthread = cur.kthread || !cur.mm;
  pr_debug(
    "%03d) %c%s%c:%d   |  %c%c%c%u   /* %s() */\n",
    0 /* raw_smp_processor_id() */,
    kthread ? "[" : " ",
    cur.comm,
    kthread ? "]" : " ",
    cur.pid,
    "." /* irqs_disabled() */,
    "." /* need_resched() */,
    intr,
    0 /* preempt_count() && 0xff */,
    func,
  );
}
