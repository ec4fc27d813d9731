/*
 * sysfs_simple_intf: a simple sysfs interface, after the book's
 * ch13/sysfs_simple_intf/sysfs_simple_intf.c (Linux Kernel Programming Part 2,
 * "User-Kernel Communication Pathways"), line by line where TypeScript allows.
 *
 * Registers a (dummy) platform device, llkd_sysfs_simple_intf_device, and creates
 * three sysfs files under /sys/devices/platform/llkd_sysfs_simple_intf_device/:
 *   llkdsysfs_debug_level  (RW, 0644) read/write the driver's debug level (0-2)
 *   llkdsysfs_pgoff        (RO, 0444) show PAGE_OFFSET
 *   llkdsysfs_pressure     (RO, 0444) show the (dummy) pressure value, with no newline
 *
 * Built as the book's Makefile builds it: -DDEBUG (pr_debug() prints) and
 * pr_fmt(fmt) "%s:%s(): " fmt, KBUILD_MODNAME, __func__.
 */
import {
  DEFINE_MUTEX,
  DEVICE_ATTR_RO,
  DEVICE_ATTR_RW,
  type Device,
  type DeviceAttribute,
  device_create_file,
  device_remove_file,
  EFAULT,
  EINVAL,
  ERESTARTSYS,
  IS_ERR,
  kstrtoint,
  type ModuleDefinition,
  mutex_lock_interruptible,
  mutex_unlock,
  PAGE_OFFSET,
  type PlatformDevice,
  PTR_ERR,
  platform_device_register_simple,
  platform_device_unregister,
  pr_debug,
  pr_info,
  snprintf,
} from "../../linux.ts";

const OURMODNAME = "sysfs_simple_intf";
const SYSFS_FILE1 = "llkdsysfs_debug_level";
const SYSFS_FILE2 = "llkdsysfs_pgoff";
const SYSFS_FILE3 = "llkdsysfs_pressure";

const DEBUG_LEVEL_MIN = 0;
const DEBUG_LEVEL_MAX = 2;

const PLAT_NAME = "llkd_sysfs_simple_intf_device";

