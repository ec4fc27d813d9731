/**
 * ln(1), GNU coreutils 8.28: make links between files. Mirrors src/ln.c (main(),
 * target_directory_operand(), do_link()): `ln TARGET`, `ln TARGET LINK`, `ln TARGET... DIR`,
 * -s symbolic, -f replace, -n no-dereference of a DIR symlink, -T, -t, -r relative, -v, -i.
 * Backups (-b, -S) are not supported.
 */

import { S_ISDIR } from "../../include/uapi/stat.ts";
import { canonicalize, relativePath } from "../lib/canonicalize.ts";
import { baseName, dirName, joinPath, yesno } from "../lib/fileutil.ts";
import type { LongOption } from "../lib/getopt.ts";
import { type Cmd, coreutilsMain, errnoOf } from "../lib/prog.ts";

const LONG: LongOption[] = [
  { name: "backup", hasArg: 2, val: "b" },
  { name: "directory", hasArg: 0, val: "F" },
  { name: "no-dereference", hasArg: 0, val: "n" },
  { name: "no-target-directory", hasArg: 0, val: "T" },
  { name: "force", hasArg: 0, val: "f" },
  { name: "interactive", hasArg: 0, val: "i" },
  { name: "suffix", hasArg: 1, val: "S" },
  { name: "target-directory", hasArg: 1, val: "t" },
  { name: "logical", hasArg: 0, val: "L" },
  { name: "physical", hasArg: 0, val: "P" },
  { name: "relative", hasArg: 0, val: "r" },
  { name: "symbolic", hasArg: 0, val: "s" },
  { name: "verbose", hasArg: 0, val: "v" },
];

const ENOENT = 2;
const ENOTDIR = 20;
const EEXIST = 17;
const EMLINK = 31;
const ENOSPC = 28;
const EROFS = 30;
const EDQUOT = 122;
const ENAMETOOLONG = 36;
const AT_FDCWD = -100;
const AT_SYMLINK_FOLLOW = 0x400;

interface LnOptions {
  symbolic: boolean;
  force: boolean;
  interactive: boolean;
  verbose: boolean;
  relative: boolean;
  logical: boolean;
  hardDirLink: boolean;
}

async function linkat(cmd: Cmd, source: string, dest: string, flags: number): Promise<number> {
  const { libc } = cmd;
  const a = libc.mem.strdup(source);
  const b = libc.mem.strdup(dest);
  try {
    return await libc.syscall("linkat", AT_FDCWD, a, AT_FDCWD, b, flags);
  } finally {
    libc.mem.free(a);
    libc.mem.free(b);
  }
}

/** Mirrors ln.c:do_link(). */
async function doLink(cmd: Cmd, o: LnOptions, source0: string, dest: string): Promise<boolean> {
  const { libc, q } = cmd;
  let source = source0;
  if (!o.symbolic) {
    try {
      const st = o.logical ? await libc.stat(source) : await libc.lstat(source);
      if (!o.hardDirLink && S_ISDIR(st.mode)) {
        await cmd.error(`${q.quotef(source)}: hard link not allowed for directory`);
        return false;
      }
    } catch (e) {
      await cmd.error(`failed to access ${q.quoteaf(source)}`, errnoOf(e));
      return false;
    }
  }
  if (o.relative) {
    // convert_abs_rel(): the source relative to the directory the link lives in.
    const src = await canonicalize(libc, source, "missing");
    const dir = await canonicalize(libc, dirName(dest), "missing");
    if ("path" in src && "path" in dir) source = relativePath(dir.path, src.path);
  }
  let destExists = false;
  let removeExisting = o.force;
  if (o.force || o.interactive) {
    try {
      const st = await libc.lstat(dest);
      destExists = true;
      if (S_ISDIR(st.mode)) {
        await cmd.error(`${q.quotef(dest)}: cannot overwrite directory`);
        return false;
      }
    } catch (e) {
      const err = errnoOf(e);
      if (err !== ENOENT) {
        await cmd.error(`failed to access ${q.quoteaf(dest)}`, err);
        return false;
      }
    }
  }
  if (destExists && o.interactive) {
    await libc.stderr.write(`${cmd.name}: replace ${q.quoteaf(dest)}? `);
    if (!(await yesno(libc))) return true;
    removeExisting = true;
  }
  const make = async (): Promise<number> => {
    try {
      if (o.symbolic) await libc.symlink(source, dest);
      else await linkat(cmd, source, dest, o.logical ? AT_SYMLINK_FOLLOW : 0);
      return 0;
    } catch (e) {
      return errnoOf(e);
    }
  };
  let err = await make();
  if (err === EEXIST && removeExisting) {
    try {
      await libc.unlink(dest);
    } catch (e) {
      await cmd.error(`cannot remove ${q.quoteaf(dest)}`, errnoOf(e));
      return false;
    }
    err = await make();
  }
  if (!err) {
    if (o.verbose)
      await cmd.out(`${q.quoteaf(dest)} ${o.symbolic ? "-" : "="}> ${q.quoteaf(source)}\n`);
    return true;
  }
  let msg: string;
  if (o.symbolic) {
    msg =
      err !== ENAMETOOLONG && source
        ? `failed to create symbolic link ${q.quoteaf(dest)}`
        : `failed to create symbolic link ${q.quoteaf(dest)} -> ${q.quoteaf(source)}`;
  } else if (err === EMLINK) {
    msg = `failed to create hard link to ${q.quoteaf(source)}`;
  } else if (err === EDQUOT || err === EEXIST || err === ENOSPC || err === EROFS) {
    msg = `failed to create hard link ${q.quoteaf(dest)}`;
  } else {
    msg = `failed to create hard link ${q.quoteaf(dest)} => ${q.quoteaf(source)}`;
  }
  await cmd.error(msg, err);
  return false;
}

