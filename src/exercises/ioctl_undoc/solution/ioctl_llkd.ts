/*
 * ioctl_llkd.ts: the header the ioctl_undoc driver and its user program share (the book's
 * solutions_to_assgn/ch2/ioctl_undoc/ioctl_llkd.h): the three commands of the chapter,
 * the driver context's layout, and the 'undocumented' IOCTL_LLKD_IOCQDRVSTAT.
 */
import { _IO, _IOR, _IOW } from "../../../linux.ts";

/* The 'magic' number for our driver; see Documentation/ioctl/ioctl-number.rst */
export const IOCTL_LLKD_MAGIC = 0xa8;

export const IOCTL_LLKD_MAXIOCTL = 3;

/** sizeof(int) */
export const SIZEOF_INT = 4;

/* our dummy ioctl (IOC) RESET command */
export const IOCTL_LLKD_IOCRESET = _IO(IOCTL_LLKD_MAGIC, 0);

/* our dummy ioctl (IOC) Query POWER command */
export const IOCTL_LLKD_IOCQPOWER = _IOR(IOCTL_LLKD_MAGIC, 1, SIZEOF_INT);

/* our dummy ioctl (IOC) Set POWER command */
export const IOCTL_LLKD_IOCSPOWER = _IOW(IOCTL_LLKD_MAGIC, 2, SIZEOF_INT);

/*
 * The 'driver context' data structure, as C lays it out on x86_64:
 * struct drv_ctx {
 *     int tx, rx, err, myword, power;    offsets 0, 4, 8, 12, 16
 *     u32 config1;                       20
 *     u32 config2;                       24
 *     u64 config3;                       32 (aligned to 8)
 * #define MAXBYTES 128
 *     char oursecret[MAXBYTES];          40
 * };                                     sizeof: 168
 */
export const DRV_CTX = {
  tx: 0,
  rx: 4,
  err: 8,
  myword: 12,
  power: 16,
  config1: 20,
  config2: 24,
  config3: 32,
  oursecret: 40,
} as const;
export const MAXBYTES = 128;
export const DRV_CTX_SIZE = 168;

/* our dummy UNDOCUMENTED ioctl (IOC) Query Status command */
export const IOCTL_LLKD_IOCQDRVSTAT = _IOR(IOCTL_LLKD_MAGIC, 3, DRV_CTX_SIZE);
