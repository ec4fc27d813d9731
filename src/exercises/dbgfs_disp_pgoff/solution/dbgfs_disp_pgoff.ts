/*
 * dbgfs_disp_pgoff: reference solution of the chapter's debugfs assignment #1.
 *
 * Sets up the debugfs file <debugfs_mount_point>/dbgfs_disp_pgoff; reading it shows the
 * value of the kernel's PAGE_OFFSET (the start of the direct map of RAM).
 */
import {
  type DebugfsDentry,
  debugfs_create_file,
  debugfs_remove,
  ENODEV,
  type File,
  type FileOperations,
  IS_ERR,
  type Loff,
  type ModuleDefinition,
  PAGE_OFFSET,
  PTR_ERR,
  pr_info,
  simple_read_from_buffer,
  snprintf,
  type UserPtr,
} from "../../../linux.ts";

const OURMODNAME = "dbgfs_disp_pgoff";

const dbgfs_disp_pgoff: ModuleDefinition = {
  name: OURMODNAME,
  description: "LKP-2 ch2 assignment: debugfs file showing PAGE_OFFSET",
  author: "vkern",
  license: "Dual MIT/GPL",
  version: "0.1",

  load(THIS_MODULE) {
    const g = THIS_MODULE.static({ dentry: null as DebugfsDentry | null });

    function disp_pgoff_read(_filp: File, ubuf: UserPtr, count: number, fpos: Loff): number {
      const buf = new Uint8Array(32);
      const n = snprintf(buf, buf.length, "0x%px\n", PAGE_OFFSET());
      return simple_read_from_buffer(ubuf, count, fpos, buf, n);
    }

    const fops: FileOperations = {
      owner: THIS_MODULE,
      read: disp_pgoff_read,
    };

    function dbgfs_disp_pgoff_init(): number {
      const d = debugfs_create_file(OURMODNAME, 0o444, null, null, fops);
      if (IS_ERR(d)) {
        pr_info("debugfs_create_file failed (%d)\n", PTR_ERR(d));
        return PTR_ERR(d) || -ENODEV;
      }
      g.dentry = d;
      pr_info("debugfs file <debugfs>/%s created\n", OURMODNAME);
      return 0;
    }

    function dbgfs_disp_pgoff_exit(): void {
      debugfs_remove(g.dentry);
      pr_info("removed\n");
    }

    return { init: dbgfs_disp_pgoff_init, exit: dbgfs_disp_pgoff_exit };
  },
};

export default dbgfs_disp_pgoff;
