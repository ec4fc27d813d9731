/**
 * groups(1), GNU coreutils 8.28: the groups of the current process, or `USER : groups...`
 * for each USER operand (group-list.c:print_group_list()).
 */

import { quote, tryHelp } from "../lib/coreutils.ts";
import { getoptLong } from "../lib/getopt.ts";
import { mgetgroups } from "../lib/grouplist.ts";
import { finish, out, warn } from "../lib/io.ts";
import { getgrgid, getpwnam } from "../lib/passwd.ts";
import type { Libc } from "../libc/libc.ts";

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv[0] ?? "groups";
  const parsed = getoptLong(argv, "", [
    { name: "help", hasArg: 0, val: "help" },
    { name: "version", hasArg: 0, val: "version" },
  ]);
  if (parsed.error) {
    await libc.stderr.write(parsed.error + tryHelp(prog));
    return 1;
  }
  for (const o of parsed.options) {
    await out(
      libc,
      o.key === "help"
        ? `Usage: ${prog} [OPTION]... [USERNAME]...\n`
        : "groups (GNU coreutils) 8.28\n",
    );
    return 0;
  }
  let ok = true;
  const names = async (rgid: number, egid: number, list: number[]): Promise<string> => {
    const ids = [
      rgid,
      ...(egid !== rgid ? [egid] : []),
      ...list.filter((g) => g !== rgid && g !== egid),
    ];
    const parts: string[] = [];
    for (const g of ids) {
      const n = (await getgrgid(libc, g))?.name;
      if (n === undefined) {
        await warn(libc, prog, `cannot find name for group ID ${g}`);
        ok = false;
      }
      parts.push(n ?? String(g));
    }
    return parts.join(" ");
  };
  if (!parsed.operands.length) {
    const egid = await libc.getegid();
    const rgid = await libc.getgid();
    await out(libc, `${await names(rgid, egid, await mgetgroups(libc, null, egid))}\n`);
    return finish(libc, prog, ok ? 0 : 1);
  }
  for (const user of parsed.operands) {
    const pw = await getpwnam(libc, user);
    if (!pw) {
      await warn(libc, prog, `${quote(libc, user)}: no such user`);
      ok = false;
      continue;
    }
    await out(
      libc,
      `${user} : ${await names(pw.gid, pw.gid, await mgetgroups(libc, pw.name, pw.gid))}\n`,
    );
  }
  return finish(libc, prog, ok ? 0 : 1);
}
