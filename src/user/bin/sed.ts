/**
 * sed(1), GNU sed 4.x: the stream editor. The script is compiled by
 * src/user/lib/sed-compile.ts; this file is execute.c: the input stream with one line of
 * look-ahead (for `$`), the pattern and hold spaces, the append queue, and the commands.
 * Options: -n -e -f -E/-r -s -z -u --posix -l N -i[SUFFIX] --follow-symlinks --help --version
 * (in-place editing of GNU sed 4.9 in src/user/lib/sed_inplace.ts). Exit status: 0; 1 for a
 * bad script; 2 when an input file could not be read; 4 on an I/O error; or q/Q's code.
 */
import { O_CREAT, O_TRUNC, O_WRONLY } from "../../include/uapi/fcntl.ts";
import { utf8Locale } from "../lib/coreutils.ts";
import { getoptLong, type LongOption } from "../lib/getopt.ts";
import { argBytes, byteStr, errText, openInput, Reader, strBytes, warn } from "../lib/io.ts";
import type { PosixRegex, RegexMatch } from "../lib/regex.ts";
import { InPlace, inPlaceExtension } from "../lib/sed_inplace.ts";
import {
  type Addr,
  type Cmd,
  compileScript,
  type Program,
  type ScriptPiece,
  SedError,
  type Subst,
} from "../lib/sed-compile.ts";
import type { Libc } from "../libc/libc.ts";

const LONG: LongOption[] = [
  { name: "binary", hasArg: 0, val: "b" },
  { name: "regexp-extended", hasArg: 0, val: "r" },
  { name: "debug", hasArg: 0, val: "debug" },
  { name: "expression", hasArg: 1, val: "e" },
  { name: "file", hasArg: 1, val: "f" },
  { name: "in-place", hasArg: 2, val: "i" },
  { name: "line-length", hasArg: 1, val: "l" },
  { name: "null-data", hasArg: 0, val: "z" },
  { name: "zero-terminated", hasArg: 0, val: "z" },
  { name: "quiet", hasArg: 0, val: "n" },
  { name: "posix", hasArg: 0, val: "p" },
  { name: "silent", hasArg: 0, val: "n" },
  { name: "sandbox", hasArg: 0, val: "sandbox" },
  { name: "separate", hasArg: 0, val: "s" },
  { name: "unbuffered", hasArg: 0, val: "u" },
  { name: "version", hasArg: 0, val: "v" },
  { name: "help", hasArg: 0, val: "h" },
  { name: "follow-symlinks", hasArg: 0, val: "F" },
];

/** usage() as recorded from sed 4.9, less the --debug lines that 4.6 added. */
function usageText(prog: string): string {
  return `Usage: ${prog} [OPTION]... {script-only-if-no-other-script} [input-file]...

  -n, --quiet, --silent
                 suppress automatic printing of pattern space
  -e script, --expression=script
                 add the script to the commands to be executed
  -f script-file, --file=script-file
                 add the contents of script-file to the commands to be executed
  --follow-symlinks
                 follow symlinks when processing in place
  -i[SUFFIX], --in-place[=SUFFIX]
                 edit files in place (makes backup if SUFFIX supplied)
  -l N, --line-length=N
                 specify the desired line-wrap length for the \`l' command
  --posix
                 disable all GNU extensions.
  -E, -r, --regexp-extended
                 use extended regular expressions in the script
                 (for portability use POSIX -E).
  -s, --separate
                 consider files as separate rather than as a single,
                 continuous long stream.
      --sandbox
                 operate in sandbox mode (disable e/r/w commands).
  -u, --unbuffered
                 load minimal amounts of data from the input files and flush
                 the output buffers more often
  -z, --null-data
                 separate lines by NUL characters
      --help     display this help and exit
      --version  output version information and exit

If no -e, --expression, -f, or --file option is given, then the first
non-option argument is taken as the sed script to interpret.  All
remaining arguments are names of input files; if no input files are
specified, then the standard input is read.

GNU sed home page: <https://www.gnu.org/software/sed/>.
General help using GNU software: <https://www.gnu.org/gethelp/>.
`;
}

interface Line {
  text: string;
  /** The line ended with the delimiter (GNU's `chomped`). */
  chomped: boolean;
}

