/*
 * ioctl_llkd_kdrv: a kernel module that demonstrates simple usage of the ioctl driver
 * method to interface with a user space 'C' application (ioctl_llkd_userspace), after the
 * book's ch13/ioctl_intf/kerneldrv_ioctl/ioctl_llkd_kdrv.c (Linux Kernel Programming Part 2,
 * "User-Kernel Communication Pathways"), line by line where TypeScript allows.
 *
 * Architected as a simple device driver for a fictional 'device'; we use the ioctl(2)
 * system call to interface with the device from/to a user mode 'C' application. The char
 * driver APIs used here conform to the 'older' raw character driver framework.
 *
 * One change from the book's code: both file_operations set .owner = THIS_MODULE, so an
 * open file pins the module (rmmod then fails with "Module ioctl_llkd_kdrv is in use").
 */
import {
  __put_user,
  _IOC_NR,
  _IOC_TYPE,
  CAP_SYS_ADMIN,
  capable,
  ENOTTY,
  ENXIO,
  EPERM,
  type File,
  type FileOperations,
  type Inode,
  iminor,
  type ModuleDefinition,
  no_llseek,
  pr_debug,
  pr_info,
  register_chrdev,
  unregister_chrdev,
} from "../../linux.ts";
import {
  IOCTL_LLKD_IOCQPOWER,
  IOCTL_LLKD_IOCRESET,
  IOCTL_LLKD_IOCSPOWER,
  IOCTL_LLKD_MAGIC,
  IOCTL_LLKD_MAXIOCTL,
} from "./ioctl_llkd.ts";

const OURMODNAME = "ioctl_llkd_kdrv";

/** C's `(int)arg` of an unsigned long: the low 32 bits, signed. */
function to_int(arg: number | bigint): number {
  return typeof arg === "number" ? arg | 0 : Number(BigInt.asIntN(32, arg));
}

/** C's `(unsigned int)arg`. */
function to_uint(arg: number | bigint): number {
  return typeof arg === "number" ? arg >>> 0 : Number(BigInt.asUintN(32, arg));
}

const ioctl_llkd_kdrv: ModuleDefinition = {
  name: OURMODNAME,
  description: "LLKD book:ch13/ioctl_intf: simple demo for using the ioctl interface",
  author: "Kaiwan N Billimoria",
  license: "Dual MIT/GPL",
  version: "0.1",
  /* #define pr_fmt(fmt) "%s:%s(): " fmt, KBUILD_MODNAME, __func__ */
  pr_fmt: (modname, func) => `${modname}:${func}(): `,

  load(THIS_MODULE) {
    const g = THIS_MODULE.static({
      ioctl_intf_major: 0,
      power: 1 /* 'powered on' by default */,
    });

    /*
     * The key method - the ioctl - for our demo driver (the 'unlocked' version, as the
     * BKL was finally removed in 2.6.36).
     */
    function ioctl_intf_ioctl(_filp: File, cmd: number, arg: number | bigint): number {
      let retval = 0;

      pr_debug("In ioctl method, cmd=%d\n", _IOC_NR(cmd));

      /* Verify stuff: is the ioctl's for us? etc.. */
      if (_IOC_TYPE(cmd) !== IOCTL_LLKD_MAGIC) {
        pr_info("ioctl fail; magic # mismatch\n");
        return -ENOTTY;
      }
      if (_IOC_NR(cmd) > IOCTL_LLKD_MAXIOCTL) {
        pr_info("ioctl fail; invalid cmd?\n");
        return -ENOTTY;
      }

      switch (cmd) {
        case IOCTL_LLKD_IOCRESET:
          pr_debug("In ioctl cmd option: IOCTL_LLKD_IOCRESET\n");
          /* ... Insert the code here to write to a control register to reset the
           * device ... */
          break;
        case IOCTL_LLKD_IOCQPOWER /* Get: arg is pointer to result */:
          pr_debug(
            "In ioctl cmd option: IOCTL_LLKD_IOCQPOWER\narg=0x%x (drv) power=%d\n",
            to_uint(arg),
            g.power,
          );
          if (!capable(CAP_SYS_ADMIN)) return -EPERM;
          /* ... Insert the code here to read a status register to query the
           * power state of the device ...
           * here, imagine we've done that and placed it into a variable 'power'
           */
          retval = __put_user(g.power, Number(arg), "int");
          break;
        case IOCTL_LLKD_IOCSPOWER /* Set: arg is the value to set */:
          if (!capable(CAP_SYS_ADMIN)) return -EPERM;
          g.power = to_int(arg);
          /* ... Insert the code here to write a control register to set the
           * power state of the device ...
           */
          pr_debug("In ioctl cmd option: IOCTL_LLKD_IOCSPOWER\npower=%d now.\n", g.power);
          break;
        default:
          return -ENOTTY;
      }
      return retval;
    }

    const ioctl_intf_fops: FileOperations = {
      owner: THIS_MODULE,
      llseek: no_llseek,
      unlocked_ioctl: ioctl_intf_ioctl, // use the 'unlocked' version
    };

    function ioctl_intf_open(inode: Inode, filp: File): number | Promise<number> {
      pr_debug("Device node with minor # %d being used\n", iminor(inode));

      switch (iminor(inode)) {
        case 0:
          filp.f_op = ioctl_intf_fops;
          break;
        default:
          return -ENXIO;
      }
      if (filp.f_op?.open) return filp.f_op.open(inode, filp); /* Minor-specific open */

      return 0;
    }

    /* Major-wide open routine */
    const ioctl_intf_open_fops: FileOperations = {
      owner: THIS_MODULE,
      open: ioctl_intf_open /* just a means to get at the real open */,
    };

    function ioctl_llkd_kdrv_init(): number {
      pr_debug("ioctl_intf_major=%d\n", g.ioctl_intf_major);

      /*
       * Register the major, and accept a dynamic number.
       * The return value is the actual major # assigned.
       */
      const result = register_chrdev(g.ioctl_intf_major, OURMODNAME, ioctl_intf_open_fops);
      if (result < 0) {
        pr_info("register_chrdev() failed trying to get ioctl_intf_major=%d\n", g.ioctl_intf_major);
        return result;
      }

      if (g.ioctl_intf_major === 0) g.ioctl_intf_major = result; /* dynamic */
      pr_debug("registered:: ioctl_intf_major=%d\n", g.ioctl_intf_major);

      pr_info("initialized\n");
      return 0; /* success */
    }

    function ioctl_llkd_kdrv_cleanup(): void {
      unregister_chrdev(g.ioctl_intf_major, OURMODNAME);
      pr_info("removed\n");
    }

    return { init: ioctl_llkd_kdrv_init, exit: ioctl_llkd_kdrv_cleanup };
  },
};

export default ioctl_llkd_kdrv;
