/**
 * tail(1), GNU coreutils 8.28: the last part of files. -n [+]N, -c [+]N (with size
 * suffixes), -q, -v, -z and the obsolete `-N[bcl]` first argument. Following (-f/-F) is
 * accepted and does nothing more than print the tail: input here never grows afterwards.
 */

import { parseSize, quote, tryHelp } from "../lib/coreutils.ts";
import { getoptLong, type LongOption } from "../lib/getopt.ts";
import { eachHeadedInput, out, type Reader, warn } from "../lib/io.ts";
import type { Libc } from "../libc/libc.ts";

const LONG: LongOption[] = [
  { name: "bytes", hasArg: 1, val: "c" },
  { name: "lines", hasArg: 1, val: "n" },
  { name: "follow", hasArg: 2, val: "f" },
  { name: "retry", hasArg: 0, val: "retry" },
  { name: "pid", hasArg: 1, val: "pid" },
  { name: "sleep-interval", hasArg: 1, val: "s" },
  { name: "max-unchanged-stats", hasArg: 1, val: "max" },
  { name: "quiet", hasArg: 0, val: "q" },
  { name: "silent", hasArg: 0, val: "q" },
  { name: "verbose", hasArg: 0, val: "v" },
  { name: "zero-terminated", hasArg: 0, val: "z" },
  { name: "help", hasArg: 0, val: "help" },
  { name: "version", hasArg: 0, val: "version" },
];

interface Spec {
  bytes: boolean;
  n: bigint;
  /** +N: start at line/byte N instead of counting from the end. */
  fromStart: boolean;
  eol: string;
}

/** Mirrors tail.c:parse_obsolete_option() for "-N[bcl][f]". */
function obsolete(argv: string[]): string[] {
  const a = argv[1];
  if (!a || argv.length > 3) return argv;
  const m = /^-([0-9]*)([bcl]?)(f?)$/.exec(a);
  if (!m || (m[1] === "" && m[2] === "")) return argv;
  const num = m[1] || "10";
  const opt = m[2] === "c" ? `-c${num}` : m[2] === "b" ? `-c${num}b` : `-n${num}`;
  return [argv[0], opt, ...(m[3] ? ["-f"] : []), ...argv.slice(2)];
}

export async function main(argv0: string[], _envp: string[], libc: Libc): Promise<number> {
  const argv = obsolete(argv0);
  const prog = argv[0] ?? "tail";
  const parsed = getoptLong(argv, "c:n:fFqs:vz0123456789", LONG);
  if (parsed.error) {
    await libc.stderr.write(parsed.error + tryHelp(prog));
    return 1;
  }
  const spec: Spec = { bytes: false, n: 10n, fromStart: false, eol: "\n" };
  let headers: boolean | null = null;
  for (const o of parsed.options) {
    if (o.key === "c" || o.key === "n") {
      let a = o.arg ?? "";
      spec.fromStart = a.startsWith("+");
      if (a.startsWith("+") || a.startsWith("-")) a = a.slice(1);
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
      await out(libc, "tail (GNU coreutils) 8.28\n");
      return 0;
    }
  }
  const files = parsed.operands.length ? parsed.operands : ["-"];
  const showHeaders = headers ?? files.length > 1;
  return eachHeadedInput(libc, prog, files, showHeaders, (r) => tailOne(libc, r, spec));
}

const CAP = 1000000000n;

async function tailOne(libc: Libc, r: Reader, spec: Spec): Promise<void> {
  const n = Number(spec.n > CAP ? CAP : spec.n);
  if (spec.bytes) {
    if (spec.fromStart) {
      // +N: skip N-1 bytes, copy the rest.
      let skip = Math.max(n - 1, 0);
      for (let c = await r.readChunk(); c !== null; c = await r.readChunk()) {
        if (skip >= c.length) {
          skip -= c.length;
          continue;
        }
        await out(libc, c.slice(skip));
        skip = 0;
      }
      return;
    }
    let held = "";
    for (let c = await r.readChunk(); c !== null; c = await r.readChunk()) {
      held += c;
      if (held.length > 2 * n + 65536) held = held.slice(held.length - n);
    }
    await out(libc, n === 0 ? "" : held.slice(Math.max(held.length - n, 0)));
    return;
  }
  r.eol = spec.eol;
  if (spec.fromStart) {
    for (let i = 1; i < n; i++) if ((await r.readLine()) === null) return;
    for (let c = await r.readChunk(); c !== null; c = await r.readChunk()) await out(libc, c);
    return;
  }
  // pipe_lines(): keep the last n lines.
  const ring: string[] = [];
  let head = 0;
  for (let line = await r.readLine(); line !== null; line = await r.readLine()) {
    if (n === 0) continue;
    if (ring.length < n) ring.push(line);
    else {
      ring[head] = line;
      head = (head + 1) % n;
    }
  }
  await out(libc, ring.slice(head).join("") + ring.slice(0, head).join(""));
}
