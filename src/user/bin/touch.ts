/**
 * touch(1), GNU coreutils 8.28: change file timestamps, creating files. Mirrors src/touch.c
 * (touch(), main()): open with O_CREAT unless -c, then futimens()/utimensat(); "now" is
 * passed as NULL so a writable file that is not ours can be touched; a failed open is
 * reported as "cannot touch", a failed time change as "setting times of".
 *
 * -d understands the forms people type: "@SECONDS", "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS[.N]]"
 * (also with 'T', and a trailing "UTC"/"Z"/"+0000"), "now"; not all of parse_datetime().
 * The time zone is UTC, vkern's only one.
 */

import { O_CREAT, O_NOCTTY, O_NONBLOCK, O_WRONLY } from "../../include/uapi/fcntl.ts";
import type { LongOption } from "../lib/getopt.ts";
import { type Cmd, coreutilsMain, errnoOf } from "../lib/prog.ts";
import { AT_FDCWD, futimens, UTIME_OMIT, utimensat } from "../lib/sys.ts";
import type { Timespec } from "../libc/libc.ts";

const LONG: LongOption[] = [
  { name: "time", hasArg: 1, val: "time" },
  { name: "no-create", hasArg: 0, val: "c" },
  { name: "date", hasArg: 1, val: "d" },
  { name: "reference", hasArg: 1, val: "r" },
  { name: "no-dereference", hasArg: 0, val: "h" },
];

const EISDIR = 21;
const EINVAL = 22;
const EPERM = 1;
const ENOENT = 2;
const AT_SYMLINK_NOFOLLOW = 0x100;

/** A subset of gnulib parse_datetime(), in UTC. */
export function parseDate(s: string, now: Timespec): Timespec | null {
  const t = s.trim();
  if (t === "" || t === "now") return now;
  let m = /^@(-?\d+)(?:\.(\d{1,9}))?$/.exec(t);
  if (m) return { sec: Number(m[1]), nsec: Number((m[2] ?? "").padEnd(9, "0")) };
  m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(?:UTC|Z|[+-]0000|GMT)?$/i.exec(
      t,
    );
  if (!m) return null;
  const [y, mo, d, h = "0", mi = "0", se = "0", frac = ""] = m.slice(1);
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se));
  const check = new Date(ms);
  if (check.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23 || Number(mi) > 59) return null;
  return { sec: Math.floor(ms / 1000), nsec: Number(frac.padEnd(9, "0")) };
}

/** Mirrors touch.c:date_relative... posixtime(): [[CC]YY]MMDDhhmm[.ss] in UTC. */
export function parseStamp(s: string, now: Timespec): Timespec | null {
  const m = /^(\d{8}|\d{10}|\d{12})(?:\.(\d{2}))?$/.exec(s);
  if (!m) return null;
  const digits = m[1];
  let year: number;
  let rest: string;
  if (digits.length === 12) {
    year = Number(digits.slice(0, 4));
    rest = digits.slice(4);
  } else if (digits.length === 10) {
    const yy = Number(digits.slice(0, 2));
    year = yy < 69 ? 2000 + yy : 1900 + yy;
    rest = digits.slice(2);
  } else {
    year = new Date(now.sec * 1000).getUTCFullYear();
    rest = digits;
  }
  const [mo, d, h, mi] = [0, 2, 4, 6].map((i) => Number(rest.slice(i, i + 2)));
  const sec = Number(m[2] ?? "0");
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 60) return null;
  const ms = Date.UTC(year, mo - 1, d, h, mi, sec);
  if (new Date(ms).getUTCDate() !== d) return null;
  return { sec: Math.floor(ms / 1000), nsec: 0 };
}

