/**
 * sysfs (fs/kernfs/file.c, fs/sysfs/file.c): attributes are 4096-byte regular files read
 * through a seq_file, seeked with generic_file_llseek, written through a page-sized
 * buffer; kernfs directories refuse mkdir/unlink. Compared on files both kernels have:
 * /sys/devices/system/cpu/online (read-only) and /sys/kernel/rcu_expedited (read-write;
 * only "0", its usual value, or refused values are written, and it is restored).
 */

import { checks } from "../check.ts";
import { must, Skip, type Sys, text } from "../sys.ts";
import {
  asUser,
  concat,
  FIONREAD,
  O_CREAT,
  O_PATH,
  O_RDWR,
  O_WRONLY,
  openNeeded,
  readChunks,
  SEEK_CUR,
  SEEK_DATA,
  SEEK_END,
  SEEK_HOLE,
  SEEK_SET,
  show,
  slurp,
  sysctlWrite,
  TCGETS,
  withSaved,
} from "./util.ts";

const ONLINE = "/sys/devices/system/cpu/online";
const RCU = "/sys/kernel/rcu_expedited";

/** One write to rcu_expedited while it holds "0" (skipped otherwise, so nothing changes). */
const rcuWrite = (value: string) => async (sys: Sys) =>
  withSaved(sys, RCU, async () => {
    const before = await slurp(sys, RCU);
    if (before !== "0\n") throw new Skip(`${RCU} is ${before.trim()}, not 0`);
    const r = await sysctlWrite(sys, RCU, value);
    return { ret: r.ret, now: r.now };
  });

