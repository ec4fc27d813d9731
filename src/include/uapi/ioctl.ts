/**
 * ioctl command encoding: a bit-exact port of include/uapi/asm-generic/ioctl.h (which x86_64
 * uses unchanged), plus the generic terminal/file ioctls of include/uapi/asm-generic/ioctls.h.
 *
 * A command is 32 bits: direction (2) | size (14) | type (8) | number (8), high to low.
 * TypeScript has no sizeof, so the `size` argument of _IOR/_IOW/_IOWR is the byte count
 * (`_IOR("k", 1, 4)` for C's `_IOR('k', 1, int)`). `type` may be a number or a
 * one-character string standing for a C character constant. Results are unsigned 32-bit
 * numbers, exactly the C macros' unsigned int values (see test/uapi/ioctl.test.ts).
 */

export const _IOC_NRBITS = 8;
export const _IOC_TYPEBITS = 8;
export const _IOC_SIZEBITS = 14;
export const _IOC_DIRBITS = 2;

export const _IOC_NRMASK = (1 << _IOC_NRBITS) - 1;
export const _IOC_TYPEMASK = (1 << _IOC_TYPEBITS) - 1;
export const _IOC_SIZEMASK = (1 << _IOC_SIZEBITS) - 1;
export const _IOC_DIRMASK = (1 << _IOC_DIRBITS) - 1;

export const _IOC_NRSHIFT = 0;
export const _IOC_TYPESHIFT = _IOC_NRSHIFT + _IOC_NRBITS;
export const _IOC_SIZESHIFT = _IOC_TYPESHIFT + _IOC_TYPEBITS;
export const _IOC_DIRSHIFT = _IOC_SIZESHIFT + _IOC_SIZEBITS;

/** No data transfer. */
export const _IOC_NONE = 0;
/** User space writes, the kernel reads (copy_from_user). */
export const _IOC_WRITE = 1;
/** User space reads, the kernel writes (copy_to_user). */
export const _IOC_READ = 2;

/** An ioctl "type" (magic): a number, or a one-character string for a C char constant. */
export type IocType = number | string;

function typeCode(type: IocType): number {
  if (typeof type === "number") return type;
  if (type.length !== 1) {
    throw new RangeError(`ioctl type must be a single character, got ${JSON.stringify(type)}`);
  }
  return type.charCodeAt(0);
}

/**
 * The kernel's _IOC_TYPECHECK (include/asm-generic/ioctl.h) refuses, at compile time, sizes
 * that do not fit _IOC_SIZEBITS; here the check happens at call time.
 */
function sizeCheck(size: number): number {
  if (!Number.isInteger(size) || size < 0 || size >= 1 << _IOC_SIZEBITS) {
    throw new RangeError(`invalid size argument for _IOC: ${size}`);
  }
  return size;
}

/**
 * The raw encoder, bit for bit like C: fields are shifted and OR'd without masking, and the
 * result is truncated to 32 bits.
 */
export function _IOC(dir: number, type: IocType, nr: number, size: number): number {
  return (
    ((dir << _IOC_DIRSHIFT) |
      (typeCode(type) << _IOC_TYPESHIFT) |
      (nr << _IOC_NRSHIFT) |
      (size << _IOC_SIZESHIFT)) >>>
    0
  );
}

export function _IO(type: IocType, nr: number): number {
  return _IOC(_IOC_NONE, type, nr, 0);
}

export function _IOR(type: IocType, nr: number, size: number): number {
  return _IOC(_IOC_READ, type, nr, sizeCheck(size));
}

export function _IOW(type: IocType, nr: number, size: number): number {
  return _IOC(_IOC_WRITE, type, nr, sizeCheck(size));
}

export function _IOWR(type: IocType, nr: number, size: number): number {
  return _IOC(_IOC_READ | _IOC_WRITE, type, nr, sizeCheck(size));
}

/** Like _IOR without the size check (for old, wrongly defined commands). */
export function _IOR_BAD(type: IocType, nr: number, size: number): number {
  return _IOC(_IOC_READ, type, nr, size);
}

export function _IOW_BAD(type: IocType, nr: number, size: number): number {
  return _IOC(_IOC_WRITE, type, nr, size);
}

export function _IOWR_BAD(type: IocType, nr: number, size: number): number {
  return _IOC(_IOC_READ | _IOC_WRITE, type, nr, size);
}

export function _IOC_DIR(nr: number): number {
  return (nr >>> _IOC_DIRSHIFT) & _IOC_DIRMASK;
}

export function _IOC_TYPE(nr: number): number {
  return (nr >>> _IOC_TYPESHIFT) & _IOC_TYPEMASK;
}

export function _IOC_NR(nr: number): number {
  return (nr >>> _IOC_NRSHIFT) & _IOC_NRMASK;
}

export function _IOC_SIZE(nr: number): number {
  return (nr >>> _IOC_SIZESHIFT) & _IOC_SIZEMASK;
}

export const IOC_IN = (_IOC_WRITE << _IOC_DIRSHIFT) >>> 0;
export const IOC_OUT = (_IOC_READ << _IOC_DIRSHIFT) >>> 0;
export const IOC_INOUT = ((_IOC_WRITE | _IOC_READ) << _IOC_DIRSHIFT) >>> 0;
export const IOCSIZE_MASK = (_IOC_SIZEMASK << _IOC_SIZESHIFT) >>> 0;
export const IOCSIZE_SHIFT = _IOC_SIZESHIFT;

