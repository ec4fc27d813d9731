/**
 * The page's demo modules (and the ioctl demo's program), compiled from their ~/booksrc texts
 * when first used (web/src/shipped_modules.ts), behave byte for byte as the bundled ones: every
 * command of the chapter's transcripts, modinfo, the Oops and the log (pr_fmt's __func__
 * included) print the same on two kernels, one booted with each.
 */
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import type { ModuleDefinition } from "../../src/kernel/module.ts";
import { shippedModules } from "../../src/modules/index.ts";
import { BOOK_DIRS } from "../../src/user/booksrc.ts";
import { programRegistry } from "../../src/user/libc/process.ts";
import { boot, runProgram } from "../../src/vkern.ts";
import { shippedModule, shippedProgram } from "../../web/src/shipped_modules.ts";

/** What web/build/shipped_modules.ts makes of a definition. */
function fromBooksrc(def: ModuleDefinition): ModuleDefinition {
  const { load: _load, pr_fmt, ...meta } = def;
  const dir = BOOK_DIRS.find((d) => d.module === def.name);
  if (!dir) throw new Error(`${def.name} is not in ~/booksrc`);
  return shippedModule(meta, pr_fmt !== undefined, dir.files);
}

/** Each demo's commands, as the chapter's transcripts run them (in the book's order). */
const SESSIONS: Record<string, string[]> = {
  procfs: [
    "sudo insmod procfs_simple_intf",
    "ls /proc/procfs_simple_intf",
    "cat /proc/procfs_simple_intf/llkdproc_debug_level",
    'sudo sh -c "echo 2 > /proc/procfs_simple_intf/llkdproc_debug_level"',
    'sudo sh -c "echo 5 > /proc/procfs_simple_intf/llkdproc_debug_level"',
    "cat /proc/procfs_simple_intf/llkdproc_debug_level",
    "echo 1 > /proc/procfs_simple_intf/llkdproc_debug_level",
    "sudo cat /proc/procfs_simple_intf/llkdproc_show_drvctx",
    "cat /proc/procfs_simple_intf/llkdproc_show_pgoff",
    'sudo sh -c "echo 7 > /proc/procfs_simple_intf/llkdproc_config1"',
    "cat /proc/procfs_simple_intf/llkdproc_config1",
    "sudo rmmod procfs_simple_intf",
  ],
  sysfs: [
    "sudo insmod sysfs_simple_intf",
    "ls /sys/devices/platform/llkd_sysfs_simple_intf_device/",
    "cd /sys/devices/platform/llkd_sysfs_simple_intf_device && cat llkdsysfs_debug_level",
    'cd /sys/devices/platform/llkd_sysfs_simple_intf_device && sudo sh -c "echo 2 > llkdsysfs_debug_level" && cat llkdsysfs_debug_level llkdsysfs_pressure modalias',
    "sudo rmmod sysfs_simple_intf",
  ],
  debugfs: [
    "sudo insmod debugfs_simple_intf",
    "sudo cat /sys/kernel/debug/dbgfs_simple_intf/llkd_dbgfs_debug_level",
    'sudo sh -c "echo 5 > /sys/kernel/debug/dbgfs_simple_intf/llkd_dbgfs_debug_level"',
    "sudo rmmod debugfs_simple_intf",
    "sudo insmod debugfs_simple_intf cause_an_oops=1",
    "sudo rmmod debugfs_simple_intf",
    "sudo cat /sys/kernel/debug/dbgfs_simple_intf/llkd_dbgfs_debug_level",
  ],
  ioctl: [
    "sudo insmod ioctl_llkd_kdrv",
    "grep ioctl_llkd_kdrv /proc/devices",
    "sudo cr8devnode.sh",
    "sudo ioctl_llkd_userspace /dev/ioctl_llkd_kdrv",
    "ioctl_llkd_userspace /dev/ioctl_llkd_kdrv",
    "sudo rmmod ioctl_llkd_kdrv",
  ],
  netlink: [
    "sudo insmod netlink_simple_intf",
    "lsmod",
    "netlink_userapp",
    "sudo rmmod netlink_simple_intf",
  ],
};

const NAMES = shippedModules.map((m) => m.name).join(" ");

/** The ioctl demo's user program, as the page's build makes it (from its ~/booksrc text). */
const IOCTL_DIR = BOOK_DIRS.find((d) => d.program === "ioctl_llkd_userspace");
const IOCTL_PROGRAM = IOCTL_DIR
  ? shippedProgram(IOCTL_DIR.files, "user/apps/ioctl_llkd_userspace.ts")
  : null;

async function transcript(
  modules: ModuleDefinition[],
  commands: string[],
  fromBooksrc = false,
): Promise<string> {
  const k = await boot({ modules });
  if (fromBooksrc && IOCTL_PROGRAM)
    programRegistry.get(k).set("ioctl_llkd_userspace", IOCTL_PROGRAM);
  let out = "";
  for (const c of [...commands, `modinfo ${NAMES}`, "dmesg", "cat /proc/modules"]) {
    const r = await runProgram(k, ["sh", "-c", c], { uid: 1000, cwd: "/" });
    out += `$ ${c}\n${r.output}[${r.status}]\n`;
  }
  return out;
}

describe("demo modules compiled from ~/booksrc", () => {
  it("carry the same metadata", () => {
    for (const def of shippedModules) {
      const { load: _a, pr_fmt: _b, ...want } = def;
      const { load: _c, pr_fmt: _d, ...got } = fromBooksrc(def);
      expect(isDeepStrictEqual(got, want)).toBe(true);
    }
  });

  it.each(Object.entries(SESSIONS))(
    "%s: the same bytes as the bundled modules",
    async (_n, cmds) => {
      const lazy = shippedModules.map(fromBooksrc);
      const want = await transcript(shippedModules, cmds);
      const got = await transcript(lazy, cmds, true);
      expect(got).toBe(want);
      expect(want).toMatch(/\[0\]\n/);
    },
  );
});
