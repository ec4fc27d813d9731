/*
 * ioctl_llkd_userspace: user space app to test interfacing between user and kernel address
 * spaces via the ioctl, after the book's ch13/ioctl_intf/userspace_ioctl/
 * ioctl_llkd_userspace.c (Linux Kernel Programming Part 2). Successive runs toggle the
 * fictional device's power.
 */

import { O_RDWR } from "../../include/uapi/fcntl.ts";
import {
  IOCTL_LLKD_IOCQPOWER,
  IOCTL_LLKD_IOCRESET,
  IOCTL_LLKD_IOCSPOWER,
} from "../../modules/ioctl_llkd_kdrv/ioctl_llkd.ts";
import { SysError } from "../libc/errors.ts";
import type { Libc } from "../libc/libc.ts";

const EXIT_SUCCESS = 0;
const EXIT_FAILURE = 1;

/** ioctl(2) as C calls it: -1 on failure with errno set (the wrapper's error caught). */
async function ioctl(libc: Libc, fd: number, req: number, arg: number): Promise<number> {
  try {
    return await libc.ioctl(fd, req, arg);
  } catch (e) {
    if (e instanceof SysError) return -1;
    throw e;
  }
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  if (argv.length < 2) {
    await libc.fprintf(
      libc.stderr,
      "Usage: %s device_file\n  If device_file does not exist, create it using mknod(1) (as root)\n",
      argv[0],
    );
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
  await libc.printf("device opened: fd=%d\n", fd);

  await libc.printf(
    "(FYI, IOCTL_LLKD_IOCRESET = 0x%x IOCTL_LLKD_IOCQPOWER= 0x%x IOCTL_LLKD_IOCSPOWER=0x%x)\n",
    IOCTL_LLKD_IOCRESET,
    IOCTL_LLKD_IOCQPOWER,
    IOCTL_LLKD_IOCSPOWER,
  );

  const fail = async (what: string): Promise<number> => {
    await libc.perror(what);
    await libc.close(fd).catch(() => 0);
    return EXIT_FAILURE;
  };

  // Test our various ioctl's ...
  // 1. Reset the device
  if ((await ioctl(libc, fd, IOCTL_LLKD_IOCRESET, 0)) === -1)
    return fail("ioctl IOCTL_LLKD_IOCRESET failed");
  await libc.printf("%s: device reset.\n", argv[0]);

  // 2. Query it's power status (into `int power`, on the heap here rather than the stack)
  const powerp = libc.mem.malloc(4);
  if ((await ioctl(libc, fd, IOCTL_LLKD_IOCQPOWER, powerp)) === -1)
    return fail("ioctl IOCTL_LLKD_IOCQPOWER failed");
  const power = libc.mem.i32(powerp);
  await libc.printf("%s: power=%d\n", argv[0], power);

  // 3. Toggle it's power status
  if (power === 0) {
    await libc.printf("%s: Device OFF, powering it On now ...\n", argv[0]);
    if ((await ioctl(libc, fd, IOCTL_LLKD_IOCSPOWER, 1)) === -1)
      return fail("ioctl IOCTL_LLKD_IOCSPOWER failed");
    await libc.printf("%s: power is ON now.\n", argv[0]);
  } else if (power === 1) {
    await libc.printf("%s: Device ON, powering it OFF in 3s ...\n", argv[0]);
    await libc.sleep(3); /* yes, careful here of sleep & signals! */
    if ((await ioctl(libc, fd, IOCTL_LLKD_IOCSPOWER, 0)) === -1)
      return fail("ioctl IOCTL_LLKD_IOCSPOWER failed");
    await libc.printf("%s: power OFF ok, exiting..\n", argv[0]);
  }

  await libc.close(fd);
  return EXIT_SUCCESS;
}
