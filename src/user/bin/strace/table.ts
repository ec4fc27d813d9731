/**
 * The system calls strace decodes (strace's linux/x86_64/syscallent.h and the
 * TRACE_* class flags), as plain data: each argument names a printer of args.ts
 * ("inbuf:2" passes "2", the index of the length argument). Add an entry, or a
 * printer to `argTypes`, to decode a new call.
 */

export type TraceClass = "file" | "desc" | "process" | "memory" | "signal" | "network" | "ipc";

export interface SyscallSpec {
  args: string[];
  /** How the result prints: a number (default), hex (addresses), octal (umask), or "?" (never returns). */
  ret?: "int" | "hex" | "octal" | "none";
  classes: TraceClass[];
}

const F: TraceClass = "file";
const D: TraceClass = "desc";
const P: TraceClass = "process";
const M: TraceClass = "memory";
const S: TraceClass = "signal";
const N: TraceClass = "network";

export const syscallSpecs: Record<string, SyscallSpec> = {
  read: { args: ["fd", "outbuf", "ulong"], classes: [D] },
  write: { args: ["fd", "inbuf:2", "ulong"], classes: [D] },
  pread64: { args: ["fd", "outbuf", "ulong", "long"], classes: [D] },
  pwrite64: { args: ["fd", "inbuf:2", "ulong", "long"], classes: [D] },
  readv: { args: ["fd", "ptr", "int"], classes: [D] },
  writev: { args: ["fd", "ptr", "int"], classes: [D] },
  open: { args: ["path", "open_flags", "mode"], classes: [D, F] },
  openat: { args: ["dirfd", "path", "open_flags", "mode"], classes: [D, F] },
  creat: { args: ["path", "mode"], classes: [D, F] },
  close: { args: ["fd"], classes: [D] },
  stat: { args: ["path", "stat"], classes: [F] },
  lstat: { args: ["path", "stat"], classes: [F] },
  fstat: { args: ["fd", "stat"], classes: [D] },
  newfstatat: { args: ["dirfd", "path", "stat", "at_flags"], classes: [D, F] },
  lseek: { args: ["fd", "long", "whence"], classes: [D] },
  ioctl: { args: ["fd", "ioctl_cmd", "ioctl_arg"], classes: [D] },
  access: { args: ["path", "access_mode"], classes: [F] },
  faccessat: { args: ["dirfd", "path", "access_mode"], classes: [D, F] },
  pipe: { args: ["pipefds"], classes: [D] },
  pipe2: { args: ["pipefds", "open_flags"], classes: [D] },
  dup: { args: ["fd"], classes: [D] },
  dup2: { args: ["fd", "fd"], classes: [D] },
  dup3: { args: ["fd", "fd", "open_flags"], classes: [D] },
  fcntl: { args: ["fd", "fcntl_cmd", "hex"], classes: [D] },
  getdents64: { args: ["fd", "getdents", "uint"], classes: [D] },
  getcwd: { args: ["outbuf", "ulong"], classes: [F] },
  chdir: { args: ["path"], classes: [F] },
  fchdir: { args: ["fd"], classes: [D] },
  rename: { args: ["path", "path"], classes: [F] },
  renameat2: { args: ["dirfd", "path", "dirfd", "path", "hex"], classes: [D, F] },
  mkdir: { args: ["path", "mode"], classes: [F] },
  mkdirat: { args: ["dirfd", "path", "mode"], classes: [D, F] },
  rmdir: { args: ["path"], classes: [F] },
  link: { args: ["path", "path"], classes: [F] },
  linkat: { args: ["dirfd", "path", "dirfd", "path", "at_flags"], classes: [D, F] },
  unlink: { args: ["path"], classes: [F] },
  unlinkat: { args: ["dirfd", "path", "at_flags"], classes: [D, F] },
  symlink: { args: ["path", "path"], classes: [F] },
  symlinkat: { args: ["path", "dirfd", "path"], classes: [D, F] },
  readlink: { args: ["path", "outbuf", "ulong"], classes: [F] },
  readlinkat: { args: ["dirfd", "path", "outbuf", "ulong"], classes: [D, F] },
  chmod: { args: ["path", "mode"], classes: [F] },
  fchmod: { args: ["fd", "mode"], classes: [D] },
  fchmodat: { args: ["dirfd", "path", "mode"], classes: [D, F] },
  chown: { args: ["path", "int", "int"], classes: [F] },
  fchown: { args: ["fd", "int", "int"], classes: [D] },
  lchown: { args: ["path", "int", "int"], classes: [F] },
  fchownat: { args: ["dirfd", "path", "int", "int", "at_flags"], classes: [D, F] },
  umask: { args: ["mode"], ret: "octal", classes: [] },
  truncate: { args: ["path", "long"], classes: [F] },
  ftruncate: { args: ["fd", "long"], classes: [D] },
  mknod: { args: ["path", "mknod_mode", "dev"], classes: [F] },
  mknodat: { args: ["dirfd", "path", "mknod_mode", "dev"], classes: [D, F] },
  mmap: {
    args: ["ptr", "ulong", "prot", "mmap_flags", "fd", "hex"],
    ret: "hex",
    classes: [D, M],
  },
  munmap: { args: ["ptr", "ulong"], classes: [M] },
  getpid: { args: [], classes: [] },
  gettid: { args: [], classes: [] },
  getppid: { args: [], classes: [] },
  getuid: { args: [], classes: [] },
  geteuid: { args: [], classes: [] },
  getgid: { args: [], classes: [] },
  getegid: { args: [], classes: [] },
  setuid: { args: ["int"], classes: [] },
  setgid: { args: ["int"], classes: [] },
  getgroups: { args: ["int", "ptr"], classes: [] },
  setgroups: { args: ["int", "ptr"], classes: [] },
  setpgid: { args: ["int", "int"], classes: [] },
  getpgid: { args: ["int"], classes: [] },
  setsid: { args: [], classes: [] },
  uname: { args: ["ptr"], classes: [] },
  sethostname: { args: ["inbuf:1", "int"], classes: [] },
  clock_gettime: { args: ["clockid", "timespec_out"], classes: [] },
  nanosleep: { args: ["timespec", "ptr"], classes: [] },
  getrandom: { args: ["outbuf", "ulong", "uint"], classes: [] },
  syslog: { args: ["syslog_action", "ptr", "int"], classes: [] },
  fork: { args: [], classes: [P] },
  execve: { args: ["path", "argv", "envp"], classes: [F, P] },
  exit_group: { args: ["int"], ret: "none", classes: [P] },
  wait4: { args: ["int", "wstatus", "wait_options", "ptr"], classes: [P] },
  kill: { args: ["int", "signal"], classes: [S, P] },
  rt_sigaction: { args: ["signal", "sigdisp"], classes: [S] },
  finit_module: { args: ["fd", "str", "uint"], classes: [D] },
  init_module: { args: ["ptr", "ulong", "str"], classes: [] },
  delete_module: { args: ["str", "delete_module_flags"], classes: [] },
  mount: { args: ["path", "path", "str", "mount_flags", "ptr"], classes: [F] },
  umount2: { args: ["path", "umount_flags"], classes: [F] },
  ptrace: { args: ["ptrace_cmd", "int", "ptr", "ptr"], classes: [] },
  // The socket layer (net/socket.c); message and option decoders belong to their owners.
  socket: { args: ["family", "socktype", "sockproto"], classes: [N] },
  socketpair: { args: ["family", "socktype", "sockproto", "ptr"], classes: [N] },
  bind: { args: ["fd", "sockaddr:2", "int"], classes: [N] },
  connect: { args: ["fd", "sockaddr:2", "int"], classes: [N] },
  listen: { args: ["fd", "int"], classes: [N] },
  accept: { args: ["fd", "ptr", "ptr"], classes: [N] },
  accept4: { args: ["fd", "ptr", "ptr", "hex"], classes: [N] },
  // Printers of the socket calls' structures: net.ts.
  getsockname: { args: ["fd", "sockaddr_out:2", "socklen_out"], classes: [N] },
  getpeername: { args: ["fd", "sockaddr_out:2", "socklen_out"], classes: [N] },
  sendto: { args: ["fd", "sockbuf", "ulong", "msg_flags", "sockaddr:5", "int"], classes: [N] },
  recvfrom: {
    args: ["fd", "sockbuf_out", "ulong", "msg_flags", "sockaddr_out:5", "socklen_out"],
    classes: [N],
  },
  sendmsg: { args: ["fd", "msghdr", "msg_flags"], classes: [N] },
  recvmsg: { args: ["fd", "msghdr_out", "msg_flags"], classes: [N] },
  shutdown: { args: ["fd", "int"], classes: [N] },
  setsockopt: { args: ["fd", "sol_level", "sockopt_name", "sockopt_val", "int"], classes: [N] },
  getsockopt: {
    args: ["fd", "sol_level", "sockopt_name", "sockopt_out", "sockoptlen_out"],
    classes: [N],
  },
};
