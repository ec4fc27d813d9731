/**
 * Reading a Makefile into make's database (GNU make 4.1's read.c, the parts Makefiles of
 * kernel modules use): variable assignments of every flavour, conditionals, include,
 * define, explicit and pattern rules with recipes, target-specific variables, .PHONY.
 */
import { type ExpandEnv, expand, MakeError, type Origin, type Var } from "./vars.ts";

export interface RecipeLine {
  text: string;
  file: string;
  line: number;
}

export interface Rule {
  target: string;
  prereqs: string[];
  recipe: RecipeLine[] | null;
  file: string;
  line: number;
}

export interface PatternRule {
  target: string;
  prereqs: string[];
  recipe: RecipeLine[];
  file: string;
  line: number;
}

export class MakeDb {
  readonly vars = new Map<string, Var>();
  readonly rules = new Map<string, Rule>();
  readonly patterns: PatternRule[] = [];
  readonly phony = new Set<string>();
  readonly exported = new Set<string>();
  readonly targetVars = new Map<string, Map<string, Var>>();
  defaultGoal: string | null = null;
  silent = false;
}

/** What the parser needs from its caller: expansion, and reading included files. */
export interface ParseHost {
  env(db: MakeDb): ExpandEnv;
  readFile(path: string): Promise<string | null>;
  /** A warning printed as "Makefile:N: warning: ..." on stderr. */
  warn(text: string): Promise<void>;
  /** Told "file:line" of each line read, for messages of $(warning) and $(error). */
  at(where: string): void;
}

interface Logical {
  text: string;
  line: number;
}

/** Joins backslash-continued lines; recipe lines keep the backslash-newline for the shell. */
function logicalLines(text: string): Logical[] {
  const phys = text.split("\n");
  if (phys.at(-1) === "") phys.pop();
  const out: Logical[] = [];
  for (let i = 0; i < phys.length; i++) {
    const start = i;
    let cur = phys[i];
    const recipe = cur.startsWith("\t");
    while (/(^|[^\\])(\\\\)*\\$/.test(cur) && i + 1 < phys.length) {
      i++;
      const next = phys[i];
      cur = recipe
        ? `${cur}\n${next.startsWith("\t") ? next.slice(1) : next}`
        : `${cur.slice(0, -1).replace(/\s+$/, "")} ${next.replace(/^\s+/, "")}`;
    }
    out.push({ text: cur, line: start + 1 });
  }
  return out;
}

/** Removes a comment that is not escaped (`\#` stays as `#`). */
function stripComment(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\\" && s[i + 1] === "#") {
      out += "#";
      i++;
    } else if (s[i] === "#") break;
    else out += s[i];
  }
  return out;
}

const ASSIGN =
  /^((?:override|export|private)\s+)*([^\s:#=]+|\$\([^)]*\))\s*(::=|:=|\?=|\+=|!=|=)(.*)$/s;

/** Index of the first `c` outside $(...) and ${...}, or -1. */
function indexOutside(s: string, c: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === "$" && (s[i + 1] === "(" || s[i + 1] === "{")) {
      depth++;
      i++;
    } else if ((ch === ")" || ch === "}") && depth > 0) depth--;
    else if (ch === c && depth === 0) return i;
  }
  return -1;
}

