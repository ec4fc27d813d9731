/**
 * Output formats of the user-space tools whose output users compare byte for byte with a
 * real machine: `ls -l` (GNU coreutils 9.1, C locale) and `dmesg` (util-linux).
 *
 * Pure and browser-safe: no Node.js built-ins, no host clock or time zone (times are UTC).
 */

import {
  S_IFBLK,
  S_IFCHR,
  S_IFDIR,
  S_IFIFO,
  S_IFLNK,
  S_IFMT,
  S_IFREG,
  S_IFSOCK,
  S_IRGRP,
  S_IROTH,
  S_IRUSR,
  S_ISGID,
  S_ISUID,
  S_ISVTX,
  S_IWGRP,
  S_IWOTH,
  S_IWUSR,
  S_IXGRP,
  S_IXOTH,
  S_IXUSR,
} from "../../include/uapi/stat.ts";

/** Mirrors gnulib lib/filemode.c:ftypelet() for the types Linux has. */
function typeLetter(mode: number): string {
  switch (mode & S_IFMT) {
    case S_IFREG:
      return "-";
    case S_IFDIR:
      return "d";
    case S_IFBLK:
      return "b";
    case S_IFCHR:
      return "c";
    case S_IFLNK:
      return "l";
    case S_IFIFO:
      return "p";
    case S_IFSOCK:
      return "s";
    default:
      return "?";
  }
}

/**
 * `drwxr-xr-x` and friends. Mirrors gnulib lib/filemode.c:strmode() without its trailing
 * space (ls drops it when no file has an ACL): s/S for set-id bits with or without the
 * execute bit under them, t/T for the sticky bit.
 */
