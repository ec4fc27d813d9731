/**
 * What chown(1) and chgrp(1) share: a port of coreutils 8.28 src/chown-core.c
 * (chown_files(), change_file_owner(), describe_change()) and gnulib lib/userspec.c
 * (parse_user_spec(): "user", "user:group", "user:", ":group", "user.group", numbers).
 */

import { S_ISDIR, S_ISLNK } from "../../include/uapi/stat.ts";
import type { Stat } from "../libc/libc.ts";
import { joinPath } from "./fileutil.ts";
import { getgrgid, getgrnam, getpwnam, getpwuid } from "./passwd.ts";
import { type Cmd, errnoOf } from "./prog.ts";

export interface ChownOptions {
  uid: number;
  gid: number;
  userName: string | null;
  groupName: string | null;
  recurse: boolean;
  /** Follow a symlink to change its target (chown, not lchown). */
  affectReferent: boolean;
  verbosity: "off" | "changes" | "high";
  force: boolean;
  preserveRoot: boolean;
}

const MAXID = 0xfffffffe;

/** A decimal id as xstrtoul() with base 10 accepts it, below (uid_t) -1. */
function numericId(s: string): number | null {
  return /^\d+$/.test(s) && Number(s) <= MAXID ? Number(s) : null;
}

/** Mirrors gnulib parse_user_spec(): ids and names, or an error text. */
export async function parseUserSpec(
  cmd: Cmd,
  spec: string,
): Promise<
  { uid: number; gid: number; user: string | null; group: string | null } | { error: string }
> {
  const { libc } = cmd;
  const parse = async (sep: number) => {
    const u = sep < 0 ? spec : spec.slice(0, sep);
    const g = sep < 0 ? null : spec.slice(sep + 1) || null;
    let uid = -1;
    let gid = -1;
    let group: string | null = g;
    if (u !== "") {
      const pw = await getpwnam(libc, u);
      if (!pw) {
        if (sep >= 0 && g === null) return { error: "invalid spec" };
        const n = numericId(u);
        if (n === null) return { error: "invalid user" };
        uid = n;
      } else {
        uid = pw.uid;
        if (g === null && sep >= 0) {
          gid = pw.gid;
          group = (await getgrgid(libc, gid))?.name ?? String(gid);
        }
      }
    }
    if (g !== null) {
      const gr = await getgrnam(libc, g);
      if (!gr) {
        const n = numericId(g);
        if (n === null) return { error: "invalid group" };
        gid = n;
      } else gid = gr.gid;
    }
    return { uid, gid, user: u === "" ? null : u, group };
  };
  const colon = spec.indexOf(":");
  const r = await parse(colon);
  // Old-style "user.group", tried only when the whole spec is not a valid user.
  if ("error" in r && colon < 0 && spec.includes(".")) {
    const r2 = await parse(spec.indexOf("."));
    if (!("error" in r2)) return r2;
  }
  return r;
}

async function idName(cmd: Cmd, id: number, group: boolean): Promise<string> {
  const n = group ? (await getgrgid(cmd.libc, id))?.name : (await getpwuid(cmd.libc, id))?.name;
  return n ?? String(id);
}

function userGroupStr(user: string | null, group: string | null): string | null {
  if (user !== null && group !== null) return `${user}:${group}`;
  return user ?? group;
}

/** Mirrors chown-core.c:change_file_owner() for one file, and the walk under it for -R. */
async function changeFile(cmd: Cmd, o: ChownOptions, path: string, top: boolean): Promise<boolean> {
  const { libc, q } = cmd;
  let st: Stat;
  const follow = o.affectReferent && (top || !o.recurse);
  try {
    st = follow ? await libc.stat(path) : await libc.lstat(path);
  } catch (e) {
    if (!o.force) await cmd.error(`cannot access ${q.quoteaf(path)}`, errnoOf(e));
    return false;
  }
  if (o.recurse && o.preserveRoot && top && /^\/+$/.test(path)) {
    await cmd.error(`it is dangerous to operate recursively on ${q.quoteaf("/")}`);
    await cmd.error("use --no-preserve-root to override this failsafe");
    return false;
  }
  let ok = true;
  let status: "succeeded" | "failed" | "not_applied" | "no_change" = "succeeded";
  try {
    if (follow || !S_ISLNK(st.mode)) await libc.chown(path, o.uid, o.gid);
    else await libc.lchown(path, o.uid, o.gid);
  } catch (e) {
    if (!o.force) {
      const what = o.uid !== -1 ? "changing ownership of" : "changing group of";
      await cmd.error(`${what} ${q.quoteaf(path)}`, errnoOf(e));
    }
    ok = false;
    status = "failed";
  }
  if (ok) {
    const changed = (o.uid !== -1 && o.uid !== st.uid) || (o.gid !== -1 && o.gid !== st.gid);
    if (!changed) status = "no_change";
  }
  if (o.verbosity === "high" || (o.verbosity === "changes" && status === "succeeded")) {
    const user = o.userName;
    const group = o.groupName;
    const spec = userGroupStr(user, group);
    const oldSpec = userGroupStr(
      user !== null ? await idName(cmd, st.uid, false) : null,
      group !== null ? await idName(cmd, st.gid, true) : null,
    );
    const file = q.quoteaf(path);
    const kind = user !== null ? "ownership" : group !== null ? "group" : null;
    let line: string;
    if (status === "succeeded") {
      line = kind
        ? `changed ${kind} of ${file} from ${oldSpec} to ${spec}`
        : `no change to ownership of ${file}`;
    } else if (status === "failed") {
      line = kind
        ? `failed to change ${kind} of ${file} from ${oldSpec} to ${spec}`
        : `failed to change ownership of ${file}`;
    } else {
      // describe_change() passes (old_spec, spec) to a format with one %s: the old names.
      line = kind ? `${kind} of ${file} retained as ${oldSpec}` : `ownership of ${file} retained`;
    }
    await cmd.out(`${line}\n`);
  }
  if (o.recurse && S_ISDIR(st.mode)) {
    let names: string[];
    try {
      names = (await libc.readdir(path)).map((e) => e.name).filter((n) => n !== "." && n !== "..");
    } catch (e) {
      if (!o.force) await cmd.error(`cannot read directory ${q.quoteaf(path)}`, errnoOf(e));
      return false;
    }
    for (const n of names) ok = (await changeFile(cmd, o, joinPath(path, n), false)) && ok;
  }
  return ok;
}

/** Mirrors chown-core.c:chown_files(). */
export async function chownFiles(cmd: Cmd, o: ChownOptions, files: string[]): Promise<boolean> {
  let ok = true;
  for (const f of files) ok = (await changeFile(cmd, o, f, true)) && ok;
  return ok;
}