/** Parses ifeq/ifneq arguments: `(a,b)`, `"a" "b"` or `'a' 'b'`. */
function condArgs(s: string): [string, string] | null {
  s = s.trim();
  if (s.startsWith("(") && s.endsWith(")")) {
    const inner = s.slice(1, -1);
    const comma = indexOutside(inner, ",");
    if (comma < 0) return null;
    return [inner.slice(0, comma).trim(), inner.slice(comma + 1).trim()];
  }
  const m = /^(["'])(.*?)\1\s+(["'])(.*?)\3$/.exec(s);
  return m ? [m[2], m[4]] : null;
}

export async function assign(
  db: MakeDb,
  env: ExpandEnv,
  name: string,
  op: string,
  rhs: string,
  origin: Origin,
  vars = db.vars,
): Promise<void> {
  const old = vars.get(name) ?? db.vars.get(name);
  // Command-line variables win over the Makefile's unless `override`.
  if (old?.origin === "command line" && origin === "file") return;
  switch (op) {
    case "=":
      vars.set(name, { value: rhs, recursive: true, origin });
      return;
    case ":=":
    case "::=":
      vars.set(name, { value: await expand(rhs, env), recursive: false, origin });
      return;
    case "?=":
      if (!old) vars.set(name, { value: rhs, recursive: true, origin });
      return;
    case "!=":
      vars.set(name, {
        value: (await env.shell(await expand(rhs, env))).replace(/\n+$/, "").replace(/\n/g, " "),
        recursive: false,
        origin,
      });
      return;
    case "+=": {
      if (!old) {
        vars.set(name, { value: rhs, recursive: true, origin });
        return;
      }
      const add = old.recursive ? rhs : await expand(rhs, env);
      vars.set(name, {
        value: old.value ? `${old.value} ${add}` : add,
        recursive: old.recursive,
        origin: old.origin === "default" ? origin : old.origin,
      });
      return;
    }
  }
}

/** Reads `text` (the Makefile named `file`) into `db`. Throws MakeError with "file:line". */
export async function parseMakefile(
  db: MakeDb,
  text: string,
  file: string,
  host: ParseHost,
): Promise<void> {
  const env = host.env(db);
  const lines = logicalLines(text);
  /** Each level: is this branch taken, and was any branch of the chain taken. */
  const conds: { active: boolean; taken: boolean; outer: boolean }[] = [];
  const active = () => conds.every((c) => c.active);
  let rules: Rule[] | null = null;
  let patterns: PatternRule[] | null = null;
  /** The recipe being collected for the current rule line (shared by its targets). */
  let recipe: RecipeLine[] | null = null;
  let ruleLine = 0;
  const where = (n: number) => `${file}:${n}`;
  const startRecipe = async (): Promise<RecipeLine[]> => {
    if (recipe) return recipe;
    const r: RecipeLine[] = [];
    recipe = r;
    for (const x of rules ?? []) {
      if (x.recipe?.length) {
        await host.warn(`${where(ruleLine)}: warning: overriding recipe for target '${x.target}'`);
        await host.warn(
          `${x.file}:${x.line}: warning: ignoring old recipe for target '${x.target}'`,
        );
      }
      x.recipe = r;
      x.file = file;
      x.line = ruleLine;
    }
    for (const x of patterns ?? []) x.recipe = r;
    return r;
  };

  for (let li = 0; li < lines.length; li++) {
    const { text: raw, line } = lines[li];
    host.at(where(line));
    if (raw.startsWith("\t") && (rules || patterns)) {
      if (!active()) continue;
      (await startRecipe()).push({ text: raw.slice(1), file, line });
      continue;
    }
    const s = stripComment(raw).trim();
    if (!s) continue;
    const [kw, ...restWords] = s.split(/\s+/);
    const rest = s.slice(kw.length).trim();

    if (kw === "ifeq" || kw === "ifneq" || kw === "ifdef" || kw === "ifndef") {
      const outer = active();
      let val = false;
      if (outer) val = await evalCond(kw, rest, env, db, where(line));
      conds.push({ active: outer && val, taken: val, outer });
      continue;
    }
    if (kw === "else") {
      const c = conds.at(-1);
      if (!c) throw new MakeError("extraneous 'else'", where(line));
      if (restWords.length && /^if(n?eq|n?def)$/.test(restWords[0])) {
        const sub = rest.slice(restWords[0].length).trim();
        const val =
          c.outer && !c.taken && (await evalCond(restWords[0], sub, env, db, where(line)));
        c.active = val;
        c.taken ||= val;
      } else {
        c.active = c.outer && !c.taken;
        c.taken = true;
      }
      continue;
    }
    if (kw === "endif") {
      if (!conds.pop()) throw new MakeError("extraneous 'endif'", where(line));
      continue;
    }
    if (!active()) {
      if (kw === "define") while (li + 1 < lines.length && lines[++li].text.trim() !== "endef");
      continue;
    }
    if (kw === "define") {
      const m = /^(\S+)\s*(=|:=|::=|\?=|\+=)?$/.exec(rest);
      if (!m) throw new MakeError("empty variable name", where(line));
      const body: string[] = [];
      while (li + 1 < lines.length && lines[li + 1].text.trim() !== "endef")
        body.push(lines[++li].text);
      li++;
      await assign(db, env, await expand(m[1], env), m[2] ?? "=", body.join("\n"), "file");
      rules = patterns = null;
      continue;
    }
    if (kw === "include" || kw === "-include" || kw === "sinclude") {
      for (const f of (await expand(rest, env)).split(/\s+/).filter(Boolean)) {
        const path = f.startsWith("/") ? f : `${env.cwd}/${f}`;
        const t = await host.readFile(path);
        if (t === null) {
          if (kw === "include") throw new MakeError(`${f}: No such file or directory`, where(line));
          continue;
        }
        await parseMakefile(db, t, f, host);
      }
      rules = patterns = null;
      continue;
    }
    if (kw === "export" || kw === "unexport") {
      if (!ASSIGN.test(s)) {
        for (const n of (await expand(rest, env)).split(/\s+/).filter(Boolean)) {
          if (kw === "export") db.exported.add(n);
          else db.exported.delete(n);
        }
        continue;
      }
    }
    if (kw === "vpath") continue;

    const am = ASSIGN.exec(s);
    if (am) {
      const name = (await expand(am[2], env)).trim();
      const mods = am[1] ?? "";
      await assign(
        db,
        env,
        name,
        am[3],
        am[4].trim(),
        mods.includes("override") ? "override" : "file",
      );
      if (mods.includes("export")) db.exported.add(name);
      rules = patterns = null;
      continue;
    }

    // A rule: targets : prerequisites [; recipe]
    const semi = indexOutside(s, ";");
    const head = semi >= 0 ? s.slice(0, semi) : s;
    const inline = semi >= 0 ? s.slice(semi + 1).trim() : null;
    const colonRaw = indexOutside(head, ":");
    // A line that expands to nothing (a $(info ...), $(warning ...)) is no rule.
    if (colonRaw < 0 && s.includes("$") && !(await expand(s, env)).trim()) continue;
    if (colonRaw < 0) {
      if (/^ {8}/.test(raw) || /^ +\S/.test(raw))
        throw new MakeError(
          `missing separator (did you mean TAB instead of ${raw.length - raw.trimStart().length} spaces?)`,
          where(line),
        );
      throw new MakeError("missing separator", where(line));
    }
    const targets = (await expand(head.slice(0, colonRaw), env)).split(/\s+/).filter(Boolean);
    let after = head.slice(colonRaw + 1);
    if (after.startsWith(":")) after = after.slice(1); // double-colon rules act as ordinary ones here
    const tv = ASSIGN.exec(after.trim());
    if (tv) {
      for (const t of targets) {
        const m = db.targetVars.get(t) ?? new Map<string, Var>();
        db.targetVars.set(t, m);
        await assign(db, env, (await expand(tv[2], env)).trim(), tv[3], tv[4].trim(), "file", m);
      }
      rules = patterns = null;
      continue;
    }
    const prereqs = (await expand(after, env)).replace("|", " ").split(/\s+/).filter(Boolean);
    rules = [];
    patterns = [];
    recipe = null;
    ruleLine = line;
    for (const t of targets) {
      if (t === ".PHONY") {
        for (const p of prereqs) db.phony.add(p);
        continue;
      }
      if (t === ".SILENT" && !prereqs.length) db.silent = true;
      if (t.startsWith(".") && !t.includes("/")) continue;
      if (t.includes("%")) {
        const pr: PatternRule = { target: t, prereqs, recipe: [], file, line };
        db.patterns.unshift(pr);
        patterns.push(pr);
        continue;
      }
      db.defaultGoal ??= t;
      const old = db.rules.get(t);
      if (old) {
        old.prereqs.push(...prereqs);
        rules.push(old);
      } else {
        const r: Rule = { target: t, prereqs: [...prereqs], recipe: null, file, line };
        db.rules.set(t, r);
        rules.push(r);
      }
    }
    if (inline !== null) {
      const r = await startRecipe();
      if (inline) r.push({ text: inline, file, line });
    }
  }
  if (conds.length) throw new MakeError("missing 'endif'", where(lines.length + 1));
}

async function evalCond(
  kw: string,
  rest: string,
  env: ExpandEnv,
  db: MakeDb,
  where: string,
): Promise<boolean> {
  if (kw === "ifdef" || kw === "ifndef") {
    const name = (await expand(rest, env)).trim();
    const v = env.lookup(name) ?? db.vars.get(name);
    const defined = !!v && v.value !== "";
    return kw === "ifdef" ? defined : !defined;
  }
  const a = condArgs(rest);
  if (!a) throw new MakeError("invalid syntax in conditional", where);
  const eq = (await expand(a[0], env)) === (await expand(a[1], env));
  return kw === "ifeq" ? eq : !eq;
}
