/** Builds and runs bench/native/*.c with the host's C compiler, when there is one and this is Linux. */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

export function nativeProcfs(): string[] {
  if (process.platform !== "linux")
    return [JSON.stringify({ name: "native_proc", skipped: "not Linux" })];
  try {
    const out = join(mkdtempSync(join(tmpdir(), "vkern-bench-")), "proc_pread");
    execFileSync("cc", ["-O2", "-o", out, join(here, "native", "proc_pread.c")], {
      stdio: "ignore",
    });
    return execFileSync(out, ["/proc/version"], { encoding: "utf8" }).trim().split("\n");
  } catch (e) {
    return [
      JSON.stringify({
        name: "native_proc",
        skipped: `no C compiler or run failed: ${(e as Error).message}`,
      }),
    ];
  }
}
