/**
 * `vkern exercise`: the chapter's exercises from the host.
 *
 *   vkern exercise list
 *   vkern exercise start NAME [--dir PATH]        write the starter directory (default ./NAME)
 *   vkern exercise check NAME [--dir PATH] [--json]
 *
 * `check` checks the sources in PATH (default ./NAME). Teachers' mode: when PATH holds no
 * sources but subdirectories, each subdirectory is a submission and each gets its own
 * report (with --json, one JSON object per line: exercise, submission, passed, total, ok,
 * results[{name, pass, expected, seen}]). Exit status: 0 if every submission passed,
 * 1 if one failed, 2 for a usage error.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { formatReport, isSourceFile } from "../exercises/harness.ts";
import { exercises, findExercise } from "../exercises/index.ts";
import { checkFiles, reportJson } from "../exercises/run.ts";

const USAGE = `usage: vkern exercise list
       vkern exercise start NAME [--dir PATH]
       vkern exercise check NAME [--dir PATH] [--json]
`;

interface Args {
  verb: string;
  name?: string;
  dir?: string;
  json: boolean;
}

function parse(argv: string[]): Args | string {
  const a: Args = { verb: argv[0] ?? "", json: false };
  for (let i = 1; i < argv.length; i++) {
    const x = argv[i];
    if (x === "--json") a.json = true;
    else if (x === "--dir") a.dir = argv[++i];
    else if (x.startsWith("--dir=")) a.dir = x.slice(6);
    else if (x.startsWith("-")) return `vkern exercise: unknown option '${x}'`;
    else if (!a.name) a.name = x;
    else return `vkern exercise: unexpected argument '${x}'`;
  }
  return a;
}

/** The source files of a host directory (not build products, not subdirectories). */
function sourcesOf(dir: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (!statSync(p).isFile()) continue;
    const data = new Uint8Array(readFileSync(p));
    if (isSourceFile(name, data)) out.set(name, data);
  }
  return out;
}

export async function exerciseMain(argv: string[]): Promise<number> {
  const a = parse(argv);
  if (typeof a === "string") {
    process.stderr.write(`${a}\n${USAGE}`);
    return 2;
  }
  if (a.verb === "list") {
    for (const e of exercises) process.stdout.write(`${e.name.padEnd(22)} ${e.title}\n`);
    return 0;
  }
  if (a.verb !== "start" && a.verb !== "check") {
    process.stderr.write(USAGE);
    return 2;
  }
  const ex = a.name ? findExercise(a.name) : undefined;
  if (!ex) {
    process.stderr.write(
      `vkern exercise: ${a.name ? `no exercise '${a.name}'` : "which exercise?"} (vkern exercise list)\n`,
    );
    return 2;
  }
  const dir = resolve(a.dir ?? ex.name);
  if (a.verb === "start") {
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(ex.starter)) {
      const p = join(dir, name);
      if (existsSync(p)) {
        process.stderr.write(`vkern exercise: ${p} exists, left as it is\n`);
        continue;
      }
      writeFileSync(p, text);
    }
    process.stdout.write(`${ex.name}: starter files in ${dir}\n`);
    return 0;
  }
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    process.stderr.write(`vkern exercise: ${dir}: no such directory\n`);
    return 2;
  }
  const own = sourcesOf(dir);
  const subs = readdirSync(dir)
    .filter((n) => statSync(join(dir, n)).isDirectory())
    .sort();
  const hasSources = [...own.keys()].some((n) => n.endsWith(".ts"));
  const submissions = hasSources || !subs.length ? [dir] : subs.map((s) => join(dir, s));
  let allOk = true;
  for (const s of submissions) {
    const r = await checkFiles(ex, sourcesOf(s), s === dir ? dir : s.slice(dir.length + 1));
    allOk &&= r.ok;
    process.stdout.write(a.json ? `${reportJson(r)}\n` : formatReport(r));
  }
  return allOk ? 0 : 1;
}
