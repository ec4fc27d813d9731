/**
 * Builtin commands of both personalities (dash's builtins and bash's, where
 * their behaviour or messages differ).
 */

import { signalFromName, signalName } from "../../include/uapi/signal.ts";
import { format } from "../../lib/vsprintf.ts";
import { decodeEscapes } from "../lib/escapes.ts";
import { SysError } from "../libc/errors.ts";
import type { Shell } from "./exec.ts";
import { BreakSignal, ExitSignal, ReturnSignal, ShellError } from "./state.ts";
import { testBuiltin } from "./test.ts";

export type Builtin = (sh: Shell, argv: string[]) => Promise<number>;

/** POSIX special builtins: errors in them are fatal to a non-interactive shell; assignments persist. */
export const SPECIAL_BUILTINS = new Set([
  ":",
  ".",
  "break",
  "continue",
  "eval",
  "exec",
  "exit",
  "export",
  "readonly",
  "return",
  "set",
  "shift",
  "trap",
  "unset",
]);

const enc = new TextEncoder();

/** Writes a builtin's output; a failed write is reported as each shell does. */
export async function out(sh: Shell, name: string, text: string): Promise<number> {
  if (!text) return 0;
  try {
    await sh.libc.writeAll(1, enc.encode(text));
    return 0;
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    if (sh.st.personality === "dash") {
      // dash's evalbltin(): any output error of a builtin is "I/O error", status 1.
      await sh.errWrite(`${sh.st.name}: ${name}: I/O error\n`);
    } else {
      sh.errorLine(`${name}: write error: ${sh.libc.strerror(e.errno)}`);
    }
    return 1;
  }
}

function err(sh: Shell, text: string): void {
  sh.errorLine(text);
}

/** dash's echo: backslash escapes always; bash's: -n -e -E, no escapes by default. */
async function echo(sh: Shell, argv: string[]): Promise<number> {
  let args = argv.slice(1);
  let newline = true;
  let escapes = sh.st.personality === "dash";
  if (sh.st.personality === "dash") {
    if (args[0] === "-n") {
      newline = false;
      args = args.slice(1);
    }
  } else {
    while (args.length && /^-[neE]+$/.test(args[0])) {
      for (const c of args[0].slice(1)) {
        if (c === "n") newline = false;
        else if (c === "e") escapes = true;
        else escapes = false;
      }
      args = args.slice(1);
    }
  }
  let text = args.join(" ");
  if (escapes) {
    const r = decodeEscapes(text, sh.st.personality === "dash" ? "dash" : "bash-echo");
    text = r.text;
    if (r.stop) newline = false;
  }
  return out(sh, "echo", newline ? `${text}\n` : text);
}

