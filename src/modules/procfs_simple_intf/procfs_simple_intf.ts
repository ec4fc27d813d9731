/*
 * procfs_simple_intf: a simple procfs interface, after the book's
 * ch13/procfs_simple_intf/procfs_simple_intf.c (Linux Kernel Programming Part 2,
 * "User-Kernel Communication Pathways"), line by line where TypeScript allows.
 *
 * Creates /proc/procfs_simple_intf/ with:
 *   llkdproc_debug_level  (0644) read/write the driver's debug level (0-2)
 *   llkdproc_show_pgoff   (0444) show PAGE_OFFSET
 *   llkdproc_show_drvctx  (0440) show the driver context (root only)
 *   llkdproc_config1      (0644) read/write drvctx->config1
 */
import {
  copy_from_user,
  DEFINE_MUTEX,
  EFAULT,
  EINVAL,
  ENOMEM,
  ERESTARTSYS,
  type File,
  type Inode,
  kfree,
  kstrtoint,
  kzalloc,
  type Loff,
  type ModuleDefinition,
  mutex_lock_interruptible,
  mutex_unlock,
  PAGE_OFFSET,
  PDE_DATA,
  type ProcDirEntry,
  pr_debug,
  pr_info,
  pr_warn,
  proc_create,
  proc_create_data,
  proc_create_single_data,
  proc_mkdir,
  remove_proc_subtree,
  type SeqFile,
  seq_lseek,
  seq_printf,
  seq_read,
  single_open,
  single_release,
  type UserPtr,
} from "../../linux.ts";

const OURMODNAME = "procfs_simple_intf";
const PROC_FILE1 = "llkdproc_debug_level";
const PROC_FILE1_PERMS = 0o644;
const PROC_FILE2 = "llkdproc_show_pgoff";
const PROC_FILE2_PERMS = 0o444;
const PROC_FILE3 = "llkdproc_show_drvctx";
const PROC_FILE3_PERMS = 0o440;
const PROC_FILE4 = "llkdproc_config1";
const PROC_FILE4_PERMS = 0o644;

const DEBUG_LEVEL_MIN = 0;
const DEBUG_LEVEL_MAX = 2;
const DEBUG_LEVEL_DEFAULT = DEBUG_LEVEL_MIN;

/* Our 'driver context' data structure */
interface DrvCtx {
  tx: number;
  rx: number;
  err: number;
  myword: number;
  power: number;
  config1: number /* treated as equivalent to 'debug level' of our driver */;
  config2: number;
  config3: bigint;
  oursecret: string;
}

