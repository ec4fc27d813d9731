/**
 * id(1), GNU coreutils 8.28: print user and group IDs. Default
 * `uid=1000(llkd) gid=1000(llkd) groups=1000(llkd),4(adm),...` (euid=/egid= when they
 * differ), -u -g -G with -n and -r, -z, and a USER operand. The group list is
 * mgetgroups(): the effective (or the user's primary) group first.
 */

import { quote, tryHelp } from "../lib/coreutils.ts";
import { getoptLong } from "../lib/getopt.ts";
import { mgetgroups } from "../lib/grouplist.ts";
import { finish, out, warn } from "../lib/io.ts";
import { getgrgid, getpwnam, getpwuid } from "../lib/passwd.ts";
import type { Libc } from "../libc/libc.ts";

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv[0] ?? "id";
  const parsed = getoptLong(argv, "agnruzGZ", [
    { name: "context", hasArg: 0, val: "Z" },
    { name: "group", hasArg: 0, val: "g" },
    { name: "groups", hasArg: 0, val: "G" },
    { name: "name", hasArg: 0, val: "n" },
    { name: "real", hasArg: 0, val: "r" },
    { name: "user", hasArg: 0, val: "u" },
    { name: "zero", hasArg: 0, val: "z" },
    { name: "help", hasArg: 0, val: "help" },
    { name: "version", hasArg: 0, val: "version" },
  ]);
  const usage = async (msg: string) => {
    await warn(libc, prog, msg);
    await libc.stderr.write(tryHelp(prog));
    return 1;
  };
  if (parsed.error) {
    await libc.stderr.write(parsed.error + tryHelp(prog));
    return 1;
  }
  const f = { u: false, g: false, G: false, n: false, r: false, z: false, Z: false };
  for (const o of parsed.options) {
    if (o.key in f) f[o.key as keyof typeof f] = true;
    else if (o.key === "help") {
      await out(libc, `Usage: ${prog} [OPTION]... [USER]\n`);
      return 0;
    } else if (o.key === "version") {
      await out(libc, "id (GNU coreutils) 8.28\n");
      return 0;
    }
  }
  const only = Number(f.u) + Number(f.g) + Number(f.G) + Number(f.Z);
  if (parsed.operands.length > 1) return usage(`extra operand ${quote(libc, parsed.operands[1])}`);
  if (f.Z) {
    await warn(libc, prog, "--context (-Z) works only on an SELinux-enabled kernel");
    return 1;
  }
  if (only > 1) return usage('cannot print "only" of more than one choice');
  if (only === 0 && (f.n || f.r))
    return usage("cannot print only names or real IDs in default format");
  if (only === 0 && f.z) return usage("option --zero not permitted in default format");

  let user: string | null = null;
  let ruid: number;
  let euid: number;
  let rgid: number;
  let egid: number;
  if (parsed.operands.length) {
    const spec = parsed.operands[0];
    let pw = await getpwnam(libc, spec);
    if (!pw && /^\+?[0-9]+$/.test(spec)) pw = await getpwuid(libc, Number(spec));
    if (!pw) {
      await warn(libc, prog, `${quote(libc, spec)}: no such user`);
      return 1;
    }
    user = pw.name;
    ruid = euid = pw.uid;
    rgid = egid = pw.gid;
  } else {
    euid = await libc.geteuid();
    ruid = await libc.getuid();
    egid = await libc.getegid();
    rgid = await libc.getgid();
  }
  let ok = true;
  const uname = async (uid: number) => (await getpwuid(libc, uid))?.name;
  const gname = async (gid: number) => (await getgrgid(libc, gid))?.name;
  const delim = f.z ? "\0" : " ";
  if (f.u) {
    const uid = f.r ? ruid : euid;
    let s = String(uid);
    if (f.n) {
      const n = await uname(uid);
      if (n === undefined) {
        await warn(libc, prog, `cannot find name for user ID ${uid}`);
        ok = false;
      } else s = n;
    }
    await out(libc, s + (f.z ? "\0" : "\n"));
    return finish(libc, prog, ok ? 0 : 1);
  }
  const showGroup = async (gid: number): Promise<string> => {
    if (!f.n) return String(gid);
    const n = await gname(gid);
    if (n === undefined) {
      await warn(libc, prog, `cannot find name for group ID ${gid}`);
      ok = false;
      return String(gid);
    }
    return n;
  };
  if (f.g) {
    await out(libc, (await showGroup(f.r ? rgid : egid)) + (f.z ? "\0" : "\n"));
    return finish(libc, prog, ok ? 0 : 1);
  }
  const pwGid = user !== null ? egid : egid;
  const list = await mgetgroups(libc, user, pwGid);
  if (f.G) {
    // group-list.c:print_group_list(): rgid, egid if different, then the rest.
    const ids = [
      rgid,
      ...(egid !== rgid ? [egid] : []),
      ...list.filter((g) => g !== rgid && g !== egid),
    ];
    const names: string[] = [];
    for (const g of ids) names.push(await showGroup(g));
    await out(libc, names.join(delim) + (f.z ? "\0" : "\n"));
    return finish(libc, prog, ok ? 0 : 1);
  }
  // id.c:print_full_info()
  const withName = async (id: number, name: string | undefined) =>
    name === undefined ? `${id}` : `${id}(${name})`;
  let s = `uid=${await withName(ruid, await uname(ruid))} gid=${await withName(rgid, await gname(rgid))}`;
  if (euid !== ruid) s += ` euid=${await withName(euid, await uname(euid))}`;
  if (egid !== rgid) s += ` egid=${await withName(egid, await gname(egid))}`;
  if (list.length) {
    const parts: string[] = [];
    for (const g of list) parts.push(await withName(g, await gname(g)));
    s += ` groups=${parts.join(",")}`;
  }
  await out(libc, `${s}\n`);
  return finish(libc, prog, 0);
}
