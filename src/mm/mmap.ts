/** Anonymous mmap/munmap (mm/mmap.c), what libc's malloc grows its heap with. */

import { EINVAL, ENODEV, ENOMEM } from "../include/uapi/errno.ts";
import type { Task } from "../kernel/task.ts";
import { PAGE_SIZE, PROT_READ, PROT_WRITE, TASK_SIZE } from "./mm.ts";

export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;

export function sys_mmap(
  t: Task,
  addr: number,
  len: number,
  prot: number,
  flags: number,
  fd: number,
  _off: number,
): number {
  if (len <= 0 || len > TASK_SIZE) return -EINVAL;
  if (!(flags & MAP_ANONYMOUS) || fd !== -1) return -ENODEV;
  if (!(flags & (MAP_SHARED | MAP_PRIVATE))) return -EINVAL;
  if (flags & MAP_FIXED) {
    if (addr % PAGE_SIZE) return -EINVAL;
    t.mm.unmap(addr, len);
    const v = t.mm.mapFixed(addr, len, prot & (PROT_READ | PROT_WRITE | 4), "anon");
    return v ? v.start : -ENOMEM;
  }
  return t.mm.map(len, prot & (PROT_READ | PROT_WRITE | 4), "anon").start;
}

export function sys_munmap(t: Task, addr: number, len: number): number {
  if (addr % PAGE_SIZE || len <= 0) return -EINVAL;
  t.mm.unmap(addr, len);
  return 0;
}
