/**
 * date(1), GNU coreutils 8.28: print the date and time, in UTC (vkern has no zone files,
 * as a machine with TZ=UTC). Default format "%a %b %e %H:%M:%S %Z %Y"; +FORMAT; -u; -R;
 * -I[date|hours|minutes|seconds|ns]; --rfc-3339; -r FILE; -d with "@SECONDS", ISO dates
 * ("2021-03-01 10:00:03", "2021-03-01T10:00"), "now", "today", "yesterday", "tomorrow";
 * -s is refused (there is no settimeofday), as for a user without CAP_SYS_TIME.
 */

import { quote, quotef, tryHelp } from "../lib/coreutils.ts";
import { getoptLong } from "../lib/getopt.ts";
import { argBytes, errText, finish, out, warn } from "../lib/io.ts";
import { strftime } from "../lib/strftime.ts";
import type { Libc } from "../libc/libc.ts";

const ISO: Record<string, string> = {
  date: "%Y-%m-%d",
  hours: "%Y-%m-%dT%H%:z",
  minutes: "%Y-%m-%dT%H:%M%:z",
  seconds: "%Y-%m-%dT%H:%M:%S%:z",
  ns: "%Y-%m-%dT%H:%M:%S,%N%:z",
};
const RFC3339: Record<string, string> = {
  date: "%Y-%m-%d",
  seconds: "%Y-%m-%d %H:%M:%S%:z",
  ns: "%Y-%m-%d %H:%M:%S.%N%:z",
};

/** A small subset of gnulib parse_datetime(): returns [sec, nsec] or null. */
export function parseDate(s: string, now: number): [number, number] | null {
  const t = s.trim().toLowerCase();
  const at = /^@(-?[0-9]+)(?:\.([0-9]{1,9}))?$/.exec(t);
  if (at) return [Number(at[1]), Number((at[2] ?? "").padEnd(9, "0"))];
  const day = Math.floor(now / 86400) * 86400;
  if (t === "" || t === "today") return [day, 0];
  if (t === "now") return [now, 0];
  if (t === "yesterday") return [now - 86400, 0];
  if (t === "tomorrow") return [now + 86400, 0];
  const m =
    /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[ t]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?(?: ?(?:utc|z|\+00:?00))?$/.exec(
      t,
    );
  if (m) {
    const [y, mo, d, h, mi, se] = m.slice(1).map((x) => Number(x ?? 0));
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || se > 60) return null;
    return [Date.UTC(y, mo - 1, d, h, mi, se) / 1000, 0];
  }
  const hm = /^([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?$/.exec(t);
  if (hm) {
    const [h, mi, se] = hm.slice(1).map((x) => Number(x ?? 0));
    if (h > 24 || mi > 59 || se > 60) return null;
    return [day + h * 3600 + mi * 60 + se, 0];
  }
  return null;
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv[0] ?? "date";
  const parsed = getoptLong(argv, "d:f:I::r:Rs:u", [
    { name: "date", hasArg: 1, val: "d" },
    { name: "file", hasArg: 1, val: "f" },
    { name: "iso-8601", hasArg: 2, val: "I" },
    { name: "reference", hasArg: 1, val: "r" },
    { name: "rfc-2822", hasArg: 0, val: "R" },
    { name: "rfc-email", hasArg: 0, val: "R" },
    { name: "rfc-3339", hasArg: 1, val: "rfc-3339" },
    { name: "set", hasArg: 1, val: "s" },
    { name: "uct", hasArg: 0, val: "u" },
    { name: "utc", hasArg: 0, val: "u" },
    { name: "universal", hasArg: 0, val: "u" },
    { name: "help", hasArg: 0, val: "help" },
    { name: "version", hasArg: 0, val: "version" },
  ]);
  const usage = async (msg: string) => {
    await warn(libc, prog, msg);
    await libc.stderr.write(tryHelp(prog));
    return 1;
  };
  if (parsed.error) {
    await libc.stderr.write(parsed.error + tryHelp(prog));
    return 1;
  }
  let fmt: string | null = null;
  let dateStr: string | null = null;
  let ref: string | null = null;
  let setStr: string | null = null;
  for (const o of parsed.options) {
    const a = o.arg ?? "";
    switch (o.key) {
      case "d":
        dateStr = a;
        break;
      case "r":
        ref = a;
        break;
      case "R":
        fmt = "%a, %d %b %Y %H:%M:%S %z";
        break;
      case "I": {
        const k = o.arg === undefined ? "date" : Object.keys(ISO).find((x) => x.startsWith(a) && a);
        if (!k) return usage(`invalid argument ${quote(libc, a)} for '--iso-8601'`);
        fmt = ISO[k];
        break;
      }
      case "rfc-3339": {
        const k = Object.keys(RFC3339).find((x) => x.startsWith(a) && a);
        if (!k) return usage(`invalid argument ${quote(libc, a)} for '--rfc-3339'`);
        fmt = RFC3339[k];
        break;
      }
      case "s":
        setStr = a;
        break;
      case "f":
        await warn(libc, prog, "--file is not supported");
        return 1;
      case "help":
        await out(libc, `Usage: ${prog} [OPTION]... [+FORMAT]\n`);
        return 0;
      case "version":
        await out(libc, "date (GNU coreutils) 8.28\n");
        return 0;
      default:
        break;
    }
  }
  const ops = parsed.operands;
  if (ops.length > 1) return usage(`extra operand ${quote(libc, ops[1])}`);
  if (ops.length === 1) {
    if (!ops[0].startsWith("+")) {
      // date MMDDhhmm[[CC]YY][.ss] would set the clock.
      setStr = ops[0];
    } else {
      if (fmt !== null) {
        await warn(libc, prog, "multiple output formats specified");
        return 1;
      }
      fmt = argBytes(ops[0].slice(1));
    }
  }
  const now = await libc.clock_gettime(0);
  let t: [number, number] = [now.sec, now.nsec];
  if (setStr !== null) {
    // -s STRING, or the POSIX operand MMDDhhmm[[CC]YY][.ss]: vkern has no settimeofday().
    const posix = ops.length === 1 && !ops[0].startsWith("+");
    const valid = posix
      ? /^[0-9]{8}([0-9]{2}|[0-9]{4})?(\.[0-9]{2})?$/.test(setStr)
      : parseDate(setStr, now.sec) !== null;
    await warn(
      libc,
      prog,
      valid ? "cannot set date: Operation not permitted" : `invalid date ${quote(libc, setStr)}`,
    );
    return 1;
  }
  if (dateStr !== null) {
    const v = parseDate(dateStr, now.sec);
    if (!v) {
      await warn(libc, prog, `invalid date ${quote(libc, dateStr)}`);
      return 1;
    }
    t = v;
  } else if (ref !== null) {
    try {
      const st = await libc.stat(ref);
      t = [st.mtime.sec, st.mtime.nsec];
    } catch (e) {
      await warn(libc, prog, `${quotef(libc, ref)}: ${errText(libc, e)}`);
      return 1;
    }
  }
  await out(libc, `${strftime(fmt ?? "%a %b %e %H:%M:%S %Z %Y", t[0], t[1])}\n`);
  return finish(libc, prog, 0);
}
