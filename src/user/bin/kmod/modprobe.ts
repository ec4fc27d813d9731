/**
 * modprobe(8) of kmod 24 (tools/modprobe.c), reduced: load a module and what it
 * depends on by name, from /lib/modules/$(uname -r)/modules.dep, or remove it
 * (-r) and its unused dependencies. No aliases, no /etc/modprobe.d.
 */
import type { Libc } from "../../libc/libc.ts";
import {
  type DepEntry,
  insertModule,
  kmodLog,
  type LoadedModule,
  lookupModule,
  modnameNormalize,
  moduleDir,
  pathToModname,
  progName,
  readModulesDep,
  readProcModules,
  removeModule,
  strerror,
} from "./common.ts";

interface Opts {
  remove: boolean;
  quiet: boolean;
  verbose: boolean;
  dryRun: boolean;
  firstTime: boolean;
}

async function loaded(libc: Libc): Promise<LoadedModule[]> {
  const m = await readProcModules(libc);
  return typeof m === "number" ? [] : m;
}

/** Mirrors kmod_module_probe_insert_module(): dependencies first (last listed first), then the module. */
async function probe(
  libc: Libc,
  prog: string,
  dep: DepEntry,
  params: string,
  o: Opts,
): Promise<number> {
  const all = await readModulesDep(libc);
  const live = new Set((await loaded(libc)).map((m) => m.name));
  if (live.has(dep.name)) {
    if (!o.firstTime) return 0;
    await kmodLog(
      libc,
      prog,
      "ERROR",
      `could not insert '${dep.name}': Module already in kernel\n`,
    );
    return 1;
  }
  const order: DepEntry[] = [];
  const visit = (e: DepEntry, seen: Set<string>) => {
    if (seen.has(e.name)) return;
    seen.add(e.name);
    for (const p of [...e.deps].reverse()) {
      const d = all.find((x) => x.path === p) ?? { name: pathToModname(p), path: p, deps: [] };
      visit(d, seen);
    }
    order.push(e);
  };
  visit(dep, new Set());
  for (const e of order) {
    if (live.has(e.name)) continue;
    const opts = e === dep ? params : "";
    if (o.verbose || o.dryRun) await libc.printf("insmod %s %s\n", e.path, opts);
    if (o.dryRun) continue;
    const err = await insertModule(libc, e.path, opts);
    if (err < 0 && err !== -17) {
      const why =
        err === -2 ? "Unknown symbol in module, or unknown parameter (see dmesg)" : strerror(-err);
      await kmodLog(libc, prog, "ERROR", `could not insert '${e.name}': ${why}\n`);
      return 1;
    }
    live.add(e.name);
  }
  return 0;
}

/** Mirrors rmmod_do_module(): the module, then its dependencies that nothing uses any more. */
async function remove(
  libc: Libc,
  prog: string,
  name: string,
  o: Opts,
  first: boolean,
): Promise<number> {
  const mods = await loaded(libc);
  const m = mods.find((x) => x.name === name);
  if (!m) {
    if (first && o.firstTime) {
      await kmodLog(libc, prog, "FATAL", `Module ${name} is not in kernel.\n`);
      return 1;
    }
    return 0;
  }
  if (m.refcnt > 0 || m.holders.length) {
    if (!first) return 0;
    await kmodLog(libc, prog, "FATAL", `Module ${name} is in use.\n`);
    return 1;
  }
  if (o.verbose || o.dryRun) await libc.printf("rmmod %s\n", name);
  if (!o.dryRun) {
    const err = await removeModule(libc, name, false);
    if (err < 0) {
      await kmodLog(libc, prog, "FATAL", `could not remove '${name}': ${strerror(-err)}\n`);
      return 1;
    }
  }
  const dep = await lookupModule(libc, name);
  for (const p of dep?.deps ?? []) await remove(libc, prog, pathToModname(p), o, false);
  return 0;
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = progName(argv, "modprobe");
  const o: Opts = { remove: false, quiet: false, verbose: false, dryRun: false, firstTime: false };
  const args: string[] = [];
  for (const a of argv.slice(1)) {
    if (args.length) args.push(a);
    else if (a === "--remove") o.remove = true;
    else if (a === "--quiet") o.quiet = true;
    else if (a === "--verbose") o.verbose = true;
    else if (a === "--dry-run" || a === "--show") o.dryRun = true;
    else if (a === "--first-time") o.firstTime = true;
    else if (a === "-V" || a === "--version") {
      await libc.printf("kmod version 24\n");
      return 0;
    } else if (/^-[rqvna]+$/.test(a)) {
      o.remove ||= a.includes("r");
      o.quiet ||= a.includes("q");
      o.verbose ||= a.includes("v");
      o.dryRun ||= a.includes("n");
    } else if (a.startsWith("-")) {
      await libc.stderr.write(`${prog}: invalid option -- '${a.slice(1, 2)}'\n`);
      return 1;
    } else args.push(a);
  }
  if (!args.length) {
    await kmodLog(libc, prog, "ERROR", "missing parameters. See -h.\n");
    return 1;
  }
  if (o.remove) {
    let rc = 0;
    for (const n of args) {
      const name = modnameNormalize(n);
      if (!(await lookupModule(libc, name)) && !(await loaded(libc)).some((m) => m.name === name)) {
        if (!o.quiet) await kmodLog(libc, prog, "FATAL", `Module ${n} not found.\n`);
        rc = 1;
        continue;
      }
      rc |= await remove(libc, prog, name, o, true);
    }
    return rc;
  }
  const [name, ...params] = args;
  const dep = await lookupModule(libc, name);
  if (!dep) {
    if (!o.quiet) {
      await kmodLog(
        libc,
        prog,
        "FATAL",
        `Module ${name} not found in directory ${await moduleDir(libc)}\n`,
      );
    }
    return 1;
  }
  return probe(libc, prog, dep, params.join(" "), o);
}
