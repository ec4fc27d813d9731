/**
 * stdio as glibc buffers it: a stream is line-buffered when it refers to a
 * terminal, fully buffered otherwise (BUFSIZ-sized writes), and stderr is
 * unbuffered; everything is flushed at exit. This is what makes a C program's
 * stdout and stderr interleave the way they do in a pipe.
 */
import { format, type PrintfArg } from "../../lib/vsprintf.ts";

const enc = new TextEncoder();

/** glibc sizes a pipe's or file's buffer by st_blksize: 4096 here. */
export const BUFSIZ = 4096;

export type BufMode = "line" | "full" | "none";

export interface StreamSink {
  /** Writes all bytes (retrying short writes); rejects with the write's error. */
  writeAll(fd: number, data: Uint8Array): Promise<void>;
  isatty(fd: number): Promise<boolean>;
}

export class FILE {
  private chunks: Uint8Array[] = [];
  private pending = 0;
  mode: BufMode | null;
  error = false;

  constructor(
    readonly fd: number,
    private readonly sink: StreamSink,
    mode: BufMode | null = null,
  ) {
    this.mode = mode;
  }

  private async decideMode(): Promise<BufMode> {
    if (this.mode === null) this.mode = (await this.sink.isatty(this.fd)) ? "line" : "full";
    return this.mode;
  }

  /** fwrite/fputs: buffer, and flush as the stream's mode requires. */
  async write(data: Uint8Array | string): Promise<void> {
    const b = typeof data === "string" ? enc.encode(data) : data;
    if (!b.length) return;
    const mode = await this.decideMode();
    if (mode === "none") {
      await this.out(b);
      return;
    }
    this.chunks.push(b);
    this.pending += b.length;
    if (mode === "line" && b.includes(0x0a)) {
      await this.flush();
    } else if (mode === "full" && this.pending >= BUFSIZ) {
      // glibc writes whole buffers and keeps the remainder.
      const all = this.take();
      const whole = all.length - (all.length % BUFSIZ);
      await this.out(all.subarray(0, whole));
      if (whole < all.length) {
        this.chunks = [all.slice(whole)];
        this.pending = all.length - whole;
      }
    }
  }

  private take(): Uint8Array {
    const all = new Uint8Array(this.pending);
    let o = 0;
    for (const c of this.chunks) {
      all.set(c, o);
      o += c.length;
    }
    this.chunks = [];
    this.pending = 0;
    return all;
  }

  private async out(b: Uint8Array): Promise<void> {
    try {
      await this.sink.writeAll(this.fd, b);
    } catch (e) {
      this.error = true;
      throw e;
    }
  }

  /** fflush(3) */
  async flush(): Promise<void> {
    if (!this.pending) return;
    await this.out(this.take());
  }

  /** Bytes written but not yet flushed (dropped by execve or _exit). */
  discard(): void {
    this.chunks = [];
    this.pending = 0;
  }

  get buffered(): number {
    return this.pending;
  }
}

export function sprintf(fmt: string, ...args: PrintfArg[]): string {
  return format(fmt, args);
}

export type { PrintfArg };
