/**
 * awk's I/O: records read with RS (newline, one character, "" for paragraph mode, or a
 * regular expression, as mawk FIN/fin.c does), output files and pipes opened by
 * `print > file`, `>> file`, `| cmd`, input from `getline < file` and `cmd | getline`, and
 * system(). Commands run as `/bin/sh -c cmd` in a forked child, as popen(3) and system(3) do.
 */
import { O_APPEND, O_CREAT, O_TRUNC, O_WRONLY } from "../../../include/uapi/fcntl.ts";
import { byteStr, strBytes } from "../../lib/io.ts";
import type { Libc } from "../../libc/libc.ts";
import { FILE } from "../../libc/stdio.ts";
import { awkRegex } from "./re.ts";

const CHUNK = 65536;

/** Reads records from an fd; the buffer is a byte string. */
export class RecordReader {
  private buf = "";
  private pos = 0;
  private eof = false;
  private readonly ptr: number;

  constructor(
    private readonly libc: Libc,
    readonly fd: number,
  ) {
    this.ptr = libc.mem.malloc(CHUNK);
  }

  private async fill(): Promise<boolean> {
    if (this.eof) return false;
    const n = await this.libc.read(this.fd, this.ptr, CHUNK);
    if (n === 0) {
      this.eof = true;
      return false;
    }
    this.buf = this.buf.slice(this.pos) + byteStr(this.libc.mem.read(this.ptr, n));
    this.pos = 0;
    return true;
  }

  private rest(): string | null {
    if (this.pos >= this.buf.length) return null;
    const r = this.buf.slice(this.pos);
    this.buf = "";
    this.pos = 0;
    return r;
  }

  /** The next record separated by `rs`; null at end of input. */
  async read(rs: string): Promise<string | null> {
    if (rs.length === 1) {
      for (;;) {
        const at = this.buf.indexOf(rs, this.pos);
        if (at >= 0) {
          const r = this.buf.slice(this.pos, at);
          this.pos = at + 1;
          return r;
        }
        if (!(await this.fill())) return this.rest();
      }
    }
    if (rs === "") return this.paragraph();
    const re = awkRegex(rs);
    for (;;) {
      const m = re.exec(this.buf, this.pos);
      if (m && m.end > m.index && (m.end < this.buf.length || this.eof)) {
        const r = this.buf.slice(this.pos, m.index);
        this.pos = m.end;
        return r;
      }
      if (!(await this.fill())) return this.rest();
    }
  }

  /** RS = "": records end at blank lines; leading and trailing newlines are dropped. */
  private async paragraph(): Promise<string | null> {
    for (;;) {
      while (this.pos < this.buf.length && this.buf[this.pos] === "\n") this.pos++;
      if (this.pos < this.buf.length) break;
      if (!(await this.fill())) return null;
    }
    for (;;) {
      const at = this.buf.indexOf("\n\n", this.pos);
      if (at >= 0) {
        let end = at;
        while (end < this.buf.length && this.buf[end] === "\n") end++;
        if (end < this.buf.length || this.eof) {
          const r = this.buf.slice(this.pos, at);
          this.pos = end;
          return r;
        }
      }
      if (!(await this.fill())) {
        const r = this.rest();
        return r === null ? null : r.replace(/\n+$/, "");
      }
    }
  }

  async close(): Promise<void> {
    this.libc.mem.free(this.ptr);
    if (this.fd > 0) await this.libc.close(this.fd).catch(() => 0);
  }
}

export interface OutStream {
  file: FILE;
  fd: number;
  /** The child of a `| cmd` stream. */
  pid?: number;
}

export interface InStream {
  reader: RecordReader;
  pid?: number;
}

/** Runs `/bin/sh -c cmd` in a child; `setup` wires its fds before the exec. */
async function spawnShell(
  libc: Libc,
  cmd: string,
  setup: (child: Libc) => Promise<void>,
): Promise<number> {
  const envp = libc.environ();
  return libc.fork(async (child) => {
    try {
      await setup(child);
      await child.execve("/bin/sh", ["sh", "-c", cmd], envp);
    } catch {
      // fall through: the shell could not run
    }
    return 127;
  });
}

/** The open files and commands of one awk run. */
export class Streams {
  readonly out = new Map<string, OutStream>();
  readonly inp = new Map<string, InStream>();

  constructor(private readonly libc: Libc) {}

