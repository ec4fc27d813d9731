/**
 * Linux error numbers (x86_64; identical to include/uapi/asm-generic/errno-base.h and
 * errno.h) with the C library's message for each.
 *
 * The texts were recorded from glibc 2.36 (Debian 12, libc6 2.36-9+deb12u14) via strerror(3)
 * on this machine (a C program printing strerrorname_np(n) and strerror(n) for n = 0..135;
 * python3's os.strerror gave the same bytes). Numbers 41 and 58 are unused on Linux
 * (historically EWOULDBLOCK and EDEADLOCK), so glibc prints "Unknown error 41" for them.
 *
 * The kernel-internal numbers (512 and up) come from include/linux/errno.h. They must never
 * reach user space; glibc has no text for them ("Unknown error 512").
 *
 * Kernel code written like C can `return -ENOENT;` with the individual constants, or use
 * the `E` object: `-E.ENOENT`.
 */

/** [name, number, glibc strerror text] for every Linux errno 1..133 (EPERM..EHWPOISON). */
export const ERRNO_TABLE = [
  ["EPERM", 1, "Operation not permitted"],
  ["ENOENT", 2, "No such file or directory"],
  ["ESRCH", 3, "No such process"],
  ["EINTR", 4, "Interrupted system call"],
  ["EIO", 5, "Input/output error"],
  ["ENXIO", 6, "No such device or address"],
  ["E2BIG", 7, "Argument list too long"],
  ["ENOEXEC", 8, "Exec format error"],
  ["EBADF", 9, "Bad file descriptor"],
  ["ECHILD", 10, "No child processes"],
  ["EAGAIN", 11, "Resource temporarily unavailable"],
  ["ENOMEM", 12, "Cannot allocate memory"],
  ["EACCES", 13, "Permission denied"],
  ["EFAULT", 14, "Bad address"],
  ["ENOTBLK", 15, "Block device required"],
  ["EBUSY", 16, "Device or resource busy"],
  ["EEXIST", 17, "File exists"],
  ["EXDEV", 18, "Invalid cross-device link"],
  ["ENODEV", 19, "No such device"],
  ["ENOTDIR", 20, "Not a directory"],
  ["EISDIR", 21, "Is a directory"],
  ["EINVAL", 22, "Invalid argument"],
  ["ENFILE", 23, "Too many open files in system"],
  ["EMFILE", 24, "Too many open files"],
  ["ENOTTY", 25, "Inappropriate ioctl for device"],
  ["ETXTBSY", 26, "Text file busy"],
  ["EFBIG", 27, "File too large"],
  ["ENOSPC", 28, "No space left on device"],
  ["ESPIPE", 29, "Illegal seek"],
  ["EROFS", 30, "Read-only file system"],
  ["EMLINK", 31, "Too many links"],
  ["EPIPE", 32, "Broken pipe"],
  ["EDOM", 33, "Numerical argument out of domain"],
  ["ERANGE", 34, "Numerical result out of range"],
  ["EDEADLK", 35, "Resource deadlock avoided"],
  ["ENAMETOOLONG", 36, "File name too long"],
  ["ENOLCK", 37, "No locks available"],
  ["ENOSYS", 38, "Function not implemented"],
  ["ENOTEMPTY", 39, "Directory not empty"],
  ["ELOOP", 40, "Too many levels of symbolic links"],
  ["ENOMSG", 42, "No message of desired type"],
  ["EIDRM", 43, "Identifier removed"],
  ["ECHRNG", 44, "Channel number out of range"],
  ["EL2NSYNC", 45, "Level 2 not synchronized"],
  ["EL3HLT", 46, "Level 3 halted"],
  ["EL3RST", 47, "Level 3 reset"],
  ["ELNRNG", 48, "Link number out of range"],
  ["EUNATCH", 49, "Protocol driver not attached"],
  ["ENOCSI", 50, "No CSI structure available"],
  ["EL2HLT", 51, "Level 2 halted"],
  ["EBADE", 52, "Invalid exchange"],
  ["EBADR", 53, "Invalid request descriptor"],
  ["EXFULL", 54, "Exchange full"],
  ["ENOANO", 55, "No anode"],
  ["EBADRQC", 56, "Invalid request code"],
  ["EBADSLT", 57, "Invalid slot"],
  ["EBFONT", 59, "Bad font file format"],
  ["ENOSTR", 60, "Device not a stream"],
  ["ENODATA", 61, "No data available"],
  ["ETIME", 62, "Timer expired"],
  ["ENOSR", 63, "Out of streams resources"],
  ["ENONET", 64, "Machine is not on the network"],
  ["ENOPKG", 65, "Package not installed"],
  ["EREMOTE", 66, "Object is remote"],
  ["ENOLINK", 67, "Link has been severed"],
  ["EADV", 68, "Advertise error"],
  ["ESRMNT", 69, "Srmount error"],
  ["ECOMM", 70, "Communication error on send"],
  ["EPROTO", 71, "Protocol error"],
  ["EMULTIHOP", 72, "Multihop attempted"],
  ["EDOTDOT", 73, "RFS specific error"],
  ["EBADMSG", 74, "Bad message"],
  ["EOVERFLOW", 75, "Value too large for defined data type"],
  ["ENOTUNIQ", 76, "Name not unique on network"],
  ["EBADFD", 77, "File descriptor in bad state"],
  ["EREMCHG", 78, "Remote address changed"],
  ["ELIBACC", 79, "Can not access a needed shared library"],
  ["ELIBBAD", 80, "Accessing a corrupted shared library"],
  ["ELIBSCN", 81, ".lib section in a.out corrupted"],
  ["ELIBMAX", 82, "Attempting to link in too many shared libraries"],
  ["ELIBEXEC", 83, "Cannot exec a shared library directly"],
  ["EILSEQ", 84, "Invalid or incomplete multibyte or wide character"],
  ["ERESTART", 85, "Interrupted system call should be restarted"],
  ["ESTRPIPE", 86, "Streams pipe error"],
  ["EUSERS", 87, "Too many users"],
  ["ENOTSOCK", 88, "Socket operation on non-socket"],
  ["EDESTADDRREQ", 89, "Destination address required"],
  ["EMSGSIZE", 90, "Message too long"],
  ["EPROTOTYPE", 91, "Protocol wrong type for socket"],
  ["ENOPROTOOPT", 92, "Protocol not available"],
  ["EPROTONOSUPPORT", 93, "Protocol not supported"],
  ["ESOCKTNOSUPPORT", 94, "Socket type not supported"],
  ["EOPNOTSUPP", 95, "Operation not supported"],
  ["EPFNOSUPPORT", 96, "Protocol family not supported"],
  ["EAFNOSUPPORT", 97, "Address family not supported by protocol"],
  ["EADDRINUSE", 98, "Address already in use"],
  ["EADDRNOTAVAIL", 99, "Cannot assign requested address"],
  ["ENETDOWN", 100, "Network is down"],
  ["ENETUNREACH", 101, "Network is unreachable"],
  ["ENETRESET", 102, "Network dropped connection on reset"],
  ["ECONNABORTED", 103, "Software caused connection abort"],
  ["ECONNRESET", 104, "Connection reset by peer"],
  ["ENOBUFS", 105, "No buffer space available"],
  ["EISCONN", 106, "Transport endpoint is already connected"],
  ["ENOTCONN", 107, "Transport endpoint is not connected"],
  ["ESHUTDOWN", 108, "Cannot send after transport endpoint shutdown"],
  ["ETOOMANYREFS", 109, "Too many references: cannot splice"],
  ["ETIMEDOUT", 110, "Connection timed out"],
  ["ECONNREFUSED", 111, "Connection refused"],
  ["EHOSTDOWN", 112, "Host is down"],
  ["EHOSTUNREACH", 113, "No route to host"],
  ["EALREADY", 114, "Operation already in progress"],
  ["EINPROGRESS", 115, "Operation now in progress"],
  ["ESTALE", 116, "Stale file handle"],
  ["EUCLEAN", 117, "Structure needs cleaning"],
  ["ENOTNAM", 118, "Not a XENIX named type file"],
  ["ENAVAIL", 119, "No XENIX semaphores available"],
  ["EISNAM", 120, "Is a named type file"],
  ["EREMOTEIO", 121, "Remote I/O error"],
  ["EDQUOT", 122, "Disk quota exceeded"],
  ["ENOMEDIUM", 123, "No medium found"],
  ["EMEDIUMTYPE", 124, "Wrong medium type"],
  ["ECANCELED", 125, "Operation canceled"],
  ["ENOKEY", 126, "Required key not available"],
  ["EKEYEXPIRED", 127, "Key has expired"],
  ["EKEYREVOKED", 128, "Key has been revoked"],
  ["EKEYREJECTED", 129, "Key was rejected by service"],
  ["EOWNERDEAD", 130, "Owner died"],
  ["ENOTRECOVERABLE", 131, "State not recoverable"],
  ["ERFKILL", 132, "Operation not possible due to RF-kill"],
  ["EHWPOISON", 133, "Memory page has hardware error"],
] as const;

