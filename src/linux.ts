/**
 * The driver-facing kernel API, under Linux's own names: what a module imports
 * (`import { proc_create, seq_printf, pr_info } from "linux"` in a learner's module;
 * shipped modules import this file). Things C spells as macros that read a value
 * (current, jiffies, PAGE_OFFSET) are functions here.
 */

import { cred_has_cap } from "./kernel/capability.ts";
import { cpu, get_current, this_kernel } from "./kernel/context.ts";
import type { Task } from "./kernel/task.ts";

// sysfs and the device model
export * from "./drivers/base/api.ts";
// character devices
export * from "./drivers/char/api.ts";
export * from "./fs/debugfs/index.ts";
export { type File, type FileOperations, file_inode, type Inode, type Loff } from "./fs/fs.ts";
export {
  default_llseek,
  generic_file_llseek,
  no_llseek,
  noop_llseek,
  simple_open,
  simple_read_from_buffer,
  simple_write_to_buffer,
} from "./fs/libfs.ts";
export * from "./fs/proc/generic.ts";
export type { ProcOps } from "./fs/proc/internal.ts";
export * from "./fs/seq_file.ts";
export * from "./fs/simple_attr.ts";
export * from "./include/uapi/errno.ts";
export {
  _IO,
  _IOC,
  _IOC_DIR,
  _IOC_NONE,
  _IOC_NR,
  _IOC_READ,
  _IOC_SIZE,
  _IOC_TYPE,
  _IOC_WRITE,
  _IOR,
  _IOW,
  _IOWR,
} from "./include/uapi/ioctl.ts";
export {
  MAJOR,
  MINOR,
  MKDEV,
  S_IFDIR,
  S_IFREG,
  S_IRGRP,
  S_IROTH,
  S_IRUGO,
  S_IRUSR,
  S_IRWXU,
  S_IWGRP,
  S_IWUGO,
  S_IWUSR,
  S_IXUGO,
} from "./include/uapi/stat.ts";
export * from "./kernel/capability.ts";
export { BUG, BUG_ON, KernelFault } from "./kernel/fault.ts";
export * from "./kernel/kptr.ts";
export * from "./kernel/locking/mutex.ts";
export type { Module, ModuleBody, ModuleDefinition } from "./kernel/module.ts";
export type { ModuleParamSpec, ParamValue } from "./kernel/params.ts";
export * from "./kernel/printk.ts";
export * from "./kernel/printk_api.ts";
export * from "./kernel/slab.ts";
export type { Task } from "./kernel/task.ts";
// the task list: for_each_process(), for_each_thread(), task stacks
export {
  for_each_process,
  for_each_process_thread,
  for_each_thread,
  get_nr_threads,
  get_task_comm,
  get_task_mm,
  init_task,
  mmput,
  THREAD_SIZE,
  task_addr,
  task_stack_page,
  task_tgid_nr,
  thread_group_leader,
} from "./kernel/task_list.ts";
export {
  DECLARE_WAIT_QUEUE_HEAD,
  init_waitqueue_head,
  type WaitQueueHead,
  wait_event_interruptible,
  wake_up,
  wake_up_all,
  wake_up_interruptible,
} from "./kernel/wait.ts";
export { kasprintf, kvasprintf } from "./lib/kasprintf.ts";
export * from "./lib/kstrtox.ts";
export { format as vsnprintf } from "./lib/vsprintf.ts";
export { PAGE_SHIFT, PAGE_SIZE } from "./mm/mm.ts";
// physical memory and the direct map: __pa(), __va(), virt_addr_valid()
export {
  __pa,
  __START_KERNEL_map,
  __va,
  high_memory,
  max_pfn,
  pfn_valid,
  phys_to_virt,
  virt_addr_valid,
  virt_to_pfn,
  virt_to_phys,
} from "./mm/physmem.ts";
export {
  __get_user,
  __put_user,
  access_ok,
  clear_user,
  copy_from_user,
  copy_to_user,
  get_user,
  put_user,
  strncpy_from_user,
  type UserPtr,
} from "./mm/uaccess.ts";
// netlink
export * from "./net/netlink/api.ts";

/** `current`: the task on whose behalf the kernel runs. */
export function current(): Task {
  return get_current();
}
export { get_current };

/** Mirrors capable(): whether current has the capability (root has all). */
export function capable(cap: number): boolean {
  return cred_has_cap(get_current().cred, cap);
}

/** PAGE_OFFSET: the start of the kernel's direct map of physical memory. */
export function PAGE_OFFSET(): bigint {
  return this_kernel().options.pageOffset;
}

/** jiffies: ticks since boot, starting at INITIAL_JIFFIES. */
export function jiffies(): bigint {
  return this_kernel().jiffies;
}

export function HZ(): number {
  return this_kernel().options.hz;
}

/** in_task(): vkern always runs in process context (no interrupts). */
export function in_task(): boolean {
  return true;
}

/** The module whose code is running (THIS_MODULE inside a callback). */
export function this_module() {
  return cpu.module;
}

/** task_pid_nr(), task's comm etc., as C code reads them off task_struct. */
export function task_pid_nr(t: Task): number {
  return t.pid;
}