async function run(cmd: Cmd, argv: string[]): Promise<number> {
  const { libc, q } = cmd;
  const { options, operands } = await cmd.getopt(argv, "bdfinrst:vFLPS:T", LONG);
  const o: LnOptions = {
    symbolic: false,
    force: false,
    interactive: false,
    verbose: false,
    relative: false,
    logical: false,
    hardDirLink: false,
  };
  let noTargetDir = false;
  let targetDir: string | null = null;
  let derefDestDir = true;
  for (const { key, arg = "" } of options) {
    if (key === "s") o.symbolic = true;
    else if (key === "f") {
      o.force = true;
      o.interactive = false;
    } else if (key === "i") {
      o.interactive = true;
      o.force = false;
    } else if (key === "v") o.verbose = true;
    else if (key === "r") o.relative = true;
    else if (key === "L") o.logical = true;
    else if (key === "P") o.logical = false;
    else if (key === "n") derefDestDir = false;
    else if (key === "T") noTargetDir = true;
    else if (key === "d" || key === "F") o.hardDirLink = true;
    else if (key === "t") {
      if (targetDir !== null) await cmd.die(1, "multiple target directories specified");
      try {
        if (!S_ISDIR((await libc.stat(arg)).mode))
          await cmd.die(1, `target ${q.quoteaf(arg)} is not a directory`);
      } catch (e) {
        await cmd.die(1, `failed to access ${q.quoteaf(arg)}`, errnoOf(e));
      }
      targetDir = arg;
    } else if (key === "b" || key === "S") await cmd.usageError("backups are not supported");
  }
  if (o.relative && !o.symbolic) await cmd.die(1, "cannot do --relative without --symbolic");
  const files = [...operands];
  if (files.length === 0) await cmd.usageError("missing file operand");
  if (noTargetDir) {
    if (targetDir !== null)
      await cmd.die(1, "cannot combine --target-directory and --no-target-directory");
    if (files.length !== 2) {
      if (files.length < 2)
        await cmd.usageError(`missing destination file operand after ${q.quoteaf(files[0])}`);
      await cmd.usageError(`extra operand ${q.quoteaf(files[2])}`);
    }
  } else if (targetDir === null) {
    if (files.length < 2) targetDir = ".";
    else {
      const last = files[files.length - 1];
      let isDir = false;
      try {
        const st = derefDestDir ? await libc.stat(last) : await libc.lstat(last);
        isDir = S_ISDIR(st.mode);
      } catch (e) {
        const err = errnoOf(e);
        if (err !== ENOENT && err !== ENOTDIR)
          await cmd.die(1, `failed to access ${q.quoteaf(last)}`, err);
      }
      if (isDir) targetDir = files.pop()!;
      else if (files.length > 2) await cmd.die(1, `target ${q.quoteaf(last)} is not a directory`);
    }
  }
  if (targetDir === null) return (await doLink(cmd, o, files[0], files[1])) ? 0 : 1;
  let ok = true;
  for (const f of files) {
    const dest = joinPath(targetDir, baseName(f) === "/" ? "" : baseName(f));
    ok = (await doLink(cmd, o, f, dest)) && ok;
  }
  return ok ? 0 : 1;
}

export const main = coreutilsMain(run);
