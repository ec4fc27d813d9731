/**
 * The VFS's own ioctls (fs/ioctl.c:do_vfs_ioctl() of 5.4). Results marked "here" were
 * checked on this machine's kernel (Linux 6.18) with Python's fcntl.ioctl as root, on
 * /dev/null, /dev/urandom, /proc/version, a tmpfs file and directory (/dev/shm) and a pipe.
 */
import { describe, expect, it } from "vitest";
import {
  F_GETFD,
  F_GETFL,
  O_NONBLOCK,
  O_PATH,
  O_RDONLY,
  O_RDWR,
} from "../../src/include/uapi/fcntl.ts";
import { FIBMAP, FIFREEZE, FIGETBSZ, FITHAW, FS_IOC_FIEMAP } from "../../src/include/uapi/fs.ts";
import {
  FIOASYNC,
  FIOCLEX,
  FIONBIO,
  FIONCLEX,
  FIONREAD,
  FIOQSIZE,
} from "../../src/include/uapi/ioctl.ts";
import type { Libc } from "../../src/user/libc/libc.ts";
import { boot } from "../../src/vkern.ts";
import { expectErrno, proc } from "../helpers.ts";

async function setup(uid = 0) {
  const k = await boot();
  const { libc } = proc(k, uid);
  await libc.writeFile("/tmp/f", "hello");
  return { k, libc };
}

async function intOut(libc: Libc, fd: number, cmd: number): Promise<number> {
  const p = libc.mem.malloc(8);
  await libc.ioctl(fd, cmd, p);
  return libc.mem.i32(p);
}

describe("descriptor and file flags", () => {
  it("FIOCLEX / FIONCLEX set and clear close-on-exec", async () => {
    const { libc } = await setup();
    const fd = await libc.open("/tmp/f", O_RDONLY);
    await libc.ioctl(fd, FIOCLEX);
    expect(await libc.fcntl(fd, F_GETFD)).toBe(1);
    await libc.ioctl(fd, FIONCLEX);
    expect(await libc.fcntl(fd, F_GETFD)).toBe(0);
  });

  it("FIONBIO sets O_NONBLOCK from the int it points to; a bad pointer is EFAULT", async () => {
    const { libc } = await setup();
    const fd = await libc.open("/tmp/f", O_RDONLY);
    const p = libc.mem.malloc(4);
    libc.mem.setI32(p, 7);
    await libc.ioctl(fd, FIONBIO, p);
    expect((await libc.fcntl(fd, F_GETFL)) & O_NONBLOCK).toBe(O_NONBLOCK);
    libc.mem.setI32(p, 0);
    await libc.ioctl(fd, FIONBIO, p);
    expect((await libc.fcntl(fd, F_GETFL)) & O_NONBLOCK).toBe(0);
    await expectErrno(libc.ioctl(fd, FIONBIO, 0), "EFAULT");
  });

  it("FIOASYNC without a fasync method: turning it on is ENOTTY, off is fine (here too)", async () => {
    const { libc } = await setup();
    const fd = await libc.open("/dev/null", O_RDWR);
    const p = libc.mem.malloc(4);
    libc.mem.setI32(p, 1);
    await expectErrno(libc.ioctl(fd, FIOASYNC, p), "ENOTTY");
    libc.mem.setI32(p, 0);
    expect(await libc.ioctl(fd, FIOASYNC, p)).toBe(0);
  });
});

