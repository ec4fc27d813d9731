/**
 * stat(1), GNU coreutils 8.28: display file status. Mirrors src/stat.c: default_format(),
 * print_it(), print_stat(), do_stat(). The default layout is 8.28's (`Device: 803h/2051d`;
 * coreutils 9 prints `Device: 8,3`), and the birth time is "-" because 8.28 uses stat(2),
 * not statx(2). `-f` (file systems) is not supported: vkern has no statfs(2) yet.
 */

import { S_ISBLK, S_ISCHR, S_ISLNK } from "../../include/uapi/stat.ts";
import { argmatch } from "../lib/argmatch.ts";
import { fileTypeName } from "../lib/fileutil.ts";
import { modeString } from "../lib/format.ts";
import type { LongOption } from "../lib/getopt.ts";
import { getgrgid, getpwuid } from "../lib/passwd.ts";
import { type Cmd, coreutilsMain, errnoOf } from "../lib/prog.ts";
import { QUOTING_STYLES, type QuotingStyle } from "../lib/quote.ts";
import type { Stat, Timespec } from "../libc/libc.ts";

const LONG: LongOption[] = [
  { name: "dereference", hasArg: 0, val: "L" },
  { name: "file-system", hasArg: 0, val: "f" },
  { name: "format", hasArg: 1, val: "c" },
  { name: "printf", hasArg: 1, val: "printf" },
  { name: "terse", hasArg: 0, val: "t" },
];

const PRINTF_FLAGS = "'-+ #0I";

/** The default format of 8.28 (default_format() without SELinux). */
function defaultFormat(terse: boolean, device: boolean): string {
  if (terse) return "%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %W %o\n";
  return (
    "  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n" +
    (device
      ? "Device: %Dh/%dd\tInode: %-10i  Links: %-5h Device type: %t,%T\n"
      : "Device: %Dh/%dd\tInode: %-10i  Links: %h\n") +
    "Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\n" +
    "Access: %x\nModify: %y\nChange: %z\n Birth: %w\n"
  );
}

/** printf of one value with a stat-style directive prefix ("%-10", "%04" ...). */
function pad(prefix: string, value: string, numeric: boolean, allowed: string): string {
  let i = 1;
  let flags = "";
  while (i < prefix.length && PRINTF_FLAGS.includes(prefix[i])) {
    if (allowed.includes(prefix[i])) flags += prefix[i];
    i++;
  }
  const rest = prefix.slice(i);
  const m = /^(\d*)(?:\.(\d*))?$/.exec(rest);
  const width = m?.[1] ? Number(m[1]) : 0;
  const prec = m?.[2] !== undefined ? Number(m[2] || 0) : undefined;
  let v = value;
  if (!numeric && prec !== undefined) v = v.slice(0, prec);
  if (numeric) {
    let sign = "";
    if (v.startsWith("-")) {
      sign = "-";
      v = v.slice(1);
    } else if (flags.includes("+")) sign = "+";
    else if (flags.includes(" ")) sign = " ";
    if (prec !== undefined) v = v.padStart(prec, "0");
    if (flags.includes("#") && !v.startsWith("0") && /^[0-7]+$/.test(v) && allowed.includes("#"))
      v = `0${v}`;
    if (flags.includes("0") && !flags.includes("-") && prec === undefined) {
      v = sign + v.padStart(width - sign.length, "0");
      sign = "";
    }
    v = sign + v;
  }
  return flags.includes("-") ? v.padEnd(width) : v.padStart(width);
}