/**
 * [name, number, meaning] of the kernel-internal errnos of include/linux/errno.h (the meaning is
 * the header's comment where it has one); never seen by user programs.
 */
export const KERNEL_ERRNO_TABLE = [
  ["ERESTARTSYS", 512, "restart if the handler is SA_RESTART (or none), else EINTR"],
  ["ERESTARTNOINTR", 513, "always restart, even after a handler"],
  ["ERESTARTNOHAND", 514, "restart if no handler.."],
  ["ENOIOCTLCMD", 515, "No ioctl command"],
  ["ERESTART_RESTARTBLOCK", 516, "restart by calling sys_restart_syscall"],
  ["EPROBE_DEFER", 517, "Driver requests probe retry"],
  ["EOPENSTALE", 518, "open found a stale dentry"],
  ["ENOPARAM", 519, "Parameter not supported"],
  ["EBADHANDLE", 521, "Illegal NFS file handle"],
  ["ENOTSYNC", 522, "Update synchronization mismatch"],
  ["EBADCOOKIE", 523, "Cookie is stale"],
  ["ENOTSUPP", 524, "Operation is not supported"],
  ["ETOOSMALL", 525, "Buffer or request is too small"],
  ["ESERVERFAULT", 526, "An untranslatable error occurred"],
  ["EBADTYPE", 527, "Type not supported by server"],
  ["EJUKEBOX", 528, "Request initiated, but will not complete before timeout"],
  ["EIOCBQUEUED", 529, "iocb queued, will get completion event"],
  ["ERECALLCONFLICT", 530, "conflict with recalled state"],
  ["ENOGRACE", 531, "NFS file lock reclaim refused"],
] as const;

