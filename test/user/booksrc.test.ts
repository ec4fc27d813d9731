/**
 * ~/booksrc: each demo module's directory builds with `make` in the guest, loads with
 * `insmod ./NAME.ko`, and then behaves as the shipped module does: the same commands give
 * the same output with either loaded (each in a fresh kernel).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BOOK_DIRS, booksrcTree, guestSource } from "../../src/user/booksrc.ts";
import { boot, runProgram } from "../../src/vkern.ts";

const read = (p: string) => readFileSync(new URL(`../../src/${p}`, import.meta.url), "utf8");

async function sh(k: Awaited<ReturnType<typeof boot>>, script: string) {
  return runProgram(k, ["bash", "-c", script], { uid: 1000, cwd: "/home/llkd" });
}

/** What to run once the module is in, per ~/booksrc directory (the transcripts' commands). */
const CHECKS: Record<string, string> = {
  procfs_simple_intf: `ls -l /proc/procfs_simple_intf | sed 's/ [A-Z][a-z][a-z] .* / /'
cat /proc/procfs_simple_intf/llkdproc_debug_level
sudo sh -c 'echo 2 > /proc/procfs_simple_intf/llkdproc_debug_level'
cat /proc/procfs_simple_intf/llkdproc_debug_level
sudo sh -c 'echo 9 > /proc/procfs_simple_intf/llkdproc_debug_level'; echo $?
sudo cat /proc/procfs_simple_intf/llkdproc_show_drvctx`,
  sysfs_simple_intf: `ls /sys/devices/platform/llkd_sysfs_simple_intf_device
cat /sys/devices/platform/llkd_sysfs_simple_intf_device/llkdsysfs_debug_level
sudo sh -c 'echo 2 > /sys/devices/platform/llkd_sysfs_simple_intf_device/llkdsysfs_debug_level'
cat /sys/devices/platform/llkd_sysfs_simple_intf_device/llkdsysfs_debug_level`,
  debugfs_simple_intf: `sudo ls /sys/kernel/debug/dbgfs_simple_intf
sudo cat /sys/kernel/debug/dbgfs_simple_intf/llkd_dbgfs_debug_level
sudo sh -c "echo 5 > /sys/kernel/debug/dbgfs_simple_intf/llkd_dbgfs_debug_level"
sudo cat /sys/kernel/debug/dbgfs_simple_intf/llkd_dbgfs_debug_level
sudo cat /sys/kernel/debug/dbgfs_simple_intf/llkd_dbgfs_show_drvctx`,
  netlink_simple_intf: "netlink_userapp",
  ioctl_llkd_kdrv: `grep -c ioctl_llkd_kdrv /proc/devices
sudo cr8devnode.sh > /dev/null
sudo PROG /dev/ioctl_llkd_kdrv
sudo PROG /dev/ioctl_llkd_kdrv`,
};

describe("~/booksrc", () => {
  it("has a directory per demo module, with its sources and a Makefile", async () => {
    const k = await boot();
    const r = await sh(k, "cd ~/booksrc && ls * && stat -c '%U:%G %a %n' . procfs_simple_intf");
    expect(r.output).toBe(`debugfs_simple_intf:
Makefile
debugfs_simple_intf.ts

ioctl_llkd_kdrv:
Makefile
ioctl_llkd.ts
ioctl_llkd_kdrv.ts
ioctl_llkd_userspace.ts

netlink_simple_intf:
Makefile
convenient.ts
netlink_simple_intf.ts

procfs_simple_intf:
Makefile
procfs_simple_intf.ts

sysfs_simple_intf:
Makefile
sysfs_simple_intf.ts
llkd:llkd 755 .
llkd:llkd 775 procfs_simple_intf
`);
  });

  it("holds the shipped sources, with only their imports changed", () => {
    const tree = booksrcTree(read);
    for (const d of BOOK_DIRS)
      for (const f of d.files) {
        const guest = tree.get(`${d.module}/${f.slice(f.lastIndexOf("/") + 1)}`)!;
        const strip = (s: string) => s.replace(/(from|import)\s+"[^"]+"/g, "$1 X");
        expect(strip(guest)).toBe(strip(read(f)));
        expect(guest).not.toMatch(/"\.\.\//);
      }
    expect(tree.get("procfs_simple_intf/procfs_simple_intf.ts")).toContain('} from "linux";');
    expect(tree.get("ioctl_llkd_kdrv/ioctl_llkd_userspace.ts")).toContain(
      'import { O_RDWR } from "libc";',
    );
  });

  it("rejects an import it has no guest twin for", () => {
    expect(() => guestSource("modules/x/x.ts", 'import { y } from "../../fs/fs.ts";', [])).toThrow(
      'modules/x/x.ts: no guest equivalent for import "../../fs/fs.ts"',
    );
  });

  for (const d of BOOK_DIRS) {
    it(`${d.module}: make && sudo insmod ./${d.module}.ko works as the shipped module`, async () => {
      const check = CHECKS[d.module];
      const shipped = await boot();
      const a = await sh(
        shipped,
        `sudo insmod ${d.module}\n${check.replaceAll("PROG", "ioctl_llkd_userspace")}`,
      );
      const built = await boot();
      const b = await sh(
        built,
        `cd ~/booksrc/${d.module} && make > /dev/null && sudo insmod ./${d.module}.ko && lsmod | grep -c ${d.module}\n${check.replaceAll("PROG", "./ioctl_llkd_userspace")}`,
      );
      // make runs processes first: pids differ; the built program is ./NAME, not NAME
      const same = (s: string) =>
        s
          .replace(/PID \d+/g, "PID N")
          .replaceAll("./ioctl_llkd_userspace:", "ioctl_llkd_userspace:");
      expect(a.status).toBe(0);
      expect(a.output).not.toMatch(/No such file|not found|Killed/);
      expect(same(b.output)).toBe(same(`1\n${a.output}`));
    });
  }
});
