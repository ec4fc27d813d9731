/**
 * chmod(1), GNU coreutils 8.28: change file mode bits. Mirrors src/chmod.c (process_file(),
 * describe_change(), main()'s handling of modes that look like options, such as "-w"), with
 * fts's order for -R: a directory is changed before its entries; symbolic links met during
 * the walk are left alone, those named on the command line are followed.
 */

import { S_ISDIR, S_ISLNK } from "../../include/uapi/stat.ts";
import { joinPath } from "../lib/fileutil.ts";
import { modeString } from "../lib/format.ts";
import type { LongOption } from "../lib/getopt.ts";
import { type ModeChange, modeAdjust, modeCompile } from "../lib/modechange.ts";
import { type Cmd, coreutilsMain, errnoOf } from "../lib/prog.ts";
import type { Stat } from "../libc/libc.ts";

const LONG: LongOption[] = [
  { name: "changes", hasArg: 0, val: "c" },
  { name: "recursive", hasArg: 0, val: "R" },
  { name: "no-preserve-root", hasArg: 0, val: "no-preserve-root" },
  { name: "preserve-root", hasArg: 0, val: "preserve-root" },
  { name: "quiet", hasArg: 0, val: "f" },
  { name: "reference", hasArg: 1, val: "reference" },
  { name: "silent", hasArg: 0, val: "f" },
  { name: "verbose", hasArg: 0, val: "v" },
];

const oct4 = (m: number) => (m & 0o7777).toString(8).padStart(4, "0");
const perms = (m: number) => modeString(m).slice(1);

interface Ctx {
  cmd: Cmd;
  change: ModeChange[];
  umask: number;
  recurse: boolean;
  force: boolean;
  verbosity: "off" | "changes" | "high";
  diagnoseSurprises: boolean;
  preserveRoot: boolean;
}

/** Mirrors chmod.c:process_file() for one file; recurses for -R. */
async function processFile(c: Ctx, path: string, top: boolean): Promise<boolean> {
  const { cmd } = c;
  const { libc, q } = cmd;
  let st: Stat;
  try {
    st = top ? await libc.stat(path) : await libc.lstat(path);
  } catch (e) {
    await cmd.error(`cannot access ${q.quoteaf(path)}`, errnoOf(e));
    return false;
  }
  if (c.recurse && c.preserveRoot && top && S_ISDIR(st.mode) && /^\/+$/.test(path)) {
    await cmd.error(`it is dangerous to operate recursively on ${q.quoteaf("/")}`);
    await cmd.error("use --no-preserve-root to override this failsafe");
    return false;
  }
  let ok = true;
  let succeeded = false;
  const oldMode = st.mode;
  const newMode = modeAdjust(oldMode, S_ISDIR(oldMode), c.umask, c.change).mode;
  if (!S_ISLNK(oldMode)) {
    try {
      await libc.chmod(path, newMode);
      succeeded = true;
    } catch (e) {
      if (!c.force) await cmd.error(`changing permissions of ${q.quoteaf(path)}`, errnoOf(e));
      ok = false;
    }
  }
  if (c.verbosity !== "off") {
    const changed = succeeded && ((oldMode ^ newMode) & 0o7777) !== 0;
    if (changed || c.verbosity === "high") {
      if (!ok) {
        await cmd.out(
          `failed to change mode of ${q.quoteaf(path)} from ${oct4(oldMode)} (${perms(oldMode)}) to ${oct4(newMode)} (${perms(newMode)})\n`,
        );
      } else if (!succeeded) {
        await cmd.out(`neither symbolic link ${q.quoteaf(path)} nor referent has been changed\n`);
      } else if (!changed) {
        await cmd.out(
          `mode of ${q.quoteaf(path)} retained as ${oct4(newMode)} (${perms(newMode)})\n`,
        );
      } else {
        await cmd.out(
          `mode of ${q.quoteaf(path)} changed from ${oct4(oldMode)} (${perms(oldMode)}) to ${oct4(newMode)} (${perms(newMode)})\n`,
        );
      }
    }
  }
  if (succeeded && c.diagnoseSurprises) {
    const naive = modeAdjust(oldMode, S_ISDIR(oldMode), 0, c.change).mode;
    if (newMode & ~naive) {
      await cmd.error(
        `${q.quotef(path)}: new permissions are ${perms(newMode)}, not ${perms(naive)}`,
      );
      ok = false;
    }
  }
  if (c.recurse && S_ISDIR(st.mode)) {
    let names: string[];
    try {
      names = (await libc.readdir(path)).map((e) => e.name).filter((n) => n !== "." && n !== "..");
    } catch (e) {
      await cmd.error(`cannot read directory ${q.quoteaf(path)}`, errnoOf(e));
      return false;
    }
    for (const n of names) ok = (await processFile(c, joinPath(path, n), false)) && ok;
  }
  return ok;
}

async function run(cmd: Cmd, argv: string[]): Promise<number> {
  const { libc, q } = cmd;
  // "chmod -w file": arguments that look like modes are taken as the mode (chmod.c main()).
  let modeFromOpts = "";
  const rest: string[] = [argv[0]];
  let ended = false;
  for (const a of argv.slice(1)) {
    if (!ended && a === "--") ended = true;
    if (!ended && /^-[rwxXstugoa,+=0-7]+$/.test(a) && modeCompile(a) !== null) {
      modeFromOpts = modeFromOpts ? `${modeFromOpts},${a}` : a;
    } else rest.push(a);
  }
  const { options, operands } = await cmd.getopt(rest, "Rcfv", LONG);
  const c: Ctx = {
    cmd,
    change: [],
    umask: 0,
    recurse: false,
    force: false,
    verbosity: "off",
    diagnoseSurprises: modeFromOpts !== "",
    preserveRoot: false,
  };
  let reference: string | null = null;
  for (const { key, arg } of options) {
    if (key === "R") c.recurse = true;
    else if (key === "c") c.verbosity = "changes";
    else if (key === "v") c.verbosity = "high";
    else if (key === "f") c.force = true;
    else if (key === "reference") reference = arg ?? "";
    else if (key === "preserve-root") c.preserveRoot = true;
    else if (key === "no-preserve-root") c.preserveRoot = false;
  }
  const files = [...operands];
  let mode = modeFromOpts;
  if (reference === null && !mode) {
    if (files.length === 0) await cmd.usageError("missing operand");
    mode = files.shift()!;
  }
  if (files.length === 0) {
    if (mode && reference === null && !modeFromOpts)
      await cmd.usageError(`missing operand after ${q.quote(mode)}`);
    await cmd.usageError("missing operand");
  }
  if (reference !== null) {
    try {
      const st = await libc.stat(reference);
      c.change = [
        { op: "=", flag: "ordinary", affected: 0o7777, value: st.mode & 0o7777, mentioned: 0o7777 },
      ];
    } catch (e) {
      await cmd.die(1, `failed to get attributes of ${q.quoteaf(reference)}`, errnoOf(e));
    }
  } else {
    const change = modeCompile(mode);
    if (!change) await cmd.usageError(`invalid mode: ${q.quote(mode)}`);
    c.change = change ?? [];
    c.umask = await libc.umask(0);
    await libc.umask(c.umask);
  }
  let ok = true;
  for (const f of files) ok = (await processFile(c, f, true)) && ok;
  return ok ? 0 : 1;
}

export const main = coreutilsMain(run);
