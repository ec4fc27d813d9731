/**
 * logger(1), util-linux 2.31: "logger [-i] [-p pri] [-t tag] [-s] [message...]". The real one
 * sends "<PRI>timestamp tag: message" to the syslog socket /dev/log; vkern runs no syslog
 * daemon, so this one writes "<PRI>tag: message" to /dev/kmsg instead (the kernel's
 * devkmsg_write() takes the priority), and the message shows up in dmesg. /dev/kmsg is
 * writable by root only: for other users, as on a machine without a syslog daemon, logger
 * reports "socket /dev/log: No such file or directory". Without a message, each line of
 * standard input is logged. The default tag is the login name; the default priority
 * user.notice (13).
 */
import { O_WRONLY } from "../../include/uapi/fcntl.ts";
import { getoptLong, type LongOption } from "../lib/getopt.ts";
import { argBytes, byteStr, strBytes } from "../lib/io.ts";
import { userName } from "../lib/passwd.ts";
import { SysError } from "../libc/errors.ts";
import type { Libc } from "../libc/libc.ts";

const FACILITIES: Record<string, number> = {
  kern: 0,
  user: 1,
  mail: 2,
  daemon: 3,
  auth: 4,
  security: 4,
  syslog: 5,
  lpr: 6,
  news: 7,
  uucp: 8,
  cron: 9,
  authpriv: 10,
  ftp: 11,
  local0: 16,
  local1: 17,
  local2: 18,
  local3: 19,
  local4: 20,
  local5: 21,
  local6: 22,
  local7: 23,
};
const LEVELS: Record<string, number> = {
  emerg: 0,
  panic: 0,
  alert: 1,
  crit: 2,
  err: 3,
  error: 3,
  warning: 4,
  warn: 4,
  notice: 5,
  info: 6,
  debug: 7,
};

const LONG: LongOption[] = [
  { name: "id", hasArg: 2, val: "i" },
  { name: "priority", hasArg: 1, val: "p" },
  { name: "tag", hasArg: 1, val: "t" },
  { name: "stderr", hasArg: 0, val: "s" },
  { name: "file", hasArg: 1, val: "f" },
];

/** Mirrors logger.c:pencode(): "facility.level", a level alone, or a number. */
function pencode(s: string): number | string {
  if (/^[0-9]+$/.test(s)) return Number(s);
  const dot = s.indexOf(".");
  const fac = dot >= 0 ? s.slice(0, dot) : "user";
  const lev = dot >= 0 ? s.slice(dot + 1) : s;
  if (!(fac in FACILITIES)) return `unknown facility name: ${fac}`;
  if (!(lev in LEVELS)) return `unknown priority name: ${lev}`;
  return (FACILITIES[fac] << 3) | LEVELS[lev];
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv[0] ?? "logger";
  const parsed = getoptLong(argv, "i::p:t:sf:", LONG);
  if (parsed.error) {
    await libc.stderr.write(`${parsed.error}Try '${prog} --help' for more information.\n`);
    return 1;
  }
  let pri = 13;
  let tag: string | undefined;
  let pid = false;
  let toStderr = false;
  let file: string | undefined;
  for (const o of parsed.options) {
    if (o.key === "p") {
      const p = pencode(o.arg ?? "");
      if (typeof p === "string") {
        await libc.stderr.write(`${prog}: ${p}\n`);
        return 1;
      }
      pri = p;
    } else if (o.key === "t") tag = argBytes(o.arg ?? "");
    else if (o.key === "i") pid = true;
    else if (o.key === "s") toStderr = true;
    else if (o.key === "f") file = o.arg;
  }
  tag ??= libc.getenv("LOGNAME") ?? (await userName(libc, await libc.geteuid())) ?? "<someone>";
  if (pid) tag += `[${libc.pid}]`;
  let messages: string[];
  if (parsed.operands.length && !file) messages = [parsed.operands.map(argBytes).join(" ")];
  else {
    let text: string;
    try {
      text = byteStr(file ? await libc.readFile(file) : await libc.readAll(0));
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      await libc.stderr.write(`${prog}: file ${file}: ${libc.strerror(e.errno)}\n`);
      return 1;
    }
    messages = text.split("\n");
    if (messages[messages.length - 1] === "") messages.pop();
  }
  let fd: number;
  try {
    fd = await libc.open("/dev/kmsg", O_WRONLY);
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    await libc.stderr.write(`${prog}: socket /dev/log: No such file or directory\n`);
    return 1;
  }
  try {
    for (const m of messages) {
      await libc.writeBytes(fd, strBytes(`<${pri}>${tag}: ${m}`));
      if (toStderr) await libc.stderr.write(strBytes(`${tag}: ${m}\n`));
    }
  } finally {
    await libc.close(fd);
  }
  return 0;
}
