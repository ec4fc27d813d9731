/** Heap used per booted kernel: boot many, measure the difference after GC (needs --expose-gc). */
import { boot } from "../src/vkern.ts";

export async function heapPerKernel(n = 50): Promise<Record<string, unknown>> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return { name: "heap_per_kernel", skipped: "run node with --expose-gc" };
  gc();
  const before = process.memoryUsage().heapUsed;
  const keep = [];
  for (let i = 0; i < n; i++) keep.push(await boot());
  gc();
  const after = process.memoryUsage().heapUsed;
  const per = (after - before) / n;
  return {
    name: "heap_per_kernel",
    bytes_per_kernel: Math.round(per),
    mb_per_kernel: Math.round((per / 1048576) * 100) / 100,
    kernels: keep.length,
    compare: "target: under 5 MB",
  };
}
