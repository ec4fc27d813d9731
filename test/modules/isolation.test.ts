/**
 * A learner's module cannot escape: not to the host's JavaScript realm (its global object,
 * its Function constructor, dynamic import, the built-ins other code shares), nor to the
 * kernel's own internals (the Kernel object behind every task, file and module).
 *
 * Each row is a small module built with make and loaded with insmod through the real
 * guest path. Its attempt returns what it reached; the module reports through pr_info
 * "nothing" (undefined/null), "threw <Error>" or "GOT <type>". The test wants nothing or
 * a failure, and then checks the host itself: no marker on the host's global object or on
 * the Kernel, the shared built-ins unchanged, the kernel still working.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildKo } from "../../src/kernel/module_ko.ts";
import { softlockupSettings } from "../../src/kernel/watchdog.ts";
import { encodeBundle } from "../../src/lib/js_bundle.ts";
import * as linux from "../../src/linux.ts";
import { guest, kbuildMakefile } from "./helpers.ts";

type Where = "init" | "show";

/**
 * A module whose `attempt()` runs in init (or in the show callback of /proc/NAME, with
 * the seq_file `m` and the `file` and `inode` of the open). `findHost(x)` walks all that
 * is reachable from x and returns the Kernel or a global object if it finds one.
 */
function escapeModule(name: string, attempt: string, where: Where): string {
  return `import { current, for_each_process, init_task, pr_info, proc_create, remove_proc_entry,
  seq_lseek, seq_printf, seq_read, single_open, single_release, this_module,
  type File, type Inode, type SeqFile } from "linux";

function findHost(root: unknown): unknown {
  const seen = new Set<unknown>();
  const queue: unknown[] = [root];
  for (let i = 0; i < queue.length && i < 30000; i++) {
    const o = queue[i];
    if (o === null || (typeof o !== "object" && typeof o !== "function") || seen.has(o)) continue;
    seen.add(o);
    try {
      const r = o as Record<string | symbol, unknown>;
      if ("options" in r && "modules" in r && "log" in r && "tasks" in r) return o;
      if ("process" in r || "document" in r || "setTimeout" in r || "indexedDB" in r) return o;
      for (const key of Reflect.ownKeys(r)) {
        try { queue.push(r[key]); } catch { /* a getter that faults */ }
      }
      queue.push(Object.getPrototypeOf(r));
      if (o instanceof Map) for (const [a, b] of o.entries()) queue.push(a, b);
      if (o instanceof Set) for (const a of o.values()) queue.push(a);
    } catch { /* a freed object */ }
  }
  return undefined;
}

function report(what: string, v: unknown): void {
  pr_info("%s: %s\\n", what, v === undefined || v === null ? "nothing" : \`GOT \${typeof v}\`);
}

async function run(what: string, attempt: () => unknown): Promise<void> {
  try {
    let v = attempt();
    if (v instanceof Promise) v = await v;
    report(what, v);
  } catch (e) {
    pr_info("%s: threw %s\\n", what, e instanceof Error ? e.name : typeof e);
  }
}

export default {
  name: "${name}",
  license: "GPL",
  load(THIS_MODULE) {
    let file: File | null = null;
    let inode: Inode | null = null;
    function ${name}_show(m: SeqFile): number {
      ${where === "show" ? `void run("show", () => { ${attempt} });` : ""}
      seq_printf(m, "shown\\n");
      return 0;
    }
    function ${name}_open(i: Inode, f: File): number {
      inode = i;
      file = f;
      return single_open(f, ${name}_show, null);
    }
    const fops = { owner: THIS_MODULE, open: ${name}_open, read: seq_read, llseek: seq_lseek, release: single_release };
    async function ${name}_init(): Promise<number> {
      ${where === "init" ? `await run("init", () => { ${attempt} });` : ""}
      proc_create("${name}", 0o444, null, fops);
      return 0;
    }
    function ${name}_exit(): void {
      remove_proc_entry("${name}", null);
    }
    void [current, for_each_process, init_task, this_module, file, inode];
    return { init: ${name}_init, exit: ${name}_exit };
  },
};
`;
}

