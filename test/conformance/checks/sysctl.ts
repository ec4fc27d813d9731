/**
 * /proc/sys (fs/proc/proc_sysctl.c, kernel/sysctl.c:__do_proc_dointvec()): how integer
 * sysctls parse writes and print reads. On the host these write real sysctls, so only
 * harmless ones are used (kernel.panic: the reboot delay after a panic; kernel.printk:
 * console log levels; vm.swappiness and kernel.dmesg_restrict only with values that are
 * refused), and every check restores the original text before it returns.
 */

import { checks } from "../check.ts";
import { must, Skip, type Sys, text } from "../sys.ts";
import {
  asUser,
  O_RDONLY,
  O_WRONLY,
  openNeeded,
  SEEK_END,
  show,
  slurp,
  sysctlWrite,
  withSaved,
} from "./util.ts";

const PANIC = "/proc/sys/kernel/panic";
const PRINTK = "/proc/sys/kernel/printk";

/**
 * A write of `value` to kernel.panic: what write() returned and what reads back after it
 * (the value where the write took, "unchanged" where it did not: the original values of
 * the two kernels differ).
 */
const panicWrite = (value: string) => (sys: Sys) =>
  withSaved(sys, PANIC, async () => {
    const before = await slurp(sys, PANIC);
    const r = await sysctlWrite(sys, PANIC, value);
    return { ret: r.ret, now: r.now === before ? "unchanged" : r.now };
  });

