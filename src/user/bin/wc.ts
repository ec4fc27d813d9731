/**
 * wc(1), GNU coreutils 8.28: newline, word, character and byte counts. -l -w -c -m -L.
 * Column width follows wc.c:compute_number_width(): the digits of the total size of the
 * regular files named, at least 7 if any input is not a regular file (a pipe), and 1 when
 * only one count of one input is printed.
 */
import { S_IFMT, S_IFREG } from "../../include/uapi/stat.ts";
import { quotef, tryHelp, utf8Locale } from "../lib/coreutils.ts";
import { getoptLong, type LongOption } from "../lib/getopt.ts";
import { errText, openInput, out, type Reader, warn } from "../lib/io.ts";
import type { Libc } from "../libc/libc.ts";

const LONG: LongOption[] = [
  { name: "bytes", hasArg: 0, val: "c" },
  { name: "chars", hasArg: 0, val: "m" },
  { name: "lines", hasArg: 0, val: "l" },
  { name: "words", hasArg: 0, val: "w" },
  { name: "max-line-length", hasArg: 0, val: "L" },
  { name: "files0-from", hasArg: 1, val: "files0-from" },
  { name: "help", hasArg: 0, val: "help" },
  { name: "version", hasArg: 0, val: "version" },
];

interface Counts {
  lines: number;
  words: number;
  chars: number;
  bytes: number;
  maxLen: number;
}

/** Mirrors wc.c:wc()'s character loop (8.28: only printable characters make words). */
class Counter {
  c: Counts = { lines: 0, words: 0, chars: 0, bytes: 0, maxLen: 0 };
  private inWord = false;
  private linePos = 0;
  /** Continuation bytes still expected of a UTF-8 sequence. */
  private pending = 0;
  constructor(private readonly utf8: boolean) {}

  feed(s: string): void {
    const c = this.c;
    c.bytes += s.length;
    for (let i = 0; i < s.length; i++) {
      const b = s.charCodeAt(i);
      if (this.pending > 0 && (b & 0xc0) === 0x80) {
        this.pending--;
        continue;
      }
      this.pending = 0;
      c.chars++;
      if (b >= 0x80 && this.utf8) {
        // A multibyte character: printable, one column.
        this.pending = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : 0;
        this.linePos++;
        if (!this.inWord) c.words++;
        this.inWord = true;
        continue;
      }
      switch (b) {
        case 0x0a:
          c.lines++;
          if (this.linePos > c.maxLen) c.maxLen = this.linePos;
          this.linePos = 0;
          this.inWord = false;
          break;
        case 0x0d:
        case 0x0c:
          if (this.linePos > c.maxLen) c.maxLen = this.linePos;
          this.linePos = 0;
          this.inWord = false;
          break;
        case 0x09:
          this.linePos += 8 - (this.linePos % 8);
          this.inWord = false;
          break;
        case 0x20:
          this.linePos++;
          this.inWord = false;
          break;
        case 0x0b:
          this.inWord = false;
          break;
        default:
          if (b > 0x20 && b < 0x7f) {
            this.linePos++;
            if (!this.inWord) c.words++;
            this.inWord = true;
          }
      }
    }
  }

  done(): Counts {
    if (this.linePos > this.c.maxLen) this.c.maxLen = this.linePos;
    if (!this.utf8) this.c.chars = this.c.bytes;
    return this.c;
  }
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv[0] ?? "wc";
  const parsed = getoptLong(argv, "clLmw", LONG);
  if (parsed.error) {
    await libc.stderr.write(parsed.error + tryHelp(prog));
    return 1;
  }
  const want = { l: false, w: false, m: false, c: false, L: false };
  for (const o of parsed.options) {
    if (o.key in want) want[o.key as keyof typeof want] = true;
    else if (o.key === "help") {
      await out(libc, `Usage: ${prog} [OPTION]... [FILE]...\n`);
      return 0;
    } else if (o.key === "version") {
      await out(libc, "wc (GNU coreutils) 8.28\n");
      return 0;
    }
  }
  if (!want.l && !want.w && !want.m && !want.c && !want.L) {
    want.l = want.w = want.c = true;
  }
  const nCounts = [want.l, want.w, want.m, want.c, want.L].filter(Boolean).length;
  const files = parsed.operands.length ? parsed.operands : ["-"];
  const named = parsed.operands.length > 0;
  // compute_number_width() from the inputs' stat.
  let width = 1;
  if (!(files.length === 1 && nCounts === 1)) {
    let minWidth = 1;
    let total = 0;
    let firstOk = false;
    for (const [i, f] of files.entries()) {
      try {
        const st = f === "-" ? await libc.fstat(0) : await libc.stat(f);
        if (i === 0) firstOk = true;
        if ((st.mode & S_IFMT) === S_IFREG) total += st.size;
        else minWidth = 7;
      } catch {
        // a file that cannot be stat'ed does not count
      }
    }
    if (firstOk) {
      for (; total >= 10; total = Math.floor(total / 10)) width++;
      width = Math.max(width, minWidth);
    }
  }
  const fmt = (c: Counts, name: string | null): string => {
    const vals: number[] = [];
    if (want.l) vals.push(c.lines);
    if (want.w) vals.push(c.words);
    if (want.m) vals.push(c.chars);
    if (want.c) vals.push(c.bytes);
    if (want.L) vals.push(c.maxLen);
    const s = vals.map((v) => String(v).padStart(width)).join(" ");
    return name === null ? `${s}\n` : `${s} ${name}\n`;
  };
  const utf8 = utf8Locale(libc);
  const total: Counts = { lines: 0, words: 0, chars: 0, bytes: 0, maxLen: 0 };
  let status = 0;
  for (const f of files) {
    let r: Reader;
    try {
      r = await openInput(libc, f);
    } catch (e) {
      await warn(libc, prog, `${quotef(libc, f)}: ${errText(libc, e)}`);
      status = 1;
      continue;
    }
    const counter = new Counter(utf8);
    try {
      for (let c = await r.readChunk(); c !== null; c = await r.readChunk()) counter.feed(c);
    } catch (e) {
      if (!(e instanceof Error && e.name === "SysError")) throw e;
      await warn(libc, prog, `${quotef(libc, f)}: ${errText(libc, e)}`);
      status = 1;
    } finally {
      await r.close();
    }
    const c = counter.done();
    total.lines += c.lines;
    total.words += c.words;
    total.chars += c.chars;
    total.bytes += c.bytes;
    total.maxLen = Math.max(total.maxLen, c.maxLen);
    await out(libc, fmt(c, named ? f : null));
  }
  if (files.length > 1) await out(libc, fmt(total, "total"));
  try {
    await libc.stdout.flush();
  } catch (e) {
    await warn(libc, prog, `write error: ${errText(libc, e)}`);
    return 1;
  }
  return status;
}