/** [what it tries, where, the attempt's body (returns what it reached)] */
const ESCAPES: [string, Where, string][] = [
  // the host's global object by name
  ["globalThis", "init", "return globalThis;"],
  ["global", "init", "return global;"],
  ["window", "init", "return window;"],
  ["self", "init", "return self;"],
  ["process", "init", "return process;"],
  ["require of a host module", "init", 'const m = "f" + "s"; return require(m);'],
  ["setTimeout, fetch, indexedDB", "init", "return setTimeout ?? fetch ?? indexedDB;"],
  ["a unicode-escaped name", "init", "return \\u0067lobalThis;"],
  // code from strings
  ["eval", "init", 'return eval("globalThis");'],
  ["indirect eval", "init", 'return (0, eval)("this");'],
  ["new Function", "init", 'return new Function("return globalThis")();'],
  [
    "Function constructor of a function",
    "init",
    'return (function () {}).constructor("return globalThis")();',
  ],
  ["AsyncFunction constructor", "init", "return (async () => {}).constructor;"],
  ["GeneratorFunction constructor", "init", "return (function* () {}).constructor;"],
  ["AsyncGeneratorFunction constructor", "init", "return (async function* () {}).constructor;"],
  ["constructor by a computed key", "init", 'const k = "constr" + "uctor"; return (() => 0)[k];'],
  ["constructor by destructuring", "init", "const { constructor: F } = () => 0; return F;"],
  [
    "constructor by computed destructuring",
    "init",
    'const k = ["con", "structor"].join(""); const { [k]: F } = () => 0; return F;',
  ],
  ["constructor by a string key", "init", 'return (() => 0)["constructor"];'],
  [
    "constructor off Object.getPrototypeOf",
    "init",
    "return Object.getPrototypeOf(() => 0).constructor;",
  ],
  [
    "Reflect.get of constructor",
    "init",
    'return Reflect.get(Object.getPrototypeOf(() => 0), "constructor");',
  ],
  [
    "Object.getOwnPropertyDescriptor(...).value",
    "init",
    'return Object.getOwnPropertyDescriptor(Object.getPrototypeOf(() => 0), "constructor")?.value;',
  ],
  [
    "every descriptor of Function.prototype",
    "init",
    'return Object.values(Object.getOwnPropertyDescriptors(Object.getPrototypeOf(() => 0))).map((d) => d.value).find((v) => typeof v === "function" && v.name === "Function");',
  ],
  ["__lookupGetter__ of __proto__", "init", 'return ({} as any).__lookupGetter__("__proto__");'],
  ["dynamic import()", "init", 'const m = "node:" + "fs"; return import(m);'],
  [
    "this at the top of a function",
    "init",
    "return (function (this: unknown) { return this; })();",
  ],
  // back-pointers of what the API hands out
  ["current().kernel", "init", "return (current() as any).kernel;"],
  ["anything reachable from current()", "init", "return findHost(current());"],
  [
    "a task's values",
    "init",
    'return Object.values(current()).find((v) => v && typeof v === "object" && "options" in v);',
  ],
  [
    "anything reachable from init_task and every process",
    "init",
    "return findHost([init_task(), ...for_each_process()]);",
  ],
  ["THIS_MODULE.kernel", "init", "return (THIS_MODULE as any).kernel;"],
  [
    "THIS_MODULE.free",
    "init",
    "return (THIS_MODULE as any).free ?? (THIS_MODULE as any).def ?? (THIS_MODULE as any).body;",
  ],
  ["anything reachable from THIS_MODULE", "init", "return findHost(this_module());"],
  ["anything reachable from the API itself", "init", 'return findHost(require("linux"));'],
  ["anything reachable from a File", "show", "return findHost(file);"],
  ["anything reachable from an Inode", "show", "return findHost(inode);"],
  ["anything reachable from a seq_file", "show", "return findHost(m);"],
  ["a file's task's kernel", "show", "return (file as any).f_task?.kernel;"],
  // walks up the stack
  [
    "arguments.callee.caller",
    "show",
    "return (function f() { return (arguments as any).callee.caller; })();",
  ],
  ["the caller of a callback", "show", 'return (run as any).caller ?? Reflect.get(run, "caller");'],
  [
    "Error.prepareStackTrace",
    "init",
    'let got: unknown; (Error as any).prepareStackTrace = (_e: unknown, cs: any[]) => { got = cs.map((c) => c.getThis?.() ?? c.getFunction?.()).find((x) => x); return ""; }; void new Error().stack; void current().pid; return got;',
  ],
  // polluting what the kernel shares with the module
  ["Array.prototype.push", "init", "Array.prototype.push = () => 0;"],
  ["Object.prototype.polluted", "init", "(Object.prototype as any).polluted = 1;"],
  ["a prototype as a method's receiver", "init", "(Array.prototype as any).push(5);"],
  [
    "a prototype as a callback's this",
    "init",
    "[1].forEach(Array.prototype.push, Array.prototype);",
  ],
  ["a prototype from getPrototypeOf", "init", "(Object.getPrototypeOf([]) as any).push(5);"],
  [
    "the __proto__ setter",
    "init",
    'Object.getOwnPropertyDescriptor(Object.prototype, "__proto__")!.set!.call(Array.prototype, null);',
  ],
  ["__proto__.polluted", "init", "({} as any).__proto__.polluted = 1;"],
  ["a method's own call", "init", "([].push as any).call = () => 0;"],
  [
    "defineProperty on a prototype",
    "init",
    'Object.defineProperty(Object.prototype, "polluted", { value: 1, configurable: true });',
  ],
  ["Object.assign on Math", "init", "Object.assign(Math, { random: () => 4 });"],
  ["JSON.stringify", "init", '(JSON as any).stringify = () => "";'],
  ["setPrototypeOf of a prototype", "init", "Object.setPrototypeOf(Array.prototype, null);"],
  ["freeze a prototype", "init", "Object.freeze(Array.prototype);"],
  [
    "Reflect.set with a shared receiver",
    "init",
    'Reflect.set({}, "polluted", 1, Object.prototype);',
  ],
  ["a Proxy over a prototype", "init", "(new Proxy(Object.prototype, {}) as any).polluted = 1;"],
  [
    "super assignment with a shared this",
    "init",
    "const o = { __proto__: {}, f() { super.polluted = 1; } }; o.f.call(Object.prototype);",
  ],
  [
    "fields stamped by a returning base class",
    "init",
    "class B { constructor(o: object) { return o; } } class D extends B { polluted = 1; } new D(Object.prototype);",
  ],
  [
    "Error.captureStackTrace onto a prototype",
    "init",
    "(Error as any).captureStackTrace(Object.prototype);",
  ],
  ["Error.stackTraceLimit", "init", "(Error as any).stackTraceLimit = 0;"],
  [
    "a task's fields",
    "init",
    '(current() as any).comm = "pwned"; (current() as any).cred.uid = 4242;',
  ],
  [
    "the kernel's file_operations",
    "show",
    "(file as any).f_op.read = () => 0; (file as any).f_op.read_iter = () => 0;",
  ],
  [
    "a file's credentials",
    "show",
    '(file as any).f_cred.uid = 4242; return (file as any).f_cred.uid === 4242 ? "changed" : null;',
  ],
  ["an ops table the API exports", "init", 'require("linux").kobj_sysfs_ops.show = () => 0;'],
  [
    "a table the API exports",
    "init",
    'require("linux").ERRNO_TABLE.push(["EVIL", 1, "evil"]); require("linux").ERRNO_TABLE[1] = 0;',
  ],
  [
    "a property of a kernel function",
    "init",
    "(pr_info as any).call = () => 0; (seq_read as any).apply = () => 0;",
  ],
  [
    "a task's list of threads",
    "init",
    "current().threads.push(current()); current().children.clear();",
  ],
  [
    "THIS_MODULE's state",
    "init",
    '(THIS_MODULE as any).refcnt = -5; (THIS_MODULE as any).state = "GOING";',
  ],
];

