/** Builds and runs bench/native/*.c with the host's C compiler, when there is one and this is Linux. */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** Each C program, the bench file it is the real kernel's counterpart of, and its arguments. */
export const nativePrograms = [
  { source: "pread_file.c", bench: "procfs", args: ["/proc/version", "native_proc"] },
  {
    source: "pread_file.c",
    bench: "sysfs",
    args: ["/sys/devices/system/cpu/online", "native_sysfs"],
  },
  { source: "ioctl.c", bench: "ioctl", args: [] },
  { source: "netlink.c", bench: "netlink", args: [] },
];

/** Runs one native program; each prints JSON lines. */
export function runNative(source: string, args: string[]): string[] {
  const name = source.replace(/\.c$/, "");
  if (process.platform !== "linux")
    return [JSON.stringify({ name: `native_${name}`, skipped: "not Linux" })];
  try {
    const out = join(mkdtempSync(join(tmpdir(), "vkern-bench-")), name);
    execFileSync("cc", ["-O2", "-o", out, join(here, "native", source)], { stdio: "ignore" });
    return execFileSync(out, args, { encoding: "utf8" }).trim().split("\n");
  } catch (e) {
    return [
      JSON.stringify({
        name: `native_${name}`,
        skipped: `no C compiler or run failed: ${(e as Error).message}`,
      }),
    ];
  }
}
