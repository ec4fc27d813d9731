/**
 * dmesg(1) of util-linux 2.31 (sys-utils/dmesg.c): reads the kernel log from
 * /dev/kmsg (non-blocking, from the last clear: SEEK_DATA), or with syslog(2)
 * when /dev/kmsg cannot be opened, and prints "[%5lu.%06lu] msg" records.
 * -w/--follow and -W/--follow-new (util-linux 2.38; 2.31 has -w only) read /dev/kmsg
 * blocking, line-buffered, until a signal ends the program (SEEK_END first for -W).
 */
import { O_NONBLOCK, O_RDONLY, SEEK_DATA, SEEK_END } from "../../include/uapi/fcntl.ts";
import { formatDmesgLine } from "../lib/format.ts";
import { SysError } from "../libc/errors.ts";
import type { Libc } from "../libc/libc.ts";

/** include/sys/syslog.h facility names, as dmesg -x prints them. */
const FACILITIES = [
  "kern",
  "user",
  "mail",
  "daemon",
  "auth",
  "syslog",
  "lpr",
  "news",
  "uucp",
  "cron",
  "authpriv",
  "ftp",
  "res0",
  "res1",
  "res2",
  "res3",
  "local0",
  "local1",
  "local2",
  "local3",
  "local4",
  "local5",
  "local6",
  "local7",
];
const LEVELS = ["emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"];

const SYSLOG_ACTION_READ_ALL = 3;
const SYSLOG_ACTION_READ_CLEAR = 4;
const SYSLOG_ACTION_CLEAR = 5;
const SYSLOG_ACTION_SIZE_BUFFER = 10;

interface DmesgRecord {
  level: number;
  facility: number;
  usec: number;
  text: string;
}

interface Ctl {
  action: number;
  clearOnly: boolean;
  levels: Set<number> | null;
  facilities: Set<number> | null;
  decode: boolean;
  time: "plain" | "none" | "ctime" | "raw";
  raw: boolean;
  useSyslog: boolean;
  bootSec: number;
  /** -w/-W: wait for new records. */
  follow: boolean;
  /** -W: start at the end of the buffer. */
  end: boolean;
}

const HELP = `
Usage:
 dmesg [options]

Display or control the kernel ring buffer.

Options:
 -C, --clear                 clear the kernel ring buffer
 -c, --read-clear            read and clear all messages
 -D, --console-off           disable printing messages to console
 -E, --console-on            enable printing messages to console
 -F, --file <file>           use the file instead of the kernel log buffer
 -f, --facility <list>       restrict output to defined facilities
 -H, --human                 human readable output
 -k, --kernel                display kernel messages
 -L, --color[=<when>]        colorize messages (auto, always or never)
                               colors are enabled by default
 -l, --level <list>          restrict output to defined levels
 -n, --console-level <level> set level of messages printed to console
 -P, --nopager               do not pipe output into a pager
 -r, --raw                   print the raw message buffer
 -S, --syslog                force to use syslog(2) rather than /dev/kmsg
 -s, --buffer-size <size>    buffer size to query the kernel ring buffer
 -u, --userspace             display userspace messages
 -w, --follow                wait for new messages
 -x, --decode                decode facility and level to readable string
 -d, --show-delta            show time delta between printed messages
 -e, --reltime               show local time and time delta in readable format
 -T, --ctime                 show human-readable timestamp (may be inaccurate!)
 -t, --notime                don't show any timestamp with messages
     --time-format <format>  show timestamp using the given format:
                               [delta|reltime|ctime|notime|iso]
Suspending/resume will make ctime and iso timestamps inaccurate.

 -h, --help                  display this help and exit
 -V, --version               output version information and exit

Supported log facilities:
    kern - kernel messages
    user - random user-level messages
    mail - mail system
  daemon - system daemons
    auth - security/authorization messages
  syslog - messages generated internally by syslogd
     lpr - line printer subsystem
    news - network news subsystem

Supported log levels (priorities):
   emerg - system is unusable
   alert - action must be taken immediately
    crit - critical conditions
     err - error conditions
    warn - warning conditions
  notice - normal but significant condition
    info - informational
   debug - debug-level messages

For more details see dmesg(1).
`;

