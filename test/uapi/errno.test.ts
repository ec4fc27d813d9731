import { describe, expect, it } from "vitest";
import {
  E,
  E2BIG,
  EAGAIN,
  EDEADLK,
  EDEADLOCK,
  EHWPOISON,
  ENOENT,
  ENOIOCTLCMD,
  ENOTSUP,
  ENOTSUPP,
  ENOTTY,
  EOPNOTSUPP,
  EPERM,
  EPROBE_DEFER,
  ERESTART_RESTARTBLOCK,
  ERESTARTSYS,
  ERRNO_ALIASES,
  ERRNO_TABLE,
  EWOULDBLOCK,
  errnoFromName,
  errnoName,
  KERNEL_ERRNO_TABLE,
  strerror,
} from "../../src/include/uapi/errno.ts";

// [errno, strerrorname_np(errno), strerror(errno)] recorded from glibc 2.36 (Debian 12,
// libc6 2.36-9+deb12u14) with a C program compiled by gcc 12.2 on this machine.
const RECORDED: readonly (readonly [number, string, string])[] = [
  [1, "EPERM", "Operation not permitted"],
  [2, "ENOENT", "No such file or directory"],
  [5, "EIO", "Input/output error"],
  [9, "EBADF", "Bad file descriptor"],
  [11, "EAGAIN", "Resource temporarily unavailable"],
  [13, "EACCES", "Permission denied"],
  [14, "EFAULT", "Bad address"],
  [17, "EEXIST", "File exists"],
  [21, "EISDIR", "Is a directory"],
  [25, "ENOTTY", "Inappropriate ioctl for device"],
  [28, "ENOSPC", "No space left on device"],
  [29, "ESPIPE", "Illegal seek"],
  [33, "EDOM", "Numerical argument out of domain"],
  [35, "EDEADLK", "Resource deadlock avoided"],
  [37, "ENOLCK", "No locks available"],
  [42, "ENOMSG", "No message of desired type"],
  [46, "EL3HLT", "Level 3 halted"],
  [50, "ENOCSI", "No CSI structure available"],
  [54, "EXFULL", "Exchange full"],
  [59, "EBFONT", "Bad font file format"],
  [61, "ENODATA", "No data available"],
  [63, "ENOSR", "Out of streams resources"],
  [67, "ENOLINK", "Link has been severed"],
  [71, "EPROTO", "Protocol error"],
  [75, "EOVERFLOW", "Value too large for defined data type"],
  [79, "ELIBACC", "Can not access a needed shared library"],
  [83, "ELIBEXEC", "Cannot exec a shared library directly"],
  [87, "EUSERS", "Too many users"],
  [91, "EPROTOTYPE", "Protocol wrong type for socket"],
  [93, "EPROTONOSUPPORT", "Protocol not supported"],
  [94, "ESOCKTNOSUPPORT", "Socket type not supported"],
  [95, "EOPNOTSUPP", "Operation not supported"],
  [98, "EADDRINUSE", "Address already in use"],
  [99, "EADDRNOTAVAIL", "Cannot assign requested address"],
  [103, "ECONNABORTED", "Software caused connection abort"],
  [107, "ENOTCONN", "Transport endpoint is not connected"],
  [111, "ECONNREFUSED", "Connection refused"],
  [115, "EINPROGRESS", "Operation now in progress"],
  [119, "ENAVAIL", "No XENIX semaphores available"],
  [123, "ENOMEDIUM", "No medium found"],
  [127, "EKEYEXPIRED", "Key has expired"],
  [131, "ENOTRECOVERABLE", "State not recoverable"],
  [132, "ERFKILL", "Operation not possible due to RF-kill"],
  [133, "EHWPOISON", "Memory page has hardware error"],
];

