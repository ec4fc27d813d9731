/**
 * tail(1), GNU coreutils 8.28 (9.1 for following): the last part of files. -n [+]N, -c [+]N
 * (with size suffixes), -q, -v, -z and the obsolete `-N[bcl][f]` first argument; -f,
 * --follow[=descriptor|name], -F, --retry, -s N, --pid, --max-unchanged-stats as tail
 * polls without inotify (src/user/lib/tail_follow.ts), until a signal ends it.
 */

import { O_RDONLY, SEEK_CUR } from "../../include/uapi/fcntl.ts";
import { S_IFIFO, S_IFMT, S_IFREG } from "../../include/uapi/stat.ts";
import { xargmatch } from "../lib/argmatch.ts";
import { parseSize } from "../lib/coreutils.ts";
import type { LongOption } from "../lib/getopt.ts";
import { out, Reader } from "../lib/io.ts";
import { type Cmd, coreutilsMain, errnoOf } from "../lib/prog.ts";
import {
  type FileSpec,
  Follower,
  isTailable,
  prettyName,
  recordOpenFd,
} from "../lib/tail_follow.ts";
import type { Stat } from "../libc/libc.ts";

const LONG: LongOption[] = [
  { name: "bytes", hasArg: 1, val: "c" },
  { name: "lines", hasArg: 1, val: "n" },
  { name: "follow", hasArg: 2, val: "follow" },
  { name: "retry", hasArg: 0, val: "retry" },
  { name: "pid", hasArg: 1, val: "pid" },
  { name: "sleep-interval", hasArg: 1, val: "s" },
  { name: "max-unchanged-stats", hasArg: 1, val: "max" },
  { name: "quiet", hasArg: 0, val: "q" },
  { name: "silent", hasArg: 0, val: "q" },
  { name: "verbose", hasArg: 0, val: "v" },
  { name: "zero-terminated", hasArg: 0, val: "z" },
  // Hidden options of tail.c ("---disable-inotify"): vkern always polls.
  { name: "-disable-inotify", hasArg: 0, val: "disable-inotify" },
  { name: "-presume-input-pipe", hasArg: 0, val: "presume-input-pipe" },
  { name: "help", hasArg: 0, val: "help" },
  { name: "version", hasArg: 0, val: "version" },
];

interface Spec {
  bytes: boolean;
  n: bigint;
  /** +N: start at line/byte N instead of counting from the end. */
  fromStart: boolean;
  eol: string;
}

/** Mirrors tail.c:parse_obsolete_option() for "-N[bcl][f]". */
function obsolete(argv: string[]): string[] {
  const a = argv[1];
  if (!a || argv.length > 3) return argv;
  const m = /^-([0-9]*)([bcl]?)(f?)$/.exec(a);
  if (!m || (m[1] === "" && m[2] === "")) return argv;
  const num = m[1] || "10";
  const opt = m[2] === "c" ? `-c${num}` : m[2] === "b" ? `-c${num}b` : `-n${num}`;
  return [argv[0], opt, ...(m[3] ? ["-f"] : []), ...argv.slice(2)];
}

/** xstrtod() with cl_strtod: the whole argument is a C floating-point number. */
function parseSeconds(s: string): number | null {
  if (/^\s*[+-]?inf(inity)?$/i.test(s)) return s.includes("-") ? -1 : Number.POSITIVE_INFINITY;
  if (!/^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(s)) return null;
  return Number(s.trim());
}

/** xdectoumax(): a decimal number in range, or die with "MSG: 'ARG'". */
async function decimal(cmd: Cmd, arg: string, max: number, msg: string): Promise<number> {
  const n = /^\s*\+?[0-9]+$/.test(arg) ? Number(arg.trim()) : Number.NaN;
  if (!Number.isFinite(n) || n > max) return cmd.die(1, `${msg}: ${cmd.q.quote(arg)}`);
  return n;
}