describe("sizes", () => {
  it("FIONREAD on a regular file is size - pos (here: 3 after reading 2 of 5)", async () => {
    const { libc } = await setup();
    const fd = await libc.open("/tmp/f", O_RDONLY);
    await libc.readBytes(fd, 2);
    expect(await intOut(libc, fd, FIONREAD)).toBe(3);
  });

  it("FIONREAD on a procfs file is 0, then negative once read (here: -20)", async () => {
    const { libc } = await setup(1000);
    const fd = await libc.open("/proc/version", O_RDONLY);
    expect(await intOut(libc, fd, FIONREAD)).toBe(0);
    await libc.readBytes(fd, 20);
    expect(await intOut(libc, fd, FIONREAD)).toBe(-20);
  });

  it("FIONREAD on a pipe is the bytes waiting; FIOASYNC is accepted (here too)", async () => {
    const { libc } = await setup(1000);
    const [r, w] = await libc.pipe();
    await libc.writeBytes(w, "hello");
    expect(await intOut(libc, r, FIONREAD)).toBe(5);
    await libc.readBytes(r, 2);
    expect(await intOut(libc, w, FIONREAD)).toBe(3);
    const p = libc.mem.malloc(4);
    libc.mem.setI32(p, 1);
    expect(await libc.ioctl(r, FIOASYNC, p)).toBe(0);
    expect((await libc.fcntl(r, F_GETFL)) & 0o20000).toBe(0o20000); // FASYNC
  });

  it("FIONREAD on /dev/null is ENOTTY (here too)", async () => {
    const { libc } = await setup(1000);
    const fd = await libc.open("/dev/null", O_RDONLY);
    await expectErrno(libc.ioctl(fd, FIONREAD, libc.mem.malloc(4)), "ENOTTY");
  });

  it("FIOQSIZE gives the bytes allocated, st_blocks * 512 (here: 0 for a tmpfs dir)", async () => {
    const { libc } = await setup();
    const q = async (path: string) => {
      const fd = await libc.open(path, O_RDONLY);
      const p = libc.mem.malloc(8);
      await libc.ioctl(fd, FIOQSIZE, p);
      return libc.mem.i64(p);
    };
    for (const path of ["/tmp/f", "/tmp", "/dev", "/proc/version"])
      expect(await q(path)).toBe(BigInt((await libc.stat(path)).blocks * 512));
    expect(await q("/tmp/f")).toBe(4096n); // 5 bytes take one page (here on tmpfs too)
    expect(await q("/dev")).toBe(0n); // devtmpfs is tmpfs
    const nul = await libc.open("/dev/null", O_RDONLY);
    await expectErrno(libc.ioctl(nul, FIOQSIZE, libc.mem.malloc(8)), "ENOTTY");
  });

  it("FIGETBSZ: 1024 on procfs, 4096 elsewhere (here too)", async () => {
    const { libc } = await setup(1000);
    const bsz = async (path: string) => intOut(libc, await libc.open(path, O_RDONLY), FIGETBSZ);
    expect(await bsz("/proc/version")).toBe(1024);
    expect(await bsz("/tmp/f")).toBe(4096);
    expect(await bsz("/dev/null")).toBe(4096);
  });
});

describe("filesystem commands", () => {
  // [name, cmd, uid, errno]
  const cases: [string, number, number, string][] = [
    ["FIBMAP (no bmap; here too)", FIBMAP, 0, "EINVAL"],
    ["FIFREEZE as a user", FIFREEZE, 1000, "EPERM"],
    ["FIFREEZE as root (here too)", FIFREEZE, 0, "EOPNOTSUPP"],
    ["FITHAW as root, not frozen (here too)", FITHAW, 0, "EINVAL"],
    ["FS_IOC_FIEMAP", FS_IOC_FIEMAP, 0, "EOPNOTSUPP"],
    ["an unknown command on a regular file", 0x1234, 0, "ENOTTY"],
  ];
  it.each(cases)("%s", async (_name, cmd, uid, err) => {
    const { k } = await setup();
    const { libc } = proc(k, uid);
    const fd = await libc.open("/tmp/f", O_RDONLY);
    await expectErrno(libc.ioctl(fd, cmd, libc.mem.malloc(64)), err);
  });
});

describe("file descriptors", () => {
  it("a bad fd or an O_PATH fd is EBADF", async () => {
    const { libc } = await setup(1000);
    await expectErrno(libc.ioctl(99, FIONREAD, 0), "EBADF");
    await expectErrno(libc.ioctl(-1, FIONREAD, 0), "EBADF");
    const fd = await libc.open("/tmp/f", O_PATH);
    await expectErrno(libc.ioctl(fd, FIOCLEX), "EBADF");
  });
});
