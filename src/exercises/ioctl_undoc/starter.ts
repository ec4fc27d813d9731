/** The starter directory of ioctl_undoc (~/exercises/ioctl_undoc/). */
import { howTo, makefile } from "../common.ts";
import {
  type IoctlStarterParts,
  ioctlDriverSkeleton,
  ioctlHeader,
  ioctlProgramSkeleton,
} from "../ioctl_common.ts";

export const NAME = "ioctl_undoc";
export const PROGRAM = "ioctl_undoc_user";

export const STATEMENT = `ioctl assignment #2: using the provided ch2/ioctl_intf/ code as a template, write a
user space C application and a kernel-space (char) device driver implementing the ioctl
method. Add a driver context data structure (we use these in several examples), then
allocate and initialize it. Now, in addition to the three previous ioctl commands we use,
set up a fourth undocumented command (you can call it IOCTL_LLKD_IOCQDRVSTAT). When
queried from user space via ioctl(2), it must return the contents of the driver context
data structure to user space; the user space C application must print out the current
content of every single member of this structure.`;

/** The driver context's initial values the checker expects (the chapter's drv_ctx). */
export const DRVCTX_INIT = {
  tx: 0,
  rx: 0,
  err: 0,
  myword: 0,
  power: 1,
  config1: 0x0,
  config2: 0x48524a5f,
  config3: 0x424c0a52,
  oursecret: "AhA xxx",
} as const;

const README = `# ${NAME}

${STATEMENT}

(Here both are TypeScript: the driver \`${NAME}.ts\`, the user program \`${PROGRAM}.ts\`,
and the header they share, \`ioctl_llkd.ts\`, which already describes the driver
context's C layout. The starter files are the chapter's ioctl_llkd_kdrv driver and a
user program that opens the device.)

## What the checker expects

- a character driver registered as \`${NAME}\` (it shows in /proc/devices; the checker
  makes /dev/${NAME} from its major);
- a driver context allocated and initialized at init with the chapter's values:
  tx = rx = err = myword = 0, power = 1, config1 = 0x0, config2 = 0x48524a5f,
  config3 = 0x424c0a52, oursecret = "AhA xxx"; QPOWER and SPOWER read and set its
  power, RESET zeroes tx, rx and err;
- \`IOCTL_LLKD_IOCQDRVSTAT\` = \`_IOR(IOCTL_LLKD_MAGIC, 3, sizeof(struct drv_ctx))\` =
  0x80a8a803 copies the whole context to the user buffer given as the argument: 168
  bytes laid out as C's struct drv_ctx on x86_64 (see ioctl_llkd.ts; little-endian,
  config3 at offset 32, oursecret NUL-terminated at 40); a bad buffer address fails with
  EFAULT (copy_to_user() tells you); like QPOWER it may require CAP_SYS_ADMIN;
- unknown commands or a wrong magic fail with ENOTTY;
- \`${PROGRAM} /dev/${NAME}\` prints every member, one per line as \`name = value\`
  (tx, rx, err, myword, power, config1, config2, config3, oursecret; numbers in decimal
  or 0x-hexadecimal).

Hints: build the 168 bytes with a Uint8Array and a DataView (setInt32(off, v, true) ...),
then copy_to_user(Number(arg), bytes, 168). In the program, libc.mem.malloc(168),
libc.mem.i32(p + off), u32, u64 and read(p + off, n) decode it.

${howTo(NAME, NAME, PROGRAM)}`;

const HEADER = ioctlHeader(
  NAME,
  `
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

/* TODO: our dummy UNDOCUMENTED ioctl (IOC) Query Status command
 * export const IOCTL_LLKD_IOCQDRVSTAT = ...
 */
`,
);

const PARTS: IoctlStarterParts = {
  name: NAME,
  program: PROGRAM,
  number: "2",
  description: "LKP-2 ch2 assignment: an undocumented ioctl returning the driver context",
  command: "IOCTL_LLKD_IOCQDRVSTAT",
  driverTodo:
    " * TODO: a driver context (allocated and initialized at init, freed at exit) and the\n" +
    " * 'undocumented' IOCTL_LLKD_IOCQDRVSTAT that copies it to user space.\n",
  programTodo:
    " * TODO: run IOCTL_LLKD_IOCQDRVSTAT with a 168-byte buffer (libc.mem.malloc()) and print\n" +
    ' * every member of the driver context, one per line: "name = value".\n',
};

const SKELETON = ioctlDriverSkeleton(PARTS);

const PROGRAM_SKELETON = ioctlProgramSkeleton(PARTS);

export const STARTER: Record<string, string> = {
  "README.md": README,
  [`${NAME}.ts`]: SKELETON,
  "ioctl_llkd.ts": HEADER,
  [`${PROGRAM}.ts`]: PROGRAM_SKELETON,
  Makefile: makefile(NAME, { name: PROGRAM, deps: ["ioctl_llkd.ts"] }),
};
