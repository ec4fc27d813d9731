/**
 * "linux" as user programs see it: the uapi headers a header shared between a module and
 * its user program may include (<linux/ioctl.h>'s _IO* macros, <asm-generic/errno.h>).
 */
export * from "../include/uapi/errno.ts";
export * from "../include/uapi/ioctl.ts";
