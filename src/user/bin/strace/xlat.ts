/**
 * strace's xlat tables (strace's xlat/*.in), as plain data: value → name for
 * enumerations, and flag sets printed "A|B|0x..." in the order strace prints them.
 * Other subsystems add their own tables here (socket options, netlink types ...).
 */

/** [value, name] pairs. */
export type Xlat = readonly (readonly [number, string])[];

/** xlat/open_access_modes.in */
export const openAccessModes: Xlat = [
  [0, "O_RDONLY"],
  [1, "O_WRONLY"],
  [2, "O_RDWR"],
  [3, "O_ACCMODE"],
];

/** xlat/open_mode_flags.in (x86_64 values) */
export const openModeFlags: Xlat = [
  [0o100, "O_CREAT"],
  [0o200, "O_EXCL"],
  [0o400, "O_NOCTTY"],
  [0o1000, "O_TRUNC"],
  [0o2000, "O_APPEND"],
  [0o4000, "O_NONBLOCK"],
  [0o4010000, "O_SYNC"],
  [0o10000, "O_DSYNC"],
  [0o20000, "O_ASYNC"],
  [0o40000, "O_DIRECT"],
  [0o100000, "O_LARGEFILE"],
  [0o200000, "O_DIRECTORY"],
  [0o400000, "O_NOFOLLOW"],
  [0o1000000, "O_NOATIME"],
  [0o2000000, "O_CLOEXEC"],
  [0o10000000, "O_PATH"],
  [0o20200000, "O_TMPFILE"],
];

/** xlat/at_flags.in */
export const atFlags: Xlat = [
  [0x100, "AT_SYMLINK_NOFOLLOW"],
  [0x200, "AT_REMOVEDIR"],
  [0x400, "AT_SYMLINK_FOLLOW"],
  [0x800, "AT_NO_AUTOMOUNT"],
  [0x1000, "AT_EMPTY_PATH"],
];

/** xlat/access_flags.in */
export const accessModes: Xlat = [
  [4, "R_OK"],
  [2, "W_OK"],
  [1, "X_OK"],
];

/** xlat/whence_codes.in */
export const whenceCodes: Xlat = [
  [0, "SEEK_SET"],
  [1, "SEEK_CUR"],
  [2, "SEEK_END"],
  [3, "SEEK_DATA"],
  [4, "SEEK_HOLE"],
];

/** xlat/modetypes.in */
export const modeTypes: Xlat = [
  [0o140000, "S_IFSOCK"],
  [0o120000, "S_IFLNK"],
  [0o100000, "S_IFREG"],
  [0o60000, "S_IFBLK"],
  [0o40000, "S_IFDIR"],
  [0o20000, "S_IFCHR"],
  [0o10000, "S_IFIFO"],
];

/** xlat/mmap_prot.in */
export const mmapProt: Xlat = [
  [1, "PROT_READ"],
  [2, "PROT_WRITE"],
  [4, "PROT_EXEC"],
  [0x1000000, "PROT_GROWSDOWN"],
  [0x2000000, "PROT_GROWSUP"],
];

/** xlat/mmap_flags.in (the sharing type first, then the flags) */
export const mmapFlags: Xlat = [
  [0x01, "MAP_SHARED"],
  [0x02, "MAP_PRIVATE"],
  [0x10, "MAP_FIXED"],
  [0x20, "MAP_ANONYMOUS"],
  [0x40, "MAP_32BIT"],
  [0x100, "MAP_GROWSDOWN"],
  [0x800, "MAP_DENYWRITE"],
  [0x1000, "MAP_EXECUTABLE"],
  [0x2000, "MAP_LOCKED"],
  [0x4000, "MAP_NORESERVE"],
  [0x8000, "MAP_POPULATE"],
  [0x10000, "MAP_NONBLOCK"],
  [0x20000, "MAP_STACK"],
  [0x40000, "MAP_HUGETLB"],
];

/** xlat/addrfams.in (the common ones) */
export const addressFamilies: Xlat = [
  [0, "AF_UNSPEC"],
  [1, "AF_UNIX"],
  [2, "AF_INET"],
  [10, "AF_INET6"],
  [16, "AF_NETLINK"],
  [17, "AF_PACKET"],
];

/** xlat/socktypes.in */
export const socketTypes: Xlat = [
  [1, "SOCK_STREAM"],
  [2, "SOCK_DGRAM"],
  [3, "SOCK_RAW"],
  [4, "SOCK_RDM"],
  [5, "SOCK_SEQPACKET"],
  [6, "SOCK_DCCP"],
  [10, "SOCK_PACKET"],
];