/** [alias, canonical name]: the second name glibc and the kernel give to the same number. */
export const ERRNO_ALIASES = [
  ["EWOULDBLOCK", "EAGAIN"],
  ["EDEADLOCK", "EDEADLK"],
  ["ENOTSUP", "EOPNOTSUPP"],
] as const;

type UserEntry = (typeof ERRNO_TABLE)[number];
type KernelEntry = (typeof KERNEL_ERRNO_TABLE)[number];
type AliasEntry = (typeof ERRNO_ALIASES)[number];
type CanonicalMap = {
  readonly [T in UserEntry | KernelEntry as T[0]]: T[1];
};
/** Every errno name (canonical, kernel-internal and alias) mapped to its number. */
export type ErrnoMap = CanonicalMap & {
  readonly [A in AliasEntry as A[0]]: CanonicalMap[A[1]];
};
/** Any errno name known to vkern, e.g. "ENOENT", "EWOULDBLOCK", "ERESTARTSYS". */
export type ErrnoName = keyof ErrnoMap;

function buildMap(): ErrnoMap {
  const map: Record<string, number> = {};
  for (const [name, n] of ERRNO_TABLE) map[name] = n;
  for (const [name, n] of KERNEL_ERRNO_TABLE) map[name] = n;
  for (const [alias, target] of ERRNO_ALIASES) map[alias] = map[target]!;
  return Object.freeze(map) as ErrnoMap;
}

/** name -> number, e.g. `E.ENOENT === 2`, `E.EWOULDBLOCK === 11`, `E.ERESTARTSYS === 512`. */
export const E: ErrnoMap = buildMap();

/** Largest errno an ERR_PTR can carry (include/linux/err.h). */
export const MAX_ERRNO = 4095;

/** Highest errno user space can see on this kernel (EHWPOISON). */
export const ERRNO_MAX = 133;

const nameByNumber = new Map<number, string>();
const textByNumber = new Map<number, string>();
for (const [name, n, text] of ERRNO_TABLE) {
  nameByNumber.set(n, name);
  textByNumber.set(n, text);
}
for (const [name, n] of KERNEL_ERRNO_TABLE) nameByNumber.set(n, name);

/**
 * The canonical name of errno `n` ("EAGAIN" for 11, never the alias "EWOULDBLOCK"), including
 * the kernel-internal ones ("ERESTARTSYS" for 512); undefined for 0, gaps (41, 58) and
 * unknown numbers. Negative numbers are not folded: pass `-ret`.
 */
