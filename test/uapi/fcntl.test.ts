import { describe, expect, it } from "vitest";
import * as fcntl from "../../src/include/uapi/fcntl.ts";

// [name, value] recorded from <fcntl.h>/<unistd.h> of glibc 2.36 and linux-libc-dev 6.1.187-1
// with gcc 12.2 on this machine (Debian 12, x86_64), compiled with _GNU_SOURCE.
const RECORDED: readonly (readonly [string, number])[] = [
  ["O_RDONLY", 0],
  ["O_WRONLY", 1],
  ["O_RDWR", 2],
  ["O_ACCMODE", 3],
  ["O_CREAT", 64],
  ["O_EXCL", 128],
  ["O_NOCTTY", 256],
  ["O_TRUNC", 512],
  ["O_APPEND", 1024],
  ["O_NONBLOCK", 2048],
  ["O_NDELAY", 2048],
  ["O_DSYNC", 4096],
  ["O_SYNC", 1052672],
  ["O_RSYNC", 1052672],
  ["O_ASYNC", 8192],
  ["FASYNC", 8192],
  ["O_DIRECT", 16384],
  ["O_DIRECTORY", 65536],
  ["O_NOFOLLOW", 131072],
  ["O_NOATIME", 262144],
  ["O_CLOEXEC", 524288],
  ["O_PATH", 2097152],
  ["O_TMPFILE", 4259840],
  ["F_DUPFD", 0],
  ["F_GETFD", 1],
  ["F_SETFD", 2],
  ["F_GETFL", 3],
  ["F_SETFL", 4],
  ["F_GETLK", 5],
  ["F_SETLK", 6],
  ["F_SETLKW", 7],
  ["F_SETOWN", 8],
  ["F_GETOWN", 9],
  ["F_SETSIG", 10],
  ["F_GETSIG", 11],
  ["F_SETOWN_EX", 15],
  ["F_GETOWN_EX", 16],
  ["F_OFD_GETLK", 36],
  ["F_OFD_SETLK", 37],
  ["F_OFD_SETLKW", 38],
  ["F_SETLEASE", 1024],
  ["F_GETLEASE", 1025],
  ["F_NOTIFY", 1026],
  ["F_DUPFD_CLOEXEC", 1030],
  ["F_SETPIPE_SZ", 1031],
  ["F_GETPIPE_SZ", 1032],
  ["F_ADD_SEALS", 1033],
  ["F_GET_SEALS", 1034],
  ["F_SEAL_SEAL", 1],
  ["F_SEAL_SHRINK", 2],
  ["F_SEAL_GROW", 4],
  ["F_SEAL_WRITE", 8],
  ["F_SEAL_FUTURE_WRITE", 16],
  ["FD_CLOEXEC", 1],
  ["F_RDLCK", 0],
  ["F_WRLCK", 1],
  ["F_UNLCK", 2],
  ["F_EXLCK", 4],
  ["F_SHLCK", 8],
  ["AT_FDCWD", -100],
  ["AT_SYMLINK_NOFOLLOW", 256],
  ["AT_REMOVEDIR", 512],
  ["AT_EACCESS", 512],
  ["AT_SYMLINK_FOLLOW", 1024],
  ["AT_NO_AUTOMOUNT", 2048],
  ["AT_EMPTY_PATH", 4096],
  ["AT_STATX_SYNC_TYPE", 24576],
  ["AT_STATX_SYNC_AS_STAT", 0],
  ["AT_STATX_FORCE_SYNC", 8192],
  ["AT_STATX_DONT_SYNC", 16384],
  ["AT_RECURSIVE", 32768],
  ["SEEK_SET", 0],
  ["SEEK_CUR", 1],
  ["SEEK_END", 2],
  ["SEEK_DATA", 3],
  ["SEEK_HOLE", 4],
  ["R_OK", 4],
  ["W_OK", 2],
  ["X_OK", 1],
  ["F_OK", 0],
];

const values = fcntl as unknown as Readonly<Record<string, number>>;

describe("fcntl constants", () => {
  it.each(RECORDED)("%s = %i", (name, value) => {
    expect(values[name]).toBe(value);
  });

  it("uses the kernel's values where glibc differs", () => {
    // glibc: O_LARGEFILE is 0 on x86_64, and its private __O_TMPFILE includes O_DIRECTORY.
    expect(fcntl.O_LARGEFILE).toBe(0o100000);
    expect(fcntl.__O_TMPFILE).toBe(0o20000000);
  });

  it("has the values the brief names", () => {
    expect(fcntl.O_CREAT).toBe(0o100);
    expect(fcntl.O_DIRECTORY).toBe(0o200000);
    expect(fcntl.O_CLOEXEC).toBe(0o2000000);
    expect(fcntl.O_PATH).toBe(0o10000000);
    expect(fcntl.F_DUPFD_CLOEXEC).toBe(1030);
    expect(fcntl.AT_FDCWD).toBe(-100);
    expect(fcntl.O_RDWR & fcntl.O_ACCMODE).toBe(fcntl.O_RDWR);
  });

  it("has the dnotify events of linux/fcntl.h", () => {
    expect(fcntl.DN_ATTRIB).toBe(0x20);
    expect(fcntl.DN_MULTISHOT).toBe(2 ** 31);
    expect(fcntl.F_CANCELLK).toBe(1029);
    expect(fcntl.F_GETOWNER_UIDS).toBe(17);
  });
});