/** printf(1) as a builtin: the format is reused until the arguments run out. */
async function printf(sh: Shell, argv: string[]): Promise<number> {
  const args = argv.slice(1);
  if (args[0] === "--") args.shift();
  if (!args.length) {
    err(
      sh,
      sh.st.personality === "dash"
        ? "printf: usage: printf format [arg ...]"
        : "printf: usage: printf [-v var] format [arguments]",
    );
    return 2;
  }
  const fmt = args.shift()!;
  let status = 0;
  let o = "";
  let ai = 0;
  const next = () => (ai < args.length ? args[ai++] : undefined);
  const num = (v: string | undefined): number | bigint => {
    if (v === undefined || v === "") return 0;
    if (/^['"]/.test(v)) return v.codePointAt(1) ?? 0;
    const t = v.trim();
    const m = /^[+-]?(0x[0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(t);
    if (!m || m[0].length !== t.length) {
      err(sh, `printf: ${v}: ${m ? "value not completely converted" : "invalid number"}`);
      status = 1;
      if (!m) return 0;
    }
    const neg = m[0].startsWith("-");
    const body = m[0].replace(/^[+-]/, "");
    const big = body.startsWith("0x")
      ? BigInt(body)
      : body.length > 1 && body.startsWith("0")
        ? BigInt(`0o${body.slice(1)}`)
        : BigInt(body);
    return neg ? -big : big;
  };
  for (;;) {
    const startAi = ai;
    for (let i = 0; i < fmt.length; i++) {
      const c = fmt[i];
      if (c === "\\") {
        const m = /^\\([0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)/.exec(fmt.slice(i));
        const seq = m ? m[0] : "\\";
        const u = decodeEscapes(seq, sh.st.personality === "dash" ? "dash" : "bash-printf");
        if (u.stop) return status || out(sh, "printf", o);
        o += u.text;
        i += seq.length - 1;
        continue;
      }
      if (c !== "%") {
        o += c;
        continue;
      }
      const m = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([diouxXeEfFgGcsb%])/.exec(fmt.slice(i));
      if (!m) {
        o += c;
        continue;
      }
      i += m[0].length - 1;
      const conv = m[4];
      if (conv === "%") {
        o += "%";
        continue;
      }
      let width = m[2];
      let prec = m[3];
      if (width === "*") width = String(Number(num(next())));
      if (prec === "*") prec = String(Number(num(next())));
      const spec = `%${m[1]}${width ?? ""}${prec !== undefined ? `.${prec}` : ""}`;
      const a = next();
      if (conv === "s") o += format(`${spec}s`, [a ?? ""]);
      else if (conv === "b") {
        const u = decodeEscapes(a ?? "", sh.st.personality === "dash" ? "dash" : "bash-printf");
        o += format(`${spec}s`, [u.text]);
        if (u.stop) return status || out(sh, "printf", o);
      } else if (conv === "c") o += format(`${spec}s`, [(a ?? "").slice(0, 1)]);
      else if ("diouxX".includes(conv)) o += format(`${spec}ll${conv}`, [num(a)]);
      else o += format(`${spec}${conv}`, [Number(a ?? 0) || 0]);
    }
    if (ai >= args.length || ai === startAi) break;
  }
  const w = await out(sh, "printf", o);
  return w || status;
}

async function cd(sh: Shell, argv: string[]): Promise<number> {
  const st = sh.st;
  const args = argv.slice(1).filter((a) => a !== "-L" && a !== "-P");
  let dir: string | undefined = args[0];
  let print = false;
  if (dir === undefined) {
    dir = st.get("HOME");
    if (dir === undefined) {
      err(sh, "cd: HOME not set");
      return 1;
    }
  } else if (dir === "-") {
    dir = st.get("OLDPWD");
    if (dir === undefined) {
      err(sh, "cd: OLDPWD not set");
      return 1;
    }
    print = true;
  }
  if (args.length > 1 && st.personality === "bash") {
    err(sh, "cd: too many arguments");
    return 1;
  }
  try {
    await sh.libc.chdir(dir);
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    if (st.personality === "dash") {
      err(sh, `cd: can't cd to ${dir}`);
      return 2;
    }
    err(sh, `cd: ${dir}: ${sh.libc.strerror(e.errno)}`);
    return 1;
  }
  const old = st.get("PWD") ?? "";
  let pwd: string;
  try {
    pwd = await sh.libc.getcwd();
  } catch {
    pwd = dir;
  }
  st.set("OLDPWD", old, true);
  st.set("PWD", pwd, true);
  if (print) return out(sh, "cd", `${pwd}\n`);
  return 0;
}

async function pwd(sh: Shell): Promise<number> {
  try {
    return out(sh, "pwd", `${await sh.libc.getcwd()}\n`);
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    err(sh, `pwd: ${sh.libc.strerror(e.errno)}`);
    return 1;
  }
}

function isName(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s);
}

async function exportOrReadonly(
  sh: Shell,
  argv: string[],
  what: "export" | "readonly",
): Promise<number> {
  const st = sh.st;
  const args = argv.slice(1).filter((a) => a !== "-p" && a !== "--");
  if (!args.length) {
    let text = "";
    for (const [k, v] of [...st.vars].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (what === "export" ? !v.exported : !v.readonly) continue;
      const q = `'${v.value.replace(/'/g, "'\\''")}'`;
      text +=
        st.personality === "dash"
          ? `${what} ${k}=${q}\n`
          : `declare -${what === "export" ? "x" : "r"} ${k}="${v.value.replace(/(["\\$`])/g, "\\$1")}"\n`;
    }
    return out(sh, what, text);
  }
  let status = 0;
  for (const a of args) {
    const eq = a.indexOf("=");
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!isName(name)) {
      err(
        sh,
        st.personality === "dash"
          ? `${what}: ${name}: bad variable name`
          : `${what}: \`${a}': not a valid identifier`,
      );
      status = st.personality === "dash" ? 2 : 1;
      if (st.personality === "dash") throw new ShellError(`${what}: ${name}: bad variable name`, 2);
      continue;
    }
    const cur = st.vars.get(name);
    if (eq >= 0) {
      if (cur?.readonly) {
        err(sh, st.personality === "dash" ? `${name}: is read only` : `${name}: readonly variable`);
        status = 1;
        continue;
      }
      st.set(name, a.slice(eq + 1));
    } else if (!cur) {
      if (what === "readonly") st.set(name, "");
      else {
        st.vars.set(name, { value: "", exported: true, readonly: false });
        st.vars.delete(name);
        st.pendingExport.add(name);
        continue;
      }
    }
    const v = st.vars.get(name)!;
    if (what === "export") v.exported = true;
    else v.readonly = true;
  }
  return status;
}

