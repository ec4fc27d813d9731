/**
 * GNU make's variables and the expansion of `$(...)` references (make 4.1, the book's
 * Ubuntu 18.04): recursive and simple flavours, substitution references, automatic
 * variables and the text functions Makefiles of kernel modules use.
 */

export type Origin = "default" | "environment" | "file" | "command line" | "override" | "automatic";

export interface Var {
  value: string;
  /** Recursive variables are expanded when used, simple ones when defined. */
  recursive: boolean;
  origin: Origin;
}

/** Where expansion runs: the variables in scope and the side effects functions need. */
export interface ExpandEnv {
  lookup(name: string): Var | undefined;
  /** $(shell cmd): the command's standard output. */
  shell(cmd: string): Promise<string>;
  /** $(info), $(warning) and $(error) (which throws MakeError). */
  message(kind: "info" | "warning" | "error", text: string): Promise<void>;
  /** $(wildcard pattern): matching existing files, in order. */
  wildcard(pattern: string): Promise<string[]>;
  /** $(realpath x) and $(abspath x) need the current directory. */
  cwd: string;
  realpath(p: string): Promise<string | null>;
}

/** An error that stops make (`*** message.  Stop.`). */
export class MakeError extends Error {
  constructor(
    message: string,
    readonly where = "",
  ) {
    super(message);
    this.name = "MakeError";
  }
}

const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

/** Index of the parenthesis closing the one opened just before `from`, or -1. */
function findClose(s: string, from: number, open: string, close: string): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === open) depth++;
    else if (c === close && --depth === 0) return i;
  }
  return -1;
}

