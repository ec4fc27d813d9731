/**
 * open(2)/fcntl(2)/*at(2) constants for x86_64: include/uapi/asm-generic/fcntl.h,
 * include/uapi/linux/fcntl.h, include/uapi/linux/fs.h (SEEK_*) and <unistd.h> (access modes).
 *
 * Values were checked against the C headers on this machine (glibc 2.36, linux-libc-dev 6.1,
 * gcc 12.2). The one difference between kernel and glibc is O_LARGEFILE: the kernel's flag is
 * 0o100000 (and shows in /proc/PID/fdinfo "flags"), while glibc on 64-bit defines it as 0
 * because every open is large-file there; the kernel sets the flag itself (force_o_largefile).
 */

// Access modes (the low two bits of the flags).
export const O_ACCMODE = 0o3;
export const O_RDONLY = 0o0;
export const O_WRONLY = 0o1;
export const O_RDWR = 0o2;

// Open flags.
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
export const O_NOCTTY = 0o400;
export const O_TRUNC = 0o1000;
export const O_APPEND = 0o2000;
export const O_NONBLOCK = 0o4000;
export const O_NDELAY = O_NONBLOCK;
export const O_DSYNC = 0o10000;
/** fcntl(F_SETFL) O_ASYNC; the kernel's name is FASYNC. */
export const FASYNC = 0o20000;
export const O_ASYNC = FASYNC;
export const O_DIRECT = 0o40000;
/** Kernel value; glibc's O_LARGEFILE is 0 on x86_64 (see the file comment). */
export const O_LARGEFILE = 0o100000;
export const O_DIRECTORY = 0o200000;
export const O_NOFOLLOW = 0o400000;
export const O_NOATIME = 0o1000000;
export const O_CLOEXEC = 0o2000000;
export const __O_SYNC = 0o4000000;
export const O_SYNC = __O_SYNC | O_DSYNC;
export const O_RSYNC = O_SYNC;
export const O_PATH = 0o10000000;
export const __O_TMPFILE = 0o20000000;
/** O_TMPFILE always carries O_DIRECTORY, so that kernels without it fail the open. */
export const O_TMPFILE = __O_TMPFILE | O_DIRECTORY;

// fcntl(2) commands.
export const F_DUPFD = 0;
export const F_GETFD = 1;
export const F_SETFD = 2;
export const F_GETFL = 3;
export const F_SETFL = 4;
export const F_GETLK = 5;
export const F_SETLK = 6;
export const F_SETLKW = 7;
export const F_SETOWN = 8;
export const F_GETOWN = 9;
export const F_SETSIG = 10;
export const F_GETSIG = 11;
export const F_SETOWN_EX = 15;
export const F_GETOWN_EX = 16;
export const F_GETOWNER_UIDS = 17;
export const F_OFD_GETLK = 36;
export const F_OFD_SETLK = 37;
export const F_OFD_SETLKW = 38;
export const F_LINUX_SPECIFIC_BASE = 1024;
export const F_SETLEASE = F_LINUX_SPECIFIC_BASE + 0;
export const F_GETLEASE = F_LINUX_SPECIFIC_BASE + 1;
export const F_NOTIFY = F_LINUX_SPECIFIC_BASE + 2;
export const F_CANCELLK = F_LINUX_SPECIFIC_BASE + 5;
export const F_DUPFD_CLOEXEC = F_LINUX_SPECIFIC_BASE + 6;
export const F_SETPIPE_SZ = F_LINUX_SPECIFIC_BASE + 7;
export const F_GETPIPE_SZ = F_LINUX_SPECIFIC_BASE + 8;
export const F_ADD_SEALS = F_LINUX_SPECIFIC_BASE + 9;
export const F_GET_SEALS = F_LINUX_SPECIFIC_BASE + 10;

/** F_GETFD/F_SETFD flag: close on exec. */
export const FD_CLOEXEC = 1;

// F_SETOWN_EX owner types.
export const F_OWNER_TID = 0;
export const F_OWNER_PID = 1;
export const F_OWNER_PGRP = 2;

// Record lock types (struct flock l_type).
export const F_RDLCK = 0;
export const F_WRLCK = 1;
export const F_UNLCK = 2;
export const F_EXLCK = 4;
export const F_SHLCK = 8;

// flock(2) operations.
export const LOCK_SH = 1;
export const LOCK_EX = 2;
export const LOCK_NB = 4;
export const LOCK_UN = 8;

// F_ADD_SEALS / F_GET_SEALS (memfd) seals.
export const F_SEAL_SEAL = 0x0001;
export const F_SEAL_SHRINK = 0x0002;
export const F_SEAL_GROW = 0x0004;
export const F_SEAL_WRITE = 0x0008;
export const F_SEAL_FUTURE_WRITE = 0x0010;

// F_NOTIFY (dnotify) events.
export const DN_ACCESS = 0x00000001;
export const DN_MODIFY = 0x00000002;
export const DN_CREATE = 0x00000004;
export const DN_DELETE = 0x00000008;
export const DN_RENAME = 0x00000010;
export const DN_ATTRIB = 0x00000020;
/** Bit 31; as a JS number it is positive (2147483648), unlike the C int. */
export const DN_MULTISHOT = 0x80000000;

// *at(2) directory file descriptor and flags.
/** "Use the current working directory" as the dirfd of the *at() calls. */
export const AT_FDCWD = -100;
export const AT_SYMLINK_NOFOLLOW = 0x100;
/** faccessat(2): check with the effective ids; same bit as AT_REMOVEDIR. */
export const AT_EACCESS = 0x200;
/** unlinkat(2): remove a directory; same bit as AT_EACCESS. */
export const AT_REMOVEDIR = 0x200;
export const AT_SYMLINK_FOLLOW = 0x400;
export const AT_NO_AUTOMOUNT = 0x800;
export const AT_EMPTY_PATH = 0x1000;
export const AT_STATX_SYNC_TYPE = 0x6000;
export const AT_STATX_SYNC_AS_STAT = 0x0000;
export const AT_STATX_FORCE_SYNC = 0x2000;
export const AT_STATX_DONT_SYNC = 0x4000;
export const AT_RECURSIVE = 0x8000;

// lseek(2) whence.
export const SEEK_SET = 0;
export const SEEK_CUR = 1;
export const SEEK_END = 2;
export const SEEK_DATA = 3;
export const SEEK_HOLE = 4;
export const SEEK_MAX = SEEK_HOLE;

// access(2) modes (<unistd.h>; the kernel checks them as MAY_READ/MAY_WRITE/MAY_EXEC).
export const F_OK = 0;
export const X_OK = 1;
export const W_OK = 2;
export const R_OK = 4;