/** The concatenated input files with one line of look-ahead. Mirrors read_pattern_space(). */
class Input {
  private idx = 0;
  private reader: Reader | null = null;
  private ahead: Line | null = null;
  private primed = false;
  lineNumber = 0;
  badCount = 0;
  fileName = "-";
  /** With -s, `$` and line numbers are per file. */
  private fileEnded = false;
  /** -s/-i: a file after the first starts (read_pattern_space()'s reset_at_next_file). */
  onNextFile: () => void = () => {};

  constructor(
    private readonly libc: Libc,
    private readonly prog: string,
    private readonly files: string[],
    private readonly delim: string,
    private readonly separate: boolean,
    private readonly inPlace: InPlace | null = null,
  ) {}

  /** Mirrors execute.c:open_next_file(); with -i, "-" is a file name like any other. */
  private async openNext(): Promise<boolean> {
    while (this.idx < this.files.length) {
      const name = this.files[this.idx++];
      let target = name;
      try {
        if (this.inPlace) {
          target = await this.inPlace.followSymlink(name);
          this.reader = new Reader(this.libc, await this.libc.open(name, 0));
        } else this.reader = await openInput(this.libc, name);
        this.reader.eol = this.delim;
        this.fileName = name;
      } catch (e) {
        await warn(this.libc, this.prog, `can't read ${name}: ${errText(this.libc, e)}`);
        this.badCount++;
        continue;
      }
      if (this.inPlace) await this.inPlace.open(name, target, this.reader.fd);
      return true;
    }
    return false;
  }

  private async fetch(): Promise<Line | null> {
    for (;;) {
      if (!this.reader) {
        if (!(await this.openNext())) return null;
      }
      const r = this.reader as Reader;
      let raw: string | null;
      try {
        raw = await r.readLine();
      } catch (e) {
        await warn(
          this.libc,
          this.prog,
          `read error on ${this.fileName}: ${errText(this.libc, e)}`,
        );
        this.badCount++;
        raw = null;
      }
      if (raw !== null) {
        const chomped = raw.endsWith(this.delim);
        return { text: chomped ? raw.slice(0, -1) : raw, chomped };
      }
      await r.close();
      this.reader = null;
      if (this.separate) {
        this.fileEnded = true;
        return null;
      }
    }
  }

  /** The next line, or null at the end of the input. */
  async next(): Promise<Line | null> {
    if (!this.primed) {
      this.ahead = await this.fetch();
      this.primed = true;
    }
    let cur = this.ahead;
    while (!cur && this.separate && this.fileEnded && this.idx < this.files.length) {
      // -s: the next file starts over (an empty one is passed by, -i still rewrites it).
      await this.inPlace?.finish();
      this.fileEnded = false;
      this.lineNumber = 0;
      this.onNextFile();
      cur = await this.fetch();
    }
    if (!cur) return null;
    this.lineNumber++;
    this.ahead = await this.fetch();
    return cur;
  }

  /** test_eof(): no line after the current one. */
  isLast(): boolean {
    return this.ahead === null;
  }

  /** closedown(): the end of the input, or q/Q; with -i the last file is put in place. */
  async close(): Promise<void> {
    if (this.reader) await this.reader.close();
    this.reader = null;
    await this.inPlace?.finish();
  }
}

/** Output with GNU's missing-newline bookkeeping (output_missing_newline()). */
class Output {
  missingNewline = false;
  constructor(
    private readonly write: (s: string) => Promise<void>,
    private readonly delim: string,
  ) {}
  async line(text: string, chomped: boolean): Promise<void> {
    let s = this.missingNewline ? this.delim : "";
    s += text;
    if (chomped) s += this.delim;
    this.missingNewline = !chomped;
    await this.write(s);
  }
  async raw(s: string): Promise<void> {
    if (this.missingNewline) {
      this.missingNewline = false;
      await this.write(this.delim + s);
    } else await this.write(s);
  }
}

