/**
 * The pieces of GNU ls (coreutils 8.28 src/ls.c) that describe one file: its fileinfo, the
 * type indicator (-F, -p), the column widths gathered while the files are collected
 * (gobble_file()) and the `-l` line (print_long_format()).
 */

import {
  S_IFMT,
  S_ISBLK,
  S_ISCHR,
  S_ISDIR,
  S_ISLNK,
  S_ISREG,
  S_IXUGO,
} from "../../include/uapi/stat.ts";
import type { Stat } from "../libc/libc.ts";
import { lsDate, modeString } from "./format.ts";
import { humanReadable } from "./human.ts";
import { devMajor, devMinor, tsNs } from "./sys.ts";

/** ls.c enum filetype, in its order (filetype_letter indexes it). */
export type FileType =
  | "unknown"
  | "fifo"
  | "chardev"
  | "directory"
  | "blockdev"
  | "normal"
  | "symbolic_link"
  | "sock"
  | "whiteout"
  | "arg_directory";

const FILETYPE_LETTER: Record<FileType, string> = {
  unknown: "?",
  fifo: "p",
  chardev: "c",
  directory: "d",
  blockdev: "b",
  normal: "-",
  symbolic_link: "l",
  sock: "s",
  whiteout: "w",
  arg_directory: "d",
};

/** d_type of getdents64 → ls's filetype. */
export function filetypeOfDtype(dt: number): FileType {
  return (
    (
      {
        1: "fifo",
        2: "chardev",
        4: "directory",
        6: "blockdev",
        8: "normal",
        10: "symbolic_link",
        12: "sock",
        14: "whiteout",
      } as Record<number, FileType>
    )[dt] ?? "unknown"
  );
}

export interface FileInfo {
  name: string;
  filetype: FileType;
  stat: Stat | null;
  /** d_ino for entries not stat'ed. */
  ino: number;
  linkName?: string;
  /** Mode of the symlink's target (0 when it could not be stat'ed). */
  linkMode: number;
  /** The name as printed (quoted per the quoting style) and its width. */
  quoted: string;
  /** Whether quoting changed the name (align_variable_outer_quotes). */
  isQuoted: boolean;
}

export type IndicatorStyle = "none" | "slash" | "file_type" | "classify";
export type TimeType = "mtime" | "ctime" | "atime";

/** The column widths of one listing (reset by clear_files()). */
export interface Widths {
  inode: number;
  block: number;
  nlink: number;
  owner: number;
  group: number;
  major: number;
  minor: number;
  size: number;
}

export function zeroWidths(): Widths {
  return { inode: 0, block: 0, nlink: 0, owner: 0, group: 0, major: 0, minor: 0, size: 0 };
}

/** Mirrors ls.c:get_type_indicator(). */
export function typeIndicator(
  statOk: boolean,
  mode: number,
  type: FileType,
  style: IndicatorStyle,
): string {
  if (style === "none") return "";
  if (statOk ? S_ISREG(mode) : type === "normal") {
    return statOk && style === "classify" && mode & S_IXUGO ? "*" : "";
  }
  if (statOk ? S_ISDIR(mode) : type === "directory" || type === "arg_directory") return "/";
  if (style === "slash") return "";
  const t = mode & S_IFMT;
  if (statOk ? t === 0o120000 : type === "symbolic_link") return "@";
  if (statOk ? t === 0o010000 : type === "fifo") return "|";
  if (statOk ? t === 0o140000 : type === "sock") return "=";
  return "";
}

/** Options the long format and the size columns depend on. */
export interface LongOptions {
  humanOpts: number;
  outputBlockSize: number;
  fileHumanOpts: number;
  fileOutputBlockSize: number;
  printOwner: boolean;
  printGroup: boolean;
  numericIds: boolean;
  timeType: TimeType;
  indicator: IndicatorStyle;
  printInode: boolean;
  printBlockSize: boolean;
  /** --time-style: "locale" (the default C-locale format) or an ISO style. */
  timeStyle: "locale" | "full-iso" | "long-iso" | "iso";
}

export function fileTime(st: Stat, t: TimeType) {
  return t === "ctime" ? st.ctime : t === "atime" ? st.atime : st.mtime;
}

export function blocksText(st: Stat, o: LongOptions): string {
  return humanReadable(st.blocks, o.humanOpts, 512, o.outputBlockSize);
}

export function sizeText(st: Stat, o: LongOptions): string {
  return humanReadable(st.size, o.fileHumanOpts, 1, o.fileOutputBlockSize);
}

export function inodeText(f: FileInfo): string {
  return f.stat ? String(f.stat.ino) : f.ino ? String(f.ino) : "?";
}

