/*
 * sysfs_on_misc: reference solution of the chapter's sysfs assignment #1: a misc
 * character driver (the book's Ch 1 kind) with two sysfs files on its device,
 * /sys/class/misc/sysfs_on_misc/{debug_level,msg}, and their show/store callbacks.
 *
 *   /dev/sysfs_on_misc   read: the driver's message; write: set it
 *   debug_level (0644)   the debug level, 0 to 2
 *   msg (0644)           the same message as the device's
 */
import {
  copy_from_user,
  DEFINE_MUTEX,
  DEVICE_ATTR_RW,
  type Device,
  type DeviceAttribute,
  device_create_file,
  device_remove_file,
  EFAULT,
  EINVAL,
  ERESTARTSYS,
  type File,
  type FileOperations,
  type Inode,
  kstrtoint,
  type Loff,
  MISC_DYNAMIC_MINOR,
  type ModuleDefinition,
  misc_deregister,
  misc_register,
  type miscdevice,
  mutex_lock_interruptible,
  mutex_unlock,
  pr_info,
  simple_read_from_buffer,
  snprintf,
  type UserPtr,
} from "../../../linux.ts";

const OURMODNAME = "sysfs_on_misc";
const MSG_MAX = 128;
const DEBUG_LEVEL_MAX = 2;

const sysfs_on_misc: ModuleDefinition = {
  name: OURMODNAME,
  description: "LKP-2 ch2 assignment: sysfs files on a misc device",
  author: "vkern",
  license: "Dual MIT/GPL",
  version: "0.1",

  load(THIS_MODULE) {
    const mtx = DEFINE_MUTEX("mtx");
    const g = THIS_MODULE.static({ debug_level: 0, msg: "Hello from sysfs_on_misc" });
    const dec = new TextDecoder();

    /* ---- the misc device ---- */
    function open_miscdrv(_inode: Inode, _filp: File): number {
      return 0;
    }
    function read_miscdrv(_filp: File, ubuf: UserPtr, count: number, off: Loff): number {
      return simple_read_from_buffer(ubuf, count, off, `${g.msg}\n`);
    }
    function write_miscdrv(_filp: File, ubuf: UserPtr, count: number, _off: Loff): number {
      if (count === 0 || count >= MSG_MAX) return -EINVAL;
      const buf = new Uint8Array(count);
      if (copy_from_user(buf, ubuf, count)) return -EFAULT;
      if (mutex_lock_interruptible(mtx)) return -ERESTARTSYS;
      g.msg = dec.decode(buf).replace(/\n$/, "");
      mutex_unlock(mtx);
      return count;
    }
    const llkd_misc_fops: FileOperations = {
      owner: THIS_MODULE,
      open: open_miscdrv,
      read: read_miscdrv,
      write: write_miscdrv,
    };
    const llkd_miscdev: miscdevice = {
      minor: MISC_DYNAMIC_MINOR,
      name: OURMODNAME,
      fops: llkd_misc_fops,
      mode: 0o666,
    };

    /* ---- sysfs file 1: debug_level ---- */
    function debug_level_show(_dev: Device, _attr: DeviceAttribute, buf: Uint8Array): number {
      return snprintf(buf, 8, "%d\n", g.debug_level);
    }
    function debug_level_store(
      _dev: Device,
      _attr: DeviceAttribute,
      buf: Uint8Array,
      count: number,
    ): number {
      if (count === 0 || count > 12) return -EINVAL;
      const r = kstrtoint(buf.subarray(0, count), 0);
      if (r.err) return r.err;
      if (r.value < 0 || r.value > DEBUG_LEVEL_MAX) return -EINVAL;
      if (mutex_lock_interruptible(mtx)) return -ERESTARTSYS;
      g.debug_level = r.value;
      mutex_unlock(mtx);
      return count;
    }
    const dev_attr_debug_level = DEVICE_ATTR_RW("debug_level", debug_level_show, debug_level_store);

    /* ---- sysfs file 2: msg ---- */
    function msg_show(_dev: Device, _attr: DeviceAttribute, buf: Uint8Array): number {
      return snprintf(buf, MSG_MAX + 1, "%s\n", g.msg);
    }
    function msg_store(
      _dev: Device,
      _attr: DeviceAttribute,
      buf: Uint8Array,
      count: number,
    ): number {
      if (count === 0 || count >= MSG_MAX) return -EINVAL;
      if (mutex_lock_interruptible(mtx)) return -ERESTARTSYS;
      g.msg = dec.decode(buf.subarray(0, count)).replace(/\n$/, "");
      mutex_unlock(mtx);
      return count;
    }
    const dev_attr_msg = DEVICE_ATTR_RW("msg", msg_show, msg_store);

    function sysfs_on_misc_init(): number {
      const ret = misc_register(llkd_miscdev);
      if (ret) {
        pr_info("misc device registration failed, aborting\n");
        return ret;
      }
      const dev = llkd_miscdev.this_device!;
      let stat = device_create_file(dev, dev_attr_debug_level);
      if (!stat) {
        stat = device_create_file(dev, dev_attr_msg);
        if (stat) device_remove_file(dev, dev_attr_debug_level);
      }
      if (stat) {
        misc_deregister(llkd_miscdev);
        return stat;
      }
      pr_info(
        "LLKD misc driver (major # 10) registered, minor# = %d, dev node is /dev/%s\n",
        llkd_miscdev.minor,
        OURMODNAME,
      );
      return 0;
    }

    function sysfs_on_misc_exit(): void {
      const dev = llkd_miscdev.this_device!;
      device_remove_file(dev, dev_attr_msg);
      device_remove_file(dev, dev_attr_debug_level);
      misc_deregister(llkd_miscdev);
      pr_info("LLKD misc driver deregistered, bye\n");
    }

    return { init: sysfs_on_misc_init, exit: sysfs_on_misc_exit };
  },
};

export default sysfs_on_misc;
