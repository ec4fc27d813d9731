/**
 * sudo(8), as sudo 1.8.21p2 of Ubuntu 18.04 behaves with its default sudoers
 * (`%sudo ALL=(ALL:ALL) NOPASSWD: ALL` in vkern, since no user has a password):
 * a set-user-ID root program that checks /etc/sudoers, resets the environment
 * (env_reset, secure_path), becomes the target user and runs the command as its
 * child. A command killed by a signal kills sudo with the same signal, so the
 * shell reports it ("Killed", status 137) as it would for the command itself.
 */
import { SIGKILL, SIGSTOP } from "../../../include/uapi/signal.ts";
import { SysError } from "../../libc/errors.ts";
import type { Libc } from "../../libc/libc.ts";
import { findProgram, getpwnam, getpwuid, groupList, type Passwd, readGroups } from "./passwd.ts";

/** Ubuntu 18.04's /etc/sudoers: Defaults secure_path. */
export const SECURE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/snap/bin";

const USAGE = `usage: sudo -h | -K | -k | -V
usage: sudo -v [-AknS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-AknS] [-g group] [-h host] [-p prompt] [-U user] [-u user]
            [command]
usage: sudo [-AbEHnPS] [-C num] [-g group] [-h host] [-p prompt] [-T timeout]
            [-u user] [VAR=value] [-i|-s] [<command>]
usage: sudo -e [-AknS] [-g group] [-h host] [-p prompt] [-T timeout] [-u user]
            file ...
`;

/** Variables env_reset keeps from the caller (sudo's initial_keepenv_table, plus locale). */
const KEEP =
  /^(DISPLAY|TERM|COLORTERM|COLORS|LS_COLORS|PS1|PS2|TZ|XAUTHORITY|XAUTHORIZATION|LANG|LANGUAGE|LINGUAS|LC_[A-Z_]+|HOSTNAME|KRB5CCNAME)$/;

export interface SudoersRule {
  /** A user name, or "%group". */
  who: string;
  nopasswd: boolean;
}

/** The user specifications of a sudoers file (only "who host=(runas) [NOPASSWD:] cmds" lines). */
export function parseSudoers(text: string): SudoersRule[] {
  const rules: SudoersRule[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line || /^(Defaults|[A-Z_]+_Alias)\b/.test(line)) continue;
    const m = /^(\S+)\s+\S+\s*=\s*(\([^)]*\))?\s*(.*)$/.exec(line);
    if (!m) continue;
    rules.push({ who: m[1], nopasswd: /\bNOPASSWD:/.test(m[3]) });
  }
  return rules;
}

/** Mirrors sudoers' user matching: a name, or %group for a member of the group. */
async function findRule(
  libc: Libc,
  rules: SudoersRule[],
  user: Passwd,
  gids: number[],
): Promise<SudoersRule | undefined> {
  const groups = await readGroups(libc);
  return rules.find((r) => {
    if (!r.who.startsWith("%")) return r.who === user.name || r.who === "ALL";
    const g = groups.find((x) => x.name === r.who.slice(1));
    return g !== undefined && (gids.includes(g.gid) || g.members.includes(user.name));
  });
}

interface Options {
  user: string;
  login: boolean;
  shell: boolean;
  cmd: string[];
}

async function parseArgs(argv: string[], libc: Libc): Promise<Options | number> {
  const o: Options = { user: "root", login: false, shell: false, cmd: [] };
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      i++;
      break;
    }
    if (!a.startsWith("-") || a === "-") break;
    if (a === "-u" || a === "--user") {
      if (i + 1 >= argv.length) {
        await libc.stderr.write("sudo: option requires an argument -- 'u'\n");
        await libc.stderr.write(USAGE);
        return 1;
      }
      o.user = argv[++i];
    } else if (a.startsWith("-u")) o.user = a.slice(2);
    else if (a.startsWith("--user=")) o.user = a.slice(7);
    else if (a === "-i" || a === "--login") o.login = true;
    else if (a === "-s" || a === "--shell") o.shell = true;
    else if (a === "-V" || a === "--version") {
      await libc.printf("Sudo version 1.8.21p2\n");
      return 0;
    } else if (/^-[EHnPSk]+$/.test(a)) {
      // preserve-env, set-home, non-interactive ...: accepted, no effect here
    } else {
      await libc.stderr.write(`sudo: invalid option -- '${a.slice(1, 2)}'\n${USAGE}`);
      return 1;
    }
  }
  o.cmd = argv.slice(i);
  if (!o.cmd.length && !o.login && !o.shell) {
    await libc.stderr.write(USAGE);
    return 1;
  }
  return o;
}

