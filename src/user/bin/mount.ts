/**
 * mount(8) of util-linux 2.31 (sys-utils/mount.c with libmount): with no
 * arguments it lists /proc/self/mounts as "SRC on DIR type TYPE (OPTS)"; with a
 * source and a directory it calls mount(2). Installed set-user-ID root as on
 * Ubuntu, it refuses non-root users ("only root can do that", exit_non_root()).
 */
import { SysError } from "../libc/errors.ts";
import type { Libc } from "../libc/libc.ts";

/** MNT_EX_* exit codes (libmount.h). */
const EX_USAGE = 1;
const EX_FAIL = 32;

/** libmount's optmap of the VFS flags (optmap.c linux_flags_map): name → [set, clear]. */
const FLAG_OPTS: Record<string, [number, number]> = {
  ro: [1, 0],
  rw: [0, 1],
  nosuid: [2, 0],
  suid: [0, 2],
  nodev: [4, 0],
  dev: [0, 4],
  noexec: [8, 0],
  exec: [0, 8],
  sync: [16, 0],
  async: [0, 16],
  remount: [32, 0],
  mand: [64, 0],
  nomand: [0, 64],
  dirsync: [128, 0],
  noatime: [1024, 0],
  atime: [0, 1024],
  nodiratime: [2048, 0],
  diratime: [0, 2048],
  bind: [4096, 0],
  rbind: [4096 | 16384, 0],
  move: [8192, 0],
  silent: [32768, 0],
  loud: [0, 32768],
  relatime: [1 << 21, 0],
  norelatime: [0, 1 << 21],
  strictatime: [1 << 24, 0],
  lazytime: [1 << 25, 0],
  defaults: [0, 0],
};

/** Userspace-only options libmount strips before mount(2). */
const USER_OPTS = /^(user|nouser|users|owner|group|auto|noauto|_netdev|nofail|x-.*|comment=.*)$/;

/** Octal escapes of /proc/mounts fields (\040 for a space). */
export function unmangle(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));
}

/** The lines of /proc/self/mounts, split into fields. */
export async function readMounts(libc: Libc): Promise<string[][]> {
  const text = await libc.readFileText("/proc/self/mounts");
  return text
    .split("\n")
    .filter(Boolean)
    .map((l) => l.split(" ").map(unmangle));
}

/** canonicalize_path() without resolving symlinks: absolute, "." and ".." folded. */
export async function canonical(libc: Libc, p: string): Promise<string> {
  const abs = p.startsWith("/") ? p : `${await libc.getcwd()}/${p}`;
  const out: string[] = [];
  for (const c of abs.split("/")) {
    if (!c || c === ".") continue;
    if (c === "..") out.pop();
    else out.push(c);
  }
  return `/${out.join("/")}`;
}

/** Mirrors print_all(): "SRC on TARGET type TYPE (OPTIONS)", optionally one type only. */
async function listMounts(libc: Libc, type: string | null): Promise<number> {
  let out = "";
  for (const [src, target, fstype, opts] of await readMounts(libc)) {
    if (type && !type.split(",").includes(fstype)) continue;
    // safe_fputs(): control characters become '?'.
    out += `${src} on ${target.replace(/[\x00-\x1f\x7f]/g, "?")} type ${fstype} (${opts})\n`;
  }
  await libc.stdout.write(out);
  return 0;
}

/** Mirrors mk_exit_code() for mount(2) errors (2.30+ texts: "mount: TARGET: what."). */
async function syscallError(
  libc: Libc,
  errno: number,
  src: string,
  tgt: string,
  type: string | null,
): Promise<number> {
  let msg: string;
  switch (errno) {
    case 1:
      msg = "permission denied";
      break;
    case 16:
      msg = `${src} already mounted or mount point busy`;
      break;
    case 2:
      try {
        await libc.stat(tgt);
        msg = `special device ${src} does not exist`;
      } catch {
        msg = "mount point does not exist";
      }
      break;
    case 20:
      msg = "mount point is not a directory";
      break;
    case 19:
      msg = `unknown filesystem type '${type ?? ""}'`;
      break;
    case 22:
      msg = `wrong fs type, bad option, bad superblock on ${src}, missing codepage or helper program, or other error`;
      break;
    default:
      msg = `mount(2) system call failed: ${libc.strerror(errno)}`;
  }
  await libc.stderr.write(`mount: ${tgt}: ${msg}.\n`);
  return EX_FAIL;
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  let type: string | null = null;
  const options: string[] = [];
  const pos: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const next = async (): Promise<string | null> => {
      if (i + 1 < argv.length) return argv[++i];
      await libc.stderr.write(`mount: option requires an argument -- '${a.slice(1)}'\n`);
      return null;
    };
    if (a === "-t" || a === "--types") {
      type = await next();
      if (type === null) return EX_USAGE;
    } else if (a.startsWith("-t") && a.length > 2) type = a.slice(2);
    else if (a === "-o" || a === "--options") {
      const v = await next();
      if (v === null) return EX_USAGE;
      options.push(v);
    } else if (a.startsWith("-o") && a.length > 2) options.push(a.slice(2));
    else if (a === "-r" || a === "--read-only") options.push("ro");
    else if (a === "-w" || a === "--rw" || a === "--read-write") options.push("rw");
    else if (a === "-B" || a === "--bind") options.push("bind");
    else if (a === "-R" || a === "--rbind") options.push("rbind");
    else if (a === "-M" || a === "--move") options.push("move");
    else if (a === "-l" || a === "--show-labels" || a === "-v" || a === "-n" || a === "-i")
      continue;
    else if (a === "-V" || a === "--version") {
      await libc.stdout.write(
        "mount from util-linux 2.31.1 (libmount 2.31.1: selinux, btrfs, namespaces, assert, debug)\n",
      );
      return 0;
    } else if (a.startsWith("-") && a !== "-") {
      await libc.stderr.write(
        `mount: invalid option -- '${a.slice(1, 2)}'\nTry 'mount --help' for more information.\n`,
      );
      return EX_USAGE;
    } else pos.push(a);
  }
  if (!pos.length && !options.length) return listMounts(libc, type);
  // A set-user-ID mount run by a user: only listing is allowed (exit_non_root()).
  if ((await libc.getuid()) !== 0) {
    await libc.stderr.write("mount: only root can do that\n");
    return EX_USAGE;
  }
  if (pos.length === 1) {
    await libc.stderr.write(`mount: ${await canonical(libc, pos[0])}: can't find in /etc/fstab.\n`);
    return EX_USAGE;
  }
  if (pos.length !== 2) {
    await libc.stderr.write("mount: bad usage\nTry 'mount --help' for more information.\n");
    return EX_USAGE;
  }
  let flags = 0;
  const data: string[] = [];
  for (const o of options.join(",").split(",").filter(Boolean)) {
    const f = FLAG_OPTS[o];
    if (f) flags = (flags | f[0]) & ~f[1];
    else if (!USER_OPTS.test(o)) data.push(o);
  }
  const src = pos[0];
  const tgt = await canonical(libc, pos[1]);
  const bind = (flags & 4096) !== 0;
  const srcArg = bind ? await canonical(libc, src) : src;
  const p = [libc.mem.strdup(srcArg), libc.mem.strdup(tgt), type ? libc.mem.strdup(type) : 0];
  const d = data.length ? libc.mem.strdup(data.join(",")) : 0;
  try {
    await libc.syscall("mount", p[0], p[1], p[2], flags, d);
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    return syscallError(libc, e.errno, srcArg, tgt, type);
  } finally {
    for (const x of [...p, d]) if (x) libc.mem.free(x);
  }
  return 0;
}
