/**
 * The system call table (arch/x86/entry/syscalls/syscall_64.tbl, by name).
 * Each entry takes the calling task and the raw register arguments.
 */

import { sys_execve } from "../fs/exec.ts";
import * as fcntl from "../fs/fcntl.ts";
import { sys_ioctl } from "../fs/ioctl.ts";
import { sys_mount, sys_umount2 } from "../fs/mount_syscalls.ts";
import * as namei from "../fs/namei_ops.ts";
import * as open from "../fs/open.ts";
import * as rw from "../fs/read_write.ts";
import { sys_getdents64 } from "../fs/readdir.ts";
import * as stat from "../fs/stat.ts";
import { sys_utimensat } from "../fs/utimes.ts";
import { sys_mmap, sys_munmap } from "../mm/mmap.ts";
import { sys_exit_group, sys_wait4 } from "./exit.ts";
import { sys_fork, sys_getpgid, sys_setpgid, sys_setsid } from "./fork.ts";
import { sys_delete_module, sys_finit_module, sys_init_module } from "./module_syscalls.ts";
import { sys_ptrace } from "./ptrace.ts";
import { sys_kill, sys_rt_sigaction } from "./signal.ts";
import * as sys from "./sys.ts";
import type { Task } from "./task.ts";

export type SyscallArg = number | bigint;
export type SyscallRet = number | bigint | Promise<number | bigint>;
// Each handler declares its own arity and argument types; the table erases them.
// biome-ignore lint/suspicious/noExplicitAny: arguments are raw registers, typed per handler
export type SyscallFn = (t: Task, ...args: any[]) => SyscallRet;

/**
 * sys_call_table by name. A Map: its lookup costs the same however many different calls a
 * process makes, where a keyed property load on an object goes megamorphic.
 */
export const syscallTable = new Map<string, SyscallFn>(
  Object.entries({
    read: rw.sys_read,
    write: rw.sys_write,
    open: open.sys_open,
    openat: open.sys_openat,
    creat: open.sys_creat,
    close: open.sys_close,
    stat: stat.sys_stat,
    lstat: stat.sys_lstat,
    fstat: stat.sys_fstat,
    newfstatat: stat.sys_newfstatat,
    lseek: rw.sys_lseek,
    pread64: rw.sys_pread64,
    pwrite64: rw.sys_pwrite64,
    readv: rw.sys_readv,
    writev: rw.sys_writev,
    ioctl: sys_ioctl,
    access: open.sys_access,
    faccessat: open.sys_faccessat,
    pipe: fcntl.sys_pipe,
    pipe2: fcntl.sys_pipe2,
    dup: fcntl.sys_dup,
    dup2: fcntl.sys_dup2,
    dup3: fcntl.sys_dup3,
    fcntl: fcntl.sys_fcntl,
    getdents64: sys_getdents64,
    getcwd: sys.sys_getcwd,
    chdir: open.sys_chdir,
    fchdir: open.sys_fchdir,
    rename: namei.sys_rename,
    renameat2: namei.sys_renameat2,
    mkdir: namei.sys_mkdir,
    mkdirat: namei.sys_mkdirat,
    rmdir: namei.sys_rmdir,
    link: namei.sys_link,
    linkat: namei.sys_linkat,
    unlink: namei.sys_unlink,
    unlinkat: namei.sys_unlinkat,
    symlink: namei.sys_symlink,
    symlinkat: namei.sys_symlinkat,
    readlink: stat.sys_readlink,
    readlinkat: stat.sys_readlinkat,
    chmod: open.sys_chmod,
    fchmod: open.sys_fchmod,
    fchmodat: open.sys_fchmodat,
    chown: open.sys_chown,
    fchown: open.sys_fchown,
    lchown: open.sys_lchown,
    fchownat: open.sys_fchownat,
    umask: open.sys_umask,
    truncate: open.sys_truncate,
    ftruncate: open.sys_ftruncate,
    mknod: namei.sys_mknod,
    mknodat: namei.sys_mknodat,
    utimensat: sys_utimensat,
    mmap: sys_mmap,
    munmap: sys_munmap,
    getpid: sys.sys_getpid,
    gettid: sys.sys_gettid,
    getppid: sys.sys_getppid,
    getuid: sys.sys_getuid,
    geteuid: sys.sys_geteuid,
    getgid: sys.sys_getgid,
    getegid: sys.sys_getegid,
    setuid: sys.sys_setuid,
    setgid: sys.sys_setgid,
    getgroups: sys.sys_getgroups,
    setgroups: sys.sys_setgroups,
    setpgid: sys_setpgid,
    getpgid: sys_getpgid,
    setsid: sys_setsid,
    uname: sys.sys_uname,
    sethostname: sys.sys_sethostname,
    clock_gettime: sys.sys_clock_gettime,
    nanosleep: sys.sys_nanosleep,
    getrandom: sys.sys_getrandom,
    syslog: sys.sys_syslog,
    sync: sys.sys_sync,
    fork: sys_fork,
    execve: sys_execve,
    exit_group: sys_exit_group,
    wait4: sys_wait4,
    kill: sys_kill,
    rt_sigaction: sys_rt_sigaction,
    finit_module: sys_finit_module,
    init_module: sys_init_module,
    delete_module: sys_delete_module,
    mount: sys_mount,
    umount2: sys_umount2,
    ptrace: sys_ptrace,
  }),
);

/** Lets a subsystem add its system calls (the socket layer, ...). */
export function register_syscalls(entries: Record<string, SyscallFn>): void {
  for (const [name, fn] of Object.entries(entries)) syscallTable.set(name, fn);
}
