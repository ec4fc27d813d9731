/**
 * /proc/sys (fs/proc/proc_sysctl.c, kernel/sysctl.c): tables of ctl_table
 * entries, declared as data, parsed and printed as proc_dointvec and
 * proc_dostring do.
 */

import { EACCES, EFAULT, EINVAL, EPERM } from "../../include/uapi/errno.ts";
import { S_IFDIR, S_IFREG } from "../../include/uapi/stat.ts";
import { CAP_SYS_ADMIN, cred_has_cap } from "../../kernel/capability.ts";
import { this_kernel } from "../../kernel/context.ts";
import type { Kernel } from "../../kernel/kernel.ts";
import { simple_strtoul } from "../../lib/kstrtox.ts";
import { PAGE_SIZE } from "../../mm/mm.ts";
import { copy_from_user, copy_to_user } from "../../mm/uaccess.ts";
import { type File, type FileOperations, type Loff, MAY_EXEC, MAY_READ, MAY_WRITE } from "../fs.ts";
import { default_llseek } from "../libfs.ts";
import { proc_create_data, proc_mkdir } from "./generic.ts";
import type { ProcDirEntry } from "./internal.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A handler works on the kernel value through get/set, as ctl_table's ->data. */
export interface CtlTable {
  procname: string;
  mode: number;
  handler:
    | "dointvec"
    | "dointvec_minmax"
    | "dointvec_minmax_sysadmin"
    | "dostring"
    | "taint"
    | "doulongvec";
  /** Number of ints (maxlen / sizeof(int)), or the string's maxlen. */
  maxlen: number;
  get(k: Kernel): number[] | string;
  set?(k: Kernel, v: number[] | string): void;
  min?: number;
  max?: number;
}

const INT_MAX = 2147483647;
/** proc_wspace_sep */
const WSPACE = " \t\n";
/** TMPBUFLEN in kernel/sysctl.c */
const TMPBUFLEN = 22;

/** Mirrors proc_get_long(): one (optionally negative) number, base 0, followed by a separator. */
function proc_get_long(
  s: string,
  pos: number,
  left: number,
): { err: number; val?: bigint; neg?: boolean; len?: number } {
  if (!left) return { err: -EINVAL };
  let len = Math.min(left, TMPBUFLEN - 1);
  const tmp = s.slice(pos, pos + len);
  let p = 0;
  let neg = false;
  if (tmp[0] === "-" && left > 1) {
    neg = true;
    p++;
  }
  if (!(tmp[p] >= "0" && tmp[p] <= "9")) return { err: -EINVAL };
  const r = simple_strtoul(tmp.slice(p), 0);
  // strtoul_lenient(): an overflow is an error here.
  if (r.value > 0xffffffffffffffffn) return { err: -EINVAL };
  p += r.end;
  len = p;
  if (len === TMPBUFLEN - 1) return { err: -EINVAL };
  if (len < left && !WSPACE.includes(tmp[p])) return { err: -EINVAL };
  return { err: 0, val: r.value, neg, len };
}

function skipSpaces(s: string, pos: number): number {
  let n = 0;
  while (pos + n < s.length && /\s/.test(s[pos + n])) n++;
  return n;
}

/** Mirrors __do_proc_dointvec() for writes: returns the values or an errno. */
function parseInts(
  text: string,
  count: number,
  min?: number,
  max?: number,
): { vals: number[]; left: number } | number {
  let left = text.length;
  let pos = 0;
  const vals: number[] = [];
  let first = true;
  let err = 0;
  for (let i = 0; i < count && left; i++, first = false) {
    const sk = skipSpaces(text, pos);
    pos += sk;
    left -= sk;
    if (!left) break;
    const r = proc_get_long(text, pos, left);
    if (r.err) {
      err = r.err;
      break;
    }
    const lval = r.val!;
    let v: number;
    if (r.neg) {
      if (lval > BigInt(INT_MAX) + 1n) return -EINVAL;
      v = -Number(lval);
    } else {
      if (lval > BigInt(INT_MAX)) return -EINVAL;
      v = Number(lval);
    }
    if ((min !== undefined && v < min) || (max !== undefined && v > max)) return -EINVAL;
    vals.push(v);
    pos += r.len!;
    left -= r.len!;
  }
  if (!err && left) {
    const sk = skipSpaces(text, pos);
    left -= sk;
  }
  if (first) return err || -EINVAL;
  if (err) return err;
  return { vals, left };
}

