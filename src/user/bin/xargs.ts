/**
 * xargs(1), GNU findutils 4.7: build command lines from standard input and run them.
 * Items are separated by blanks and newlines, with '...' "..." and backslash quoting (or by
 * NULs with -0, or a character with -d); -n MAX-ARGS, -L MAX-LINES, -I REPLACE (one input
 * line per command, leading blanks dropped, REPLACE substituted in the initial arguments),
 * -r (run nothing on empty input), -t (echo each command on stderr), -a FILE. Each command
 * runs through fork/exec with standard input from /dev/null. Exit: 123 if any command exited
 * 1-125, 124 (and stop) on 255, 125 on a signal, 126 not executable, 127 not found.
 */
import { getoptLong, type LongOption } from "../lib/getopt.ts";
import { argBytes, byteStr, strBytes } from "../lib/io.ts";
import { SysError } from "../libc/errors.ts";
import type { Libc } from "../libc/libc.ts";

const LONG: LongOption[] = [
  { name: "null", hasArg: 0, val: "0" },
  { name: "arg-file", hasArg: 1, val: "a" },
  { name: "delimiter", hasArg: 1, val: "d" },
  { name: "replace", hasArg: 2, val: "i" },
  { name: "max-lines", hasArg: 2, val: "l" },
  { name: "max-args", hasArg: 1, val: "n" },
  { name: "no-run-if-empty", hasArg: 0, val: "r" },
  { name: "verbose", hasArg: 0, val: "t" },
  { name: "exit", hasArg: 0, val: "x" },
];

class XargsError {
  constructor(readonly message: string) {}
}

const QUOTE_MSG = (q: string) =>
  `unmatched ${q} quote; by default quotes are special to xargs unless you use the -0 option`;

/** Mirrors xargs.c:read_line(): items of one input line at a time, quotes handled. */
function parseItems(text: string, byLine: boolean): string[][] {
  const lines: string[][] = [];
  let cur: string[] = [];
  let item = "";
  let have = false;
  let i = 0;
  const endItem = () => {
    if (have) cur.push(item);
    item = "";
    have = false;
  };
  while (i < text.length) {
    const c = text[i++];
    if (c === "\n") {
      if (byLine && have) cur.push(item);
      else endItem();
      item = "";
      have = false;
      if (cur.length) lines.push(cur);
      cur = [];
    } else if ((c === " " || c === "\t") && !byLine) endItem();
    else if ((c === " " || c === "\t") && byLine && !have) {
      // -I: leading blanks of a line are dropped
    } else if (c === "'" || c === '"') {
      const end = text.indexOf(c, i);
      const nl = text.indexOf("\n", i);
      if (end < 0 || (nl >= 0 && nl < end))
        throw new XargsError(QUOTE_MSG(c === "'" ? "single" : "double"));
      item += text.slice(i, end);
      have = true;
      i = end + 1;
    } else if (c === "\\" && i < text.length) {
      item += text[i++];
      have = true;
    } else {
      item += c;
      have = true;
    }
  }
  if (byLine && have) cur.push(item);
  else endItem();
  if (cur.length) lines.push(cur);
  return lines;
}

