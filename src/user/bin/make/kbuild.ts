/**
 * kbuild for external modules, as `make -C /lib/modules/$(uname -r)/build M=$PWD` runs it
 * on Linux 5.4 (the top Makefile, scripts/Makefile.build, Makefile.modpost and
 * Makefile.modfinal), building modules from TypeScript:
 *
 *     CC [M]  /home/llkd/x/foo.o          foo.ts compiled by sucrase (src/lib/ts_compile.ts)
 *     Building modules, stage 2.
 *     MODPOST 1 modules                   metadata read, undefined symbols and license checked
 *     CC [M]  /home/llkd/x/foo.mod.o
 *     LD [M]  /home/llkd/x/foo.ko         the .ko: .modinfo tags + the compiled code
 *
 * Up-to-date objects are not rebuilt (kbuild's if_changed: the .foo.o.cmd file lists the
 * sources). Failures print make 4.1's lines with the 5.4 tree's Makefile locations.
 */

import { DT_DIR } from "../../../include/uapi/stat.ts";
import { KERNEL_API } from "../../../kernel/module_js.ts";
import { buildKo, modinfoTags } from "../../../kernel/module_ko.ts";
import { encodeBundle, type JsBundle, undefinedSymbols } from "../../../lib/js_bundle.ts";
import { compileProgram, formatDiagnostic } from "../../../lib/ts_compile.ts";
import { SysError } from "../../libc/errors.ts";
import { Make, MakeExit, runMake } from "./engine.ts";
import { MetaError, moduleMeta } from "./modinfo.ts";

/** kbuild's quiet_cmd_* lines ("  CC [M]  ..."); `make -s` makes kbuild silent (quiet=silent_). */
function say(m: Make, line: string): Promise<void> {
  return m.o.silent ? Promise.resolve() : m.out(line);
}

/** Where the 5.4 Makefiles hold the recipes whose failure make reports. */
const BUILD_RECIPE = "scripts/Makefile.build:270";
const TOP_RECIPE = "Makefile:1762";

interface ObjFile {
  bundle: JsBundle;
  tags: [string, string][];
  undefined: string[];
  licenseMissing: boolean;
}

const enc = new TextEncoder();

/** The external module directory's Kbuild (or Makefile), read as kbuild reads it. */
async function readKbuildFile(m: Make, ext: string): Promise<{ objm: string[] } | number> {
  const sub = new Make(m.libc, {
    ...m.o,
    level: m.o.level + 1,
    printDirectory: false,
    cmdVars: [
      ...m.o.cmdVars,
      ["KERNELRELEASE", m.release],
      ["KBUILD_EXTMOD", ext],
      ["src", ext],
      ["obj", ext],
      ["srctree", m.cwd],
      ["objtree", m.cwd],
    ],
    goals: [],
  });
  sub.initVars();
  sub.release = m.release;
  const kb = await m.readFile(`${ext}/Kbuild`);
  const file = kb !== null ? `${ext}/Kbuild` : `${ext}/Makefile`;
  const text = kb ?? (await m.readFile(file));
  if (text === null) {
    // The line of `include $(kbuild-file)` in 5.4's scripts/Makefile.build (approximate).
    await m.err(`scripts/Makefile.build:44: ${file}: No such file or directory\n`);
    await m.err(`make[${m.o.level + 1}]: *** No rule to make target '${file}'.  Stop.\n`);
    return 2;
  }
  try {
    await sub.read(text, file);
  } catch (e) {
    if (e instanceof MakeExit) return e.status;
    throw e;
  }
  const objm = (await sub.expand("$(obj-m)")).split(/\s+/).filter(Boolean);
  for (const o of objm) {
    const base = o.replace(/\.o$/, "");
    const multi = (await sub.expand(`$(${base}-objs) $(${base}-y)`)).trim();
    if (multi) {
      await m.err(
        `${file}: vkern builds one source file per module: import the others from ${base}.ts instead of listing ${base}-objs\n`,
      );
      return 2;
    }
  }
  return { objm };
}

