/** The chapter's exercises, in the order the chapter lists them. */
import { exercise as dbgfs_disp_pgoff } from "./dbgfs_disp_pgoff/check.ts";
import { exercise as dbgfs_showall_threads } from "./dbgfs_showall_threads/check.ts";
import { exercise as ioctl_pgoff } from "./ioctl_pgoff/check.ts";
import { exercise as ioctl_undoc } from "./ioctl_undoc/check.ts";
import { exercise as sysfs_addrxlate } from "./sysfs_addrxlate/check.ts";
import { exercise as sysfs_on_misc } from "./sysfs_on_misc/check.ts";
import type { Exercise } from "./types.ts";

export const exercises: Exercise[] = [
  sysfs_on_misc,
  sysfs_addrxlate,
  dbgfs_disp_pgoff,
  dbgfs_showall_threads,
  ioctl_pgoff,
  ioctl_undoc,
];

export function findExercise(name: string): Exercise | undefined {
  return exercises.find((e) => e.name === name);
}
