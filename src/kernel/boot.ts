/** bootKernel(): make a kernel value and run start_kernel() on it. */
import { start_kernel } from "../init/main.ts";
import { defaultOptions, Kernel, type KernelOptions } from "./kernel.ts";

export async function bootKernel(options: Partial<KernelOptions> = {}): Promise<Kernel> {
  const k = new Kernel({ ...defaultOptions(), ...options });
  start_kernel(k);
  return k;
}
