/**
 * diff(1), GNU diffutils 3.6, for two files: the normal format ("2c2", "< a", "---", "> b",
 * "3a4", "6d5", "\ No newline at end of file") and the unified one (-u, -U N: "--- F\tTIME",
 * "+++ F\tTIME" with stat()'s mtime as "%Y-%m-%d %H:%M:%S.%N %z", "@@ -l,s +l,s @@" hunks
 * with N lines of context, hunks merged when they are at most 2N lines apart). The edit
 * script is a shortest one (Myers), which is what GNU diff finds for small files. -q says
 * only "Files A and B differ"; files with a NUL byte are "Binary files A and B differ".
 * A directory operand stands for DIR/basename(other file). Exit 0 same, 1 different, 2 trouble.
 */
import { S_ISDIR } from "../../include/uapi/stat.ts";
import { getoptLong, type LongOption } from "../lib/getopt.ts";
import { argBytes, byteStr, strBytes } from "../lib/io.ts";
import { type Change, diffSequences } from "../lib/myers.ts";
import { strftime } from "../lib/strftime.ts";
import { SysError } from "../libc/errors.ts";
import type { Libc, Stat } from "../libc/libc.ts";

const LONG: LongOption[] = [
  { name: "unified", hasArg: 2, val: "U" },
  { name: "brief", hasArg: 0, val: "q" },
  { name: "text", hasArg: 0, val: "a" },
];

interface Input {
  name: string;
  lines: string[];
  /** The last line has no newline. */
  noEol: boolean;
  binary: boolean;
  st: Stat;
  raw: string;
}

const NO_EOL = "\\ No newline at end of file\n";

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = "diff";
  const args = argv.map((a, i) => (i > 0 && /^-[0-9]+$/.test(a) ? `-U${a.slice(1)}` : a));
  const parsed = getoptLong(args, "auU:q", LONG);
  const usage = async (msg: string) => {
    await libc.stderr.write(
      strBytes(`${prog}: ${msg}\n${prog}: Try '${prog} --help' for more information.\n`),
    );
    return 2;
  };
  if (parsed.error) {
    await libc.stderr.write(parsed.error);
    await libc.stderr.write(`${prog}: Try '${prog} --help' for more information.\n`);
    return 2;
  }
  let context = -1;
  let brief = false;
  let text = false;
  for (const o of parsed.options) {
    if (o.key === "u") context = 3;
    else if (o.key === "U") context = o.arg === undefined ? 3 : Number(o.arg);
    else if (o.key === "q") brief = true;
    else if (o.key === "a") text = true;
  }
  const ops = parsed.operands.map(argBytes);
  if (ops.length < 2) return usage(`missing operand after '${ops.length ? ops[0] : prog}'`);
  if (ops.length > 2) return usage(`extra operand '${ops[2]}'`);
  const inputs: Input[] = [];
  for (let i = 0; i < 2; i++) {
    let name = ops[i];
    try {
      let st = name === "-" ? await libc.fstat(0) : await libc.stat(name);
      if (S_ISDIR(st.mode) && name !== "-") {
        name = `${name.replace(/\/+$/, "")}/${ops[1 - i].replace(/.*\//, "")}`;
        st = await libc.stat(name);
      }
      const raw = byteStr(name === "-" ? await libc.readAll(0) : await libc.readFile(name));
      const lines = raw === "" ? [] : raw.split("\n");
      const noEol = raw !== "" && !raw.endsWith("\n");
      if (!noEol && lines.length) lines.pop();
      inputs.push({ name, lines, noEol, binary: !text && raw.includes("\0"), st, raw });
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      await libc.stderr.write(strBytes(`${prog}: ${name}: ${libc.strerror(e.errno)}\n`));
      return 2;
    }
  }
  const [A, B] = inputs;
  if (A.raw === B.raw) return 0;
  if (brief || A.binary || B.binary) {
    const what = brief ? "Files" : "Binary files";
    await libc.stdout.write(strBytes(`${what} ${ops[0]} and ${ops[1]} differ\n`));
    await libc.stdout.flush();
    return 1;
  }
  // A last line without newline differs from the same text with one.
  const key = (inp: Input) =>
    inp.lines.map((l, i) => (inp.noEol && i === inp.lines.length - 1 ? `${l}\0` : l));
  const changes = diffSequences(key(A), key(B));
  const out = context < 0 ? normal(A, B, changes) : unified(A, B, changes, context);
  await libc.stdout.write(strBytes(out));
  await libc.stdout.flush();
  return 1;
}

function line(inp: Input, i: number, mark: string): string {
  const tail = inp.noEol && i === inp.lines.length - 1 ? `\n${NO_EOL}` : "\n";
  return `${mark}${inp.lines[i]}${tail}`;
}

const range = (s: number, e: number) => (s === e ? `${s}` : `${s},${e}`);

/** Mirrors diffutils normal.c:print_normal_hunk(). */
function normal(A: Input, B: Input, changes: Change[]): string {
  let o = "";
  for (const c of changes) {
    const del = c.a1 > c.a0;
    const ins = c.b1 > c.b0;
    const left = del ? range(c.a0 + 1, c.a1) : `${c.a0}`;
    const right = ins ? range(c.b0 + 1, c.b1) : `${c.b0}`;
    o += `${left}${del && ins ? "c" : del ? "d" : "a"}${right}\n`;
    for (let i = c.a0; i < c.a1; i++) o += line(A, i, "< ");
    if (del && ins) o += "---\n";
    for (let i = c.b0; i < c.b1; i++) o += line(B, i, "> ");
  }
  return o;
}

function header(mark: string, inp: Input): string {
  const t = inp.st.mtime;
  return `${mark} ${inp.name}\t${strftime("%Y-%m-%d %H:%M:%S.%N %z", t.sec, t.nsec)}\n`;
}

/** Mirrors diffutils util.c:print_unidiff_number_range(). */
function uniRange(lo: number, hi: number): string {
  const n = hi - lo;
  if (n === 0) return `${lo},0`;
  if (n === 1) return `${lo + 1}`;
  return `${lo + 1},${n}`;
}

/** Mirrors diffutils context.c:pr_unidiff_hunk(), hunks grouped as find_hunk() does. */
function unified(A: Input, B: Input, changes: Change[], ctx: number): string {
  let o = header("---", A) + header("+++", B);
  let i = 0;
  while (i < changes.length) {
    let j = i;
    while (j + 1 < changes.length && changes[j + 1].a0 - changes[j].a1 <= 2 * ctx) j++;
    const first = changes[i];
    const last = changes[j];
    const a0 = Math.max(0, first.a0 - ctx);
    const a1 = Math.min(A.lines.length, last.a1 + ctx);
    // The context lines are common to both files, so B's hunk spans as many of them.
    const b0 = first.b0 - (first.a0 - a0);
    const b1 = last.b1 + (a1 - last.a1);
    o += `@@ -${uniRange(a0, a1)} +${uniRange(b0, b1)} @@\n`;
    let a = a0;
    for (let c = i; c <= j; c++) {
      const ch = changes[c];
      for (; a < ch.a0; a++) o += line(A, a, " ");
      for (let x = ch.a0; x < ch.a1; x++) o += line(A, x, "-");
      for (let x = ch.b0; x < ch.b1; x++) o += line(B, x, "+");
      a = ch.a1;
    }
    for (; a < a1; a++) o += line(A, a, " ");
    i = j + 1;
  }
  return o;
}
