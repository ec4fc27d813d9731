/**
 * strace's argument printers (util.c printstr/printpath, printflags, print_struct_stat,
 * print_sockaddr, ioctl.c ioctl_print_code ...), each a named ArgType that the
 * syscall table refers to. A subsystem adds a printer with `argTypes.set(name, ...)`.
 */
import { errnoName } from "../../../include/uapi/errno.ts";
import { signalName } from "../../../include/uapi/signal.ts";
import type { TraceeMemory } from "../../../kernel/ptrace.ts";
import {
  accessModes,
  addressFamilies,
  atFlags,
  clockNames,
  deleteModuleFlags,
  fcntlCmds,
  flagsString,
  hex,
  inetProtocols,
  ioctlNames,
  mmapFlags,
  mmapProt,
  modeTypes,
  mountFlags,
  netlinkProtocols,
  openAccessModes,
  openModeFlags,
  ptraceCmds,
  socketTypeFlags,
  socketTypes,
  syslogActions,
  umountFlags,
  waitOptions,
  whenceCodes,
  type Xlat,
  xlatLookup,
  xlatName,
} from "./xlat.ts";

export interface FormatOptions {
  /** -s: the longest string printed. */
  strsize: number;
}

/** What a printer sees: the raw argument, all arguments, the tracee's memory, the result at exit. */
export interface ArgContext {
  value: number | bigint;
  args: readonly (number | bigint)[];
  mem: TraceeMemory;
  /** The call's result (exit-time printers only). */
  ret?: number;
  opts: FormatOptions;
  /** A parameter from the table entry ("buf:2" gives "2"). */
  param?: string;
  /** State one call's printers keep from its entry to its exit (recvmsg's msg_namelen). */
  scratch?: Record<string, unknown>;
  /** The family and protocol of one of the tracee's sockets, when known (see net.ts). */
  sock?: (fd: number) => { family: number; protocol: number } | undefined;
}

export interface ArgType {
  /** Printed when the call returns (it shows what the kernel wrote), not at entry. */
  atExit?: boolean;
  /** For exit-time printers: what to note at entry, before the kernel changes it. */
  atEntry?(c: ArgContext): void;
  format(c: ArgContext): string;
}

const num = (v: number | bigint): number =>
  typeof v === "bigint" ? Number(BigInt.asIntN(64, v)) : v;
const int32 = (v: number | bigint): number => Number(BigInt.asIntN(32, BigInt(num(v))));

/** Mirrors string_quote(): C escapes, short octal unless a digit follows. */
export function quoteBytes(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    switch (c) {
      case 0x22:
        s += '\\"';
        continue;
      case 0x5c:
        s += "\\\\";
        continue;
      case 0x0c:
        s += "\\f";
        continue;
      case 0x0a:
        s += "\\n";
        continue;
      case 0x0d:
        s += "\\r";
        continue;
      case 0x09:
        s += "\\t";
        continue;
      case 0x0b:
        s += "\\v";
        continue;
    }
    if (c >= 0x20 && c < 0x7f) {
      s += String.fromCharCode(c);
      continue;
    }
    const next = b[i + 1];
    if (next !== undefined && next >= 0x30 && next <= 0x39) {
      s += `\\${(c >> 6).toString()}${((c >> 3) & 7).toString()}${(c & 7).toString()}`;
    } else {
      s += `\\${c.toString(8)}`;
    }
  }
  return `"${s}"`;
}

/** Mirrors printaddr(): NULL or %#lx. */
export function printAddr(v: number | bigint): string {
  const n = typeof v === "bigint" ? BigInt.asUintN(64, v) : BigInt(Math.trunc(v));
  return n === 0n ? "NULL" : hex(n);
}

/** Mirrors printstr_ex() of a NUL-terminated string: at most `max` bytes, "..." if longer. */
export function printStr(mem: TraceeMemory, addr: number | bigint, max: number): string {
  const a = num(addr);
  if (!a) return "NULL";
  const r = mem.readString(a, max + 1);
  if (!r) return printAddr(addr);
  if (r.bytes.length > max || r.truncated) return `${quoteBytes(r.bytes.subarray(0, max))}...`;
  return quoteBytes(r.bytes);
}

/** Mirrors printstrn(): `len` bytes of a buffer, at most `max` shown, "..." if more. */
export function printBuf(
  mem: TraceeMemory,
  addr: number | bigint,
  len: number,
  max: number,
): string {
  const a = num(addr);
  if (!a) return "NULL";
  const n = Math.max(0, Math.min(len, max));
  const b = n ? mem.read(a, n) : new Uint8Array(0);
  if (!b || b.length < n) return printAddr(addr);
  return quoteBytes(b) + (len > max ? "..." : "");
}

