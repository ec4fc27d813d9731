/**
 * Messages carry U+0000 and U+0001 where findutils puts locale quotes (‘x’ or 'x'); the
 * command substitutes them.
 *
 * The expression language of GNU find (findutils 4.6, Ubuntu 18.04's): parsing
 * (find/parser.c, find/tree.c: operators ! -a -o , and parentheses, implicit -a, an implicit
 * -print when no action is given) and the tests and actions vkern's find supports.
 * Diagnostics use findutils' own words, including its `quote' style for option names.
 */

import type { Stat } from "../libc/libc.ts";
import { printfFormat, typeOf } from "./find_printf.ts";
import { FNM_CASEFOLD, fnmatch } from "./fnmatch.ts";
import { modeAdjust, modeCompile } from "./modechange.ts";

/** One file as the predicates see it. */
export interface Visit {
  path: string;
  /** Name relative to the start point (%P). */
  rel: string;
  base: string;
  depth: number;
  st: Stat | null;
  /** Set by -prune: do not descend. */
  prune: boolean;
}

export interface FindRuntime {
  /** Current time in seconds (the time find started, as -mtime measures from). */
  now: number;
  print(s: string): Promise<void>;
  exec(argv: string[]): Promise<boolean>;
  remove(v: Visit): Promise<boolean>;
  userName(uid: number): string | undefined;
  groupName(gid: number): string | undefined;
  uidOf(name: string): number | undefined;
  gidOf(name: string): number | undefined;
  stat(path: string): Promise<Stat | null>;
  readlink(path: string): Promise<string | null>;
  quit(): void;
}

export type Node =
  | { kind: "and" | "or" | "comma"; left: Node; right: Node }
  | { kind: "not"; expr: Node }
  | {
      kind: "pred";
      name: string;
      eval: (v: Visit, rt: FindRuntime) => Promise<boolean> | boolean;
      action: boolean;
    };

export interface ParsedExpr {
  expr: Node;
  maxdepth: number;
  mindepth: number;
  depthFirst: boolean;
  /** Nodes of `-exec ... {} +` to flush at the end. */
  batches: { node: Node; argv: string[]; pending: string[] }[];
}

export class FindSyntaxError extends Error {}

const TYPE_LETTERS = "bcdpflsD";

/** A "+N", "-N" or "N" comparison as -mtime, -size, -links take it. */
function numericTest(arg: string, pred: string): (n: number) => boolean {
  const m = /^([+-]?)(\d+)$/.exec(arg);
  if (!m) throw new FindSyntaxError(`invalid argument \`${arg}' to \`${pred}'`);
  const v = Number(m[2]);
  return m[1] === "+" ? (n) => n > v : m[1] === "-" ? (n) => n < v : (n) => n === v;
}

