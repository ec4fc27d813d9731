/**
 * awk(1) as Ubuntu 18.04 ships it: mawk 1.3.3 (/usr/bin/awk -> /etc/alternatives/awk ->
 * /usr/bin/mawk). Mirrors mawk main.c/init.c:process_cmdline(): `-F fs`, `-v var=value`,
 * `-f progfile` (repeatable), `-W version`, `--`; then the program text (without -f) and
 * the operands, which become ARGV. Messages start with the invoked name, as mawk's progname.
 * Exit status: 2 for usage, compile and run-time errors, else the program's exit code.
 */

import { argBytes, byteStr, strBytes } from "../../lib/io.ts";
import { SysError } from "../../libc/errors.ts";
import type { Libc } from "../../libc/libc.ts";
import { AwkFatal, AwkRuntimeError, Interp } from "./interp.ts";
import { rmEscape } from "./lexer.ts";
import { CompileError, parse, type Source } from "./parser.ts";
import { maybeNum } from "./value.ts";

/**
 * mawk 1.3.3's `-W version` (version.c:print_version(): the banner on stdout, the limits on
 * stderr as "%-14s%10lu"), as Ubuntu's mawk 1.3.3-17 prints it.
 */
const VERSION = "mawk 1.3.3 Nov 1996, Copyright (C) Michael D. Brennan\n\n";
const LIMITS = "compiled limits:\nmax NF             32767\nsprintf buffer      2040\n";

/** The usage text mawk prints when run without a program (recorded from mawk 1.3.4). */
const USAGE = `Usage: mawk [Options] [Program] [file ...]

Program:
    The -f option value is the name of a file containing program text.
    If no -f option is given, a "--" ends option processing; the following
    parameters are the program text.

Options:
    -f program-file  Program  text is read from file instead of from the
                     command-line.  Multiple -f options are accepted.
    -F value         sets the field separator, FS, to value.
    -v var=value     assigns value to program variable var.
    --               unambiguous end of options.

    Implementation-specific options are prefixed with "-W".  They can be
    abbreviated:

    -W version       show version information and exit.
    -W dump          show assembler-like listing of program and exit.
    -W help          show this message and exit.
    -W interactive   set unbuffered output, line-buffered input.
    -W exec file     use file as program as well as last option.
    -W random=number set initial random seed.
    -W sprintf=number adjust size of sprintf buffer.
    -W posix_space   do not consider "\\n" a space.
    -W usage         show this message and exit.
`;

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = (argv[0] ?? "mawk").replace(/.*\//, "");
  const err = (s: string) => libc.stderr.write(strBytes(`${prog}: ${s}\n`));
  const args = argv.slice(1).map(argBytes);
  const progFiles: string[] = [];
  const assigns: [string, string][] = [];
  let fs: string | undefined;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      i++;
      break;
    }
    if (a[0] !== "-" || a === "-") break;
    const opt = a[1];
    if (!"FfvW".includes(opt)) {
      await err(`not an option: ${a}`);
      return 2;
    }
    let val = a.slice(2);
    if (val === "") {
      if (i + 1 >= args.length) {
        await err(`option ${a} lacks argument`);
        return 2;
      }
      val = args[++i];
    }
    if (opt === "F") fs = rmEscape(val);
    else if (opt === "f") progFiles.push(val);
    else if (opt === "v") {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(val);
      if (!m) {
        await err(`improper assignment: -v ${val}`);
        return 2;
      }
      assigns.push([m[1], val.slice(m[0].length)]);
    } else if (/^v(e(r(s(i(on?)?)?)?)?)?$/.test(val)) {
      await libc.stdout.write(VERSION);
      await libc.stdout.flush();
      await libc.stderr.write(LIMITS);
      return flush(libc, err, 0);
    } else {
      await err(`vacuous option: -W ${val}`);
    }
  }
  const sources: Source[] = [];
  if (progFiles.length) {
    for (const f of progFiles) {
      try {
        const text = f === "-" ? await readAll(libc, 0) : byteStr(await libc.readFile(f));
        // mawk's scanner ends each program file with an extra newline (scan_fillbuff()).
        sources.push({ text: `${text}\n`, file: f });
      } catch (e) {
        if (!(e instanceof SysError)) throw e;
        await err(`cannot open ${f} (${libc.strerror(e.errno)})`);
        return 2;
      }
    }
  } else {
    if (i >= args.length) {
      await libc.stderr.write(USAGE);
      return 0;
    }
    sources.push({ text: `${args[i++]}\n` });
  }
  let interp: Interp;
  try {
    interp = new Interp(libc, parse(sources));
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    for (const m of e.messages) await err(m);
    return 2;
  }
  const operands = args.slice(i);
  setup(interp, libc, prog, operands, fs);
  let status: number;
  try {
    for (const [n, v] of assigns) interp.assignOperand(n, v);
    status = await interp.run();
    await interp.streams.closeAll();
  } catch (e) {
    if (e instanceof AwkRuntimeError) {
      const g = (n: string) => interp.get(n);
      await err(
        `run time error: ${e.message}\n\tFILENAME="${g("FILENAME")}" FNR=${g("FNR")} NR=${g("NR")}`,
      );
      status = 2;
    } else if (e instanceof AwkFatal) {
      await err(e.message);
      status = 2;
    } else throw e;
  }
  return flush(libc, err, status);
}

/** The built-in variables' initial values (mawk bi_vars.c:bi_vars_init()), ARGV, ENVIRON. */
function setup(interp: Interp, libc: Libc, prog: string, operands: string[], fs?: string) {
  const init: Record<string, string | number> = {
    FS: fs ?? " ",
    OFS: " ",
    ORS: "\n",
    RS: "\n",
    SUBSEP: "\x1c",
    CONVFMT: "%.6g",
    OFMT: "%.6g",
    NR: 0,
    FNR: 0,
    FILENAME: "",
    RSTART: 0,
    RLENGTH: -1,
    ARGC: operands.length + 1,
  };
  for (const [k, v] of Object.entries(init)) interp.setVar(k, v);
  const argvArr = interp.arrayOf("ARGV");
  argvArr.set("0", prog);
  operands.forEach((o, n) => argvArr.set(String(n + 1), maybeNum(o)));
  const env = interp.arrayOf("ENVIRON");
  for (const [k, v] of libc.env) env.set(argBytes(k), maybeNum(argBytes(v)));
}

async function readAll(libc: Libc, fd: number): Promise<string> {
  return byteStr(await libc.readAll(fd));
}

/** Flushes stdout at exit; a failed write is mawk's "write failure" (exit 2). */
async function flush(libc: Libc, err: (s: string) => Promise<void>, status: number) {
  try {
    await libc.stdout.flush();
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    await err(`write failure (${libc.strerror(e.errno)})`);
    return 2;
  }
  return status;
}
