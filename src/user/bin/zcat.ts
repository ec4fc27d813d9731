/**
 * zcat(1) of gzip 1.6 (Ubuntu 18.04): `gzip -cd`, decompressing each FILE (or FILE.gz) to
 * standard output. Decompression is fflate's (RFC 1952, all members of a multi-member file,
 * stored blocks as /proc/config.gz uses them). Messages are gzip's, prefixed "gzip:" because
 * zcat is a script that runs gzip.
 */

import { Gunzip } from "fflate";
import { O_RDONLY } from "../../include/uapi/fcntl.ts";
import { S_ISDIR } from "../../include/uapi/stat.ts";
import type { LongOption } from "../lib/getopt.ts";
import { type Cmd, coreutilsMain, errnoOf } from "../lib/prog.ts";

const LONG: LongOption[] = [
  { name: "force", hasArg: 0, val: "f" },
  { name: "quiet", hasArg: 0, val: "q" },
  { name: "verbose", hasArg: 0, val: "v" },
];

const ENOENT = 2;

let crcTable: Uint32Array | null = null;

/** CRC-32 (ISO 3309, as gzip's trailer holds it). */
function crc32(parts: Uint8Array[]): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const p of parts) for (const b of p) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * fflate does not check a member's trailer; gzip does. For a single-member file, compare the
 * last 8 bytes (CRC-32, ISIZE) with what came out: a wrong length means the file was cut
 * short (gzip: "unexpected end of file"), a wrong CRC is corruption.
 */
function checkTrailer(data: Uint8Array, out: Uint8Array[]): string | null {
  if (data.length < 18) return "unexpected end of file";
  const dv = new DataView(data.buffer, data.byteOffset + data.length - 8, 8);
  const size = out.reduce((n, c) => n + c.length, 0);
  if (dv.getUint32(4, true) !== size % 2 ** 32) return "unexpected end of file";
  if (dv.getUint32(0, true) !== crc32(out)) return "invalid compressed data--crc error";
  return null;
}

async function run(cmd: Cmd, argv: string[]): Promise<number> {
  const { libc } = cmd;
  const { options, operands } = await cmd.getopt(argv, "fqv", LONG);
  const force = options.some((o) => o.key === "f");
  const quiet = options.some((o) => o.key === "q");
  // gzip's exit codes: 0 ok, 1 error, 2 warning (an error wins).
  let status = 0;
  const gz = (msg: string) => libc.stdout.flush().then(() => libc.stderr.write(`gzip: ${msg}\n`));
  const files = operands.length ? operands : ["-"];
  for (const f of files) {
    let name = f;
    let fd = 0;
    if (f !== "-") {
      try {
        fd = await libc.open(f, O_RDONLY);
      } catch (e) {
        const err = errnoOf(e);
        if (err !== ENOENT || f.endsWith(".gz")) {
          await gz(`${f}: ${libc.strerror(err)}`);
          status = 1;
          continue;
        }
        // get_istat(): a missing NAME is retried as NAME.gz, and reported as such.
        name = `${f}.gz`;
        try {
          fd = await libc.open(name, O_RDONLY);
        } catch (e2) {
          await gz(`${name}: ${libc.strerror(errnoOf(e2))}`);
          status = 1;
          continue;
        }
      }
      try {
        if (S_ISDIR((await libc.fstat(fd)).mode)) {
          await gz(`${name} is a directory -- ignored`);
          await libc.close(fd);
          status = status || 2;
          continue;
        }
      } catch {
        // fstat failing is reported by the read below
      }
    }
    const label = f === "-" ? "stdin" : name;
    let data: Uint8Array;
    try {
      data = await libc.readAll(fd);
    } catch (e) {
      await gz(`${label}: ${libc.strerror(errnoOf(e))}`);
      status = 1;
      continue;
    } finally {
      if (fd > 0) await libc.close(fd).catch(() => 0);
    }
    if (data.length < 2 || data[0] !== 0x1f || data[1] !== 0x8b) {
      if (force) {
        await cmd.out(data);
        continue;
      }
      if (!quiet) await gz(`${label}: not in gzip format`);
      status = 1;
      continue;
    }
    const chunks: Uint8Array[] = [];
    const g = new Gunzip((chunk) => chunks.push(chunk));
    let members = 1;
    g.onmember = () => {
      members++;
    };
    let problem: string | null = null;
    try {
      if (data[2] !== 8) throw Object.assign(new Error("unknown method"), { code: -1 });
      g.push(data, true);
    } catch (e) {
      const code = (e as { code?: number }).code;
      if (code === -1) problem = "unknown method";
      // fflate's code 6 is a bad member header; the first one was checked above, so this is
      // data after the last member (gzip's "trailing garbage").
      else if (code === 6) problem = "decompression OK, trailing garbage ignored";
      else if (code === 0) problem = "unexpected end of file";
      else problem = "invalid compressed data--format violated";
    }
    if (!problem && members === 1) problem = checkTrailer(data, chunks);
    for (const c of chunks) await cmd.out(c);
    if (problem) {
      const warning = problem.startsWith("decompression OK");
      if (!(warning && quiet)) await gz(`${label}: ${problem}`);
      status = warning ? status || 2 : 1;
    }
  }
  return status;
}

export const main = coreutilsMain(run);
