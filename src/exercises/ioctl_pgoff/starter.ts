/** The starter directory of ioctl_pgoff (~/exercises/ioctl_pgoff/). */
import { howTo, makefile } from "../common.ts";
import { ioctlHeader } from "../ioctl_common.ts";

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

const SKELETON = `/*
 * ${NAME}: the chapter's ioctl assignment #1. The chapter's ioctl_llkd_kdrv driver (a raw
 * char driver with a dynamic major) to start from.
 *
 * TODO: handle IOCTL_LLKD_IOCQPGOFF: write PAGE_OFFSET() to the user's unsigned long.
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
  pr_debug,
  pr_info,
  register_chrdev,
  unregister_chrdev,
} from "linux";
import {
  IOCTL_LLKD_IOCQPOWER,
  IOCTL_LLKD_IOCRESET,
  IOCTL_LLKD_IOCSPOWER,
  IOCTL_LLKD_MAGIC,
  IOCTL_LLKD_MAXIOCTL,
} from "./ioctl_llkd";

const OURMODNAME = "${NAME}";

const ${NAME}: ModuleDefinition = {
  name: OURMODNAME,
  description: "LKP-2 ch2 assignment: ioctl to query PAGE_OFFSET",
  author: "<your name here>",
  license: "Dual MIT/GPL",
  version: "0.1",

  load(THIS_MODULE) {
    const g = THIS_MODULE.static({ major: 0, power: 1 /* 'powered on' by default */ });

    function ioctl_intf_ioctl(_filp: File, cmd: number, arg: number | bigint): number {
      pr_debug("In ioctl method, cmd=%d\\n", _IOC_NR(cmd));
      /* Verify stuff: is the ioctl's for us? etc.. */
      if (_IOC_TYPE(cmd) !== IOCTL_LLKD_MAGIC) {
        pr_info("ioctl fail; magic # mismatch\\n");
        return -ENOTTY;
      }
      if (_IOC_NR(cmd) > IOCTL_LLKD_MAXIOCTL) {
        pr_info("ioctl fail; invalid cmd?\\n");
        return -ENOTTY;
      }
      switch (cmd) {
        case IOCTL_LLKD_IOCRESET:
          return 0;
        case IOCTL_LLKD_IOCQPOWER /* Get: arg is pointer to result */:
          if (!capable(CAP_SYS_ADMIN)) return -EPERM;
          return __put_user(g.power, Number(arg), "int");
        case IOCTL_LLKD_IOCSPOWER /* Set: arg is the value to set */:
          if (!capable(CAP_SYS_ADMIN)) return -EPERM;
          g.power = Number(BigInt.asIntN(32, BigInt(arg)));
          return 0;
        /* TODO: case IOCTL_LLKD_IOCQPGOFF */
        default:
          return -ENOTTY;
      }
    }

    const ioctl_intf_fops: FileOperations = {
      owner: THIS_MODULE,
      llseek: no_llseek,
      unlocked_ioctl: ioctl_intf_ioctl,
    };

    function ${NAME}_init(): number {
      /* Register the major, and accept a dynamic number */
      const result = register_chrdev(0, OURMODNAME, ioctl_intf_fops);
      if (result < 0) {
        pr_info("register_chrdev() failed (%d)\\n", result);
        return result;
      }
      g.major = result;
      pr_info("initialized, major %d\\n", g.major);
      return 0;
    }

    function ${NAME}_cleanup(): void {
      unregister_chrdev(g.major, OURMODNAME);
      pr_info("removed\\n");
    }

    return { init: ${NAME}_init, exit: ${NAME}_cleanup };
  },
};

export default ${NAME};
`;

const PROGRAM_SKELETON = `/*
 * ${PROGRAM}: the user program of the ioctl_pgoff assignment.
 *   usage: ${PROGRAM} DEVICE_FILE
 *
 * TODO: issue IOCTL_LLKD_IOCQPGOFF with a pointer to an unsigned long (8 bytes of user
 * memory: libc.mem.malloc(8); read it back with libc.mem.u64(p)) and print it.
 */
import { EXIT_FAILURE, EXIT_SUCCESS, type Libc, O_RDWR, SysError } from "libc";

export default async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  if (argv.length < 2) {
    await libc.fprintf(libc.stderr, "Usage: %s device_file\\n", argv[0]);
    return EXIT_FAILURE;
  }
  let fd: number;
  try {
    fd = await libc.open(argv[1], O_RDWR, 0);
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    await libc.perror("open");
    return EXIT_FAILURE;
  }
  await libc.printf("device opened: fd=%d\\n", fd);
  /* TODO */
  await libc.close(fd);
  return EXIT_SUCCESS;
}
`;

export const STARTER: Record<string, string> = {
  "README.md": README,
  [`${NAME}.ts`]: SKELETON,
  "ioctl_llkd.ts": HEADER,
  [`${PROGRAM}.ts`]: PROGRAM_SKELETON,
  Makefile: makefile(NAME, { name: PROGRAM, deps: ["ioctl_llkd.ts"] }),
};
