/*
 * ioctl_pgoff: reference solution of the chapter's ioctl assignment #1: the chapter's
 * ioctl_llkd_kdrv driver (a raw char driver on a dynamic major) with a fourth command,
 * IOCTL_LLKD_IOCQPGOFF, that writes PAGE_OFFSET to the user's unsigned long.
 */
import {
  __put_user,
  _IOC_NR,
  _IOC_TYPE,
  CAP_SYS_ADMIN,
  capable,
  ENOTTY,
  EPERM,
  type File,
  type FileOperations,
  type ModuleDefinition,
  no_llseek,
  PAGE_OFFSET,
  pr_debug,
  pr_info,
  put_user,
  register_chrdev,
  unregister_chrdev,
} from "../../../linux.ts";
import {
  IOCTL_LLKD_IOCQPGOFF,
  IOCTL_LLKD_IOCQPOWER,
  IOCTL_LLKD_IOCRESET,
  IOCTL_LLKD_IOCSPOWER,
  IOCTL_LLKD_MAGIC,
  IOCTL_LLKD_MAXIOCTL,
} from "./ioctl_llkd.ts";

const OURMODNAME = "ioctl_pgoff";

const ioctl_pgoff: ModuleDefinition = {
  name: OURMODNAME,
  description: "LKP-2 ch2 assignment: ioctl to query PAGE_OFFSET",
  author: "vkern",
  license: "Dual MIT/GPL",
  version: "0.1",
  pr_fmt: (modname, func) => `${modname}:${func}(): `,

  load(THIS_MODULE) {
    const g = THIS_MODULE.static({ major: 0, power: 1 });

    function ioctl_intf_ioctl(_filp: File, cmd: number, arg: number | bigint): number {
      pr_debug("In ioctl method, cmd=%d\n", _IOC_NR(cmd));
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
          return 0;
        case IOCTL_LLKD_IOCQPOWER:
          if (!capable(CAP_SYS_ADMIN)) return -EPERM;
          return __put_user(g.power, Number(arg), "int");
        case IOCTL_LLKD_IOCSPOWER:
          if (!capable(CAP_SYS_ADMIN)) return -EPERM;
          g.power = Number(BigInt.asIntN(32, BigInt(arg)));
          return 0;
        case IOCTL_LLKD_IOCQPGOFF:
          pr_debug("In ioctl cmd option: IOCTL_LLKD_IOCQPGOFF\n");
          return put_user(PAGE_OFFSET(), Number(arg), "ulong");
        default:
          return -ENOTTY;
      }
    }

    const fops: FileOperations = {
      owner: THIS_MODULE,
      llseek: no_llseek,
      unlocked_ioctl: ioctl_intf_ioctl,
    };

    function ioctl_pgoff_init(): number {
      const result = register_chrdev(0, OURMODNAME, fops);
      if (result < 0) {
        pr_info("register_chrdev() failed (%d)\n", result);
        return result;
      }
      g.major = result;
      pr_info("registered, major %d\n", g.major);
      return 0;
    }

    function ioctl_pgoff_cleanup(): void {
      unregister_chrdev(g.major, OURMODNAME);
      pr_info("removed\n");
    }

    return { init: ioctl_pgoff_init, exit: ioctl_pgoff_cleanup };
  },
};

export default ioctl_pgoff;
