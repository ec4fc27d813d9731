/** getdents64 (fs/readdir.c). */

import { EFAULT, EINVAL, ENOENT, ENOTDIR } from "../include/uapi/errno.ts";
import type { Task } from "../kernel/task.ts";
import { copy_to_user } from "../mm/uaccess.ts";
import { fdget } from "./file_table.ts";
import type { DirContext, File } from "./fs.ts";

const enc = new TextEncoder();

/** Mirrors iterate_dir(): the directory's iterate_shared, with the position kept in f_pos. */
export function iterate_dir(file: File, actor: DirContext["actor"]): number {
  const it = file.f_op.iterate_shared;
  if (!it) return -ENOTDIR;
  if (file.f_path.dentry.d_deleted) return -ENOENT;
  const ctx: DirContext = { pos: file.f_pos, actor };
  const r = file.f_inode.i_sb ? it(file, ctx) : 0;
  file.f_pos = ctx.pos;
  return r;
}

/** Mirrors getdents64: struct linux_dirent64 records, 8-byte aligned. */
export function sys_getdents64(t: Task, fd: number, dirp: number, count: number): number {
  const f = fdget(t, fd);
  if (typeof f === "number") return f;
  const out = new Uint8Array(Math.max(0, Math.min(count, 1 << 20)));
  const dv = new DataView(out.buffer);
  let used = 0;
  let tooSmall = false;
  const err = iterate_dir(f, (name, ino, dtype) => {
    const nb = enc.encode(name);
    const reclen = (19 + nb.length + 1 + 7) & ~7;
    if (used + reclen > out.length) {
      if (used === 0) tooSmall = true;
      return false;
    }
    dv.setBigUint64(used, BigInt(ino), true);
    dv.setBigInt64(used + 8, 0n, true);
    dv.setUint16(used + 16, reclen, true);
    dv.setUint8(used + 18, dtype);
    out.set(nb, used + 19);
    out[used + 19 + nb.length] = 0;
    used += reclen;
    return true;
  });
  if (err) return err;
  if (tooSmall) return -EINVAL;
  if (used && copy_to_user(dirp, out.subarray(0, used), used)) return -EFAULT;
  return used;
}