/** Owner and group names, resolved once per listing. */
export interface Names {
  user(uid: number): string | undefined;
  group(gid: number): string | undefined;
}

/** Mirrors the width bookkeeping of ls.c:gobble_file() for a file that was stat'ed. */
export function noteWidths(w: Widths, f: FileInfo, o: LongOptions, long: boolean, names: Names) {
  const st = f.stat;
  if (!st) return;
  if (long || o.printBlockSize) w.block = Math.max(w.block, blocksText(st, o).length);
  if (!long) return;
  if (o.printOwner) {
    const n = o.numericIds ? undefined : names.user(st.uid);
    w.owner = Math.max(w.owner, (n ?? String(st.uid)).length);
  }
  if (o.printGroup) {
    const n = o.numericIds ? undefined : names.group(st.gid);
    w.group = Math.max(w.group, (n ?? String(st.gid)).length);
  }
  w.nlink = Math.max(w.nlink, String(st.nlink).length);
  if (S_ISCHR(st.mode) || S_ISBLK(st.mode)) {
    w.major = Math.max(w.major, String(devMajor(st.rdev)).length);
    w.minor = Math.max(w.minor, String(devMinor(st.rdev)).length);
    w.size = Math.max(w.size, w.major + 2 + w.minor);
  } else {
    w.size = Math.max(w.size, sizeText(st, o).length);
  }
}

const pad = (s: string, w: number) => s.padStart(w);

/** Mirrors ls.c:format_user_or_group(): names left-aligned, numbers right-aligned. */
function userOrGroup(name: string | undefined, id: number, width: number): string {
  return name !== undefined ? `${name.padEnd(width)} ` : `${String(id).padStart(width)} `;
}

function isoTime(ns: bigint, style: LongOptions["timeStyle"], recent: boolean): string {
  const sec = ns / 1_000_000_000n;
  const d = new Date(Number(sec) * 1000);
  const p2 = (n: number) => String(n).padStart(2, "0");
  const ymd = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
  const hm = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
  if (style === "full-iso") {
    const frac = String(ns % 1_000_000_000n).padStart(9, "0");
    return `${ymd} ${hm}:${p2(d.getUTCSeconds())}.${frac} +0000`;
  }
  if (style === "long-iso") return `${ymd} ${hm}`;
  // "iso": recent files "%m-%d %H:%M", others "%Y-%m-%d ".
  return recent ? `${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${hm}` : `${ymd} `;
}

/** ls.c's six months: half of 31556952 seconds, in nanoseconds. */
const SIX_MONTHS_NS = (31556952n / 2n) * 1_000_000_000n;

/**
 * Mirrors ls.c:print_long_format() up to the name: inode, blocks, mode, links, owner, group,
 * size or device numbers, and the date, each followed by a space. `now` is the time ls
 * read its clock (ns); the date is "recent" if within six months before it.
 */
export function longPrefix(f: FileInfo, w: Widths, o: LongOptions, now: bigint, names: Names) {
  const st = f.stat;
  let p = "";
  if (o.printInode) p += `${pad(inodeText(f), w.inode)} `;
  if (o.printBlockSize) p += `${pad(st ? blocksText(st, o) : "?", w.block)} `;
  const mode = st ? modeString(st.mode) : FILETYPE_LETTER[f.filetype] + "?".repeat(9);
  p += `${mode} ${pad(st ? String(st.nlink) : "?", w.nlink)} `;
  if (o.printOwner) {
    if (!st) p += `${"?".padEnd(w.owner)} `;
    else p += userOrGroup(o.numericIds ? undefined : names.user(st.uid), st.uid, w.owner);
  }
  if (o.printGroup) {
    if (!st) p += `${"?".padEnd(w.group)} `;
    else p += userOrGroup(o.numericIds ? undefined : names.group(st.gid), st.gid, w.group);
  }
  if (st && (S_ISCHR(st.mode) || S_ISBLK(st.mode))) {
    const blanks = w.size - (w.major + 2 + w.minor);
    p += `${pad(String(devMajor(st.rdev)), w.major + Math.max(0, blanks))}, ${pad(String(devMinor(st.rdev)), w.minor)} `;
  } else {
    p += `${pad(st ? sizeText(st, o) : "?", w.size)} `;
  }
  if (!st) return `${p}${pad("?", 12)} `;
  const t = fileTime(st, o.timeType);
  const tns = tsNs(t);
  const recent = now - SIX_MONTHS_NS < tns && tns < now;
  if (o.timeStyle !== "locale") return `${p}${isoTime(tns, o.timeStyle, recent)} `;
  // lsDate() takes seconds; hand it a "now" that reproduces the exact nanosecond decision.
  return `${p}${lsDate(t.sec, recent ? t.sec + 1 : t.sec)} `;
}

export { S_ISLNK };
