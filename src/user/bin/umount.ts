/**
 * umount(8) of util-linux 2.31 (sys-utils/umount.c with libmount): detach the
 * filesystem mounted on a directory (or from a source) with umount2(2). Set-user-ID
 * root as on Ubuntu; a user may only unmount "user" mounts, which vkern has none of.
 */
import { SysError } from "../libc/errors.ts";
import type { Libc } from "../libc/libc.ts";
import { canonical, readMounts } from "./mount.ts";

const EX_USAGE = 1;
const EX_FAIL = 32;
const MNT_FORCE = 1;
const MNT_DETACH = 2;

/** Mirrors mk_exit_code() for umount (the 2.30+ "umount: TARGET: what." texts). */
function errorText(errno: number, libc: Libc): string {
  switch (errno) {
    case 22:
      return "not mounted";
    case 16:
      return "target is busy";
    case 1:
      return "must be superuser to unmount";
    case 13:
      return "must be superuser to unmount";
    default:
      return `umount failed: ${libc.strerror(errno)}`;
  }
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  let flags = 0;
  const targets: string[] = [];
  for (const a of argv.slice(1)) {
    if (a === "-l" || a === "--lazy") flags |= MNT_DETACH;
    else if (a === "-f" || a === "--force") flags |= MNT_FORCE;
    else if (a === "-n" || a === "-v" || a === "-i" || a === "-d") continue;
    else if (a === "-V" || a === "--version") {
      await libc.stdout.write(
        "umount from util-linux 2.31.1 (libmount 2.31.1: selinux, btrfs, namespaces, assert, debug)\n",
      );
      return 0;
    } else if (a.startsWith("-")) {
      await libc.stderr.write(
        `umount: invalid option -- '${a.slice(1, 2)}'\nTry 'umount --help' for more information.\n`,
      );
      return EX_USAGE;
    } else targets.push(a);
  }
  if (!targets.length) {
    await libc.stderr.write("umount: bad usage\nTry 'umount --help' for more information.\n");
    return EX_USAGE;
  }
  const root = (await libc.getuid()) === 0;
  let rc = 0;
  for (const t of targets) {
    const mounts = await readMounts(libc);
    const path = await canonical(libc, t);
    // The last mount on that directory, or of that source (libmount's mnt_table_find_target/source).
    const m =
      [...mounts].reverse().find((x) => x[1] === path) ??
      [...mounts].reverse().find((x) => x[0] === t);
    const tgt = m ? m[1] : path;
    if (!root) {
      await libc.stderr.write(
        `umount: ${tgt}: ${m ? "must be superuser to unmount" : "not mounted"}.\n`,
      );
      rc = EX_FAIL;
      continue;
    }
    const p = libc.mem.strdup(tgt);
    try {
      await libc.syscall("umount2", p, flags);
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      const text = e.errno === 2 ? "no mount point specified" : errorText(e.errno, libc);
      await libc.stderr.write(`umount: ${tgt}: ${text}.\n`);
      rc = EX_FAIL;
    } finally {
      libc.mem.free(p);
    }
  }
  return rc;
}
