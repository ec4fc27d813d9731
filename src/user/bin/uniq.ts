/**
 * uniq(1), GNU coreutils 8.28: report or omit repeated adjacent lines. -c (counts as
 * "%7lu "), -d, -D, -u, -i, -f N, -s N, -w N, -z; `uniq [INPUT [OUTPUT]]`. Streams: each
 * group is written as soon as the next different line arrives.
 */
import { O_CREAT, O_TRUNC, O_WRONLY } from "../../include/uapi/fcntl.ts";
import { quote, quotef, tryHelp } from "../lib/coreutils.ts";
import { getoptLong, type LongOption } from "../lib/getopt.ts";
import { errText, openInput, out, type Reader, strBytes, warn } from "../lib/io.ts";
import type { Libc } from "../libc/libc.ts";

const LONG: LongOption[] = [
  { name: "count", hasArg: 0, val: "c" },
  { name: "repeated", hasArg: 0, val: "d" },
  { name: "all-repeated", hasArg: 2, val: "D" },
  { name: "group", hasArg: 2, val: "group" },
  { name: "ignore-case", hasArg: 0, val: "i" },
  { name: "unique", hasArg: 0, val: "u" },
  { name: "skip-fields", hasArg: 1, val: "f" },
  { name: "skip-chars", hasArg: 1, val: "s" },
  { name: "check-chars", hasArg: 1, val: "w" },
  { name: "zero-terminated", hasArg: 0, val: "z" },
  { name: "help", hasArg: 0, val: "help" },
  { name: "version", hasArg: 0, val: "version" },
];

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv[0] ?? "uniq";
  const parsed = getoptLong(argv, "0123456789cdDf:is:uw:z", LONG);
  if (parsed.error) {
    await libc.stderr.write(parsed.error + tryHelp(prog));
    return 1;
  }
  let count = false;
  let repeated = false;
  let allRepeated = false;
  let uniqueOnly = false;
  let icase = false;
  let skipFields = 0;
  let skipChars = 0;
  let checkChars = Number.POSITIVE_INFINITY;
  let eol = "\n";
  for (const o of parsed.options) {
    const a = o.arg ?? "";
    const num = async (what: string): Promise<number | null> => {
      if (!/^[0-9]+$/.test(a)) {
        await warn(libc, prog, `${a}: invalid number of ${what}`);
        await libc.stderr.write(tryHelp(prog));
        return null;
      }
      return Number(a);
    };
    switch (o.key) {
      case "c":
        count = true;
        break;
      case "d":
        repeated = true;
        break;
      case "D":
        allRepeated = true;
        break;
      case "u":
        uniqueOnly = true;
        break;
      case "i":
        icase = true;
        break;
      case "f": {
        const n = await num("fields to skip");
        if (n === null) return 1;
        skipFields = n;
        break;
      }
      case "s": {
        const n = await num("bytes to skip");
        if (n === null) return 1;
        skipChars = n;
        break;
      }
      case "w": {
        const n = await num("bytes to compare");
        if (n === null) return 1;
        checkChars = n;
        break;
      }
      case "z":
        eol = "\0";
        break;
      case "help":
        await out(libc, `Usage: ${prog} [OPTION]... [INPUT [OUTPUT]]\n`);
        return 0;
      case "version":
        await out(libc, "uniq (GNU coreutils) 8.28\n");
        return 0;
      default:
        break;
    }
  }
  if (parsed.operands.length > 2) {
    await warn(libc, prog, `extra operand ${quote(libc, parsed.operands[2])}`);
    await libc.stderr.write(tryHelp(prog));
    return 1;
  }
  if (count && allRepeated) {
    await warn(libc, prog, "printing all duplicated lines and repeat counts is meaningless");
    await libc.stderr.write(tryHelp(prog));
    return 1;
  }
  const input = parsed.operands[0] ?? "-";
  const output = parsed.operands[1];
  let r: Reader;
  try {
    r = await openInput(libc, input);
  } catch (e) {
    await warn(libc, prog, `${quotef(libc, input)}: ${errText(libc, e)}`);
    return 1;
  }
  r.eol = eol;
  let emit = (s: string) => out(libc, s);
  let outFd = -1;
  if (output !== undefined && output !== "-") {
    try {
      outFd = await libc.open(output, O_WRONLY | O_CREAT | O_TRUNC, 0o666);
    } catch (e) {
      await warn(libc, prog, `${quotef(libc, output)}: ${errText(libc, e)}`);
      return 1;
    }
    const fd = outFd;
    emit = (s: string) => libc.writeAll(fd, strBytes(s));
  }
  /** Mirrors find_field(): the part of the line that is compared. */
  const keyOf = (line: string): string => {
    let p = 0;
    for (let f = 0; f < skipFields && p < line.length; f++) {
      while (p < line.length && (line[p] === " " || line[p] === "\t")) p++;
      while (p < line.length && line[p] !== " " && line[p] !== "\t") p++;
    }
    p = Math.min(p + skipChars, line.length);
    const k = line.slice(p, checkChars === Number.POSITIVE_INFINITY ? undefined : p + checkChars);
    return icase ? k.toUpperCase() : k;
  };
  let prev: string | null = null;
  let prevKey = "";
  let n = 0;
  let groupPrinted = false;
  const flushGroup = async () => {
    if (prev === null || allRepeated) return;
    if ((repeated && n < 2) || (uniqueOnly && n > 1)) return;
    await emit(count ? `${String(n).padStart(7)} ${prev}${eol}` : `${prev}${eol}`);
  };
  try {
    for (let raw = await r.readLine(); raw !== null; raw = await r.readLine()) {
      const line = raw.endsWith(eol) ? raw.slice(0, -1) : raw;
      const key = keyOf(line);
      if (prev !== null && key === prevKey) {
        n++;
        if (allRepeated) {
          if (!groupPrinted) await emit(prev + eol);
          groupPrinted = true;
          await emit(line + eol);
        }
        continue;
      }
      await flushGroup();
      prev = line;
      prevKey = key;
      n = 1;
      groupPrinted = false;
    }
    await flushGroup();
    await libc.stdout.flush();
  } catch (e) {
    if (!(e instanceof Error && e.name === "SysError")) throw e;
    await warn(libc, prog, `${quotef(libc, input)}: ${errText(libc, e)}`);
    return 1;
  } finally {
    await r.close();
    if (outFd >= 0) await libc.close(outFd).catch(() => 0);
  }
  return 0;
}