const sysfs_simple_intf: ModuleDefinition = {
  name: OURMODNAME,
  description: "LKP-2 book:ch2/sysfs_simple_intf: simple sysfs interfacing demo",
  author: "Kaiwan N Billimoria",
  /*
   * We *require* the module to be released under GPL license (as well) to please
   * several core driver routines (like sysfs_create_group,
   * platform_device_register_simple, etc which are exported to GPL only (using
   * the EXPORT_SYMBOL_GPL() macro))
   */
  license: "Dual MIT/GPL",
  version: "0.1",
  debug: true,
  pr_fmt: (modname, func) => `${modname}:${func}(): `,

  load(THIS_MODULE) {
    /* We use a mutex lock; details in Ch 6 and Ch 7 */
    const mtx = DEFINE_MUTEX("mtx");

    /* module statics: they live in module memory, freed on unload */
    const g = THIS_MODULE.static({
      debug_level: 0 /* 'off' (0) by default ... */,
      gpressure: 0 /* our dummy 'pressure' value */,
      sysfs_demo_platdev: null as PlatformDevice | null /* Device structure */,
    });

    /* Note that in both the show and store methods, the buffer 'buf' is
     * a *kernel*-space buffer. (So don't try copy_[from|to]_user stuff!)
     */

    /*------------------ sysfs file 3 (RO) -------------------------------------*/
    /* show 'pressure' value: sysfs entry point for the 'show' (read) callback */
    function llkdsysfs_pressure_show(_dev: Device, _attr: DeviceAttribute, buf: Uint8Array) {
      if (mutex_lock_interruptible(mtx)) return -ERESTARTSYS;
      pr_debug("In the 'show' method: pressure=%u\n", g.gpressure);
      const n = snprintf(buf, 25, "%u", g.gpressure);
      mutex_unlock(mtx);
      return n;
    }
    /* The DEVICE_ATTR{_RW|RO|WO}() macro instantiates a struct device_attribute
     * dev_attr_<name> here; the name of its 'show' callback is llkdsysfs_pressure_show
     */
    const dev_attr_SYSFS_FILE3 = DEVICE_ATTR_RO(SYSFS_FILE3, llkdsysfs_pressure_show);

    /*------------------ sysfs file 2 (RO) -------------------------------------*/
    /* show PAGE_OFFSET value: sysfs entry point for the 'show' (read) callback */
    function llkdsysfs_pgoff_show(_dev: Device, _attr: DeviceAttribute, buf: Uint8Array) {
      if (mutex_lock_interruptible(mtx)) return -ERESTARTSYS;
      pr_debug("In the 'show' method: PAGE_OFFSET=0x%px\n", PAGE_OFFSET());
      const n = snprintf(buf, 25, "0x%px", PAGE_OFFSET());
      mutex_unlock(mtx);
      return n;
    }
    const dev_attr_SYSFS_FILE2 = DEVICE_ATTR_RO(SYSFS_FILE2, llkdsysfs_pgoff_show);

    /*------------------ sysfs file 1 (RW) -------------------------------------*/
    /* debug_level: sysfs entry point for the 'show' (read) callback */
    function llkdsysfs_debug_level_show(dev: Device, _attr: DeviceAttribute, buf: Uint8Array) {
      if (mutex_lock_interruptible(mtx)) return -ERESTARTSYS;
      pr_debug("In the 'show' method: name: %s, debug_level=%d\n", dev.kobj.name, g.debug_level);
      const n = snprintf(buf, 25, "%d\n", g.debug_level);
      mutex_unlock(mtx);
      return n;
    }

    /* debug_level: sysfs entry point for the 'store' (write) callback */
    function llkdsysfs_debug_level_store(
      _dev: Device,
      _attr: DeviceAttribute,
      buf: Uint8Array,
      count: number,
    ): number {
      let ret = count;
      if (mutex_lock_interruptible(mtx)) return -ERESTARTSYS;
      const prev_dbglevel = g.debug_level;
      pr_debug(
        "In the 'store' method:\ncount=%zu, buf=0x%px count=%zu\nBuffer contents: \"%.*s\"\n",
        count,
        0xffff88807a3c4000n,
        count,
        count,
        String.fromCharCode(...buf.subarray(0, count)),
      );
      out: {
        if (count === 0 || count > 12) {
          ret = -EINVAL;
          break out;
        }
        const r = kstrtoint(buf, 0); /* update it! */
        if (r.err) {
          ret = r.err;
          break out;
        }
        g.debug_level = r.value;
        if (g.debug_level < DEBUG_LEVEL_MIN || g.debug_level > DEBUG_LEVEL_MAX) {
          pr_info(
            "trying to set invalid value (%d) for debug_level\n [allowed range: %d-%d]; resetting to previous (%d)\n",
            g.debug_level,
            DEBUG_LEVEL_MIN,
            DEBUG_LEVEL_MAX,
            prev_dbglevel,
          );
          g.debug_level = prev_dbglevel;
          ret = -EFAULT;
          break out;
        }
        ret = count;
      }
      mutex_unlock(mtx);
      return ret;
    }
    /* The DEVICE_ATTR{_RW|RO|WO}() macro instantiates a struct device_attribute
     * dev_attr_<name>; its callbacks are SYSFS_FILE1_show and SYSFS_FILE1_store
     */
    const dev_attr_SYSFS_FILE1 = DEVICE_ATTR_RW(
      SYSFS_FILE1,
      llkdsysfs_debug_level_show,
      llkdsysfs_debug_level_store,
    );

    function sysfs_simple_intf_init(): number {
      let stat = 0;

      /* 0. Register a (dummy) platform device; required as we need a
       * struct device *dev pointer to create the sysfs file with
       * the device_create_file() API
       */
      const pdev = platform_device_register_simple(PLAT_NAME, -1, null, 0);
      if (IS_ERR(pdev)) {
        stat = PTR_ERR(pdev);
        pr_info("error (%d) registering our platform device, aborting\n", stat);
        return stat;
      }
      g.sysfs_demo_platdev = pdev;

      out2: {
        out3: {
          out4: {
            // 1. Create our first sysfile file : llkdsysfs_debug_level
            stat = device_create_file(g.sysfs_demo_platdev.dev, dev_attr_SYSFS_FILE1);
            if (stat) {
              pr_info("device_create_file [1] failed (%d), aborting now\n", stat);
              break out2;
            }
            pr_debug(
              "sysfs file [1] (/sys/devices/platform/%s/%s) created\n",
              PLAT_NAME,
              SYSFS_FILE1,
            );

            // 2. Create our second sysfile file : llkdsysfs_pgoff
            stat = device_create_file(g.sysfs_demo_platdev.dev, dev_attr_SYSFS_FILE2);
            if (stat) {
              pr_info("device_create_file [2] failed (%d), aborting now\n", stat);
              break out3;
            }
            pr_debug(
              "sysfs file [2] (/sys/devices/platform/%s/%s) created\n",
              PLAT_NAME,
              SYSFS_FILE2,
            );

            // 3. Create our third sysfile file : llkdsysfs_pressure
            g.gpressure = 25; // arbitrary 'pressure' value of 25 assigned here..
            stat = device_create_file(g.sysfs_demo_platdev.dev, dev_attr_SYSFS_FILE3);
            if (stat) {
              pr_info("device_create_file [3] failed (%d), aborting now\n", stat);
              break out4;
            }
            pr_debug(
              "sysfs file [3] (/sys/devices/platform/%s/%s) created\n",
              PLAT_NAME,
              SYSFS_FILE3,
            );

            pr_info("initialized\n");
            return 0; /* success */
          }
          device_remove_file(g.sysfs_demo_platdev.dev, dev_attr_SYSFS_FILE2);
        }
        device_remove_file(g.sysfs_demo_platdev.dev, dev_attr_SYSFS_FILE1);
      }
      platform_device_unregister(g.sysfs_demo_platdev);
      return stat;
    }

    function sysfs_simple_intf_cleanup(): void {
      /* Cleanup sysfs nodes */
      const pdev = g.sysfs_demo_platdev!;
      device_remove_file(pdev.dev, dev_attr_SYSFS_FILE3);
      device_remove_file(pdev.dev, dev_attr_SYSFS_FILE2);
      device_remove_file(pdev.dev, dev_attr_SYSFS_FILE1);

      /* Unregister the (dummy) platform device */
      platform_device_unregister(pdev);
      pr_info("removed\n");
    }

    return { init: sysfs_simple_intf_init, exit: sysfs_simple_intf_cleanup };
  },
};

export default sysfs_simple_intf;
