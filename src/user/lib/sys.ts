/**
 * System-call wrappers the C library (src/user/libc/libc.ts) does not offer yet, written the
 * way glibc writes them: utimensat(2)/futimens(3), the terminal width (TIOCGWINSZ), and
 * small conversions of struct stat fields.
 */

import { AT_FDCWD } from "../../include/uapi/fcntl.ts";
import { TIOCGWINSZ } from "../../include/uapi/ioctl.ts";
import { SysError } from "../libc/errors.ts";
import type { Libc, Timespec } from "../libc/libc.ts";

export const UTIME_NOW = (1 << 30) - 1;
export const UTIME_OMIT = (1 << 30) - 2;

/**
 * utimensat(2): `times` null means "now" for both; a path of null with a descriptor is
 * futimens(3). Throws SysError like every libc wrapper.
 */
export async function utimensat(
  libc: Libc,
  dirfd: number,
  path: string | null,
  times: [Timespec, Timespec] | null,
  flags = 0,
): Promise<number> {
  const tp = times ? libc.mem.malloc(32) : 0;
  const pp = path === null ? 0 : libc.mem.strdup(path);
  try {
    if (times) {
      times.forEach((t, i) => {
        libc.mem.setU64(tp + i * 16, BigInt.asUintN(64, BigInt(t.sec)));
        libc.mem.setU64(tp + i * 16 + 8, BigInt.asUintN(64, BigInt(t.nsec)));
      });
    }
    return await libc.syscall("utimensat", dirfd, pp, tp, flags);
  } catch (e) {
    if (e instanceof SysError && path !== null) throw new SysError(e.errno, "utimensat", path);
    throw e;
  } finally {
    if (tp) libc.mem.free(tp);
    if (pp) libc.mem.free(pp);
  }
}

/** futimens(3) */
export function futimens(libc: Libc, fd: number, times: [Timespec, Timespec] | null) {
  return utimensat(libc, fd, null, times, 0);
}

export { AT_FDCWD };

/** The column count of the terminal on `fd` (struct winsize.ws_col), or null if not a tty. */
export async function terminalColumns(libc: Libc, fd: number): Promise<number | null> {
  const buf = libc.mem.malloc(8);
  try {
    const r = await libc.rawSyscall("ioctl", fd, TIOCGWINSZ, buf);
    if (r < 0) return null;
    return libc.mem.read(buf, 8)[2] | (libc.mem.read(buf, 8)[3] << 8);
  } finally {
    libc.mem.free(buf);
  }
}

/** A struct timespec as nanoseconds, for exact comparisons. */
export function tsNs(t: Timespec): bigint {
  return BigInt(t.sec) * 1_000_000_000n + BigInt(t.nsec);
}

/** glibc major() of st_dev/st_rdev (the 64-bit user encoding). */
export function devMajor(dev: bigint): number {
  return Number(((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn));
}

/** glibc minor() */
export function devMinor(dev: bigint): number {
  return Number((dev & 0xffn) | ((dev >> 12n) & ~0xffn));
}

/** glibc makedev() as the bigint the kernel's mknod takes apart (low 32 bits suffice). */
export function makeDev(major: number, minor: number): number {
  return ((minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xff) << 12)) >>> 0;
}
