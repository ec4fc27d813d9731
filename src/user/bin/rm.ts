/**
 * rm(1), GNU coreutils 8.28: remove files or directories. Mirrors src/rm.c and
 * src/remove.c (rm_fts(), prompt(), excise()): a directory needs -r (or -d when empty),
 * "." and ".." are refused, "/" is protected, a directory whose entries could not all be
 * removed is left alone silently, and -f hides missing files.
 */

import { S_ISDIR, S_ISLNK } from "../../include/uapi/stat.ts";
import { fileTypeName, joinPath, yesno } from "../lib/fileutil.ts";
import type { LongOption } from "../lib/getopt.ts";
import { type Cmd, coreutilsMain, errnoOf } from "../lib/prog.ts";
import type { Stat } from "../libc/libc.ts";

const LONG: LongOption[] = [
  { name: "dir", hasArg: 0, val: "d" },
  { name: "force", hasArg: 0, val: "f" },
  { name: "interactive", hasArg: 2, val: "interactive" },
  { name: "one-file-system", hasArg: 0, val: "one-fs" },
  { name: "no-preserve-root", hasArg: 0, val: "no-preserve-root" },
  { name: "preserve-root", hasArg: 0, val: "preserve-root" },
  { name: "recursive", hasArg: 0, val: "r" },
  { name: "verbose", hasArg: 0, val: "v" },
];

const ENOENT = 2;
const EISDIR = 21;
const W_OK = 2;

interface RmOptions {
  force: boolean;
  recursive: boolean;
  removeEmptyDirs: boolean;
  interactive: "never" | "once" | "always";
  verbose: boolean;
  preserveRoot: boolean;
  stdinTty: boolean;
}

class Rm {
  /** Set by any real failure; a declined prompt only keeps the parents. */
  failed = false;

  constructor(
    readonly cmd: Cmd,
    readonly o: RmOptions,
  ) {}

  private async writeProtected(path: string, st: Stat): Promise<boolean> {
    if (S_ISLNK(st.mode)) return false;
    try {
      await this.cmd.libc.access(path, W_OK);
      return false;
    } catch {
      return true;
    }
  }

  /** Mirrors remove.c:prompt(): true to go ahead. */
  private async prompt(path: string, st: Stat, descend: boolean): Promise<boolean> {
    const o = this.o;
    if (o.interactive === "never" && o.force) return true;
    const wp = !o.force && o.stdinTty && (await this.writeProtected(path, st));
    if (o.interactive !== "always" && !wp) return true;
    const q = this.cmd.q.quoteaf(path);
    const n = this.cmd.name;
    await this.cmd.libc.stdout.flush().catch(() => undefined);
    if (descend) {
      await this.cmd.libc.stderr.write(
        wp
          ? `${n}: descend into write-protected directory ${q}? `
          : `${n}: descend into directory ${q}? `,
      );
    } else {
      const what = fileTypeName(st);
      await this.cmd.libc.stderr.write(
        wp ? `${n}: remove write-protected ${what} ${q}? ` : `${n}: remove ${what} ${q}? `,
      );
    }
    return yesno(this.cmd.libc);
  }

  private async fail(path: string, errno: number): Promise<false> {
    this.failed = true;
    await this.cmd.error(`cannot remove ${this.cmd.q.quoteaf(path)}`, errno);
    return false;
  }