describe("a module cannot escape", () => {
  const realPush = Array.prototype.push;
  const realStringify = JSON.stringify;
  const realRandom = Math.random;
  const realPrepare = (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
  const realLimit = Error.stackTraceLimit;
  const host = globalThis as Record<string, unknown>;

  beforeAll(() => {
    host.escapedMarker = undefined;
  });
  afterEach(() => {
    // Put the host back together if an attempt got through, so the next row is fair.
    Array.prototype.push = realPush;
    JSON.stringify = realStringify;
    Math.random = realRandom;
    (Error as { prepareStackTrace?: unknown }).prepareStackTrace = realPrepare;
    Error.stackTraceLimit = realLimit;
    delete (Object.prototype as Record<string, unknown>).polluted;
    delete (Object.prototype as Record<string, unknown>).stack;
    Array.prototype.length = 0;
    Object.setPrototypeOf(Array.prototype, Object.prototype);
  });

  it.each(ESCAPES)("%s (in %s)", async (_what, where, attempt) => {
    const name = "esc";
    const { k, put, sh } = await guest();
    await put(`${name}.ts`, escapeModule(name, attempt, where));
    await put("Makefile", kbuildMakefile(name));
    const made = await sh("make -s");
    expect(made.status, made.output).toBe(0);
    const pushBefore = Array.prototype.push;
    const errnos = JSON.stringify(linux.ERRNO_TABLE);
    const sysfsShow = linux.kobj_sysfs_ops.show;
    const threads = k.tasks.all().map((t) => [t.threads.length, t.children.size]);
    const limitBefore = Error.stackTraceLimit;
    const r = await sh(`sudo insmod ./${name}.ko; cat /proc/${name}; echo done`);
    expect(r.output).toMatch(/done\n$/);
    const log = k.log.all().map((l) => l.text);
    // (A report after an await in init comes without the module's prefix.)
    const line = log.find((l) => l.startsWith(`${name}: ${where}: `) || l.startsWith(`${where}: `));
    // Either the attempt reported (and reached nothing), or it faulted the kernel (an Oops).
    if (line) expect(line).toMatch(new RegExp(`^(${name}: )?${where}: (nothing|threw \\w+)$`));
    else expect(k.oopsCount, log.join("\n")).toBeGreaterThan(0);
    // The host and the kernel are intact.
    expect(host.escapedMarker).toBeUndefined();
    expect(Array.prototype.push).toBe(pushBefore);
    expect(Object.getPrototypeOf(Array.prototype)).toBe(Object.prototype);
    expect(Object.isFrozen(Array.prototype)).toBe(false);
    expect([Array.prototype.length, Object.hasOwn(Object.prototype, 0)]).toEqual([0, false]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).stack).toBeUndefined();
    expect(Object.hasOwn([].push, "call")).toBe(false);
    expect(JSON.stringify({ a: 1 })).toBe('{"a":1}');
    expect(Math.random).toBe(realRandom);
    expect((Error as { prepareStackTrace?: unknown }).prepareStackTrace).toBe(realPrepare);
    expect(Error.stackTraceLimit).toBe(limitBefore);
    expect(JSON.stringify(linux.ERRNO_TABLE)).toBe(errnos);
    expect(linux.kobj_sysfs_ops.show).toBe(sysfsShow);
    expect(Object.hasOwn(linux.pr_info, "call") || Object.hasOwn(linux.seq_read, "apply")).toBe(
      false,
    );
    expect(k.tasks.all().map((t) => [t.threads.length, t.children.size])).toEqual(threads);
    const me = k.tasks.all().find((t) => t.comm === "pwned");
    expect(me).toBeUndefined();
    expect(k.tasks.all().some((t) => t.cred.uid === 4242 || t.cred.euid === 4242)).toBe(false);
    const mod = k.modules.find(name);
    if (mod) expect([mod.state, mod.refcnt >= 0]).toEqual(["LIVE", true]);
    expect((await sh("echo still here; cat /proc/version | cut -c1-13")).output).toBe(
      "still here\nLinux version\n",
    );
  });

  it("a global the host defines after the module loaded is out of reach too", async () => {
    const { k, put, sh } = await guest();
    const src = escapeModule("late", "return (vkernLateGlobal as unknown);", "show").replace(
      "function findHost",
      "declare const vkernLateGlobal: unknown;\nfunction findHost",
    );
    await put("late.ts", src);
    await put("Makefile", kbuildMakefile("late"));
    expect((await sh("make -s && sudo insmod ./late.ko")).status).toBe(0);
    host.vkernLateGlobal = { secret: 1 };
    try {
      await sh("cat /proc/late");
    } finally {
      delete host.vkernLateGlobal;
    }
    const line = k.log.all().find((l) => l.text.startsWith("late: show: "));
    expect(line?.text).toBe("late: show: threw ReferenceError");
  });

  it("a module that names the loader's own helpers is refused (it could switch the guards off)", async () => {
    const { k, put, sh } = await guest();
    const src = escapeModule("helper", "return 0;", "init").replace(
      "function report",
      "function __vkern_w(o: unknown) { return o; }\nvoid __vkern_w;\nfunction report",
    );
    await put("helper.ts", src);
    await put("Makefile", kbuildMakefile("helper"));
    expect((await sh("make -s")).status).toBe(0);
    const r = await sh("sudo insmod ./helper.ko");
    expect(r.output).toBe(
      "insmod: ERROR: could not insert module ./helper.ko: Invalid module format\n",
    );
    expect(k.modules.find("helper")).toBeNull();
  });

  it("a .ko whose code was not made by make: a dynamic import() is refused", async () => {
    const { k, sh } = await guest();
    const js =
      '"use strict"; exports.default = { name: "imp", license: "GPL", load() { return { init() { import("node:fs"); return 0; } }; } };';
    const bundle = encodeBundle({ main: "/imp.ts", files: { "/imp.ts": { js, deps: {} } } });
    const ko = buildKo(
      [
        ["license", "GPL"],
        ["name", "imp"],
      ],
      { kind: "js", source: bundle },
    );
    const { writeFile } = await import("../../src/init/initramfs.ts");
    writeFile(k, "/home/llkd/m/imp.ko", ko, 0o644, { uid: 1000, gid: 1000 });
    const r = await sh("sudo insmod ./imp.ko");
    expect(r.output).toBe(
      "insmod: ERROR: could not insert module ./imp.ko: Invalid module format\n",
    );
    expect(k.modules.find("imp")).toBeNull();
  });

  it("catching the soft lockup does not keep a loop alive", async () => {
    const { k, put, sh } = await guest();
    softlockupSettings.get(k).thresholdIterations = 1 << 20;
    const src = escapeModule("spin", "return 0;", "init").replace(
      "proc_create(",
      "for (;;) { try { for (;;) { /* spin */ } } catch { /* swallow the watchdog */ } }\n      proc_create(",
    );
    await put("spin.ts", src);
    await put("Makefile", kbuildMakefile("spin"));
    expect((await sh("make -s")).status).toBe(0);
    const r = await sh("sudo insmod ./spin.ko; echo status $?");
    expect(r.output).toMatch(/Killed.*\nstatus 137\n$/);
    expect(k.log.all().some((l) => l.text.startsWith("watchdog: BUG: soft lockup"))).toBe(true);
  });
});