export function errnoName(n: number): string | undefined {
  return nameByNumber.get(n);
}

/** Number of an errno name, aliases included ("EWOULDBLOCK" -> 11); undefined if unknown. */
export function errnoFromName(name: string): number | undefined {
  return Object.hasOwn(E, name) ? (E as Readonly<Record<string, number>>)[name] : undefined;
}

/**
 * glibc's strerror(3): "Success" for 0, the recorded text for 1..133, and
 * "Unknown error N" for anything else (negative numbers, gaps, kernel-internal numbers).
 */
export function strerror(n: number): string {
  if (n === 0) return "Success";
  return textByNumber.get(n) ?? `Unknown error ${n}`;
}

// Individual constants, so kernel code can be written like C: `return -ENOENT;`.

export const EPERM = E.EPERM;
export const ENOENT = E.ENOENT;
export const ESRCH = E.ESRCH;
export const EINTR = E.EINTR;
export const EIO = E.EIO;
export const ENXIO = E.ENXIO;
export const E2BIG = E.E2BIG;
export const ENOEXEC = E.ENOEXEC;
export const EBADF = E.EBADF;
export const ECHILD = E.ECHILD;
export const EAGAIN = E.EAGAIN;
export const ENOMEM = E.ENOMEM;
export const EACCES = E.EACCES;
export const EFAULT = E.EFAULT;
export const ENOTBLK = E.ENOTBLK;
export const EBUSY = E.EBUSY;
export const EEXIST = E.EEXIST;
export const EXDEV = E.EXDEV;
export const ENODEV = E.ENODEV;
export const ENOTDIR = E.ENOTDIR;
export const EISDIR = E.EISDIR;
export const EINVAL = E.EINVAL;
export const ENFILE = E.ENFILE;
export const EMFILE = E.EMFILE;
export const ENOTTY = E.ENOTTY;
export const ETXTBSY = E.ETXTBSY;
export const EFBIG = E.EFBIG;
export const ENOSPC = E.ENOSPC;
export const ESPIPE = E.ESPIPE;
export const EROFS = E.EROFS;
export const EMLINK = E.EMLINK;
export const EPIPE = E.EPIPE;
export const EDOM = E.EDOM;
export const ERANGE = E.ERANGE;
export const EDEADLK = E.EDEADLK;
export const ENAMETOOLONG = E.ENAMETOOLONG;
export const ENOLCK = E.ENOLCK;
export const ENOSYS = E.ENOSYS;
export const ENOTEMPTY = E.ENOTEMPTY;
export const ELOOP = E.ELOOP;
export const ENOMSG = E.ENOMSG;
export const EIDRM = E.EIDRM;
export const ECHRNG = E.ECHRNG;
export const EL2NSYNC = E.EL2NSYNC;
export const EL3HLT = E.EL3HLT;
export const EL3RST = E.EL3RST;
export const ELNRNG = E.ELNRNG;
export const EUNATCH = E.EUNATCH;
export const ENOCSI = E.ENOCSI;
export const EL2HLT = E.EL2HLT;
export const EBADE = E.EBADE;
export const EBADR = E.EBADR;
export const EXFULL = E.EXFULL;
export const ENOANO = E.ENOANO;
export const EBADRQC = E.EBADRQC;
export const EBADSLT = E.EBADSLT;
export const EBFONT = E.EBFONT;
export const ENOSTR = E.ENOSTR;
export const ENODATA = E.ENODATA;
export const ETIME = E.ETIME;
export const ENOSR = E.ENOSR;
export const ENONET = E.ENONET;
export const ENOPKG = E.ENOPKG;
export const EREMOTE = E.EREMOTE;
export const ENOLINK = E.ENOLINK;
export const EADV = E.EADV;
export const ESRMNT = E.ESRMNT;
export const ECOMM = E.ECOMM;
export const EPROTO = E.EPROTO;
export const EMULTIHOP = E.EMULTIHOP;
export const EDOTDOT = E.EDOTDOT;
export const EBADMSG = E.EBADMSG;
export const EOVERFLOW = E.EOVERFLOW;
export const ENOTUNIQ = E.ENOTUNIQ;
export const EBADFD = E.EBADFD;
export const EREMCHG = E.EREMCHG;
export const ELIBACC = E.ELIBACC;
export const ELIBBAD = E.ELIBBAD;
export const ELIBSCN = E.ELIBSCN;
export const ELIBMAX = E.ELIBMAX;
export const ELIBEXEC = E.ELIBEXEC;
export const EILSEQ = E.EILSEQ;
export const ERESTART = E.ERESTART;
export const ESTRPIPE = E.ESTRPIPE;
export const EUSERS = E.EUSERS;
export const ENOTSOCK = E.ENOTSOCK;
export const EDESTADDRREQ = E.EDESTADDRREQ;
export const EMSGSIZE = E.EMSGSIZE;
export const EPROTOTYPE = E.EPROTOTYPE;
export const ENOPROTOOPT = E.ENOPROTOOPT;
export const EPROTONOSUPPORT = E.EPROTONOSUPPORT;
export const ESOCKTNOSUPPORT = E.ESOCKTNOSUPPORT;
export const EOPNOTSUPP = E.EOPNOTSUPP;
export const EPFNOSUPPORT = E.EPFNOSUPPORT;
export const EAFNOSUPPORT = E.EAFNOSUPPORT;
export const EADDRINUSE = E.EADDRINUSE;
export const EADDRNOTAVAIL = E.EADDRNOTAVAIL;
export const ENETDOWN = E.ENETDOWN;
export const ENETUNREACH = E.ENETUNREACH;
export const ENETRESET = E.ENETRESET;
export const ECONNABORTED = E.ECONNABORTED;
export const ECONNRESET = E.ECONNRESET;
export const ENOBUFS = E.ENOBUFS;
export const EISCONN = E.EISCONN;
export const ENOTCONN = E.ENOTCONN;
export const ESHUTDOWN = E.ESHUTDOWN;
export const ETOOMANYREFS = E.ETOOMANYREFS;
export const ETIMEDOUT = E.ETIMEDOUT;
export const ECONNREFUSED = E.ECONNREFUSED;
export const EHOSTDOWN = E.EHOSTDOWN;
export const EHOSTUNREACH = E.EHOSTUNREACH;
export const EALREADY = E.EALREADY;
export const EINPROGRESS = E.EINPROGRESS;
export const ESTALE = E.ESTALE;
export const EUCLEAN = E.EUCLEAN;
export const ENOTNAM = E.ENOTNAM;
export const ENAVAIL = E.ENAVAIL;
export const EISNAM = E.EISNAM;
export const EREMOTEIO = E.EREMOTEIO;
export const EDQUOT = E.EDQUOT;
export const ENOMEDIUM = E.ENOMEDIUM;
export const EMEDIUMTYPE = E.EMEDIUMTYPE;
export const ECANCELED = E.ECANCELED;
export const ENOKEY = E.ENOKEY;
export const EKEYEXPIRED = E.EKEYEXPIRED;
export const EKEYREVOKED = E.EKEYREVOKED;
export const EKEYREJECTED = E.EKEYREJECTED;
export const EOWNERDEAD = E.EOWNERDEAD;
export const ENOTRECOVERABLE = E.ENOTRECOVERABLE;
export const ERFKILL = E.ERFKILL;
export const EHWPOISON = E.EHWPOISON;