/** The environment after env_reset (sudoers' env_reset, set_home-like HOME). */
function resetEnv(libc: Libc, caller: Passwd, target: Passwd, cmd: string[]): string[] {
  const env: string[] = [];
  for (const [k, v] of libc.env) if (KEEP.test(k)) env.push(`${k}=${v}`);
  env.push(
    `PATH=${SECURE_PATH}`,
    `MAIL=/var/mail/${target.name}`,
    `LOGNAME=${target.name}`,
    `USER=${target.name}`,
    `USERNAME=${target.name}`,
    `HOME=${target.dir}`,
    `SHELL=${target.shell}`,
    `SUDO_COMMAND=${cmd.join(" ")}`,
    `SUDO_USER=${caller.name}`,
    `SUDO_UID=${caller.uid}`,
    `SUDO_GID=${caller.gid}`,
  );
  return env;
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const opts = await parseArgs(argv, libc);
  if (typeof opts === "number") return opts;
  if ((await libc.geteuid()) !== 0) {
    await libc.stderr.write(
      "sudo: effective uid is not 0, is /usr/bin/sudo on a file system with the 'nosuid' option set or an NFS file system without root privileges?\n",
    );
    return 1;
  }
  const uid = await libc.getuid();
  const caller = (await getpwuid(libc, uid)) ?? {
    name: String(uid),
    uid,
    gid: await libc.getgid(),
    gecos: "",
    dir: "/",
    shell: "/bin/sh",
  };
  if (uid !== 0) {
    let rules: SudoersRule[] = [];
    try {
      rules = parseSudoers(await libc.readFileText("/etc/sudoers"));
    } catch {
      await libc.stderr.write("sudo: unable to open /etc/sudoers: No such file or directory\n");
      return 1;
    }
    const rule = await findRule(libc, rules, caller, await libc.getgroups());
    if (!rule) {
      await libc.stderr.write(
        `${caller.name} is not in the sudoers file.  This incident will be reported.\n`,
      );
      return 1;
    }
    if (!rule.nopasswd) {
      // No terminal to read a password from, and vkern users have no passwords.
      await libc.stderr.write("sudo: no tty present and no askpass program specified\n");
      return 1;
    }
  }
  const target = await getpwnam(libc, opts.user);
  if (!target) {
    await libc.stderr.write(`sudo: unknown user: ${opts.user}\n`);
    return 1;
  }
  let cmd = opts.cmd;
  if (opts.login || opts.shell) {
    const sh = opts.login ? target.shell : (libc.getenv("SHELL") ?? target.shell);
    cmd = cmd.length ? [sh, "-c", cmd.join(" ")] : [sh];
  }
  const path = await findProgram(libc, cmd[0], SECURE_PATH);
  if (!path) {
    await libc.stderr.write(`sudo: ${cmd[0]}: command not found\n`);
    return 1;
  }
  const env = resetEnv(libc, caller, target, [path, ...cmd.slice(1)]);
  const groups = await groupList(libc, target);
  const pid = await libc.fork(async (child) => {
    try {
      await child.setgroups(groups);
      await child.setgid(target.gid);
      await child.setuid(target.uid);
      // sudoers' default umask 0022 joins the user's, their union applies (checked with
      // sudo 1.9.13p3 here: a user's 002 gives 0022, 077 stays 0077).
      await child.umask((await child.umask(0o022)) | 0o022);
      if (opts.login) await child.chdir(target.dir).catch(() => 0);
      await child.execve(path, cmd, env);
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      await child.stderr.write(`sudo: unable to execute ${path}: ${child.strerror(e.errno)}\n`);
      return 1;
    }
  });
  const { status } = await libc.waitpid(pid);
  const sig = status & 0x7f;
  if (sig) {
    // sudo's exec_nopty(): terminate ourselves the way the command was terminated.
    if (sig !== SIGKILL && sig !== SIGSTOP) await libc.signal(sig, "default");
    await libc.kill(await libc.getpid(), sig);
  }
  return (status >> 8) & 0xff;
}
