/**
 * ps(1), procps-ng 3.3.12: report a snapshot of the processes, read from /proc/<pid>/stat,
 * status and cmdline. Selection: the default (same effective user and terminal), -e/-A,
 * -a, -d, -N, -p/-u/-U/-C/-t/--ppid lists, BSD a and x. Formats: the default
 * "PID TTY TIME CMD", -f, -F, -l, BSD u and the BSD default, -o/o with header overrides,
 * --no-headers/h. Columns are laid out as ps/output.c:show_one_proc() does, so a value too
 * wide for its column pushes the next one right. PID columns are as wide as
 * /proc/sys/kernel/pid_max needs (proc/sysinfo.c:get_pid_digits()).
 */

import { argBytes, finish, out } from "../lib/io.ts";
import { getgrgid, getpwnam, getpwuid } from "../lib/passwd.ts";
import {
  bsdTime,
  commandLine,
  cpuPermille,
  cpuTime,
  elapsed,
  HERTZ,
  type Proc,
  pcpu,
  pmem,
  readAllProcs,
  startStamp,
  statFlags,
  ttyName,
} from "../lib/procps.ts";
import type { Libc } from "../libc/libc.ts";

type Just = "right" | "left" | "user" | "unlimited";

interface Spec {
  head: string;
  width: number | "pid";
  just: Just;
  get: (p: Proc, c: Ctx) => string | Promise<string>;
}

interface Ctx {
  libc: Libc;
  uptime: number;
  now: number;
  memTotal: number;
  /** cmd/args print the full command line (-f, u, -o args), else the name. */
  fullCmd: boolean;
  users: Map<number, string | null>;
}

/** do_pr_name(): the user name, or the number when the name does not fit the column. */
async function userName(c: Ctx, uid: number): Promise<string> {
  if (!c.users.has(uid)) c.users.set(uid, (await getpwuid(c.libc, uid))?.name ?? null);
  const name = c.users.get(uid);
  return name && name.length <= 8 ? name : String(uid);
}

const cmdSpec = (head: string, full: boolean | null): Spec => ({
  head,
  width: 27,
  just: "unlimited",
  get: (p, c) => commandLine(p, full ?? c.fullCmd),
});

