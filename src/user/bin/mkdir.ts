/**
 * mkdir(1), GNU coreutils 8.28: make directories. Mirrors src/mkdir.c and gnulib
 * lib/mkdir-p.c:make_dir_parents() / mkancesdirs.c: with -p, missing ancestors are made
 * with u+wx forced on, an existing directory is not an error, and a failing ancestor is
 * named in the message (mkancesdirs leaves the name cut at it).
 */

import { S_ISDIR } from "../../include/uapi/stat.ts";
import type { LongOption } from "../lib/getopt.ts";
import { modeAdjust, modeCompile } from "../lib/modechange.ts";
import { type Cmd, coreutilsMain, errnoOf } from "../lib/prog.ts";

const LONG: LongOption[] = [
  { name: "context", hasArg: 2, val: "Z" },
  { name: "mode", hasArg: 1, val: "m" },
  { name: "parents", hasArg: 0, val: "p" },
  { name: "verbose", hasArg: 0, val: "v" },
];

const EEXIST = 17;
const ENOENT = 2;
const ENOTDIR = 20;

async function isDir(cmd: Cmd, path: string): Promise<boolean> {
  try {
    return S_ISDIR((await cmd.libc.stat(path)).mode);
  } catch {
    return false;
  }
}

async function run(cmd: Cmd, argv: string[]): Promise<number> {
  const { libc, q } = cmd;
  const { options, operands } = await cmd.getopt(argv, "pm:vZ", LONG);
  let parents = false;
  let verbose = false;
  let specifiedMode: string | null = null;
  for (const { key, arg } of options) {
    if (key === "p") parents = true;
    else if (key === "v") verbose = true;
    else if (key === "m") specifiedMode = arg ?? "";
  }
  if (operands.length === 0) await cmd.usageError("missing operand");
  const umask = await libc.umask(0);
  await libc.umask(umask);
  let mode = 0o777;
  let modeBits = 0;
  if (specifiedMode !== null) {
    const change = modeCompile(specifiedMode);
    if (!change) await cmd.die(1, `invalid mode ${q.quote(specifiedMode)}`);
    ({ mode, modeBits } = modeAdjust(0o777, true, umask, change ?? []));
  }
  const announce = (dir: string) =>
    verbose ? cmd.out(`${cmd.name}: created directory ${q.quoteaf(dir)}\n`) : Promise.resolve();

  let status = 0;
  for (const dir of operands) {
    if (parents) {
      // mkancesdirs(): each ancestor, with u+wx so that we can go on below it.
      const parts = dir.split("/");
      let prefix = "";
      let failed = false;
      for (let i = 0; i < parts.length - 1; i++) {
        prefix += (i ? "/" : "") + parts[i];
        const comp = parts[i];
        if (comp === "" || comp === "." || comp === "..") continue;
        const saved = umask & 0o300 ? await libc.umask(umask & ~0o300) : null;
        let err = 0;
        try {
          await libc.mkdir(prefix, 0o777);
        } catch (e) {
          err = errnoOf(e);
        } finally {
          if (saved !== null) await libc.umask(umask);
        }
        if (err === 0) {
          await announce(prefix);
          continue;
        }
        if (await isDir(cmd, prefix)) continue;
        // The chdir() into it fails: ENOTDIR for a file, else mkdir's own error.
        const chdirErr = err === EEXIST ? ENOTDIR : err;
        await cmd.error(`cannot create directory ${q.quote(prefix)}`, chdirErr);
        failed = true;
        break;
      }
      if (failed) {
        status = 1;
        continue;
      }
    }
    try {
      // -m MODE is "as in chmod, not a=rwx - umask": the umask does not apply to it.
      if (specifiedMode !== null) await libc.umask(0);
      try {
        await libc.mkdir(dir, mode);
      } finally {
        if (specifiedMode !== null) await libc.umask(umask);
      }
      await announce(dir);
      // dirchownmod(): set-id and sticky bits, which mkdir() may not set, by chmod.
      if (modeBits & 0o7000) await libc.chmod(dir, mode);
    } catch (e) {
      const err = errnoOf(e);
      if (parents && err !== ENOENT && (await isDir(cmd, dir))) continue;
      await cmd.error(`cannot create directory ${q.quote(dir)}`, err);
      status = 1;
    }
  }
  return status;
}

export const main = coreutilsMain(run);