export const main = coreutilsMain(async (cmd, argv0) => {
  const libc = cmd.libc;
  const argv = obsolete(argv0);
  const parsed = await cmd.getopt(argv, "c:n:fFqs:vz0123456789", LONG);
  const spec: Spec = { bytes: false, n: 10n, fromStart: false, eol: "\n" };
  let headers: boolean | null = null;
  let forever = false;
  let byName = false;
  let reopen = false;
  let sleepInterval = 1;
  let pid = 0;
  let maxUnchangedStats = 5;
  for (const o of parsed.options) {
    const a = o.arg ?? "";
    switch (o.key) {
      case "c":
      case "n": {
        let v = a;
        spec.fromStart = v.startsWith("+");
        if (v.startsWith("+") || v.startsWith("-")) v = v.slice(1);
        const n = parseSize(v);
        if (n === null) {
          const what = o.key === "c" ? "bytes" : "lines";
          return cmd.die(1, `invalid number of ${what}: ${cmd.q.quote(a)}`);
        }
        spec.n = n;
        spec.bytes = o.key === "c";
        break;
      }
      case "f":
        forever = true;
        byName = false;
        break;
      case "follow":
        forever = true;
        byName =
          o.arg !== undefined &&
          (await xargmatch(cmd, "--follow", a, ["descriptor", "name"], [false, true]));
        break;
      case "F":
        forever = true;
        byName = true;
        reopen = true;
        break;
      case "retry":
        reopen = true;
        break;
      case "s": {
        const s = parseSeconds(a);
        if (s === null || !(s >= 0)) {
          return cmd.die(1, `invalid number of seconds: ${cmd.q.quote(a)}`);
        }
        sleepInterval = s;
        break;
      }
      case "pid":
        pid = await decimal(cmd, a, 2 ** 31 - 1, "invalid PID");
        break;
      case "max":
        maxUnchangedStats = await decimal(
          cmd,
          a,
          Number.MAX_SAFE_INTEGER,
          "invalid maximum number of unchanged stats between opens",
        );
        break;
      case "q":
        headers = false;
        break;
      case "v":
        headers = true;
        break;
      case "z":
        spec.eol = "\0";
        break;
      case "help":
        await out(libc, `Usage: ${cmd.name} [OPTION]... [FILE]...\n`);
        return 0;
      case "version":
        await out(libc, "tail (GNU coreutils) 8.28\n");
        return 0;
      case "disable-inotify":
      case "presume-input-pipe":
        break;
      default:
        if (o.key >= "0" && o.key <= "9")
          return cmd.die(1, `option used in invalid context -- ${o.key}`);
        break;
    }
  }
  if (reopen) {
    if (!forever) {
      reopen = false;
      await cmd.error("warning: --retry ignored; --retry is useful only when following");
    } else if (!byName) await cmd.error("warning: --retry only effective for the initial open");
  }
  if (pid && !forever) {
    await cmd.error("warning: PID ignored; --pid=PID is useful only when following");
  }
  const names = parsed.operands.length ? parsed.operands : ["-"];
  if (names.includes("-")) {
    if (byName) return cmd.die(1, `cannot follow ${cmd.q.quoteaf("-")} by name`);
    if (forever) {
      const st = await libc.fstat(0).catch(() => null);
      const blockingStdin =
        pid === 0 && !byName && names.length === 1 && st !== null && (st.mode & S_IFMT) !== S_IFREG;
      if (!blockingStdin && (await libc.isatty(0)))
        await cmd.error("warning: following standard input indefinitely is ineffective");
    }
  }
  // tail -n 0 reads nothing unless it is to follow.
  if (spec.n === 0n && !forever && !spec.fromStart) return 0;
  const printHeaders = headers ?? names.length > 1;
  let firstFile = true;
  const header = async (name: string) => {
    await out(libc, `${firstFile ? "" : "\n"}==> ${name} <==\n`);
    firstFile = false;
  };
  const files: FileSpec[] = names.map((name) => ({
    name,
    fd: -1,
    size: 0,
    mtime: { sec: 0, nsec: 0 },
    dev: 0n,
    ino: 0,
    mode: 0,
    ignore: false,
    tailable: true,
    errnum: 0,
    blocking: null,
    nUnchangedStats: 0,
  }));
  let ok = true;
  for (const f of files) {
    if (!(await tailFile(cmd, f, spec, { forever, reopen, printHeaders, header }))) ok = false;
  }
  // ignore_fifo_and_pipe(): a pipe on standard input cannot grow once it has ended.
  let viable = 0;
  for (const f of files) {
    if (f.name === "-" && !f.ignore && f.fd >= 0 && (f.mode & S_IFMT) === S_IFIFO) {
      f.fd = -1;
      f.ignore = true;
    } else viable++;
  }
  if (forever && viable) {
    const follower = new Follower(cmd, {
      byName,
      reopen,
      pid,
      sleepInterval,
      maxUnchangedStats,
      printHeaders,
      header,
    });
    await follower.forever(files);
  }
  return ok ? 0 : 1;
});

