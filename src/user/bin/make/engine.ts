/**
 * Running make (GNU make 4.1's main.c, remake.c, job.c): read the Makefile, bring the
 * goals up to date by their prerequisites' modification times, run recipes through
 * /bin/sh -c, and report as make 4.1 does on Ubuntu 18.04:
 *
 *   make[1]: Entering directory '/usr/src/linux-headers-5.4.0-llkd01'
 *   Makefile:4: recipe for target 'all' failed
 *   make: *** [all] Error 2
 *
 * A recipe line that runs make itself ($(MAKE), or `make`) is run in this process as a
 * sub-make one level down; a sub-make into the kernel's build directory is kbuild
 * (src/user/bin/make/kbuild.ts).
 */

import { canonicalize } from "../../lib/canonicalize.ts";
import { fnmatch } from "../../lib/fnmatch.ts";
import { errnoOf } from "../../lib/prog.ts";
import { tsNs } from "../../lib/sys.ts";
import { SysError } from "../../libc/errors.ts";
import type { Libc } from "../../libc/libc.ts";
import { MakeDb, type ParseHost, parseMakefile, type RecipeLine, type Rule } from "./parse.ts";
import { type ExpandEnv, expand, MakeError, patternMatch, type Var } from "./vars.ts";

export interface MakeOptions {
  /** MAKELEVEL: 0 for the make the user ran. */
  level: number;
  /** The directory make works in (after -C). */
  dir: string;
  /** -C was given: print "Entering directory" (make's -w, implied by -C). */
  printDirectory: boolean;
  makefile: string | null;
  cmdVars: [string, string][];
  goals: string[];
  silent: boolean;
  ignoreErrors: boolean;
  dryRun: boolean;
  envp: string[];
}

/** Called for a sub-make into the kernel build directory: kbuild's external-module build. */
export type KbuildHook = (m: Make) => Promise<number>;

/** The build directory of the running kernel's headers (/lib/modules/$(uname -r)/build). */
export function kbuildDir(release: string): string {
  return `/usr/src/linux-headers-${release}`;
}

const dec = new TextDecoder();

interface Built {
  /** Modification time (ns) after the target was considered; 0n if it does not exist. */
  mtime: bigint;
  /** A recipe ran (or would have) for it. */
  remade: boolean;
}

/** Thrown to stop make with its exit status (after the messages are out). */
export class MakeExit extends Error {
  constructor(readonly status: number) {
    super(`make exit ${status}`);
  }
}

export class Make {
  readonly db = new MakeDb();
  readonly name: string;
  private readonly built = new Map<string, Built>();
  /** Recipe lines run so far (make says "Nothing to be done" only if none ran for a goal). */
  private commandsRun = 0;
  private readonly building = new Set<string>();
  /** Automatic variables of the recipe being expanded. */
  private auto: Map<string, string> | null = null;
  private curTarget: string | null = null;
  release = "";
  kbuild: KbuildHook | null = null;

  constructor(
    readonly libc: Libc,
    readonly o: MakeOptions,
  ) {
    this.name = o.level ? `make[${o.level}]` : "make";
  }

  get cwd(): string {
    return this.o.dir;
  }

  async out(s: string): Promise<void> {
    await this.libc.stdout.write(s);
  }

  /** Errors and warnings go to stderr, after whatever stdout holds. */
  async err(s: string): Promise<void> {
    await this.libc.stdout.flush();
    await this.libc.stderr.write(s);
  }

  /** `make: *** message.  Stop.` (with the Makefile location first when known). */
  async fatal(msg: string, where = ""): Promise<never> {
    await this.err(`${where ? `${where}: ` : `${this.name}: `}*** ${msg}.  Stop.\n`);
    throw new MakeExit(2);
  }

  abs(p: string): string {
    const parts: string[] = [];
    for (const c of (p.startsWith("/") ? p : `${this.cwd}/${p}`).split("/")) {
      if (!c || c === ".") continue;
      if (c === "..") parts.pop();
      else parts.push(c);
    }
    return `/${parts.join("/")}`;
  }

  async readFile(path: string): Promise<string | null> {
    try {
      return dec.decode(await this.libc.readFile(this.abs(path)));
    } catch (e) {
      if (e instanceof SysError) return null;
      throw e;
    }
  }

  async mtime(path: string): Promise<bigint> {
    try {
      return tsNs((await this.libc.stat(this.abs(path))).mtime);
    } catch {
      return 0n;
    }
  }

