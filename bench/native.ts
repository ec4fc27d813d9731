/** Builds and runs bench/native/*.c with the host's C compiler, when there is one and this is Linux. */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** Compiles bench/native/<prog>.c and runs it on `file`; its JSON lines, or one "skipped" line. */
function runNative(name: string, prog: string, file: string): string[] {
  if (process.platform !== "linux") return [JSON.stringify({ name, skipped: "not Linux" })];
  try {
    const out = join(mkdtempSync(join(tmpdir(), "vkern-bench-")), prog);
    execFileSync("cc", ["-O2", "-o", out, join(here, "native", `${prog}.c`)], {
      stdio: "ignore",
    });
    return execFileSync(out, [file], { encoding: "utf8" }).trim().split("\n");
  } catch (e) {
    return [
      JSON.stringify({ name, skipped: `no C compiler or run failed: ${(e as Error).message}` }),
    ];
  }
}

/** The real kernel's pread and open+read+close of a single_open proc file. */
export function nativeProcfs(): string[] {
  return runNative("native_proc", "proc_pread", "/proc/version");
}

/** The real kernel's pread and open+read+close of a stock sysfs attribute. */
export function nativeSysfs(): string[] {
  return runNative("native_sysfs", "sysfs_pread", "/sys/devices/system/cpu/online");
}
