/**
 * The public entry point: boot a kernel with the shipped modules and user space.
 *
 *   const k = await boot();                      // virtual clock, deterministic
 *   const r = await runProgram(k, ["cat", "/proc/version"]);
 */
import { bootKernel } from "./kernel/boot.ts";
import type { Kernel, KernelOptions } from "./kernel/kernel.ts";
import { shippedModules } from "./modules/index.ts";
import { installUserland } from "./user/userland.ts";

export { runProgram } from "./user/run.ts";
export type { Kernel, KernelOptions };

export async function boot(options: Partial<KernelOptions> = {}): Promise<Kernel> {
  const k = await bootKernel({ modules: shippedModules, ...options });
  installUserland(k);
  return k;
}
