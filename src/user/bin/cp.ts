/**
 * cp(1), GNU coreutils 8.28: copy files and directories. Mirrors src/cp.c (main(),
 * do_copy(), target_directory_operand()); the copying itself is lib/copy.ts. Supported:
 * -a -d -f -i -l -L -n -P -p -r/-R -s -t -T -u -v -H, --preserve[=mode,ownership,timestamps,all].
 */

import { S_ISDIR } from "../../include/uapi/stat.ts";
import { Copier, type CopyOptions } from "../lib/copy.ts";
import { baseName, joinPath } from "../lib/fileutil.ts";
import type { LongOption } from "../lib/getopt.ts";
import { type Cmd, coreutilsMain, errnoOf } from "../lib/prog.ts";

const LONG: LongOption[] = [
  { name: "archive", hasArg: 0, val: "a" },
  { name: "backup", hasArg: 2, val: "b" },
  { name: "dereference", hasArg: 0, val: "L" },
  { name: "force", hasArg: 0, val: "f" },
  { name: "interactive", hasArg: 0, val: "i" },
  { name: "link", hasArg: 0, val: "l" },
  { name: "no-clobber", hasArg: 0, val: "n" },
  { name: "no-dereference", hasArg: 0, val: "P" },
  { name: "no-preserve", hasArg: 1, val: "no-preserve" },
  { name: "no-target-directory", hasArg: 0, val: "T" },
  { name: "one-file-system", hasArg: 0, val: "x" },
  { name: "parents", hasArg: 0, val: "parents" },
  { name: "path", hasArg: 0, val: "parents" },
  { name: "preserve", hasArg: 2, val: "preserve" },
  { name: "recursive", hasArg: 0, val: "R" },
  { name: "remove-destination", hasArg: 0, val: "remove-destination" },
  { name: "strip-trailing-slashes", hasArg: 0, val: "strip" },
  { name: "suffix", hasArg: 1, val: "S" },
  { name: "symbolic-link", hasArg: 0, val: "s" },
  { name: "target-directory", hasArg: 1, val: "t" },
  { name: "update", hasArg: 0, val: "u" },
  { name: "verbose", hasArg: 0, val: "v" },
];

const ENOENT = 2;
const ENOTDIR = 20;

/** Shared by cp and mv: picks the target directory and copies each source (do_copy()). */
export async function doCopy(
  cmd: Cmd,
  files: string[],
  targetDir0: string | null,
  noTargetDir: boolean,
  o: CopyOptions,
): Promise<boolean> {
  const { libc, q } = cmd;
  let targetDir = targetDir0;
  if (files.length <= (targetDir ? 0 : 1)) {
    if (files.length === 0) await cmd.usageError("missing file operand");
    await cmd.usageError(`missing destination file operand after ${q.quoteaf(files[0])}`);
  }
  if (noTargetDir) {
    if (targetDir)
      await cmd.die(1, "cannot combine --target-directory (-t) and --no-target-directory (-T)");
    if (files.length > 2) await cmd.usageError(`extra operand ${q.quoteaf(files[2])}`);
  } else if (!targetDir) {
    const last = files[files.length - 1];
    let isDir = false;
    try {
      isDir = S_ISDIR((await libc.stat(last)).mode);
    } catch (e) {
      const err = errnoOf(e);
      if (err !== ENOENT && err !== ENOTDIR)
        await cmd.die(1, `failed to access ${q.quoteaf(last)}`, err);
    }
    if (isDir) targetDir = files.pop()!;
    else if (files.length > 2) await cmd.die(1, `target ${q.quoteaf(last)} is not a directory`);
  }
  const copier = new Copier(cmd, o);
  if (!targetDir) return copier.copy(files[0], files[1]);
  let ok = true;
  for (const f of files) {
    const base = baseName(f);
    ok = (await copier.copy(f, joinPath(targetDir, base === "/" ? "" : base))) && ok;
  }
  return ok;
}

async function run(cmd: Cmd, argv: string[]): Promise<number> {
  const { libc, q } = cmd;
  const { options, operands } = await cmd.getopt(argv, "abdfHilLnprst:uvxPRS:TZ", LONG);
  const umask = await libc.umask(0);
  await libc.umask(umask);
  const o: CopyOptions = {
    recursive: false,
    dereference: "always",
    preserveMode: false,
    preserveOwnership: false,
    preserveTimestamps: false,
    force: false,
    interactive: false,
    noClobber: false,
    verbose: false,
    update: false,
    hardLink: false,
    symbolicLink: false,
    moveMode: false,
    umask,
  };
  let deref: CopyOptions["dereference"] | null = null;
  let targetDir: string | null = null;
  let noTargetDir = false;
  const preserve = (list: string, on: boolean) => {
    for (const a of list.split(",")) {
      if (a === "mode" || a === "all") o.preserveMode = on;
      if (a === "ownership" || a === "all") o.preserveOwnership = on;
      if (a === "timestamps" || a === "all") o.preserveTimestamps = on;
    }
  };
  for (const { key, arg } of options) {
    switch (key) {
      case "a":
        deref = "never";
        o.recursive = true;
        preserve("all", true);
        break;
      case "d":
        deref = "never";
        break;
      case "f":
        o.force = true;
        break;
      case "i":
        o.interactive = true;
        o.noClobber = false;
        break;
      case "n":
        o.noClobber = true;
        o.interactive = false;
        break;
      case "l":
        o.hardLink = true;
        break;
      case "L":
        deref = "always";
        break;
      case "P":
        deref = "never";
        break;
      case "H":
        deref = "command_line";
        break;
      case "p":
        preserve("mode,ownership,timestamps", true);
        break;
      case "preserve":
        preserve(arg ?? "mode,ownership,timestamps", true);
        break;
      case "no-preserve":
        preserve(arg ?? "", false);
        break;
      case "r":
      case "R":
        o.recursive = true;
        break;
      case "s":
        o.symbolicLink = true;
        break;
      case "t":
        targetDir = arg ?? "";
        try {
          if (!S_ISDIR((await libc.stat(targetDir)).mode))
            await cmd.die(1, `target ${q.quoteaf(targetDir)} is not a directory`);
        } catch (e) {
          await cmd.die(1, `failed to access ${q.quoteaf(targetDir)}`, errnoOf(e));
        }
        break;
      case "T":
        noTargetDir = true;
        break;
      case "u":
        o.update = true;
        break;
      case "v":
        o.verbose = true;
        break;
      case "remove-destination":
        o.force = true;
        break;
      case "b":
      case "S":
      case "parents":
        await cmd.usageError(
          `option '${key.length === 1 ? `-${key}` : `--${key}`}' is not supported`,
        );
        break;
    }
  }
  // cp.c: -r copies symbolic links as links unless -L/-H; plain cp follows them.
  o.dereference = deref ?? (o.recursive && !o.hardLink ? "command_line" : "always");
  return (await doCopy(cmd, [...operands], targetDir, noTargetDir, o)) ? 0 : 1;
}

export const main = coreutilsMain(run);