interface State {
  libc: Libc;
  prog: string;
  program: Program;
  input: Input;
  out: Output;
  quiet: boolean;
  delim: string;
  lineLen: number;
  posix: boolean;
  ps: Line;
  hold: Line;
  replaced: boolean;
  append: { text?: string; file?: string }[];
  lastRe: PosixRegex | null;
  wfiles: Map<string, Output>;
  wbuf: Map<string, string[]>;
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv[0] ?? "sed";
  const parsed = getoptLong(argv, "bsnrzuEe:f:l:i::V:", LONG, {
    posixlyCorrect: libc.getenv("POSIXLY_CORRECT") !== undefined,
  });
  if (parsed.error) {
    await libc.stderr.write(parsed.error + usageText(prog));
    return 1;
  }
  const pieces: ScriptPiece[] = [];
  let quiet = false;
  let extended = false;
  let separate = false;
  let delim = "\n";
  let lineLen = 70;
  let posix = false;
  let exprCount = 0;
  /** in_place_extension: null without -i, "*" for -i without a suffix. */
  let inPlaceExt: string | null = null;
  let followSymlinks = false;
  for (const o of parsed.options) {
    const a = o.arg ?? "";
    switch (o.key) {
      case "n":
        quiet = true;
        break;
      case "e":
        pieces.push({ text: argBytes(a), kind: "expr", name: "", index: ++exprCount });
        break;
      case "f": {
        try {
          const bytes = a === "-" ? await libc.readAll(0) : await libc.readFile(a);
          const text = byteStr(bytes);
          // The line inchar() is on at the end: 1 + every newline read (the last one too).
          const endLine = text.split("\n").length;
          pieces.push({ text: text.replace(/\n$/, ""), kind: "file", name: a, index: 0, endLine });
        } catch (e) {
          await warn(libc, prog, `couldn't open file ${a}: ${errText(libc, e)}`);
          return 4;
        }
        break;
      }
      case "E":
      case "r":
        extended = true;
        break;
      case "s":
        separate = true;
        break;
      case "z":
        delim = "\0";
        break;
      case "l":
        lineLen = Number.parseInt(a, 10) || 0;
        break;
      case "p":
        posix = true;
        break;
      case "i":
        // -i implies -s. The suffix is attached only: `-ie` means suffix "e" (GNU too).
        separate = true;
        inPlaceExt = inPlaceExtension(o.arg);
        break;
      case "F":
        followSymlinks = true;
        break;
      case "v":
        await libc.stdout.write("sed (GNU sed) 4.4\n");
        return 0;
      case "h":
        await libc.stdout.write(usageText(prog));
        return 0;
      default:
        break;
    }
  }
  const operands = [...parsed.operands];
  if (!pieces.length) {
    if (!operands.length) {
      await libc.stderr.write(usageText(prog));
      return 1;
    }
    pieces.push({ text: argBytes(operands.shift() as string), kind: "expr", name: "", index: 1 });
  }
  let program: Program;
  try {
    program = compileScript(pieces, { extended, posix, utf8: utf8Locale(libc) });
  } catch (e) {
    if (!(e instanceof SedError)) throw e;
    await warn(libc, prog, e.message);
    return e.status;
  }
  // sed.c: -i with no file is a panic, after the script compiled.
  if (inPlaceExt !== null && !operands.length) {
    await warn(libc, prog, "no input files");
    return 4;
  }
  const inPlace = inPlaceExt !== null ? new InPlace(libc, inPlaceExt, followSymlinks) : null;
  const toStdout = (s: string) => libc.stdout.write(strBytes(s));
  // With -i the output (of p, =, a, i, l ... too) goes to the file being edited.
  const write = inPlace ? (s: string) => inPlace.write(s) : toStdout;
  const input = new Input(libc, prog, operands.length ? operands : ["-"], delim, separate, inPlace);
  const st: State = {
    libc,
    prog,
    program,
    input,
    out: new Output(write, delim),
    quiet: quiet || program.quiet,
    delim,
    lineLen,
    posix,
    ps: { text: "", chomped: true },
    hold: { text: "", chomped: true },
    replaced: false,
    append: [],
    lastRe: null,
    wfiles: new Map(),
    wbuf: new Map(),
  };
  input.onNextFile = () => {
    // read_pattern_space(): each file gets an empty hold space and fresh ranges; -i's
    // output never owes the previous file its missing newline.
    st.hold = { text: "", chomped: true };
    for (const c of program.cmds) c.range = "idle";
    if (inPlace) st.out.missingNewline = false;
  };
  for (const f of program.wfiles) {
    // w /dev/stdout is standard output itself, even with -i (compile.c special_files).
    if (f === "/dev/stdout") st.wfiles.set(f, inPlace ? new Output(toStdout, delim) : st.out);
    else if (f === "/dev/stderr")
      st.wfiles.set(f, new Output((s) => libc.stderr.write(strBytes(s)), delim));
    else {
      try {
        const fd = await libc.open(f, O_WRONLY | O_CREAT | O_TRUNC, 0o666);
        const buf: string[] = [];
        st.wbuf.set(f, buf);
        st.wfiles.set(
          f,
          new Output(async (s) => {
            buf.push(s);
            if (buf.length > 64) await libc.writeAll(fd, strBytes(buf.splice(0).join("")));
          }, delim),
        );
        st.wbuf.set(`fd:${f}`, [String(fd)]);
      } catch (e) {
        await warn(libc, prog, `couldn't open file ${f}: ${errText(libc, e)}`);
        return 4;
      }
    }
  }
  let status = 0;
  try {
    for (;;) {
      const line = await st.input.next();
      if (!line) break;
      st.ps = line;
      st.replaced = false;
      const r = await execute(st);
      await dumpAppend(st);
      if (r >= 0) {
        status = r;
        break;
      }
    }
    await st.input.close();
    for (const [f, buf] of st.wbuf) {
      if (f.startsWith("fd:")) continue;
      const fd = Number((st.wbuf.get(`fd:${f}`) as string[])[0]);
      if (buf.length) await libc.writeAll(fd, strBytes(buf.join("")));
      await libc.close(fd);
    }
    await libc.stdout.flush();
  } catch (e) {
    // panic()'s cleanup: an unfinished -i temporary file is removed, the original stays.
    await inPlace?.abort();
    if (e instanceof SedError) {
      await warn(libc, prog, e.message);
      return e.status;
    }
    if (e instanceof Error && e.name === "SysError") {
      await warn(libc, prog, `couldn't write items to stdout: ${errText(libc, e)}`);
      return 4;
    }
    throw e;
  }
  if (st.input.badCount) status = 2;
  return status;
}

