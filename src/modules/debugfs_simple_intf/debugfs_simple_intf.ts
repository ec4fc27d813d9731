/*
 * debugfs_simple_intf: a simple debugfs interface, after the book's
 * ch13/debugfs_simple_intf/debugfs_simple_intf.c (Linux Kernel Programming Part 2,
 * "User-Kernel Communication Pathways"), line by line where TypeScript allows.
 *
 * Creates /sys/kernel/debug/dbgfs_simple_intf/ with:
 *   llkd_dbgfs_show_drvctx  (0440) a generic debugfs file showing the driver context;
 *                           each read sets config3 to the current jiffies
 *   llkd_dbgfs_debug_level  (0644) the debug_level global, via debugfs_create_u32()
 *                           (no validation: any value is accepted)
 *
 * Module parameter cause_an_oops=1 skips debugfs_remove_recursive() on unload, so the
 * files outlive the module and touching them afterwards is a use-after-free: an Oops.
 */
import {
  DEFINE_MUTEX,
  type DebugfsDentry,
  debugfs_create_dir,
  debugfs_create_file,
  debugfs_create_u32,
  debugfs_remove_recursive,
  ERESTARTSYS,
  type File,
  type FileOperations,
  IS_ERR,
  jiffies,
  kfree,
  kptr,
  kzalloc,
  type Loff,
  type ModuleDefinition,
  mutex_lock_interruptible,
  mutex_unlock,
  PTR_ERR,
  pr_debug,
  pr_info,
  simple_read_from_buffer,
  type UserPtr,
  vsnprintf,
} from "../../linux.ts";

const OURMODNAME = "dbgfs_simple_intf";

/* Borrowed from ch11; the 'driver context' data structure;
 * all relevant 'state info' reg the driver and (fictional) 'device'
 * is maintained here.
 */
interface drv_ctx {
  tx: number;
  rx: number;
  err: number;
  myword: number;
  power: number;
  config1: number;
  config2: number;
  config3: bigint /* updated to the 'jiffies' value ... */;
  oursecret: string;
}

const MAXUPASS = 256; // careful- the kernel stack is small!