/** Mirrors find/parser.c + tree.c:build_expression_tree() for the supported primaries. */
export function parseExpression(args: string[], modeStr: (m: number) => string): ParsedExpr {
  let i = 0;
  const r: ParsedExpr = {
    expr: null as unknown as Node,
    maxdepth: Infinity,
    mindepth: 0,
    depthFirst: false,
    batches: [],
  };
  let hasAction = false;
  const need = (pred: string): string => {
    if (i >= args.length) throw new FindSyntaxError(`missing argument to \`${pred}'`);
    return args[i++];
  };
  const pred = (
    name: string,
    action: boolean,
    ev: (v: Visit, rt: FindRuntime) => Promise<boolean> | boolean,
  ): Node => {
    if (action) hasAction = true;
    return { kind: "pred", name, eval: ev, action };
  };
  const depthArg = (p: string): number => {
    const a = need(p);
    if (!/^\d+$/.test(a)) {
      throw new FindSyntaxError(
        `Expected a positive decimal integer argument to ${p}, but got ${"\u0000"}${a}${"\u0001"}`,
      );
    }
    return Number(a);
  };

  const primary = (): Node => {
    const a = args[i++];
    switch (a) {
      case "(": {
        if (i < args.length && args[i] === ")")
          throw new FindSyntaxError("invalid expression; empty parentheses are not allowed.");
        const e = comma();
        if (args[i] !== ")")
          throw new FindSyntaxError(
            "invalid expression; I was expecting to find a ')' somewhere but did not see one.",
          );
        i++;
        return e;
      }
      case "-name":
      case "-iname": {
        const p = need(a);
        const flags = a === "-iname" ? FNM_CASEFOLD : 0;
        return pred(a, false, (v) => fnmatch(p, v.base, flags));
      }
      case "-path":
      case "-wholename":
      case "-ipath": {
        const p = need(a);
        const flags = a === "-ipath" ? FNM_CASEFOLD : 0;
        return pred(a, false, (v) => fnmatch(p, v.path, flags));
      }
      case "-type": {
        const t = need(a);
        const letters = t.split(",");
        for (const l of letters) {
          if (l.length !== 1 || !TYPE_LETTERS.includes(l)) {
            throw new FindSyntaxError(
              l.length > 1
                ? `Must separate multiple arguments to -type using: ','`
                : `Unknown argument to -type: ${l}`,
            );
          }
        }
        return pred(a, false, (v) => !!v.st && letters.includes(typeOf(v.st)));
      }
      case "-xtype": {
        const t = need(a);
        return pred(a, false, async (v, rt) => {
          const s = v.st && typeOf(v.st) === "l" ? ((await rt.stat(v.path)) ?? v.st) : v.st;
          return !!s && t.split(",").includes(typeOf(s));
        });
      }
      case "-maxdepth":
        r.maxdepth = depthArg(a);
        return pred(a, false, () => true);
      case "-mindepth":
        r.mindepth = depthArg(a);
        return pred(a, false, () => true);
      case "-depth":
      case "-d":
        r.depthFirst = true;
        return pred(a, false, () => true);
      case "-xdev":
      case "-mount":
      case "-noleaf":
      case "-follow":
      case "-ignore_readdir_race":
      case "-noignore_readdir_race":
      case "-nowarn":
      case "-warn":
        return pred(a, false, () => true);
      case "-true":
        return pred(a, false, () => true);
      case "-false":
        return pred(a, false, () => false);
      case "-print":
        return pred(a, true, async (v, rt) => {
          await rt.print(`${v.path}\n`);
          return true;
        });
      case "-print0":
        return pred(a, true, async (v, rt) => {
          await rt.print(`${v.path}\0`);
          return true;
        });
      case "-printf": {
        const f = need(a);
        return pred(a, true, async (v, rt) => {
          await rt.print(await printfFormat(f, v, rt, modeStr)());
          return true;
        });
      }
      case "-prune":
        return pred(a, false, (v) => {
          v.prune = true;
          return true;
        });
      case "-quit":
        return pred(a, true, (_v, rt) => {
          rt.quit();
          return true;
        });
      case "-delete":
        r.depthFirst = true;
        return pred(a, true, (v, rt) => rt.remove(v));
      case "-empty":
        return pred(
          a,
          false,
          (v) => !!v.st && ((v.st.mode & 0o170000) === 0o100000 ? v.st.size === 0 : false),
        );
      case "-user": {
        const u = need(a);
        return pred(a, false, (v, rt) => {
          const id = rt.uidOf(u) ?? (/^\d+$/.test(u) ? Number(u) : undefined);
          if (id === undefined)
            throw new FindSyntaxError(`\u0000${u}\u0001 is not the name of a known user`);
          return v.st?.uid === id;
        });
      }
      case "-group": {
        const g = need(a);
        return pred(a, false, (v, rt) => {
          const id = rt.gidOf(g) ?? (/^\d+$/.test(g) ? Number(g) : undefined);
          if (id === undefined)
            throw new FindSyntaxError(`\u0000${g}\u0001 is not the name of an existing group`);
          return v.st?.gid === id;
        });
      }
      case "-uid":
      case "-gid":
      case "-links":
      case "-inum": {
        const t = numericTest(need(a), a);
        return pred(a, false, (v) => {
          if (!v.st) return false;
          const n =
            a === "-uid"
              ? v.st.uid
              : a === "-gid"
                ? v.st.gid
                : a === "-links"
                  ? v.st.nlink
                  : v.st.ino;
          return t(n);
        });
      }
      case "-size": {
        const s = need(a);
        const m = /^([+-]?\d+)([bcwkMG]?)$/.exec(s);
        if (!m) throw new FindSyntaxError(`invalid -size type \`${s.slice(-1)}'`);
        const unit =
          { b: 512, c: 1, w: 2, k: 1024, M: 1048576, G: 1073741824, "": 512 }[m[2]] ?? 512;
        const t = numericTest(m[1], a);
        return pred(a, false, (v) => !!v.st && t(Math.ceil(v.st.size / unit)));
      }
      case "-mtime":
      case "-atime":
      case "-ctime":
      case "-mmin":
      case "-amin":
      case "-cmin": {
        const t = numericTest(need(a), a);
        const unit = a.endsWith("min") ? 60 : 86400;
        return pred(a, false, (v, rt) => {
          if (!v.st) return false;
          const ts = a[1] === "m" ? v.st.mtime : a[1] === "a" ? v.st.atime : v.st.ctime;
          return t(Math.floor((rt.now - (ts.sec + ts.nsec / 1e9)) / unit));
        });
      }
      case "-perm": {
        const p = need(a);
        const kind = p[0] === "-" ? "all" : p[0] === "/" ? "any" : "exact";
        const body = kind === "exact" ? p : p.slice(1);
        const change = modeCompile(body);
        if (!change) throw new FindSyntaxError(`invalid mode \u0000${p}\u0001`);
        const want = modeAdjust(0, false, 0, change).mode;
        return pred(a, false, (v) => {
          if (!v.st) return false;
          const m = v.st.mode & 0o7777;
          return kind === "exact"
            ? m === want
            : kind === "all"
              ? (m & want) === want
              : want === 0 || (m & want) !== 0;
        });
      }
      case "-newer": {
        const ref = need(a);
        let refTime: number | null = null;
        return pred(a, false, async (v, rt) => {
          if (refTime === null) {
            const st = await rt.stat(ref);
            if (!st) throw new FindSyntaxError(`\u0000${ref}\u0001: No such file or directory`);
            refTime = st.mtime.sec * 1e9 + st.mtime.nsec;
          }
          return !!v.st && v.st.mtime.sec * 1e9 + v.st.mtime.nsec > refTime;
        });
      }
      case "-exec":
      case "-ok": {
        const start = i;
        while (i < args.length && args[i] !== ";" && !(args[i] === "+" && args[i - 1] === "{}"))
          i++;
        if (i >= args.length || i === start)
          throw new FindSyntaxError(`missing argument to \`${a}'`);
        const argv = args.slice(start, i);
        const batch = args[i] === "+";
        i++;
        if (batch) {
          const b = {
            node: null as unknown as Node,
            argv: argv.slice(0, -1),
            pending: [] as string[],
          };
          b.node = pred(a, true, (v) => {
            b.pending.push(v.path);
            return true;
          });
          r.batches.push(b);
          return b.node;
        }
        return pred(a, true, (v, rt) => rt.exec(argv.map((x) => x.replaceAll("{}", v.path))));
      }
      default:
        if (a === ")") throw new FindSyntaxError("you have too many ')'");
        if (a.startsWith("-") && a.length > 1)
          throw new FindSyntaxError(`unknown predicate \`${a}'`);
        throw new FindSyntaxError(`paths must precede expression: \`${a}'`);
    }
  };

  const not = (): Node => {
    if (args[i] === "!" || args[i] === "-not") {
      i++;
      if (i >= args.length) throw new FindSyntaxError("expected an expression after '!'");
      return { kind: "not", expr: not() };
    }
    return primary();
  };
  const and = (): Node => {
    let left = not();
    while (
      i < args.length &&
      args[i] !== "-o" &&
      args[i] !== "-or" &&
      args[i] !== ")" &&
      args[i] !== ","
    ) {
      if (args[i] === "-a" || args[i] === "-and") {
        i++;
        if (i >= args.length)
          throw new FindSyntaxError(`expected an expression after '${args[i - 1]}'`);
      }
      left = { kind: "and", left, right: not() };
    }
    return left;
  };
  const or = (): Node => {
    let left = and();
    while (args[i] === "-o" || args[i] === "-or") {
      i++;
      if (i >= args.length)
        throw new FindSyntaxError(`expected an expression after '${args[i - 1]}'`);
      left = { kind: "or", left, right: and() };
    }
    return left;
  };
  const comma = (): Node => {
    let left = or();
    while (args[i] === ",") {
      i++;
      if (i >= args.length) throw new FindSyntaxError("expected an expression after ','");
      left = { kind: "comma", left, right: or() };
    }
    return left;
  };

  if (args.length === 0) {
    r.expr = pred("-print", true, async (v, rt) => {
      await rt.print(`${v.path}\n`);
      return true;
    });
    return r;
  }
  if (args[0] === "-o" || args[0] === "-a" || args[0] === "-or" || args[0] === "-and") {
    throw new FindSyntaxError(
      `invalid expression; you have used a binary operator '${args[0]}' with nothing before it.`,
    );
  }
  let e = comma();
  if (i < args.length) {
    if (args[i] === ")") throw new FindSyntaxError("you have too many ')'");
    throw new FindSyntaxError(`unexpected extra predicate '${args[i]}'`);
  }
  if (!hasAction) {
    e = {
      kind: "and",
      left: e,
      right: {
        kind: "pred",
        name: "-print",
        action: true,
        eval: async (v, rt) => {
          await rt.print(`${v.path}\n`);
          return true;
        },
      },
    };
  }
  r.expr = e;
  return r;
}

/** Evaluates the tree for one file (tree.c's eval functions, short-circuiting). */
export async function evaluate(n: Node, v: Visit, rt: FindRuntime): Promise<boolean> {
  switch (n.kind) {
    case "and":
      return (await evaluate(n.left, v, rt)) && evaluate(n.right, v, rt);
    case "or":
      return (await evaluate(n.left, v, rt)) || evaluate(n.right, v, rt);
    case "comma":
      await evaluate(n.left, v, rt);
      return evaluate(n.right, v, rt);
    case "not":
      return !(await evaluate(n.expr, v, rt));
    case "pred":
      return n.eval(v, rt);
  }
}