/** Splits function arguments at top-level commas (parentheses nest). */
function splitArgs(s: string, max: number): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const c of s) {
    if (c === "(" || c === "{") depth++;
    else if (c === ")" || c === "}") depth--;
    if (c === "," && depth === 0 && out.length < max - 1) {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** make's `%` pattern match: the stem, or null. */
export function patternMatch(pattern: string, word: string): string | null {
  const i = pattern.indexOf("%");
  if (i < 0) return pattern === word ? "" : null;
  const pre = pattern.slice(0, i);
  const post = pattern.slice(i + 1);
  if (word.length < pre.length + post.length) return null;
  if (!word.startsWith(pre) || !word.endsWith(post)) return null;
  return word.slice(pre.length, word.length - post.length);
}

function patsubst(pattern: string, repl: string, text: string): string {
  return words(text)
    .map((w) => {
      const stem = patternMatch(pattern, w);
      if (stem === null) return w;
      return repl.includes("%") ? repl.replace("%", stem) : repl;
    })
    .join(" ");
}

function dirOf(w: string): string {
  const i = w.lastIndexOf("/");
  return i < 0 ? "./" : w.slice(0, i + 1);
}

function notdir(w: string): string {
  return w.slice(w.lastIndexOf("/") + 1);
}

function suffixOf(w: string): string {
  const base = notdir(w);
  const i = base.lastIndexOf(".");
  return i < 0 ? "" : base.slice(i);
}

function abspath(cwd: string, p: string): string {
  const parts: string[] = [];
  for (const c of (p.startsWith("/") ? p : `${cwd}/${p}`).split("/")) {
    if (!c || c === ".") continue;
    if (c === "..") parts.pop();
    else parts.push(c);
  }
  return `/${parts.join("/")}`;
}

type Fn = (args: string[], env: ExpandEnv, raw: string[]) => Promise<string> | string;

/** Functions whose arguments are expanded before the call (all but if/or/and/foreach). */
const FUNCTIONS: Record<string, { nargs: number; fn: Fn; lazy?: boolean }> = {
  subst: { nargs: 3, fn: ([from, to, text]) => text.split(from).join(to) },
  patsubst: { nargs: 3, fn: ([p, r, t]) => patsubst(p.trim(), r.trim(), t) },
  strip: { nargs: 1, fn: ([t]) => words(t).join(" ") },
  findstring: { nargs: 2, fn: ([f, t]) => (t.includes(f) ? f : "") },
  filter: {
    nargs: 2,
    fn: ([p, t]) => {
      const pats = words(p);
      return words(t)
        .filter((w) => pats.some((x) => patternMatch(x, w) !== null))
        .join(" ");
    },
  },
  "filter-out": {
    nargs: 2,
    fn: ([p, t]) => {
      const pats = words(p);
      return words(t)
        .filter((w) => !pats.some((x) => patternMatch(x, w) !== null))
        .join(" ");
    },
  },
  sort: { nargs: 1, fn: ([t]) => [...new Set(words(t))].sort().join(" ") },
  word: { nargs: 2, fn: ([n, t]) => words(t)[Number(n.trim()) - 1] ?? "" },
  words: { nargs: 1, fn: ([t]) => String(words(t).length) },
  wordlist: {
    nargs: 3,
    fn: ([s, e, t]) =>
      words(t)
        .slice(Number(s.trim()) - 1, Number(e.trim()))
        .join(" "),
  },
  firstword: { nargs: 1, fn: ([t]) => words(t)[0] ?? "" },
  lastword: { nargs: 1, fn: ([t]) => words(t).at(-1) ?? "" },
  dir: { nargs: 1, fn: ([t]) => words(t).map(dirOf).join(" ") },
  notdir: { nargs: 1, fn: ([t]) => words(t).map(notdir).join(" ") },
  suffix: {
    nargs: 1,
    fn: ([t]) => words(t).map(suffixOf).filter(Boolean).join(" "),
  },
  basename: {
    nargs: 1,
    fn: ([t]) =>
      words(t)
        .map((w) => {
          const s = suffixOf(w);
          return s ? w.slice(0, -s.length) : w;
        })
        .join(" "),
  },
  addsuffix: {
    nargs: 2,
    fn: ([s, t]) =>
      words(t)
        .map((w) => w + s)
        .join(" "),
  },
  addprefix: {
    nargs: 2,
    fn: ([p, t]) =>
      words(t)
        .map((w) => p + w)
        .join(" "),
  },
  join: {
    nargs: 2,
    fn: ([a, b]) => {
      const x = words(a);
      const y = words(b);
      return Array.from(
        { length: Math.max(x.length, y.length) },
        (_, i) => (x[i] ?? "") + (y[i] ?? ""),
      ).join(" ");
    },
  },
  abspath: {
    nargs: 1,
    fn: ([t], env) =>
      words(t)
        .map((w) => abspath(env.cwd, w))
        .join(" "),
  },
  realpath: {
    nargs: 1,
    fn: async ([t], env) => {
      const out: string[] = [];
      for (const w of words(t)) {
        const r = await env.realpath(abspath(env.cwd, w));
        if (r) out.push(r);
      }
      return out.join(" ");
    },
  },
  wildcard: {
    nargs: 1,
    fn: async ([t], env) => {
      const out: string[] = [];
      for (const w of words(t)) out.push(...(await env.wildcard(w)));
      return out.join(" ");
    },
  },
  shell: {
    nargs: 1,
    fn: async ([cmd], env) => (await env.shell(cmd)).replace(/\n+$/, "").replace(/\n/g, " "),
  },
  info: {
    nargs: 1,
    fn: async ([t], env) => {
      await env.message("info", t);
      return "";
    },
  },
  warning: {
    nargs: 1,
    fn: async ([t], env) => {
      await env.message("warning", t);
      return "";
    },
  },
  error: {
    nargs: 1,
    fn: async ([t], env) => {
      await env.message("error", t);
      return "";
    },
  },
  origin: {
    nargs: 1,
    fn: ([n], env) => env.lookup(n.trim())?.origin ?? "undefined",
  },
  flavor: {
    nargs: 1,
    fn: ([n], env) => {
      const v = env.lookup(n.trim());
      return v ? (v.recursive ? "recursive" : "simple") : "undefined";
    },
  },
  value: { nargs: 1, fn: ([n], env) => env.lookup(n.trim())?.value ?? "" },
  if: {
    nargs: 3,
    lazy: true,
    fn: async (_a, env, raw) => {
      const cond = (await expand(raw[0] ?? "", env)).trim();
      return cond ? expand(raw[1] ?? "", env) : expand(raw[2] ?? "", env);
    },
  },
  or: {
    nargs: 1000,
    lazy: true,
    fn: async (_a, env, raw) => {
      for (const r of raw) {
        const v = (await expand(r, env)).trim();
        if (v) return v;
      }
      return "";
    },
  },
  and: {
    nargs: 1000,
    lazy: true,
    fn: async (_a, env, raw) => {
      let v = "";
      for (const r of raw) {
        v = (await expand(r, env)).trim();
        if (!v) return "";
      }
      return v;
    },
  },
  foreach: {
    nargs: 3,
    lazy: true,
    fn: async (_a, env, raw) => {
      const name = (await expand(raw[0] ?? "", env)).trim();
      const list = words(await expand(raw[1] ?? "", env));
      const out: string[] = [];
      for (const w of list) {
        const inner: ExpandEnv = {
          ...env,
          lookup: (n) =>
            n === name ? { value: w, recursive: false, origin: "automatic" } : env.lookup(n),
        };
        out.push(await expand(raw[2] ?? "", inner));
      }
      return out.join(" ");
    },
  },
  call: {
    nargs: 1000,
    fn: async (args, env) => {
      const v = env.lookup(args[0].trim());
      if (!v) return "";
      const inner: ExpandEnv = {
        ...env,
        lookup: (n) =>
          /^\d+$/.test(n)
            ? { value: args[Number(n)] ?? "", recursive: false, origin: "automatic" }
            : env.lookup(n),
      };
      return v.recursive ? expand(v.value, inner) : v.value;
    },
  },
};

/** The value of variable `name`, expanded if it is recursive. */
async function varValue(name: string, env: ExpandEnv): Promise<string> {
  const v = env.lookup(name);
  if (!v) return "";
  return v.recursive ? expand(v.value, env) : v.value;
}

/** Expands every `$` reference in `s` (GNU make's variable_expand_string()). */
export async function expand(s: string, env: ExpandEnv): Promise<string> {
  if (!s.includes("$")) return s;
  let out = "";
  let i = 0;
  while (i < s.length) {
    const d = s.indexOf("$", i);
    if (d < 0) {
      out += s.slice(i);
      break;
    }
    out += s.slice(i, d);
    const c = s[d + 1];
    if (c === undefined) break;
    if (c === "$") {
      out += "$";
      i = d + 2;
      continue;
    }
    if (c !== "(" && c !== "{") {
      out += await varValue(c, env);
      i = d + 2;
      continue;
    }
    const close = findClose(s, d + 2, c, c === "(" ? ")" : "}");
    if (close < 0) throw new MakeError(`unterminated variable reference`);
    const body = s.slice(d + 2, close);
    i = close + 1;
    const fm = /^([a-z-]+)[ \t]/.exec(body);
    const f = fm ? FUNCTIONS[fm[1]] : undefined;
    if (fm && f) {
      const raw = splitArgs(body.slice(fm[0].length), f.nargs);
      const args = f.lazy ? [] : await Promise.all(raw.map((a) => expand(a, env)));
      out += await f.fn(args, env, raw);
      continue;
    }
    // A variable reference, perhaps a substitution reference $(var:a=b).
    const name = await expand(body, env);
    const colon = name.indexOf(":");
    if (colon > 0 && name.includes("=", colon)) {
      const eq = name.indexOf("=", colon);
      const from = name.slice(colon + 1, eq);
      const to = name.slice(eq + 1);
      const val = await varValue(name.slice(0, colon), env);
      out += from.includes("%")
        ? patsubst(from, to, val)
        : words(val)
            .map((w) => (w.endsWith(from) ? w.slice(0, w.length - from.length) + to : w))
            .join(" ");
      continue;
    }
    out += await varValue(name, env);
  }
  return out;
}