  private fds(): number[] {
    const fds: number[] = [];
    for (const s of this.out.values()) if (s.fd > 2) fds.push(s.fd);
    for (const s of this.inp.values()) if (s.reader.fd > 2) fds.push(s.reader.fd);
    return fds;
  }

  /** A child must not keep the other streams' pipes open, or their readers never see EOF. */
  private async closeInherited(child: Libc, keep: number[]): Promise<void> {
    for (const fd of this.fds()) if (!keep.includes(fd)) await child.close(fd).catch(() => 0);
  }

  /** Flushes every output stream (before running a command, as mawk's flush_all_output()). */
  async flushAll(): Promise<void> {
    await this.libc.stdout.flush();
    for (const s of this.out.values()) await s.file.flush();
  }

  /** The stream for `print > name` / `>> name` / `| name`, opened on first use. */
  async output(name: string, mode: ">" | ">>" | "|"): Promise<OutStream> {
    const have = this.out.get(name);
    if (have) return have;
    const libc = this.libc;
    let s: OutStream;
    if (mode !== "|" && (name === "/dev/stdout" || name === "-")) s = { file: libc.stdout, fd: 1 };
    else if (mode !== "|" && name === "/dev/stderr") s = { file: libc.stderr, fd: 2 };
    else if (mode === "|") {
      await this.flushAll();
      const [r, w] = await libc.pipe();
      const pid = await spawnShell(libc, name, async (child) => {
        await this.closeInherited(child, []);
        await child.dup2(r, 0);
        await child.close(r);
        await child.close(w);
      });
      await libc.close(r);
      s = { file: this.fileFor(w), fd: w, pid };
    } else {
      const flags = O_WRONLY | O_CREAT | (mode === ">>" ? O_APPEND : O_TRUNC);
      const fd = await libc.open(name, flags, 0o666);
      s = { file: this.fileFor(fd), fd };
    }
    this.out.set(name, s);
    return s;
  }

  private fileFor(fd: number): FILE {
    const libc = this.libc;
    return new FILE(fd, {
      writeAll: (f, d) => libc.writeAll(f, d),
      isatty: (f) => libc.isatty(f),
    });
  }

  /** The reader for `getline < name` (from: "file") or `name | getline` (from: "cmd"). */
  async input(name: string, from: "file" | "cmd"): Promise<InStream> {
    const have = this.inp.get(name);
    if (have) return have;
    const libc = this.libc;
    let s: InStream;
    if (from === "cmd") {
      await this.flushAll();
      const [r, w] = await libc.pipe();
      const pid = await spawnShell(libc, name, async (child) => {
        await this.closeInherited(child, []);
        await child.dup2(w, 1);
        await child.close(r);
        await child.close(w);
      });
      await libc.close(w);
      s = { reader: new RecordReader(libc, r), pid };
    } else {
      const fd = name === "-" || name === "/dev/stdin" ? 0 : await libc.open(name, 0);
      s = { reader: new RecordReader(libc, fd) };
    }
    this.inp.set(name, s);
    return s;
  }

  /** close(name): the command's exit status for pipes, 0 for files, -1 if not open. */
  async close(name: string): Promise<number> {
    let result = -1;
    const o = this.out.get(name);
    if (o) {
      this.out.delete(name);
      result = 0;
      await o.file.flush().catch(() => undefined);
      if (o.fd > 2) await this.libc.close(o.fd).catch(() => 0);
      if (o.pid !== undefined) result = exitStatus((await this.libc.waitpid(o.pid)).status);
    }
    const i = this.inp.get(name);
    if (i) {
      this.inp.delete(name);
      result = 0;
      await i.reader.close();
      if (i.pid !== undefined) result = exitStatus((await this.libc.waitpid(i.pid)).status);
    }
    return result;
  }

  async closeAll(): Promise<void> {
    for (const name of [...this.out.keys()]) await this.close(name);
    for (const name of [...this.inp.keys()]) await this.close(name);
  }

  /** system(cmd): flush, run it, wait; its exit status. */
  async system(cmd: string): Promise<number> {
    await this.flushAll();
    const pid = await spawnShell(this.libc, cmd, (child) => this.closeInherited(child, []));
    return exitStatus((await this.libc.waitpid(pid)).status);
  }

  async write(s: OutStream, text: string): Promise<void> {
    await s.file.write(strBytes(text));
  }
}

/** A wait status as mawk's wait_status() reports it: the exit code, or 256 + signal. */
function exitStatus(ws: number): number {
  const sig = ws & 0x7f;
  return sig ? 256 + sig : (ws >> 8) & 0xff;
}