async function unset(sh: Shell, argv: string[]): Promise<number> {
  let funcs = false;
  let status = 0;
  for (const a of argv.slice(1)) {
    if (a === "-f") funcs = true;
    else if (a === "-v") funcs = false;
    else if (funcs) sh.st.functions.delete(a);
    else if (!sh.st.unset(a)) {
      err(
        sh,
        sh.st.personality === "dash"
          ? `unset: ${a}: is read only`
          : `unset: ${a}: cannot unset: readonly variable`,
      );
      status = 1;
    }
  }
  return status;
}

const OPTION_NAMES: Record<string, string> = {
  errexit: "e",
  nounset: "u",
  xtrace: "x",
  noglob: "f",
  noclobber: "C",
  verbose: "v",
  allexport: "a",
};

/** Bash 5.2's `set` usage line (builtins/set.def). */
const SET_USAGE = "set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]";

/** Bash's further `set -o` names (its `set -B` letter goes with them). */
const BASH_OPTION_NAMES: Record<string, string> = { ...OPTION_NAMES, braceexpand: "B" };

async function set(sh: Shell, argv: string[]): Promise<number> {
  const st = sh.st;
  const args = argv.slice(1);
  if (!args.length) {
    let text = "";
    for (const [k, v] of [...st.vars].sort(([a], [b]) => (a < b ? -1 : 1)))
      text += `${k}='${v.value.replace(/'/g, "'\\''")}'\n`;
    return out(sh, "set", text);
  }
  const names = st.personality === "bash" ? BASH_OPTION_NAMES : OPTION_NAMES;
  const letters = st.personality === "bash" ? "euxfCvaB" : "euxfCva";
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      i++;
      st.positional = args.slice(i);
      return 0;
    }
    if (a === "-o" || a === "+o") {
      const name = args[++i];
      if (name === undefined) {
        const text = Object.entries(names)
          .map(([n, f]) => `${n.padEnd(16)}${st.options.has(f) ? "on" : "off"}\n`)
          .join("");
        return out(sh, "set", text);
      }
      const f = Object.hasOwn(names, name) ? names[name] : undefined;
      if (!f) {
        err(
          sh,
          st.personality === "dash"
            ? `set: Illegal option -o ${name}`
            : `set: ${name}: invalid option name`,
        );
        return st.personality === "dash" ? 2 : 1;
      }
      if (a === "-o") st.options.add(f);
      else st.options.delete(f);
      continue;
    }
    if ((a[0] === "-" || a[0] === "+") && a.length > 1) {
      // Both shells take `+x` as options too, and name the first bad letter.
      const bad = [...a.slice(1)].find((f) => !letters.includes(f));
      if (bad !== undefined) {
        if (st.personality === "dash") err(sh, `set: Illegal option -${bad}`);
        else {
          err(sh, `set: ${a[0]}${bad}: invalid option`);
          await sh.errWrite(`set: usage: ${SET_USAGE}\n`);
        }
        return 2;
      }
      for (const f of a.slice(1)) {
        if (a[0] === "-") st.options.add(f);
        else st.options.delete(f);
      }
      continue;
    }
    break;
  }
  if (i < args.length) st.positional = args.slice(i);
  return 0;
}

