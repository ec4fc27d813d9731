/**
 * find(1): a session recorded from GNU findutils 4.9.0 (Debian 12, fixtures/find.ts) replayed
 * in vkern. Real tmpfs lists a directory newest entry first, vkern's oldest first, so lines
 * are compared as sorted sets where the walk order is the directory's.
 */
import { describe, expect, it } from "vitest";
import { boot } from "../../src/vkern.ts";
import { run, writeAs } from "./fileops_helpers.ts";
import { findSteps } from "./fixtures/find.ts";

const sortLines = (s: string) =>
  s
    .split(/(?<=\n)|(?<=\0)/)
    .sort()
    .join("");

describe("find against GNU findutils", () => {
  it("replays the recorded session", async () => {
    const k = await boot();
    const dir = "/tmp/find";
    await run(k, ["mkdir", "-p", dir]);
    let n = 0;
    for (const step of findSteps) {
      if (step[0] === "!write") {
        await writeAs(k, 0, `${dir}/${step[1]}`, step[2]);
        continue;
      }
      const [argv, expected, status] = step;
      const got = await run(k, argv, { cwd: dir });
      expect({ argv, output: sortLines(got.output), status: got.status }).toEqual({
        argv,
        output: sortLines(expected),
        status,
      });
      n++;
    }
    expect(n).toBeGreaterThan(50);
  });

  it("walks in pre-order, post-order with -depth, and reports an unreadable directory after visiting it", async () => {
    const k = await boot();
    await run(k, ["mkdir", "-p", "/tmp/w/a/b"]);
    await writeAs(k, 0, "/tmp/w/a/b/f", "");
    expect((await run(k, ["find", "/tmp/w"])).output).toBe(
      "/tmp/w\n/tmp/w/a\n/tmp/w/a/b\n/tmp/w/a/b/f\n",
    );
    expect((await run(k, ["find", "/tmp/w", "-depth"])).output).toBe(
      "/tmp/w/a/b/f\n/tmp/w/a/b\n/tmp/w/a\n/tmp/w\n",
    );
    const r = await run(k, ["find", "/root", "/etc/hostname"], { uid: 1000 });
    expect(r).toEqual({
      output: "/root\nfind: '/root': Permission denied\n/etc/hostname\n",
      status: 1,
    });
  });

  it("quotes file names with the locale's quotes, as findutils does", async () => {
    const k = await boot();
    const env = ["PATH=/bin:/usr/bin", "LANG=C.UTF-8"];
    const r = await run(k, ["find", "/nonexistent"], { env });
    expect(r.output).toBe("find: \u2018/nonexistent\u2019: No such file or directory\n");
  });
});
