/*
 * ioctl_pgoff_user: the user program of the ioctl_pgoff assignment: asks the driver for
 * the kernel's PAGE_OFFSET with IOCTL_LLKD_IOCQPGOFF and prints it.
 *   usage: ioctl_pgoff_user DEVICE_FILE
 */
import { EXIT_FAILURE, EXIT_SUCCESS, type Libc, O_RDWR, SysError } from "../../../user/prog_api.ts";
import { IOCTL_LLKD_IOCQPGOFF } from "./ioctl_llkd.ts";

export default async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  if (argv.length < 2) {
    await libc.fprintf(libc.stderr, "Usage: %s device_file\n", argv[0]);
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
  const pgoff = libc.mem.malloc(8); /* unsigned long pgoff; */
  try {
    await libc.ioctl(fd, IOCTL_LLKD_IOCQPGOFF, pgoff);
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    await libc.perror("ioctl IOCTL_LLKD_IOCQPGOFF failed");
    await libc.close(fd);
    return EXIT_FAILURE;
  }
  await libc.printf("%s: PAGE_OFFSET = 0x%lx\n", argv[0], libc.mem.u64(pgoff));
  libc.mem.free(pgoff);
  await libc.close(fd);
  return EXIT_SUCCESS;
}