  private lookup(name: string): Var | undefined {
    const a = this.auto?.get(name);
    if (a !== undefined) return { value: a, recursive: false, origin: "automatic" };
    if (this.curTarget) {
      const tv = this.db.targetVars.get(this.curTarget)?.get(name);
      if (tv) return tv;
    }
    return this.db.vars.get(name);
  }

  env(): ExpandEnv {
    return {
      lookup: (n) => this.lookup(n),
      shell: (cmd) => this.shellOutput(cmd),
      message: async (kind, text) => {
        if (kind === "info") await this.out(`${text}\n`);
        else if (kind === "warning") await this.err(`${this.where}: ${text}\n`);
        else await this.fatal(text, this.where);
      },
      wildcard: (p) => this.wildcard(p),
      cwd: this.cwd,
      realpath: async (p) => {
        const r = await canonicalize(this.libc, p, "existing");
        return "path" in r ? r.path : null;
      },
    };
  }

  /** "Makefile:N" of the line being read or run, for $(warning) and $(error). */
  private where = "";

  private parseHost(): ParseHost {
    return {
      env: () => this.env(),
      readFile: (p) => this.readFile(p),
      warn: (t) => this.err(`${t}\n`),
      at: (w) => {
        this.where = w;
      },
    };
  }

  /** Parses a Makefile's text into this make's database. */
  async read(text: string, file: string): Promise<void> {
    try {
      await parseMakefile(this.db, text, file, this.parseHost());
    } catch (e) {
      if (e instanceof MakeError) await this.fatal(e.message, e.where);
      throw e;
    }
  }

  async expand(s: string): Promise<string> {
    return expand(s, this.env());
  }

  /** Variables make starts with: the environment, the defaults, the command line. */
  initVars(): void {
    const v = this.db.vars;
    for (const e of this.o.envp) {
      const eq = e.indexOf("=");
      if (eq > 0)
        v.set(e.slice(0, eq), { value: e.slice(eq + 1), recursive: false, origin: "environment" });
    }
    const def = (n: string, value: string) => {
      if (!v.has(n)) v.set(n, { value, recursive: true, origin: "default" });
    };
    def("MAKE", "make");
    def("SHELL", "/bin/sh");
    def("CC", "cc");
    def("RM", "rm -f");
    // As make's built-in LINK.c for C: `cc     app.c   -o app` with the empty flags.
    def("TSC", "tsc");
    def("LINK.ts", "$(TSC) $(TSFLAGS) $(CPPFLAGS) $(LDFLAGS) $(TARGET_ARCH)");
    v.set("CURDIR", { value: this.cwd, recursive: false, origin: "file" });
    v.set("MAKELEVEL", { value: String(this.o.level), recursive: false, origin: "environment" });
    v.set("MAKECMDGOALS", { value: this.o.goals.join(" "), recursive: false, origin: "default" });
    for (const [n, val] of this.o.cmdVars) {
      v.set(n, { value: val, recursive: true, origin: "command line" });
    }
  }

  /** Runs `cmd` with /bin/sh -c in the make's directory; returns the wait status. */
  async sh(cmd: string): Promise<number> {
    const pid = await this.spawn(cmd, null);
    return (await this.libc.waitpid(pid)).status;
  }

  /** Forks /bin/sh -c `cmd` (its stdout on `stdoutFd` if given); returns its pid. */
  private async spawn(cmd: string, stdoutFd: number | null): Promise<number> {
    await this.libc.fflushAll();
    const env = await this.childEnv();
    return this.libc.fork(async (child) => {
      if (stdoutFd !== null) await child.dup2(stdoutFd, 1);
      try {
        await child.chdir(this.cwd);
        await child.execve("/bin/sh", ["/bin/sh", "-c", cmd], env);
      } catch (e) {
        await child.stderr.write(`make: /bin/sh: ${child.strerror(errnoOf(e))}\n`);
      }
      return 127;
    });
  }

  private async childEnv(): Promise<string[]> {
    const out = new Map<string, string>();
    for (const e of this.o.envp) {
      const eq = e.indexOf("=");
      if (eq > 0) out.set(e.slice(0, eq), e.slice(eq + 1));
    }
    for (const n of this.db.exported) out.set(n, await this.expand(`$(${n})`));
    out.set("MAKELEVEL", String(this.o.level + 1));
    return [...out].map(([k, v]) => `${k}=${v}`);
  }

