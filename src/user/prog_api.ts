/**
 * What a learner's user program imports (programs built by `make`/`tsc`, run by the
 * binfmt in src/user/jsprog.ts). Its main receives the C library object itself:
 *
 *   import { O_RDWR, SysError, type Libc } from "libc";
 *   import { _IOR } from "linux";          // the uapi headers: <linux/ioctl.h>, errno
 *   export default async function main(argv: string[], envp: string[], libc: Libc) {...}
 *
 * "libc" holds the constants of <fcntl.h>, <errno.h>, <signal.h>, <sys/stat.h> and
 * <sys/ioctl.h>; "linux" in user space is the uapi subset a header shared with a kernel
 * module may use (the _IO* macros, errno values).
 */
export * from "../include/uapi/errno.ts";
export * from "../include/uapi/fcntl.ts";
export * from "../include/uapi/ioctl.ts";
export * from "../include/uapi/signal.ts";
export * from "../include/uapi/stat.ts";
export { SysError } from "./libc/errors.ts";
export type { Libc } from "./libc/libc.ts";

/** <stdlib.h> */
export const EXIT_SUCCESS = 0;
export const EXIT_FAILURE = 1;