function matchAddr(st: State, a: Addr): boolean {
  switch (a.t) {
    case "num":
      return st.input.lineNumber === a.n;
    case "last":
      return st.input.isLast();
    case "re":
      return reTest(st, a.re, st.ps.text) !== null;
    case "mod":
      return st.input.lineNumber >= a.first && (st.input.lineNumber - a.first) % a.step === 0;
    case "zero":
      return false;
    case "plus":
    case "mult":
      return false;
  }
}

/** Runs a regex (the empty one means the last regex used). */
function reTest(st: State, re: PosixRegex | null, s: string, from = 0): RegexMatch | null {
  const r = re ?? st.lastRe;
  // compile.c's bad_prog(NO_REGEX) from execute.c: the end of the script, exit status 1.
  if (!r) throw new SedError(`${st.program.endLocation}: no previous regular expression`, 1);
  st.lastRe = r;
  return r.exec(s, from);
}

/** Mirrors execute.c:match_address_p(). */
function matchAddress(st: State, cmd: Cmd): boolean {
  const a1 = cmd.a1;
  const a2 = cmd.a2;
  if (!a1) return true;
  const l = st.input.lineNumber;
  if (cmd.range !== "active") {
    if (!a2) return matchAddr(st, a1);
    if (a1.t === "num") {
      if (cmd.range === "closed" || l < a1.n) return false;
    } else if (a1.t === "zero") {
      // 0,/re/: the range is active from before the first line, so /re/ may end it on line 1.
      if (cmd.range === "closed") return false;
      cmd.range = "active";
      if (matchAddr(st, a2)) cmd.range = "closed";
      return true;
    } else if (!matchAddr(st, a1)) return false;
    cmd.range = "active";
    switch (a2.t) {
      case "re":
        return true;
      case "num":
        if (l >= a2.n) cmd.range = "closed";
        return l <= a2.n || matchAddr(st, a1);
      case "plus":
        cmd.rangeEnd = l + a2.n;
        if (a2.n === 0) cmd.range = "idle";
        return true;
      case "mult":
        // The next multiple after l, even when l is one already (GNU's ADDR_IS_STEP_MOD).
        cmd.rangeEnd = a2.n > 0 ? l + (a2.n - (l % a2.n)) : l;
        if (a2.n === 0) cmd.range = "idle";
        return true;
      default:
        break;
    }
  }
  if (!a2) return true;
  if (a2.t === "num") {
    if (l >= a2.n) cmd.range = "closed";
    return l <= a2.n;
  }
  if (a2.t === "plus" || a2.t === "mult") {
    if (cmd.rangeEnd <= l) cmd.range = "idle";
    return true;
  }
  if (matchAddr(st, a2)) cmd.range = a1.t === "num" ? "closed" : "idle";
  return true;
}