/** make 4.1's lines for the top Makefile's failed descent into the module directory. */
async function topFailed(m: Make, ext: string): Promise<void> {
  await m.err(`${TOP_RECIPE}: recipe for target '${ext}' failed\n`);
  await m.err(`${m.name}: *** [${ext}] Error 2\n`);
}

/** The lines of a failed stage-1 recipe: scripts/Makefile.build's, then the top Makefile's. */
async function stage1Failed(m: Make, ext: string, obj: string, inner: string | null) {
  if (inner) await m.err(inner);
  else {
    await m.err(`${BUILD_RECIPE}: recipe for target '${obj}' failed\n`);
    await m.err(`make[${m.o.level + 1}]: *** [${obj}] Error 1\n`);
  }
  await topFailed(m, ext);
}

/** Sources recorded in .foo.o.cmd, or null if there is none. */
async function recordedDeps(m: Make, ext: string, base: string): Promise<string[] | null> {
  const t = await m.readFile(`${ext}/.${base}.o.cmd`);
  if (t === null) return null;
  return [...t.matchAll(/^ {2}(\/\S+) \\$/gm)].map((x) => x[1]);
}

async function upToDate(m: Make, target: string, deps: string[]): Promise<boolean> {
  const t = await m.mtime(target);
  if (!t) return false;
  for (const d of deps) {
    const dt = await m.mtime(d);
    if (!dt || dt > t) return false;
  }
  return true;
}

/** Stage 1 for one module: foo.ts -> foo.o (with its metadata). Returns 0 or 2. */
async function compileModule(m: Make, ext: string, base: string): Promise<number> {
  const obj = `${ext}/${base}.o`;
  const src = `${ext}/${base}.ts`;
  const deps = await recordedDeps(m, ext, base);
  if (deps && (await upToDate(m, obj, deps))) return 0;
  if (!(await m.mtime(src))) {
    await stage1Failed(
      m,
      ext,
      obj,
      `make[${m.o.level + 1}]: *** No rule to make target '${obj}', needed by '__build'.  Stop.\n`,
    );
    return 2;
  }
  await say(m, `  CC [M]  ${obj}\n`);
  const r = await compileProgram({
    entry: src,
    read: (p) => m.readFile(p),
    builtins: ["linux"],
  });
  for (const d of r.diagnostics) await m.err(formatDiagnostic(d, r.sources));
  if (r.diagnostics.some((d) => d.severity === "fatal error"))
    await m.err("compilation terminated.\n");
  if (!r.bundle) {
    await stage1Failed(m, ext, obj, null);
    return 2;
  }
  let meta: ReturnType<typeof moduleMeta>;
  try {
    meta = moduleMeta(r.bundle);
  } catch (e) {
    const msg =
      e instanceof MetaError ? e.message : `${e instanceof Error ? e.message : String(e)}`;
    await m.err(`${errorSite(e, [...r.sources.keys()]) ?? src}: error: ${msg}\n`);
    await stage1Failed(m, ext, obj, null);
    return 2;
  }
  const def = { ...meta.def, name: base, load: () => ({ init: () => 0 }) };
  let tags = modinfoTags(def, m.release);
  if (meta.licenseMissing) tags = tags.filter(([k]) => k !== "license");
  const o: ObjFile = {
    bundle: r.bundle,
    tags,
    undefined: undefinedSymbols(r.bundle, "linux", KERNEL_API),
    licenseMissing: meta.licenseMissing,
  };
  try {
    await m.libc.writeFile(m.abs(obj), JSON.stringify(o));
    const files = [...r.sources.keys()];
    await m.libc.writeFile(
      m.abs(`${ext}/.${base}.o.cmd`),
      `cmd_${obj} := tsc -c -o ${obj} ${src}\n\nsource_${obj} := ${src}\n\ndeps_${obj} := \\\n${files.map((f) => `  ${f} \\\n`).join("")}\n${obj}: $(deps_${obj})\n\n$(deps_${obj}):\n`,
    );
    await m.libc.writeFile(m.abs(`${ext}/${base}.mod`), `${obj}\n${o.undefined.join(" ")}\n`);
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    await m.err(
      `${obj}: fatal error: cannot write output: ${m.libc.strerror(e.errno)}\ncompilation terminated.\n`,
    );
    await stage1Failed(m, ext, obj, null);
    return 2;
  }
  return 0;
}