// include/uapi/asm-generic/ioctls.h (x86_64's asm/ioctls.h includes it unchanged).
// Most predate _IOC and are plain 0x54xx ('T') numbers.

/** sizeof(struct termios2) on x86_64. */
const SIZEOF_TERMIOS2 = 44;
/** sizeof(struct serial_iso7816). */
const SIZEOF_SERIAL_ISO7816 = 40;
const SIZEOF_INT = 4;

export const TCGETS = 0x5401;
export const TCSETS = 0x5402;
export const TCSETSW = 0x5403;
export const TCSETSF = 0x5404;
export const TCGETA = 0x5405;
export const TCSETA = 0x5406;
export const TCSETAW = 0x5407;
export const TCSETAF = 0x5408;
export const TCSBRK = 0x5409;
export const TCXONC = 0x540a;
export const TCFLSH = 0x540b;
export const TIOCEXCL = 0x540c;
export const TIOCNXCL = 0x540d;
export const TIOCSCTTY = 0x540e;
export const TIOCGPGRP = 0x540f;
export const TIOCSPGRP = 0x5410;
export const TIOCOUTQ = 0x5411;
export const TIOCSTI = 0x5412;
export const TIOCGWINSZ = 0x5413;
export const TIOCSWINSZ = 0x5414;
export const TIOCMGET = 0x5415;
export const TIOCMBIS = 0x5416;
export const TIOCMBIC = 0x5417;
export const TIOCMSET = 0x5418;
export const TIOCGSOFTCAR = 0x5419;
export const TIOCSSOFTCAR = 0x541a;
export const FIONREAD = 0x541b;
export const TIOCINQ = FIONREAD;
export const TIOCLINUX = 0x541c;
export const TIOCCONS = 0x541d;
export const TIOCGSERIAL = 0x541e;
export const TIOCSSERIAL = 0x541f;
export const TIOCPKT = 0x5420;
export const FIONBIO = 0x5421;
export const TIOCNOTTY = 0x5422;
export const TIOCSETD = 0x5423;
export const TIOCGETD = 0x5424;
export const TCSBRKP = 0x5425;
export const TIOCSBRK = 0x5427;
export const TIOCCBRK = 0x5428;
export const TIOCGSID = 0x5429;
export const TCGETS2 = _IOR("T", 0x2a, SIZEOF_TERMIOS2);
export const TCSETS2 = _IOW("T", 0x2b, SIZEOF_TERMIOS2);
export const TCSETSW2 = _IOW("T", 0x2c, SIZEOF_TERMIOS2);
export const TCSETSF2 = _IOW("T", 0x2d, SIZEOF_TERMIOS2);
export const TIOCGRS485 = 0x542e;
export const TIOCSRS485 = 0x542f;
export const TIOCGPTN = _IOR("T", 0x30, SIZEOF_INT);
export const TIOCSPTLCK = _IOW("T", 0x31, SIZEOF_INT);
export const TIOCGDEV = _IOR("T", 0x32, SIZEOF_INT);
export const TCGETX = 0x5432;
export const TCSETX = 0x5433;
export const TCSETXF = 0x5434;
export const TCSETXW = 0x5435;
export const TIOCSIG = _IOW("T", 0x36, SIZEOF_INT);
export const TIOCVHANGUP = 0x5437;
export const TIOCGPKT = _IOR("T", 0x38, SIZEOF_INT);
export const TIOCGPTLCK = _IOR("T", 0x39, SIZEOF_INT);
export const TIOCGEXCL = _IOR("T", 0x40, SIZEOF_INT);
export const TIOCGPTPEER = _IO("T", 0x41);
export const TIOCGISO7816 = _IOR("T", 0x42, SIZEOF_SERIAL_ISO7816);
export const TIOCSISO7816 = _IOWR("T", 0x43, SIZEOF_SERIAL_ISO7816);

export const FIONCLEX = 0x5450;
export const FIOCLEX = 0x5451;
export const FIOASYNC = 0x5452;
export const TIOCSERCONFIG = 0x5453;
export const TIOCSERGWILD = 0x5454;
export const TIOCSERSWILD = 0x5455;
export const TIOCGLCKTRMIOS = 0x5456;
export const TIOCSLCKTRMIOS = 0x5457;
export const TIOCSERGSTRUCT = 0x5458;
export const TIOCSERGETLSR = 0x5459;
export const TIOCSERGETMULTI = 0x545a;
export const TIOCSERSETMULTI = 0x545b;
export const TIOCMIWAIT = 0x545c;
export const TIOCGICOUNT = 0x545d;
export const FIOQSIZE = 0x5460;

// TIOCPKT packet-mode status bytes.
export const TIOCPKT_DATA = 0;
export const TIOCPKT_FLUSHREAD = 1;
export const TIOCPKT_FLUSHWRITE = 2;
export const TIOCPKT_STOP = 4;
export const TIOCPKT_START = 8;
export const TIOCPKT_NOSTOP = 16;
export const TIOCPKT_DOSTOP = 32;
export const TIOCPKT_IOCTL = 64;

export const TIOCSER_TEMT = 0x01;
