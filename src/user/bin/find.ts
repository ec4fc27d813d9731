/**
 * find(1), GNU findutils 4.6 (Ubuntu 18.04): search for files in a directory hierarchy.
 * Mirrors find/ftsfind.c (the walk: pre-order, or post-order with -depth/-delete; an
 * unreadable directory is still visited, then reported) and find/util.c's diagnostics
 * ("find: ‘x’: Permission denied", locale quotes as findutils uses them). The expression is
 * lib/find_expr.ts. Symbolic links are not followed unless -L (or -H for start points).
 */

import { S_ISDIR } from "../../include/uapi/stat.ts";
import { baseName, joinPath } from "../lib/fileutil.ts";
import {
  evaluate,
  type FindRuntime,
  FindSyntaxError,
  parseExpression,
  type Visit,
} from "../lib/find_expr.ts";
import { modeString } from "../lib/format.ts";
import { getgrgid, getgrnam, getpwnam, getpwuid } from "../lib/passwd.ts";
import { type Cmd, coreutilsMain, errnoOf } from "../lib/prog.ts";
import type { Stat } from "../libc/libc.ts";

class Quit {}

async function run(cmd: Cmd, argv: string[]): Promise<number> {
  const { libc } = cmd;
  const lq = cmd.q.quote("").slice(0, 1);
  const rq = cmd.q.quote("").slice(-1);
  const localize = (m: string) => m.replaceAll("\u0000", lq).replaceAll("\u0001", rq);
  let i = 1;
  let follow: "P" | "H" | "L" = "P";
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-P" || a === "-H" || a === "-L") follow = a[1] as "P" | "H" | "L";
    else if (a === "--") {
      i++;
      break;
    } else break;
  }
  const paths: string[] = [];
  while (
    i < argv.length &&
    !(argv[i].startsWith("-") && argv[i].length > 1) &&
    argv[i] !== "(" &&
    argv[i] !== "!"
  ) {
    paths.push(argv[i++]);
  }
  if (paths.length === 0) paths.push(".");
  let parsed: ReturnType<typeof parseExpression>;
  try {
    parsed = parseExpression(argv.slice(i), modeString);
  } catch (e) {
    if (e instanceof FindSyntaxError) return cmd.die(1, localize(e.message));
    throw e;
  }
  let status = 0;
  const users = new Map<number, string | undefined>();
  const groups = new Map<number, string | undefined>();
  const userIds = new Map<string, number | undefined>();
  const groupIds = new Map<string, number | undefined>();
  const noteNames = async (st: Stat) => {
    if (!users.has(st.uid)) users.set(st.uid, (await getpwuid(libc, st.uid))?.name);
    if (!groups.has(st.gid)) groups.set(st.gid, (await getgrgid(libc, st.gid))?.name);
  };
  for (const a of argv) {
    userIds.set(a, (await getpwnam(libc, a))?.uid);
    groupIds.set(a, (await getgrnam(libc, a))?.gid);
  }
  const envp = libc.environ();
  const resolve = async (name: string): Promise<string> => {
    if (name.includes("/")) return name;
    for (const dir of (libc.getenv("PATH") ?? "/usr/bin:/bin").split(":")) {
      const p = `${dir || "."}/${name}`;
      try {
        await libc.access(p, 1);
        return p;
      } catch {
        // keep looking
      }
    }
    return name;
  };
  const exec = async (args: string[]): Promise<boolean> => {
    await libc.stdout.flush();
    const path = await resolve(args[0]);
    const pid = await libc.fork(async (child) => {
      try {
        await child.execve(path, args, envp);
      } catch (e) {
        await child.stderr.write(
          `${cmd.name}: ${lq}${args[0]}${rq}: ${child.strerror(errnoOf(e))}\n`,
        );
      }
      return 1;
    });
    const { status: ws } = await libc.waitpid(pid);
    return ws === 0;
  };
  const rt: FindRuntime = {
    now: (await libc.clock_gettime(0)).sec,
    print: (s) => cmd.out(s),
    exec,
    remove: async (v) => {
      if (v.path === ".") return true;
      try {
        if (v.st && S_ISDIR(v.st.mode)) await libc.rmdir(v.path);
        else await libc.unlink(v.path);
        return true;
      } catch (e) {
        await cmd.error(`cannot delete ${lq}${v.path}${rq}`, errnoOf(e));
        status = 1;
        return false;
      }
    },
    userName: (u) => users.get(u),
    groupName: (g) => groups.get(g),
    uidOf: (n) => userIds.get(n),
    gidOf: (n) => groupIds.get(n),
    stat: (p) => libc.stat(p).catch(() => null),
    readlink: (p) => libc.readlink(p).catch(() => null),
    quit: () => {
      throw new Quit();
    },
  };
  const fail = async (path: string, errno: number) => {
    await cmd.error(`${lq}${path}${rq}`, errno);
    status = 1;
  };

  const visit = async (path: string, rel: string, depth: number): Promise<void> => {
    let st: Stat;
    try {
      const deref = follow === "L" || (follow === "H" && depth === 0);
      st = deref ? await libc.stat(path).catch(() => libc.lstat(path)) : await libc.lstat(path);
    } catch (e) {
      await fail(path, errnoOf(e));
      return;
    }
    await noteNames(st);
    const v: Visit = {
      path,
      rel,
      base: depth === 0 ? baseName(path) : path.slice(path.lastIndexOf("/") + 1),
      depth,
      st,
      prune: false,
    };
    const apply = async () => {
      if (depth >= parsed.mindepth) await evaluate(parsed.expr, v, rt);
    };
    if (!parsed.depthFirst) await apply();
    if (S_ISDIR(st.mode) && depth < parsed.maxdepth && !(v.prune && !parsed.depthFirst)) {
      let names: string[] | null = null;
      try {
        names = (await libc.readdir(path))
          .map((e) => e.name)
          .filter((n) => n !== "." && n !== "..");
      } catch (e) {
        await fail(path, errnoOf(e));
      }
      for (const n of names ?? [])
        await visit(joinPath(path, n), rel ? `${rel}/${n}` : n, depth + 1);
    }
    if (parsed.depthFirst) await apply();
  };

  try {
    for (const p of paths) await visit(p, "", 0);
  } catch (e) {
    if (e instanceof FindSyntaxError) {
      await cmd.error(localize(e.message));
      return 1;
    }
    if (!(e instanceof Quit)) throw e;
  }
  for (const b of parsed.batches) {
    if (b.pending.length && !(await exec([...b.argv, ...b.pending]))) status = 1;
  }
  return status;
}

export const main = coreutilsMain(run);
