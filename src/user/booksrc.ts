/**
 * ~/booksrc: the sources of the chapter's demo modules in the learner's home, as a reader of
 * the book has its source tree cloned, one directory per module with a Kbuild Makefile, so
 *   cd ~/booksrc/procfs_simple_intf && make && sudo insmod ./procfs_simple_intf.ko
 * builds and loads the very code vkern ships, like a module of one's own.
 *
 * The guest files are made from vkern's own src/modules/ (and the ioctl demo's user program
 * from src/user/apps/) when the kernel boots; only their imports change: the repository's
 * "../../linux.ts" and uapi headers become the "linux" and "libc" APIs a guest module or
 * program imports, and files copied into the same directory import each other as "./x.ts".
 * The host supplies the texts ("#booksrc": read from disk in Node, bundled in the browser).
 */
import { mkdirp, writeFile } from "../init/initramfs.ts";
import type { Kernel } from "../kernel/kernel.ts";

export interface BookDir {
  /** The directory under ~/booksrc, and the module it builds. */
  module: string;
  /** Its sources, as paths under src/; the guest file keeps the base name. */
  files: string[];
  /** A user program the Makefile builds too (its entry file, without .ts). */
  program?: string;
}

/** The demo modules, in the chapter's order. */
export const BOOK_DIRS: readonly BookDir[] = [
  { module: "procfs_simple_intf", files: ["modules/procfs_simple_intf/procfs_simple_intf.ts"] },
  { module: "sysfs_simple_intf", files: ["modules/sysfs_simple_intf/sysfs_simple_intf.ts"] },
  { module: "debugfs_simple_intf", files: ["modules/debugfs_simple_intf/debugfs_simple_intf.ts"] },
  {
    module: "netlink_simple_intf",
    files: [
      "modules/netlink_simple_intf/netlink_simple_intf.ts",
      "modules/netlink_simple_intf/convenient.ts",
    ],
  },
  {
    module: "ioctl_llkd_kdrv",
    files: [
      "modules/ioctl_llkd_kdrv/ioctl_llkd_kdrv.ts",
      "modules/ioctl_llkd_kdrv/ioctl_llkd.ts",
      "user/apps/ioctl_llkd_userspace.ts",
    ],
    program: "ioctl_llkd_userspace",
  },
];

/** Repository files (under src/) that a guest file imports as a built-in API instead. */
const BUILTINS: Readonly<Record<string, string>> = {
  "linux.ts": "linux",
  "include/uapi/ioctl.ts": "linux",
  "include/uapi/fcntl.ts": "libc",
  "user/libc/errors.ts": "libc",
  "user/libc/libc.ts": "libc",
};

function dirOf(p: string): string {
  return p.slice(0, p.lastIndexOf("/") + 1);
}

function baseOf(p: string): string {
  return p.slice(p.lastIndexOf("/") + 1);
}

/** `rel` resolved against the directory `dir` of a path under src/ ("a/b/" + "../c.ts"). */
function resolveUnder(dir: string, rel: string): string {
  const parts = dir.split("/").filter(Boolean);
  for (const c of rel.split("/")) {
    if (c === "..") parts.pop();
    else if (c !== ".") parts.push(c);
  }
  return parts.join("/");
}

/**
 * The guest's copy of `path` (under src/), whose text is `text`: each relative import becomes
 * the built-in API or the sibling file it stands for. Throws on an import with no guest twin,
 * so a demo module that starts importing something new fails the build's tests, not the guest.
 */
export function guestSource(path: string, text: string, siblings: readonly string[]): string {
  return text.replace(/(\bfrom\s+|\bimport\s+)"(\.{1,2}\/[^"]+)"/g, (_m, lead: string, spec) => {
    const target = resolveUnder(dirOf(path), spec);
    if (siblings.includes(target)) return `${lead}"./${baseOf(target)}"`;
    const api = BUILTINS[target];
    if (!api) throw new Error(`${path}: no guest equivalent for import "${spec}"`);
    return `${lead}"${api}"`;
  });
}

/** The Kbuild Makefile of a ~/booksrc directory (and its user program's rule). */
export function bookMakefile(d: BookDir): string {
  const prog = d.program
    ? `
# the user space program, built from ${d.program}.ts by vkern's tsc (as gcc builds the .c)
${d.program}: ${d.program}.ts
\ttsc -o $@ $<
`
    : "";
  return `obj-m += ${d.module}.o

all:${d.program ? ` ${d.program}` : ""}
\tmake -C /lib/modules/$(shell uname -r)/build M=$(PWD) modules
${prog}clean:
\tmake -C /lib/modules/$(shell uname -r)/build M=$(PWD) clean${d.program ? `\n\trm -f ${d.program}` : ""}
`;
}

/** Every file of ~/booksrc: path relative to it -> contents. `read` gives a file under src/. */
export function booksrcTree(read: (srcPath: string) => string): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of BOOK_DIRS) {
    for (const f of d.files) out.set(`${d.module}/${baseOf(f)}`, guestSource(f, read(f), d.files));
    out.set(`${d.module}/Makefile`, bookMakefile(d));
  }
  return out;
}

/** Writes ~llkd/booksrc/, owned by llkd, at boot (src/user/userland.ts). */
export function installBooksrc(k: Kernel, read: (srcPath: string) => string): void {
  const u = k.options.users.find((x) => x.name === "llkd");
  if (!u) return;
  const owner = { uid: u.uid, gid: u.gid };
  const base = `${u.home}/booksrc`;
  mkdirp(k, base, 0o755, owner);
  for (const [rel, text] of booksrcTree(read)) {
    mkdirp(k, `${base}/${dirOf(rel)}`, 0o775, owner);
    writeFile(k, `${base}/${rel}`, text, 0o664, owner);
  }
}
