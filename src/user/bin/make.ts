/**
 * make(1): GNU make 4.1 (the book's Ubuntu 18.04), the subset Makefiles of kernel modules
 * and their user programs use; `make -C /lib/modules/$(uname -r)/build M=$PWD modules`
 * runs kbuild, which builds modules from TypeScript (src/user/bin/make/kbuild.ts).
 */
import type { Libc } from "../libc/libc.ts";
import { runMake } from "./make/engine.ts";
import { kbuild } from "./make/kbuild.ts";

export async function main(argv: string[], envp: string[], libc: Libc): Promise<number> {
  const level = Number(libc.getenv("MAKELEVEL") ?? 0) || 0;
  const cwd = await libc.getcwd();
  // Makefiles say M=$(PWD): a shell always exports PWD; a bare exec may not have it.
  const env = envp.some((e) => e.startsWith("PWD=")) ? envp : [...envp, `PWD=${cwd}`];
  return runMake(libc, argv, env, level, cwd, kbuild);
}
