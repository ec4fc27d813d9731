/*
 * ioctl_undoc_user: the user program of the ioctl_undoc assignment: runs the
 * 'undocumented' IOCTL_LLKD_IOCQDRVSTAT and prints every member of the driver context.
 *   usage: ioctl_undoc_user DEVICE_FILE
 */
import { EXIT_FAILURE, EXIT_SUCCESS, type Libc, O_RDWR, SysError } from "../../../user/prog_api.ts";
import { DRV_CTX, DRV_CTX_SIZE, IOCTL_LLKD_IOCQDRVSTAT, MAXBYTES } from "./ioctl_llkd.ts";

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
  /* drvctx = calloc(1, sizeof(struct drv_ctx)) */
  const drvctx = libc.mem.malloc(DRV_CTX_SIZE);
  libc.mem.write(drvctx, new Uint8Array(DRV_CTX_SIZE));
  await libc.printf("%s: running the 'undocumented' ioctl cmd IOCQDRVSTAT now...\n", argv[0]);
  try {
    await libc.ioctl(fd, IOCTL_LLKD_IOCQDRVSTAT, drvctx);
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    await libc.perror("ioctl IOCTL_LLKD_IOCQDRVSTAT failed");
    await libc.close(fd);
    return EXIT_FAILURE;
  }
  const secret = libc.mem.read(drvctx + DRV_CTX.oursecret, MAXBYTES);
  const nul = secret.indexOf(0);
  await libc.printf(
    "%s: 'driver context' details:\n tx = %d\n rx = %d\n err = %d\n myword = %d\n power = %d\n config1 = 0x%x\n config2 = 0x%x\n config3 = 0x%lx\n oursecret = %s\n",
    argv[0],
    libc.mem.i32(drvctx + DRV_CTX.tx),
    libc.mem.i32(drvctx + DRV_CTX.rx),
    libc.mem.i32(drvctx + DRV_CTX.err),
    libc.mem.i32(drvctx + DRV_CTX.myword),
    libc.mem.i32(drvctx + DRV_CTX.power),
    libc.mem.u32(drvctx + DRV_CTX.config1),
    libc.mem.u32(drvctx + DRV_CTX.config2),
    libc.mem.u64(drvctx + DRV_CTX.config3),
    new TextDecoder().decode(secret.subarray(0, nul < 0 ? MAXBYTES : nul)),
  );
  libc.mem.free(drvctx);
  await libc.close(fd);
  return EXIT_SUCCESS;
}