async function shift(sh: Shell, argv: string[]): Promise<number> {
  const n = argv[1] === undefined ? 1 : Number(argv[1]);
  if (!Number.isInteger(n) || n < 0) {
    err(
      sh,
      sh.st.personality === "dash"
        ? `shift: Illegal number: ${argv[1]}`
        : `shift: ${argv[1]}: numeric argument required`,
    );
    return sh.st.personality === "dash" ? 2 : 1;
  }
  if (n > sh.st.positional.length) {
    if (sh.st.personality === "dash") throw new ShellError(`shift: can't shift that many`, 2);
    return 1;
  }
  sh.st.positional = sh.st.positional.slice(n);
  return 0;
}

async function exitBuiltin(sh: Shell, argv: string[]): Promise<number> {
  const a = argv[1];
  if (a !== undefined && !/^-?\d+$/.test(a)) {
    if (sh.st.personality === "dash") throw new ShellError(`exit: Illegal number: ${a}`, 2);
    err(sh, `exit: ${a}: numeric argument required`);
    throw new ExitSignal(2);
  }
  if (sh.st.interactive && sh.st.personality === "bash") await sh.errWrite("exit\n");
  throw new ExitSignal(a === undefined ? sh.st.status : Number(a) & 0xff);
}

async function returnBuiltin(sh: Shell, argv: string[]): Promise<number> {
  const n = argv[1] === undefined ? sh.st.status : Number(argv[1]) & 0xff;
  if (sh.st.funcDepth === 0 && sh.st.personality === "bash") {
    err(sh, "return: can only `return' from a function or sourced script");
    return 1;
  }
  throw new ReturnSignal(n);
}

function loopControl(isContinue: boolean): Builtin {
  return async (sh, argv) => {
    const n = argv[1] === undefined ? 1 : Number(argv[1]);
    if (!Number.isInteger(n) || n < 1) {
      err(sh, `${argv[0]}: ${argv[1]}: loop count out of range`);
      return 1;
    }
    if (sh.st.loopDepth === 0) {
      if (sh.st.personality === "bash")
        err(sh, `${argv[0]}: only meaningful in a \`for', \`while', or \`until' loop`);
      return 0;
    }
    throw new BreakSignal(Math.min(n, sh.st.loopDepth), isContinue);
  };
}

async function dot(sh: Shell, argv: string[]): Promise<number> {
  const file = argv[1];
  if (file === undefined) {
    err(sh, sh.st.personality === "dash" ? ".: Usage: . file" : ".: filename argument required");
    return 2;
  }
  let path = file;
  if (!file.includes("/")) {
    const found = await sh.lookPath(file);
    if ("path" in found && !("err" in found)) path = found.path;
  }
  let text: string;
  try {
    text = new TextDecoder().decode(await sh.libc.readFile(path));
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    if (sh.st.personality === "dash")
      throw new ShellError(`.: cannot open ${file}: ${sh.libc.strerror(e.errno)}`, 2);
    err(sh, `${file}: ${sh.libc.strerror(e.errno)}`);
    return 1;
  }
  const savedPos = sh.st.positional;
  if (argv.length > 2) sh.st.positional = argv.slice(2);
  try {
    return await sh.run(text);
  } finally {
    if (argv.length > 2) sh.st.positional = savedPos;
  }
}

