/**
 * POSIX ustar archives (the format GNU tar writes with --format=pax): what the playground
 * stores the guest's home in, and what "Export"/"Import" hand to and take from the learner.
 * Paths longer than ustar's name/prefix fields get a pax extended header, as GNU tar does.
 */

export type TarEntryType = "file" | "dir" | "symlink";

export interface TarEntry {
  /** Relative path, "/"-separated, no leading "./" and no trailing "/". */
  path: string;
  type: TarEntryType;
  /** Permission bits (07777). */
  mode: number;
  uid: number;
  gid: number;
  /** Modification time, seconds since the epoch. */
  mtime: number;
  data?: Uint8Array;
  /** Symlink target. */
  target?: string;
}

const BLOCK = 512;
const enc = new TextEncoder();
const dec = new TextDecoder();

function writeString(h: Uint8Array, off: number, len: number, s: string): void {
  const b = enc.encode(s);
  h.set(b.subarray(0, len), off);
}

/** An octal numeric field, NUL-terminated, as tar writes it. */
function writeOctal(h: Uint8Array, off: number, len: number, n: number): void {
  writeString(
    h,
    off,
    len,
    `${Math.max(0, Math.floor(n))
      .toString(8)
      .padStart(len - 1, "0")}\0`,
  );
}

function readString(h: Uint8Array, off: number, len: number): string {
  const f = h.subarray(off, off + len);
  const nul = f.indexOf(0);
  return dec.decode(nul >= 0 ? f.subarray(0, nul) : f);
}

function readOctal(h: Uint8Array, off: number, len: number): number {
  const s = readString(h, off, len).trim();
  return s ? Number.parseInt(s, 8) || 0 : 0;
}

