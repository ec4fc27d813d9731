/** Helpers shared by the checks: opening what must exist, reading in chunks, sysctl restore. */

import { must, type R, Skip, type Sys, text } from "../sys.ts";

export const O_RDONLY = 0;
export const O_WRONLY = 1;
export const O_RDWR = 2;
export const O_CREAT = 0o100;
export const O_DIRECTORY = 0o200000;
export const O_PATH = 0o10000000;
export const SEEK_SET = 0;
export const SEEK_CUR = 1;
export const SEEK_END = 2;
export const SEEK_DATA = 3;
export const SEEK_HOLE = 4;
export const FIONREAD = 0x541b;
export const FIONBIO = 0x5421;
export const FIOCLEX = 0x5451;
export const TCGETS = 0x5401;
export const S_IFMT = 0o170000;
export const S_IFCHR = 0o020000;
export const S_IFBLK = 0o060000;

/**
 * Opens a file the check needs. On the host a missing file is a property of the machine
 * (its kernel configuration), so the check is skipped; in vkern it is an error to report.
 */
export async function openNeeded(sys: Sys, path: string, flags = O_RDONLY): Promise<number> {
  const r = await sys.open(path, flags);
  if ("ok" in r) return r.ok;
  if (sys.backend === "host") throw new Skip(`host: open ${path}: ${r.err}`);
  throw new Error(`open ${path}: ${r.err}`);
}

/** Skips on the host when it lacks `path`. */
export async function needPath(sys: Sys, path: string): Promise<void> {
  if (sys.backend !== "host") return;
  const r = await sys.stat(path);
  if ("err" in r) throw new Skip(`host: ${path}: ${r.err}`);
}

/** read(2) of `chunk` bytes until 0 (at most `max` calls): the size and bytes of each. */
export async function readChunks(
  sys: Sys,
  fd: number,
  chunk: number,
  max = 10000,
): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (let i = 0; i < max; i++) {
    const b = must(await sys.read(fd, chunk), "read");
    if (b.length === 0) break;
    out.push(b);
  }
  return out;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Whole file by one path, read in 64 KiB chunks. */
export async function slurp(sys: Sys, path: string): Promise<string> {
  const fd = await openNeeded(sys, path);
  const s = text(concat(await readChunks(sys, fd, 65536)));
  await sys.close(fd);
  return s;
}

/** The errno name of a failed result, or "ok:<value>" as a short comparable string. */
export function show<T>(r: R<T>): string {
  if ("err" in r) return r.err;
  const v = r.ok;
  if (v instanceof Uint8Array) return `ok:${JSON.stringify(text(v))}`;
  return `ok:${JSON.stringify(v)}`;
}

/** Writes `value` to a /proc/sys file as one write at offset 0; result and the text after. */
export async function sysctlWrite(
  sys: Sys,
  path: string,
  value: string,
): Promise<{ ret: string; now: string }> {
  const fd = must(await sys.open(path, O_WRONLY), `open ${path}`);
  const ret = show(await sys.write(fd, value));
  await sys.close(fd);
  return { ret, now: await slurp(sys, path) };
}

/**
 * Runs `fn` with a sysctl or sysfs file, restoring its original text afterwards (whatever fn did),
 * so the host is left as it was found.
 */
export async function withSaved<T>(sys: Sys, path: string, fn: () => Promise<T>): Promise<T> {
  await needPath(sys, path);
  if (sys.backend === "host") {
    // A container mounts /proc/sys and /sys read-only: a property of the host, not a result.
    const w = await sys.open(path, O_WRONLY);
    if ("err" in w) throw new Skip(`host: cannot open ${path} for writing: ${w.err}`);
    await sys.close(w.ok);
  }
  const saved = await slurp(sys, path);
  const restore = async () => {
    const fd = must(await sys.open(path, O_WRONLY), `open ${path}`);
    must(await sys.write(fd, saved), `restore ${path}`);
    await sys.close(fd);
    const now = await slurp(sys, path);
    if (now !== saved) throw new Error(`${path}: could not restore ${JSON.stringify(saved)}`);
  };
  let result: T;
  try {
    result = await fn();
  } catch (e) {
    await restore();
    throw e;
  }
  await restore();
  return result;
}

/** Runs `fn` with a process of uid 1000. */
export async function asUser<T>(sys: Sys, fn: (u: Sys) => Promise<T>): Promise<T> {
  return fn(await sys.asUser(1000));
}
