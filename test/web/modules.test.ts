/**
 * The Modules pane's helpers: the module "New module" writes builds and loads with vkern's
 * own make and insmod, and the build-and-load command line is the one a learner would type.
 */
import { describe, expect, it } from "vitest";
import { hostProcess } from "../../src/user/run.ts";
import { boot, runProgram } from "../../src/vkern.ts";
import { buildAndLoadCommand, kbuildModules, newModuleFiles } from "../../web/src/panes/modules.ts";

describe("modules pane", () => {
  it.each([
    ["obj-m += foo.o\n", ["foo"]],
    ["obj-m := a.o b.o\nall:\n\tmake\n", ["a", "b"]],
    ["  obj-m+=x.o\nobj-y += y.o\n", ["x"]],
    ["all:\n\tmake\n", []],
  ])("kbuildModules(%j)", (mk, want) => {
    expect(kbuildModules(mk)).toEqual(want);
  });

  it.each([
    ["~/hello", "hello", false, "cd ~/hello && make && sudo insmod ./hello.ko"],
    ["~/hello", "hello", true, "cd ~/hello && make && sudo rmmod hello && sudo insmod ./hello.ko"],
    ["~/my dir", "m", false, "cd '~/my dir' && make && sudo insmod ./m.ko"],
  ])("buildAndLoadCommand(%j, %j, %j)", (dir, mod, loaded, want) => {
    expect(buildAndLoadCommand(dir, mod, loaded)).toBe(want);
  });

  it("a new module builds with make, loads, makes its proc file and unloads", async () => {
    const k = await boot();
    const { source, makefile } = newModuleFiles("hello_web");
    const { libc } = hostProcess(k, 1000, "/home/llkd", () => {});
    await libc.mkdir("/home/llkd/hello_web", 0o775);
    await libc.writeFile("/home/llkd/hello_web/hello_web.ts", source);
    await libc.writeFile("/home/llkd/hello_web/Makefile", makefile);
    const sh = (c: string) => runProgram(k, ["sh", "-c", c], { cwd: "/home/llkd/hello_web" });
    const built = await sh("make");
    expect(built.output).toContain("LD [M]  /home/llkd/hello_web/hello_web.ko");
    expect(built.status).toBe(0);
    const r = await sh(
      "sudo insmod ./hello_web.ko count=2 && cat /proc/hello_web && sudo rmmod hello_web && dmesg | tail -n 2",
    );
    expect(r.output).toMatch(
      /^Hello from hello_web\nHello from hello_web\n\[ *[\d.]+\] hello_web: loaded\n\[ *[\d.]+\] hello_web: unloaded\n$/,
    );
  });
});
