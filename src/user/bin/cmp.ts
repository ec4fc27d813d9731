/**
 * cmp(1), GNU diffutils: compare two files byte by byte. "F1 F2 differ: byte N, line L" on
 * the first difference (-b adds the two bytes in octal and cat -v notation), -l lists every
 * differing byte ("%*s %3o %3o"), -s prints nothing, -n LIMIT and -i SKIP bound the
 * comparison. When one file is a prefix of the other: "cmp: EOF on F after byte N, line L"
 * (diffutils 3.8 words a file that ends mid-line "..., in line L"; 3.6 printed just
 * "cmp: EOF on F"), "cmp: EOF on F which is empty". Exit 0 same, 1 different, 2 trouble.
 */
import { getoptLong, type LongOption } from "../lib/getopt.ts";
import { argBytes, strBytes } from "../lib/io.ts";
import { SysError } from "../libc/errors.ts";
import type { Libc } from "../libc/libc.ts";

const LONG: LongOption[] = [
  { name: "print-bytes", hasArg: 0, val: "b" },
  { name: "ignore-initial", hasArg: 1, val: "i" },
  { name: "verbose", hasArg: 0, val: "l" },
  { name: "bytes", hasArg: 1, val: "n" },
  { name: "quiet", hasArg: 0, val: "s" },
  { name: "silent", hasArg: 0, val: "s" },
];

/** Mirrors cmp.c:sprintc(): a byte in cat -v notation. */
function sprintc(c: number): string {
  let s = "";
  if (c >= 128) {
    s = "M-";
    c -= 128;
  }
  if (c < 32) return `${s}^${String.fromCharCode(c + 64)}`;
  if (c === 127) return `${s}^?`;
  return s + String.fromCharCode(c);
}

const oct = (c: number) => c.toString(8).padStart(3);

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = "cmp";
  const parsed = getoptLong(argv, "bci:ln:sv", LONG);
  const trouble = async (msg: string) => {
    await libc.stderr.write(
      `${prog}: ${msg}\n${prog}: Try '${prog} --help' for more information.\n`,
    );
    return 2;
  };
  if (parsed.error) {
    await libc.stderr.write(parsed.error);
    await libc.stderr.write(`${prog}: Try '${prog} --help' for more information.\n`);
    return 2;
  }
  let bytes = false;
  let verbose = false;
  let silent = false;
  let limit = Number.POSITIVE_INFINITY;
  let skip = 0;
  for (const o of parsed.options) {
    if (o.key === "b") bytes = true;
    else if (o.key === "l") verbose = true;
    else if (o.key === "s") silent = true;
    else if (o.key === "n") limit = Number(o.arg);
    else if (o.key === "i") skip = Number(o.arg);
  }
  const ops = parsed.operands.map(argBytes);
  if (!ops.length) return trouble(`missing operand after '${prog}'`);
  if (ops.length > 2 && !/^[0-9]+$/.test(ops[2]))
    return trouble(`invalid --ignore-initial value '${ops[2]}'`);
  if (ops.length === 1) ops.push("-");
  const data: Uint8Array[] = [];
  for (const f of ops.slice(0, 2)) {
    try {
      data.push(f === "-" ? await libc.readAll(0) : await libc.readFile(f));
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      await libc.stderr.write(strBytes(`${prog}: ${f}: ${libc.strerror(e.errno)}\n`));
      return 2;
    }
  }
  const skips = [Number(ops[2] ?? skip), Number(ops[3] ?? ops[2] ?? skip)];
  const [a, b] = [data[0].subarray(skips[0]), data[1].subarray(skips[1])];
  const n = Math.min(a.length, b.length, limit);
  let line = 1;
  let differ = false;
  let out = "";
  const width = String(Math.min(Math.max(a.length, b.length), limit)).length;
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) {
      differ = true;
      if (silent) break;
      if (!verbose) {
        const extra = bytes
          ? ` is ${oct(a[i])} ${sprintc(a[i])} ${oct(b[i])} ${sprintc(b[i])}`
          : "";
        out += `${ops[0]} ${ops[1]} differ: byte ${i + 1}, line ${line}${extra}\n`;
        break;
      }
      out += bytes
        ? `${String(i + 1).padStart(width)} ${oct(a[i])} ${sprintc(a[i]).padEnd(4)} ${oct(b[i])} ${sprintc(b[i])}\n`
        : `${String(i + 1).padStart(width)} ${oct(a[i])} ${oct(b[i])}\n`;
    } else if (a[i] === 10) line++;
  }
  await libc.stdout.write(strBytes(out));
  await libc.stdout.flush();
  if ((differ && !verbose) || silent) return differ || (a.length !== b.length && n < limit) ? 1 : 0;
  if (a.length !== b.length && n < limit) {
    const name = a.length < b.length ? ops[0] : ops[1];
    let msg: string;
    if (n === 0) msg = `${name} which is empty`;
    else if (verbose) msg = `${name} after byte ${n}`;
    else {
      const short = a.length < b.length ? a : b;
      const atStart = short[n - 1] === 10;
      msg = `${name} after byte ${n}, ${atStart ? "" : "in "}line ${atStart ? line - 1 : line}`;
    }
    await libc.stderr.write(strBytes(`${prog}: EOF on ${msg}\n`));
    return 1;
  }
  return differ ? 1 : 0;
}
