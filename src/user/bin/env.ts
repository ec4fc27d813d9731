/**
 * env(1), GNU coreutils 8.28: print the environment, or run a command in a modified one.
 * `env [-i|-] [-u NAME]... [-0] [NAME=VALUE]... [COMMAND [ARG]...]`. The command is found
 * along the new environment's PATH as execvp() does; failures exit 127 (not found) or 126.
 */

import { quote, tryHelp } from "../lib/coreutils.ts";
import { getoptLong } from "../lib/getopt.ts";
import { finish, out, warn } from "../lib/io.ts";
import { SysError } from "../libc/errors.ts";
import type { Libc } from "../libc/libc.ts";

const ENOENT = 2;
const EACCES = 13;
const ENOTDIR = 20;

/** glibc execvp(): try each PATH directory; EACCES is remembered, ENOENT skipped. */
async function execvp(libc: Libc, file: string, argv: string[], envp: string[]): Promise<number> {
  if (file.includes("/")) {
    try {
      await libc.execve(file, argv, envp);
    } catch (e) {
      if (e instanceof SysError) return e.errno;
      throw e;
    }
  }
  const path = envp.find((e) => e.startsWith("PATH="))?.slice(5) ?? "/bin:/usr/bin";
  let sawEacces = false;
  for (const dir of path.split(":")) {
    const full = `${dir || "."}/${file}`;
    try {
      await libc.execve(full, argv, envp);
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      if (e.errno === EACCES) sawEacces = true;
      else if (e.errno !== ENOENT && e.errno !== ENOTDIR) return e.errno;
    }
  }
  return sawEacces ? EACCES : ENOENT;
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv[0] ?? "env";
  const parsed = getoptLong(argv, "+iu:0", [
    { name: "ignore-environment", hasArg: 0, val: "i" },
    { name: "null", hasArg: 0, val: "0" },
    { name: "unset", hasArg: 1, val: "u" },
    { name: "help", hasArg: 0, val: "help" },
    { name: "version", hasArg: 0, val: "version" },
  ]);
  if (parsed.error) {
    await libc.stderr.write(parsed.error + tryHelp(prog));
    return 125;
  }
  let ignore = false;
  let nul = false;
  const unset: string[] = [];
  for (const o of parsed.options) {
    if (o.key === "i") ignore = true;
    else if (o.key === "0") nul = true;
    else if (o.key === "u") unset.push(o.arg ?? "");
    else if (o.key === "help") {
      await out(libc, `Usage: ${prog} [OPTION]... [-] [NAME=VALUE]... [COMMAND [ARG]...]\n`);
      return 0;
    } else {
      await out(libc, "env (GNU coreutils) 8.28\n");
      return 0;
    }
  }
  const ops = [...parsed.operands];
  if (ops[0] === "-") {
    ignore = true;
    ops.shift();
  }
  const env = ignore ? new Map<string, string>() : new Map(libc.env);
  for (const name of unset) {
    if (name === "" || name.includes("=")) {
      await warn(libc, prog, `cannot unset ${quote(libc, name)}: Invalid argument`);
      return 125;
    }
    env.delete(name);
  }
  while (ops.length && ops[0].includes("=")) {
    const a = ops.shift() as string;
    const eq = a.indexOf("=");
    // putenv() replaces a variable in place; a new one goes at the end.
    env.set(a.slice(0, eq), a.slice(eq + 1));
  }
  const envp = [...env].map(([k, v]) => `${k}=${v}`);
  if (!ops.length) {
    const term = nul ? "\0" : "\n";
    await out(libc, envp.map((e) => e + term).join(""));
    return finish(libc, prog, 0);
  }
  if (nul) {
    await warn(libc, prog, "cannot specify --null (-0) with command");
    await libc.stderr.write(tryHelp(prog));
    return 125;
  }
  await libc.stdout.flush().catch(() => {});
  const err = await execvp(libc, ops[0], ops, envp);
  await warn(libc, prog, `${quote(libc, ops[0])}: ${libc.strerror(err)}`);
  return err === ENOENT ? 127 : 126;
}
