/**
 * dd(1), GNU coreutils 8.28: convert and copy a file. Mirrors src/dd.c: operands parsed by
 * scanargs() (numbers with dd's suffixes and `x` products), skip/seek in blocks, count,
 * conv=notrunc,noerror,sync,ucase,lcase,excl,nocreat,fsync,fdatasync, iflag/oflag
 * skip_bytes,count_bytes,seek_bytes,append, and the summary of print_stats()/
 * print_xfer_stats() ("N+M records in", "B bytes (SI, IEC) copied, T s, R/s") on standard
 * error, timed with CLOCK_MONOTONIC so that the virtual clock makes it reproducible.
 */

import {
  O_APPEND,
  O_CREAT,
  O_EXCL,
  O_RDONLY,
  O_TRUNC,
  O_WRONLY,
} from "../../include/uapi/fcntl.ts";
import { format } from "../../lib/vsprintf.ts";
import { humanReadable } from "../lib/human.ts";
import { type Cmd, coreutilsMain, errnoOf } from "../lib/prog.ts";

const SUFFIX: Record<string, number> = {
  c: 1,
  w: 2,
  b: 512,
  kB: 1000,
  K: 1024,
  KiB: 1024,
  MB: 1e6,
  M: 2 ** 20,
  MiB: 2 ** 20,
  xM: 2 ** 20,
  GB: 1e9,
  G: 2 ** 30,
  GiB: 2 ** 30,
  TB: 1e12,
  T: 2 ** 40,
  TiB: 2 ** 40,
};

/** Mirrors dd.c:parse_integer(): "N[suffix]" factors joined by 'x'. */
function parseInteger(s: string): number | null {
  let product = 1;
  for (const part of s.split("x")) {
    const m = /^(\d+)([a-zA-Z]*)$/.exec(part);
    if (!m) return null;
    const mult = m[2] === "" ? 1 : SUFFIX[m[2]];
    if (mult === undefined) return null;
    product *= Number(m[1]) * mult;
  }
  return Number.isSafeInteger(product) ? product : null;
}

// human_autoscale | human_round_to_nearest | human_space_before_unit | human_SI | human_B
const HUMAN_OPTS = 16 | 1 | 64 | 128 | 256;

interface Stats {
  fullIn: number;
  partialIn: number;
  fullOut: number;
  partialOut: number;
  bytes: number;
  start: number;
}