const procfs_simple_intf: ModuleDefinition = {
  name: OURMODNAME,
  description: "LLKD book:ch13/procfs_simple_intf: simple procfs interfacing demo",
  author: "Kaiwan N Billimoria",
  license: "Dual MIT/GPL",
  version: "0.1",

  load(THIS_MODULE) {
    /* module statics: they live in module memory, freed on unload */
    const g = THIS_MODULE.static({
      gprocdir: null as ProcDirEntry | null,
      debug_level: DEBUG_LEVEL_DEFAULT,
      gdrvctx: null as DrvCtx | null,
    });
    const mtx = DEFINE_MUTEX("mtx");

    /* --- proc file 1: read/write the debug level --- */
    function proc_show_debug_level(seq: SeqFile): number {
      seq_printf(seq, "debug_level:%d\n", g.debug_level);
      return 0;
    }
    function myproc_open_dbg_level(_inode: Inode, file: File): number {
      return single_open(file, proc_show_debug_level, null);
    }
    function myproc_write_debug_level(
      _filp: File,
      ubuf: UserPtr,
      count: number,
      _off: Loff,
    ): number {
      let ret = count;
      if (mutex_lock_interruptible(mtx)) return -ERESTARTSYS;
      const prev_dbglevel = g.debug_level;
      out: {
        if (count === 0 || count > 12) {
          ret = -EINVAL;
          break out;
        }
        const buf = new Uint8Array(12);
        if (copy_from_user(buf, ubuf, count)) {
          ret = -EFAULT;
          break out;
        }
        buf[count - 1] = 0; /* the trailing newline (or last char) goes */
        pr_debug("user sent: buf = %s\n", new TextDecoder().decode(buf.subarray(0, count - 1)));
        const r = kstrtoint(buf.subarray(0, count), 0); /* update it! */
        if (r.err) {
          ret = r.err;
          break out;
        }
        g.debug_level = r.value;
        if (g.debug_level < DEBUG_LEVEL_MIN || g.debug_level > DEBUG_LEVEL_MAX) {
          pr_info(
            "trying to set invalid value for debug_level [allowed range: %d-%d]; resetting to previous (%d)\n",
            DEBUG_LEVEL_MIN,
            DEBUG_LEVEL_MAX,
            prev_dbglevel,
          );
          g.debug_level = prev_dbglevel;
          ret = -EFAULT;
          break out;
        }
        /* just for fun, lets say that our drv ctx 'config1' represents the debug level */
        g.gdrvctx!.config1 = g.debug_level;
        ret = count;
      }
      mutex_unlock(mtx);
      return ret;
    }
    const fops_rdwr_dbg_level = {
      owner: THIS_MODULE,
      open: myproc_open_dbg_level,
      read: seq_read,
      write: myproc_write_debug_level,
      llseek: seq_lseek,
      release: single_release,
    };

    /* --- proc file 2: show PAGE_OFFSET (a single-show file) --- */
    function proc_show_pgoff(seq: SeqFile): number {
      seq_printf(seq, "%s:PAGE_OFFSET:0x%px\n", OURMODNAME, PAGE_OFFSET());
      return 0;
    }

    /* --- proc file 3: show the driver context (root only) --- */
    function proc_show_drvctx(seq: SeqFile): number {
      const data = seq.private as DrvCtx;
      seq_printf(
        seq,
        "prodname:%s\ntx:%d,rx:%d,err:%d,myword:%d,power:%d\nconfig1:0x%x,config2:0x%x,config3:0x%llx\noursecret:%s\n",
        OURMODNAME,
        data.tx,
        data.rx,
        data.err,
        data.myword,
        data.power,
        data.config1,
        data.config2,
        data.config3,
        data.oursecret,
      );
      return 0;
    }
    function myproc_open_drvctx(inode: Inode, file: File): number {
      return single_open(file, proc_show_drvctx, PDE_DATA(inode));
    }
    const fops_show_drvctx = {
      owner: THIS_MODULE,
      open: myproc_open_drvctx,
      read: seq_read,
      llseek: seq_lseek,
      release: single_release,
    };

    /* --- proc file 4: read/write config1 --- */
    function proc_show_config1(seq: SeqFile): number {
      seq_printf(seq, "%s:config1:%d,0x%x\n", OURMODNAME, g.gdrvctx!.config1, g.gdrvctx!.config1);
      return 0;
    }
    function myproc_open_config1(_inode: Inode, file: File): number {
      return single_open(file, proc_show_config1, null);
    }
    function myproc_write_config1(_filp: File, ubuf: UserPtr, count: number, _off: Loff): number {
      let ret = count;
      if (mutex_lock_interruptible(mtx)) return -ERESTARTSYS;
      out: {
        if (count === 0 || count > 12) {
          ret = -EINVAL;
          break out;
        }
        const buf = new Uint8Array(12);
        if (copy_from_user(buf, ubuf, count)) {
          ret = -EFAULT;
          break out;
        }
        buf[count - 1] = 0;
        const r = kstrtoint(buf.subarray(0, count), 0);
        if (r.err) {
          ret = r.err;
          break out;
        }
        g.gdrvctx!.config1 = r.value;
        ret = count;
      }
      mutex_unlock(mtx);
      return ret;
    }
    const fops_rdwr_config1 = {
      owner: THIS_MODULE,
      open: myproc_open_config1,
      read: seq_read,
      write: myproc_write_config1,
      llseek: seq_lseek,
      release: single_release,
    };

    function alloc_init_drvctx(): DrvCtx {
      const drvctx = kzalloc<DrvCtx>({
        tx: 0,
        rx: 0,
        err: 0,
        myword: 0,
        power: 1,
        config1: 0x0,
        config2: 0x48524a5f /* ascii of 'HRJ_' */,
        config3: 0x424c0a52n /* ascii of 'BL\nR' */,
        oursecret: "AhA xxx",
      });
      pr_info("allocated and init the driver context structure\n");
      return drvctx;
    }

    function procfs_simple_intf_init(): number {
      let stat = 0;
      /* 1. Create the parent dir under /proc for our files */
      g.gprocdir = proc_mkdir(OURMODNAME, null);
      if (!g.gprocdir) {
        pr_warn("proc_mkdir failed, aborting...\n");
        return -ENOMEM;
      }
      pr_debug("proc dir (/proc/%s) created\n", OURMODNAME);
      fail: {
        /* 2. Create the PROC_FILE1 file under the parent dir */
        if (!proc_create(PROC_FILE1, PROC_FILE1_PERMS, g.gprocdir, fops_rdwr_dbg_level)) {
          pr_warn("proc_create [1] failed, aborting...\n");
          stat = -ENOMEM;
          break fail;
        }
        /* 3. Create the PROC_FILE2 read-only file under the parent dir */
        if (
          !proc_create_single_data(PROC_FILE2, PROC_FILE2_PERMS, g.gprocdir, proc_show_pgoff, null)
        ) {
          pr_warn("proc_create [2] failed, aborting...\n");
          stat = -ENOMEM;
          break fail;
        }
        /* 4. Allocate and init our driver context structure */
        g.gdrvctx = alloc_init_drvctx();
        /* 5. Create the PROC_FILE3 read-only file under the parent dir */
        if (
          !proc_create_data(PROC_FILE3, PROC_FILE3_PERMS, g.gprocdir, fops_show_drvctx, g.gdrvctx)
        ) {
          pr_warn("proc_create [3] failed, aborting...\n");
          stat = -ENOMEM;
          break fail;
        }
        /* 6. Create the PROC_FILE4 read-write file under the parent dir */
        if (!proc_create(PROC_FILE4, PROC_FILE4_PERMS, g.gprocdir, fops_rdwr_config1)) {
          pr_warn("proc_create [4] failed, aborting...\n");
          stat = -ENOMEM;
          break fail;
        }
        pr_info("proc dir (/proc/%s) created\n", OURMODNAME);
        pr_info("loaded\n");
        return 0;
      }
      remove_proc_subtree(OURMODNAME, null);
      kfree(g.gdrvctx);
      return stat;
    }

    function procfs_simple_intf_cleanup(): void {
      remove_proc_subtree(OURMODNAME, null);
      kfree(g.gdrvctx);
      pr_info("removed\n");
    }

    return { init: procfs_simple_intf_init, exit: procfs_simple_intf_cleanup };
  },
};

export default procfs_simple_intf;