/** ps/output.c's format_array, the specifiers vkern supports. */
const SPECS: Record<string, Spec> = {
  pid: { head: "PID", width: "pid", just: "right", get: (p) => String(p.pid) },
  tgid: { head: "TGID", width: "pid", just: "right", get: (p) => String(p.pid) },
  ppid: { head: "PPID", width: "pid", just: "right", get: (p) => String(p.ppid) },
  pgid: { head: "PGID", width: "pid", just: "right", get: (p) => String(p.pgrp) },
  pgrp: { head: "PGRP", width: "pid", just: "right", get: (p) => String(p.pgrp) },
  sid: { head: "SID", width: "pid", just: "right", get: (p) => String(p.session) },
  sess: { head: "SESS", width: "pid", just: "right", get: (p) => String(p.session) },
  session: { head: "SESS", width: "pid", just: "right", get: (p) => String(p.session) },
  tpgid: { head: "TPGID", width: 5, just: "right", get: (p) => String(p.tpgid) },
  tty: { head: "TT", width: 8, just: "left", get: (p) => ttyName(p.ttyNr) },
  tt: { head: "TT", width: 8, just: "left", get: (p) => ttyName(p.ttyNr) },
  tname: { head: "TTY", width: 8, just: "left", get: (p) => ttyName(p.ttyNr) },
  time: { head: "TIME", width: 8, just: "right", get: (p) => cpuTime(p) },
  cputime: { head: "TIME", width: 8, just: "right", get: (p) => cpuTime(p) },
  bsdtime: { head: "TIME", width: 6, just: "right", get: (p) => bsdTime(p) },
  etime: { head: "ELAPSED", width: 11, just: "right", get: (p, c) => elapsed(p, c.uptime) },
  etimes: {
    head: "ELAPSED",
    width: 7,
    just: "right",
    get: (p, c) => String(Math.max(0, Math.floor(c.uptime - p.startTime / HERTZ))),
  },
  cmd: cmdSpec("CMD", null),
  args: cmdSpec("COMMAND", true),
  command: cmdSpec("COMMAND", true),
  comm: cmdSpec("COMMAND", false),
  ucmd: cmdSpec("CMD", false),
  ucomm: cmdSpec("COMMAND", false),
  user: { head: "USER", width: 8, just: "user", get: (p, c) => userName(c, p.euid) },
  euser: { head: "EUSER", width: 8, just: "user", get: (p, c) => userName(c, p.euid) },
  uname: { head: "USER", width: 8, just: "user", get: (p, c) => userName(c, p.euid) },
  ruser: { head: "RUSER", width: 8, just: "user", get: (p, c) => userName(c, p.ruid) },
  uid_hack: { head: "UID", width: 8, just: "user", get: (p, c) => userName(c, p.euid) },
  uid: { head: "UID", width: 5, just: "right", get: (p) => String(p.euid) },
  euid: { head: "EUID", width: 5, just: "right", get: (p) => String(p.euid) },
  ruid: { head: "RUID", width: 5, just: "right", get: (p) => String(p.ruid) },
  gid: { head: "GID", width: 5, just: "right", get: (p) => String(p.egid) },
  egid: { head: "EGID", width: 5, just: "right", get: (p) => String(p.egid) },
  rgid: { head: "RGID", width: 5, just: "right", get: (p) => String(p.rgid) },
  group: {
    head: "GROUP",
    width: 8,
    just: "user",
    get: async (p, c) => (await getgrgid(c.libc, p.egid))?.name ?? String(p.egid),
  },
  c: {
    head: "C",
    width: 2,
    just: "right",
    get: (p, c) => String(Math.min(99, Math.floor(cpuPermille(p, c.uptime) / 10))),
  },
  "%cpu": { head: "%CPU", width: 4, just: "right", get: (p, c) => pcpu(p, c.uptime) },
  pcpu: { head: "%CPU", width: 4, just: "right", get: (p, c) => pcpu(p, c.uptime) },
  "%mem": { head: "%MEM", width: 4, just: "right", get: (p, c) => pmem(p, c.memTotal) },
  pmem: { head: "%MEM", width: 4, just: "right", get: (p, c) => pmem(p, c.memTotal) },
  vsz: { head: "VSZ", width: 6, just: "right", get: (p) => String(Math.floor(p.vsize / 1024)) },
  vsize: { head: "VSZ", width: 6, just: "right", get: (p) => String(Math.floor(p.vsize / 1024)) },
  rss: { head: "RSS", width: 5, just: "right", get: (p) => String(p.rssPages * 4) },
  rssize: { head: "RSS", width: 5, just: "right", get: (p) => String(p.rssPages * 4) },
  rsz: { head: "RSZ", width: 5, just: "right", get: (p) => String(p.rssPages * 4) },
  sz: { head: "SZ", width: 5, just: "right", get: (p) => String(Math.floor(p.vsize / 4096)) },
  stat: { head: "STAT", width: 4, just: "left", get: (p) => statFlags(p) },
  s: { head: "S", width: 1, just: "left", get: (p) => p.state },
  state: { head: "S", width: 1, just: "left", get: (p) => p.state },
  stime: { head: "STIME", width: 5, just: "right", get: (p, c) => startStamp(p, c.now, c.uptime) },
  start_time: {
    head: "START",
    width: 5,
    just: "right",
    get: (p, c) => startStamp(p, c.now, c.uptime),
  },
  ni: { head: "NI", width: 3, just: "right", get: (p) => String(p.nice) },
  nice: { head: "NI", width: 3, just: "right", get: (p) => String(p.nice) },
  pri: { head: "PRI", width: 3, just: "right", get: (p) => String(39 - p.priority) },
  opri: { head: "PRI", width: 3, just: "right", get: (p) => String(60 + p.priority) },
  f: { head: "F", width: 1, just: "right", get: (p) => ((p.flags >> 6) & 5).toString(16) },
  flag: { head: "F", width: 1, just: "right", get: (p) => ((p.flags >> 6) & 5).toString(16) },
  flags: { head: "F", width: 1, just: "right", get: (p) => ((p.flags >> 6) & 5).toString(16) },
  addr_1: { head: "ADDR", width: 1, just: "left", get: () => "-" },
  // vkern has no /proc/<pid>/wchan: "-" as for a running task.
  wchan: { head: "WCHAN", width: 6, just: "left", get: () => "-" },
  nlwp: { head: "NLWP", width: 4, just: "right", get: (p) => String(p.nlwp) },
  psr: { head: "PSR", width: 3, just: "right", get: (p) => String(p.processor) },
};