async function run(cmd: Cmd, argv: string[]): Promise<number> {
  const { libc, q } = cmd;
  const args = argv.slice(1);
  if (args[0] === "--") args.shift();
  let inFile: string | null = null;
  let outFile: string | null = null;
  let ibs = 512;
  let obs = 512;
  let bs: number | null = null;
  let count = Infinity;
  let skip = 0;
  let seek = 0;
  const conv = new Set<string>();
  const iflag = new Set<string>();
  const oflag = new Set<string>();
  let status = "default" as "default" | "none" | "noxfer" | "progress";
  for (const a of args) {
    const eq = a.indexOf("=");
    if (eq < 0) await cmd.usageError(`unrecognized operand ${q.quote(a)}`);
    const key = a.slice(0, eq);
    const val = a.slice(eq + 1);
    const num = async () => {
      const n = parseInteger(val);
      if (n === null) await cmd.die(1, `invalid number: ${q.quote(val)}`);
      return n ?? 0;
    };
    switch (key) {
      case "if":
        inFile = val;
        break;
      case "of":
        outFile = val;
        break;
      case "bs":
        bs = await num();
        break;
      case "ibs":
        ibs = await num();
        break;
      case "obs":
        obs = await num();
        break;
      case "count":
        count = await num();
        break;
      case "skip":
        skip = await num();
        break;
      case "seek":
        seek = await num();
        break;
      case "conv":
      case "iflag":
      case "oflag": {
        const known =
          key === "conv"
            ? [
                "notrunc",
                "noerror",
                "sync",
                "ucase",
                "lcase",
                "excl",
                "nocreat",
                "fsync",
                "fdatasync",
              ]
            : [
                "skip_bytes",
                "count_bytes",
                "seek_bytes",
                "append",
                "fullblock",
                "direct",
                "sync",
                "dsync",
                "nonblock",
                "noatime",
                "nocache",
                "noctty",
                "nofollow",
              ];
        for (const w of val.split(",")) {
          if (!known.includes(w)) {
            await cmd.error(
              `invalid ${key === "conv" ? "conversion" : key === "iflag" ? "input flag" : "output flag"}: ${q.quote(w)}`,
            );
            await cmd.usageError();
          }
          (key === "conv" ? conv : key === "iflag" ? iflag : oflag).add(w);
        }
        break;
      }
      case "status":
        if (val !== "none" && val !== "noxfer" && val !== "progress") {
          await cmd.error(`invalid status level: ${q.quote(val)}`);
          await cmd.usageError();
        }
        status = val as typeof status;
        break;
      default:
        await cmd.usageError(`unrecognized operand ${q.quote(a)}`);
    }
  }
  if (bs !== null) ibs = obs = bs;
  if (ibs === 0 || obs === 0) await cmd.die(1, `invalid number: ${q.quote("0")}`);
  const inName = inFile ?? "standard input";
  const outName = outFile ?? "standard output";
  const clock = async () => {
    const t = await libc.clock_gettime(1);
    return t.sec * 1e9 + t.nsec;
  };
  const st: Stats = {
    fullIn: 0,
    partialIn: 0,
    fullOut: 0,
    partialOut: 0,
    bytes: 0,
    start: await clock(),
  };

  const printStats = async () => {
    if (status === "none") return;
    let s = `${st.fullIn}+${st.partialIn} records in\n${st.fullOut}+${st.partialOut} records out\n`;
    if (status !== "noxfer") {
      const ns = (await clock()) - st.start;
      const si = humanReadable(st.bytes, HUMAN_OPTS, 1, 1);
      const iec = humanReadable(st.bytes, HUMAN_OPTS | 32, 1, 1);
      const rate = ns > 0 ? `${humanReadable(st.bytes, HUMAN_OPTS, 1e9, ns)}/s` : "Infinity B/s";
      const secs = format("%g s", [ns / 1e9]);
      if (si.at(-2) === " ")
        s += `${st.bytes} byte${st.bytes === 1 ? "" : "s"} copied, ${secs}, ${rate}\n`;
      else if (iec.at(-2) === " ") s += `${st.bytes} bytes (${si}) copied, ${secs}, ${rate}\n`;
      else s += `${st.bytes} bytes (${si}, ${iec}) copied, ${secs}, ${rate}\n`;
    }
    await libc.stdout.flush().catch(() => undefined);
    await libc.stderr.write(s);
  };

  let ifd = 0;
  let ofd = 1;
  try {
    if (inFile !== null) ifd = await libc.open(inFile, O_RDONLY);
  } catch (e) {
    return cmd.die(1, `failed to open ${q.quoteaf(inFile ?? "")}`, errnoOf(e));
  }
  if (outFile !== null) {
    const seekBytes = oflag.has("seek_bytes") ? seek : seek * obs;
    let flags = O_WRONLY | (conv.has("nocreat") ? 0 : O_CREAT) | (conv.has("excl") ? O_EXCL : 0);
    if (oflag.has("append")) flags |= O_APPEND;
    if (!conv.has("notrunc") && seekBytes === 0 && !oflag.has("append")) flags |= O_TRUNC;
    try {
      ofd = await libc.open(outFile, flags, 0o666);
    } catch (e) {
      return cmd.die(1, `failed to open ${q.quoteaf(outFile)}`, errnoOf(e));
    }
    if (seekBytes > 0 && !conv.has("notrunc")) {
      await libc.syscall("ftruncate", ofd, seekBytes).catch(() => 0);
    }
  }
  let failed = false;
  try {
    // skip=: lseek when the input can, else read and throw away.
    const skipBytes = iflag.has("skip_bytes") ? skip : skip * ibs;
    if (skipBytes > 0) {
      try {
        await libc.lseek(ifd, skipBytes, 1);
      } catch {
        let left = skipBytes;
        while (left > 0) {
          const got = await libc.readBytes(ifd, Math.min(left, ibs));
          if (got.length === 0) break;
          left -= got.length;
        }
      }
    }
    const seekBytes = oflag.has("seek_bytes") ? seek : seek * obs;
    if (seekBytes > 0) await libc.lseek(ofd, seekBytes, 1).catch(() => 0);
    const countBytes = iflag.has("count_bytes") ? count : Infinity;
    const maxRecords = iflag.has("count_bytes") ? Infinity : count;
    // dd.c writes each input block as read unless ibs and obs differ (C_TWOBUFS).
    const direct = bs !== null || ibs === obs;
    let pending = new Uint8Array(0);
    const flushOut = async (final: boolean) => {
      while (
        pending.length >= obs ||
        (final && pending.length > 0) ||
        (direct && pending.length > 0)
      ) {
        const n = direct ? pending.length : Math.min(obs, pending.length);
        const chunk = pending.subarray(0, n);
        try {
          await libc.writeAll(ofd, chunk);
        } catch (e) {
          await cmd.error(`error writing ${q.quoteaf(outName)}`, errnoOf(e));
          throw new Error("write");
        }
        st.bytes += n;
        if (n === obs) st.fullOut++;
        else st.partialOut++;
        pending = pending.subarray(n);
      }
    };
    let records = 0;
    let readTotal = 0;
    while (records < maxRecords && readTotal < countBytes) {
      const want = Math.min(ibs, countBytes - readTotal);
      let data: Uint8Array;
      try {
        data = await libc.readBytes(ifd, want);
      } catch (e) {
        await cmd.error(`error reading ${q.quoteaf(inName)}`, errnoOf(e));
        if (!conv.has("noerror")) {
          failed = true;
          break;
        }
        data = new Uint8Array(0);
        st.partialIn++;
        continue;
      }
      if (data.length === 0) break;
      records++;
      readTotal += data.length;
      if (data.length === ibs) st.fullIn++;
      else st.partialIn++;
      if (conv.has("sync") && data.length < ibs) {
        const padded = new Uint8Array(ibs);
        padded.set(data);
        data = padded;
      }
      if (conv.has("ucase") || conv.has("lcase")) {
        data = data.map((c) =>
          conv.has("ucase") && c >= 0x61 && c <= 0x7a
            ? c - 32
            : conv.has("lcase") && c >= 0x41 && c <= 0x5a
              ? c + 32
              : c,
        );
      }
      const merged = new Uint8Array(pending.length + data.length);
      merged.set(pending);
      merged.set(data, pending.length);
      pending = merged;
      await flushOut(false);
    }
    await flushOut(true);
  } catch (e) {
    if (!(e instanceof Error && e.message === "write")) throw e;
    failed = true;
  }
  if (ifd > 0) await libc.close(ifd).catch(() => 0);
  if (ofd > 1) {
    try {
      await libc.close(ofd);
    } catch (e) {
      await cmd.error(`closing output file ${q.quoteaf(outName)}`, errnoOf(e));
      failed = true;
    }
  }
  await printStats();
  return failed ? 1 : 0;
}

export const main = coreutilsMain(run);
