/** Miscellaneous identity and system calls (kernel/sys.c, kernel/time, kernel/printk syslog). */

import { d_path } from "../fs/namespace.ts";
import { EFAULT, EINVAL, ENAMETOOLONG, EPERM, ERANGE } from "../include/uapi/errno.ts";
import { copy_from_user, copy_to_user } from "../mm/uaccess.ts";
import {
  CAP_FULL_SET,
  CAP_SETGID,
  CAP_SETUID,
  CAP_SYS_ADMIN,
  CAP_SYSLOG,
  cred_has_cap,
} from "./capability.ts";
import type { Task } from "./task.ts";
import { task_sleep } from "./wait.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

export const sys_getpid = (t: Task) => t.tgid;
export const sys_gettid = (t: Task) => t.pid;
export const sys_getppid = (t: Task) => t.parent?.tgid ?? 0;
export const sys_getuid = (t: Task) => t.cred.uid;
export const sys_geteuid = (t: Task) => t.cred.euid;
export const sys_getgid = (t: Task) => t.cred.gid;
export const sys_getegid = (t: Task) => t.cred.egid;

/** Root keeps its capabilities only while one of its uids is 0 (cap_emulate_setxuid()). */
function fixCaps(t: Task): void {
  const c = t.cred;
  const caps = c.euid === 0 ? CAP_FULL_SET : 0n;
  c.cap_effective = caps;
  if (c.uid !== 0 && c.euid !== 0 && c.suid !== 0) c.cap_permitted = 0n;
  else c.cap_permitted = CAP_FULL_SET;
}

/** Mirrors __sys_setuid(). */
export function sys_setuid(t: Task, uid: number): number {
  const c = { ...t.cred, groups: [...t.cred.groups] };
  if (cred_has_cap(c, CAP_SETUID)) {
    c.uid = c.euid = c.suid = c.fsuid = uid;
  } else if (uid === c.uid || uid === c.suid) {
    c.euid = c.fsuid = uid;
  } else return -EPERM;
  t.cred = c;
  fixCaps(t);
  return 0;
}

/** Mirrors __sys_setgid(). */
export function sys_setgid(t: Task, gid: number): number {
  const c = { ...t.cred, groups: [...t.cred.groups] };
  if (cred_has_cap(c, CAP_SETGID)) {
    c.gid = c.egid = c.sgid = c.fsgid = gid;
  } else if (gid === c.gid || gid === c.sgid) {
    c.egid = c.fsgid = gid;
  } else return -EPERM;
  t.cred = c;
  return 0;
}

export function sys_setgroups(t: Task, size: number, listPtr: number): number {
  if (!cred_has_cap(t.cred, CAP_SETGID)) return -EPERM;
  if (size < 0 || size > 65536) return -EINVAL;
  const b = new Uint8Array(size * 4);
  if (copy_from_user(b, listPtr, b.length)) return -EFAULT;
  const dv = new DataView(b.buffer);
  const groups: number[] = [];
  for (let i = 0; i < size; i++) groups.push(dv.getUint32(i * 4, true));
  t.cred = { ...t.cred, groups };
  return 0;
}

export function sys_getgroups(t: Task, size: number, listPtr: number): number {
  const g = t.cred.groups;
  if (size === 0) return g.length;
  if (size < g.length) return -EINVAL;
  const b = new Uint8Array(g.length * 4);
  const dv = new DataView(b.buffer);
  g.forEach((x, i) => dv.setUint32(i * 4, x, true));
  return copy_to_user(listPtr, b, b.length) ? -EFAULT : g.length;
}

/** struct new_utsname: six 65-byte fields. */
export function sys_uname(t: Task, buf: number): number {
  const k = t.kernel;
  const fields = [
    k.options.machine === "x86_64" ? "Linux" : "Linux",
    k.hostname,
    k.options.release,
    k.options.version,
    k.options.machine,
    k.domainname,
  ];
  const b = new Uint8Array(65 * 6);
  fields.forEach((f, i) => b.set(enc.encode(f).subarray(0, 64), i * 65));
  return copy_to_user(buf, b, b.length) ? -EFAULT : 0;
}

export function sys_sethostname(t: Task, namePtr: number, len: number): number {
  if (!cred_has_cap(t.cred, CAP_SYS_ADMIN)) return -EPERM;
  if (len < 0 || len > 64) return -EINVAL;
  const b = new Uint8Array(len);
  if (copy_from_user(b, namePtr, len)) return -EFAULT;
  t.kernel.hostname = dec.decode(b);
  return 0;
}

/** Mirrors getcwd(): the path of the cwd, NUL-terminated; ERANGE when it does not fit. */
export function sys_getcwd(t: Task, buf: number, size: number): number {
  const p = d_path(t.fs.pwd, t.fs.root);
  const b = enc.encode(`${p}\0`);
  if (b.length > 4096) return -ENAMETOOLONG;
  if (b.length > size) return -ERANGE;
  return copy_to_user(buf, b, b.length) ? -EFAULT : b.length;
}

