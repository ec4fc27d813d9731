/*
 * ioctl_undoc: reference solution of the chapter's ioctl assignment #2: the chapter's
 * ioctl driver with a driver context (allocated and initialized at init) and a fourth,
 * 'undocumented' command IOCTL_LLKD_IOCQDRVSTAT that copies the whole context to user
 * space.
 */
import {
  __put_user,
  _IOC_NR,
  _IOC_TYPE,
  CAP_SYS_ADMIN,
  capable,
  copy_to_user,
  EFAULT,
  ENOMEM,
  ENOTTY,
  EPERM,
  type File,
  type FileOperations,
  kfree,
  kzalloc,
  type ModuleDefinition,
  no_llseek,
  pr_debug,
  pr_info,
  register_chrdev,
  unregister_chrdev,
} from "../../../linux.ts";
import {
  DRV_CTX,
  DRV_CTX_SIZE,
  IOCTL_LLKD_IOCQDRVSTAT,
  IOCTL_LLKD_IOCQPOWER,
  IOCTL_LLKD_IOCRESET,
  IOCTL_LLKD_IOCSPOWER,
  IOCTL_LLKD_MAGIC,
  IOCTL_LLKD_MAXIOCTL,
  MAXBYTES,
} from "./ioctl_llkd.ts";

const OURMODNAME = "ioctl_undoc";

interface DrvCtx {
  tx: number;
  rx: number;
  err: number;
  myword: number;
  power: number;
  config1: number;
  config2: number;
  config3: bigint;
  oursecret: string;
}

/** The context as C's struct drv_ctx bytes (x86_64: little-endian, config3 at 32). */
function drvctx_bytes(c: DrvCtx): Uint8Array {
  const b = new Uint8Array(DRV_CTX_SIZE);
  const v = new DataView(b.buffer);
  v.setInt32(DRV_CTX.tx, c.tx, true);
  v.setInt32(DRV_CTX.rx, c.rx, true);
  v.setInt32(DRV_CTX.err, c.err, true);
  v.setInt32(DRV_CTX.myword, c.myword, true);
  v.setInt32(DRV_CTX.power, c.power, true);
  v.setUint32(DRV_CTX.config1, c.config1, true);
  v.setUint32(DRV_CTX.config2, c.config2, true);
  v.setBigUint64(DRV_CTX.config3, c.config3, true);
  const s = new TextEncoder().encode(c.oursecret).subarray(0, MAXBYTES - 1);
  b.set(s, DRV_CTX.oursecret);
  return b;
}

const ioctl_undoc: ModuleDefinition = {
  name: OURMODNAME,
  description: "LKP-2 ch2 assignment: an undocumented ioctl returning the driver context",
  author: "vkern",
  license: "Dual MIT/GPL",
  version: "0.1",
  pr_fmt: (modname, func) => `${modname}:${func}(): `,

  load(THIS_MODULE) {
    const g = THIS_MODULE.static({ major: 0, drvctx: null as DrvCtx | null });

    function ioctl_intf_ioctl(_filp: File, cmd: number, arg: number | bigint): number {
      const ctx = g.drvctx!;
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
          ctx.tx = ctx.rx = ctx.err = 0;
          return 0;
        case IOCTL_LLKD_IOCQPOWER:
          if (!capable(CAP_SYS_ADMIN)) return -EPERM;
          return __put_user(ctx.power, Number(arg), "int");
        case IOCTL_LLKD_IOCSPOWER:
          if (!capable(CAP_SYS_ADMIN)) return -EPERM;
          ctx.power = Number(BigInt.asIntN(32, BigInt(arg)));
          return 0;
        case IOCTL_LLKD_IOCQDRVSTAT /* the new 'undocumented' ioctl ! */:
          pr_info("new undoc ioctl cmd!\n");
          if (!capable(CAP_SYS_ADMIN)) return -EPERM;
          if (copy_to_user(Number(arg), drvctx_bytes(ctx), DRV_CTX_SIZE)) return -EFAULT;
          return 0;
        default:
          return -ENOTTY;
      }
    }

    const fops: FileOperations = {
      owner: THIS_MODULE,
      llseek: no_llseek,
      unlocked_ioctl: ioctl_intf_ioctl,
    };

    function ioctl_undoc_init(): number {
      const ctx = kzalloc<DrvCtx>({
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
      if (!ctx) return -ENOMEM;
      g.drvctx = ctx;
      const result = register_chrdev(0, OURMODNAME, fops);
      if (result < 0) {
        kfree(ctx);
        return result;
      }
      g.major = result;
      pr_info("initialized, major %d\n", g.major);
      return 0;
    }

    function ioctl_undoc_cleanup(): void {
      unregister_chrdev(g.major, OURMODNAME);
      kfree(g.drvctx);
      pr_info("removed\n");
    }

    return { init: ioctl_undoc_init, exit: ioctl_undoc_cleanup };
  },
};

export default ioctl_undoc;