async function evalBuiltin(sh: Shell, argv: string[]): Promise<number> {
  const text = argv.slice(1).join(" ");
  if (!text.trim()) return 0;
  return sh.run(text);
}

async function execBuiltin(sh: Shell, argv: string[]): Promise<number> {
  if (argv.length < 2) return 0;
  const found = await sh.lookPath(argv[1]);
  if ("err" in found) return sh.commandError(argv[1], found.err);
  try {
    await sh.libc.execve(found.path, argv.slice(1), sh.st.environ());
  } catch (e) {
    if (e instanceof SysError)
      return sh.commandError(argv[1], e.code === "ENOENT" ? "notfound" : "denied");
    throw e;
  }
  return 0;
}

async function read(sh: Shell, argv: string[]): Promise<number> {
  let raw = false;
  let prompt = "";
  const names: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-r") raw = true;
    else if (a === "-p") prompt = argv[++i] ?? "";
    else names.push(a);
  }
  if (!names.length) names.push("REPLY");
  if (prompt) await sh.errWrite(prompt);
  let line = "";
  let eof = true;
  const buf = sh.libc.mem.malloc(1);
  try {
    for (;;) {
      const n = await sh.libc.read(0, buf, 1);
      if (!n) break;
      const c = String.fromCharCode(sh.libc.mem.u8(buf));
      if (c === "\n") {
        eof = false;
        break;
      }
      if (c === "\\" && !raw) {
        const m = await sh.libc.read(0, buf, 1);
        if (!m) break;
        const d = String.fromCharCode(sh.libc.mem.u8(buf));
        if (d !== "\n") line += d;
        continue;
      }
      line += c;
    }
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    err(sh, `read: read error: 0: ${sh.libc.strerror(e.errno)}`);
    return 1;
  } finally {
    sh.libc.mem.free(buf);
  }
  const ifs = sh.st.get("IFS") ?? " \t\n";
  const ws = [...ifs].filter((c) => " \t\n".includes(c)).join("");
  let rest = line.replace(new RegExp(`^[${escapeClass(ws)}]+`), "");
  for (let i = 0; i < names.length; i++) {
    if (i === names.length - 1) {
      sh.st.set(names[i], rest.replace(new RegExp(`[${escapeClass(ws)}]+$`), ""));
      break;
    }
    const m = new RegExp(
      `^([^${escapeClass(ifs)}]*)[${escapeClass(ifs)}]?[${escapeClass(ws)}]*`,
    ).exec(rest);
    sh.st.set(names[i], m ? m[1] : rest);
    rest = m ? rest.slice(m[0].length) : "";
  }
  return eof && line === "" ? 1 : eof ? 1 : 0;
}

function escapeClass(s: string): string {
  return s.replace(/[\\\]^-]/g, "\\$&") || "\\s";
}

async function umask(sh: Shell, argv: string[]): Promise<number> {
  if (argv[1] === undefined || argv[1] === "-S") {
    const cur = await sh.libc.umask(0o022);
    await sh.libc.umask(cur);
    if (argv[1] === "-S") {
      const perm = (bits: number) =>
        `${bits & 4 ? "r" : ""}${bits & 2 ? "w" : ""}${bits & 1 ? "x" : ""}`;
      const m = ~cur & 0o777;
      return out(sh, "umask", `u=${perm(m >> 6)},g=${perm((m >> 3) & 7)},o=${perm(m & 7)}\n`);
    }
    return out(sh, "umask", `${cur.toString(8).padStart(4, "0")}\n`);
  }
  if (!/^[0-7]+$/.test(argv[1])) {
    err(
      sh,
      sh.st.personality === "dash"
        ? `umask: Illegal number: ${argv[1]}`
        : `umask: ${argv[1]}: octal number out of range`,
    );
    return sh.st.personality === "dash" ? 2 : 1;
  }
  await sh.libc.umask(Number.parseInt(argv[1], 8));
  return 0;
}