/** Mirrors parse_level() / parse_facility(): a name or a number. */
function parseList(list: string, names: string[]): Set<number> | string {
  const out = new Set<number>();
  for (const w of list.split(",")) {
    if (!w) continue;
    let n = names.indexOf(w);
    if (n < 0 && /^\d+$/.test(w) && Number(w) < names.length) n = Number(w);
    if (n < 0) return w;
    out.add(n);
  }
  return out;
}

/** Unescapes the "\xNN" of a /dev/kmsg message (unhexmangle_to_buffer()). */
function unhexmangle(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const m = s[i] === "\\" && /^\\x[0-9a-fA-F]{2}/.exec(s.slice(i, i + 4));
    if (m) {
      bytes.push(Number.parseInt(s.slice(i + 2, i + 4), 16));
      i += 3;
    } else {
      for (const b of new TextEncoder().encode(s[i])) bytes.push(b);
    }
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

/** Mirrors parse_kmsg_record(): "pri,seq,usec,flags;message\n[ KEY=value\n...]". */
export function parseKmsgRecord(raw: string): DmesgRecord | null {
  const semi = raw.indexOf(";");
  if (semi < 0) return null;
  const [pri, , usec] = raw.slice(0, semi).split(",");
  let msg = raw.slice(semi + 1);
  const nl = msg.indexOf("\n");
  if (nl >= 0) msg = msg.slice(0, nl);
  const p = Number(pri);
  return { level: p & 7, facility: p >> 3, usec: Number(usec), text: unhexmangle(msg) };
}

/** Mirrors get_next_syslog_record(): "<pri>[ sec.usec] message" lines. */
export function parseSyslogBuffer(text: string): DmesgRecord[] {
  const out: DmesgRecord[] = [];
  for (const line of text.split("\n")) {
    if (!line) continue;
    const m = /^<(\d+)>(?:\[\s*(\d+)\.(\d+)\] ?)?(.*)$/.exec(line);
    if (!m) {
      out.push({ level: -1, facility: -1, usec: 0, text: line });
      continue;
    }
    const p = Number(m[1]);
    const usec = m[2] ? Number(m[2]) * 1e6 + Number(m[3]) : 0;
    out.push({ level: p & 7, facility: p >> 3, usec, text: m[4] });
  }
  return out;
}

/** safe_fwrite() with continuation lines indented by `indent` columns. */
function body(text: string, indent: number): string {
  // formatDmesgLine() does the escaping; its own 15-column prefix is swapped for ours.
  const line = formatDmesgLine(0, 0, text);
  if (line === "\n") return "";
  return line
    .slice(15, -1)
    .split(`\n${" ".repeat(15)}`)
    .join(`\n${" ".repeat(indent)}`);
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** strftime("%a %b %e %H:%M:%S %Y") in UTC, vkern's only time zone. */
function ctime(sec: number): string {
  const d = new Date(sec * 1000);
  const p2 = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** Mirrors print_record(). */
function formatRecord(ctl: Ctl, r: DmesgRecord): string {
  if (ctl.levels && r.level >= 0 && !ctl.levels.has(r.level)) return "";
  if (ctl.facilities && r.facility >= 0 && !ctl.facilities.has(r.facility)) return "";
  const sec = Math.floor(r.usec / 1e6);
  const usec = r.usec % 1e6;
  if (ctl.time === "plain" && !ctl.decode && !ctl.raw) return formatDmesgLine(sec, usec, r.text);
  if (!r.text) return "\n";
  let out = "";
  if (ctl.raw && r.level >= 0) out += `<${r.facility * 8 + r.level}>`;
  if (ctl.decode && r.level >= 0 && r.facility >= 0) {
    out += `${(FACILITIES[r.facility] ?? "").padEnd(6)}:${(LEVELS[r.level] ?? "").padEnd(6)}: `;
  }
  let ts = "";
  if (ctl.time === "plain") ts = `[${String(sec).padStart(5)}.${String(usec).padStart(6, "0")}] `;
  else if (ctl.time === "ctime") ts = `[${ctime(ctl.bootSec + sec)}] `;
  return `${out}${ts}${body(r.text, ts.length)}\n`;
}

/** An open /dev/kmsg and the buffer records are read into. */
interface Kmsg {
  fd: number;
  buf: number;
  /** The record init_kmsg() read to test the device, not yet printed. */
  first: DmesgRecord | null;
}

/** kmsg_buf: PRINTK_MESSAGE_MAX (2048) + 1 in 2.38; a record never exceeds it. */
const KMSG_BUF = 8192;

/** Mirrors read_kmsg_one(): one record; EPIPE (overwritten while reading) is retried. */
async function readKmsgOne(libc: Libc, k: Kmsg): Promise<DmesgRecord | null | undefined> {
  for (;;) {
    let n: number;
    try {
      n = await libc.read(k.fd, k.buf, KMSG_BUF);
    } catch (e) {
      if (e instanceof SysError && e.code === "EPIPE") continue;
      if (!(e instanceof SysError)) throw e;
      return undefined; // EAGAIN without -w: no more records
    }
    if (n <= 0) return undefined;
    return parseKmsgRecord(new TextDecoder().decode(libc.mem.read(k.buf, n)));
  }
}

/**
 * Mirrors init_kmsg(): open /dev/kmsg (O_NONBLOCK unless following, when stdout becomes
 * line-buffered), seek to the last clear (SEEK_DATA) or to the end (-W), and read the
 * first record; null when /dev/kmsg cannot be used (dmesg then falls back to syslog(2)).
 */
async function initKmsg(libc: Libc, ctl: Ctl): Promise<Kmsg | null> {
  if (ctl.follow) libc.stdout.mode = "line";
  let fd: number;
  try {
    fd = await libc.open("/dev/kmsg", O_RDONLY | (ctl.follow ? 0 : O_NONBLOCK));
  } catch {
    return null;
  }
  const k: Kmsg = { fd, buf: libc.mem.malloc(KMSG_BUF), first: null };
  await libc.lseek(fd, 0, ctl.end ? SEEK_END : SEEK_DATA).catch(() => 0);
  const first = await readKmsgOne(libc, k);
  if (first === undefined) {
    await closeKmsg(libc, k);
    return null;
  }
  k.first = first;
  return k;
}

async function closeKmsg(libc: Libc, k: Kmsg): Promise<void> {
  libc.mem.free(k.buf);
  await libc.close(k.fd).catch(() => 0);
}

/** Mirrors print_kmsg(): print records until there are none (or forever with -w). */
async function printKmsg(libc: Libc, ctl: Ctl, k: Kmsg): Promise<void> {
  let out = "";
  for (
    let rec: DmesgRecord | null | undefined = k.first;
    rec !== undefined;
    rec = await readKmsgOne(libc, k)
  ) {
    if (rec) out += formatRecord(ctl, rec);
    // Without -w the records go out in one write, as a full stdio buffer would send them.
    if (ctl.follow || out.length >= 4096) {
      await libc.stdout.write(out);
      out = "";
    }
  }
  await libc.stdout.write(out);
}

/** Mirrors read_syslog_buffer(): klogctl(SIZE_BUFFER), then READ_ALL or READ_CLEAR. */
async function readSyslog(libc: Libc, action: number): Promise<DmesgRecord[]> {
  const size = await libc.syscall("syslog", SYSLOG_ACTION_SIZE_BUFFER, 0, 0);
  const buf = libc.mem.malloc(Math.max(size, 1));
  try {
    const n = await libc.syscall("syslog", action, buf, size);
    return parseSyslogBuffer(new TextDecoder().decode(libc.mem.read(buf, n)));
  } finally {
    libc.mem.free(buf);
  }
}

async function bootTime(libc: Libc): Promise<number> {
  const now = await libc.clock_gettime(0);
  const up = await libc.clock_gettime(7);
  return now.sec - up.sec - (now.nsec < up.nsec ? 1 : 0);
}

async function usageError(libc: Libc, msg: string): Promise<number> {
  await libc.stderr.write(`dmesg: ${msg}\nTry 'dmesg --help' for more information.\n`);
  return 1;
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const ctl: Ctl = {
    action: SYSLOG_ACTION_READ_ALL,
    clearOnly: false,
    levels: null,
    facilities: null,
    decode: false,
    time: "plain",
    raw: false,
    useSyslog: false,
    bootSec: 0,
    follow: false,
    end: false,
  };
  // err_exclusive_options(): -S and -w ({ 'S','w' } in 2.38's excl[]) exclude each other.
  let seenSyslog = false;
  let seenFollow = false;
  const exclusive = async (): Promise<number> => {
    await libc.stderr.write("dmesg: mutually exclusive arguments: --syslog --follow\n");
    return 1;
  };
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    let a = args[i];
    let val: string | undefined;
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    if (eq > 0) {
      val = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    const needArg = async (): Promise<string | null> => {
      if (val !== undefined) return val;
      if (i + 1 < args.length) return args[++i];
      await usageError(libc, `option requires an argument -- '${a.replace(/^-+/, "")}'`);
      return null;
    };
    // Bundled short options: -xT, -cl err ...
    if (/^-[a-zA-Z]{2,}$/.test(a)) {
      args.splice(i, 1, ...[...a.slice(1)].map((c) => `-${c}`));
      a = args[i];
    }
    switch (a) {
      case "-c":
      case "--read-clear":
        ctl.action = SYSLOG_ACTION_READ_CLEAR;
        break;
      case "-C":
      case "--clear":
        ctl.clearOnly = true;
        break;
      case "-l":
      case "--level": {
        const v = await needArg();
        if (v === null) return 1;
        const s = parseList(v, LEVELS);
        if (typeof s === "string") {
          await libc.stderr.write(`dmesg: unknown level '${s}'\n`);
          return 1;
        }
        ctl.levels = s;
        break;
      }
      case "-f":
      case "--facility": {
        const v = await needArg();
        if (v === null) return 1;
        const s = parseList(v, FACILITIES);
        if (typeof s === "string") {
          await libc.stderr.write(`dmesg: unknown facility '${s}'\n`);
          return 1;
        }
        ctl.facilities = s;
        break;
      }
      case "-k":
      case "--kernel":
        ctl.facilities = new Set([0]);
        break;
      case "-u":
      case "--userspace":
        ctl.facilities = new Set(FACILITIES.map((_, n) => n).filter((n) => n > 0));
        break;
      case "-x":
      case "--decode":
        ctl.decode = true;
        break;
      case "-T":
      case "--ctime":
        ctl.time = "ctime";
        break;
      case "-t":
      case "--notime":
        ctl.time = "none";
        break;
      case "-r":
      case "--raw":
        ctl.raw = true;
        break;
      case "-S":
      case "--syslog":
        if (seenFollow) return exclusive();
        seenSyslog = true;
        ctl.useSyslog = true;
        break;
      case "-w":
      case "--follow":
        if (seenSyslog) return exclusive();
        seenFollow = true;
        ctl.follow = true;
        break;
      case "-W":
      case "--follow-new":
        ctl.follow = true;
        ctl.end = true;
        break;
      case "-H":
      case "--human":
      case "-P":
      case "--nopager":
      case "-L":
      case "--color":
        break;
      case "-h":
      case "--help":
        await libc.stdout.write(HELP);
        return 0;
      case "-V":
      case "--version":
        await libc.stdout.write("dmesg from util-linux 2.31.1\n");
        return 0;
      default:
        if (!a.startsWith("-") || a === "-") return usageError(libc, "bad usage");
        if (a.startsWith("--")) return usageError(libc, `unrecognized option '${a}'`);
        return usageError(libc, `invalid option -- '${a.slice(1, 2)}'`);
    }
  }
  if (ctl.clearOnly) {
    try {
      await libc.syscall("syslog", SYSLOG_ACTION_CLEAR, 0, 0);
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      await libc.stderr.write(`dmesg: klogctl failed: ${libc.strerror(e.errno)}\n`);
      return 1;
    }
    return 0;
  }
  if (ctl.time === "ctime") ctl.bootSec = await bootTime(libc);
  const kmsg = ctl.useSyslog ? null : await initKmsg(libc, ctl);
  let recs: DmesgRecord[] = [];
  try {
    // 2.31's read_buffer(): with /dev/kmsg, -c clears before the records are printed.
    if (!kmsg) recs = await readSyslog(libc, ctl.action);
    else if (ctl.action === SYSLOG_ACTION_READ_CLEAR) {
      await libc.syscall("syslog", SYSLOG_ACTION_CLEAR, 0, 0);
    }
  } catch (e) {
    if (kmsg) await closeKmsg(libc, kmsg);
    if (!(e instanceof SysError)) throw e;
    await libc.stderr.write(`dmesg: read kernel buffer failed: ${libc.strerror(e.errno)}\n`);
    return 1;
  }
  if (kmsg) {
    try {
      await printKmsg(libc, ctl, kmsg);
    } finally {
      await closeKmsg(libc, kmsg);
    }
    return 0;
  }
  let out = "";
  for (const r of recs) out += formatRecord(ctl, r);
  await libc.stdout.write(out);
  return 0;
}
