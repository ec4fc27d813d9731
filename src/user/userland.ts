/**
 * Installs user space into a booted kernel: the program binary format, the
 * commands in /bin and /usr/bin, and the files user programs expect.
 */

import { readBookSource } from "#booksrc";
import { installExercises } from "../exercises/install.ts";
import { writeFile } from "../init/initramfs.ts";
import type { Kernel } from "../kernel/kernel.ts";
import { installCr8devnode } from "./apps/cr8devnode.ts";
import { commands } from "./bin/index.ts";
import { installBooksrc } from "./booksrc.ts";
import { registerJsProgramBinfmt } from "./jsprog.ts";
import { installKbuildTree } from "./kbuild_tree.ts";
import { programFile, programRegistry, registerProgramBinfmt } from "./libc/process.ts";

export function installUserland(k: Kernel): void {
  registerProgramBinfmt(k);
  const registry = programRegistry.get(k);
  for (const [name, entry] of Object.entries(commands)) {
    registry.set(name, entry.main);
    for (const p of entry.paths) writeFile(k, p, programFile(name), entry.mode ?? 0o755);
  }
  installCr8devnode(k); // the ioctl demo's script, a real bash script
  registerJsProgramBinfmt(k); // programs built from TypeScript (tsc, make)
  installKbuildTree(k); // /lib/modules/$(uname -r)/build for make
  installExercises(k); // ~llkd/exercises/<name>/: the chapter's exercises' starters
  installBooksrc(k, readBookSource); // ~llkd/booksrc/<module>/: the demo modules' sources
}
