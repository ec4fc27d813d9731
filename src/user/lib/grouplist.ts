/**
 * The group lists GNU id and groups print: glibc getgrouplist() over /etc/group and
 * gnulib mgetgroups() (the process's groups, or a user's, with the primary group first and
 * duplicates of it removed).
 */
import type { Libc } from "../libc/libc.ts";

/** glibc getgrouplist(): `gid`, then the groups naming `user` as a member, in file order. */
export async function getgrouplist(libc: Libc, user: string, gid: number): Promise<number[]> {
  const out = [gid];
  let text = "";
  try {
    text = await libc.readFileText("/etc/group");
  } catch {
    return out;
  }
  for (const line of text.split("\n")) {
    const f = line.split(":");
    if (f.length < 4 || !/^[0-9]+$/.test(f[2])) continue;
    const g = Number(f[2]);
    if (f[3].split(",").includes(user) && !out.includes(g)) out.push(g);
  }
  return out;
}

/**
 * Mirrors gnulib lib/mgetgroups.c: a user's groups (getgrouplist), or with no user the
 * process's getgroups() with `gid` put first; entries equal to the first or to their
 * predecessor are dropped.
 */
export async function mgetgroups(libc: Libc, user: string | null, gid: number): Promise<number[]> {
  if (user !== null) return getgrouplist(libc, user, gid);
  const list = [gid, ...(await libc.getgroups())];
  const out: number[] = [list[0]];
  for (let i = 1; i < list.length; i++) {
    if (list[i] === out[0] || list[i] === out[out.length - 1]) continue;
    out.push(list[i]);
  }
  return out;
}