async function findProgram(libc: Libc, name: string): Promise<string | null> {
  if (name.includes("/")) return name;
  for (const dir of (libc.getenv("PATH") ?? "/usr/bin:/bin").split(":")) {
    const p = `${dir || "."}/${name}`;
    try {
      await libc.access(p, 1);
      return p;
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
    }
  }
  return null;
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv[0] ?? "xargs";
  const parsed = getoptLong(argv, "+0a:d:E:I:i::L:l::n:rtx", LONG);
  if (parsed.error) {
    await libc.stderr.write(`${parsed.error}Try '${prog} --help' for more information.\n`);
    return 1;
  }
  let delim: string | null = null;
  let argFile: string | null = null;
  let replace: string | null = null;
  let maxArgs = 0;
  let maxLines = 0;
  let noEmpty = false;
  let verbose = false;
  for (const o of parsed.options) {
    const a = argBytes(o.arg ?? "");
    switch (o.key) {
      case "0":
        delim = "\0";
        break;
      case "d":
        delim = a === "\\n" ? "\n" : a === "\\t" ? "\t" : a.slice(0, 1);
        break;
      case "a":
        argFile = a;
        break;
      case "I":
      case "i":
        replace = o.key === "i" && !o.arg ? "{}" : a;
        maxLines = 1;
        break;
      case "L":
      case "l":
        maxLines = o.arg ? Number(a) : 1;
        break;
      case "n":
        maxArgs = Number(a);
        if (!(maxArgs > 0)) {
          await libc.stderr.write(`${prog}: value ${a} for -n option should be >= 1\n`);
          return 1;
        }
        break;
      case "r":
        noEmpty = true;
        break;
      case "t":
        verbose = true;
        break;
    }
  }
  const initial = parsed.operands.length ? parsed.operands.map(argBytes) : ["echo"];
  let text: string;
  try {
    text = byteStr(argFile ? await libc.readFile(argFile) : await libc.readAll(0));
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    await libc.stderr.write(strBytes(`${prog}: ${argFile}: ${libc.strerror(e.errno)}\n`));
    return 1;
  }
  let lines: string[][];
  if (delim !== null) {
    const items = text.split(delim);
    if (items[items.length - 1] === "") items.pop();
    lines = items.map((x) => [x]);
  } else {
    try {
      lines = parseItems(text, replace !== null);
    } catch (e) {
      if (!(e instanceof XargsError)) throw e;
      await libc.stderr.write(`${prog}: ${e.message}\n`);
      return 1;
    }
  }
  // Group the input into command lines.
  const batches: string[][] = [];
  if (replace !== null) {
    for (const l of lines) {
      const item = l.join(" ");
      batches.push(initial.map((a) => a.split(replace as string).join(item)));
    }
  } else {
    const items = maxLines ? [] : lines.flat();
    if (maxLines)
      for (let i = 0; i < lines.length; i += maxLines)
        batches.push(lines.slice(i, i + maxLines).flat());
    else if (maxArgs)
      for (let i = 0; i < items.length; i += maxArgs) batches.push(items.slice(i, i + maxArgs));
    else if (items.length) batches.push(items);
    for (let i = 0; i < batches.length; i++) batches[i] = [...initial, ...batches[i]];
  }
  if (!batches.length && !noEmpty && replace === null) batches.push([...initial]);
  let status = 0;
  for (const cmd of batches) {
    if (verbose) await libc.stderr.write(strBytes(`${cmd.join(" ")}\n`));
    const path = await findProgram(libc, cmd[0]);
    if (path === null) {
      await libc.stderr.write(strBytes(`${prog}: ${cmd[0]}: No such file or directory\n`));
      return 127;
    }
    await libc.stdout.flush();
    const envp = libc.environ();
    const pid = await libc.fork(async (child) => {
      try {
        const nul = await child.open("/dev/null", 0);
        await child.dup2(nul, 0);
        await child.close(nul);
        await child.execve(path, cmd, envp);
      } catch (e) {
        if (!(e instanceof SysError)) throw e;
        await child.stderr.write(strBytes(`${prog}: ${cmd[0]}: ${child.strerror(e.errno)}\n`));
        return e.errno === 2 ? 127 : 126;
      }
      return 126;
    });
    const { status: ws } = await libc.waitpid(pid);
    const sig = ws & 0x7f;
    const code = (ws >> 8) & 0xff;
    if (sig) {
      await libc.stderr.write(strBytes(`${prog}: ${cmd[0]}: terminated by signal ${sig}\n`));
      return 125;
    }
    if (code === 255) {
      await libc.stderr.write(strBytes(`${prog}: ${cmd[0]}: exited with status 255; aborting\n`));
      return 124;
    }
    if (code === 126 || code === 127) return code;
    if (code) status = 123;
  }
  return status;
}
