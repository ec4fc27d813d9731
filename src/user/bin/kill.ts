/**
 * kill(1), the /bin/kill of procps-ng 3.3.12 (skill.c:kill_main()): send a signal to
 * processes. `kill [-SIG|-s SIG] PID...`, `-l [SIG]` (names, or one name <-> number),
 * `-L` (a table). A failed kill prints "kill: (PID): <strerror>" as procps-ng does from
 * 3.3.13 on (3.3.12 itself said nothing; bash's builtin prints "(PID) - ...").
 */

import { getoptLong } from "../lib/getopt.ts";
import { finish, out, warn } from "../lib/io.ts";
import { SysError } from "../libc/errors.ts";
import type { Libc } from "../libc/libc.ts";

/** procps proc/sig.c's table for x86: 29 is POLL there. */
const NAMES = [
  "HUP",
  "INT",
  "QUIT",
  "ILL",
  "TRAP",
  "ABRT",
  "BUS",
  "FPE",
  "KILL",
  "USR1",
  "SEGV",
  "USR2",
  "PIPE",
  "ALRM",
  "TERM",
  "STKFLT",
  "CHLD",
  "CONT",
  "STOP",
  "TSTP",
  "TTIN",
  "TTOU",
  "URG",
  "XCPU",
  "XFSZ",
  "VTALRM",
  "PROF",
  "WINCH",
  "POLL",
  "PWR",
  "SYS",
];
const SIGRTMIN = 34;

function usage(prog: string): string {
  return `
Usage:
 ${prog} [options] <pid> [...]

Options:
 <pid> [...]            send signal to every <pid> listed
 -<signal>, -s, --signal <signal>
                        specify the <signal> to be sent
 -l, --list=[<signal>]  list all signal names, or convert one to a name
 -L, --table            list all signal names in a nice table

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see kill(1).
`;
}

/** Mirrors proc/sig.c:signal_name_to_number(); -1 when unknown. */
export function signalNameToNumber(spec: string): number {
  let name = spec.toUpperCase();
  if (name.startsWith("SIG")) name = name.slice(3);
  if (name === "CLD") return 17;
  if (name === "IO") return 29;
  if (name === "IOT") return 6;
  const i = NAMES.indexOf(name);
  if (i >= 0) return i + 1;
  if (name === "RTMIN") return SIGRTMIN;
  if (name === "EXIT" || name === "NULL") return 0;
  let offset = 0;
  if (name.startsWith("RTMIN+")) {
    name = name.slice(6);
    offset = SIGRTMIN;
  }
  if (!/^[-+]?[0-9]+$/.test(name)) return -1;
  const v = Number(name);
  if (v + SIGRTMIN > 127) return -1;
  return v + offset;
}

/** Mirrors proc/sig.c:strtosig(): a number's name or a name's number. */
function strtosig(s: string): string | null {
  let p = s.toUpperCase();
  if (p.startsWith("SIG")) p = p.slice(3);
  if (/^[0-9]/.test(p)) {
    if (!/^[0-9]+$/.test(s)) return null;
    const n = Number(s);
    return n >= 1 && n <= NAMES.length ? NAMES[n - 1] : null;
  }
  const i = NAMES.indexOf(p);
  return i >= 0 ? String(i + 1) : null;
}

/** unix_print_signals(): names separated by spaces, wrapped past column 73. */
function listSignals(): string {
  let o = "";
  let pos = 0;
  NAMES.forEach((n, i) => {
    if (i) {
      if (pos > 73) {
        o += "\n";
        pos = 0;
      } else {
        o += " ";
        pos++;
      }
    }
    o += n;
    pos += n.length;
  });
  return `${o}\n`;
}

/** pretty_print_signals(): "%2d %s" cells of 11 columns, 7 to a line. */
function tableSignals(): string {
  let o = "";
  NAMES.forEach((n, i) => {
    const cell = `${String(i + 1).padStart(2)} ${n}`;
    o += (i + 1) % 7 ? cell.padEnd(11) : `${cell}\n`;
  });
  return NAMES.length % 7 ? `${o}\n` : o;
}

export async function main(argv0: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv0[0] ?? "kill";
  if (argv0.length < 2) {
    await libc.stderr.write(usage(prog));
    return 1;
  }
  // skill_sig_option(): the first "-SIG" argument that names a signal is taken out.
  const argv = [...argv0];
  let signo = 15;
  for (let i = 1; i < argv.length; i++) {
    if (argv[i].startsWith("-")) {
      const n = signalNameToNumber(argv[i].slice(1));
      if (n > -1) {
        signo = n;
        argv.splice(i, 1);
        break;
      }
    }
  }
  const parsed = getoptLong(argv, "l::Ls:hV", [
    { name: "list", hasArg: 2, val: "l" },
    { name: "table", hasArg: 0, val: "L" },
    { name: "signal", hasArg: 1, val: "s" },
    { name: "help", hasArg: 0, val: "h" },
    { name: "version", hasArg: 0, val: "V" },
  ]);
  if (parsed.error) {
    await libc.stderr.write(usage(prog));
    return 1;
  }
  for (const o of parsed.options) {
    switch (o.key) {
      case "l":
        if (o.arg !== undefined) {
          const s = strtosig(o.arg);
          if (s) await out(libc, `${s}\n`);
          else await warn(libc, prog, `unknown signal name ${o.arg}`);
        } else await out(libc, listSignals());
        return finish(libc, prog, 0);
      case "L":
        await out(libc, tableSignals());
        return finish(libc, prog, 0);
      case "s":
        signo = signalNameToNumber(o.arg ?? "");
        break;
      case "h":
        await out(libc, usage(prog));
        return finish(libc, prog, 0);
      case "V":
        await out(libc, "kill from procps-ng 3.3.12\n");
        return finish(libc, prog, 0);
    }
  }
  let status = 0;
  for (const a of parsed.operands) {
    // strtol_or_err()
    if (!/^\s*[-+]?[0-9]+$/.test(a)) {
      await warn(libc, prog, `failed to parse argument: '${a}'`);
      return 1;
    }
    const pid = Number(a);
    try {
      await libc.kill(pid, signo);
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      await warn(libc, prog, `(${pid}): ${libc.strerror(e.errno)}`);
      status = 1;
    }
  }
  return finish(libc, prog, status);
}