/** Splits a path over ustar's prefix (155) and name (100) fields, or null if it cannot be. */
function splitUstar(path: string): { prefix: string; name: string } | null {
  if (enc.encode(path).length <= 100) return { prefix: "", name: path };
  for (let i = path.indexOf("/"); i >= 0; i = path.indexOf("/", i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (enc.encode(prefix).length <= 155 && enc.encode(name).length <= 100 && name)
      return { prefix, name };
  }
  return null;
}

function header(
  name: string,
  prefix: string,
  typeflag: string,
  e: Omit<TarEntry, "path" | "type">,
  size: number,
  linkname = "",
): Uint8Array {
  const h = new Uint8Array(BLOCK);
  writeString(h, 0, 100, name);
  writeOctal(h, 100, 8, e.mode & 0o7777);
  writeOctal(h, 108, 8, e.uid);
  writeOctal(h, 116, 8, e.gid);
  writeOctal(h, 124, 12, size);
  writeOctal(h, 136, 12, e.mtime);
  h.fill(0x20, 148, 156); // checksum is computed with its own field as spaces
  writeString(h, 156, 1, typeflag);
  writeString(h, 157, 100, linkname);
  writeString(h, 257, 6, "ustar\0");
  writeString(h, 263, 2, "00");
  writeString(h, 345, 155, prefix);
  let sum = 0;
  for (const b of h) sum += b;
  writeString(h, 148, 8, `${sum.toString(8).padStart(6, "0")}\0 `);
  return h;
}

/** A pax record "LEN key=value\n", where LEN counts the whole record including itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const n = enc.encode(body).length;
  let len = n + String(n).length;
  if (String(len).length > String(n).length) len = n + String(len).length;
  return `${len}${body}`;
}

function padded(data: Uint8Array): Uint8Array[] {
  const rem = data.length % BLOCK;
  return rem ? [data, new Uint8Array(BLOCK - rem)] : [data];
}

/** Writes entries as a ustar archive (with pax headers for long names), ending in two zero blocks. */
export function packTar(entries: readonly TarEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    const path = e.type === "dir" ? `${e.path}/` : e.path;
    const target = e.target ?? "";
    const flag = e.type === "dir" ? "5" : e.type === "symlink" ? "2" : "0";
    const data = e.type === "file" ? (e.data ?? new Uint8Array(0)) : new Uint8Array(0);
    let split = splitUstar(path);
    const pax: string[] = [];
    if (!split) {
      pax.push(paxRecord("path", path));
      split = { prefix: "", name: path.slice(0, 99) };
    }
    if (enc.encode(target).length > 100) pax.push(paxRecord("linkpath", target));
    if (pax.length) {
      const body = enc.encode(pax.join(""));
      parts.push(header(`PaxHeaders/${split.name}`.slice(0, 99), "", "x", e, body.length));
      parts.push(...padded(body));
    }
    parts.push(header(split.name, split.prefix, flag, e, data.length, target.slice(0, 100)));
    if (data.length) parts.push(...padded(data));
  }
  parts.push(new Uint8Array(BLOCK * 2));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Thrown for an archive that is not a tar file or is cut short. */
export class TarError extends Error {
  override name = "TarError";
}

function parsePax(body: Uint8Array): Map<string, string> {
  const m = new Map<string, string>();
  const text = dec.decode(body);
  let i = 0;
  while (i < text.length) {
    const sp = text.indexOf(" ", i);
    if (sp < 0) break;
    const len = Number.parseInt(text.slice(i, sp), 10);
    if (!(len > 0)) break;
    const rec = text.slice(sp + 1, i + len - 1);
    const eq = rec.indexOf("=");
    if (eq > 0) m.set(rec.slice(0, eq), rec.slice(eq + 1));
    i += len;
  }
  return m;
}

/** Normalizes an archive path: no leading "./" or "/", no "..", no trailing "/". */
export function cleanTarPath(p: string): string | null {
  const parts = p.split("/").filter((c) => c !== "" && c !== ".");
  if (parts.some((c) => c === "..")) return null;
  return parts.join("/");
}

/**
 * Reads a tar archive (ustar, pax and GNU long names; v7 headers too). Entries other than
 * files, directories and symlinks are skipped; unsafe paths ("..") are dropped.
 */
export function unpackTar(buf: Uint8Array): TarEntry[] {
  const out: TarEntry[] = [];
  let off = 0;
  let longName: string | null = null;
  let longLink: string | null = null;
  let pax = new Map<string, string>();
  while (off + BLOCK <= buf.length) {
    const h = buf.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) break;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
    if (sum !== readOctal(h, 148, 8)) throw new TarError(`bad header checksum at byte ${off}`);
    const size = readOctal(h, 124, 12);
    const flag = String.fromCharCode(h[156] || 0x30);
    const dataStart = off + BLOCK;
    const dataEnd = dataStart + size;
    if (dataEnd > buf.length) throw new TarError("archive is truncated");
    const data = buf.slice(dataStart, dataEnd);
    off = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (flag === "x") {
      pax = parsePax(data);
      continue;
    }
    if (flag === "g") continue;
    if (flag === "L" || flag === "K") {
      const s = dec.decode(data).replace(/\0+$/, "");
      if (flag === "L") longName = s;
      else longLink = s;
      continue;
    }
    const magic = readString(h, 257, 6);
    const prefix = magic.startsWith("ustar") ? readString(h, 345, 155) : "";
    let name = readString(h, 0, 100);
    if (prefix) name = `${prefix}/${name}`;
    name = pax.get("path") ?? longName ?? name;
    const link = pax.get("linkpath") ?? longLink ?? readString(h, 157, 100);
    const mtime = Number(pax.get("mtime") ?? readOctal(h, 136, 12));
    pax = new Map();
    longName = longLink = null;
    const type: TarEntryType | null =
      flag === "5" || (flag === "0" && name.endsWith("/"))
        ? "dir"
        : flag === "2"
          ? "symlink"
          : flag === "0" || flag === "\0" || flag === "7"
            ? "file"
            : null;
    const path = cleanTarPath(name);
    if (!type || !path) continue;
    const e: TarEntry = {
      path,
      type,
      mode: readOctal(h, 100, 8) & 0o7777,
      uid: readOctal(h, 108, 8),
      gid: readOctal(h, 116, 8),
      mtime: Math.floor(mtime),
    };
    if (type === "file") e.data = data;
    if (type === "symlink") e.target = link;
    out.push(e);
  }
  return out;
}
