/**
 * su(1), after shadow 4.5's su of Ubuntu 18.04: `su [-|-l] [USER] [-c CMD]` runs
 * the user's shell as that user. Root needs no password; anyone else is asked for
 * one, and since vkern's accounts have none ("*" in /etc/shadow), authentication
 * always fails.
 */
import { SysError } from "../../libc/errors.ts";
import type { Libc } from "../../libc/libc.ts";
import { getpwnam, groupList } from "./passwd.ts";

/** ENV_PATH and ENV_SUPATH of Ubuntu's /etc/login.defs. */
const USER_PATH = "/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games";
const ROOT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  let login = false;
  let command: string | null = null;
  let user: string | null = null;
  const rest: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-" || a === "-l" || a === "--login") login = true;
    else if (a === "-c" || a === "--command") {
      if (i + 1 >= argv.length) {
        await libc.stderr.write("su: option requires an argument -- 'c'\n");
        return 1;
      }
      command = argv[++i];
    } else if (a.startsWith("--command=")) command = a.slice(10);
    else if (a.startsWith("-") && user === null) {
      await libc.stderr.write(`su: invalid option -- '${a.slice(1, 2)}'\n`);
      return 1;
    } else if (user === null) user = a;
    else rest.push(a);
  }
  const name = user ?? "root";
  const target = await getpwnam(libc, name);
  if (!target) {
    await libc.stderr.write(`No passwd entry for user '${name}'\n`);
    return 1;
  }
  if ((await libc.getuid()) !== 0) {
    // pam_unix: no password can match "*"; the prompt is answered by nothing.
    await libc.stderr.write("Password: \nsu: Authentication failure\n");
    return 1;
  }
  const shell = target.shell || "/bin/sh";
  const env = login
    ? [`TERM=${libc.getenv("TERM") ?? "dumb"}`]
    : libc.environ().filter((e) => !/^(HOME|SHELL|USER|LOGNAME|PATH)=/.test(e));
  env.push(
    `HOME=${target.dir}`,
    `SHELL=${shell}`,
    `USER=${target.name}`,
    `LOGNAME=${target.name}`,
    `PATH=${target.uid === 0 ? ROOT_PATH : USER_PATH}`,
  );
  const base = shell.split("/").pop() ?? shell;
  const args = [login ? `-${base}` : base, ...(command !== null ? ["-c", command] : []), ...rest];
  try {
    await libc.setgroups(await groupList(libc, target));
    await libc.setgid(target.gid);
    await libc.setuid(target.uid);
    if (login) await libc.chdir(target.dir).catch(() => 0);
    await libc.execve(shell, args, env);
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    await libc.stderr.write(`su: failed to execute ${shell}: ${libc.strerror(e.errno)}\n`);
    return 126;
  }
  return 0;
}