  /** $(shell cmd): its standard output. `uname -r` and `pwd` are answered directly. */
  private async shellOutput(cmd: string): Promise<string> {
    const c = cmd.trim();
    if (c === "uname -r") return `${(await this.libc.uname()).release}\n`;
    if (c === "pwd") return `${this.cwd}\n`;
    const [r, w] = await this.libc.pipe();
    const pid = await this.spawn(cmd, w);
    await this.libc.close(w);
    let text = "";
    try {
      text = dec.decode(await this.libc.readAll(r));
    } finally {
      await this.libc.close(r);
    }
    await this.libc.waitpid(pid);
    return text;
  }

  private async wildcard(pattern: string): Promise<string[]> {
    const slash = pattern.lastIndexOf("/");
    const dir = slash >= 0 ? pattern.slice(0, slash + 1) : "";
    const base = pattern.slice(slash + 1);
    if (!/[*?[]/.test(base)) return (await this.mtime(pattern)) ? [pattern] : [];
    try {
      const ents = await this.libc.readdir(this.abs(dir || "."));
      return ents
        .map((e) => e.name)
        .filter((n) => (n.startsWith(".") ? base.startsWith(".") : true) && fnmatch(base, n))
        .sort()
        .map((n) => dir + n);
    } catch {
      return [];
    }
  }

  /** The rule for a target: explicit, or found among pattern and built-in rules. */
  private async ruleFor(target: string): Promise<Rule | null> {
    const r = this.db.rules.get(target);
    if (r?.recipe) return r;
    for (const p of this.db.patterns) {
      const stem = patternMatch(p.target, target);
      if (stem === null || !p.recipe.length) continue;
      const prereqs = p.prereqs.map((x) => x.replace("%", stem));
      if (await this.allExist(prereqs)) {
        return { ...p, target, prereqs: [...(r?.prereqs ?? []), ...prereqs], recipe: p.recipe };
      }
    }
    // Built-in rule: an executable from its TypeScript source (as %: %.c for C).
    if (!target.includes("%") && (await this.mtime(`${target}.ts`))) {
      return {
        target,
        prereqs: [`${target}.ts`, ...(r?.prereqs ?? [])],
        recipe: [
          { text: "$(LINK.ts) $^ $(LOADLIBES) $(LDLIBS) -o $@", file: "<builtin>", line: 0 },
        ],
        file: "<builtin>",
        line: 0,
      };
    }
    return r ?? null;
  }

  private async allExist(paths: string[]): Promise<boolean> {
    for (const p of paths) if (!(await this.mtime(p)) && !this.db.rules.has(p)) return false;
    return true;
  }

  /** Brings `target` up to date (remake.c:update_file()). */
  async update(target: string, parent: string | null): Promise<Built> {
    const done = this.built.get(target);
    if (done) return done;
    if (this.building.has(target)) {
      await this.err(`${this.name}: Circular ${parent} <- ${target} dependency dropped.\n`);
      return { mtime: await this.mtime(target), remade: false };
    }
    this.building.add(target);
    const rule = await this.ruleFor(target);
    const phony = this.db.phony.has(target);
    let mtime = phony ? 0n : await this.mtime(target);
    if (!rule) {
      if (!mtime && !phony) {
        const needed = parent ? `, needed by '${parent}'` : "";
        await this.fatal(`No rule to make target '${target}'${needed}`);
      }
      const b = { mtime, remade: false };
      this.built.set(target, b);
      return b;
    }
    let newest = 0n;
    let anyRemade = false;
    for (const p of rule.prereqs) {
      const pb = await this.update(p, target);
      if (pb.mtime > newest) newest = pb.mtime;
      anyRemade ||= pb.remade;
    }
    const must = phony || !mtime || newest > mtime || (anyRemade && !mtime);
    let remade = false;
    if (must && rule.recipe?.length) {
      await this.runRecipe(rule);
      remade = true;
      mtime = phony ? 0n : await this.mtime(target);
      if (!mtime && !phony) mtime = 1n;
    }
    const b = { mtime, remade };
    this.built.set(target, b);
    this.building.delete(target);
    return b;
  }

  private async runRecipe(rule: Rule): Promise<void> {
    const prereqs = [...new Set(rule.prereqs)];
    this.auto = new Map([
      ["@", rule.target],
      ["<", rule.prereqs[0] ?? ""],
      ["^", prereqs.join(" ")],
      ["+", rule.prereqs.join(" ")],
      ["?", prereqs.join(" ")],
      ["*", rule.target.replace(/\.[^./]*$/, "")],
      ["@D", rule.target.includes("/") ? rule.target.slice(0, rule.target.lastIndexOf("/")) : "."],
      ["@F", rule.target.slice(rule.target.lastIndexOf("/") + 1)],
    ]);
    this.curTarget = rule.target;
    try {
      for (const line of rule.recipe ?? []) await this.runLine(rule, line);
    } finally {
      this.auto = null;
      this.curTarget = null;
    }
  }

  private async runLine(rule: Rule, line: RecipeLine): Promise<void> {
    this.where = `${line.file}:${line.line}`;
    let text = await this.expand(line.text);
    let silent = this.o.silent || this.db.silent;
    let ignore = this.o.ignoreErrors;
    for (;;) {
      const t = text.replace(/^[ \t]+/, "");
      if (t.startsWith("@")) silent = true;
      else if (t.startsWith("-")) ignore = true;
      else if (!t.startsWith("+")) {
        text = t;
        break;
      }
      text = t.slice(1);
    }
    if (!text.trim()) return;
    this.commandsRun++;
    if (!silent) await this.out(`${text}\n`);
    if (this.o.dryRun) return;
    const sub = await this.subMake(text);
    const status = sub ?? (await this.sh(text));
    if (status === 0) return;
    const code =
      sub !== null ? status : status & 0x7f ? 128 + (status & 0x7f) : (status >> 8) & 0xff;
    const what = status & 0x7f && sub === null ? this.signalText(status & 0x7f) : `Error ${code}`;
    // make 4.1 names where the recipe starts (read.c's cmds_started), not the failing line.
    const first = rule.recipe?.[0] ?? line;
    const loc = first.file === "<builtin>" ? "<builtin>" : `${first.file}:${first.line}`;
    await this.err(`${loc}: recipe for target '${rule.target}' failed\n`);
    if (ignore) {
      await this.err(`${this.name}: [${rule.target}] ${what} (ignored)\n`);
      return;
    }
    await this.err(`${this.name}: *** [${rule.target}] ${what}\n`);
    throw new MakeExit(2);
  }

  private signalText(sig: number): string {
    return this.libc.strsignal(sig);
  }

  /**
   * A recipe line that is a make command (`make ...` or $(MAKE) ...) without shell syntax
   * runs as a sub-make in this process; returns its exit status, or null for other lines.
   */
  private async subMake(text: string): Promise<number | null> {
    if (/[;&|<>`$(){}]/.test(text)) return null;
    const argv = text.trim().split(/\s+/);
    const make = await this.expand("$(MAKE)");
    if (argv[0] !== make && argv[0] !== "make" && argv[0] !== "/usr/bin/make") return null;
    return runMake(this.libc, argv, this.o.envp, this.o.level + 1, this.cwd, this.kbuild, {
      silent: this.o.silent,
      ignoreErrors: this.o.ignoreErrors,
      dryRun: this.o.dryRun,
    });
  }

  /** Reads the Makefile and updates the goals; returns make's exit status. */
  async main(): Promise<number> {
    this.initVars();
    this.release = (await this.libc.uname()).release;
    const names = this.o.makefile ? [this.o.makefile] : ["GNUmakefile", "makefile", "Makefile"];
    let found: string | null = null;
    for (const n of names) {
      const t = await this.readFile(n);
      if (t !== null) {
        found = n;
        this.where = n;
        await this.read(t, n);
        break;
      }
    }
    if (!found && this.o.makefile) {
      await this.err(
        `${this.name}: ${this.o.makefile}: ${this.libc.strerror(2)}\n${this.name}: *** No rule to make target '${this.o.makefile}'.  Stop.\n`,
      );
      return 2;
    }
    const dflt = this.db.vars.get(".DEFAULT_GOAL")?.value || this.db.defaultGoal;
    const goals = this.o.goals.length ? this.o.goals : dflt ? [dflt] : [];
    if (!goals.length) {
      await this.err(
        found
          ? `${this.name}: *** No targets.  Stop.\n`
          : `${this.name}: *** No targets specified and no makefile found.  Stop.\n`,
      );
      return 2;
    }
    for (const g of goals) {
      const rule = await this.ruleFor(g);
      const ran = this.commandsRun;
      const b = await this.update(g, null);
      if (!b.remade && this.commandsRun === ran) {
        const hasRecipe = !!rule?.recipe?.length;
        if (!hasRecipe || this.db.phony.has(g))
          await this.out(`${this.name}: Nothing to be done for '${g}'.\n`);
        else await this.out(`${this.name}: '${g}' is up to date.\n`);
      }
    }
    return 0;
  }
}

/** Parses make's command line; a string is a usage error message. */
export function parseMakeArgs(
  argv: string[],
):
  | { o: Omit<MakeOptions, "level" | "dir" | "envp">; chdir: string[]; printDir: boolean | null }
  | string {
  const o: Omit<MakeOptions, "level" | "dir" | "envp"> = {
    printDirectory: false,
    makefile: null,
    cmdVars: [],
    goals: [],
    silent: false,
    ignoreErrors: false,
    dryRun: false,
  };
  const chdir: string[] = [];
  /** -w or --no-print-directory given explicitly (null: make decides). */
  let printDir: boolean | null = null;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const val = (short: string): string | null => {
      if (a === short) return argv[++i] ?? null;
      return a.slice(short.length);
    };
    if (a.startsWith("-C")) {
      const d = val("-C");
      if (d === null) return "option requires an argument -- 'C'";
      chdir.push(d);
    } else if (a.startsWith("--directory=")) {
      chdir.push(a.slice(12));
    } else if (a.startsWith("-f")) {
      const f = val("-f");
      if (f === null) return "option requires an argument -- 'f'";
      o.makefile = f;
    } else if (a.startsWith("--file=") || a.startsWith("--makefile="))
      o.makefile = a.slice(a.indexOf("=") + 1);
    else if (a === "-s" || a === "--silent" || a === "--quiet") o.silent = true;
    else if (a === "-i" || a === "--ignore-errors") o.ignoreErrors = true;
    else if (a === "-n" || a === "--just-print" || a === "--dry-run") o.dryRun = true;
    else if (a === "-w" || a === "--print-directory") printDir = true;
    else if (a === "--no-print-directory") printDir = false;
    else if (/^-j\d*$/.test(a) || a === "-k" || /^-W/.test(a)) {
      // accepted and ignored: vkern builds one thing at a time
    } else if (a.startsWith("-") && a !== "-") return `invalid option -- '${a.slice(1, 2)}'`;
    else if (/^[^=\s]+=/.test(a)) {
      const eq = a.indexOf("=");
      o.cmdVars.push([a.slice(0, eq), a.slice(eq + 1)]);
    } else o.goals.push(a);
  }
  return { o, chdir, printDir };
}

/** Flags a make passes down to its sub-makes (in MAKEFLAGS). */
export interface InheritedFlags {
  silent: boolean;
  ignoreErrors: boolean;
  dryRun: boolean;
}

/** Runs make with `argv` at `level` in `cwd`: the whole program, messages and status. */
export async function runMake(
  libc: Libc,
  argv: string[],
  envp: string[],
  level: number,
  cwd: string,
  kbuild: KbuildHook | null,
  inherited: InheritedFlags | null = null,
): Promise<number> {
  const name = level ? `make[${level}]` : "make";
  const parsed = parseMakeArgs(argv);
  if (typeof parsed === "string") {
    await libc.stderr.write(`make: ${parsed}\nUsage: make [options] [target] ...\n`);
    return 2;
  }
  if (inherited) {
    parsed.o.silent ||= inherited.silent;
    parsed.o.ignoreErrors ||= inherited.ignoreErrors;
    parsed.o.dryRun ||= inherited.dryRun;
  }
  // -w is implied by -C and in sub-makes, unless -s (GNU make's manual, "-w").
  parsed.o.printDirectory =
    parsed.printDir ?? ((parsed.chdir.length > 0 || level > 0) && !parsed.o.silent);
  let dir = cwd;
  for (const c of parsed.chdir) {
    const abs = c.startsWith("/") ? c : `${dir}/${c}`;
    const r = await canonicalize(libc, abs, "existing");
    if (!("path" in r)) {
      await libc.stdout.flush();
      await libc.stderr.write(`${name}: *** ${c}: ${libc.strerror(r.errno)}.  Stop.\n`);
      return 2;
    }
    dir = r.path;
  }
  const m = new Make(libc, { ...parsed.o, level, dir, envp });
  m.kbuild = kbuild;
  if (m.o.printDirectory) await m.out(`${name}: Entering directory '${dir}'\n`);
  let status: number;
  try {
    const rel = (await libc.uname()).release;
    if (kbuild && dir === kbuildDir(rel)) {
      m.initVars();
      m.release = rel;
      status = await kbuild(m);
    } else status = await m.main();
  } catch (e) {
    if (!(e instanceof MakeExit)) throw e;
    status = e.status;
  }
  if (m.o.printDirectory) await m.out(`${name}: Leaving directory '${dir}'\n`);
  await libc.stdout.flush();
  return status;
}
