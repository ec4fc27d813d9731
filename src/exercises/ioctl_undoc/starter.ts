/** The starter directory of ioctl_undoc (~/exercises/ioctl_undoc/). */
import { howTo, makefile } from "../common.ts";
import { ioctlHeader } from "../ioctl_common.ts";

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

const SKELETON = `/*
 * ${NAME}: the chapter's ioctl assignment #2. The chapter's ioctl_llkd_kdrv driver (a raw
 * char driver with a dynamic major) to start from.
 *
 * TODO: a driver context (allocated and initialized at init, freed at exit) and the
 * 'undocumented' IOCTL_LLKD_IOCQDRVSTAT that copies it to user space.
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
  description: "LKP-2 ch2 assignment: an undocumented ioctl returning the driver context",
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
        /* TODO: case IOCTL_LLKD_IOCQDRVSTAT */
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
 * ${PROGRAM}: the user program of the ioctl_undoc assignment.
 *   usage: ${PROGRAM} DEVICE_FILE
 *
 * TODO: run IOCTL_LLKD_IOCQDRVSTAT with a 168-byte buffer (libc.mem.malloc()) and print
 * every member of the driver context, one per line: "name = value".
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