export function modeString(mode: number): string {
  const bit = (mask: number, c: string): string => (mode & mask ? c : "-");
  const special = (exec: number, flag: number, set: string): string => {
    if (mode & flag) return mode & exec ? set : set.toUpperCase();
    return mode & exec ? "x" : "-";
  };
  return (
    typeLetter(mode) +
    bit(S_IRUSR, "r") +
    bit(S_IWUSR, "w") +
    special(S_IXUSR, S_ISUID, "s") +
    bit(S_IRGRP, "r") +
    bit(S_IWGRP, "w") +
    special(S_IXGRP, S_ISGID, "s") +
    bit(S_IROTH, "r") +
    bit(S_IWOTH, "w") +
    special(S_IXOTH, S_ISVTX, "t")
  );
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Half of a Gregorian year of 365.2425 days, as ls.c writes it: 31556952 / 2 seconds. */
const SIX_MONTHS = 31556952 / 2;

/**
 * The date column of `ls -l` in the C locale. Mirrors coreutils src/ls.c:print_long_format():
 * a time is recent, and printed "%b %e %H:%M", if it is after now minus six months and
 * before now (both strictly; a file stamped this very second is not recent unless `now`
 * carries its fraction of a second, as ls's clock does); otherwise "%b %e  %Y". Times may be
 * fractional seconds. Only UTC is supported, which is the kernel's and the transcripts' zone.
 */
export function lsDate(mtimeSec: number, nowSec: number, _tz: "UTC" = "UTC"): string {
  const recent = nowSec - SIX_MONTHS < mtimeSec && mtimeSec < nowSec;
  const d = new Date(Math.floor(mtimeSec) * 1000);
  // Like ls when localtime() fails: the number of seconds, right-aligned in the column.
  if (Number.isNaN(d.getTime())) return String(Math.floor(mtimeSec)).padStart(12);
  const day = String(d.getUTCDate()).padStart(2, " ");
  const head = `${MONTHS[d.getUTCMonth()]} ${day}`;
  if (recent) {
    const hh = String(d.getUTCHours()).padStart(2, "0");
    const mm = String(d.getUTCMinutes()).padStart(2, "0");
    return `${head} ${hh}:${mm}`;
  }
  return `${head}  ${d.getUTCFullYear()}`;
}

export interface LsLongEntry {
  mode: number;
  nlink: number;
  /** User name, or the uid when it has none (printed right-aligned, as ls does). */
  owner: string | number;
  /** Group name, or the gid when it has none. */
  group: string | number;
  /** st_size; ignored for character and block devices. */
  size?: number;
  /** Device numbers of a character or block device. */
  major?: number;
  minor?: number;
  /** st_blocks, in 512-byte units as stat(2) gives them; only the `total` line uses it. */
  blocks?: number;
  /** st_mtime in seconds since the epoch (may be fractional). */
  mtime: number;
  name: string;
  /** Target of a symbolic link, printed after " -> ". */
  linkTarget?: string;
}

export interface LsLongOptions {
  /** The current time in seconds (may be fractional), for the recent/old date rule. */
  now: number;
  /** Print the `total N` line first, as ls does when listing a directory. */
  total?: boolean;
  /** Show the owner column (ls -g hides it). */
  owner?: boolean;
  /** Show the group column (ls -o and -G hide it). */
  group?: boolean;
}

function isDevice(mode: number): boolean {
  const t = mode & S_IFMT;
  return t === S_IFCHR || t === S_IFBLK;
}

/** Mirrors ls.c:format_user_or_group(): a name left-aligned, a number right-aligned. */
function userOrGroup(v: string | number, width: number): string {
  return typeof v === "number" ? `${String(v).padStart(width)} ` : `${v.padEnd(width)} `;
}

/**
 * The lines of `ls -l` for `entries`, in the order given. Mirrors coreutils 9.1
 * src/ls.c:gobble_file() (column widths: each the widest value of the listing) and
 * print_long_format(): mode, link count right-aligned, owner and group padded, then size
 * right-aligned or, for a device, "major, minor" with the major right-aligned to the widest
 * major and the minor to the widest minor; the size column is at least as wide as the widest
 * "major, minor", and if sizes are wider the majors are pushed right to line up. The `total`
 * line is the sum of st_blocks in 1024-byte units, rounded up.
 */
export function formatLsLong(entries: readonly LsLongEntry[], options: LsLongOptions): string[] {
  const showOwner = options.owner ?? true;
  const showGroup = options.group ?? true;
  let nlinkWidth = 0;
  let ownerWidth = 0;
  let groupWidth = 0;
  let majorWidth = 0;
  let minorWidth = 0;
  let sizeWidth = 0;
  let blocks = 0;
  for (const e of entries) {
    blocks += e.blocks ?? 0;
    nlinkWidth = Math.max(nlinkWidth, String(e.nlink).length);
    ownerWidth = Math.max(ownerWidth, String(e.owner).length);
    groupWidth = Math.max(groupWidth, String(e.group).length);
    if (isDevice(e.mode)) {
      majorWidth = Math.max(majorWidth, String(e.major ?? 0).length);
      minorWidth = Math.max(minorWidth, String(e.minor ?? 0).length);
      sizeWidth = Math.max(sizeWidth, majorWidth + 2 + minorWidth);
    } else {
      sizeWidth = Math.max(sizeWidth, String(e.size ?? 0).length);
    }
  }

  const lines: string[] = [];
  if (options.total) lines.push(`total ${Math.ceil(blocks / 2)}`);
  for (const e of entries) {
    let line = `${modeString(e.mode)} ${String(e.nlink).padStart(nlinkWidth)} `;
    if (showOwner) line += userOrGroup(e.owner, ownerWidth);
    if (showGroup) line += userOrGroup(e.group, groupWidth);
    if (isDevice(e.mode)) {
      const blanks = sizeWidth - (majorWidth + 2 + minorWidth);
      line += `${String(e.major ?? 0).padStart(majorWidth + Math.max(0, blanks))}, ${String(e.minor ?? 0).padStart(minorWidth)} `;
    } else {
      line += `${String(e.size ?? 0).padStart(sizeWidth)} `;
    }
    line += `${lsDate(e.mtime, options.now)} ${e.name}`;
    if (e.linkTarget !== undefined) line += ` -> ${e.linkTarget}`;
    lines.push(line);
  }
  return lines;
}

function isSpace(c: number): boolean {
  // C isspace(): space, \t \n \v \f \r.
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/**
 * One record of `dmesg` output: "[%5lu.%06lu] " then the message, "\n" at the end.
 * Mirrors util-linux sys-utils/dmesg.c:print_record() and safe_fwrite(): every "\n" inside
 * the message that is followed by more text is followed by as many spaces as the prefix is
 * wide (15 for "[    1.234567] "), control characters other than white space come out as
 * "\xNN", and an empty message prints an empty line with no timestamp. Characters outside
 * ASCII are printed as they are, as dmesg does in a UTF-8 locale; with `utf8: false` (the C
 * locale) each of their UTF-8 bytes comes out as "\xNN".
 */
export function formatDmesgLine(
  sec: number,
  usec: number,
  text: string,
  options: { utf8?: boolean } = {},
): string {
  if (text === "") return "\n";
  const prefix = `[${String(sec).padStart(5)}.${String(usec).padStart(6, "0")}] `;
  const indent = " ".repeat(prefix.length);
  let body = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0 || ((c < 0x20 || c === 0x7f) && !isSpace(c))) {
      body += `\\x${c.toString(16).padStart(2, "0")}`;
    } else if (c >= 0x80 && (options.utf8 === false || c <= 0x9f)) {
      // Not ASCII: the C locale cannot print it; C1 controls are unprintable in any locale.
      const cp = text.codePointAt(i)!;
      for (const b of new TextEncoder().encode(String.fromCodePoint(cp)))
        body += `\\x${b.toString(16)}`;
      if (cp > 0xffff) i++;
    } else if (c === 0x0a && i + 1 < text.length && text.charCodeAt(i + 1) !== 0) {
      body += `\n${indent}`;
    } else {
      body += text[i];
    }
  }
  return `${prefix}${body}\n`;
}
