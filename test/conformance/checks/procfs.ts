/**
 * procfs: seq_file reads (fs/seq_file.c:seq_read_iter), seq_lseek, proc_reg_write's EIO,
 * permission checks, and generic VFS behaviour on /proc files.
 */

import { checks } from "../check.ts";
import { must, text } from "../sys.ts";
import {
  asUser,
  concat,
  FIONREAD,
  O_CREAT,
  O_PATH,
  O_RDONLY,
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
  TCGETS,
} from "./util.ts";

const VERSION = "/proc/version";

export const procfsChecks = checks(
  "procfs",
  [
    [
      "read-zero",
      "read(fd, buf, 0) on /proc/version returns 0 and does not consume anything",
      async (sys) => {
        const fd = await openNeeded(sys, VERSION);
        const zero = show(await sys.read(fd, 0));
        const next = must(await sys.read(fd, 4096), "read");
        return { zero, nextStartsLinux: text(next).startsWith("Linux version ") };
      },
    ],
    [
      "small-reads",
      "7-byte reads return exactly 7 bytes each and reassemble the file",
      async (sys) => {
        const whole = await slurp(sys, VERSION);
        const fd = await openNeeded(sys, VERSION);
        const parts = await readChunks(sys, fd, 7);
        return {
          allSeven: parts.slice(0, -1).every((p) => p.length === 7),
          lastAtMostSeven: parts[parts.length - 1].length <= 7,
          same: text(concat(parts)) === whole,
        };
      },
    ],
    [
      "page-chunks",
      "a long seq_file (/proc/self/maps, 400 mappings) comes in whole lines of <= 4096 bytes",
      async (sys) => {
        must(await sys.mapMany(400), "mmap");
        const fd = await openNeeded(sys, "/proc/self/maps");
        const parts = await readChunks(sys, fd, 65536);
        return {
          several: parts.length > 1,
          atMostPage: parts.every((p) => p.length <= 4096),
          // The buffer is filled with records until the next one would not fit.
          firstNearlyFull: parts[0].length > 4096 - 100,
          wholeLines: parts.every((p) => p[p.length - 1] === 10),
        };
      },
    ],
    [
      "partial-record",
      "a 100-byte read of /proc/self/maps cuts a line; the next read finishes it",
      async (sys) => {
        must(await sys.mapMany(400), "mmap");
        const fd = await openNeeded(sys, "/proc/self/maps");
        const a = must(await sys.read(fd, 100), "read");
        const b = must(await sys.read(fd, 65536), "read");
        return {
          first: a.length,
          firstEndsMidLine: a[a.length - 1] !== 10,
          restWholeLines: b[b.length - 1] === 10,
          restAtMostPagePlus: b.length <= 4096 + 100,
        };
      },
    ],
    [
      "seek-set-reread",
      "lseek(fd, 0, SEEK_SET) after EOF re-generates the same text",
      async (sys) => {
        const fd = await openNeeded(sys, VERSION);
        const a = text(concat(await readChunks(sys, fd, 4096)));
        const pos = show(await sys.lseek(fd, 0, SEEK_SET));
        const b = text(concat(await readChunks(sys, fd, 4096)));
        return { pos, same: a === b };
      },
    ],
    [
      "seek-cur",
      "seq_lseek SEEK_CUR reports the position after a 5-byte read",
      async (sys) => {
        const fd = await openNeeded(sys, VERSION);
        await sys.read(fd, 5);
        return [show(await sys.lseek(fd, 0, SEEK_CUR)), show(await sys.lseek(fd, 3, SEEK_CUR))];
      },
    ],
    [
      "seek-end",
      "seq_lseek refuses SEEK_END with EINVAL",
      async (sys) => {
        const fd = await openNeeded(sys, VERSION);
        return [show(await sys.lseek(fd, 0, SEEK_END)), show(await sys.lseek(fd, -1, SEEK_END))];
      },
    ],
    [
      "seek-data-hole",
      "SEEK_DATA and SEEK_HOLE on a seq_file are EINVAL",
      async (sys) => {
        const fd = await openNeeded(sys, VERSION);
        return [show(await sys.lseek(fd, 0, SEEK_DATA)), show(await sys.lseek(fd, 0, SEEK_HOLE))];
      },
    ],
    [
      "seek-negative",
      "negative positions (SEEK_SET -1, SEEK_CUR -1 at 0) are EINVAL",
      async (sys) => {
        const fd = await openNeeded(sys, VERSION);
        return [show(await sys.lseek(fd, -1, SEEK_SET)), show(await sys.lseek(fd, -1, SEEK_CUR))];
      },
    ],
    [
      "seek-past-end",
      "seeking far past the end succeeds; read and pread there return 0 bytes",
      async (sys) => {
        const fd = await openNeeded(sys, VERSION);
        return {
          seek: show(await sys.lseek(fd, 1_000_000, SEEK_SET)),
          read: show(await sys.read(fd, 100)),
          pread: show(await sys.pread(fd, 100, 2_000_000)),
        };
      },
    ],
    [
      "pread",
      "pread at offset 5 gives bytes 5..15 and leaves the file position alone",
      async (sys) => {
        const whole = await slurp(sys, VERSION);
        const fd = await openNeeded(sys, VERSION);
        const p = text(must(await sys.pread(fd, 10, 5), "pread"));
        const r = text(must(await sys.read(fd, 5), "read"));
        return { pread: p === whole.slice(5, 15), read: r === whole.slice(0, 5) };
      },
    ],
    [
      "write-rdonly-ebadf",
      "write(2) on an O_RDONLY descriptor of /proc/version is EBADF",
      async (sys) => {
        const fd = await openNeeded(sys, VERSION);
        return show(await sys.write(fd, "x"));
      },
    ],
    [
      "root-write-eio",
      "root may open a 0444 proc file for writing; write() without a write method is EIO",
      async (sys) => {
        const r = await sys.open(VERSION, O_WRONLY);
        return {
          open: "ok" in r ? "ok" : r.err,
          write: "ok" in r ? show(await sys.write(r.ok, "x")) : "-",
        };
      },
    ],
    [
      "user-open-write-eacces",
      "a normal user cannot open /proc/version for writing (EACCES)",
      async (sys) => asUser(sys, async (u) => show(await u.open(VERSION, O_WRONLY))),
    ],
    [
      "stat",
      "/proc/version: a 0444 regular file of size 0 with one link",
      async (sys) => {
        const st = must(await sys.stat(VERSION), "stat");
        return { mode: st.mode.toString(8), size: st.size, nlink: st.nlink, uid: st.uid };
      },
    ],
    [
      "dir-read-eisdir",
      "read(2) on an open /proc/sys directory is EISDIR",
      async (sys) => {
        const fd = await openNeeded(sys, "/proc/sys");
        return show(await sys.read(fd, 100));
      },
    ],
    [
      "dir-open-write-eisdir",
      "opening /proc/sys for writing is EISDIR",
      async (sys) => show(await sys.open("/proc/sys", O_WRONLY)),
    ],
    [
      "lookup-errors",
      "a missing name is ENOENT; a name under a regular file is ENOTDIR",
      async (sys) => [
        show(await sys.open("/proc/no-such-file", O_RDONLY)),
        show(await sys.open("/proc/version/x", O_RDONLY)),
      ],
    ],
    [
      "create-and-mkdir",
      "creating a file or directory in /proc, /proc/self or /proc/sys/kernel: the lookup's ENOENT",
      async (sys) => {
        const out: string[] = [];
        for (const dir of ["/proc", "/proc/self", "/proc/sys/kernel"]) {
          out.push(show(await sys.open(`${dir}/conformance-new`, O_WRONLY | O_CREAT, 0o644)));
          out.push(show(await sys.mkdir(`${dir}/conformance-new`, 0o755)));
        }
        return out;
      },
    ],
    [
      "ioctl-enotty",
      "TCGETS on a proc file without an ioctl method is ENOTTY",
      async (sys) => {
        const fd = await openNeeded(sys, VERSION);
        return show(await sys.ioctl(fd, TCGETS, 0));
      },
    ],
    [
      "fionread",
      "FIONREAD on a proc file is i_size - f_pos: 0 at first, -5 after a 5-byte read",
      async (sys) => {
        const fd = await openNeeded(sys, VERSION);
        const a = show(await sys.ioctlInt(fd, FIONREAD));
        await sys.read(fd, 5);
        return [a, show(await sys.ioctlInt(fd, FIONREAD))];
      },
    ],
    [
      "o-path-ebadf",
      "an O_PATH descriptor of /proc/version: read and lseek EBADF, fstat works",
      async (sys) => {
        const fd = must(await sys.open(VERSION, O_PATH), "open");
        return {
          read: show(await sys.read(fd, 10)),
          lseek: show(await sys.lseek(fd, 0, SEEK_SET)),
          fstat: show(await sys.fstat(fd)).slice(0, 2),
        };
      },
    ],
    [
      "fionread-after-eof",
      "FIONREAD after reading /proc/version to the end is minus the bytes read",
      async (sys) => {
        const fd = await openNeeded(sys, VERSION);
        const n = concat(await readChunks(sys, fd, 4096)).length;
        const r = must(await sys.ioctlInt(fd, FIONREAD), "ioctl");
        return r.value === -n;
      },
    ],
  ],
  ["root-write-eio"],
);
