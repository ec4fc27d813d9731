/**
 * Character devices and ioctl (fs/char_dev.c:chrdev_open, fs/ioctl.c:do_vfs_ioctl,
 * drivers/char/mem.c): device nodes without a driver, the generic ioctls every file
 * answers (FIONREAD, FIONBIO, FIOCLEX), ENOTTY where nothing handles the command, and
 * O_PATH descriptors. Device nodes are made with mknod in the run's scratch directory.
 */

import { checks } from "../check.ts";
import { must, Skip, type Sys } from "../sys.ts";
import {
  FIOCLEX,
  FIONBIO,
  FIONREAD,
  O_CREAT,
  O_PATH,
  O_RDONLY,
  O_RDWR,
  O_WRONLY,
  S_IFBLK,
  S_IFCHR,
  SEEK_SET,
  show,
  slurp,
  TCGETS,
} from "./util.ts";

/** A major no driver uses: 60 is reserved for local/experimental use (devices.txt). */
const FREE_MAJOR = 60;

/** Skips (host) or fails (vkern) when something registered the free major. */
async function needFreeMajor(sys: Sys): Promise<void> {
  await needDevNodes(sys);
  const devices = await slurp(sys, "/proc/devices");
  if (devices.split("\n").some((l) => Number.parseInt(l, 10) === FREE_MAJOR)) {
    if (sys.backend === "host") throw new Skip(`major ${FREE_MAJOR} is in use on the host`);
    throw new Error(`major ${FREE_MAJOR} is registered in vkern`);
  }
}

/**
 * Skips on a host where device nodes cannot be made or used in the scratch directory
 * (no CAP_MKNOD in a container, or a nodev mount): probed with a /dev/null twin.
 */
async function needDevNodes(sys: Sys): Promise<void> {
  if (sys.backend !== "host") return;
  const p = `${sys.tmp}/probe-null`;
  const made = await sys.mknod(p, S_IFCHR | 0o600, 1, 3);
  if ("err" in made) throw new Skip(`host: mknod in ${sys.tmp}: ${made.err}`);
  const fd = await sys.open(p, O_RDONLY);
  await sys.unlink(p);
  if ("err" in fd) throw new Skip(`host: device nodes in ${sys.tmp} cannot be opened: ${fd.err}`);
  await sys.close(fd.ok);
}

/** Runs fn with a fresh path in the scratch directory, removing it afterwards. */
async function withNode<T>(sys: Sys, name: string, fn: (path: string) => Promise<T>): Promise<T> {
  const path = `${sys.tmp}/${name}`;
  try {
    return await fn(path);
  } finally {
    await sys.unlink(path);
  }
}

/** A regular file in the scratch directory holding `data`, open O_RDWR. */
async function withFile<T>(sys: Sys, data: string, fn: (fd: number) => Promise<T>): Promise<T> {
  return withNode(sys, "regular", async (path) => {
    const fd = must(await sys.open(path, O_RDWR | O_CREAT, 0o644), "open");
    must(await sys.write(fd, data), "write");
    must(await sys.lseek(fd, 0, SEEK_SET), "lseek");
    return fn(fd);
  });
}

const O_TRUNC = 0o1000;

