/**
 * User and group databases as glibc's files NSS module reads them (nss/nss_files):
 * getpwuid(), getpwnam(), getgrgid(), getgrnam() over /etc/passwd and /etc/group. Each
 * program reads a file once, on first use, as glibc's lookups would open it per call but
 * see the same contents.
 */

import type { Libc } from "../libc/libc.ts";

export interface Passwd {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
  dir: string;
  shell: string;
}

export interface Group {
  name: string;
  gid: number;
  members: string[];
}

interface Db {
  users: Passwd[] | null;
  groups: Group[] | null;
}

const cache = new WeakMap<Libc, Db>();

function db(libc: Libc): Db {
  let d = cache.get(libc);
  if (!d) {
    d = { users: null, groups: null };
    cache.set(libc, d);
  }
  return d;
}

async function readLines(libc: Libc, path: string): Promise<string[][]> {
  try {
    const text = await libc.readFileText(path);
    return text
      .split("\n")
      .filter((l) => l && !l.startsWith("#"))
      .map((l) => l.split(":"));
  } catch {
    // No database: every lookup fails, as with an unreadable /etc/passwd.
    return [];
  }
}

async function users(libc: Libc): Promise<Passwd[]> {
  const d = db(libc);
  if (!d.users) {
    d.users = (await readLines(libc, "/etc/passwd"))
      .filter((f) => f.length >= 7 && /^\d+$/.test(f[2]) && /^\d+$/.test(f[3]))
      .map((f) => ({
        name: f[0],
        uid: Number(f[2]),
        gid: Number(f[3]),
        gecos: f[4],
        dir: f[5],
        shell: f[6],
      }));
  }
  return d.users;
}

async function groups(libc: Libc): Promise<Group[]> {
  const d = db(libc);
  if (!d.groups) {
    d.groups = (await readLines(libc, "/etc/group"))
      .filter((f) => f.length >= 3 && /^\d+$/.test(f[2]))
      .map((f) => ({
        name: f[0],
        gid: Number(f[2]),
        members: (f[3] ?? "").split(",").filter(Boolean),
      }));
  }
  return d.groups;
}

/** getpwuid(3): the first entry with this uid. */
export async function getpwuid(libc: Libc, uid: number): Promise<Passwd | undefined> {
  return (await users(libc)).find((u) => u.uid === uid);
}

/** getpwnam(3) */
export async function getpwnam(libc: Libc, name: string): Promise<Passwd | undefined> {
  return (await users(libc)).find((u) => u.name === name);
}

/** getgrgid(3) */
export async function getgrgid(libc: Libc, gid: number): Promise<Group | undefined> {
  return (await groups(libc)).find((g) => g.gid === gid);
}

/** getgrnam(3) */
export async function getgrnam(libc: Libc, name: string): Promise<Group | undefined> {
  return (await groups(libc)).find((g) => g.name === name);
}

/** coreutils' getuser(): the user name of a uid, or undefined (callers print the number). */
export async function userName(libc: Libc, uid: number): Promise<string | undefined> {
  return (await getpwuid(libc, uid))?.name;
}

/** coreutils' getgroup() */
export async function groupName(libc: Libc, gid: number): Promise<string | undefined> {
  return (await getgrgid(libc, gid))?.name;
}