export const sysfsChecks = checks(
  "sysfs",
  [
    [
      "attr-stat",
      "an attribute is a regular file of size 4096 (mode from the attribute)",
      async (sys) => {
        const a = must(await sys.stat(ONLINE), "stat");
        const b = must(await sys.stat(RCU), "stat");
        return [a.mode.toString(8), a.size, b.mode.toString(8), b.size];
      },
    ],
    [
      "attr-seek-end",
      "SEEK_END is relative to 4096: 0 -> 4096, 10 -> 4106, -4097 -> EINVAL",
      async (sys) => {
        const fd = await openNeeded(sys, ONLINE);
        return [
          show(await sys.lseek(fd, 0, SEEK_END)),
          show(await sys.lseek(fd, 10, SEEK_END)),
          show(await sys.lseek(fd, -4097, SEEK_END)),
        ];
      },
    ],
    [
      "attr-seek-data-hole",
      "generic_file_llseek: SEEK_DATA 0 -> 0, SEEK_HOLE 0 -> 4096, SEEK_DATA 5000 -> ENXIO",
      async (sys) => {
        const fd = await openNeeded(sys, ONLINE);
        return [
          show(await sys.lseek(fd, 0, SEEK_DATA)),
          show(await sys.lseek(fd, 0, SEEK_HOLE)),
          show(await sys.lseek(fd, 5000, SEEK_DATA)),
        ];
      },
    ],
    [
      "attr-seek-negative",
      "a negative position is EINVAL",
      async (sys) => {
        const fd = await openNeeded(sys, ONLINE);
        return [show(await sys.lseek(fd, -1, SEEK_SET)), show(await sys.lseek(fd, -1, SEEK_CUR))];
      },
    ],
    [
      "attr-one-byte-reads",
      "1-byte reads return one byte each and reassemble the attribute",
      async (sys) => {
        const whole = await slurp(sys, ONLINE);
        const fd = await openNeeded(sys, ONLINE);
        const parts = await readChunks(sys, fd, 1);
        return { allOne: parts.every((p) => p.length === 1), same: text(concat(parts)) === whole };
      },
    ],
    [
      "attr-pread",
      "pread(2 bytes, offset 1) gives bytes 1..3; pread at 4096 gives 0 bytes",
      async (sys) => {
        const whole = await slurp(sys, ONLINE);
        const fd = await openNeeded(sys, ONLINE);
        const p = text(must(await sys.pread(fd, 2, 1), "pread"));
        return { pread: p === whole.slice(1, 3), atEnd: show(await sys.pread(fd, 10, 4096)) };
      },
    ],
    [
      "attr-seek-past-end",
      "seeking past the end and reading gives 0 bytes; SEEK_SET 0 reads it all again",
      async (sys) => {
        const whole = await slurp(sys, ONLINE);
        const fd = await openNeeded(sys, ONLINE);
        const seek = show(await sys.lseek(fd, 5000, SEEK_SET));
        const past = show(await sys.read(fd, 100));
        await sys.lseek(fd, 0, SEEK_SET);
        const again = text(must(await sys.read(fd, 4096), "read"));
        return { seek, past, again: again === whole };
      },
    ],
    [
      "attr-seek-cur",
      "after a 1-byte read SEEK_CUR reports 1",
      async (sys) => {
        const fd = await openNeeded(sys, ONLINE);
        await sys.read(fd, 1);
        return show(await sys.lseek(fd, 0, SEEK_CUR));
      },
    ],
    [
      "read-zero",
      "read(fd, buf, 0) of an attribute returns 0",
      async (sys) => show(await sys.read(await openNeeded(sys, ONLINE), 0)),
    ],
    [
      "ro-attr-root-eacces",
      "root opening a read-only attribute for writing (O_WRONLY, O_RDWR) gets EACCES",
      async (sys) => [show(await sys.open(ONLINE, O_WRONLY)), show(await sys.open(ONLINE, O_RDWR))],
    ],
    [
      "user-open-write-eacces",
      "a normal user cannot open a 0644 attribute for writing",
      async (sys) => asUser(sys, async (u) => show(await u.open(RCU, O_WRONLY))),
    ],
    [
      "write-rdonly-ebadf",
      "write(2) on an O_RDONLY attribute descriptor is EBADF",
      async (sys) => show(await sys.write(await openNeeded(sys, RCU), "0")),
    ],
    [
      "ioctl-enotty",
      "TCGETS on an attribute is ENOTTY",
      async (sys) => show(await sys.ioctl(await openNeeded(sys, ONLINE), TCGETS, 0)),
    ],
    [
      "fionread",
      "FIONREAD on an attribute is 4096 - f_pos: 4096, then 4095 after a 1-byte read",
      async (sys) => {
        const fd = await openNeeded(sys, ONLINE);
        const a = show(await sys.ioctlInt(fd, FIONREAD));
        await sys.read(fd, 1);
        return [a, show(await sys.ioctlInt(fd, FIONREAD))];
      },
    ],
    [
      "o-path",
      "O_PATH on an attribute: read EBADF, fstat gives size 4096",
      async (sys) => {
        const fd = must(await sys.open(ONLINE, O_PATH), "open");
        const st = await sys.fstat(fd);
        return { read: show(await sys.read(fd, 10)), size: "ok" in st ? st.ok.size : st.err };
      },
    ],
    [
      "dir-stat-read",
      "a kernfs directory is 0755; read(2) on it is EISDIR",
      async (sys) => {
        const st = must(await sys.stat("/sys/devices/system/cpu"), "stat");
        const fd = await openNeeded(sys, "/sys/devices/system/cpu");
        return { mode: st.mode.toString(8), read: show(await sys.read(fd, 10)) };
      },
    ],
    [
      "dir-ops",
      "in /sys: mkdir EPERM, create EACCES, unlink EPERM, rmdir EPERM",
      async (sys) => [
        show(await sys.mkdir("/sys/kernel/conformance-new", 0o755)),
        show(await sys.open("/sys/kernel/conformance-new", O_WRONLY | O_CREAT, 0o644)),
        show(await sys.unlink(ONLINE)),
        show(await sys.rmdir("/sys/devices/system/cpu/cpu0")),
      ],
    ],
    [
      "symlink",
      "a device's subsystem link is relative: ../../../../bus/cpu",
      async (sys) => show(await sys.readlink("/sys/devices/system/cpu/cpu0/subsystem")),
    ],
    [
      "formats",
      "cpu online is a cpulist, kernel_max and uevent_seqnum are decimal lines",
      async (sys) => [
        /^[\d,-]+\n$/.test(await slurp(sys, ONLINE)),
        /^\d+\n$/.test(await slurp(sys, "/sys/devices/system/cpu/kernel_max")),
        /^\d+\n$/.test(await slurp(sys, "/sys/kernel/uevent_seqnum")),
      ],
    ],
    ["store-same", 'storing "0\\n" (its value) takes 2 bytes', rcuWrite("0\n")],
    ["store-invalid", 'a store refusing "abc" gives EINVAL', rcuWrite("abc")],
    ["store-leading-space", 'kstrtoint refuses " 0": EINVAL', rcuWrite(" 0")],
    ["store-base0", 'kstrtoint uses base 0: "0x0" is taken', rcuWrite("0x0")],
    ["store-empty", "a zero-length write returns 0 without calling store", rcuWrite("")],
    [
      "store-clamped",
      "a 5000-byte write is cut to one page: store sees 4096 bytes",
      rcuWrite("0".repeat(5000)),
    ],
  ],
  [
    "ro-attr-root-eacces",
    "store-same",
    "store-invalid",
    "store-leading-space",
    "store-base0",
    "store-empty",
    "store-clamped",
  ],
);