  /** Removes one file or tree; false if anything was left (failed or declined). */
  async remove(path: string, cmdline: boolean): Promise<boolean> {
    const { libc, q } = this.cmd;
    const o = this.o;
    let st: Stat;
    try {
      st = await libc.lstat(path);
    } catch (e) {
      const err = errnoOf(e);
      if (err === ENOENT && o.force) return true;
      return this.fail(path, err);
    }
    if (!S_ISDIR(st.mode)) {
      if (!(await this.prompt(path, st, false))) return false;
      try {
        await libc.unlink(path);
      } catch (e) {
        const err = errnoOf(e);
        if (err === ENOENT && o.force) return true;
        return this.fail(path, err);
      }
      if (o.verbose) await this.cmd.out(`removed ${q.quoteaf(path)}\n`);
      return true;
    }
    if (cmdline && o.recursive) {
      const base = path.replace(/\/+$/, "").split("/").pop();
      if (base === "." || base === "..") {
        await this.cmd.error(
          `refusing to remove '.' or '..' directory: skipping ${q.quoteaf(path)}`,
        );
        this.failed = true;
        return false;
      }
    }
    if (!o.recursive) {
      if (!o.removeEmptyDirs) return this.fail(path, EISDIR);
      if (!(await this.prompt(path, st, false))) return false;
      return this.rmdir(path);
    }
    let entries: string[];
    try {
      entries = (await libc.readdir(path))
        .map((e) => e.name)
        .filter((n) => n !== "." && n !== "..");
    } catch (e) {
      // An unreadable directory can still be removed if it is empty.
      try {
        await libc.rmdir(path);
        return true;
      } catch {
        return this.fail(path, errnoOf(e));
      }
    }
    if (entries.length && !(await this.prompt(path, st, true))) return false;
    let ok = true;
    for (const name of entries) ok = (await this.remove(joinPath(path, name), false)) && ok;
    if (!ok) return false;
    if (!(await this.prompt(path, st, false))) return false;
    return this.rmdir(path);
  }

  private async rmdir(path: string): Promise<boolean> {
    try {
      await this.cmd.libc.rmdir(path);
    } catch (e) {
      return this.fail(path, errnoOf(e));
    }
    if (this.o.verbose) await this.cmd.out(`removed directory ${this.cmd.q.quoteaf(path)}\n`);
    return true;
  }
}

async function run(cmd: Cmd, argv: string[]): Promise<number> {
  const { libc } = cmd;
  const { options, operands } = await cmd.getopt(argv, "dfirvIR", LONG);
  const o: RmOptions = {
    force: false,
    recursive: false,
    removeEmptyDirs: false,
    interactive: "never",
    verbose: false,
    preserveRoot: true,
    stdinTty: await libc.isatty(0),
  };
  let promptOnce = false;
  for (const { key, arg } of options) {
    if (key === "d") o.removeEmptyDirs = true;
    else if (key === "f") {
      o.force = true;
      o.interactive = "never";
      promptOnce = false;
    } else if (key === "i") {
      o.interactive = "always";
      o.force = false;
    } else if (key === "I") {
      o.interactive = "once";
      promptOnce = true;
      o.force = false;
    } else if (key === "interactive") {
      const w = arg ?? "always";
      if (/^(never|no|none)$/.test(w)) o.interactive = "never";
      else if (w === "once") {
        o.interactive = "once";
        promptOnce = true;
      } else if (/^(always|yes)$/.test(w)) o.interactive = "always";
      else {
        await cmd.error(`invalid argument ${cmd.q.quote(w)} for ${cmd.q.quote("--interactive")}`);
        await libc.stderr.write(
          "Valid arguments are:\n  - 'never', 'no', 'none'\n  - 'once'\n  - 'always', 'yes'\n",
        );
        await cmd.usageError();
      }
    } else if (key === "r" || key === "R") o.recursive = true;
    else if (key === "v") o.verbose = true;
    else if (key === "no-preserve-root") o.preserveRoot = false;
    else if (key === "preserve-root") o.preserveRoot = true;
  }
  if (operands.length === 0) {
    if (o.force) return 0;
    await cmd.usageError("missing operand");
  }
  if (promptOnce && (o.recursive || operands.length > 3)) {
    const n = operands.length;
    await libc.stderr.write(
      o.recursive
        ? `${cmd.name}: remove ${n} argument${n === 1 ? "" : "s"} recursively? `
        : `${cmd.name}: remove ${n} arguments? `,
    );
    if (!(await yesno(libc))) return 0;
  }
  const rm = new Rm(cmd, o);
  let ok = true;
  for (const path of operands) {
    if (o.recursive && o.preserveRoot && /^\/+$/.test(path)) {
      await cmd.error(`it is dangerous to operate recursively on ${cmd.q.quoteaf("/")}`);
      await cmd.error("use --no-preserve-root to override this failsafe");
      ok = false;
      continue;
    }
    await rm.remove(path, true);
  }
  return ok && !rm.failed ? 0 : 1;
}

export const main = coreutilsMain(run);