async function dumpAppend(st: State): Promise<void> {
  for (const a of st.append) {
    if (a.text !== undefined) await st.out.raw(a.text);
    else if (a.file !== undefined) {
      try {
        const data = byteStr(await st.libc.readFile(a.file));
        if (data) await st.out.raw(data);
      } catch {
        // r of a missing file is silently ignored
      }
    }
  }
  st.append = [];
}

/** Mirrors execute.c:do_list(): the `l` command. */
function listLine(text: string, lineLen: number, delim: string): string {
  const names: Record<string, string> = {
    "\x07": "a",
    "\b": "b",
    "\f": "f",
    "\n": "n",
    "\r": "r",
    "\t": "t",
    "\v": "v",
  };
  let o = "";
  let width = 0;
  for (const c of text) {
    const n = c.charCodeAt(0);
    let item: string;
    if (c === "\\") item = "\\\\";
    else if (n >= 0x20 && n < 0x7f) item = c;
    else if (c in names) item = `\\${names[c]}`;
    else item = `\\${n.toString(8).padStart(3, "0")}`;
    if (lineLen > 1 && width + item.length > lineLen - 1) {
      o += `\\${delim}`;
      width = 0;
    }
    o += item;
    width += item.length;
  }
  return `${o}$${delim}`;
}

/** Mirrors execute.c:do_subst(). */
function doSubst(st: State, sub: Subst): boolean {
  const s = st.ps.text;
  let m = reTest(st, sub.re, s);
  if (!m) return false;
  let acc = "";
  let start = 0;
  let lastEnd = 0;
  let count = 0;
  let replaced = false;
  for (;;) {
    const offset = m.index;
    let matched = m.end - m.index;
    if (start < offset) {
      acc += s.slice(start, offset);
      start = offset;
    }
    let again = true;
    if ((matched > 0 || count === 0 || offset > lastEnd) && ++count >= sub.numb) {
      replaced = true;
      acc += expand(sub, m);
      again = sub.global;
    } else {
      if (matched === 0) {
        if (start < s.length) matched = 1;
        else break;
      }
      acc += s.slice(offset, offset + matched);
    }
    start = offset + matched;
    lastEnd = m.end;
    if (!again || start > s.length) break;
    const next = reTest(st, sub.re, s, start);
    if (!next) break;
    m = next;
  }
  if (start < s.length) acc += s.slice(start);
  if (!replaced) return false;
  st.ps = { text: acc, chomped: st.ps.chomped };
  return true;
}

/** Mirrors append_replacement() with str_append_modified()'s case conversions. */
function expand(sub: Subst, m: RegexMatch): string {
  let o = "";
  let mode: "" | "U" | "L" = "";
  let once: "" | "u" | "l" = "";
  const add = (t: string) => {
    if (!t) return;
    let x = mode === "U" ? t.toUpperCase() : mode === "L" ? t.toLowerCase() : t;
    if (once) {
      x = (once === "u" ? x[0].toUpperCase() : x[0].toLowerCase()) + x.slice(1);
      once = "";
    }
    o += x;
  };
  for (const p of sub.repl) {
    if (p.t === "lit") add(p.s);
    else if (p.t === "ref") add(m.groups[p.n] ?? "");
    else if (p.c === "U" || p.c === "L") {
      mode = p.c;
      once = "";
    } else if (p.c === "E") {
      mode = "";
      once = "";
    } else once = p.c;
  }
  return o;
}

async function wOut(st: State, f: string, text: string, chomped: boolean): Promise<void> {
  await st.wfiles.get(f)?.line(text, chomped);
}