const debugfs_simple_intf: ModuleDefinition = {
  name: "debugfs_simple_intf",
  description: "LLKD book:ch13/dbgfs_simple_intf: simple demo for U<->K interfacing via debugfs",
  author: "Kaiwan N Billimoria",
  license: "Dual MIT/GPL",
  version: "0.1",
  params: {
    cause_an_oops: {
      type: "int",
      perm: 0o644,
      desc:
        "Setting this to 1 can cause a kernel bug, an Oops; if 1, we do NOT perform" +
        " required cleanup! so, after removal, any op on the debugfs files will cause" +
        " an Oops! (default is 0, no bug)",
    },
  },
  // #define pr_fmt(fmt) "%s:%s(): " fmt, KBUILD_MODNAME, __func__
  pr_fmt: (modname, func) => `${modname}:${func}(): `,

  load(THIS_MODULE, params) {
    /* module statics: they live in module memory, freed on unload */
    const g = THIS_MODULE.static({
      gparent: null as DebugfsDentry | null,
      gdrvctx: null as drv_ctx | null,
      debug_level: 0 /* 'off' (0) by default ... */,
    });

    /* We use a mutex lock; details in Ch 6 and Ch 7 */
    const mtx = DEFINE_MUTEX("mtx");

    /* Our debugfs file 1's read callback function */
    function dbgfs_show_drvctx(filp: File, ubuf: UserPtr, _count: number, fpos: Loff): number {
      // retrieve the "data" from the inode
      const data = filp.f_inode.i_private as drv_ctx;

      if (mutex_lock_interruptible(mtx)) return -ERESTARTSYS;

      /* As an experiment, we set our 'config3' member of the drv ctx stucture
       * to the current 'jiffies' value (# of timer interrupts since boot);
       * so, every time we 'cat' this file, the 'config3' value should change!
       */
      data.config3 = jiffies();
      const locbuf = vsnprintf(
        "prodname:%s\n" +
          "tx:%d,rx:%d,err:%d,myword:%d,power:%d\n" +
          "config1:0x%x,config2:0x%x,config3:0x%llx (%llu)\n" +
          "oursecret:%s\n",
        [
          OURMODNAME,
          data.tx,
          data.rx,
          data.err,
          data.myword,
          data.power,
          data.config1,
          data.config2,
          data.config3,
          data.config3,
          data.oursecret,
        ],
        { kernel: true },
      ).slice(0, MAXUPASS - 2); // snprintf(locbuf, MAXUPASS - 1, ...)

      mutex_unlock(mtx);
      return simple_read_from_buffer(ubuf, MAXUPASS, fpos, locbuf, locbuf.length);
    }

    const dbgfs_drvctx_fops: FileOperations = {
      read: dbgfs_show_drvctx,
    };

    function alloc_init_drvctx(): drv_ctx {
      const drvctx = kzalloc<drv_ctx>({
        tx: 0,
        rx: 0,
        err: 0,
        myword: 0,
        power: 1,
        config1: 0x0,
        config2: 0x48524a5f,
        config3: jiffies(),
        oursecret: "AhA yyy",
      });
      pr_info("allocated and init the driver context structure\n");
      return drvctx;
    }

    /* The error paths of init: the C code's `goto out_fail_N` labels. */
    function out_fail_3(stat: number): number {
      kfree(g.gdrvctx);
      return out_fail_2(stat);
    }
    function out_fail_2(stat: number): number {
      debugfs_remove_recursive(g.gparent);
      return stat; /* out_fail_1 */
    }

    function debugfs_simple_intf_init(): number {
      /* 1. Create a dir under the debugfs mount point, whose name is the
       * module name */
      g.gparent = debugfs_create_dir(OURMODNAME, null);
      if (!g.gparent) {
        pr_info("debugfs_create_dir failed, aborting...\n");
        return PTR_ERR(g.gparent); /* goto out_fail_1 */
      }

      /* 2. Firstly, allocate and initialize our 'driver context' data
       * structure. Then create the DBGFS_FILE1 entry under the parent dir
       * OURMODNAME; this will serve as the 'show driver context' (pseudo)
       * file. When read from userspace, the callback function will dump the
       * content of our 'driver context' data structure.
       */
      g.gdrvctx = alloc_init_drvctx();
      if (IS_ERR(g.gdrvctx)) {
        pr_info("drv ctx alloc failed, aborting...\n");
        return out_fail_2(PTR_ERR(g.gdrvctx));
      }

      /* Generic debugfs file + passing a pointer to a data structure as a
       * demo.. the 4th param is a generic void * ptr; it's contents will be
       * stored into the i_private field of the file's inode.
       */
      const DBGFS_FILE1 = "llkd_dbgfs_show_drvctx";
      const file1 = debugfs_create_file(
        DBGFS_FILE1,
        0o440,
        g.gparent,
        g.gdrvctx,
        dbgfs_drvctx_fops,
      );
      if (!file1) {
        pr_info("debugfs_create_file failed, aborting...\n");
        return out_fail_3(PTR_ERR(file1));
      }
      pr_debug("debugfs file 1 <debugfs_mountpt>/%s/%s created\n", OURMODNAME, DBGFS_FILE1);

      /* 3. Create the debugfs file for the debug_level global; we use the
       * helper routine to make it simple! There is a downside: we have no
       * chance to perform a validity check on the value being written..
       */
      const DBGFS_FILE2 = "llkd_dbgfs_debug_level";
      const file2 = debugfs_create_u32(DBGFS_FILE2, 0o644, g.gparent, kptr(g, "debug_level"));
      if (!file2) {
        pr_info("debugfs_create_u32 failed, aborting...\n");
        return out_fail_3(PTR_ERR(file2));
      }
      pr_debug("debugfs file 2 <debugfs_mountpt>/%s/%s created\n", OURMODNAME, DBGFS_FILE2);

      pr_info(
        "initialized (fyi, our 'cause an Oops' setting is currently %s)\n",
        params.cause_an_oops === 1 ? "On" : "Off",
      );
      return 0;
    }

    function debugfs_simple_intf_cleanup(): void {
      kfree(g.gdrvctx);
      if (!params.cause_an_oops) debugfs_remove_recursive(g.gparent);
      pr_info("removed\n");
    }

    return { init: debugfs_simple_intf_init, exit: debugfs_simple_intf_cleanup };
  },
};

export default debugfs_simple_intf;
