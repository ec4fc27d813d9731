/**
 * insmod(8) of kmod 24 (tools/insmod.c): insert one module file with its
 * parameters, via finit_module(2).
 */
import type { Libc } from "../../libc/libc.ts";
import {
  exists,
  insertModule,
  kmodLog,
  lookupModule,
  modStrerror,
  progName,
  strerror,
} from "./common.ts";

const HELP = (p: string) =>
  `Usage:\n\t${p} [options] filename [args]\nOptions:\n\t-V, --version     show version\n\t-h, --help        show this help\n`;

/** Mirrors tools/insmod.c:do_insmod(). */
export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = progName(argv, "insmod");
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      i++;
      break;
    }
    if (!a.startsWith("-") || a === "-") break;
    if (a === "-h" || a === "--help") {
      await libc.printf("%s", HELP(prog));
      return 0;
    }
    if (a === "-V" || a === "--version") {
      await libc.printf("kmod version 24\n-XZ -ZLIB -LIBCRYPTO -EXPERIMENTAL\n");
      return 0;
    }
    if (/^-[psf]+$/.test(a)) continue; // -p, -s ignored; -f forces vermagic, which vkern never checks
    await libc.stderr.write(`${prog}: invalid option -- '${a.slice(1, 2)}'\n`);
    return 1;
  }
  if (i >= argv.length) {
    await kmodLog(libc, prog, "ERROR", "missing filename.\n");
    return 1;
  }
  const filename = argv[i];
  if (filename === "-") {
    await kmodLog(libc, prog, "ERROR", "this tool does not support loading from stdin!\n");
    return 1;
  }
  const opts = argv.slice(i + 1).join(" ");
  let path = filename;
  if (!(await exists(libc, filename)) && !filename.includes("/")) {
    // vkern extension: a bare module name that is not a file in the cwd is looked up
    // in /lib/modules/$(uname -r) as modprobe would, so the book's
    // `sudo insmod procfs_simple_intf` works without the .ko at hand.
    const dep = await lookupModule(libc, filename.replace(/\.ko$/, ""));
    if (dep) path = dep.path;
  }
  if (!(await exists(libc, path))) {
    await kmodLog(libc, prog, "ERROR", `could not load module ${filename}: ${strerror(2)}\n`);
    return 1;
  }
  const err = await insertModule(libc, path, opts);
  if (err < 0) {
    await kmodLog(
      libc,
      prog,
      "ERROR",
      `could not insert module ${filename}: ${modStrerror(-err)}\n`,
    );
    return 1;
  }
  return 0;
}
