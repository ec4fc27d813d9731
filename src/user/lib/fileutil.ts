/**
 * Small pieces of gnulib that several file commands share: file_type() (the words stat, rm
 * and cp use for kinds of files), yesno() (reading a y/n answer from standard input), and
 * base_name()/dir_name() as basename(1) and dirname(1) define them.
 */

import { S_IFMT } from "../../include/uapi/stat.ts";
import type { Libc, Stat } from "../libc/libc.ts";

/** Mirrors gnulib lib/file-type.c:file_type(). */
export function fileTypeName(st: Stat): string {
  switch (st.mode & S_IFMT) {
    case 0o100000:
      return st.size === 0 ? "regular empty file" : "regular file";
    case 0o040000:
      return "directory";
    case 0o120000:
      return "symbolic link";
    case 0o020000:
      return "character special file";
    case 0o060000:
      return "block special file";
    case 0o010000:
      return "fifo";
    case 0o140000:
      return "socket";
    default:
      return "weird file";
  }
}

/**
 * Mirrors gnulib lib/yesno.c:yesno(): reads one line from standard input (byte by byte,
 * so nothing after it is consumed) and answers whether it starts with y or Y (rpmatch()
 * in the C locale).
 */
export async function yesno(libc: Libc): Promise<boolean> {
  let line = "";
  const buf = libc.mem.malloc(1);
  try {
    for (;;) {
      const n = await libc.read(0, buf, 1).catch(() => 0);
      if (n <= 0) break;
      const c = String.fromCharCode(libc.mem.read(buf, 1)[0]);
      if (c === "\n") break;
      line += c;
    }
  } finally {
    libc.mem.free(buf);
  }
  return /^[yY]/.test(line);
}

/** Mirrors gnulib base_name() as basename(1) uses it: the last component, "/" for "/". */
export function baseName(name: string): string {
  if (name === "") return "";
  const t = name.replace(/\/+$/, "");
  if (t === "") return "/";
  return t.slice(t.lastIndexOf("/") + 1);
}

/** Mirrors gnulib dir_len()/mdir_name() as dirname(1) uses it. */
export function dirName(name: string): string {
  const t = name.replace(/\/+$/, "");
  if (t === "") return name.startsWith("/") ? "/" : ".";
  const slash = t.lastIndexOf("/");
  if (slash < 0) return ".";
  const d = t.slice(0, slash).replace(/\/+$/, "");
  if (d === "") return name.startsWith("//") && !name.startsWith("///") ? "//" : "/";
  return d;
}

/** file_name_concat(): "dir/name" without doubling the slash. */
export function joinPath(dir: string, name: string): string {
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}