/**
 * "file:line" of the source line whose top-level code threw while modpost read the
 * metadata (the compiled files keep their lines; the engine's Function wrapper adds 2).
 */
function errorSite(e: unknown, files: string[]): string | null {
  const stack = e instanceof Error ? (e.stack ?? "") : "";
  for (const f of files) {
    const at = stack.indexOf(`${f}:`);
    if (at < 0) continue;
    const m = /^:(\d+):\d+/.exec(stack.slice(at + f.length));
    if (m) return `${f}:${Number(m[1]) - 2}`;
  }
  return null;
}

function modC(o: ObjFile): string {
  const tag = (k: string) => o.tags.find(([t]) => t === k)?.[1] ?? "";
  return `#include <linux/build-salt.h>
#include <linux/module.h>
#include <linux/vermagic.h>
#include <linux/compiler.h>

BUILD_SALT;

MODULE_INFO(vermagic, VERMAGIC_STRING);
MODULE_INFO(name, KBUILD_MODNAME);

__visible struct module __this_module
__section(.gnu.linkonce.this_module) = {
	.name = KBUILD_MODNAME,
	.init = init_module,
#ifdef CONFIG_MODULE_UNLOAD
	.exit = cleanup_module,
#endif
	.arch = MODULE_ARCH_INIT,
};

#ifdef CONFIG_RETPOLINE
MODULE_INFO(retpoline, "Y");
#endif

MODULE_INFO(depends, "${tag("depends")}");

MODULE_INFO(srcversion, "${tag("srcversion")}");
`;
}

/** `make ... modules`: stage 1 for every module, modpost, then the final link. */
async function modules(m: Make, ext: string): Promise<number> {
  const kf = await readKbuildFile(m, ext);
  if (typeof kf === "number") {
    await topFailed(m, ext);
    return 2;
  }
  const bases = kf.objm.map((o) => o.replace(/\.o$/, ""));
  for (const b of bases) if ((await compileModule(m, ext, b)) !== 0) return 2;
  await say(m, "  Building modules, stage 2.\n");
  await say(m, `  MODPOST ${bases.length} modules\n`);
  const objs: ObjFile[] = [];
  for (const b of bases) {
    let o: ObjFile;
    try {
      o = JSON.parse((await m.readFile(`${ext}/${b}.o`)) ?? "") as ObjFile;
      if (!o.bundle || !o.tags) throw new Error("not an object file");
    } catch {
      await m.err(`FATAL: modpost: ${ext}/${b}.o: not a vkern object file (run make clean)\n`);
      await m.err(`make[${m.o.level + 1}]: *** [__modpost] Error 1\n`);
      await m.err(
        `Makefile:1646: recipe for target 'modules' failed\n${m.name}: *** [modules] Error 2\n`,
      );
      return 2;
    }
    objs.push(o);
    if (o.licenseMissing)
      await m.err(
        `WARNING: modpost: missing MODULE_LICENSE() in ${ext}/${b}.o\nsee include/linux/module.h for more information\n`,
      );
    for (const s of o.undefined) await m.err(`WARNING: "${s}" [${ext}/${b}.ko] undefined!\n`);
  }
  await m.libc.writeFile(m.abs(`${ext}/Module.symvers`), "");
  await m.libc.writeFile(
    m.abs(`${ext}/modules.order`),
    bases.map((b) => `${ext}/${b}.ko\n`).join(""),
  );
  for (const [i, b] of bases.entries()) {
    const ko = `${ext}/${b}.ko`;
    if (await upToDate(m, ko, [`${ext}/${b}.o`])) continue;
    const o = objs[i];
    await m.libc.writeFile(m.abs(`${ext}/${b}.mod.c`), modC(o));
    await say(m, `  CC [M]  ${ext}/${b}.mod.o\n`);
    await m.libc.writeFile(
      m.abs(`${ext}/${b}.mod.o`),
      enc.encode(`\x7fELF\x02\x01\x01\x00${b}.mod`),
    );
    await say(m, `  LD [M]  ${ko}\n`);
    await m.libc.writeFile(
      m.abs(ko),
      buildKo(o.tags, { kind: "js", source: encodeBundle(o.bundle) }),
    );
  }
  return 0;
}

