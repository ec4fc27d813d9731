/** The starter directory of ioctl_pgoff (~/exercises/ioctl_pgoff/). */
import { howTo, makefile } from "../common.ts";
import {
  type IoctlStarterParts,
  ioctlDriverSkeleton,
  ioctlHeader,
  ioctlProgramSkeleton,
} from "../ioctl_common.ts";

export const NAME = "ioctl_pgoff";
export const PROGRAM = "ioctl_pgoff_user";

export const STATEMENT = `ioctl assignment #1: using the provided ch2/ioctl_intf/ code as a template, write a
user space C application and a kernel-space (char) device driver implementing the ioctl
method. Add an ioctl command called IOCTL_LLKD_IOCQPGOFF to return the value of
PAGE_OFFSET (within the kernel) to user space.`;

const README = `# ${NAME}

${STATEMENT}

(Here both are TypeScript: the driver \`${NAME}.ts\`, the user program \`${PROGRAM}.ts\`,
and the header they share, \`ioctl_llkd.ts\`. The starter files are the chapter's
ioctl_llkd_kdrv driver and a user program that opens the device.)

## What the checker expects

- a character driver registered as \`${NAME}\` (it shows in /proc/devices; the checker
  makes /dev/${NAME} from its major as the chapter's cr8devnode.sh does);
- \`IOCTL_LLKD_IOCQPGOFF\` = \`_IOR(IOCTL_LLKD_MAGIC, 3, sizeof(unsigned long))\` =
  0x8008a803: the driver writes PAGE_OFFSET, an unsigned long (8 bytes), to the user
  address given as the ioctl's argument (put_user(value, ptr, "ulong") or
  copy_to_user()); a bad address fails with EFAULT; the checker boots with a PAGE_OFFSET
  other than the default;
- the template's commands keep working (RESET, QPOWER gives 1, SPOWER), and unknown
  commands or a wrong magic fail with ENOTTY;
- \`${PROGRAM} /dev/${NAME}\` prints PAGE_OFFSET (as a hexadecimal number).

${howTo(NAME, NAME, PROGRAM)}
To make the device node by hand:

    sudo mknod /dev/${NAME} c $(awk '$2=="${NAME}" {print $1}' /proc/devices) 0

(or read the major in /proc/devices with grep).
`;

const HEADER = ioctlHeader(
  NAME,
  `
/* TODO: the assignment's command: Query PAGE_OFFSET (into an unsigned long)
 * export const IOCTL_LLKD_IOCQPGOFF = ...
 */
`,
);

const PARTS: IoctlStarterParts = {
  name: NAME,
  program: PROGRAM,
  number: "1",
  description: "LKP-2 ch2 assignment: ioctl to query PAGE_OFFSET",
  command: "IOCTL_LLKD_IOCQPGOFF",
  driverTodo:
    " * TODO: handle IOCTL_LLKD_IOCQPGOFF: write PAGE_OFFSET() to the user's unsigned long.\n",
  programTodo:
    " * TODO: issue IOCTL_LLKD_IOCQPGOFF with a pointer to an unsigned long (8 bytes of user\n" +
    " * memory: libc.mem.malloc(8); read it back with libc.mem.u64(p)) and print it.\n",
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