/** xlat/sock_type_flags.in */
export const socketTypeFlags: Xlat = [
  [0o2000000, "SOCK_CLOEXEC"],
  [0o4000, "SOCK_NONBLOCK"],
];

/** xlat/netlink_protocols.in */
export const netlinkProtocols: Xlat = [
  [0, "NETLINK_ROUTE"],
  [1, "NETLINK_UNUSED"],
  [2, "NETLINK_USERSOCK"],
  [3, "NETLINK_FIREWALL"],
  [4, "NETLINK_SOCK_DIAG"],
  [5, "NETLINK_NFLOG"],
  [6, "NETLINK_XFRM"],
  [7, "NETLINK_SELINUX"],
  [8, "NETLINK_ISCSI"],
  [9, "NETLINK_AUDIT"],
  [10, "NETLINK_FIB_LOOKUP"],
  [11, "NETLINK_CONNECTOR"],
  [12, "NETLINK_NETFILTER"],
  [13, "NETLINK_IP6_FW"],
  [14, "NETLINK_DNRTMSG"],
  [15, "NETLINK_KOBJECT_UEVENT"],
  [16, "NETLINK_GENERIC"],
  [18, "NETLINK_SCSITRANSPORT"],
  [19, "NETLINK_ECRYPTFS"],
  [20, "NETLINK_RDMA"],
  [21, "NETLINK_CRYPTO"],
  [22, "NETLINK_SMC"],
];

/** xlat/inet_protocols.in (the common ones) */
export const inetProtocols: Xlat = [
  [0, "IPPROTO_IP"],
  [1, "IPPROTO_ICMP"],
  [6, "IPPROTO_TCP"],
  [17, "IPPROTO_UDP"],
  [58, "IPPROTO_ICMPV6"],
  [255, "IPPROTO_RAW"],
];

/** xlat/fcntlcmds.in (the common ones) */
export const fcntlCmds: Xlat = [
  [0, "F_DUPFD"],
  [1, "F_GETFD"],
  [2, "F_SETFD"],
  [3, "F_GETFL"],
  [4, "F_SETFL"],
  [5, "F_GETLK"],
  [6, "F_SETLK"],
  [7, "F_SETLKW"],
  [8, "F_SETOWN"],
  [9, "F_GETOWN"],
  [1030, "F_DUPFD_CLOEXEC"],
  [1031, "F_SETPIPE_SZ"],
  [1032, "F_GETPIPE_SZ"],
];

/** xlat/clocknames.in */
export const clockNames: Xlat = [
  [0, "CLOCK_REALTIME"],
  [1, "CLOCK_MONOTONIC"],
  [2, "CLOCK_PROCESS_CPUTIME_ID"],
  [3, "CLOCK_THREAD_CPUTIME_ID"],
  [4, "CLOCK_MONOTONIC_RAW"],
  [5, "CLOCK_REALTIME_COARSE"],
  [6, "CLOCK_MONOTONIC_COARSE"],
  [7, "CLOCK_BOOTTIME"],
];

/** xlat/wait4_options.in */
export const waitOptions: Xlat = [
  [1, "WNOHANG"],
  [2, "WUNTRACED"],
  [8, "WCONTINUED"],
  [0x40000000, "__WNOTHREAD"],
  [0x80000000, "__WALL"],
];

/** xlat/mount_flags.in (MS_MGC_VAL aside) */
export const mountFlags: Xlat = [
  [1, "MS_RDONLY"],
  [2, "MS_NOSUID"],
  [4, "MS_NODEV"],
  [8, "MS_NOEXEC"],
  [16, "MS_SYNCHRONOUS"],
  [32, "MS_REMOUNT"],
  [64, "MS_MANDLOCK"],
  [128, "MS_DIRSYNC"],
  [1024, "MS_NOATIME"],
  [2048, "MS_NODIRATIME"],
  [4096, "MS_BIND"],
  [8192, "MS_MOVE"],
  [16384, "MS_REC"],
  [32768, "MS_SILENT"],
  [1 << 21, "MS_RELATIME"],
  [1 << 24, "MS_STRICTATIME"],
  [1 << 25, "MS_LAZYTIME"],
];