export const sysctlChecks = checks(
  "procfs",
  [
    [
      "sysctl-read-format",
      "an int sysctl reads as decimal digits and one newline",
      async (sys) => /^-?\d+\n$/.test(await slurp(sys, PANIC)),
    ],
    [
      "sysctl-write-spaces",
      'proc_dointvec skips leading blanks: "  7\\n" is taken whole and sets 7',
      panicWrite("  7\n"),
    ],
    ["sysctl-write-negative", 'an int sysctl takes "-3"', panicWrite("-3")],
    ["sysctl-write-hex", 'numbers are parsed with base 0: "0x10" sets 16', panicWrite("0x10")],
    ["sysctl-write-octal", 'base 0 also means "010" is octal 8', panicWrite("010")],
    ["sysctl-write-junk", 'trailing junk ("12abc") is EINVAL', panicWrite("12abc")],
    ["sysctl-write-overflow", "a value beyond INT_MAX is EINVAL", panicWrite("4294967296")],
    [
      "sysctl-write-extra",
      'writing "7 8\\n" to a one-int sysctl takes "7 " and returns 2',
      panicWrite("7 8\n"),
    ],
    ["sysctl-write-empty", "a zero-length write returns 0 and changes nothing", panicWrite("")],
    [
      "sysctl-pwrite-offset",
      "with sysctl_writes_strict=1 a write at offset 1 is swallowed (returns 1, no change)",
      async (sys) => {
        const strict = await sys.open("/proc/sys/kernel/sysctl_writes_strict", O_RDONLY);
        if ("ok" in strict) {
          const v = text(must(await sys.read(strict.ok, 16), "read"));
          if (v !== "1\n") throw new Skip(`sysctl_writes_strict is ${v.trim()}, not 1`);
        }
        return withSaved(sys, PANIC, async () => {
          const before = await slurp(sys, PANIC);
          const fd = must(await sys.open(PANIC, O_WRONLY), "open");
          const ret = show(await sys.pwrite(fd, "5", 1));
          return { ret, unchanged: (await slurp(sys, PANIC)) === before };
        });
      },
    ],
    [
      "sysctl-read-offset",
      "an int sysctl read at a non-zero offset is EOF: read(1) gives one digit, then 0",
      async (sys) =>
        withSaved(sys, PANIC, async () => {
          await sysctlWrite(sys, PANIC, "27");
          const fd = await openNeeded(sys, PANIC);
          return [show(await sys.read(fd, 1)), show(await sys.read(fd, 100))];
        }),
    ],
    [
      "sysctl-vector",
      "kernel.printk takes four ints separated by any blanks and prints them tab-separated",
      async (sys) =>
        withSaved(sys, PRINTK, async () => {
          const orig = (await slurp(sys, PRINTK)).trim().split(/\s+/);
          const v = ["5", ...orig.slice(1)];
          return sysctlWrite(sys, PRINTK, `  ${v[0]}\n${v[1]}\t${v[2]} ${v[3]}`);
        }),
    ],
    [
      "sysctl-vector-partial",
      "writing one int to kernel.printk changes only the first of its four values",
      async (sys) =>
        withSaved(sys, PRINTK, async () => {
          const orig = (await slurp(sys, PRINTK)).trim().split(/\s+/);
          const r = await sysctlWrite(sys, PRINTK, "3");
          return {
            ret: r.ret,
            rest: r.now.trim().split(/\s+/).slice(1).join() === orig.slice(1).join(),
          };
        }),
    ],
    [
      "sysctl-minmax",
      "vm.swappiness (proc_dointvec_minmax, min 0) refuses -1 with EINVAL",
      async (sys) => {
        const path = "/proc/sys/vm/swappiness";
        return withSaved(sys, path, async () => {
          const before = await slurp(sys, path);
          const r = await sysctlWrite(sys, path, "-1");
          return { ret: r.ret, unchanged: r.now === before };
        });
      },
    ],
    [
      "sysctl-dmesg-restrict-range",
      "kernel.dmesg_restrict (0..1) refuses 2 with EINVAL",
      async (sys) => {
        const path = "/proc/sys/kernel/dmesg_restrict";
        return withSaved(sys, path, async () => {
          const before = await slurp(sys, path);
          const r = await sysctlWrite(sys, path, "2");
          return { ret: r.ret, unchanged: r.now === before };
        });
      },
    ],
    [
      "sysctl-user-eacces",
      "a normal user cannot open a 0644 sysctl for writing (EACCES)",
      async (sys) => asUser(sys, async (u) => show(await u.open(PANIC, O_WRONLY))),
    ],
    [
      "sysctl-root-readonly",
      "even root cannot open a 0444 sysctl (kernel.osrelease) for writing: EACCES",
      async (sys) => show(await sys.open("/proc/sys/kernel/osrelease", O_WRONLY)),
    ],
    [
      "sysctl-seek-end",
      "sysctl files use default_llseek: SEEK_END is relative to size 0",
      async (sys) => {
        const fd = await openNeeded(sys, PANIC);
        return [show(await sys.lseek(fd, 0, SEEK_END)), show(await sys.lseek(fd, 5, SEEK_END))];
      },
    ],
    [
      "sysctl-stat",
      "kernel.panic is a 0644 regular file of size 0",
      async (sys) => {
        const st = must(await sys.stat(PANIC), "stat");
        return { mode: st.mode.toString(8), size: st.size };
      },
    ],
    [
      "sysctl-ostype",
      "kernel.ostype reads Linux",
      async (sys) => slurp(sys, "/proc/sys/kernel/ostype"),
    ],
    [
      "sysctl-osrelease",
      "kernel.osrelease: the release string",
      async (sys) => slurp(sys, "/proc/sys/kernel/osrelease"),
    ],
  ],
  [
    "sysctl-write-spaces",
    "sysctl-write-negative",
    "sysctl-write-hex",
    "sysctl-write-octal",
    "sysctl-write-junk",
    "sysctl-write-overflow",
    "sysctl-write-extra",
    "sysctl-write-empty",
    "sysctl-pwrite-offset",
    "sysctl-read-offset",
    "sysctl-vector",
    "sysctl-vector-partial",
    "sysctl-minmax",
    "sysctl-dmesg-restrict-range",
    "sysctl-root-readonly",
  ],
);