async function kill(sh: Shell, argv: string[]): Promise<number> {
  let sig = 15;
  const args = argv.slice(1);
  if (args[0] === "-l" || args[0] === "-L") {
    if (args[1]) {
      const n = Number(args[1]);
      return out(sh, "kill", `${(signalName(n > 128 ? n - 128 : n) ?? "").replace(/^SIG/, "")}\n`);
    }
    const names: string[] = [];
    for (let i = 1; i <= 31; i++) names.push((signalName(i) ?? "").replace(/^SIG/, ""));
    return out(sh, "kill", `${names.join(" ")}\n`);
  }
  if (args[0] === "-s" || args[0] === "-n") {
    const s = signalFromName(args[1] ?? "");
    if (s === undefined) {
      err(sh, `kill: ${args[1]}: invalid signal specification`);
      return 1;
    }
    sig = s;
    args.splice(0, 2);
  } else if (args[0]?.startsWith("-") && args[0] !== "--") {
    const s = signalFromName(args[0].slice(1));
    if (s === undefined) {
      err(
        sh,
        sh.st.personality === "dash"
          ? `kill: invalid signal number or name: ${args[0].slice(1)}`
          : `kill: ${args[0].slice(1)}: invalid signal specification`,
      );
      return sh.st.personality === "dash" ? 2 : 1;
    }
    sig = s;
    args.shift();
  }
  if (args[0] === "--") args.shift();
  if (!args.length) {
    err(
      sh,
      sh.st.personality === "dash"
        ? "kill: usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or\nkill -l [exitstatus]"
        : "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]",
    );
    return 2;
  }
  let status = 0;
  for (const a of args) {
    let pids: number[];
    if (a.startsWith("%")) {
      const job =
        sh.st.jobs.find((j) => String(j.id) === a.slice(1)) ??
        (a === "%%" || a === "%+" ? sh.st.jobs.at(-1) : undefined);
      if (!job) {
        err(sh, `kill: ${a}: no such job`);
        status = 1;
        continue;
      }
      pids = job.pids;
    } else if (/^-?\d+$/.test(a)) pids = [Number(a)];
    else {
      err(sh, `kill: ${a}: arguments must be process or job IDs`);
      status = 1;
      continue;
    }
    for (const p of pids) {
      try {
        await sh.libc.kill(p, sig);
      } catch (e) {
        if (!(e instanceof SysError)) throw e;
        err(sh, `kill: (${p}) - ${sh.libc.strerror(e.errno)}`);
        status = 1;
      }
    }
  }
  return status;
}

async function wait(sh: Shell, argv: string[]): Promise<number> {
  const args = argv.slice(1);
  if (!args.length) {
    for (;;) {
      try {
        await sh.libc.waitpid(-1);
      } catch {
        break;
      }
    }
    await sh.reapJobs(false);
    sh.st.jobs = [];
    return 0;
  }
  let status = 0;
  for (const a of args) {
    const job = a.startsWith("%")
      ? sh.st.jobs.find((j) => String(j.id) === a.slice(1))
      : sh.st.jobs.find((j) => j.pids.includes(Number(a)));
    const pids = job ? job.pids : [Number(a)];
    for (const p of pids) {
      try {
        const r = await sh.libc.waitpid(p);
        status = r.status & 0x7f ? 128 + (r.status & 0x7f) : (r.status >> 8) & 0xff;
      } catch {
        status = 127;
      }
    }
    if (job) sh.st.jobs = sh.st.jobs.filter((j) => j !== job);
  }
  return status;
}

async function typeBuiltin(sh: Shell, argv: string[]): Promise<number> {
  let status = 0;
  let text = "";
  for (const name of argv.slice(1)) {
    if (sh.st.functions.has(name)) text += `${name} is a function\n`;
    else if (SPECIAL_BUILTINS.has(name) && sh.st.personality === "dash")
      text += `${name} is a special shell builtin\n`;
    else if (builtins[name]) text += `${name} is a shell builtin\n`;
    else {
      const found = await sh.lookPath(name);
      if ("err" in found) {
        if (sh.st.personality === "dash") text += `${name}: not found\n`;
        else err(sh, `type: ${name}: not found`);
        status = 1;
      } else text += `${name} is ${found.path}\n`;
    }
  }
  const w = await out(sh, "type", text);
  return w || status;
}

