/**
 * What kmod's tools share (libkmod, shared/ and tools/log.c of kmod 24): the
 * "prog: ERROR: ..." log lines, /proc/modules, modules.dep, module names from
 * paths, and inserting a module file with finit_module(2).
 */
import { strerror } from "../../../include/uapi/errno.ts";
import { O_CLOEXEC, O_RDONLY } from "../../../include/uapi/fcntl.ts";
import { type KoInfo, parseKo } from "../../../kernel/module_ko.ts";
import { SysError } from "../../libc/errors.ts";
import type { Libc } from "../../libc/libc.ts";

/** tools/log.c prio_to_str(): the word after the program name. */
export type LogLevel = "FATAL" | "ERROR" | "WARNING" | "NOTICE" | "INFO" | "DEBUG";

/** Mirrors tools/log.c log_printf(): "<prog>: <LEVEL>: <message>" on stderr. */
export async function kmodLog(
  libc: Libc,
  prog: string,
  level: LogLevel,
  msg: string,
): Promise<void> {
  await libc.stderr.write(`${prog}: ${level}: ${msg}`);
}

/** program_invocation_short_name */
export function progName(argv: string[], fallback: string): string {
  return (argv[0] ?? fallback).split("/").pop() || fallback;
}

/** Mirrors modname_normalize(): dashes become underscores, up to the first dot of ".ko". */
export function modnameNormalize(name: string): string {
  return name.replace(/-/g, "_");
}

/** Mirrors path_to_modname(): the basename without ".ko" (or .ko.gz, .ko.xz), normalized. */
export function pathToModname(path: string): string {
  const base = path.split("/").pop() ?? path;
  return modnameNormalize(base.replace(/\.ko(\.(gz|xz|zst))?$/, ""));
}

/** Mirrors path_ends_with_kmod_ext(). */
export function endsWithKmodExt(path: string): boolean {
  return /\.ko(\.(gz|xz|zst))?$/.test(path);
}

/** One line of /proc/modules (kernel/module.c m_show()). */
export interface LoadedModule {
  name: string;
  size: number;
  refcnt: number;
  holders: string[];
  state: string;
}

/** Reads /proc/modules as kmod_module_new_from_loaded() does; -errno when it cannot. */
export async function readProcModules(libc: Libc): Promise<LoadedModule[] | number> {
  let text: string;
  try {
    text = await libc.readFileText("/proc/modules");
  } catch (e) {
    if (e instanceof SysError) return -e.errno;
    throw e;
  }
  const out: LoadedModule[] = [];
  for (const line of text.split("\n")) {
    const f = line.split(" ");
    if (f.length < 5) continue;
    out.push({
      name: f[0],
      size: Number(f[1]),
      refcnt: Number(f[2]),
      holders: f[3] === "-" ? [] : f[3].split(",").filter(Boolean),
      state: f[4],
    });
  }
  return out;
}

/** `uname -r` */
export async function kernelRelease(libc: Libc): Promise<string> {
  return (await libc.uname()).release;
}

/** MODULE_DIRECTORY/<release> */
export async function moduleDir(libc: Libc): Promise<string> {
  return `/lib/modules/${await kernelRelease(libc)}`;
}

export interface DepEntry {
  name: string;
  /** Absolute path of the module file. */
  path: string;
  /** Absolute paths of its dependencies, as modules.dep lists them. */
  deps: string[];
}

/** Parses modules.dep ("extra/a.ko: kernel/b.ko ..."), paths made absolute. */
export async function readModulesDep(libc: Libc): Promise<DepEntry[]> {
  const dir = await moduleDir(libc);
  let text = "";
  try {
    text = await libc.readFileText(`${dir}/modules.dep`);
  } catch {
    return [];
  }
  const abs = (p: string) => (p.startsWith("/") ? p : `${dir}/${p}`);
  const out: DepEntry[] = [];
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const path = line.slice(0, colon).trim();
    if (!path) continue;
    const deps = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(abs);
    out.push({ name: pathToModname(path), path: abs(path), deps });
  }
  return out;
}

/** The modules.dep entry of a module name (modname-normalized). */
export async function lookupModule(libc: Libc, name: string): Promise<DepEntry | undefined> {
  const n = modnameNormalize(name);
  return (await readModulesDep(libc)).find((e) => e.name === n);
}

/** Reads a .ko's .modinfo (kmod_module_get_info()); -errno when it cannot. */
export async function readModinfo(libc: Libc, path: string): Promise<KoInfo | number> {
  let bytes: Uint8Array;
  try {
    bytes = await libc.readFile(path);
  } catch (e) {
    if (e instanceof SysError) return -e.errno;
    throw e;
  }
  return parseKo(bytes) ?? -8; // -ENOEXEC: not an ELF module
}

/**
 * Mirrors kmod_module_insert_module() for an uncompressed file: open it and hand
 * the fd to finit_module(2) with the parameter string. Returns 0 or -errno.
 */
export async function insertModule(libc: Libc, path: string, params: string): Promise<number> {
  let fd: number;
  try {
    fd = await libc.open(path, O_RDONLY | O_CLOEXEC);
  } catch (e) {
    if (e instanceof SysError) return -e.errno;
    throw e;
  }
  try {
    return await libc.withString(params, (p) => libc.rawSyscall("finit_module", fd, p, 0));
  } finally {
    await libc.close(fd).catch(() => 0);
  }
}

/** delete_module(2) with O_NONBLOCK, and O_TRUNC when forced (KMOD_REMOVE_*). */
export async function removeModule(libc: Libc, name: string, force: boolean): Promise<number> {
  const flags = 0o4000 | (force ? 0o1000 : 0);
  return libc.withString(name, (p) => libc.rawSyscall("delete_module", p, flags));
}

/** insmod's mod_strerror(): module-specific texts for four errnos, strerror otherwise. */
export function modStrerror(err: number): string {
  switch (err) {
    case 8: // ENOEXEC
      return "Invalid module format";
    case 2: // ENOENT
      return "Unknown symbol in module";
    case 3: // ESRCH
      return "Module has wrong symbol version";
    case 22: // EINVAL
      return "Invalid parameters";
    default:
      return strerror(err);
  }
}

/** Whether `path` names an existing file (stat(2) succeeds). */
export async function exists(libc: Libc, path: string): Promise<boolean> {
  try {
    await libc.stat(path);
    return true;
  } catch {
    return false;
  }
}

export { strerror };
