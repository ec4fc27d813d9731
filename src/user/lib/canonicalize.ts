/**
 * File-name canonicalization for readlink -f/-e/-m and realpath: a port of gnulib
 * lib/canonicalize.c:canonicalize_filename_mode(). Symbolic links are resolved component
 * by component with lstat()/readlink(); CAN_EXISTING needs every component,
 * CAN_ALL_BUT_LAST all but the last, CAN_MISSING none. Errors come back as errno values.
 */

import { S_ISDIR, S_ISLNK } from "../../include/uapi/stat.ts";
import type { Libc } from "../libc/libc.ts";
import { errnoOf } from "./prog.ts";

export type CanMode = "existing" | "all_but_last" | "missing";

const ENOENT = 2;
const ENOTDIR = 20;
const ELOOP = 40;
/** Links followed before ELOOP (the kernel's MAXSYMLINKS; gnulib detects real cycles). */
const MAX_LINKS = 40;

/** Mirrors canonicalize_filename_mode(); `logical` resolves ".." before symlinks (realpath -L). */
export async function canonicalize(
  libc: Libc,
  name: string,
  mode: CanMode,
  opts: { noSymlinks?: boolean; logical?: boolean } = {},
): Promise<{ path: string } | { errno: number }> {
  if (name === "") return { errno: ENOENT };
  let rname = name.startsWith("/") ? "" : await libc.getcwd().then((c) => (c === "/" ? "" : c));
  let rest = name;
  if (opts.logical) {
    // Collapse "x/.." textually first, as realpath -L does.
    const out: string[] = [];
    for (const c of name.split("/")) {
      if (c === "" || c === ".") continue;
      if (c === "..") out.pop();
      else out.push(c);
    }
    rest = `${name.startsWith("/") ? "/" : ""}${out.join("/")}`;
  }
  let links = 0;
  for (;;) {
    rest = rest.replace(/^\/+/, "");
    if (rest === "") break;
    const slash = rest.indexOf("/");
    const comp = slash < 0 ? rest : rest.slice(0, slash);
    const after = slash < 0 ? "" : rest.slice(slash);
    rest = after;
    const more = after.replace(/^\/+/, "") !== "";
    if (comp === ".") continue;
    if (comp === "..") {
      rname = rname.slice(0, Math.max(0, rname.lastIndexOf("/")));
      continue;
    }
    const candidate = `${rname}/${comp}`;
    let mode_ = 0;
    if (opts.noSymlinks && mode === "missing") {
      rname = candidate;
      continue;
    }
    try {
      mode_ = (await libc.lstat(candidate)).mode;
    } catch (e) {
      const err = errnoOf(e);
      if (mode === "existing") return { errno: err };
      if (mode === "all_but_last" && (more || err !== ENOENT)) return { errno: err };
      rname = candidate;
      continue;
    }
    if (S_ISLNK(mode_) && !opts.noSymlinks) {
      if (++links > MAX_LINKS) return { errno: ELOOP };
      let target: string;
      try {
        target = await libc.readlink(candidate);
      } catch (e) {
        if (mode === "missing") {
          rname = candidate;
          continue;
        }
        return { errno: errnoOf(e) };
      }
      rest = target + after;
      if (target.startsWith("/")) rname = "";
      continue;
    }
    if (!S_ISDIR(mode_) && more && mode !== "missing") return { errno: ENOTDIR };
    rname = candidate;
  }
  return { path: rname === "" ? "/" : rname };
}

/** The path of `to` relative to the directory `from` (both canonical), as realpath prints it. */
export function relativePath(from: string, to: string): string {
  const a = from.split("/").filter(Boolean);
  const b = to.split("/").filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const up = a.slice(i).map(() => "..");
  const rel = [...up, ...b.slice(i)].join("/");
  return rel === "" ? "." : rel;
}
