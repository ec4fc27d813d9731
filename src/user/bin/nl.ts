/**
 * nl(1), GNU coreutils 8.28: number lines. -b/-h/-f STYLE (a all, t non-empty, n none,
 * pBRE matching lines), -n ln|rn|rz, -w WIDTH, -s SEP, -v START, -i INCR, -p, -d CC; logical
 * page sections start at lines "\:\:\:" (header), "\:\:" (body) and "\:" (footer), which print
 * as empty lines. Unnumbered lines get WIDTH + strlen(SEP) spaces (nl.c: print_no_line_fmt).
 */
import { quote, tryHelp } from "../lib/coreutils.ts";
import { getoptLong, type LongOption } from "../lib/getopt.ts";
import { argBytes, errText, openInput, strBytes, warn } from "../lib/io.ts";
import { PosixRegex, RegexError } from "../lib/regex.ts";
import type { Libc } from "../libc/libc.ts";

const LONG: LongOption[] = [
  { name: "body-numbering", hasArg: 1, val: "b" },
  { name: "section-delimiter", hasArg: 1, val: "d" },
  { name: "footer-numbering", hasArg: 1, val: "f" },
  { name: "header-numbering", hasArg: 1, val: "h" },
  { name: "line-increment", hasArg: 1, val: "i" },
  { name: "join-blank-lines", hasArg: 1, val: "l" },
  { name: "number-format", hasArg: 1, val: "n" },
  { name: "no-renumber", hasArg: 0, val: "p" },
  { name: "number-separator", hasArg: 1, val: "s" },
  { name: "starting-line-number", hasArg: 1, val: "v" },
  { name: "number-width", hasArg: 1, val: "w" },
];

type Style = { kind: "a" | "t" | "n" } | { kind: "p"; re: PosixRegex };

function parseStyle(s: string): Style | null {
  if (s === "a" || s === "t" || s === "n") return { kind: s };
  if (s[0] === "p") {
    try {
      return { kind: "p", re: new PosixRegex([s.slice(1)], { extended: false }) };
    } catch (e) {
      if (e instanceof RegexError) return null;
      throw e;
    }
  }
  return null;
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv[0] ?? "nl";
  const parsed = getoptLong(argv, "b:d:f:h:i:l:n:ps:v:w:", LONG);
  const fail = async (msg: string) => {
    await warn(libc, prog, msg);
    await libc.stderr.write(tryHelp(prog));
    return 1;
  };
  if (parsed.error) {
    await libc.stderr.write(parsed.error + tryHelp(prog));
    return 1;
  }
  const styles: Record<string, Style> = { h: { kind: "n" }, b: { kind: "t" }, f: { kind: "n" } };
  const names: Record<string, string> = { h: "header", b: "body", f: "footer" };
  let fmt = "rn";
  let width = 6;
  let sep = "\t";
  let start = 1;
  let incr = 1;
  let renumber = true;
  let delim = "\\:";
  for (const o of parsed.options) {
    const a = argBytes(o.arg ?? "");
    const int = /^[+-]?[0-9]+$/.test(a) ? Number(a) : Number.NaN;
    switch (o.key) {
      case "b":
      case "h":
      case "f": {
        const st = parseStyle(a);
        if (!st) return fail(`invalid ${names[o.key]} numbering style: ${quote(libc, a)}`);
        styles[o.key] = st;
        break;
      }
      case "n":
        if (!["ln", "rn", "rz"].includes(a))
          return fail(`invalid line numbering format: ${quote(libc, a)}`);
        fmt = a;
        break;
      case "w":
        if (!(int > 0)) return fail(`invalid line number field width: ${quote(libc, a)}`);
        width = int;
        break;
      case "s":
        sep = a;
        break;
      case "v":
        if (Number.isNaN(int)) return fail(`invalid starting line number: ${quote(libc, a)}`);
        start = int;
        break;
      case "i":
        if (Number.isNaN(int)) return fail(`invalid line number increment: ${quote(libc, a)}`);
        incr = int;
        break;
      case "p":
        renumber = false;
        break;
      case "d":
        delim = a.length === 1 ? `${a}:` : a;
        break;
    }
  }
  const number = (n: number): string => {
    const s = String(Math.abs(n));
    const neg = n < 0 ? "-" : "";
    if (fmt === "ln") return (neg + s).padEnd(width);
    if (fmt === "rz") return neg + s.padStart(width - neg.length, "0");
    return (neg + s).padStart(width);
  };
  const blank = " ".repeat(width + sep.length);
  let line = start;
  let section = "b";
  let status = 0;
  const files = parsed.operands.length ? parsed.operands : ["-"];
  for (const f of files) {
    let r: Awaited<ReturnType<typeof openInput>>;
    try {
      r = await openInput(libc, f);
    } catch (e) {
      await warn(libc, prog, `${f}: ${errText(libc, e)}`);
      status = 1;
      continue;
    }
    for (let l = await r.readLine(); l !== null; l = await r.readLine()) {
      const body = l.endsWith("\n") ? l.slice(0, -1) : l;
      const kind =
        body === delim.repeat(3) ? "h" : body === delim.repeat(2) ? "b" : body === delim ? "f" : "";
      if (kind) {
        section = kind;
        if (kind === "h" && renumber) line = start;
        await libc.stdout.write("\n");
        continue;
      }
      const st = styles[section];
      const numbered =
        st.kind === "a" ||
        (st.kind === "t" && body !== "") ||
        (st.kind === "p" && st.re.test(body));
      const text = `${numbered ? number(line) + sep : blank}${body}\n`;
      if (numbered) line += incr;
      await libc.stdout.write(strBytes(text));
    }
    await r.close();
  }
  await libc.stdout.flush();
  return status;
}
