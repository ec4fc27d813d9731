/**
 * File mode bits (include/uapi/linux/stat.h, include/linux/stat.h), directory entry types
 * (<dirent.h>, include/linux/fs_types.h) and device numbers (include/linux/kdev_t.h, glibc's
 * <sys/sysmacros.h>).
 *
 * Values were checked against the C headers on this machine (glibc 2.36, linux-libc-dev 6.1,
 * gcc 12.2).
 */

// File type.
export const S_IFMT = 0o170000;
export const S_IFSOCK = 0o140000;
export const S_IFLNK = 0o120000;
export const S_IFREG = 0o100000;
export const S_IFBLK = 0o060000;
export const S_IFDIR = 0o040000;
export const S_IFCHR = 0o020000;
export const S_IFIFO = 0o010000;

// Set-id and sticky bits.
export const S_ISUID = 0o4000;
export const S_ISGID = 0o2000;
export const S_ISVTX = 0o1000;

// Permission bits.
export const S_IRWXU = 0o700;
export const S_IRUSR = 0o400;
export const S_IWUSR = 0o200;
export const S_IXUSR = 0o100;
export const S_IRWXG = 0o070;
export const S_IRGRP = 0o040;
export const S_IWGRP = 0o020;
export const S_IXGRP = 0o010;
export const S_IRWXO = 0o007;
export const S_IROTH = 0o004;
export const S_IWOTH = 0o002;
export const S_IXOTH = 0o001;

// The kernel's composites (include/linux/stat.h).
export const S_IRWXUGO = S_IRWXU | S_IRWXG | S_IRWXO;
export const S_IALLUGO = S_ISUID | S_ISGID | S_ISVTX | S_IRWXUGO;
export const S_IRUGO = S_IRUSR | S_IRGRP | S_IROTH;
export const S_IWUGO = S_IWUSR | S_IWGRP | S_IWOTH;
export const S_IXUGO = S_IXUSR | S_IXGRP | S_IXOTH;

// glibc's composites (<sys/stat.h>).
export const ACCESSPERMS = S_IRWXU | S_IRWXG | S_IRWXO;
export const ALLPERMS = S_ISUID | S_ISGID | S_ISVTX | S_IRWXU | S_IRWXG | S_IRWXO;
export const DEFFILEMODE = S_IRUSR | S_IWUSR | S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH;

export function S_ISLNK(m: number): boolean {
  return (m & S_IFMT) === S_IFLNK;
}
export function S_ISREG(m: number): boolean {
  return (m & S_IFMT) === S_IFREG;
}
export function S_ISDIR(m: number): boolean {
  return (m & S_IFMT) === S_IFDIR;
}
export function S_ISCHR(m: number): boolean {
  return (m & S_IFMT) === S_IFCHR;
}
export function S_ISBLK(m: number): boolean {
  return (m & S_IFMT) === S_IFBLK;
}
export function S_ISFIFO(m: number): boolean {
  return (m & S_IFMT) === S_IFIFO;
}
export function S_ISSOCK(m: number): boolean {
  return (m & S_IFMT) === S_IFSOCK;
}

// Directory entry types (d_type of getdents64): the file type bits shifted right by 12.
export const DT_UNKNOWN = 0;
export const DT_FIFO = 1;
export const DT_CHR = 2;
export const DT_DIR = 4;
export const DT_BLK = 6;
export const DT_REG = 8;
export const DT_LNK = 10;
export const DT_SOCK = 12;
export const DT_WHT = 14;

/** <dirent.h> IFTODT: d_type from a mode, `(mode & S_IFMT) >> 12`. */
export function IFTODT(mode: number): number {
  return (mode & S_IFMT) >>> 12;
}

/** <dirent.h> DTTOIF: the S_IF* file type of a d_type, `dt << 12`. */
export function DTTOIF(dt: number): number {
  return (dt << 12) >>> 0;
}

/*
 * Device numbers. Two encodings exist and must not be mixed:
 *
 * 1. Inside the kernel a dev_t is a u32 with the major in the top 12 bits and the minor in the
 *    low 20 (MINORBITS): MKDEV/MAJOR/MINOR below, as in include/linux/kdev_t.h. This is the
 *    value drivers, sysfs ("dev" attributes print "MAJOR:MINOR") and /proc/devices use.
 * 2. User space sees the glibc encoding, which the kernel produces when it copies a dev_t out
 *    (st_dev, st_rdev of stat(2): new_encode_dev/huge_encode_dev): minor bits 0..7 in bits
 *    0..7, major bits 0..11 in bits 8..19, minor bits 8..31 in bits 20..43, major bits 12..31
 *    in bits 44..63. glibc's makedev/major/minor below decode it; new_encode_dev and
 *    new_decode_dev convert between the two.
 *
 * E.g. /dev/sda1 (8, 1): MKDEV(8, 1) === 0x800001, makedev(8, 1) === 0x801.
 */