/** Mirrors execute.c:execute_program(); returns an exit status to quit, or -1. */
async function execute(st: State): Promise<number> {
  const cmds = st.program.cmds;
  let pc = 0;
  while (pc < cmds.length) {
    const cmd = cmds[pc];
    const matched = matchAddress(st, cmd) !== cmd.bang;
    if (cmd.name === "{") {
      pc = matched ? pc + 1 : (cmd.jump as number);
      continue;
    }
    if (!matched) {
      pc++;
      continue;
    }
    switch (cmd.name) {
      case "a":
        st.append.push({ text: cmd.text });
        break;
      case "b":
        pc = cmd.jump as number;
        continue;
      case "}":
      case ":":
        break;
      case "c":
        if (cmd.range !== "active") await st.out.raw(cmd.text as string);
        return -1;
      case "d":
        return -1;
      case "D": {
        const nl = st.ps.text.indexOf(st.delim);
        if (nl < 0) return -1;
        st.ps = { text: st.ps.text.slice(nl + 1), chomped: st.ps.chomped };
        await dumpAppend(st);
        pc = 0;
        continue;
      }
      case "g":
        st.ps = { text: st.hold.text, chomped: st.ps.chomped };
        break;
      case "G":
        st.ps = { text: st.ps.text + st.delim + st.hold.text, chomped: st.ps.chomped };
        break;
      case "h":
        st.hold = { text: st.ps.text, chomped: st.hold.chomped };
        break;
      case "H":
        st.hold = { text: st.hold.text + st.delim + st.ps.text, chomped: st.hold.chomped };
        break;
      case "i":
        await st.out.raw(cmd.text as string);
        break;
      case "l":
        await st.out.raw(listLine(st.ps.text, cmd.int ?? st.lineLen, st.delim));
        break;
      case "n": {
        if (!st.quiet) await st.out.line(st.ps.text, st.ps.chomped);
        if (st.input.isLast()) return -1;
        await dumpAppend(st);
        const line = await st.input.next();
        if (!line) return -1;
        st.ps = line;
        st.replaced = false;
        break;
      }
      case "N": {
        if (st.input.isLast()) {
          if (!st.posix && !st.quiet) await st.out.line(st.ps.text, st.ps.chomped);
          return -1;
        }
        await dumpAppend(st);
        const line = await st.input.next();
        if (!line) return -1;
        st.ps = { text: st.ps.text + st.delim + line.text, chomped: line.chomped };
        st.replaced = false;
        break;
      }
      case "p":
        await st.out.line(st.ps.text, st.ps.chomped);
        break;
      case "P": {
        const nl = st.ps.text.indexOf(st.delim);
        await st.out.line(
          nl < 0 ? st.ps.text : st.ps.text.slice(0, nl),
          nl < 0 ? st.ps.chomped : true,
        );
        break;
      }
      case "q":
        if (!st.quiet) await st.out.line(st.ps.text, st.ps.chomped);
        await dumpAppend(st);
        return cmd.int ?? 0;
      case "Q":
        st.append = [];
        return cmd.int ?? 0;
      case "r":
        st.append.push({ file: cmd.fname });
        break;
      case "s": {
        const sub = cmd.subst as Subst;
        if (!doSubst(st, sub)) break;
        st.replaced = true;
        if (sub.print) {
          await st.out.line(st.ps.text, st.ps.chomped);
          if (sub.print === 3) await st.out.line(st.ps.text, st.ps.chomped);
        }
        if (sub.wfile) await wOut(st, sub.wfile, st.ps.text, st.ps.chomped);
        break;
      }
      case "t":
        if (st.replaced) {
          st.replaced = false;
          pc = cmd.jump as number;
          continue;
        }
        break;
      case "T":
        if (!st.replaced) {
          pc = cmd.jump as number;
          continue;
        }
        st.replaced = false;
        break;
      case "w":
        await wOut(st, cmd.fname as string, st.ps.text, st.ps.chomped);
        break;
      case "W": {
        const nl = st.ps.text.indexOf(st.delim);
        await wOut(
          st,
          cmd.fname as string,
          nl < 0 ? st.ps.text : st.ps.text.slice(0, nl),
          nl < 0 ? st.ps.chomped : true,
        );
        break;
      }
      case "x": {
        const t = st.ps;
        st.ps = { text: st.hold.text, chomped: t.chomped };
        st.hold = { text: t.text, chomped: st.hold.chomped };
        break;
      }
      case "y": {
        const tab = cmd.ytab as Map<string, string>;
        let o = "";
        for (const c of st.ps.text) o += tab.get(c) ?? c;
        st.ps = { text: o, chomped: st.ps.chomped };
        break;
      }
      case "z":
        st.ps = { text: "", chomped: st.ps.chomped };
        break;
      case "=":
        await st.out.raw(`${st.input.lineNumber}\n`);
        break;
      case "F":
        await st.out.raw(`${st.input.fileName}\n`);
        break;
      default:
        break;
    }
    pc++;
  }
  if (!st.quiet) await st.out.line(st.ps.text, st.ps.chomped);
  return -1;
}