// Kernel-internal (include/linux/errno.h): must be translated before reaching user space.
export const ERESTARTSYS = E.ERESTARTSYS;
export const ERESTARTNOINTR = E.ERESTARTNOINTR;
export const ERESTARTNOHAND = E.ERESTARTNOHAND;
export const ENOIOCTLCMD = E.ENOIOCTLCMD;
export const ERESTART_RESTARTBLOCK = E.ERESTART_RESTARTBLOCK;
export const EPROBE_DEFER = E.EPROBE_DEFER;
export const EOPENSTALE = E.EOPENSTALE;
export const ENOPARAM = E.ENOPARAM;
export const EBADHANDLE = E.EBADHANDLE;
export const ENOTSYNC = E.ENOTSYNC;
export const EBADCOOKIE = E.EBADCOOKIE;
export const ENOTSUPP = E.ENOTSUPP;
export const ETOOSMALL = E.ETOOSMALL;
export const ESERVERFAULT = E.ESERVERFAULT;
export const EBADTYPE = E.EBADTYPE;
export const EJUKEBOX = E.EJUKEBOX;
export const EIOCBQUEUED = E.EIOCBQUEUED;
export const ERECALLCONFLICT = E.ERECALLCONFLICT;
export const ENOGRACE = E.ENOGRACE;

// Aliases.
export const EWOULDBLOCK = E.EWOULDBLOCK;
export const EDEADLOCK = E.EDEADLOCK;
export const ENOTSUP = E.ENOTSUP;
