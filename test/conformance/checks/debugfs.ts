/**
 * debugfs (fs/debugfs/inode.c): the mount at /sys/kernel/debug is root-only (mode 0700
 * since 4.7-era kernels), and its directories have only simple_dir_inode_operations, so
 * user space can neither create nor remove anything. The host has no debugfs file in
 * common with vkern's boot-time tree (its files come from built-in drivers), so these
 * checks compare the mount itself. On the host the helper mounts debugfs in a private
 * mount namespace when it is not mounted; the host's own mount table is not touched.
 */

import { checks } from "../check.ts";
import { must, Skip, type Sys } from "../sys.ts";
import { asUser, FIONREAD, O_CREAT, O_DIRECTORY, O_RDONLY, O_WRONLY, show, slurp } from "./util.ts";

const DEBUG = "/sys/kernel/debug";

/** Skips on the host when debugfs is not mounted at /sys/kernel/debug for the helper. */
async function needDebugfs(sys: Sys): Promise<void> {
  const mounts = await slurp(sys, "/proc/self/mounts");
  const mounted = mounts
    .split("\n")
    .some((l) => l.split(" ")[1] === DEBUG && l.split(" ")[2] === "debugfs");
  if (!mounted && sys.backend === "host") throw new Skip(`debugfs is not mounted at ${DEBUG}`);
}

const debugfsCheck = (run: (sys: Sys) => Promise<unknown>) => async (sys: Sys) => {
  await needDebugfs(sys);
  return run(sys);
};

export const debugfsChecks = checks(
  "debugfs",
  [
    [
      "mounted",
      "debugfs is mounted at /sys/kernel/debug (type debugfs)",
      async (sys) => {
        await needDebugfs(sys);
        const line = (await slurp(sys, "/proc/self/mounts"))
          .split("\n")
          .find((l) => l.split(" ")[1] === DEBUG);
        return line?.split(" ").slice(0, 3) ?? null;
      },
    ],
    [
      "root-mode",
      "the debugfs root is a root-owned directory of mode 0700",
      debugfsCheck(async (sys) => {
        const st = must(await sys.stat(DEBUG), "stat");
        return { mode: st.mode.toString(8), uid: st.uid, gid: st.gid };
      }),
    ],
    [
      "user-opendir-eacces",
      "a normal user cannot open /sys/kernel/debug (EACCES)",
      debugfsCheck((sys) =>
        asUser(sys, async (u) => show(await u.open(DEBUG, O_RDONLY | O_DIRECTORY))),
      ),
    ],
    [
      "user-lookup-eacces",
      "a normal user cannot look names up below it: stat of a child is EACCES",
      debugfsCheck((sys) => asUser(sys, async (u) => show(await u.stat(`${DEBUG}/anything`)))),
    ],
    [
      "user-stat-root",
      "a normal user may stat the mount point itself",
      debugfsCheck((sys) =>
        asUser(sys, async (u) => {
          const st = await u.stat(DEBUG);
          return "ok" in st ? st.ok.mode.toString(8) : st.err;
        }),
      ),
    ],
    [
      "root-missing-enoent",
      "root looking up a missing name gets ENOENT (stat, open, unlink, rmdir)",
      debugfsCheck(async (sys) => {
        const p = `${DEBUG}/conformance-none`;
        return [
          show(await sys.stat(p)),
          show(await sys.open(p, O_RDONLY)),
          show(await sys.unlink(p)),
          show(await sys.rmdir(p)),
        ];
      }),
    ],
    [
      "root-create-eacces",
      "root cannot create a file in debugfs from user space (no create: EACCES)",
      debugfsCheck(async (sys) =>
        show(await sys.open(`${DEBUG}/conformance-new`, O_WRONLY | O_CREAT, 0o644)),
      ),
    ],
    [
      "root-mkdir-eperm",
      "root cannot make a directory in debugfs (no mkdir: EPERM)",
      debugfsCheck(async (sys) => show(await sys.mkdir(`${DEBUG}/conformance-new`, 0o755))),
    ],
    [
      "dir-read-eisdir",
      "read(2) on the open debugfs root is EISDIR",
      debugfsCheck(async (sys) => {
        const fd = must(await sys.open(DEBUG, O_RDONLY | O_DIRECTORY), "open");
        return show(await sys.read(fd, 10));
      }),
    ],
    [
      "dir-ioctl-enotty",
      "FIONREAD on the debugfs root directory is ENOTTY",
      debugfsCheck(async (sys) => {
        const fd = must(await sys.open(DEBUG, O_RDONLY | O_DIRECTORY), "open");
        return show(await sys.ioctlInt(fd, FIONREAD));
      }),
    ],
  ],
  [
    "mounted",
    "root-mode",
    "user-opendir-eacces",
    "user-lookup-eacces",
    "user-stat-root",
    "root-missing-enoent",
    "root-create-eacces",
    "root-mkdir-eperm",
    "dir-read-eisdir",
    "dir-ioctl-enotty",
  ],
);
