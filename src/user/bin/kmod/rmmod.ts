/**
 * rmmod(8) of kmod 24 (tools/rmmod.c): check that each module is loaded and
 * unused (unless -f), then delete_module(2) it.
 */
import type { Libc } from "../../libc/libc.ts";
import {
  exists,
  kmodLog,
  modnameNormalize,
  pathToModname,
  progName,
  readProcModules,
  removeModule,
  strerror,
} from "./common.ts";

const HELP = (p: string) =>
  `Usage:\n\t${p} [options] modulename ...\nOptions:\n\t-f, --force       forces a module unload and may crash your\n\t                  machine. This requires Forced Module Removal\n\t                  option in your kernel. DANGEROUS\n\t-s, --syslog      print to syslog, not stderr\n\t-v, --verbose     enables more messages\n\t-V, --version     show version\n\t-h, --help        show this help\n`;

/** Mirrors tools/rmmod.c:check_module_inuse(). */
async function checkInuse(libc: Libc, prog: string, name: string): Promise<boolean> {
  const mods = await readProcModules(libc);
  const m = typeof mods === "number" ? undefined : mods.find((x) => x.name === name);
  if (!m) {
    await kmodLog(libc, prog, "ERROR", `Module ${name} is not currently loaded\n`);
    return false;
  }
  if (m.holders.length) {
    await kmodLog(libc, prog, "ERROR", `Module ${name} is in use by:`);
    await libc.stderr.write(`${m.holders.map((h) => ` ${h}`).join("")}\n`);
    return false;
  }
  if (m.refcnt !== 0) {
    await kmodLog(libc, prog, "ERROR", `Module ${name} is in use\n`);
    return false;
  }
  return true;
}

/** Mirrors tools/rmmod.c:do_rmmod(). */
export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = progName(argv, "rmmod");
  let force = false;
  const names: string[] = [];
  let opts = true;
  for (const a of argv.slice(1)) {
    if (opts && a === "--") opts = false;
    else if (opts && (a === "-h" || a === "--help")) {
      await libc.printf("%s", HELP(prog));
      return 0;
    } else if (opts && (a === "-V" || a === "--version")) {
      await libc.printf("kmod version 24\n");
      return 0;
    } else if (opts && a === "--force") force = true;
    else if (opts && /^--(syslog|verbose|wait)$/.test(a)) continue;
    else if (opts && /^-[fsvw]+$/.test(a)) force ||= a.includes("f");
    else if (opts && a.startsWith("-") && a !== "-") {
      await libc.stderr.write(`${prog}: invalid option -- '${a.slice(1, 2)}'\n`);
      return 1;
    } else names.push(a);
  }
  if (!names.length) {
    await kmodLog(libc, prog, "ERROR", "missing module name.\n");
    return 1;
  }
  let failures = 0;
  for (const arg of names) {
    const name = (await exists(libc, arg)) ? pathToModname(arg) : modnameNormalize(arg);
    if (!force && !(await checkInuse(libc, prog, name))) {
      failures++;
      continue;
    }
    const err = await removeModule(libc, name, force);
    if (err < 0) {
      await kmodLog(libc, prog, "ERROR", `could not remove module ${arg}: ${strerror(-err)}\n`);
      failures++;
    }
  }
  return failures ? 1 : 0;
}
