/**
 * mkdir, rmdir, rm, touch, chmod, chown, chgrp, ln, readlink, realpath, basename, dirname, cp,
 * mv, mknod: a session recorded from GNU coreutils 9.1 (Debian 12, fixtures/ops.ts) replayed
 * in vkern, with 8.28's wording where it differs; then the permission rules as a user.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { boot } from "../../src/vkern.ts";
import { replay, run, writeAs } from "./fileops_helpers.ts";
import { opsSteps } from "./fixtures/ops.ts";

describe("file commands against GNU coreutils", () => {
  it("replays the recorded session", async () => {
    const k = await boot();
    const n = await replay(k, "/tmp/ops", opsSteps, {
      rewrite: (s) => s.replaceAll("/dev/shm/fileops-ops", "/tmp/ops"),
      overrides: {
        // The "'.' should be ':'" warning is new in coreutils 9.0.
        "chown root.root t2": ["", 0],
      },
    });
    expect(n).toBeGreaterThan(150);
  });
});

describe("8.28 wordings that 9.x changed", () => {
  let k: Kernel;
  beforeAll(async () => {
    k = await boot();
    await run(k, ["mkdir", "/tmp/w"]);
    await writeAs(k, 0, "/tmp/w/a", "a");
    await run(k, ["mkdir", "/tmp/w/d"]);
  });
  it.each([
    // coreutils 9: "cp: -r not specified; omitting directory 'd'"
    [["cp", "d", "e"], "cp: omitting directory 'd'\n", 1],
    // coreutils 9: "cp: target 'b': No such file or directory"
    [["cp", "a", "a", "b"], "cp: target 'b' is not a directory\n", 1],
    // coreutils 9: "ln: target 'c': No such file or directory"
    [["ln", "-s", "a", "b", "c"], "ln: target 'c' is not a directory\n", 1],
  ] as const)("%j", async (argv, output, status) => {
    expect(await run(k, [...argv], { cwd: "/tmp/w" })).toEqual({ output, status });
  });
});

describe("as an ordinary user", () => {
  let k: Kernel;
  beforeAll(async () => {
    k = await boot();
  });
  const user = (argv: string[], cwd = "/home/llkd") => run(k, argv, { uid: 1000, cwd });

  it.each([
    [["mkdir", "/x"], "mkdir: cannot create directory '/x': Permission denied\n", 1],
    [["rm", "/etc/passwd"], "rm: cannot remove '/etc/passwd': Permission denied\n", 1],
    [["rmdir", "/tmp"], "rmdir: failed to remove '/tmp': Permission denied\n", 1],
    [
      ["chmod", "777", "/etc/passwd"],
      "chmod: changing permissions of '/etc/passwd': Operation not permitted\n",
      1,
    ],
    [
      ["chown", "llkd", "/etc/passwd"],
      "chown: changing ownership of '/etc/passwd': Operation not permitted\n",
      1,
    ],
    [
      ["chgrp", "llkd", "/etc/passwd"],
      "chgrp: changing group of '/etc/passwd': Operation not permitted\n",
      1,
    ],
    [["touch", "/etc/passwd"], "touch: cannot touch '/etc/passwd': Permission denied\n", 1],
    [
      ["touch", "-d", "2001-01-01", "/etc/hosts"],
      "touch: cannot touch '/etc/hosts': Permission denied\n",
      1,
    ],
    [["mknod", "n", "c", "1", "3"], "mknod: n: Operation not permitted\n", 1],
    [
      ["ln", "-s", "x", "/etc/y"],
      "ln: failed to create symbolic link '/etc/y': Permission denied\n",
      1,
    ],
    [
      ["cp", "/etc/shadow", "."],
      "cp: cannot open '/etc/shadow' for reading: Permission denied\n",
      1,
    ],
    [
      ["mv", "/etc/hosts", "."],
      "mv: cannot move '/etc/hosts' to './hosts': Permission denied\n",
      1,
    ],
  ] as const)("%j", async (argv, output, status) => {
    expect(await user([...argv])).toEqual({ output, status });
  });

  it("touches a file it owns with explicit times, and one it may only write with 'now'", async () => {
    await writeAs(k, 1000, "/home/llkd/mine", "");
    expect(await user(["touch", "-d", "2001-01-01", "mine"])).toEqual({ output: "", status: 0 });
    await writeAs(k, 0, "/tmp/shared", "");
    await run(k, ["chmod", "666", "/tmp/shared"]);
    expect(await user(["touch", "/tmp/shared"])).toEqual({ output: "", status: 0 });
    // utimensat with explicit times needs ownership (EPERM); open for writing succeeded.
    expect(await user(["touch", "-d", "2001-01-01", "/tmp/shared"])).toEqual({
      output: "touch: setting times of '/tmp/shared': Operation not permitted\n",
      status: 1,
    });
    expect(await user(["chgrp", "sudo", "mine"])).toEqual({ output: "", status: 0 });
  });

  it("removes its own tree with rm -r and reports what it cannot remove", async () => {
    await user(["mkdir", "-p", "t/a/b"]);
    await writeAs(k, 1000, "/home/llkd/t/a/f", "x");
    await user(["chmod", "555", "t/a"]);
    expect(await user(["rm", "-r", "t"])).toEqual({
      output:
        // readdir lists newest first, as tmpfs's dcache_readdir does: f was made after b.
        "rm: cannot remove 't/a/f': Permission denied\nrm: cannot remove 't/a/b': Permission denied\n",
      status: 1,
    });
    await user(["chmod", "755", "t/a"]);
    expect(await user(["rm", "-rv", "t"])).toEqual({
      output:
        "removed 't/a/f'\nremoved directory 't/a/b'\nremoved directory 't/a'\nremoved directory 't'\n",
      status: 0,
    });
  });
});

describe("mknod and the transcript's cr8devnode", () => {
  it("makes a character device whose numbers ls and stat show", async () => {
    const k = await boot();
    expect(await run(k, ["mknod", "/dev/ioctl_llkd_kdrv", "c", "250", "0"])).toEqual({
      output: "",
      status: 0,
    });
    const r = await run(k, ["ls", "-l", "/dev/ioctl_llkd_kdrv"]);
    expect(r.output).toMatch(
      /^crw-r--r-- 1 root root 250, 0 Mar {2}1 10:00 \/dev\/ioctl_llkd_kdrv\n$/,
    );
    expect((await run(k, ["chmod", "666", "/dev/ioctl_llkd_kdrv"])).status).toBe(0);
    expect((await run(k, ["stat", "-c", "%A %t %T", "/dev/ioctl_llkd_kdrv"])).output).toBe(
      "crw-rw-rw- fa 0\n",
    );
  });
});