/** Mirrors stat.c:human_time(): "%Y-%m-%d %H:%M:%S.%N %z" in UTC. */
function humanTime(t: Timespec): string {
  const d = new Date(t.sec * 1000);
  if (Number.isNaN(d.getTime())) return `${t.sec}.${String(t.nsec).padStart(9, "0")}`;
  const p2 = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(t.nsec).padStart(9, "0")} +0000`;
}

/** Mirrors stat.c:out_epoch_sec() for the usual forms (%Y, %.9Y, %.3Y). */
function epochSec(prefix: string, t: Timespec): string {
  const dot = prefix.indexOf(".");
  if (dot < 0) return pad(prefix, String(t.sec), true, "'-+ 0");
  const precStr = prefix.slice(dot + 1);
  const prec = precStr === "" ? 9 : Math.min(Number(precStr), 9);
  const frac = String(t.nsec).padStart(9, "0").slice(0, prec);
  const sec = pad(prefix.slice(0, dot), String(t.sec), true, "'-+ 0");
  return prec ? `${sec}.${frac}` : sec;
}

interface Ctx {
  cmd: Cmd;
  name: string;
  st: Stat;
  quoting: QuotingStyle;
}

/** Mirrors stat.c:print_stat(): one directive. Returns the text, or null on a failure. */
async function directive(c: Ctx, prefix: string, code: string): Promise<string | null> {
  const { st, cmd } = c;
  const u = (v: number | bigint) => pad(prefix, String(v), true, "'-0");
  const x = (v: number | bigint) => pad(prefix, v.toString(16), true, "-#0");
  const s = (v: string) => pad(prefix, v, false, "-");
  switch (code) {
    case "n":
      return s(c.name);
    case "N": {
      let r = s(cmd.q.style(c.name, c.quoting));
      if (S_ISLNK(st.mode)) {
        try {
          r += ` -> ${s(cmd.q.style(await cmd.libc.readlink(c.name), c.quoting))}`;
        } catch (e) {
          await cmd.error(`cannot read symbolic link ${cmd.q.quoteaf(c.name)}`, errnoOf(e));
          return null;
        }
      }
      return r;
    }
    case "d":
      return u(st.dev);
    case "D":
      return x(st.dev);
    case "i":
      return u(st.ino);
    case "a":
      return pad(prefix, (st.mode & 0o7777).toString(8), true, "-#0");
    case "A":
      return s(modeString(st.mode));
    case "f":
      return x(st.mode);
    case "F":
      return s(fileTypeName(st));
    case "h":
      return u(st.nlink);
    case "u":
      return u(st.uid);
    case "U":
      return s((await getpwuid(cmd.libc, st.uid))?.name ?? "UNKNOWN");
    case "g":
      return u(st.gid);
    case "G":
      return s((await getgrgid(cmd.libc, st.gid))?.name ?? "UNKNOWN");
    case "t":
      return x(Number(((st.rdev >> 8n) & 0xfffn) | ((st.rdev >> 32n) & ~0xfffn)));
    case "T":
      return x(Number((st.rdev & 0xffn) | ((st.rdev >> 12n) & ~0xffn)));
    case "s":
      return pad(prefix, String(st.size), true, "'-+ 0");
    case "B":
      return u(512);
    case "b":
      return u(st.blocks);
    case "o":
      return u(st.blksize);
    case "w":
      return s("-");
    case "W":
      return epochSec(prefix, { sec: 0, nsec: 0 });
    case "x":
      return s(humanTime(st.atime));
    case "X":
      return epochSec(prefix, st.atime);
    case "y":
      return s(humanTime(st.mtime));
    case "Y":
      return epochSec(prefix, st.mtime);
    case "z":
      return s(humanTime(st.ctime));
    case "Z":
      return epochSec(prefix, st.ctime);
    case "m":
      return s("/");
    case "C":
      return s("?");
    default:
      return "?";
  }
}

const ESCAPES: Record<string, string> = {
  a: "\x07",
  b: "\b",
  e: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  '"': '"',
  "\\": "\\",
};

/** Mirrors stat.c:print_it(): expands FORMAT; returns the text and whether anything failed. */
async function printIt(c: Ctx, format: string, backslash: boolean, trailing: string) {
  let out = "";
  let fail = false;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch === "%") {
      let j = i + 1;
      while (j < format.length && PRINTF_FLAGS.includes(format[j])) j++;
      while (j < format.length && /\d/.test(format[j])) j++;
      if (format[j] === ".") {
        j++;
        while (j < format.length && /\d/.test(format[j])) j++;
      }
      const prefix = format.slice(i, j);
      const code = format[j] ?? "";
      if (code === "" || code === "%") {
        if (prefix.length > 1) {
          await c.cmd.die(1, `${c.cmd.q.quote(prefix + code)}: invalid directive`);
        }
        out += "%";
        i = code === "" ? j - 1 : j;
        continue;
      }
      const v = await directive(c, prefix, code);
      if (v === null) fail = true;
      else out += v;
      i = j;
    } else if (ch === "\\" && backslash) {
      const rest = format.slice(i + 1);
      const oct = /^[0-7]{1,3}/.exec(rest);
      const hex = /^x([0-9a-fA-F]{1,2})/.exec(rest);
      if (oct) {
        out += String.fromCharCode(parseInt(oct[0], 8) & 0xff);
        i += oct[0].length;
      } else if (hex) {
        out += String.fromCharCode(parseInt(hex[1], 16));
        i += hex[0].length;
      } else if (rest === "") {
        await c.cmd.error("warning: backslash at end of format");
        out += "\\";
      } else {
        const e = ESCAPES[rest[0]];
        if (e === undefined) await c.cmd.error(`warning: unrecognized escape '\\${rest[0]}'`);
        out += e ?? rest[0];
        i++;
      }
    } else {
      out += ch;
    }
  }
  return { out: out + trailing, fail };
}

async function run(cmd: Cmd, argv: string[]): Promise<number> {
  const { options, operands } = await cmd.getopt(argv, "c:fLt", LONG);
  let follow = false;
  let terse = false;
  let format: string | null = null;
  let backslash = false;
  let trailing = "";
  for (const { key, arg = "" } of options) {
    if (key === "printf") {
      format = arg;
      backslash = true;
      trailing = "";
    } else if (key === "c") {
      format = arg;
      backslash = false;
      trailing = "\n";
    } else if (key === "L") follow = true;
    else if (key === "t") terse = true;
    else if (key === "f") await cmd.die(1, "--file-system is not supported");
  }
  if (operands.length === 0) await cmd.usageError("missing operand");
  let quoting: QuotingStyle = "literal";
  let format2: string;
  if (format !== null) {
    // getenv_quoting_style(): only an explicit format containing %N looks at QUOTING_STYLE.
    if (format.includes("%N")) {
      quoting = "shell-escape-always";
      const env = cmd.libc.getenv("QUOTING_STYLE");
      if (env !== undefined) {
        const i = argmatch(env, QUOTING_STYLES, QUOTING_STYLES);
        if (i >= 0) quoting = QUOTING_STYLES[i];
        else
          await cmd.error(
            `ignoring invalid value of environment variable QUOTING_STYLE: ${cmd.q.quote(env)}`,
          );
      }
    }
    format2 = format;
  } else {
    format = defaultFormat(terse, false);
    format2 = defaultFormat(terse, true);
  }
  let ok = true;
  for (const name of operands) {
    let st: Stat;
    try {
      st =
        name === "-"
          ? await cmd.libc.fstat(0)
          : follow
            ? await cmd.libc.stat(name)
            : await cmd.libc.lstat(name);
    } catch (e) {
      if (name === "-") await cmd.error("cannot stat standard input", errnoOf(e));
      else await cmd.error(`cannot stat ${cmd.q.quoteaf(name)}`, errnoOf(e));
      ok = false;
      continue;
    }
    const fmt = S_ISBLK(st.mode) || S_ISCHR(st.mode) ? format2 : format;
    const r = await printIt({ cmd, name, st, quoting }, fmt, backslash, trailing);
    await cmd.out(r.out);
    if (r.fail) ok = false;
  }
  return ok ? 0 : 1;
}

export const main = coreutilsMain(run);