/** Mirrors test_perm(): root gets the owner bits, no CAP_DAC_OVERRIDE. */
function sysctl_perm(mode: number, mask: number): number {
  const t = this_kernel().tasks.currentOrInit();
  let m = mode;
  if (t.cred.euid === 0) m >>= 6;
  else if (t.cred.egid === 0 || t.cred.groups.includes(0)) m >>= 3;
  if ((mask & ~m & (MAY_READ | MAY_WRITE | MAY_EXEC)) === 0) return 0;
  return -EACCES;
}

function tableOf(file: File): CtlTable {
  return (file.f_inode.i_private as ProcDirEntry).data as CtlTable;
}

/** Mirrors proc_sys_call_handler() + the table's handler for a read. */
function sysctlRead(file: File, buf: number, count: number, ppos: Loff): number {
  const k = this_kernel();
  const t = tableOf(file);
  const v = t.get(k);
  if (typeof v === "string") {
    // _proc_do_string(): the string from *ppos, then a newline if room remains.
    const bytes = enc.encode(v).subarray(0, t.maxlen);
    if (ppos.value > bytes.length) return 0;
    let chunk = bytes.subarray(ppos.value, ppos.value + count);
    if (chunk.length < count) chunk = Uint8Array.from([...chunk, 0x0a]);
    if (copy_to_user(buf, chunk, chunk.length)) return -EFAULT;
    ppos.value += chunk.length;
    return chunk.length;
  }
  // __do_proc_dointvec(): a read at a non-zero position reads nothing.
  if (ppos.value) return 0;
  const text = `${v.join("\t")}\n`;
  const bytes = enc.encode(text).subarray(0, count);
  if (copy_to_user(buf, bytes, bytes.length)) return -EFAULT;
  ppos.value += bytes.length;
  return bytes.length;
}

function sysctlWrite(file: File, buf: number, count: number, ppos: Loff): number {
  const k = this_kernel();
  const t = tableOf(file);
  const task = k.tasks.currentOrInit();
  if (t.handler === "dointvec_minmax_sysadmin" && !cred_has_cap(task.cred, CAP_SYS_ADMIN))
    return -EPERM;
  // __do_proc_dointvec()/_proc_do_string(): nothing to parse (`!*lenp`) is a write of 0.
  if (!count) return 0;
  // sysctl_writes_strict = 1: a write that does not start at 0 is ignored.
  if (ppos.value) return count;
  const len = Math.min(count, PAGE_SIZE - 1);
  const b = new Uint8Array(len);
  if (copy_from_user(b, buf, len)) return -EFAULT;
  let text = dec.decode(b);
  const nul = text.indexOf("\0");
  if (nul >= 0) text = text.slice(0, nul);
  if (t.handler === "dostring") {
    let s = "";
    for (const c of text) {
      if (c === "\n" || s.length >= t.maxlen - 1) break;
      s += c;
    }
    t.set?.(k, s);
    ppos.value += count;
    return count;
  }
  const parsed = parseInts(text, t.maxlen, t.min, t.max);
  if (typeof parsed === "number") return parsed;
  const vals = parsed.vals;
  if (t.handler === "taint") {
    // proc_taint(): bits can only be added.
    const cur = t.get(k) as number[];
    t.set?.(k, [cur[0] | vals[0]]);
  } else {
    const cur = [...(t.get(k) as number[])];
    vals.forEach((v, i) => {
      cur[i] = v;
    });
    t.set?.(k, cur);
  }
  // *lenp -= left: what was not parsed is not consumed.
  const consumed = count - parsed.left;
  ppos.value += consumed;
  return consumed;
}

const sysctl_fops: FileOperations = {
  read: sysctlRead,
  write: sysctlWrite,
  llseek: default_llseek,
};

