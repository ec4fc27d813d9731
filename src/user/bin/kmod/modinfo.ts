/**
 * modinfo(8) of kmod 24 (tools/modinfo.c): the .modinfo tags of a module file or
 * of a module found by name, "%-16s" aligned, parameters last.
 */
import type { Libc } from "../../libc/libc.ts";
import {
  endsWithKmodExt,
  kmodLog,
  lookupModule,
  progName,
  readModinfo,
  strerror,
} from "./common.ts";

interface Opts {
  field: string | null;
  sep: string;
}

interface Param {
  name: string;
  desc: string | null;
  type: string | null;
}

/**
 * Mirrors process_parm(): "parm" and "parmtype" of one name merge; the list is built
 * by prepending, so parameters come out last-first, as kmod prints them.
 */
function collectParams(tags: [string, string][]): Param[] {
  const list: Param[] = [];
  for (const [key, value] of tags) {
    if (key !== "parm" && key !== "parmtype") continue;
    const colon = value.indexOf(":");
    if (colon < 0) continue;
    const name = value.slice(0, colon);
    let p = list.find((x) => x.name === name);
    if (!p) {
      p = { name, desc: null, type: null };
      list.unshift(p);
    }
    if (key === "parm") p.desc = value.slice(colon + 1);
    else p.type = value.slice(colon + 1);
  }
  return list;
}

function paramText(p: Param): string {
  if (p.desc === null) return `${p.name}:${p.type ?? ""}`;
  if (p.type !== null) return `${p.name}:${p.desc} (${p.type})`;
  return `${p.name}:${p.desc}`;
}

/** Mirrors modinfo_do(). */
async function modinfoDo(
  libc: Libc,
  prog: string,
  name: string,
  path: string,
  o: Opts,
): Promise<number> {
  let out = "";
  if (o.field === "filename") {
    await libc.stdout.write(`${path}${o.sep}`);
    return 0;
  }
  if (o.field === null) out += `${"filename:".padEnd(16)}${path}${o.sep}`;
  const info = await readModinfo(libc, path);
  if (typeof info === "number") {
    await libc.stdout.write(out);
    await kmodLog(
      libc,
      prog,
      "ERROR",
      `could not get modinfo from '${name}': ${strerror(-info)}\n`,
    );
    return info;
  }
  const params = collectParams(info.tags);
  if (o.field === "parm") {
    // modinfo_params_do(): "name:desc (type)" without the "parm:" column.
    for (const p of params) {
      out += p.desc === null ? `${p.name}: (${p.type ?? ""})${o.sep}` : `${paramText(p)}${o.sep}`;
    }
    await libc.stdout.write(out);
    return 0;
  }
  for (const [key, value] of info.tags) {
    if (o.field !== null) {
      if (key === o.field) out += `${value}${o.sep}`;
      continue;
    }
    if (key === "parm" || key === "parmtype") continue;
    if (o.sep === "\0") out += `${key}=${value}${o.sep}`;
    else out += `${key}:${"".padEnd(15 - key.length)}${value}${o.sep}`;
  }
  if (o.field === null)
    for (const p of params) out += `${"parm:".padEnd(16)}${paramText(p)}${o.sep}`;
  await libc.stdout.write(out);
  return 0;
}

/** Mirrors is_module_filename(): an existing regular file ending in .ko. */
async function isModuleFilename(libc: Libc, name: string): Promise<boolean> {
  try {
    const st = await libc.stat(name);
    return (st.mode & 0o170000) === 0o100000 && endsWithKmodExt(name);
  } catch {
    return false;
  }
}

/** path_make_absolute_cwd(): kmod joins the cwd without cleaning "./". */
async function absolute(libc: Libc, p: string): Promise<string> {
  return p.startsWith("/") ? p : `${await libc.getcwd()}/${p}`;
}

const FIELD_FLAGS: Record<string, string> = {
  a: "author",
  d: "description",
  l: "license",
  p: "parm",
  n: "filename",
};

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = progName(argv, "modinfo");
  const o: Opts = { field: null, sep: "\n" };
  const names: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-F" || a === "--field") {
      if (i + 1 >= argv.length) {
        await libc.stderr.write(`${prog}: option requires an argument -- 'F'\n`);
        return 1;
      }
      o.field = argv[++i];
    } else if (a.startsWith("--field=")) o.field = a.slice(8);
    else if (a.startsWith("-F")) o.field = a.slice(2);
    else if (a === "-0" || a === "--null") o.sep = "\0";
    else if (a === "-k" || a === "-b") i++;
    else if (/^--(author|description|license|parameters|filename)$/.test(a)) {
      o.field = a === "--parameters" ? "parm" : a.slice(2);
    } else if (/^-[adlpnm0]+$/.test(a)) {
      for (const c of a.slice(1)) {
        if (c === "0") o.sep = "\0";
        else if (FIELD_FLAGS[c]) o.field = FIELD_FLAGS[c];
      }
    } else if (a === "-V" || a === "--version") {
      await libc.printf("kmod version 24\n");
      return 0;
    } else if (a.startsWith("-") && a !== "-") {
      await libc.stderr.write(`${prog}: invalid option -- '${a.slice(1, 2)}'\n`);
      return 1;
    } else names.push(a);
  }
  if (!names.length) {
    await kmodLog(libc, prog, "ERROR", "missing module or filename.\n");
    return 1;
  }
  let err = 0;
  for (const name of names) {
    let r: number;
    if (await isModuleFilename(libc, name)) {
      r = await modinfoDo(libc, prog, name, await absolute(libc, name), o);
    } else {
      const dep = await lookupModule(libc, name);
      if (!dep) {
        await kmodLog(libc, prog, "ERROR", `Module ${name} not found.\n`);
        r = -2;
      } else r = await modinfoDo(libc, prog, dep.name, dep.path, o);
    }
    if (r < 0) err = r;
  }
  return err < 0 ? 1 : 0;
}
