/** test / [ (dash's and bash's test builtin: POSIX rules by argument count). */
import {
  S_IFBLK,
  S_IFCHR,
  S_IFDIR,
  S_IFIFO,
  S_IFLNK,
  S_IFMT,
  S_IFREG,
  S_IFSOCK,
} from "../../include/uapi/stat.ts";
import type { Shell } from "./exec.ts";

class TestError {
  constructor(readonly message: string) {}
}

const UNARY = new Set([
  "-e",
  "-f",
  "-d",
  "-r",
  "-w",
  "-x",
  "-s",
  "-z",
  "-n",
  "-L",
  "-h",
  "-b",
  "-c",
  "-p",
  "-S",
  "-t",
  "-g",
  "-u",
  "-k",
  "-O",
  "-G",
]);
const BINARY = new Set([
  "=",
  "==",
  "!=",
  "-eq",
  "-ne",
  "-lt",
  "-le",
  "-gt",
  "-ge",
  "-nt",
  "-ot",
  "-ef",
  "<",
  ">",
]);

export async function testBuiltin(sh: Shell, args: string[], bracket: boolean): Promise<number> {
  if (bracket) {
    if (args[args.length - 1] !== "]") {
      sh.errorLine(sh.st.personality === "dash" ? "[: missing ]" : "[: missing `]'");
      return 2;
    }
    args = args.slice(0, -1);
  }
  const name = bracket ? "[" : "test";
  try {
    return (await evaluate(sh, args)) ? 0 : 1;
  } catch (e) {
    if (e instanceof TestError) {
      sh.errorLine(`${name}: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

async function evaluate(sh: Shell, a: string[]): Promise<boolean> {
  switch (a.length) {
    case 0:
      return false;
    case 1:
      return a[0] !== "";
    case 2:
      if (a[0] === "!") return !(await evaluate(sh, a.slice(1)));
      if (UNARY.has(a[0])) return unary(sh, a[0], a[1]);
      throw new TestError(
        sh.st.personality === "dash"
          ? `${a[0]}: unexpected operator`
          : `${a[0]}: unary operator expected`,
      );
    case 3:
      if (BINARY.has(a[1])) return binary(sh, a[0], a[1], a[2]);
      if (a[0] === "!") return !(await evaluate(sh, a.slice(1)));
      if (a[0] === "(" && a[2] === ")") return evaluate(sh, [a[1]]);
      if (a[1] === "-a" || a[1] === "-o") break;
      throw new TestError(
        sh.st.personality === "dash"
          ? `${a[1]}: unexpected operator`
          : `${a[1]}: binary operator expected`,
      );
    case 4:
      if (a[0] === "!") return !(await evaluate(sh, a.slice(1)));
      if (a[0] === "(" && a[3] === ")") return evaluate(sh, a.slice(1, 3));
      break;
  }
  return expr(sh, a);
}

/** The general grammar: -o lowest, then -a, then !, then primaries and ( ). */
async function expr(sh: Shell, a: string[]): Promise<boolean> {
  let pos = 0;
  const orExpr = async (): Promise<boolean> => {
    let v = await andExpr();
    while (a[pos] === "-o") {
      pos++;
      const r = await andExpr();
      v = v || r;
    }
    return v;
  };
  const andExpr = async (): Promise<boolean> => {
    let v = await notExpr();
    while (a[pos] === "-a") {
      pos++;
      const r = await notExpr();
      v = v && r;
    }
    return v;
  };
  const notExpr = async (): Promise<boolean> => {
    if (a[pos] === "!") {
      pos++;
      return !(await notExpr());
    }
    return primary();
  };
  const primary = async (): Promise<boolean> => {
    const t = a[pos];
    if (t === undefined) throw new TestError("argument expected");
    if (t === "(") {
      pos++;
      const v = await orExpr();
      if (a[pos] !== ")")
        throw new TestError(
          sh.st.personality === "dash" ? "closing paren expected" : "`)' expected",
        );
      pos++;
      return v;
    }
    if (UNARY.has(t) && pos + 1 < a.length) {
      pos += 2;
      return unary(sh, t, a[pos - 1]);
    }
    if (BINARY.has(a[pos + 1] ?? "") && pos + 2 < a.length) {
      pos += 3;
      return binary(sh, a[pos - 3], a[pos - 2], a[pos - 1]);
    }
    pos++;
    return t !== "";
  };
  const v = await orExpr();
  if (pos < a.length)
    throw new TestError(
      sh.st.personality === "dash" ? `${a[pos]}: unexpected operator` : "too many arguments",
    );
  return v;
}

async function unary(sh: Shell, op: string, x: string): Promise<boolean> {
  if (op === "-z") return x === "";
  if (op === "-n") return x !== "";
  if (op === "-t") {
    if (!/^\d+$/.test(x)) throw new TestError(`${x}: integer expression expected`);
    return sh.libc.isatty(Number(x));
  }
  const st = await (op === "-L" || op === "-h" ? sh.libc.lstat(x) : sh.libc.stat(x)).catch(
    () => null,
  );
  if (!st) return false;
  const type = st.mode & S_IFMT;
  switch (op) {
    case "-e":
      return true;
    case "-f":
      return type === S_IFREG;
    case "-d":
      return type === S_IFDIR;
    case "-L":
    case "-h":
      return type === S_IFLNK;
    case "-b":
      return type === S_IFBLK;
    case "-c":
      return type === S_IFCHR;
    case "-p":
      return type === S_IFIFO;
    case "-S":
      return type === S_IFSOCK;
    case "-s":
      return st.size > 0;
    case "-g":
      return (st.mode & 0o2000) !== 0;
    case "-u":
      return (st.mode & 0o4000) !== 0;
    case "-k":
      return (st.mode & 0o1000) !== 0;
    case "-O":
      return st.uid === (await sh.libc.geteuid());
    case "-G":
      return st.gid === (await sh.libc.getegid());
    case "-r":
    case "-w":
    case "-x": {
      const mode = op === "-r" ? 4 : op === "-w" ? 2 : 1;
      return sh.libc.access(x, mode).then(
        () => true,
        () => false,
      );
    }
  }
  return false;
}

function int(sh: Shell, s: string): bigint {
  const t = s.trim();
  if (!/^[+-]?\d+$/.test(t)) {
    throw new TestError(
      sh.st.personality === "dash" ? `Illegal number: ${s}` : `${s}: integer expression expected`,
    );
  }
  return BigInt(t);
}

async function binary(sh: Shell, x: string, op: string, y: string): Promise<boolean> {
  switch (op) {
    case "=":
    case "==":
      return x === y;
    case "!=":
      return x !== y;
    case "<":
      return x < y;
    case ">":
      return x > y;
    case "-eq":
      return int(sh, x) === int(sh, y);
    case "-ne":
      return int(sh, x) !== int(sh, y);
    case "-lt":
      return int(sh, x) < int(sh, y);
    case "-le":
      return int(sh, x) <= int(sh, y);
    case "-gt":
      return int(sh, x) > int(sh, y);
    case "-ge":
      return int(sh, x) >= int(sh, y);
    case "-nt":
    case "-ot":
    case "-ef": {
      const a = await sh.libc.stat(x).catch(() => null);
      const b = await sh.libc.stat(y).catch(() => null);
      if (op === "-ef") return !!a && !!b && a.ino === b.ino && a.dev === b.dev;
      const ta = a ? a.mtime.sec * 1e9 + a.mtime.nsec : -1;
      const tb = b ? b.mtime.sec * 1e9 + b.mtime.nsec : -1;
      return op === "-nt" ? ta > tb : ta < tb;
    }
  }
  return false;
}
