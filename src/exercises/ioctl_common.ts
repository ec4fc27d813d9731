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
import { type ExerciseTest, verdict } from "./types.ts";

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

/**
 * The checks both ioctl exercises make of the book's template commands: RESET/QPOWER/SPOWER
 * still work (power is set back to 1 afterwards, the driver's initial state), and unknown
 * commands and a wrong magic fail with ENOTTY.
 */
export function templateChecks(name: string): ExerciseTest[] {
  return [
    {
      name: "the template's RESET, QPOWER and SPOWER still work",
      async run(h) {
        const r = await withDevice(h, name, 0, async (libc, fd) => {
          const p = libc.mem.malloc(4);
          const reset = await ioctl(libc, fd, IOCTL_LLKD_IOCRESET, 0);
          const q1 = await ioctl(libc, fd, IOCTL_LLKD_IOCQPOWER, p);
          const v1 = libc.mem.i32(p);
          const s = await ioctl(libc, fd, IOCTL_LLKD_IOCSPOWER, 0);
          const q2 = await ioctl(libc, fd, IOCTL_LLKD_IOCQPOWER, p);
          const v2 = libc.mem.i32(p);
          await ioctl(libc, fd, IOCTL_LLKD_IOCSPOWER, 1);
          return { reset, q1, v1, s, q2, v2 };
        });
        if (!("reset" in r)) return verdict(false, "the three commands", r.code);
        const ok = r.reset.ok && r.q1.ok && r.v1 === 1 && r.s.ok && r.q2.ok && r.v2 === 0;
        return verdict(
          ok,
          "RESET returns 0, QPOWER gives 1, SPOWER 0 then QPOWER gives 0",
          `RESET ${ioctlText(r.reset)}, QPOWER ${ioctlText(r.q1)} (${r.v1}), SPOWER ${ioctlText(r.s)}, QPOWER ${ioctlText(r.q2)} (${r.v2})`,
        );
      },
    },
    {
      name: "unknown commands and a wrong magic fail with ENOTTY",
      async run(h) {
        const r = await withDevice(h, name, 0, async (libc, fd) => ({
          nr: await ioctl(libc, fd, _IO(IOCTL_LLKD_MAGIC, 9), 0),
          magic: await ioctl(libc, fd, _IO(0xa9, 1), 0),
        }));
        if (!("nr" in r)) return verdict(false, "ENOTTY twice", r.code);
        const ok = !r.nr.ok && r.nr.code === "ENOTTY" && !r.magic.ok && r.magic.code === "ENOTTY";
        return verdict(
          ok,
          "ENOTTY for _IO(0xa8, 9) and _IO(0xa9, 1)",
          `${ioctlText(r.nr)}; ${ioctlText(r.magic)}`,
        );
      },
    },
  ];
}
