/**
 * `npm run bench [-- NAME...]`: runs every case of bench/*.bench.ts (or those whose
 * name or file matches), printing one JSON line per case.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchCase, runCases } from "./harness.ts";
import { heapPerKernel } from "./memory.ts";
import { nativePrograms, runNative } from "./native.ts";

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .sort();
const all: BenchCase[] = [];
for (const f of files) {
  const mod = (await import(join(here, f))) as { cases: BenchCase[] };
  for (const c of mod.cases) {
    if (!filters.length || filters.some((x) => c.name.includes(x) || f.startsWith(x))) all.push(c);
  }
}
await runCases(all);
// The real kernel doing the same on this machine, measured now, under the same load.
for (const n of nativePrograms) {
  if (
    filters.length &&
    !filters.some((f) => f === "native" || n.bench.startsWith(f) || f.startsWith(n.bench))
  )
    continue;
  for (const line of runNative(n.source, n.args)) console.log(line);
}
if (!filters.length || filters.includes("memory"))
  console.log(JSON.stringify(await heapPerKernel()));