export const ioctlChecks = checks(
  "ioctl",
  [
    [
      "enxio-chr-no-driver",
      "opening a char node whose major has no driver is ENXIO (O_RDONLY and O_RDWR)",
      async (sys) => {
        await needFreeMajor(sys);
        return withNode(sys, "nodrv-c", async (p) => {
          must(await sys.mknod(p, S_IFCHR | 0o600, FREE_MAJOR, 0), "mknod");
          return [show(await sys.open(p, O_RDONLY)), show(await sys.open(p, O_RDWR))];
        });
      },
    ],
    [
      "enxio-blk-no-driver",
      "opening a block node whose major has no driver is ENXIO",
      async (sys) => {
        await needFreeMajor(sys);
        return withNode(sys, "nodrv-b", async (p) => {
          must(await sys.mknod(p, S_IFBLK | 0o600, FREE_MAJOR, 0), "mknod");
          return show(await sys.open(p, O_RDONLY));
        });
      },
    ],
    [
      "enxio-mem-minor",
      "a mem-major (1) node with an unused minor (200) is ENXIO from memory_open()",
      async (sys) => {
        await needDevNodes(sys);
        return withNode(sys, "mem-200", async (p) => {
          must(await sys.mknod(p, S_IFCHR | 0o600, 1, 200), "mknod");
          return show(await sys.open(p, O_RDONLY));
        });
      },
    ],
    [
      "mknod-stat",
      "a node made by mknod keeps its type, mode and device numbers",
      async (sys) => {
        await needDevNodes(sys);
        return withNode(sys, "node-stat", async (p) => {
          must(await sys.mknod(p, S_IFCHR | 0o600, FREE_MAJOR, 7), "mknod");
          const st = must(await sys.stat(p), "stat");
          const again = show(await sys.mknod(p, S_IFCHR | 0o600, FREE_MAJOR, 7));
          return { mode: st.mode.toString(8), dev: [st.rdevMajor, st.rdevMinor], again };
        });
      },
    ],
    [
      "mknod-user-eperm",
      "a normal user may not make device nodes, even in a 0777 directory (EPERM)",
      async (sys) => {
        const dir = `${sys.tmp}/open-dir`;
        must(await sys.mkdir(dir, 0o755), "mkdir");
        try {
          must(await sys.chmod(dir, 0o777), "chmod");
          const u = await sys.asUser(1000);
          const r = show(await u.mknod(`${dir}/c`, S_IFCHR | 0o600, 1, 3));
          await sys.unlink(`${dir}/c`);
          return r;
        } finally {
          await sys.rmdir(dir);
        }
      },
    ],
    [
      "o-path-no-driver",
      "O_PATH opens a driverless node without calling open; ioctl on it is EBADF",
      async (sys) => {
        await needFreeMajor(sys);
        return withNode(sys, "nodrv-path", async (p) => {
          must(await sys.mknod(p, S_IFCHR | 0o600, FREE_MAJOR, 0), "mknod");
          const fd = must(await sys.open(p, O_PATH), "open");
          return {
            ioctl: show(await sys.ioctlInt(fd, FIONREAD)),
            read: show(await sys.read(fd, 1)),
            fstat: show(await sys.fstat(fd)).slice(0, 2),
          };
        });
      },
    ],
    [
      "o-path-dev-null",
      "an O_PATH /dev/null: read, write and ioctl EBADF; fstat gives 1:3",
      async (sys) => {
        const fd = must(await sys.open("/dev/null", O_PATH), "open");
        const st = await sys.fstat(fd);
        return {
          read: show(await sys.read(fd, 1)),
          write: show(await sys.write(fd, "x")),
          ioctl: show(await sys.ioctl(fd, TCGETS, 0)),
          dev: "ok" in st ? [st.ok.rdevMajor, st.ok.rdevMinor] : st.err,
        };
      },
    ],
    [
      "dev-null",
      "/dev/null: 0666 char 1:3, reads EOF, swallows writes, lseek always gives 0",
      async (sys) => {
        const st = must(await sys.stat("/dev/null"), "stat");
        const fd = must(await sys.open("/dev/null", O_RDWR), "open");
        return {
          mode: st.mode.toString(8),
          dev: [st.rdevMajor, st.rdevMinor],
          read: show(await sys.read(fd, 10)),
          write: show(await sys.write(fd, "abc")),
          lseek: show(await sys.lseek(fd, 100, SEEK_SET)),
        };
      },
    ],
    [
      "dev-null-enotty",
      "/dev/null has no ioctl: TCGETS, FIONREAD and an _IOR command are ENOTTY",
      async (sys) => {
        const fd = must(await sys.open("/dev/null", O_RDONLY), "open");
        return [
          show(await sys.ioctl(fd, TCGETS, 0)),
          show(await sys.ioctlInt(fd, FIONREAD)),
          show(await sys.ioctlInt(fd, 0x8004a801)),
        ];
      },
    ],
    [
      "dev-zero",
      "/dev/zero reads zeros and takes writes",
      async (sys) => {
        const fd = must(await sys.open("/dev/zero", O_RDWR), "open");
        return { read: show(await sys.read(fd, 5)), write: show(await sys.write(fd, "abc")) };
      },
    ],
    [
      "dev-full",
      "/dev/full: writes fail with ENOSPC, reads give zeros",
      async (sys) => {
        const fd = must(await sys.open("/dev/full", O_RDWR), "open");
        return { write: show(await sys.write(fd, "abc")), read: show(await sys.read(fd, 3)) };
      },
    ],
    [
      "bad-fd",
      "ioctl on a descriptor that is not open is EBADF",
      async (sys) => [
        show(await sys.ioctlInt(999, FIONREAD)),
        show(await sys.ioctl(-1, TCGETS, 0)),
      ],
    ],
    [
      "fionread-regular",
      "FIONREAD on a regular file is size - position: 10, 6 after 4 bytes, -10 at 20",
      async (sys) =>
        withFile(sys, "0123456789", async (fd) => {
          const a = show(await sys.ioctlInt(fd, FIONREAD));
          await sys.read(fd, 4);
          const b = show(await sys.ioctlInt(fd, FIONREAD));
          await sys.lseek(fd, 20, SEEK_SET);
          return [a, b, show(await sys.ioctlInt(fd, FIONREAD))];
        }),
    ],
    [
      "fionread-pipe",
      "FIONREAD on a pipe is the bytes queued: 0, then 3",
      async (sys) => {
        const [r, w] = must(await sys.pipe(), "pipe");
        const a = show(await sys.ioctlInt(r, FIONREAD));
        await sys.write(w, "abc");
        return [a, show(await sys.ioctlInt(r, FIONREAD)), show(await sys.ioctlInt(w, FIONREAD))];
      },
    ],
    [
      "fionread-dir",
      "FIONREAD on a directory is ENOTTY (it is not a regular file)",
      async (sys) => {
        const fd = must(await sys.open(sys.tmp, O_RDONLY), "open");
        return show(await sys.ioctlInt(fd, FIONREAD));
      },
    ],
    [
      "regular-enotty",
      "TCGETS on a regular file and on a pipe is ENOTTY",
      async (sys) => {
        const [r] = must(await sys.pipe(), "pipe");
        const reg = await withFile(sys, "x", async (fd) => show(await sys.ioctl(fd, TCGETS, 0)));
        return [reg, show(await sys.ioctl(r, TCGETS, 0))];
      },
    ],
    [
      "fionbio-fioclex",
      "FIONBIO and FIOCLEX are answered by the VFS for any file: 0",
      async (sys) =>
        withFile(sys, "x", async (fd) => [
          show(await sys.ioctlInt(fd, FIONBIO)),
          show(await sys.ioctl(fd, FIOCLEX, 0)),
        ]),
    ],
    [
      "write-rdonly-ebadf",
      "write(2) to an O_RDONLY descriptor of a regular file is EBADF; read of O_WRONLY too",
      async (sys) =>
        withNode(sys, "rdonly", async (p) => {
          must(
            await sys.close(must(await sys.open(p, O_WRONLY | O_CREAT | O_TRUNC, 0o644), "creat")),
            "close",
          );
          const r = must(await sys.open(p, O_RDONLY), "open");
          const w = must(await sys.open(p, O_WRONLY), "open");
          return [show(await sys.write(r, "x")), show(await sys.read(w, 1))];
        }),
    ],
  ],
  [
    "enxio-chr-no-driver",
    "enxio-blk-no-driver",
    "enxio-mem-minor",
    "mknod-stat",
    "mknod-user-eperm",
    "o-path-no-driver",
  ],
);
