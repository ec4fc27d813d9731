/**
 * tee and pwd (GNU coreutils 8.28 behaviour; outputs as coreutils 9.1 gives them on Debian 12:
 * `echo hello | tee a b` prints hello and writes both files; an unwritable file is reported
 * as "tee: x: Permission denied" and the others still get the data, status 1).
 */
import { describe, expect, it } from "vitest";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { hostProcess } from "../../src/user/run.ts";
import { boot } from "../../src/vkern.ts";
import { C_ENV, run } from "./fileops_helpers.ts";

/** Runs argv as `uid` with `input` on its standard input (through a pipe). */
async function withInput(k: Kernel, argv: string[], input: string, uid = 1000) {
  let output = "";
  const dec = new TextDecoder();
  const { libc } = hostProcess(k, uid, "/tmp", (b) => {
    output += dec.decode(b);
  });
  const [r, w] = await libc.pipe();
  const pid = await libc.fork(async (child) => {
    await child.dup2(r, 0);
    await child.close(r);
    await child.close(w);
    await child.execve(`/usr/bin/${argv[0]}`, argv, C_ENV);
  });
  await libc.close(r);
  await libc.writeAll(w, input);
  await libc.close(w);
  const { status } = await libc.waitpid(pid);
  return { output, status: (status >> 8) & 0xff };
}

describe("tee", () => {
  it("copies standard input to standard output and each file", async () => {
    const k = await boot();
    expect(await withInput(k, ["tee", "/tmp/a", "/tmp/b"], "hello\n")).toEqual({
      output: "hello\n",
      status: 0,
    });
    expect((await run(k, ["od", "-c", "/tmp/b"])).output).toBe(
      "0000000   h   e   l   l   o  \\n\n0000006\n",
    );
    expect(await withInput(k, ["tee", "-a", "/tmp/a"], "again\n")).toEqual({
      output: "again\n",
      status: 0,
    });
    expect((await run(k, ["stat", "-c", "%s", "/tmp/a"])).output).toBe("12\n");
  });

  it("reports a file it cannot open and writes the others", async () => {
    const k = await boot();
    expect(await withInput(k, ["tee", "/etc/nope", "/tmp/c"], "x\n")).toEqual({
      output: "tee: /etc/nope: Permission denied\nx\n",
      status: 1,
    });
    expect((await run(k, ["stat", "-c", "%s", "/tmp/c"])).output).toBe("2\n");
  });
});

describe("pwd", () => {
  it("prints the physical directory, or $PWD with -L when it names the same place", async () => {
    const k = await boot();
    await run(k, ["mkdir", "-p", "/tmp/real/dir"]);
    await run(k, ["ln", "-s", "real/dir", "/tmp/sym"]);
    expect(await run(k, ["pwd"], { cwd: "/tmp/sym" })).toEqual({
      output: "/tmp/real/dir\n",
      status: 0,
    });
    const env = [...C_ENV, "PWD=/tmp/sym"];
    expect(await run(k, ["pwd", "-L"], { cwd: "/tmp/sym", env })).toEqual({
      output: "/tmp/sym\n",
      status: 0,
    });
    expect(await run(k, ["pwd", "-P"], { cwd: "/tmp/sym", env })).toEqual({
      output: "/tmp/real/dir\n",
      status: 0,
    });
    const stale = [...C_ENV, "PWD=/tmp"];
    expect(await run(k, ["pwd", "-L"], { cwd: "/tmp/sym", env: stale })).toEqual({
      output: "/tmp/real/dir\n",
      status: 0,
    });
  });
});
