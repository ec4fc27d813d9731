/**
 * stat(1): -c/--printf outputs recorded from GNU coreutils 9.1 (fixtures/stat.ts) replayed in
 * vkern; the default layout is 8.28's, which 9.x changed ("Device: 803h/2051d" became
 * "Device: 8,3", device types are decimal, the birth time comes from statx), so it is checked
 * against 8.28's format string from src/stat.c.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { boot } from "../../src/vkern.ts";
import { replay, run } from "./fileops_helpers.ts";
import { statSteps } from "./fixtures/stat.ts";

describe("stat", () => {
  let k: Kernel;
  beforeAll(async () => {
    k = await boot();
  });

  it("replays the recorded -c/--printf session", async () => {
    expect(await replay(k, "/tmp/st", statSteps)).toBeGreaterThan(10);
  });

  it("prints 8.28's default layout", async () => {
    await run(k, ["mkdir", "/tmp/d8"]);
    await run(k, ["touch", "-d", "2021-03-01 10:00:00", "/tmp/d8/f"]);
    const r = await run(k, ["stat", "/tmp/d8/f"]);
    const lines = r.output.split("\n");
    expect(lines[0]).toBe("  File: /tmp/d8/f");
    expect(lines[1]).toBe(
      "  Size: 0         \tBlocks: 0          IO Block: 4096   regular empty file",
    );
    expect(lines[2]).toMatch(/^Device: [0-9a-f]+h\/\d+d\tInode: \d+ +Links: 1$/);
    expect(lines[2].indexOf("Links")).toBe(lines[2].indexOf("Inode: ") + 7 + 10 + 2);
    expect(lines[3]).toBe(
      "Access: (0644/-rw-r--r--)  Uid: (    0/    root)   Gid: (    0/    root)",
    );
    expect(lines[4]).toBe("Access: 2021-03-01 10:00:00.000000000 +0000");
    expect(lines[5]).toBe("Modify: 2021-03-01 10:00:00.000000000 +0000");
    expect(lines[6]).toMatch(/^Change: 2021-03-01 10:00:0\d\.\d{9} \+0000$/);
    expect(lines[7]).toBe(" Birth: -");
    expect(r.status).toBe(0);
  });

  it("shows device numbers in hex and the link target", async () => {
    await run(k, ["mknod", "/tmp/d8/dev", "c", "250", "17"]);
    await run(k, ["ln", "-s", "f", "/tmp/d8/l"]);
    const r = await run(k, ["stat", "-c", "%n %t %T %F", "/tmp/d8/dev"]);
    expect(r.output).toBe("/tmp/d8/dev fa 11 character special file\n");
    const d = await run(k, ["stat", "/tmp/d8/dev"]);
    expect(d.output.split("\n")[2]).toMatch(
      /^Device: [0-9a-f]+h\/\d+d\tInode: \d+ +Links: 1 {5}Device type: fa,11$/,
    );
    const l = await run(k, ["stat", "/tmp/d8/l"]);
    expect(l.output.split("\n")[0]).toBe("  File: /tmp/d8/l -> f");
  });

  it("reports a missing file as 8.28 does", async () => {
    // coreutils 9.x says "cannot statx".
    expect(await run(k, ["stat", "/nonexistent"])).toEqual({
      output: "stat: cannot stat '/nonexistent': No such file or directory\n",
      status: 1,
    });
  });

  it("stats /proc and /sys files as the kernel reports them", async () => {
    const r = await run(k, ["stat", "-c", "%s %F %U", "/proc/version", "/proc"]);
    expect(r.output).toBe("0 regular empty file root\n0 directory root\n");
  });
});
