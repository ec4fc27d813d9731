/**
 * execve (fs/exec.c, fs/binfmt_script.c): check the file, pick a binary format,
 * replace the process image. vkern's "binaries" are user-space programs written
 * in TypeScript; a binary format handler turns a file's bytes into an image that
 * user space then starts (see src/user/libc).
 */

import { E2BIG, EACCES, EFAULT, ELOOP, ENOEXEC } from "../include/uapi/errno.ts";
import { AT_FDCWD } from "../include/uapi/fcntl.ts";
import { S_IFMT, S_IFREG, S_ISGID, S_ISUID } from "../include/uapi/stat.ts";
import { CAP_FULL_SET } from "../kernel/capability.ts";
import { defineKernelLocal } from "../kernel/kernel.ts";
import type { Task } from "../kernel/task.ts";
import { MM } from "../mm/mm.ts";
import { copy_from_user, strncpy_from_user } from "../mm/uaccess.ts";
import { fput } from "./file_table.ts";
import { MAY_EXEC, type Path } from "./fs.ts";
import { getname, inode_permission, user_path_at } from "./namei.ts";
import { d_path } from "./namespace.ts";

/** struct linux_binprm, the parts a handler needs. */
export interface LinuxBinprm {
  filename: string;
  path: Path;
  bytes: Uint8Array;
  argv: string[];
  envp: string[];
}

/** A binary format: returns the image to run, or null when the file is not its format. */
export type BinfmtHandler = (bprm: LinuxBinprm) => unknown | null;

export const binfmts = defineKernelLocal<BinfmtHandler[]>(() => []);

/** Mirrors register_binfmt(). */
export function register_binfmt(t: Task, handler: BinfmtHandler): void {
  binfmts.get(t.kernel).push(handler);
}

const dec = new TextDecoder();
/** include/uapi/linux/binfmts.h MAX_ARG_STRLEN and a 2 MiB total, as ARG_MAX gives. */
const MAX_ARG_STRLEN = 32 * 4096;
const ARG_MAX = 2 * 1024 * 1024;

/** Reads a NULL-terminated array of string pointers (copy_strings()). */
function readStringArray(ptr: number): string[] | number {
  const out: string[] = [];
  if (!ptr) return out;
  let total = 0;
  for (let i = 0; ; i++) {
    const b = new Uint8Array(8);
    if (copy_from_user(b, ptr + i * 8, 8)) return -EFAULT;
    const p = Number(new DataView(b.buffer).getBigUint64(0, true));
    if (!p) break;
    const s = strncpy_from_user(p, MAX_ARG_STRLEN);
    if (s.err) return s.err;
    if (s.truncated) return -E2BIG;
    total += s.bytes.length + 1 + 8;
    if (total > ARG_MAX) return -E2BIG;
    out.push(dec.decode(s.bytes));
  }
  return out;
}

/** Resolves, checks and loads a program, following #! up to 4 levels (BINPRM_MAX_RECURSION). */
function load(
  t: Task,
  filename: string,
  argv: string[],
  envp: string[],
  depth: number,
): { image: unknown; bprm: LinuxBinprm } | number {
  if (depth > 4) return -ELOOP;
  const p = user_path_at(t, AT_FDCWD, filename, true);
  if (typeof p === "number") return p;
  const inode = p.dentry.d_inode!;
  if ((inode.i_mode & S_IFMT) !== S_IFREG) return -EACCES;
  const err = inode_permission(inode, MAY_EXEC, t.cred);
  if (err) return err;
  const bytes = inode.i_data ? inode.i_data.subarray(0, inode.i_size) : new Uint8Array(0);
  const bprm: LinuxBinprm = { filename, path: p, bytes, argv, envp };
  if (bytes[0] === 0x23 && bytes[1] === 0x21) {
    // binfmt_script: "#!interpreter [one optional argument]"
    let end = bytes.indexOf(0x0a);
    if (end < 0) end = Math.min(bytes.length, 256);
    const line = dec.decode(bytes.subarray(2, end)).trim();
    if (!line) return -ENOEXEC;
    const sp = line.search(/[ \t]/);
    const interp = sp < 0 ? line : line.slice(0, sp);
    const arg = sp < 0 ? "" : line.slice(sp).trim();
    const nargv = [interp, ...(arg ? [arg] : []), filename, ...argv.slice(1)];
    return load(t, interp, nargv, envp, depth + 1);
  }
  for (const h of binfmts.get(t.kernel)) {
    const image = h(bprm);
    if (image) return { image, bprm };
  }
  return -ENOEXEC;
}

/** Mirrors do_execve(): on success the old image is gone and the new one is pending. */
export function sys_execve(t: Task, pathPtr: number, argvPtr: number, envpPtr: number): number {
  const filename = getname(pathPtr);
  if (typeof filename === "number") return filename;
  const argv = readStringArray(argvPtr);
  if (typeof argv === "number") return argv;
  const envp = readStringArray(envpPtr);
  if (typeof envp === "number") return envp;
  const r = load(t, filename, argv, envp, 0);
  if (typeof r === "number") return r;
  const { image, bprm } = r;
  const inode = bprm.path.dentry.d_inode!;
  // Set-user-ID and set-group-ID programs, and root's capabilities (cap_bprm_set_creds()).
  const cred = { ...t.cred, groups: [...t.cred.groups] };
  // A traced process does not gain privileges from set-ID files (LSM_UNSAFE_PTRACE).
  const traced = t.tracer !== null && !t.cred.cap_effective;
  if (inode.i_mode & S_ISUID && !traced) cred.euid = inode.i_uid;
  if (inode.i_mode & S_ISGID && !traced) cred.egid = inode.i_gid;
  cred.suid = cred.fsuid = cred.euid;
  cred.sgid = cred.fsgid = cred.egid;
  const caps = cred.euid === 0 || cred.uid === 0 ? CAP_FULL_SET : 0n;
  cred.cap_effective = caps;
  cred.cap_permitted = caps;
  t.cred = cred;
  // Point of no return: close-on-exec fds go, handlers reset, new address space.
  for (const fd of t.files.openFds()) {
    const e = t.files.get(fd)!;
    if (e.cloexec) {
      t.files.remove(fd);
      fput(t.kernel, e.file);
    }
  }
  for (const [sig, h] of t.sighand) if (h === "handled") t.sighand.delete(sig);
  t.mm = new MM();
  t.argv = bprm.argv;
  t.envp = bprm.envp;
  t.exe = d_path(bprm.path);
  const base = filename.split("/").pop() ?? filename;
  t.set_comm(base);
  t.pendingImage = image;
  return 0;
}