/** Files `make clean` removes (the top Makefile's find patterns of 5.4). */
const CLEAN =
  /(\.[aios]|\.ko|\.ko\..*|\.mod|\.mod\.c|\.lst|\.su|\.dwo|\.symtypes|\.gcno|\.symversions)$|^\..*\.(cmd|d|tmp)$|^modules\.order$/;

async function clean(m: Make, ext: string): Promise<number> {
  const symvers = `${ext}/Module.symvers`;
  if (await m.mtime(symvers)) {
    await say(m, `  CLEAN   ${symvers}\n`);
    await m.libc.unlink(m.abs(symvers)).catch(() => 0);
  }
  await m.libc.unlink(m.abs(`${ext}/modules.nsdeps`)).catch(() => 0);
  const walk = async (dir: string): Promise<void> => {
    let ents: { name: string; type: number }[];
    try {
      ents = await m.libc.readdir(dir);
    } catch {
      return;
    }
    for (const e of ents) {
      if (e.name === "." || e.name === "..") continue;
      const p = `${dir}/${e.name}`;
      if (e.type === DT_DIR) await walk(p);
      else if (CLEAN.test(e.name)) await m.libc.unlink(p).catch(() => 0);
    }
  };
  await walk(m.abs(ext));
  return 0;
}

/** `make ... modules_install`: copy to /lib/modules/<release>/extra and run depmod. */
async function modulesInstall(m: Make, ext: string): Promise<number> {
  const order = (await m.readFile(`${ext}/modules.order`)) ?? "";
  const dest = `/lib/modules/${m.release}/extra`;
  for (const ko of order.split("\n").filter(Boolean)) {
    await say(m, `  INSTALL ${ko}\n`);
    try {
      await m.libc.writeFile(
        `${dest}/${ko.slice(ko.lastIndexOf("/") + 1)}`,
        await m.libc.readFile(ko),
        0o644,
      );
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      await m.err(
        `cp: cannot create regular file '${dest}/${ko.slice(ko.lastIndexOf("/") + 1)}': ${m.libc.strerror(e.errno)}\n`,
      );
      await m.err(`scripts/Makefile.modinst:31: recipe for target '${ko}' failed\n`);
      await m.err(`make[${m.o.level + 1}]: *** [${ko}] Error 1\n`);
      await m.err(`Makefile:1651: recipe for target '_emodinst_' failed\n`);
      await m.err(`${m.name}: *** [_emodinst_] Error 2\n`);
      return 2;
    }
  }
  await say(m, `  DEPMOD  ${m.release}\n`);
  await m.sh(`/sbin/depmod -a ${m.release}`);
  return 0;
}

const HELP = `  Building external modules.
  Syntax: make -C path/to/kernel/src M=$PWD target

  modules         - default target, build the module(s)
  modules_install - install the module
  clean           - remove generated files in module directory only

`;

/** The kernel build directory's Makefile, for external modules (KBUILD_EXTMOD). */
export async function kbuild(m: Make): Promise<number> {
  const vars = new Map(m.o.cmdVars);
  const given = vars.get("M") ?? vars.get("KBUILD_EXTMOD") ?? vars.get("SUBDIRS");
  if (!given) {
    await m.err(
      `${m.name}: *** vkern has no kernel sources to build here: build external modules with M=<dir>.  Stop.\n`,
    );
    return 2;
  }
  const ext = m.abs(given).replace(/\/$/, "");
  const goals = m.o.goals.length ? m.o.goals : ["modules"];
  for (const g of goals) {
    let st: number;
    if (g === "modules" || g === "all") st = await modules(m, ext);
    else if (g === "clean") st = await clean(m, ext);
    else if (g === "modules_install") st = await modulesInstall(m, ext);
    else if (g === "help") {
      await m.out(HELP);
      st = 0;
    } else {
      await m.err(`${m.name}: *** No rule to make target '${g}'.  Stop.\n`);
      st = 2;
    }
    if (st) return st;
  }
  return 0;
}

export { runMake };
