/**
 * A promise rejected in kernel or module code with nobody to catch it (a module's
 * `void Promise.reject(...)`) would end the Node process; the browser only logs it. In the
 * CLI it becomes a kernel message instead, so no module can take the host down this way.
 */
import type { Kernel } from "../kernel/kernel.ts";

const kernels = new Set<Kernel>();
let installed = false;

function describe(reason: unknown): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  try {
    return String(reason);
  } catch {
    return "(unprintable value)";
  }
}

/** Reports an unhandled rejection in the log of every kernel this process booted. */
export function reportUnhandledRejection(reason: unknown): void {
  for (const k of kernels)
    k.printk(`vkern: unhandled promise rejection in kernel code: ${describe(reason)}`, 3);
}

/** Makes unhandled rejections kernel messages for `k` (installs the process handler once). */
export function guardRejections(k: Kernel): void {
  kernels.add(k);
  if (installed) return;
  installed = true;
  process.on("unhandledRejection", reportUnhandledRejection);
}