async function run(cmd: Cmd, argv: string[]): Promise<number> {
  const { libc, q } = cmd;
  const { options, operands } = await cmd.getopt(argv, "acd:fhmr:t:", LONG);
  let changeA = false;
  let changeM = false;
  let noCreate = false;
  let noDeref = false;
  let dateStr: string | null = null;
  let refFile: string | null = null;
  let stamp: string | null = null;
  for (const { key, arg = "" } of options) {
    if (key === "a") changeA = true;
    else if (key === "m") changeM = true;
    else if (key === "c") noCreate = true;
    else if (key === "h") {
      // --no-dereference implies --no-create (touch.c: opening would follow the link).
      noDeref = true;
      noCreate = true;
    } else if (key === "d") dateStr = arg;
    else if (key === "r") refFile = arg;
    else if (key === "t") stamp = arg;
    else if (key === "time") {
      if (/^(atime|access|use)$/.test(arg)) changeA = true;
      else if (/^(mtime|modify)$/.test(arg)) changeM = true;
      else {
        await cmd.error(`invalid argument ${q.quote(arg)} for ${q.quote("--time")}`);
        await libc.stderr.write(
          "Valid arguments are:\n  - 'atime', 'access', 'use'\n  - 'mtime', 'modify'\n",
        );
        await cmd.usageError();
      }
    }
  }
  if (!changeA && !changeM) changeA = changeM = true;
  if (stamp !== null && (dateStr !== null || refFile !== null)) {
    await cmd.usageError("cannot specify times from more than one source");
  }
  let times: [Timespec, Timespec] | null = null;
  const now = await libc.clock_gettime(0);
  if (refFile !== null) {
    try {
      const st = noDeref ? await libc.lstat(refFile) : await libc.stat(refFile);
      times = [st.atime, st.mtime];
    } catch (e) {
      await cmd.die(1, `failed to get attributes of ${q.quoteaf(refFile)}`, errnoOf(e));
    }
  }
  if (dateStr !== null) {
    const t = parseDate(dateStr, now);
    if (!t) await cmd.die(1, `invalid date format ${q.quote(dateStr)}`);
    times = [t!, t!];
  }
  if (stamp !== null) {
    const t = parseStamp(stamp, now);
    if (!t) await cmd.die(1, `invalid date format ${q.quote(stamp)}`);
    times = [t!, t!];
  }
  if (operands.length === 0) await cmd.usageError("missing file operand");

  let ok = true;
  for (const file of operands) {
    let fd = -1;
    let openErrno = 0;
    if (!noCreate && file !== "-") {
      try {
        fd = await libc.open(file, O_WRONLY | O_CREAT | O_NONBLOCK | O_NOCTTY, 0o666);
      } catch (e) {
        const err = errnoOf(e);
        if (err !== EISDIR && err !== EINVAL && err !== EPERM) openErrno = err;
      }
    }
    let t: [Timespec, Timespec] | null = times ? [{ ...times[0] }, { ...times[1] }] : null;
    if (!(changeA && changeM)) {
      t ??= [
        { sec: 0, nsec: (1 << 30) - 1 },
        { sec: 0, nsec: (1 << 30) - 1 },
      ];
      if (changeM) t[0].nsec = UTIME_OMIT;
      else t[1].nsec = UTIME_OMIT;
    }
    let err = 0;
    try {
      if (file === "-") await futimens(libc, 1, t);
      else if (fd >= 0) await futimens(libc, fd, t);
      else await utimensat(libc, AT_FDCWD, file, t, noDeref ? AT_SYMLINK_NOFOLLOW : 0);
    } catch (e) {
      err = errnoOf(e);
    }
    if (fd >= 0) await libc.close(fd).catch(() => 0);
    if (!err) continue;
    if (openErrno) await cmd.error(`cannot touch ${q.quoteaf(file)}`, openErrno);
    else if (noCreate && err === ENOENT) continue;
    else await cmd.error(`setting times of ${q.quoteaf(file)}`, err);
    ok = false;
  }
  return ok ? 0 : 1;
}

export const main = coreutilsMain(run);