export const MINORBITS = 20;
export const MINORMASK = (1 << MINORBITS) - 1;

/** Kernel: the major number of an internal dev_t. */
export function MAJOR(dev: number): number {
  return dev >>> MINORBITS;
}

/** Kernel: the minor number of an internal dev_t. */
export function MINOR(dev: number): number {
  return (dev & MINORMASK) >>> 0;
}

/** Kernel: an internal dev_t (u32) from major and minor; like C, bits are not masked. */
export function MKDEV(ma: number, mi: number): number {
  return ((ma << MINORBITS) | mi) >>> 0;
}

/** Kernel format_dev_t: "MAJOR:MINOR" (print_dev_t adds "\n"). */
export function format_dev_t(dev: number): string {
  return `${MAJOR(dev)}:${MINOR(dev)}`;
}

/** Kernel: true if `dev` fits the 16-bit encoding (major and minor below 256). */
export function old_valid_dev(dev: number): boolean {
  return MAJOR(dev) < 256 && MINOR(dev) < 256;
}

/** Kernel: 16-bit encoding, `(MAJOR << 8) | MINOR` (meaningful when old_valid_dev). */
export function old_encode_dev(dev: number): number {
  return ((MAJOR(dev) << 8) | MINOR(dev)) >>> 0;
}

/** Kernel: internal dev_t from the 16-bit encoding. */
export function old_decode_dev(val: number): number {
  return MKDEV((val >>> 8) & 255, val & 255);
}

/** Kernel: the 32-bit user encoding of an internal dev_t (equals glibc's makedev). */
export function new_encode_dev(dev: number): number {
  const major = MAJOR(dev);
  const minor = MINOR(dev);
  return ((minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12)) >>> 0;
}

/** Kernel: internal dev_t from the 32-bit user encoding. */
export function new_decode_dev(dev: number): number {
  const major = (dev & 0xfff00) >>> 8;
  const minor = ((dev & 0xff) | ((dev >>> 12) & 0xfff00)) >>> 0;
  return MKDEV(major, minor);
}

/** Kernel: the 64-bit user encoding (st_rdev); a kernel dev_t always fits in 32 bits. */
export function huge_encode_dev(dev: number): number {
  return new_encode_dev(dev);
}

/** Kernel: internal dev_t from the 64-bit user encoding (only the low 32 bits are used). */
export function huge_decode_dev(dev: number): number {
  return new_decode_dev(dev % 0x1_0000_0000);
}

const TWO_12 = 0x1000;
const TWO_20 = 0x10_0000;
const TWO_32 = 0x1_0000_0000;
const TWO_44 = 0x1000_0000_0000;

/**
 * glibc makedev(major, minor) (gnu_dev_makedev): the 64-bit user-space dev_t. Arguments are
 * taken as C unsigned ints. The result is exact for every major below 2 ** 21 (which includes
 * everything a kernel dev_t can hold); larger majors need more than 53 bits and throw a
 * RangeError.
 */
export function makedev(major: number, minor: number): number {
  const ma = major >>> 0;
  const mi = minor >>> 0;
  const high = Math.floor(ma / TWO_12);
  if (high >= 2 ** 9) throw new RangeError(`makedev: major ${ma} does not fit a JS number`);
  return high * TWO_44 + Math.floor(mi / 0x100) * TWO_20 + (ma & 0xfff) * 0x100 + (mi & 0xff);
}

function checkUserDev(dev: number): void {
  if (!Number.isSafeInteger(dev) || dev < 0) {
    throw new RangeError(`dev_t ${dev} is not a non-negative safe integer`);
  }
}

/** glibc major(dev) (gnu_dev_major) of a user-space dev_t. */
export function major(dev: number): number {
  checkUserDev(dev);
  const low = dev % TWO_32;
  const high = Math.floor(dev / TWO_32);
  return (((low & 0xfff00) >>> 8) | (high & 0xfffff000)) >>> 0;
}

/** glibc minor(dev) (gnu_dev_minor) of a user-space dev_t. */
export function minor(dev: number): number {
  checkUserDev(dev);
  const low = dev % TWO_32;
  const shifted = Math.floor(dev / TWO_12) % TWO_32;
  return ((low & 0xff) | (shifted & 0xffffff00)) >>> 0;
}
