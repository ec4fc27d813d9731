/**
 * `vkern cram FILES...`: checks cram transcripts against a runner, printing what cram 0.7
 * prints (cram/_cli.py:runcli, cram/_main.py:main): a "." per passed file, "s" per skipped
 * one, "!" and the diff per failed one, then "# Ran N tests, S skipped, F failed.".
 *
 * Node-only glue: reading files and walking directories. Parsing, matching and diffing are
 * in src/user/cram/ and run in a browser as well.
 */

import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, join, normalize, resolve } from "node:path";
import { type CommandResult, diffCram } from "../user/cram/diff.ts";
import { parseCram } from "../user/cram/parse.ts";

/**
 * Runs the commands of one transcript, in order, in one shell session of a freshly booted
 * kernel, and returns one result per command run. If the shell itself exits early, return
 * the results up to and including that command (mark it `shellExited`).
 */
export type CramRunner = (commands: string[], info: { path: string }) => Promise<CommandResult[]>;

export interface CramWriter {
  write(chunk: string): unknown;
}

export interface RunCramOptions {
  /** Don't print diffs (cram -q). */
  quiet?: boolean;
  /** Print "path: passed" etc. instead of dots (cram -v). */
  verbose?: boolean;
  /** Write X.t.err beside a failing X.t, remove it when X.t passes, as cram always does. */
  writeErr?: boolean;
  /** Indent width of commands and output (cram --indent). */
  indent?: number;
  /** Where "no such file" goes; process.stderr by default. */
  err?: CramWriter;
}

/** cram/_run.py:_findtests(): files as given (normalized), directories walked for *.t. */
function findTests(paths: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    if (basename(dir).startsWith(".") && basename(dir) !== "." && basename(dir) !== "..") return;
    const entries = readdirSync(dir, { withFileTypes: true }).sort((x, y) =>
      x.name < y.name ? -1 : x.name > y.name ? 1 : 0,
    );
    for (const e of entries) {
      if (e.isFile() && !e.name.startsWith(".") && e.name.endsWith(".t"))
        found.push(normalize(join(dir, e.name)));
    }
    for (const e of entries) if (e.isDirectory()) walk(join(dir, e.name));
  };
  for (const p of paths) {
    if (statSync(p).isDirectory()) walk(p);
    else found.push(normalize(p));
  }
  return found;
}

/**
 * Checks each transcript with `runner` and prints the results to `out`. Returns the exit
 * code cram would: 0 if all passed, 1 if any failed, 2 for a missing path or no tests.
 */
export async function runCramFiles(
  paths: readonly string[],
  runner: CramRunner,
  out: CramWriter = process.stdout,
  options: RunCramOptions = {},
): Promise<number> {
  const err = options.err ?? process.stderr;
  const missing = paths.find((p) => !existsSync(p));
  if (missing !== undefined) {
    err.write(`no such file: ${missing}\n`);
    return 2;
  }
  const log = (msg: string | null, verboseMsg: string | null): void => {
    const m = options.verbose ? verboseMsg : msg;
    if (m) out.write(m);
  };

  let total = 0;
  let skipped = 0;
  let failed = 0;
  const seen = new Set<string>();
  for (const path of findTests(paths)) {
    const abspath = resolve(path);
    if (seen.has(abspath)) continue;
    seen.add(abspath);
    total++;
    log(null, `${path}: `);
    const bytes = readFileSync(path);
    if (bytes.length === 0) {
      skipped++;
      log("s", "empty\n");
      continue;
    }
    const file = parseCram(new TextDecoder().decode(bytes), { indent: options.indent });
    const results = await runner(
      file.commands.map((c) => c.command),
      { path },
    );
    const result = diffCram(file, results, path);
    const errPath = `${abspath}.err`;
    if (result.skipped) {
      skipped++;
      log("s", "skipped\n");
    } else if (result.passed) {
      log(".", "passed\n");
      if (options.writeErr && existsSync(errPath)) rmSync(errPath);
    } else {
      failed++;
      log("!", "failed\n");
      if (!options.quiet) log("\n", null);
      if (options.writeErr) writeFileSync(errPath, result.actual.join(""));
      if (!options.quiet) out.write(result.diff);
    }
  }
  if (total > 0) {
    log("\n", null);
    out.write(`# Ran ${total} tests, ${skipped} skipped, ${failed} failed.\n`);
  } else {
    err.write("no tests found\n");
    return 2;
  }
  return failed > 0 ? 1 : 0;
}
