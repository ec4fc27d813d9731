/**
 * Byte-exact text I/O for the text commands. Data is handled as byte strings (one char
 * code 0-255 per byte, "latin1"), so any input, valid UTF-8 or not, passes through
 * unchanged; arguments (JS strings from argv) are turned into their UTF-8 bytes the same
 * way. Input is read in chunks and handed out line by line, so commands stream.
 */
import { SysError } from "../libc/errors.ts";
import type { Libc } from "../libc/libc.ts";
import { quoteaf } from "./coreutils.ts";

const enc = new TextEncoder();

/** Bytes → byte string. */
export function byteStr(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i += 8192) {
    s += String.fromCharCode.apply(null, b.subarray(i, i + 8192) as unknown as number[]);
  }
  return s;
}

/** Byte string → bytes (char codes above 255 are cut to their low byte). */
export function strBytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

/** A JS string (an argument) as the byte string of its UTF-8 encoding. */
export function argBytes(s: string): string {
  // Plain ASCII is by far the common case.
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return byteStr(enc.encode(s));
  return s;
}

/** Writes a byte string to stdout through stdio (buffered as glibc's stdout is). */
export function out(libc: Libc, s: string): Promise<void> {
  return libc.stdout.write(strBytes(s));
}

/** Reads an fd in chunks; hands out raw chunks or lines. */
export class Reader {
  private buf = "";
  private pos = 0;
  private eof = false;
  private readonly ptr: number;
  /** A NUL byte has been read (grep's binary-file test looks at whole buffers, as here). */
  sawNul = false;
  /** The line terminator ("\0" for grep -z). */
  eol = "\n";

  constructor(
    private readonly libc: Libc,
    readonly fd: number,
    private readonly chunk = 65536,
  ) {
    this.ptr = libc.mem.malloc(chunk);
  }

  private async fill(): Promise<string | null> {
    const n = await this.libc.read(this.fd, this.ptr, this.chunk);
    if (n === 0) {
      this.eof = true;
      return null;
    }
    const s = byteStr(this.libc.mem.read(this.ptr, n));
    if (!this.sawNul && s.includes("\0")) this.sawNul = true;
    return s;
  }

  /** One read(2) worth of bytes, as a byte string; null at end of file. */
  async readChunk(): Promise<string | null> {
    if (this.pos < this.buf.length) {
      const s = this.buf.slice(this.pos);
      this.buf = "";
      this.pos = 0;
      return s;
    }
    if (this.eof) return null;
    return this.fill();
  }

  /**
   * The next line including its "\n" (the last line may lack it); null at end of file.
   * Reads no further than the end of the line's chunk, so a pipe is consumed as it fills.
   */
  async readLine(): Promise<string | null> {
    for (;;) {
      const nl = this.buf.indexOf(this.eol, this.pos);
      if (nl >= 0) {
        const line = this.buf.slice(this.pos, nl + 1);
        this.pos = nl + 1;
        return line;
      }
      if (this.eof) break;
      const more = await this.fill();
      if (more === null) break;
      this.buf = this.buf.slice(this.pos) + more;
      this.pos = 0;
    }
    if (this.pos >= this.buf.length) return null;
    const rest = this.buf.slice(this.pos);
    this.buf = "";
    this.pos = 0;
    return rest;
  }

  /** Frees the buffer and leaves the fd open (tail -f goes on reading it). */
  detach(): void {
    this.libc.mem.free(this.ptr);
  }

  /** Frees the buffer and closes the fd unless it is standard input. */
  async close(): Promise<void> {
    this.libc.mem.free(this.ptr);
    if (this.fd > 0) await this.libc.close(this.fd).catch(() => 0);
  }
}

/** Opens an input operand ("-" is standard input). Throws SysError. */
export async function openInput(libc: Libc, name: string): Promise<Reader> {
  const fd = name === "-" ? 0 : await libc.open(name, 0);
  return new Reader(libc, fd);
}

/** The text of a failed system call, as coreutils' error() prints it. */
export function errText(libc: Libc, e: unknown): string {
  if (e instanceof SysError) return libc.strerror(e.errno);
  throw e;
}

/** Writes a diagnostic "prog: msg\n" to stderr (unbuffered); msg is a JS string. */
export function warn(libc: Libc, prog: string, msg: string): Promise<void> {
  return libc.stderr.write(`${prog}: ${msg}\n`);
}

/** Flushes stdout at the end of a command; reports a write error as coreutils' close_stdout(). */
export async function finish(libc: Libc, prog: string, status: number): Promise<number> {
  try {
    await libc.stdout.flush();
  } catch (e) {
    await warn(libc, prog, `write error: ${errText(libc, e)}`);
    return 1;
  }
  return status;
}

/**
 * The per-file loop of head and tail: open each operand, print the `==> f <==` header when
 * asked, run `each`, report open and read errors as coreutils does. Returns the exit status
 * after the final stdout flush (finish()).
 */
export async function eachHeadedInput(
  libc: Libc,
  prog: string,
  files: string[],
  showHeaders: boolean,
  each: (r: Reader) => Promise<void>,
): Promise<number> {
  let status = 0;
  let first = true;
  for (const f of files) {
    let r: Reader;
    try {
      r = await openInput(libc, f);
    } catch (e) {
      await warn(libc, prog, `cannot open ${quoteaf(libc, f)} for reading: ${errText(libc, e)}`);
      status = 1;
      continue;
    }
    if (showHeaders) {
      await out(libc, `${first ? "" : "\n"}==> ${f === "-" ? "standard input" : f} <==\n`);
    }
    first = false;
    try {
      await each(r);
    } catch (e) {
      if (!(e instanceof Error && e.name === "SysError")) throw e;
      await warn(libc, prog, `error reading ${quoteaf(libc, f)}: ${errText(libc, e)}`);
      status = 1;
    } finally {
      await r.close();
    }
  }
  return finish(libc, prog, status);
}
