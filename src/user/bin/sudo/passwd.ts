/**
 * The user database as glibc's files backend reads it (getpwnam(3), getpwuid(3),
 * getgrnam(3), initgroups(3) over /etc/passwd and /etc/group), and a PATH search
 * (execvp(3)'s), for sudo and su.
 */
import type { Libc } from "../../libc/libc.ts";

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

async function lines(libc: Libc, path: string): Promise<string[][]> {
  try {
    const text = await libc.readFileText(path);
    return text
      .split("\n")
      .filter((l) => l && !l.startsWith("#"))
      .map((l) => l.split(":"));
  } catch {
    return [];
  }
}

/** Every entry of /etc/passwd. */
export async function readPasswd(libc: Libc): Promise<Passwd[]> {
  return (await lines(libc, "/etc/passwd")).map((f) => ({
    name: f[0],
    uid: Number(f[2]),
    gid: Number(f[3]),
    gecos: f[4] ?? "",
    dir: f[5] ?? "/",
    shell: f[6] || "/bin/sh",
  }));
}

/** Every entry of /etc/group. */
export async function readGroups(libc: Libc): Promise<Group[]> {
  return (await lines(libc, "/etc/group")).map((f) => ({
    name: f[0],
    gid: Number(f[2]),
    members: (f[3] ?? "").split(",").filter(Boolean),
  }));
}

/** getpwnam(3), accepting "#uid" as sudo does. */
export async function getpwnam(libc: Libc, name: string): Promise<Passwd | undefined> {
  const all = await readPasswd(libc);
  if (/^#\d+$/.test(name)) return all.find((p) => p.uid === Number(name.slice(1)));
  return all.find((p) => p.name === name);
}

export async function getpwuid(libc: Libc, uid: number): Promise<Passwd | undefined> {
  return (await readPasswd(libc)).find((p) => p.uid === uid);
}

/** initgroups(3)'s list: the groups naming the user as a member, then the primary group. */
export async function groupList(libc: Libc, user: Passwd): Promise<number[]> {
  const gids = (await readGroups(libc))
    .filter((g) => g.members.includes(user.name))
    .map((g) => g.gid);
  return user.uid === 0 ? [0] : [...new Set([...gids, user.gid])];
}

/** execvp(3)'s search: a name with a slash is used as is; otherwise the first executable in PATH. */
export async function findProgram(libc: Libc, name: string, path: string): Promise<string | null> {
  if (name.includes("/")) {
    try {
      await libc.access(name, 0);
      return name;
    } catch {
      return null;
    }
  }
  for (const dir of path.split(":")) {
    const p = `${dir || "."}/${name}`;
    try {
      const st = await libc.stat(p);
      if ((st.mode & 0o170000) === 0o100000 && st.mode & 0o111) return p;
    } catch {
      // not here
    }
  }
  return null;
}