/** The sysctls vkern has, by directory. */
export const sysctlTables: Record<string, CtlTable[]> = {
  kernel: [
    {
      procname: "dmesg_restrict",
      mode: 0o644,
      handler: "dointvec_minmax_sysadmin",
      maxlen: 1,
      min: 0,
      max: 1,
      get: (k) => [k.sysctl.dmesg_restrict],
      set: (k, v) => (k.sysctl.dmesg_restrict = (v as number[])[0]),
    },
    {
      procname: "domainname",
      mode: 0o644,
      handler: "dostring",
      maxlen: 65,
      get: (k) => k.domainname,
      set: (k, v) => (k.domainname = v as string),
    },
    {
      procname: "hostname",
      mode: 0o644,
      handler: "dostring",
      maxlen: 65,
      get: (k) => k.hostname,
      set: (k, v) => (k.hostname = v as string),
    },
    {
      procname: "kptr_restrict",
      mode: 0o644,
      handler: "dointvec_minmax_sysadmin",
      maxlen: 1,
      min: 0,
      max: 2,
      get: (k) => [k.sysctl.kptr_restrict],
      set: (k, v) => (k.sysctl.kptr_restrict = (v as number[])[0]),
    },
    {
      procname: "osrelease",
      mode: 0o444,
      handler: "dostring",
      maxlen: 65,
      get: (k) => k.options.release,
    },
    { procname: "ostype", mode: 0o444, handler: "dostring", maxlen: 65, get: () => "Linux" },
    {
      procname: "panic",
      mode: 0o644,
      handler: "dointvec",
      maxlen: 1,
      get: (k) => [k.sysctl.panic],
      set: (k, v) => (k.sysctl.panic = (v as number[])[0]),
    },
    {
      procname: "panic_on_oops",
      mode: 0o644,
      handler: "dointvec",
      maxlen: 1,
      get: (k) => [k.sysctl.panic_on_oops],
      set: (k, v) => (k.sysctl.panic_on_oops = (v as number[])[0]),
    },
    {
      procname: "pid_max",
      mode: 0o644,
      handler: "dointvec_minmax",
      maxlen: 1,
      min: 301,
      max: 4194304,
      get: (k) => [k.sysctl.pid_max],
      set: (k, v) => (k.sysctl.pid_max = (v as number[])[0]),
    },
    {
      procname: "printk",
      mode: 0o644,
      handler: "dointvec",
      maxlen: 4,
      get: (k) => k.sysctl.printk,
      set: (k, v) => (k.sysctl.printk = v as number[]),
    },
    {
      procname: "tainted",
      mode: 0o644,
      handler: "taint",
      maxlen: 1,
      get: (k) => [k.taint.mask],
      set: (k, v) => (k.taint.mask = (v as number[])[0]),
    },
    {
      procname: "threads-max",
      mode: 0o644,
      handler: "dointvec_minmax",
      maxlen: 1,
      min: 20,
      max: 0x3fffffff,
      get: (k) => [k.sysctl.threads_max],
      set: (k, v) => (k.sysctl.threads_max = (v as number[])[0]),
    },
    {
      procname: "version",
      mode: 0o444,
      handler: "dostring",
      maxlen: 65,
      get: (k) => k.options.version,
    },
  ],
  vm: [
    {
      procname: "overcommit_memory",
      mode: 0o644,
      handler: "dointvec_minmax",
      maxlen: 1,
      min: 0,
      max: 2,
      get: () => [0],
    },
    {
      procname: "swappiness",
      mode: 0o644,
      handler: "dointvec_minmax",
      maxlen: 1,
      min: 0,
      max: 100,
      get: () => [60],
    },
  ],
  fs: [
    {
      procname: "file-max",
      mode: 0o644,
      handler: "doulongvec",
      maxlen: 1,
      get: () => [Number.MAX_SAFE_INTEGER],
    },
  ],
};

/** Builds /proc/sys from the tables (register_sysctl_table()). */
export function registerSysctls(k: Kernel): void {
  const sys = proc_mkdir("sys", null)!;
  for (const [dirName, tables] of Object.entries(sysctlTables)) {
    const dir = proc_mkdir(dirName, sys)!;
    for (const t of tables) {
      const de = proc_create_data(t.procname, S_IFREG | t.mode, dir, sysctl_fops, t);
      if (de) {
        de.proc_ops = {
          proc_read: sysctlRead,
          proc_write: sysctlWrite,
          proc_lseek: default_llseek,
        };
        de.proc_iops = null;
      }
    }
  }
  markSysctlPermissions(sys);
  void k;
}

/** /proc/sys files check permissions as test_perm() does (no DAC override for root). */
function markSysctlPermissions(dir: ProcDirEntry): void {
  for (const de of dir.subdir.values()) {
    if ((de.mode & 0o170000) === S_IFDIR) markSysctlPermissions(de);
    else
      de.sysctlPermission = (mask: number) =>
        mask & MAY_EXEC ? -EACCES : sysctl_perm(de.mode, mask);
  }
}