/** clock_gettime(): CLOCK_REALTIME 0, CLOCK_MONOTONIC 1, CLOCK_BOOTTIME 7 → struct timespec. */
export function sys_clock_gettime(t: Task, clk: number, tp: number): number {
  const k = t.kernel;
  let ns: bigint;
  if (clk === 0 || clk === 5) ns = k.clock.realtimeNs();
  else if (clk === 1 || clk === 4 || clk === 6 || clk === 7) ns = BigInt(k.clock.ns());
  else if (clk === 2 || clk === 3) ns = BigInt(t.nsyscalls * 1000);
  else return -EINVAL;
  const b = new Uint8Array(16);
  const dv = new DataView(b.buffer);
  dv.setBigInt64(0, ns / 1_000_000_000n, true);
  dv.setBigInt64(8, ns % 1_000_000_000n, true);
  return copy_to_user(tp, b, 16) ? -EFAULT : 0;
}

/** nanosleep(): virtual time jumps; real time waits, interruptible. */
export function sys_nanosleep(t: Task, req: number, _rem: number): number | Promise<number> {
  const b = new Uint8Array(16);
  if (copy_from_user(b, req, 16)) return -EFAULT;
  const dv = new DataView(b.buffer);
  const sec = dv.getBigInt64(0, true);
  const nsec = dv.getBigInt64(8, true);
  if (sec < 0n || nsec < 0n || nsec >= 1_000_000_000n) return -EINVAL;
  const r = task_sleep(t, Number(sec) * 1e9 + Number(nsec));
  const fix = (v: number) => (v ? -4 : 0); // -EINTR
  return typeof r === "number" ? fix(r) : r.then(fix);
}

/** getrandom(): the kernel's (injected) random source. */
export function sys_getrandom(t: Task, buf: number, count: number, _flags: number): number {
  const n = Math.min(count, 33554431);
  const bytes = t.kernel.randomBytes(n);
  return copy_to_user(buf, bytes, n) ? -EFAULT : n;
}

/** syslog(2) actions (kernel/printk/printk.c do_syslog()). */
export const SYSLOG_ACTION_READ_ALL = 3;
export const SYSLOG_ACTION_READ_CLEAR = 4;
export const SYSLOG_ACTION_CLEAR = 5;
export const SYSLOG_ACTION_SIZE_BUFFER = 10;

/** Mirrors check_syslog_permissions(): dmesg_restrict needs CAP_SYSLOG (or CAP_SYS_ADMIN). */
export function syslog_allowed(t: Task): boolean {
  if (!t.kernel.sysctl.dmesg_restrict) return true;
  return cred_has_cap(t.cred, CAP_SYSLOG) || cred_has_cap(t.cred, CAP_SYS_ADMIN);
}

/** The text of one record as syslog(2) gives it: "<lvl>[ sec.usec] msg\n". */
export function syslogText(
  k: Task["kernel"],
  rec: { level: number; facility: number; tsNs: number; text: string },
): string {
  const sec = Math.floor(rec.tsNs / 1e9);
  const usec = Math.floor((rec.tsNs % 1e9) / 1000);
  const prefix = `<${rec.facility * 8 + rec.level}>[${String(sec).padStart(5, " ")}.${String(usec).padStart(6, "0")}] `;
  void k;
  return rec.text
    .split("\n")
    .map((l) => prefix + l)
    .join("\n")
    .concat("\n");
}

export function sys_syslog(t: Task, type: number, buf: number, len: number): number {
  const k = t.kernel;
  if (type !== SYSLOG_ACTION_SIZE_BUFFER && type !== 9 && !syslog_allowed(t)) return -EPERM;
  // syslog_action_restricted(): everything but reading needs CAP_SYSLOG even without dmesg_restrict.
  if (
    type !== SYSLOG_ACTION_READ_ALL &&
    type !== SYSLOG_ACTION_SIZE_BUFFER &&
    !cred_has_cap(t.cred, CAP_SYSLOG) &&
    !cred_has_cap(t.cred, CAP_SYS_ADMIN)
  ) {
    return -EPERM;
  }
  switch (type) {
    case SYSLOG_ACTION_READ_ALL:
    case SYSLOG_ACTION_READ_CLEAR: {
      if (len < 0) return -EINVAL;
      const recs = k.log.from(k.log.clearSeq);
      let text = "";
      for (const r of recs) text += syslogText(k, r);
      const bytes = enc.encode(text);
      const out = bytes.length > len ? bytes.subarray(bytes.length - len) : bytes;
      if (copy_to_user(buf, out, out.length)) return -EFAULT;
      if (type === SYSLOG_ACTION_READ_CLEAR) k.log.clearSeq = k.log.next;
      return out.length;
    }
    case SYSLOG_ACTION_CLEAR:
      k.log.clearSeq = k.log.next;
      return 0;
    case 6:
    case 7:
    case 8:
      return 0; // console on/off/level
    case 9:
      return 0;
    case SYSLOG_ACTION_SIZE_BUFFER:
      return 1 << 18;
    default:
      return -EINVAL;
  }
}

export { d_path };

/** sync(2): vkern's filesystems live in memory; there is nothing to write back. */
export function sys_sync(_t: Task): number {
  return 0;
}