/** xlat/umount_flags.in */
export const umountFlags: Xlat = [
  [1, "MNT_FORCE"],
  [2, "MNT_DETACH"],
  [4, "MNT_EXPIRE"],
  [8, "UMOUNT_NOFOLLOW"],
];

/** xlat/delete_module_flags.in */
export const deleteModuleFlags: Xlat = [
  [0o4000, "O_NONBLOCK"],
  [0o1000, "O_TRUNC"],
];

/** xlat/syslog_action_type.in */
export const syslogActions: Xlat = [
  [0, "SYSLOG_ACTION_CLOSE"],
  [1, "SYSLOG_ACTION_OPEN"],
  [2, "SYSLOG_ACTION_READ"],
  [3, "SYSLOG_ACTION_READ_ALL"],
  [4, "SYSLOG_ACTION_READ_CLEAR"],
  [5, "SYSLOG_ACTION_CLEAR"],
  [6, "SYSLOG_ACTION_CONSOLE_OFF"],
  [7, "SYSLOG_ACTION_CONSOLE_ON"],
  [8, "SYSLOG_ACTION_CONSOLE_LEVEL"],
  [9, "SYSLOG_ACTION_SIZE_UNREAD"],
  [10, "SYSLOG_ACTION_SIZE_BUFFER"],
];

/** xlat/ptrace_cmds.in (the ones vkern answers) */
export const ptraceCmds: Xlat = [
  [0, "PTRACE_TRACEME"],
  [16, "PTRACE_ATTACH"],
  [17, "PTRACE_DETACH"],
  [0x4206, "PTRACE_SEIZE"],
];

/**
 * Named ioctl commands (strace's ioctlent tables): the generic tty/file ones. Drivers'
 * own numbers print as _IOC(...) unless someone adds them here.
 */
export const ioctlNames: Xlat = [
  [0x5401, "TCGETS"],
  [0x5402, "TCSETS"],
  [0x5403, "TCSETSW"],
  [0x5404, "TCSETSF"],
  [0x5405, "TCGETA"],
  [0x5406, "TCSETA"],
  [0x5407, "TCSETAW"],
  [0x5408, "TCSETAF"],
  [0x5409, "TCSBRK"],
  [0x540a, "TCXONC"],
  [0x540b, "TCFLSH"],
  [0x540e, "TIOCSCTTY"],
  [0x540f, "TIOCGPGRP"],
  [0x5410, "TIOCSPGRP"],
  [0x5411, "TIOCOUTQ"],
  [0x5413, "TIOCGWINSZ"],
  [0x5414, "TIOCSWINSZ"],
  [0x541b, "FIONREAD"],
  [0x5421, "FIONBIO"],
  [0x5422, "TIOCNOTTY"],
  [0x5429, "TIOCGSID"],
  [0x5450, "FIONCLEX"],
  [0x5451, "FIOCLEX"],
  [0x5452, "FIOASYNC"],
  [0x5460, "FIOQSIZE"],
];

/** Adds named ioctls (a driver's numbers) to the table strace decodes. */
export function addIoctlNames(entries: Xlat): void {
  (ioctlNames as [number, string][]).push(...entries.map(([v, n]) => [v, n] as [number, string]));
}

/** Mirrors printxval(): the name, or the number with a PREFIX_??? comment after it. */
export function xlatName(table: Xlat, v: number, unknown: string): string {
  for (const [val, name] of table) if (val === v) return name;
  return unknown.includes("???") ? `${hex(v)} /* ${unknown} */` : unknown;
}

export function xlatLookup(table: Xlat, v: number): string | undefined {
  for (const [val, name] of table) if (val === v) return name;
  return undefined;
}

/** "%#x": 0 prints as "0", anything else with a 0x prefix. */
export function hex(v: number | bigint): string {
  const n =
    typeof v === "bigint" ? BigInt.asUintN(64, v) : BigInt.asUintN(64, BigInt(Math.trunc(v)));
  return n === 0n ? "0" : `0x${n.toString(16)}`;
}

/** Mirrors printflags(): "A|B|0x..." in table order, `zero` when v is 0. */
export function flagsString(table: Xlat, v: number, zero = "0"): string {
  let rest = v >>> 0;
  if (rest === 0) return zero;
  const parts: string[] = [];
  for (const [bit, name] of table) {
    if (bit && (rest & bit) >>> 0 === bit) {
      parts.push(name);
      rest = (rest & ~bit) >>> 0;
    }
  }
  if (rest) parts.push(hex(rest));
  return parts.join("|");
}
