/**
 * head(1), GNU coreutils 8.28: the first part of files. -n [-]N, -c [-]N (with size
 * suffixes), -q, -v, -z, and the obsolete `-N[bkmlcqvz]` first argument. head stops reading
 * as soon as it has printed enough, so `yes | head -n 3` ends (yes then gets SIGPIPE).
 */

import { parseSize, quote, tryHelp } from "../lib/coreutils.ts";
import { getoptLong, type LongOption } from "../lib/getopt.ts";
import { eachHeadedInput, out, type Reader, warn } from "../lib/io.ts";
import type { Libc } from "../libc/libc.ts";

const LONG: LongOption[] = [
  { name: "bytes", hasArg: 1, val: "c" },
  { name: "lines", hasArg: 1, val: "n" },
  { name: "quiet", hasArg: 0, val: "q" },
  { name: "silent", hasArg: 0, val: "q" },
  { name: "verbose", hasArg: 0, val: "v" },
  { name: "zero-terminated", hasArg: 0, val: "z" },
  { name: "help", hasArg: 0, val: "help" },
  { name: "version", hasArg: 0, val: "version" },
];

interface Spec {
  bytes: boolean;
  /** Count, or (allButLast) how many to leave out at the end. */
  n: bigint;
  allButLast: boolean;
  eol: string;
}

/** Mirrors head.c:main()'s handling of the obsolete "-5", "-5c", "-2k" form. */
function obsolete(argv: string[]): string[] {
  const a = argv[1];
  if (!a || !/^-[0-9]/.test(a)) return argv;
  const m = /^-([0-9]+)([bkmcl]?)([qvz]*)$/.exec(a);
  if (!m) return argv;
  const [, num, unit, flags] = m;
  const opts: string[] = [];
  if (unit === "" || unit === "l") opts.push(`-n${num}`);
  else opts.push(`-c${num}${unit === "c" ? "" : unit}`);
  for (const f of flags) opts.push(`-${f}`);
  return [argv[0], ...opts, ...argv.slice(2)];
}

export async function main(argv0: string[], _envp: string[], libc: Libc): Promise<number> {
  const argv = obsolete(argv0);
  const prog = argv[0] ?? "head";
  const parsed = getoptLong(argv, "c:n:qvz0123456789", LONG);
  if (parsed.error) {
    await libc.stderr.write(parsed.error + tryHelp(prog));
    return 1;
  }
  const spec: Spec = { bytes: false, n: 10n, allButLast: false, eol: "\n" };
  let headers: boolean | null = null;
  for (const o of parsed.options) {
    if (o.key === "c" || o.key === "n") {
      let a = o.arg ?? "";
      spec.allButLast = a.startsWith("-");
      if (spec.allButLast) a = a.slice(1);
      const n = parseSize(a);
      if (n === null) {
        const what = o.key === "c" ? "bytes" : "lines";
        await warn(libc, prog, `invalid number of ${what}: ${quote(libc, o.arg ?? "")}`);
        return 1;
      }
      spec.n = n;
      spec.bytes = o.key === "c";
    } else if (o.key === "q") headers = false;
    else if (o.key === "v") headers = true;
    else if (o.key === "z") spec.eol = "\0";
    else if (o.key === "help") {
      await out(libc, `Usage: ${prog} [OPTION]... [FILE]...\n`);
      return 0;
    } else if (o.key === "version") {
      await out(libc, "head (GNU coreutils) 8.28\n");
      return 0;
    }
  }
  const files = parsed.operands.length ? parsed.operands : ["-"];
  const showHeaders = headers ?? files.length > 1;
  return eachHeadedInput(libc, prog, files, showHeaders, (r) => headOne(libc, r, spec));
}

async function headOne(libc: Libc, r: Reader, spec: Spec): Promise<void> {
  const n = spec.n;
  if (spec.bytes && !spec.allButLast) {
    // head_bytes(): copy until n bytes are out.
    let left = n;
    while (left > 0n) {
      const c = await r.readChunk();
      if (c === null) break;
      const take = BigInt(c.length) <= left ? c : c.slice(0, Number(left));
      await out(libc, take);
      left -= BigInt(take.length);
    }
    return;
  }
  if (spec.bytes) {
    // elide_tail_bytes(): keep the last n bytes back.
    let held = "";
    const keep = Number(n > BigInt(Number.MAX_SAFE_INTEGER) ? BigInt(Number.MAX_SAFE_INTEGER) : n);
    for (let c = await r.readChunk(); c !== null; c = await r.readChunk()) {
      held += c;
      if (held.length > keep) {
        await out(libc, held.slice(0, held.length - keep));
        held = held.slice(held.length - keep);
      }
    }
    return;
  }
  r.eol = spec.eol;
  if (!spec.allButLast) {
    // head_lines(): stop reading once n lines are out.
    for (let i = 0n; i < n; i++) {
      const line = await r.readLine();
      if (line === null) break;
      await out(libc, line);
    }
    return;
  }
  // elide_tail_lines(): a ring of the last n lines.
  const keep = Number(n > 1000000000n ? 1000000000n : n);
  const ring: string[] = [];
  for (let line = await r.readLine(); line !== null; line = await r.readLine()) {
    ring.push(line);
    if (ring.length > keep) await out(libc, ring.shift() as string);
  }
}