interface TailFileOptions {
  forever: boolean;
  reopen: boolean;
  printHeaders: boolean;
  header: (name: string) => Promise<void>;
}

/** Mirrors tail.c:tail_file(): print the tail of one file; with -f keep it open. */
async function tailFile(cmd: Cmd, f: FileSpec, spec: Spec, o: TailFileOptions): Promise<boolean> {
  const libc = cmd.libc;
  const isStdin = f.name === "-";
  let fd = -1;
  let err = 0;
  try {
    fd = isStdin ? 0 : await libc.open(f.name, O_RDONLY);
  } catch (e) {
    err = errnoOf(e);
  }
  f.tailable = !(o.reopen && fd === -1);
  if (fd === -1) {
    if (o.forever) {
      f.fd = -1;
      f.errnum = err;
      f.ignore = !o.reopen;
    }
    await cmd.error(`cannot open ${cmd.q.quoteaf(prettyName(f))} for reading`, err);
    return false;
  }
  if (o.printHeaders) await o.header(prettyName(f));
  const r = new Reader(libc, fd);
  let ok = true;
  try {
    await tailOne(libc, r, spec);
  } catch (e) {
    const errno = errnoOf(e);
    await cmd.error(`error reading ${cmd.q.quoteaf(prettyName(f))}`, errno);
    ok = false;
  }
  if (!o.forever) {
    await r.close();
    return ok;
  }
  r.detach();
  f.errnum = ok ? 0 : -1;
  let st: Stat | null = null;
  try {
    st = await libc.fstat(fd);
  } catch (e) {
    ok = false;
    f.errnum = errnoOf(e);
    await cmd.error(`error reading ${cmd.q.quoteaf(prettyName(f))}`, f.errnum);
  }
  if (st && !isTailable(st.mode)) {
    ok = false;
    f.errnum = -1;
    f.tailable = false;
    f.ignore = !o.reopen;
    const giveUp = f.ignore ? "; giving up on this name" : "";
    await cmd.error(
      `${cmd.q.quotef(prettyName(f))}: cannot follow end of this type of file${giveUp}`,
    );
  }
  if (!ok || !st) {
    f.ignore = !o.reopen;
    if (fd > 0) await libc.close(fd).catch(() => 0);
    f.fd = -1;
    return false;
  }
  // Everything up to the end has been read: follow from there (read_pos).
  const pos = await libc.lseek(fd, 0, SEEK_CUR).catch(() => 0);
  recordOpenFd(f, fd, pos, st, isStdin ? null : true);
  return true;
}

const CAP = 1000000000n;

async function tailOne(libc: Cmd["libc"], r: Reader, spec: Spec): Promise<void> {
  const n = Number(spec.n > CAP ? CAP : spec.n);
  if (spec.bytes) {
    if (spec.fromStart) {
      // +N: skip N-1 bytes, copy the rest.
      let skip = Math.max(n - 1, 0);
      for (let c = await r.readChunk(); c !== null; c = await r.readChunk()) {
        if (skip >= c.length) {
          skip -= c.length;
          continue;
        }
        await out(libc, c.slice(skip));
        skip = 0;
      }
      return;
    }
    let held = "";
    for (let c = await r.readChunk(); c !== null; c = await r.readChunk()) {
      held += c;
      if (held.length > 2 * n + 65536) held = held.slice(held.length - n);
    }
    await out(libc, n === 0 ? "" : held.slice(Math.max(held.length - n, 0)));
    return;
  }
  r.eol = spec.eol;
  if (spec.fromStart) {
    for (let i = 1; i < n; i++) if ((await r.readLine()) === null) return;
    for (let c = await r.readChunk(); c !== null; c = await r.readChunk()) await out(libc, c);
    return;
  }
  // pipe_lines(): keep the last n lines.
  const ring: string[] = [];
  let head = 0;
  for (let line = await r.readLine(); line !== null; line = await r.readLine()) {
    if (n === 0) continue;
    if (ring.length < n) ring.push(line);
    else {
      ring[head] = line;
      head = (head + 1) % n;
    }
  }
  await out(libc, ring.slice(head).join("") + ring.slice(0, head).join(""));
}
