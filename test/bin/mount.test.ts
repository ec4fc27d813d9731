/**
 * mount(2)/umount2(2) and the mount/umount commands. The tmpfs option string was
 * recorded on this machine (util-linux 2.38.1, Linux 6.x): `mount -t tmpfs -o
 * size=1m,mode=755 none /tmp/mnttest` shows "none /tmp/mnttest tmpfs
 * rw,relatime,size=1024k,mode=755 0 0" in /proc/self/mounts and "none on
 * /tmp/mnttest type tmpfs (rw,relatime,size=1024k,mode=755)" in mount's list.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { Dentry, Inode, SuperBlock } from "../../src/fs/fs.ts";
import { mountOptionString, register_filesystem } from "../../src/fs/mount_syscalls.ts";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { SysError } from "../../src/user/libc/errors.ts";
import { hostProcess } from "../../src/user/run.ts";
import { boot, runProgram } from "../../src/vkern.ts";

let k: Kernel;
beforeEach(async () => {
  k = await boot();
});

const sudo = (...argv: string[]) => runProgram(k, ["sudo", ...argv], { uid: 1000, cwd: "/" });

describe("mount", () => {
  it("lists the mounts in util-linux's format", async () => {
    const r = await runProgram(k, ["mount"]);
    expect(r.status).toBe(0);
    expect(r.output).toContain("proc on /proc type proc (rw,nosuid,nodev,noexec,relatime)\n");
  });

  it("mounts a tmpfs with options, shown as the kernel shows them", async () => {
    expect(
      await sudo("mount", "-t", "tmpfs", "-o", "size=1m,mode=755", "none", "/mnt"),
    ).toMatchObject({
      output: "",
      status: 0,
    });
    const m = await runProgram(k, ["cat", "/proc/self/mounts"]);
    expect(m.output).toContain("none /mnt tmpfs rw,relatime,size=1024k,mode=755 0 0\n");
    const l = await runProgram(k, ["mount", "-t", "tmpfs"]);
    expect(l.output.split("\n")).toContain(
      "none on /mnt type tmpfs (rw,relatime,size=1024k,mode=755)",
    );
    expect((await sudo("umount", "/mnt")).status).toBe(0);
    expect((await runProgram(k, ["cat", "/proc/self/mounts"])).output).not.toContain(" /mnt ");
  });

  it.each([
    [["mount", "-t", "tmpfs", "none", "/mnt"], 1000, "mount: only root can do that\n", 1],
    [
      ["mount", "-t", "nosuchfs", "none", "/mnt"],
      0,
      "mount: /mnt: unknown filesystem type 'nosuchfs'.\n",
      32,
    ],
    [
      ["mount", "-t", "tmpfs", "none", "/nonexist"],
      0,
      "mount: /nonexist: mount point does not exist.\n",
      32,
    ],
    [
      ["mount", "-t", "tmpfs", "none", "/etc/hostname"],
      0,
      "mount: /etc/hostname: mount point is not a directory.\n",
      32,
    ],
    [["umount", "/mnt"], 0, "umount: /mnt: not mounted.\n", 32],
    [["umount", "/proc"], 1000, "umount: /proc: must be superuser to unmount.\n", 32],
  ])("%j as uid %i", async (argv, uid, out, status) => {
    expect(await runProgram(k, argv, { uid, cwd: "/" })).toMatchObject({ output: out, status });
  });

  it("mounts a filesystem type another subsystem registered", async () => {
    let made = 0;
    const err = register_filesystem(k, "vktestfs", () => {
      made++;
      const sb = new SuperBlock({ name: "vktestfs", nodev: true }, 0x1234);
      sb.s_root = new Dentry("/", null, new Inode(sb, 0o40700, 0n));
      return sb;
    });
    expect(err).toBe(0);
    expect(register_filesystem(k, "vktestfs", () => -22)).toBe(-16);
    expect((await sudo("mount", "-t", "vktestfs", "none", "/mnt")).status).toBe(0);
    expect(made).toBe(1);
    expect((await runProgram(k, ["mount", "-t", "vktestfs"])).output).toBe(
      "none on /mnt type vktestfs (rw,relatime)\n",
    );
  });

  it("refuses to unmount a busy mount, unless lazily", async () => {
    await sudo("mount", "-t", "tmpfs", "none", "/mnt");
    await sudo("mount", "-t", "tmpfs", "none", "/tmp");
    // A process whose cwd is inside keeps /mnt busy.
    const busy = await runProgram(k, ["sudo", "umount", "/mnt"], { uid: 1000, cwd: "/mnt" });
    expect(busy).toMatchObject({ output: "umount: /mnt: target is busy.\n", status: 32 });
    expect((await sudo("umount", "-l", "/mnt")).status).toBe(0);
    // The root filesystem has mounts below it.
    expect((await sudo("umount", "/")).output).toBe("umount: /: target is busy.\n");
  });

  it("needs CAP_SYS_ADMIN in the kernel too", async () => {
    const { libc } = hostProcess(k, 1000, "/", () => {});
    const args = ["none", "/mnt", "tmpfs"].map((s) => libc.mem.strdup(s));
    await expect(libc.syscall("mount", args[0], args[1], args[2], 0, 0)).rejects.toMatchObject({
      code: "EPERM",
    });
    await expect(libc.syscall("umount2", args[1], 0)).rejects.toBeInstanceOf(SysError);
  });

  it.each([
    [0, "rw,relatime"],
    [1 | 2 | 4 | 8, "ro,nosuid,nodev,noexec,relatime"],
    [1024, "rw,noatime"],
    [1 << 24, "rw"],
    [2048, "rw,nodiratime,relatime"],
  ])("flags %i show as %s", (flags, s) => {
    expect(mountOptionString(flags)).toBe(s);
  });
});