async function command(sh: Shell, argv: string[]): Promise<number> {
  if (argv[1] === "-v" || argv[1] === "-V") {
    let status = 0;
    for (const name of argv.slice(2)) {
      if (builtins[name] || sh.st.functions.has(name)) await out(sh, "command", `${name}\n`);
      else {
        const f = await sh.lookPath(name);
        if ("err" in f) status = 1;
        else await out(sh, "command", `${f.path}\n`);
      }
    }
    return status;
  }
  const args = argv.slice(1);
  if (!args.length) return 0;
  const b = builtins[args[0]];
  if (b) return b(sh, args);
  return sh.runExternal(args, [], [], false);
}

async function local(sh: Shell, argv: string[]): Promise<number> {
  const frame = sh.st.locals.at(-1);
  if (!frame) {
    err(sh, "local: can only be used in a function");
    return sh.st.personality === "dash" ? 2 : 1;
  }
  for (const a of argv.slice(1)) {
    const eq = a.indexOf("=");
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!frame.has(name)) {
      const cur = sh.st.vars.get(name);
      frame.set(name, cur ? { ...cur } : undefined);
    }
    if (eq >= 0) sh.st.set(name, a.slice(eq + 1));
    else if (!sh.st.vars.has(name) && sh.st.personality === "bash") sh.st.set(name, "");
  }
  return 0;
}

async function trap(sh: Shell, argv: string[]): Promise<number> {
  const args = argv.slice(1);
  if (!args.length) {
    let text = "";
    for (const [k, v] of sh.st.traps) text += `trap -- '${v}' ${k}\n`;
    return out(sh, "trap", text);
  }
  const action = args[0];
  for (const s of args.slice(1)) {
    const name = s === "0" ? "EXIT" : s.replace(/^SIG/, "");
    if (action === "-") sh.st.traps.delete(name);
    else sh.st.traps.set(name, action);
    const sig = signalFromName(name);
    if (sig !== undefined && name !== "EXIT")
      await sh.libc.signal(sig, action === "" ? "ignore" : action === "-" ? "default" : "ignore");
  }
  return 0;
}

async function jobs(sh: Shell): Promise<number> {
  await sh.reapJobs(false);
  let text = "";
  const cur = sh.st.jobs.at(-1);
  const prev = sh.st.jobs.at(-2);
  for (const j of sh.st.jobs) {
    const mark = j === cur ? "+" : j === prev ? "-" : " ";
    text += `[${j.id}]${mark}  ${"Running".padEnd(24)}${j.text} &\n`;
  }
  return out(sh, "jobs", text);
}

async function letBuiltin(sh: Shell, argv: string[]): Promise<number> {
  let v = 0n;
  for (const a of argv.slice(1)) v = await sh.arithValue(a);
  return v !== 0n ? 0 : 1;
}

export const builtins: Record<string, Builtin> = {
  ":": async () => 0,
  true: async () => 0,
  false: async () => 1,
  echo,
  printf,
  cd,
  pwd: (sh) => pwd(sh),
  export: (sh, a) => exportOrReadonly(sh, a, "export"),
  readonly: (sh, a) => exportOrReadonly(sh, a, "readonly"),
  unset,
  set,
  shift,
  exit: exitBuiltin,
  return: returnBuiltin,
  break: loopControl(false),
  continue: loopControl(true),
  ".": dot,
  source: dot,
  eval: evalBuiltin,
  exec: execBuiltin,
  read,
  test: (sh, a) => testBuiltin(sh, a.slice(1), false),
  "[": (sh, a) => testBuiltin(sh, a.slice(1), true),
  umask,
  kill,
  wait,
  type: typeBuiltin,
  command,
  local,
  trap,
  jobs: (sh) => jobs(sh),
  let: letBuiltin,
};