interface Column {
  spec: Spec;
  head: string;
  width: number;
}

const USAGE = `
Usage:
 ps [options]

 Try 'ps --help <simple|list|output|threads|misc|all>'
  or 'ps --help <s|l|o|t|m|a>'
 for additional help text.

For more details see ps(1).
`;

class PsError extends Error {}

/** proc/sysinfo.c:get_pid_digits(). */
async function pidDigits(libc: Libc): Promise<number> {
  try {
    const v = Number.parseInt(await libc.readFileText("/proc/sys/kernel/pid_max"), 10);
    if (!(v >= 42)) return 5;
    return String(v - 1).length;
  } catch {
    return 5;
  }
}

/** Parses a -o list: "pid,comm=NAME" or space separated; a header runs to the end. */
function parseFormat(list: string, pidW: number): Column[] {
  const cols: Column[] = [];
  let rest = list.trim();
  while (rest) {
    const m = /^([^,\s=]+)(=?)/.exec(rest) as RegExpExecArray;
    const name = m[1];
    const spec = SPECS[name.toLowerCase()] ?? SPECS[name];
    if (!spec) throw new PsError(`error: unknown user-defined format specifier "${name}"`);
    const base = spec.width === "pid" ? pidW : spec.width;
    if (m[2]) {
      const head = rest.slice(m[0].length);
      cols.push({ spec, head, width: Math.max(base, head.length) });
      break;
    }
    cols.push({ spec, head: spec.head, width: base });
    rest = rest.slice(m[0].length).replace(/^[,\s]+/, "");
  }
  return cols;
}