describe("errno table", () => {
  it("has every Linux errno 1..133 except the unused 41 and 58, in order", () => {
    const numbers = ERRNO_TABLE.map(([, n]) => n);
    const expected = [];
    for (let n = 1; n <= 133; n++) if (n !== 41 && n !== 58) expected.push(n);
    expect(numbers).toEqual(expected);
    expect(ERRNO_TABLE[0]![0]).toBe("EPERM");
    expect(ERRNO_TABLE.at(-1)![0]).toBe("EHWPOISON");
  });

  it.each(RECORDED)("errno %i is %s, %j", (n, name, text) => {
    expect(errnoName(n)).toBe(name);
    expect(errnoFromName(name)).toBe(n);
    expect(strerror(n)).toBe(text);
    expect((E as Readonly<Record<string, number>>)[name]).toBe(n);
  });

  it("has the texts the brief singles out", () => {
    expect(strerror(ENOTTY)).toBe("Inappropriate ioctl for device");
    expect(strerror(E.EPROTONOSUPPORT)).toBe("Protocol not supported");
    expect(strerror(E.ESOCKTNOSUPPORT)).toBe("Socket type not supported");
    expect(strerror(E.ENODATA)).toBe("No data available");
    expect(strerror(E.EADDRINUSE)).toBe("Address already in use");
    expect(strerror(E.EFAULT)).toBe("Bad address");
    expect(strerror(ENOENT)).toBe("No such file or directory");
    expect(strerror(E.ENOSPC)).toBe("No space left on device");
  });

  it("round-trips every name and number", () => {
    for (const [name, n, text] of ERRNO_TABLE) {
      expect(errnoName(n)).toBe(name);
      expect(errnoFromName(name)).toBe(n);
      expect(strerror(n)).toBe(text);
      expect(text).not.toMatch(/^Unknown error/);
    }
    for (const [name, n] of KERNEL_ERRNO_TABLE) {
      expect(errnoName(n)).toBe(name);
      expect(errnoFromName(name)).toBe(n);
    }
  });

  it("exports individual constants like C", () => {
    expect(EPERM).toBe(1);
    expect(ENOENT).toBe(2);
    expect(E2BIG).toBe(7);
    expect(ENOTTY).toBe(25);
    expect(EHWPOISON).toBe(133);
    expect(-ENOENT).toBe(-2);
    expect(Object.isFrozen(E)).toBe(true);
  });
});

describe("aliases", () => {
  it("map to the canonical numbers", () => {
    expect(EWOULDBLOCK).toBe(EAGAIN);
    expect(EDEADLOCK).toBe(EDEADLK);
    expect(ENOTSUP).toBe(EOPNOTSUPP);
    expect([EWOULDBLOCK, EDEADLOCK, ENOTSUP]).toEqual([11, 35, 95]);
    expect(ERRNO_ALIASES.length).toBe(3);
  });

  it("resolve by name but never come back from errnoName", () => {
    expect(errnoFromName("EWOULDBLOCK")).toBe(11);
    expect(errnoFromName("EDEADLOCK")).toBe(35);
    expect(errnoFromName("ENOTSUP")).toBe(95);
    expect(errnoName(11)).toBe("EAGAIN");
    expect(errnoName(35)).toBe("EDEADLK");
    expect(errnoName(95)).toBe("EOPNOTSUPP");
  });
});

describe("kernel-internal errnos", () => {
  it("have the numbers of include/linux/errno.h", () => {
    expect(ERESTARTSYS).toBe(512);
    expect(E.ERESTARTNOINTR).toBe(513);
    expect(E.ERESTARTNOHAND).toBe(514);
    expect(ENOIOCTLCMD).toBe(515);
    expect(ERESTART_RESTARTBLOCK).toBe(516);
    expect(EPROBE_DEFER).toBe(517);
    expect(E.EOPENSTALE).toBe(518);
    expect(E.ENOPARAM).toBe(519);
    expect(E.EBADHANDLE).toBe(521);
    expect(ENOTSUPP).toBe(524);
    expect(E.EIOCBQUEUED).toBe(529);
    expect(E.ENOGRACE).toBe(531);
    expect(errnoName(520)).toBeUndefined();
  });

  it("have no glibc text", () => {
    // recorded: strerror(512) == "Unknown error 512"
    expect(strerror(ERESTARTSYS)).toBe("Unknown error 512");
    expect(strerror(ENOTSUPP)).toBe("Unknown error 524");
    expect(ENOTSUPP).not.toBe(ENOTSUP);
  });
});

describe("unknown numbers", () => {
  it("print like glibc", () => {
    // recorded from glibc 2.36
    expect(strerror(0)).toBe("Success");
    expect(strerror(41)).toBe("Unknown error 41");
    expect(strerror(58)).toBe("Unknown error 58");
    expect(strerror(134)).toBe("Unknown error 134");
    expect(strerror(135)).toBe("Unknown error 135");
    expect(strerror(200)).toBe("Unknown error 200");
    expect(strerror(4095)).toBe("Unknown error 4095");
    expect(strerror(4096)).toBe("Unknown error 4096");
    expect(strerror(-1)).toBe("Unknown error -1");
  });

  it("have no name", () => {
    for (const n of [0, 41, 58, 134, -1, -2, 1.5, Number.NaN]) expect(errnoName(n)).toBeUndefined();
    for (const s of ["", "enoent", "ENOENTX", "toString", "__proto__", "constructor"]) {
      expect(errnoFromName(s)).toBeUndefined();
    }
  });
});
