/*
 * ioctl_llkd.ts: the header the ioctl_pgoff driver and its user program share (the book's
 * ch2/ioctl_intf/ioctl_llkd.h, plus the assignment's IOCTL_LLKD_IOCQPGOFF).
 */
import { _IO, _IOR, _IOW } from "../../../linux.ts";

/* The 'magic' number for our driver; see Documentation/ioctl/ioctl-number.rst */
export const IOCTL_LLKD_MAGIC = 0xa8;

export const IOCTL_LLKD_MAXIOCTL = 3;

/** sizeof(int) */
export const SIZEOF_INT = 4;
/** sizeof(unsigned long) on x86_64 */
export const SIZEOF_ULONG = 8;

/* our dummy ioctl (IOC) RESET command */
export const IOCTL_LLKD_IOCRESET = _IO(IOCTL_LLKD_MAGIC, 0);

/* our dummy ioctl (IOC) Query POWER command */
export const IOCTL_LLKD_IOCQPOWER = _IOR(IOCTL_LLKD_MAGIC, 1, SIZEOF_INT);

/* our dummy ioctl (IOC) Set POWER command */
export const IOCTL_LLKD_IOCSPOWER = _IOW(IOCTL_LLKD_MAGIC, 2, SIZEOF_INT);

/* the assignment's command: Query PAGE_OFFSET (into an unsigned long) */
export const IOCTL_LLKD_IOCQPGOFF = _IOR(IOCTL_LLKD_MAGIC, 3, SIZEOF_ULONG);
