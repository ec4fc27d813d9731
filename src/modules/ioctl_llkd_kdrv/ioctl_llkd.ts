/*
 * ioctl_llkd.h: the header the ioctl_llkd_kdrv driver and its user space program share,
 * after the book's ch13/ioctl_intf/ioctl_llkd.h (Linux Kernel Programming Part 2, "User-
 * Kernel Communication Pathways").
 *
 * The 'magic' number for our driver; see Documentation/ioctl/ioctl-number.rst.
 * Of course, we don't know for _sure_ if the magic # we choose here this will remain
 * free; it really doesn't matter, this is just for demo purposes.
 *
 * _IO(type,nr)              ioctl command with no argument
 * _IOR(type,nr,datatype)    ioctl command for reading data from the kernel/drv
 * _IOW(type,nr,datatype)    ioctl command for writing data to the kernel/drv
 * _IOWR(type,nr,datatype)   ioctl command for read/write transfers
 * (TypeScript has no sizeof: the datatype is given as its size, 4 for an int.)
 */
import { _IO, _IOR, _IOW } from "../../include/uapi/ioctl.ts";

export const IOCTL_LLKD_MAGIC = 0xa8;

export const IOCTL_LLKD_MAXIOCTL = 3;

/** sizeof(int) */
const SIZEOF_INT = 4;

/* our dummy ioctl (IOC) RESET command */
export const IOCTL_LLKD_IOCRESET = _IO(IOCTL_LLKD_MAGIC, 0);

/* our dummy ioctl (IOC) Query POWER command */
export const IOCTL_LLKD_IOCQPOWER = _IOR(IOCTL_LLKD_MAGIC, 1, SIZEOF_INT);

/* our dummy ioctl (IOC) Set POWER command */
export const IOCTL_LLKD_IOCSPOWER = _IOW(IOCTL_LLKD_MAGIC, 2, SIZEOF_INT);
