/*
 * dbgfs_showall_threads: reference solution of the chapter's debugfs assignment #2.
 *
 * <debugfs_mount_point>/dbgfs_showall_threads/dbgfs_showall_threads shows every thread
 * alive, one CSV line each:
 *     TGID,PID,current,stack-start,name[,#threads]
 * where current is the task_struct's address, stack-start its kernel stack's, a kernel
 * thread's name is in [brackets], and #threads appears only on the main thread of a
 * multithreaded user process, e.g.
 *     130,130,0xffff9f8b3cd38000,0xffffc13280420000,[watchdogd]
 */
import {
  type DebugfsDentry,
  debugfs_create_dir,
  debugfs_create_file,
  debugfs_remove_recursive,
  ENODEV,
  type File,
  type FileOperations,
  for_each_process_thread,
  GFP_KERNEL,
  get_nr_threads,
  get_task_mm,
  IS_ERR,
  init_task,
  kasprintf,
  type Loff,
  type ModuleDefinition,
  PTR_ERR,
  pr_debug,
  pr_info,
  simple_read_from_buffer,
  task_addr,
  task_stack_page,
  type UserPtr,
} from "../../../linux.ts";

const OURMODNAME = "dbgfs_showall_threads";

const dbgfs_showall_threads: ModuleDefinition = {
  name: OURMODNAME,
  description: "LKP-2 ch2 assignment: debugfs file showing all threads alive",
  author: "vkern",
  license: "Dual MIT/GPL",
  version: "0.1",

  load(THIS_MODULE) {
    const g = THIS_MODULE.static({ gparent: null as DebugfsDentry | null });

    function showall_threads(_filp: File, ubuf: UserPtr, count: number, fpos: Loff): number {
      /* We know that the swapper is a kernel thread */
      const sw = init_task();
      let data = kasprintf(
        GFP_KERNEL,
        "%d,%d,0x%px,0x%px,[%s]\n",
        sw.pid,
        sw.pid,
        task_addr(sw),
        task_stack_page(sw),
        sw.comm,
      );
      let total = 1;
      for (const [p, t] of for_each_process_thread()) {
        const kthread = !get_task_mm(p);
        data += kasprintf(
          GFP_KERNEL,
          "%d,%d,0x%px,0x%px",
          p.tgid,
          t.pid,
          task_addr(t),
          task_stack_page(t),
        );
        data += kasprintf(GFP_KERNEL, kthread ? ",[%s]" : ",%s", t.comm);
        /* the "main" thread of a multithreaded user process shows the thread count */
        const nr_thrds = get_nr_threads(p);
        if (!kthread && p.tgid === t.pid && nr_thrds > 1)
          data += kasprintf(GFP_KERNEL, ",%d", nr_thrds);
        data += "\n";
        total++;
      }
      pr_debug("%d threads\n", total);
      return simple_read_from_buffer(ubuf, count, fpos, data);
    }

    const dbg_fops1: FileOperations = {
      owner: THIS_MODULE,
      read: showall_threads,
    };

    function dbgfs_showall_threads_init(): number {
      const dir = debugfs_create_dir(OURMODNAME, null);
      if (IS_ERR(dir)) {
        pr_info("debugfs_create_dir failed: debugfs support not available?\n");
        return PTR_ERR(dir) || -ENODEV;
      }
      g.gparent = dir;
      const f = debugfs_create_file(OURMODNAME, 0o444, dir, null, dbg_fops1);
      if (IS_ERR(f)) {
        debugfs_remove_recursive(dir);
        return PTR_ERR(f) || -ENODEV;
      }
      pr_info(
        "Debugfs entry setup successfully (under <debugfs_mount>/%s/%s)\n",
        OURMODNAME,
        OURMODNAME,
      );
      return 0;
    }

    function dbgfs_showall_threads_cleanup(): void {
      debugfs_remove_recursive(g.gparent);
      pr_info("removed\n");
    }

    return { init: dbgfs_showall_threads_init, exit: dbgfs_showall_threads_cleanup };
  },
};

export default dbgfs_showall_threads;
