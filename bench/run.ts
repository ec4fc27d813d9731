/**
 * `npm run bench [-- NAME...]`: runs every case of bench/*.bench.ts (or those whose
 * name or file matches), printing one JSON line per case.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchCase, runCases } from "./harness.ts";
import { heapPerKernel } from "./memory.ts";
import { nativeProcfs, nativeSysfs } from "./native.ts";

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
if (!filters.length || filters.some((f) => "native".includes(f) || f.startsWith("procfs"))) {
  for (const line of nativeProcfs()) console.log(line);
}
if (!filters.length || filters.some((f) => "native".includes(f) || f.startsWith("sysfs"))) {
  for (const line of nativeSysfs()) console.log(line);
}
if (!filters.length || filters.includes("memory"))
  console.log(JSON.stringify(await heapPerKernel()));