/** Mirrors print_symbolic_mode_t(): "S_IFREG|S_ISUID|0755". */
export function symbolicMode(mode: number): string {
  const type = xlatLookup(modeTypes, mode & 0o170000);
  let s = type ? `${type}|` : mode & 0o170000 ? `${hex(mode & 0o170000)}|` : "";
  if (mode & 0o4000) s += "S_ISUID|";
  if (mode & 0o2000) s += "S_ISGID|";
  if (mode & 0o1000) s += "S_ISVTX|";
  return s + octal(mode & 0o777);
}

/** "%#03o" */
export function octal(v: number): string {
  return v === 0 ? "000" : `0${v.toString(8).padStart(2, "0")}`;
}

/** The struct stat of x86_64, abbreviated as strace prints it without -v. */
export function printStat(mem: TraceeMemory, addr: number | bigint): string {
  const b = mem.read(num(addr), 144);
  if (!b || b.length < 144) return printAddr(addr);
  const dv = new DataView(b.buffer, b.byteOffset, 144);
  const mode = dv.getUint32(24, true);
  const fmt = mode & 0o170000;
  let s = `{st_mode=${symbolicMode(mode)}, `;
  if (fmt === 0o20000 || fmt === 0o60000) {
    const dev = dv.getBigUint64(40, true);
    const major = Number(((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn));
    const minor = Number((dev & 0xffn) | ((dev >> 12n) & ~0xffn));
    s += `st_rdev=makedev(${hex(major)}, ${hex(minor)}), `;
  } else {
    s += `st_size=${dv.getBigInt64(48, true)}, `;
  }
  return `${s}...}`;
}

/** Mirrors printfd(): the number (strace -y would add the path). */
function fd(c: ArgContext): string {
  return String(int32(c.value));
}

function dirfd(c: ArgContext): string {
  return int32(c.value) === -100 ? "AT_FDCWD" : fd(c);
}

/** Mirrors tprint_open_modes(): access mode, then the other flags. */
export function openFlags(v: number): string {
  const acc = xlatLookup(openAccessModes, v & 3) ?? hex(v & 3);
  const rest = flagsString(openModeFlags, v & ~3, "");
  return rest ? `${acc}|${rest}` : acc;
}

/** sys_socket(): the protocol table depends on the family. */
function socketProtocol(c: ArgContext): string {
  const family = int32(c.args[0]);
  const v = int32(c.value);
  if (family === 16) return xlatName(netlinkProtocols, v, "NETLINK_???");
  if (family === 2 || family === 10) return xlatName(inetProtocols, v, "IPPROTO_???");
  return String(v);
}

function socketType(v: number): string {
  const base = xlatLookup(socketTypes, v & 0xf) ?? hex(v & 0xf);
  const flags = flagsString(socketTypeFlags, v & ~0xf, "");
  return flags ? `${base}|${flags}` : base;
}

/** Mirrors print_sockaddr() for the families vkern has. */
export function printSockaddr(mem: TraceeMemory, addr: number | bigint, len: number): string {
  if (!num(addr)) return "NULL";
  const b = mem.read(num(addr), Math.max(0, Math.min(len, 128)));
  if (!b || b.length < 2) return printAddr(addr);
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  const fam = dv.getUint16(0, true);
  const name = xlatName(addressFamilies, fam, "AF_???");
  if (fam === 16 && b.length >= 12) {
    // PRINT_FIELD_D and PRINT_FIELD_0X ("%#0*llx", width 8): nl_pid=-4096, nl_groups=0x000001.
    const g = dv.getUint32(8, true);
    const groups = g ? `0x${g.toString(16).padStart(6, "0")}` : "00000000";
    return `{sa_family=${name}, nl_pid=${dv.getInt32(4, true)}, nl_groups=${groups}}`;
  }
  if (fam === 1) {
    const path = b.subarray(2);
    const end = path.indexOf(0);
    return `{sa_family=${name}, sun_path=${quoteBytes(end < 0 ? path : path.subarray(0, end))}}`;
  }
  if (fam === 2 && b.length >= 8) {
    const port = (b[2] << 8) | b[3];
    return `{sa_family=${name}, sin_port=htons(${port}), sin_addr=inet_addr("${b[4]}.${b[5]}.${b[6]}.${b[7]}")}`;
  }
  return `{sa_family=${name}, sa_data=${quoteBytes(b.subarray(2))}}`;
}

/** Mirrors ioctl_print_code(): a known name, or _IOC(dir, type, nr, size). */
export function ioctlCode(cmd: number): string {
  const c = cmd >>> 0;
  const name = xlatLookup(ioctlNames, c);
  if (name) return name;
  const dir = c >>> 30;
  const dirs = ["_IOC_NONE", "_IOC_WRITE", "_IOC_READ", "_IOC_READ|_IOC_WRITE"];
  return `_IOC(${dirs[dir]}, ${hex((c >>> 8) & 0xff)}, ${hex(c & 0xff)}, ${hex((c >>> 16) & 0x3fff)})`;
}

/** Mirrors printsignal(). */
export function sigName(v: number): string {
  return signalName(v) ?? String(v);
}

function flagsOf(table: Xlat, zero = "0"): ArgType {
  return { format: (c) => flagsString(table, num(c.value), zero) };
}

function enumOf(table: Xlat, unknown: string): ArgType {
  return { format: (c) => xlatName(table, int32(c.value), unknown) };
}

/** Index of another argument named by the table's parameter ("buf:2" → args[2]). */
function other(c: ArgContext): number {
  return num(c.args[Number(c.param ?? 0)] ?? 0);
}

/** The printers the table may name. */
export const argTypes = new Map<string, ArgType>([
  ["int", { format: (c) => String(int32(c.value)) }],
  ["uint", { format: (c) => String(int32(c.value) >>> 0) }],
  ["long", { format: (c) => String(num(c.value)) }],
  ["ulong", { format: (c) => BigInt.asUintN(64, BigInt(num(c.value))).toString() }],
  ["hex", { format: (c) => hex(c.value) }],
  ["ptr", { format: (c) => printAddr(c.value) }],
  ["fd", { format: fd }],
  ["dirfd", { format: dirfd }],
  ["path", { format: (c) => printStr(c.mem, c.value, 4096) }],
  ["str", { format: (c) => printStr(c.mem, c.value, c.opts.strsize) }],
  // write(2)'s buffer: as many bytes as the length argument says.
  ["inbuf", { format: (c) => printBuf(c.mem, c.value, other(c), c.opts.strsize) }],
  // read(2)'s buffer: what the kernel wrote (the result), the address on error.
  [
    "outbuf",
    {
      atExit: true,
      format: (c) =>
        (c.ret ?? -1) < 0
          ? printAddr(c.value)
          : printBuf(c.mem, c.value, c.ret ?? 0, c.opts.strsize),
    },
  ],
  ["open_flags", { format: (c) => openFlags(num(c.value)) }],
  ["mode", { format: (c) => octal(num(c.value) & 0o7777) }],
  ["mknod_mode", { format: (c) => symbolicMode(num(c.value)) }],
  [
    "dev",
    { format: (c) => `makedev(${hex((num(c.value) >> 8) & 0xfff)}, ${hex(num(c.value) & 0xff)})` },
  ],
  ["access_mode", { format: (c) => flagsString(accessModes, num(c.value), "F_OK") }],
  ["at_flags", flagsOf(atFlags)],
  [
    "stat",
    {
      atExit: true,
      format: (c) => ((c.ret ?? -1) < 0 ? printAddr(c.value) : printStat(c.mem, c.value)),
    },
  ],
  ["prot", flagsOf(mmapProt, "PROT_NONE")],
  ["mmap_flags", flagsOf(mmapFlags)],
  ["signal", { format: (c) => sigName(int32(c.value)) }],
  ["ioctl_cmd", { format: (c) => ioctlCode(num(c.value)) }],
  ["ioctl_arg", { format: (c) => hex(c.value) }],
  ["whence", enumOf(whenceCodes, "SEEK_???")],
  ["fcntl_cmd", enumOf(fcntlCmds, "F_???")],
  ["clockid", enumOf(clockNames, "CLOCK_???")],
  ["syslog_action", enumOf(syslogActions, "SYSLOG_ACTION_???")],
  ["ptrace_cmd", enumOf(ptraceCmds, "PTRACE_???")],
  ["wait_options", flagsOf(waitOptions)],
  ["delete_module_flags", flagsOf(deleteModuleFlags)],
  ["mount_flags", flagsOf(mountFlags)],
  ["umount_flags", flagsOf(umountFlags)],
  // vkern's reduced rt_sigaction(sig, disposition): 0 default, 1 ignore, 2 a handler.
  [
    "sigdisp",
    {
      format: (c) => {
        const d = int32(c.value);
        return `{sa_handler=${d === 0 ? "SIG_DFL" : d === 1 ? "SIG_IGN" : d < 0 ? "NULL" : hex(d)}}`;
      },
    },
  ],
  ["family", { format: (c) => xlatName(addressFamilies, int32(c.value), "AF_???") }],
  ["socktype", { format: (c) => socketType(int32(c.value)) }],
  ["sockproto", { format: socketProtocol }],
  ["sockaddr", { format: (c) => printSockaddr(c.mem, c.value, other(c)) }],
  [
    "getdents",
    {
      atExit: true,
      format: (c) => {
        if ((c.ret ?? -1) < 0) return printAddr(c.value);
        const b = c.mem.read(num(c.value), c.ret ?? 0);
        let n = 0;
        if (b) {
          const dv = new DataView(b.buffer, b.byteOffset, b.length);
          for (let o = 0; o + 19 <= b.length; n++) o += dv.getUint16(o + 16, true) || b.length;
        }
        return `/* ${n} entries */`;
      },
    },
  ],
  [
    "pipefds",
    {
      atExit: true,
      format: (c) => {
        const b = (c.ret ?? -1) < 0 ? null : c.mem.read(num(c.value), 8);
        if (!b || b.length < 8) return printAddr(c.value);
        const dv = new DataView(b.buffer, b.byteOffset, 8);
        return `[${dv.getInt32(0, true)}, ${dv.getInt32(4, true)}]`;
      },
    },
  ],
  [
    "wstatus",
    {
      atExit: true,
      format: (c) => {
        if (!num(c.value)) return "NULL";
        const b = (c.ret ?? -1) <= 0 ? null : c.mem.read(num(c.value), 4);
        if (!b || b.length < 4) return printAddr(c.value);
        const s = new DataView(b.buffer, b.byteOffset, 4).getInt32(0, true);
        if ((s & 0x7f) === 0) return `[{WIFEXITED(s) && WEXITSTATUS(s) == ${(s >> 8) & 0xff}}]`;
        return `[{WIFSIGNALED(s) && WTERMSIG(s) == ${sigName(s & 0x7f)}}]`;
      },
    },
  ],
  [
    "timespec",
    {
      format: (c) => {
        const b = c.mem.read(num(c.value), 16);
        if (!b || b.length < 16) return printAddr(c.value);
        const dv = new DataView(b.buffer, b.byteOffset, 16);
        return `{tv_sec=${dv.getBigInt64(0, true)}, tv_nsec=${dv.getBigInt64(8, true)}}`;
      },
    },
  ],
  [
    "timespec_out",
    {
      atExit: true,
      format: (c) => {
        const b = (c.ret ?? -1) < 0 ? null : c.mem.read(num(c.value), 16);
        if (!b || b.length < 16) return printAddr(c.value);
        const dv = new DataView(b.buffer, b.byteOffset, 16);
        return `{tv_sec=${dv.getBigInt64(0, true)}, tv_nsec=${dv.getBigInt64(8, true)}}`;
      },
    },
  ],
  [
    "argv",
    {
      format: (c) => {
        const a = num(c.value);
        if (!a) return "NULL";
        const items: string[] = [];
        for (let i = 0; ; i++) {
          const p = c.mem.read(a + i * 8, 8);
          if (!p || p.length < 8) return printAddr(c.value);
          const ptr = new DataView(p.buffer, p.byteOffset, 8).getBigUint64(0, true);
          if (ptr === 0n) break;
          if (i >= c.opts.strsize) {
            items.push("...");
            break;
          }
          items.push(printStr(c.mem, Number(ptr), c.opts.strsize));
        }
        return `[${items.join(", ")}]`;
      },
    },
  ],
  [
    // execve's environment: the address and a count, as strace prints it without -v.
    "envp",
    {
      format: (c) => {
        const a = num(c.value);
        if (!a) return "NULL";
        let n = 0;
        for (; ; n++) {
          const p = c.mem.read(a + n * 8, 8);
          if (!p || p.length < 8) return printAddr(c.value);
          if (new DataView(p.buffer, p.byteOffset, 8).getBigUint64(0, true) === 0n) break;
        }
        return `${printAddr(c.value)} /* ${n} var${n === 1 ? "" : "s"} */`;
      },
    },
  ],
]);

/** Mirrors the tail of syscall_exit(): "= N", "= -1 ENAME (text)" or "= ? ERESTART...". */
export function formatReturn(ret: number, kind: string, strerror: (n: number) => string): string {
  if (kind === "none") return "?";
  if (ret < 0 && ret >= -4095) {
    const e = -ret;
    const name = errnoName(e) ?? `E${e}`;
    if (e >= 512 && e <= 516) return `? ${name} (${RESTART_TEXT[e - 512]})`;
    return `-1 ${name} (${strerror(e)})`;
  }
  if (kind === "hex") return hex(ret);
  // RVAL_OCTAL (umask): print_numeric_long_umask()'s "%#03lo".
  if (kind === "octal") return ret ? `0${ret.toString(8)}`.padStart(3, "0") : "000";
  return String(ret);
}

/** strace's texts for the restart errnos (syscall.c). */
const RESTART_TEXT = [
  "To be restarted if SA_RESTART is set",
  "To be restarted",
  "To be restarted if no handler",
  "No ioctl command",
  "Interrupted by signal",
];
