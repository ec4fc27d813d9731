/**
 * strings(1), GNU binutils 2.30: print the runs of at least 4 (-n N, -N) printable
 * characters (isprint() in the C locale, or a tab) in each file, scanning the whole file
 * (-a is the default since binutils 2.26). -t o|d|x (and -o) print each run's offset as
 * "%7lo ", -f the file name. A missing file is "strings: 'F': No such file" (exit 1).
 */
import { getoptLong, type LongOption } from "../lib/getopt.ts";
import { byteStr, strBytes } from "../lib/io.ts";
import { SysError } from "../libc/errors.ts";
import type { Libc } from "../libc/libc.ts";

const LONG: LongOption[] = [
  { name: "all", hasArg: 0, val: "a" },
  { name: "print-file-name", hasArg: 0, val: "f" },
  { name: "bytes", hasArg: 1, val: "n" },
  { name: "radix", hasArg: 1, val: "t" },
  { name: "help", hasArg: 0, val: "h" },
];

const printable = (c: number) => (c >= 0x20 && c < 0x7f) || c === 9;

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv[0] ?? "strings";
  // -NUMBER is the old form of -n NUMBER.
  const args = argv.map((a, i) => (i > 0 && /^-[0-9]+$/.test(a) ? `-n${a.slice(1)}` : a));
  const parsed = getoptLong(args, "afn:t:odh", LONG);
  if (parsed.error) {
    await libc.stderr.write(parsed.error);
    await libc.stderr.write("Usage: strings [option(s)] [file(s)]\n");
    return 1;
  }
  let min = 4;
  let radix = "";
  let names = false;
  for (const o of parsed.options) {
    if (o.key === "n") {
      const n = Number(o.arg);
      if (!Number.isInteger(n) || n < 1) {
        await libc.stderr.write(`${prog}: invalid minimum string length ${o.arg}\n`);
        return 1;
      }
      min = n;
    } else if (o.key === "t") {
      if (!["o", "d", "x"].includes(o.arg ?? "")) {
        await libc.stderr.write(`${prog}: invalid radix\n`);
        return 1;
      }
      radix = o.arg as string;
    } else if (o.key === "o") radix = "o";
    else if (o.key === "f") names = true;
  }
  const files = parsed.operands.length ? parsed.operands : ["-"];
  let status = 0;
  for (const f of files) {
    let data: Uint8Array;
    try {
      data = f === "-" ? await libc.readAll(0) : await libc.readFile(f);
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      const why = e.errno === 2 ? "No such file" : libc.strerror(e.errno);
      await libc.stdout.flush();
      await libc.stderr.write(`${prog}: '${f}': ${why}\n`);
      status = 1;
      continue;
    }
    const label = f === "-" ? "{standard input}" : f;
    let out = "";
    for (let i = 0; i < data.length; ) {
      if (!printable(data[i])) {
        i++;
        continue;
      }
      let j = i;
      while (j < data.length && printable(data[j])) j++;
      if (j - i >= min) {
        let pre = names ? `${label}: ` : "";
        if (radix) {
          const base = radix === "o" ? 8 : radix === "d" ? 10 : 16;
          pre += `${i.toString(base).padStart(7)} `;
        }
        out += `${pre}${byteStr(data.subarray(i, j))}\n`;
      }
      i = j;
    }
    await libc.stdout.write(strBytes(out));
  }
  await libc.stdout.flush();
  return status;
}
