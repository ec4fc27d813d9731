/**
 * What the two ioctl exercises share: the header their driver and user program include
 * (the book's ch2/ioctl_intf/ioctl_llkd.h, with the exercise's new command) and the
 * checker's access to the driver: find its major in /proc/devices, make the node as the
 * book's cr8devnode.sh does, and issue ioctls from a process with real user memory.
 */
import { _IO, _IOR, _IOW } from "../include/uapi/ioctl.ts";
import { S_IFCHR } from "../include/uapi/stat.ts";
import { SysError } from "../user/libc/errors.ts";
import type { Libc } from "../user/libc/libc.ts";
import { type Harness, Killed } from "./harness.ts";

export const IOCTL_LLKD_MAGIC = 0xa8;
export const IOCTL_LLKD_IOCRESET = _IO(IOCTL_LLKD_MAGIC, 0);
export const IOCTL_LLKD_IOCQPOWER = _IOR(IOCTL_LLKD_MAGIC, 1, 4);
export const IOCTL_LLKD_IOCSPOWER = _IOW(IOCTL_LLKD_MAGIC, 2, 4);

/** The shared header of an exercise, as the starter ships it; `extra` adds its command. */
export function ioctlHeader(exercise: string, extra: string): string {
  return `/*
 * ioctl_llkd.ts: the header the ${exercise} driver and its user program share (the book's
 * ch2/ioctl_intf/ioctl_llkd.h). Both import it: \`import { ... } from "./ioctl_llkd"\`.
 *
 * _IO(type,nr)              ioctl command with no argument
 * _IOR(type,nr,size)        ioctl command for reading data from the kernel/drv
 * _IOW(type,nr,size)        ioctl command for writing data to the kernel/drv
 * _IOWR(type,nr,size)       ioctl command for read/write transfers
 * (TypeScript has no sizeof: the datatype is given as its size, 4 for an int.)
 */
import { _IO, _IOR, _IOW } from "linux";

/* The 'magic' number for our driver; see Documentation/ioctl/ioctl-number.rst */
export const IOCTL_LLKD_MAGIC = 0xa8;

export const IOCTL_LLKD_MAXIOCTL = 3;

/** sizeof(int) */
export const SIZEOF_INT = 4;

/* our dummy ioctl (IOC) RESET command */
export const IOCTL_LLKD_IOCRESET = _IO(IOCTL_LLKD_MAGIC, 0);

/* our dummy ioctl (IOC) Query POWER command */
export const IOCTL_LLKD_IOCQPOWER = _IOR(IOCTL_LLKD_MAGIC, 1, SIZEOF_INT);

/* our dummy ioctl (IOC) Set POWER command */
export const IOCTL_LLKD_IOCSPOWER = _IOW(IOCTL_LLKD_MAGIC, 2, SIZEOF_INT);
${extra}`;
}

export type IoctlResult = { ok: true; ret: number } | { ok: false; code: string };

/** The driver's /dev node: a misc device's, or one made from its major in /proc/devices. */
export async function devNode(h: Harness, name: string): Promise<string | null> {
  const path = `/dev/${name}`;
  if (await h.exists(path)) return path;
  const devices = await h.read("/proc/devices");
  if (!devices.ok) return null;
  const m = new RegExp(`^\\s*(\\d+) ${name}$`, "m").exec(devices.text);
  if (!m) return null;
  const { libc } = h.proc(0);
  await libc.mknod(path, S_IFCHR | 0o666, (Number(m[1]) << 8) | 0);
  await libc.chmod(path, 0o666);
  return path;
}

/** Opens the device as `uid` and runs `fn` with the fd; null if there is no device. */
export async function withDevice<T>(
  h: Harness,
  name: string,
  uid: number,
  fn: (libc: Libc, fd: number) => Promise<T>,
): Promise<T | { ok: false; code: string }> {
  const path = await devNode(h, name);
  if (!path) return { ok: false, code: `no device: ${name} is not in /proc/devices` };
  const { task, libc } = h.proc(uid);
  let fd = -1;
  try {
    fd = await h.guard(task, libc.open(path, 2));
    return await h.guard(task, fn(libc, fd));
  } catch (e) {
    if (e instanceof SysError) return { ok: false, code: `open: ${e.code}` };
    if (e instanceof Killed) return { ok: false, code: "killed (the kernel faulted)" };
    throw e;
  } finally {
    if (fd >= 0 && task.alive) await libc.close(fd).catch(() => 0);
  }
}

/** ioctl(2) whose failure is a value. */
export async function ioctl(
  libc: Libc,
  fd: number,
  cmd: number,
  arg: number | bigint = 0,
): Promise<IoctlResult> {
  try {
    return { ok: true, ret: await libc.ioctl(fd, cmd, arg) };
  } catch (e) {
    if (e instanceof SysError) return { ok: false, code: e.code };
    throw e;
  }
}

export const ioctlText = (r: IoctlResult | { ok: false; code: string }) =>
  r.ok ? `returned ${(r as { ret: number }).ret}` : `failed: ${r.code}`;

export const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;