/** Mirrors show_one_proc(): pads and joins one row (or the header). */
function layout(cols: Column[], cells: string[], activeCols: number): string {
  let correct = 0;
  let actual = 0;
  let dospace = 0;
  let line = "";
  cols.forEach((col, i) => {
    const last = i === cols.length - 1;
    let s = cells[i];
    if (col.spec.just === "unlimited" && !last && s.length > col.width) s = s.slice(0, col.width);
    let leftpad = 0;
    if (col.spec.just === "right") leftpad = Math.max(col.width - s.length, 0);
    let space = correct - actual + leftpad;
    if (space < 1) space = dospace;
    space = Math.min(space, 144);
    if (last) {
      const room = activeCols - actual - space;
      line += " ".repeat(space) + (room > 0 && s.length > room ? s.slice(0, room) : s);
      return;
    }
    line += " ".repeat(space) + s;
    actual += space + s.length;
    correct += col.width + 1;
    dospace = 1;
  });
  return line;
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const pidW = await pidDigits(libc);
  let all = false;
  let bsdA = false;
  let bsdX = false;
  let sysvA = false;
  let sysvD = false;
  let negate = false;
  let headers = true;
  let fmt: "default" | "f" | "F" | "l" | "lf" | "u" | "bsd" | "o" = "default";
  // Each -o/o/--format argument is its own list: a header runs to the end of its argument only.
  const oLists: string[] = [];
  const pids: number[] = [];
  const ppids: number[] = [];
  const euids: number[] = [];
  const ruids: number[] = [];
  const cmds: string[] = [];
  const ttys: string[] = [];
  let bsdSeen = false;
  let f = false;
  let l = false;
  const args = argv.slice(1).map(argBytes);
  try {
    const listArg = (i: number, a: string, opt: string): [string, number] => {
      const attached = a.slice(a.indexOf(opt) + opt.length);
      if (attached) return [attached, i];
      if (i + 1 >= args.length) throw new PsError("error: list of process IDs must follow -p");
      return [args[i + 1], i + 1];
    };
    const users = async (s: string, into: number[]) => {
      for (const u of s.split(/[,\s]+/).filter(Boolean)) {
        const pw = /^[0-9]+$/.test(u) ? { uid: Number(u) } : await getpwnam(libc, u);
        if (!pw) throw new PsError("error: user name does not exist");
        into.push(pw.uid);
      }
    };
    const nums = (s: string, into: number[], what: string) => {
      for (const x of s.split(/[,\s]+/).filter(Boolean)) {
        if (!/^[0-9]+$/.test(x) || Number(x) < 1) throw new PsError(`error: ${what}`);
        into.push(Number(x));
      }
    };
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a.startsWith("--")) {
        const [name, val] = a.slice(2).split("=", 2);
        const value = () => (val !== undefined ? val : (args[++i] ?? ""));
        if (name === "no-headers" || name === "no-heading") headers = false;
        else if (name === "deselect") negate = true;
        else if (name === "pid") nums(value(), pids, "process ID list syntax error");
        else if (name === "ppid") nums(value(), ppids, "process ID list syntax error");
        else if (name === "user") await users(value(), euids);
        else if (name === "User") await users(value(), ruids);
        else if (name === "format") {
          fmt = "o";
          oLists.push(value());
        } else if (name === "help" || name === "version") {
          await out(libc, name === "version" ? "ps from procps-ng 3.3.12\n" : USAGE);
          return finish(libc, "ps", 0);
        } else if (name === "width" || name === "cols" || name === "columns" || name === "sort") {
          if (val === undefined) i++;
        } else throw new PsError("error: unknown gnu long option");
        continue;
      }
      if (a.startsWith("-")) {
        for (let j = 1; j < a.length; j++) {
          const c = a[j];
          const take = (): string => {
            const [v, ni] = listArg(i, a.slice(j), c);
            i = ni;
            j = a.length;
            return v;
          };
          switch (c) {
            case "e":
            case "A":
              all = true;
              break;
            case "a":
              sysvA = true;
              break;
            case "d":
              sysvD = true;
              break;
            case "N":
              negate = true;
              break;
            case "f":
              f = true;
              break;
            case "F":
              fmt = "F";
              break;
            case "l":
              l = true;
              break;
            case "j":
            case "y":
            case "H":
            case "w":
            case "M":
            case "L":
            case "T":
            case "c":
              break;
            case "p":
              nums(take(), pids, "process ID list syntax error");
              break;
            case "u":
              await users(take(), euids);
              break;
            case "U":
              await users(take(), ruids);
              break;
            case "C":
              cmds.push(
                ...take()
                  .split(/[,\s]+/)
                  .filter(Boolean),
              );
              break;
            case "t":
              ttys.push(
                ...take()
                  .split(/[,\s]+/)
                  .filter(Boolean),
              );
              break;
            case "o":
              fmt = "o";
              oLists.push(take());
              break;
            default:
              throw new PsError("error: unsupported SysV option");
          }
        }
        continue;
      }
      // BSD options: a cluster without a dash, or a bare pid list.
      if (/^[0-9,]+$/.test(a)) {
        nums(a, pids, "process ID list syntax error");
        continue;
      }
      bsdSeen = true;
      for (let j = 0; j < a.length; j++) {
        const c = a[j];
        if (c === "a") bsdA = true;
        else if (c === "x") bsdX = true;
        else if (c === "u") fmt = "u";
        else if (c === "h") headers = false;
        else if (c === "o") {
          fmt = "o";
          const rest = a.slice(j + 1) || args[++i] || "";
          oLists.push(rest);
          break;
        } else if (c === "p") {
          nums(a.slice(j + 1) || args[++i] || "", pids, "process ID list syntax error");
          break;
        } else if (c === "w" || c === "e" || c === "f" || c === "c" || c === "r") {
          // accepted, without effect here
        } else throw new PsError("error: unsupported option (BSD syntax)");
      }
    }
    if (fmt === "default") {
      if (l && f) fmt = "lf";
      else if (l) fmt = "l";
      else if (f) fmt = "f";
      else if (bsdSeen) fmt = "bsd";
    }
  } catch (e) {
    if (!(e instanceof PsError)) throw e;
    await libc.stderr.write(`${e.message}\n${USAGE}`);
    return 1;
  }

  const formats: Record<string, string> = {
    default: "pid,tname,time,cmd",
    f: "uid_hack,pid,ppid,c,stime,tname,time,cmd",
    F: "uid_hack,pid,ppid,c,sz,rss,psr,stime,tname,time,cmd",
    l: "f,s,uid,pid,ppid,c,opri,ni,addr_1,sz,wchan,tname,time,ucmd",
    lf: "f,s,uid_hack,pid,ppid,c,opri,ni,addr_1,sz,wchan,stime,tname,time,cmd",
    u: "user,pid,%cpu,%mem,vsz,rss,tname,stat,start_time,bsdtime,args",
    bsd: "pid,tname,stat,bsdtime,args",
  };
  let cols: Column[];
  try {
    cols =
      fmt === "o" ? oLists.flatMap((l) => parseFormat(l, pidW)) : parseFormat(formats[fmt], pidW);
  } catch (e) {
    if (!(e instanceof PsError)) throw e;
    await libc.stderr.write(`${e.message}\n${USAGE}`);
    return 1;
  }
  if (fmt === "u" || fmt === "bsd") {
    for (const c of cols) if (c.spec === SPECS.tname) c.head = "TTY";
  }

  const uptimeText = await libc.readFileText("/proc/uptime").catch(() => "0 0");
  const uptime = Number.parseFloat(uptimeText);
  const memText = await libc.readFileText("/proc/meminfo").catch(() => "");
  const memTotal = Number(/MemTotal:\s+([0-9]+)/.exec(memText)?.[1] ?? 0);
  const now = (await libc.clock_gettime(0)).sec;
  const ctx: Ctx = {
    libc,
    uptime,
    now,
    memTotal,
    fullCmd: fmt !== "default" && fmt !== "l",
    users: new Map(),
  };
  const procs = await readAllProcs(libc);
  const myPid = libc.pid;
  const me = procs.find((p) => p.pid === myPid);
  const myEuid = await libc.geteuid();
  const myTty = me?.ttyNr ?? 0;
  const lists =
    pids.length || ppids.length || euids.length || ruids.length || cmds.length || ttys.length;
  const selected = (p: Proc): boolean => {
    let hit: boolean;
    if (all || (bsdA && bsdX)) hit = true;
    else if (lists || sysvA || sysvD || bsdA || bsdX) {
      hit =
        pids.includes(p.pid) ||
        ppids.includes(p.ppid) ||
        euids.includes(p.euid) ||
        ruids.includes(p.ruid) ||
        cmds.includes(p.comm) ||
        ttys.some((t) => t === ttyName(p.ttyNr) || `/dev/${ttyName(p.ttyNr)}` === t) ||
        (sysvA && p.ttyNr !== 0 && p.session !== p.pid) ||
        (sysvD && p.session !== p.pid) ||
        (bsdA && !bsdX && p.ttyNr !== 0) ||
        (bsdX && !bsdA && p.euid === myEuid);
    } else hit = p.euid === myEuid && p.ttyNr === myTty;
    return hit !== negate;
  };
  const activeCols = Number.POSITIVE_INFINITY;
  // procps prints no header line when every column's header was set empty (-o pid=).
  let o =
    headers && cols.some((c) => c.head !== "")
      ? `${layout(
          cols,
          cols.map((c) => c.head),
          activeCols,
        )}\n`
      : "";
  let shown = 0;
  for (const p of procs) {
    if (!selected(p)) continue;
    const cells: string[] = [];
    for (const c of cols) cells.push(await c.spec.get(p, ctx));
    o += `${layout(cols, cells, activeCols)}\n`;
    shown++;
  }
  await out(libc, o);
  if (!shown) {
    await libc.stdout.flush().catch(() => {});
    return 1;
  }
  return finish(libc, "ps", 0);
}
