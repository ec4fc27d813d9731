/**
 * kmod's tools: insmod, rmmod, lsmod, modinfo, modprobe, depmod. Message texts were
 * recorded from kmod 30 on Debian 12 (identical in kmod 24's tools/*.c, read with the
 * search tool); the lsmod/modinfo layouts follow kmod's printf formats.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { format } from "../../src/lib/vsprintf.ts";
import { modStrerror, pathToModname } from "../../src/user/bin/kmod/common.ts";
import { runProgram } from "../../src/vkern.ts";
import { bootWithModules } from "./helpers.ts";

const ROOT = { uid: 0, cwd: "/" };
const USER = { uid: 1000, cwd: "/home/llkd" };

let k: Kernel;
beforeEach(async () => {
  k = await bootWithModules();
});

const run = (argv: string[], o: { uid: number; cwd: string } = USER) => runProgram(k, argv, o);

describe("insmod", () => {
  it("loads a bare module name from /lib/modules (vkern extension) and lsmod lists it", async () => {
    const r = await run(["sudo", "insmod", "vk_demo"]);
    expect(r).toMatchObject({ output: "", status: 0 });
    const l = await run(["lsmod"]);
    const size = k.modules.find("vk_demo")!.size;
    expect(l.output).toBe(
      `Module                  Size  Used by\n${format("%-19s %8ld  %d", ["vk_demo", size, 0])}\n`,
    );
    expect(l.output.split("\n")[1]).toMatch(/^vk_demo {16}\d{5} {2}0$/);
  });

  it.each([
    [
      ["insmod", "/nonexist.ko"],
      USER,
      "insmod: ERROR: could not load module /nonexist.ko: No such file or directory\n",
    ],
    [
      ["insmod", "vk_demo"],
      USER,
      "insmod: ERROR: could not insert module vk_demo: Operation not permitted\n",
    ],
    [
      ["insmod", "vk_fail"],
      ROOT,
      "insmod: ERROR: could not insert module vk_fail: No such device\n",
    ],
    [
      ["insmod", "vk_demo", "debug_level=abc"],
      ROOT,
      "insmod: ERROR: could not insert module vk_demo: Invalid parameters\n",
    ],
    [
      ["insmod", "vk_user"],
      ROOT,
      "insmod: ERROR: could not insert module vk_user: Unknown symbol in module\n",
    ],
    [["insmod"], ROOT, "insmod: ERROR: missing filename.\n"],
    [["insmod", "-"], ROOT, "insmod: ERROR: this tool does not support loading from stdin!\n"],
  ])("%j as %o fails: %s", async (argv, who, out) => {
    const r = await run(argv, who);
    expect(r).toMatchObject({ output: out, status: 1 });
  });

  it("says File exists for a module loaded twice, and passes parameters", async () => {
    expect(
      (await run(["insmod", "/lib/modules/5.4.0-llkd01/extra/vk_demo.ko", "cause_an_oops=1"], ROOT))
        .status,
    ).toBe(0);
    expect(k.modules.find("vk_demo")!.paramView.cause_an_oops).toBe(1);
    const r = await run(["insmod", "vk_demo"], ROOT);
    expect(r).toMatchObject({
      output: "insmod: ERROR: could not insert module vk_demo: File exists\n",
      status: 1,
    });
  });

  it.each([
    [8, "Invalid module format"],
    [2, "Unknown symbol in module"],
    [3, "Module has wrong symbol version"],
    [22, "Invalid parameters"],
    [17, "File exists"],
    [1, "Operation not permitted"],
  ])("mod_strerror(%i) is %s", (n, text) => {
    expect(modStrerror(n)).toBe(text);
  });
});

describe("rmmod", () => {
  it.each([
    [["rmmod", "vk_demo"], "rmmod: ERROR: Module vk_demo is not currently loaded\n"],
    // kmod prints the normalized name (recorded: `rmmod foo-bar` says foo_bar).
    [["rmmod", "vk-demo"], "rmmod: ERROR: Module vk_demo is not currently loaded\n"],
    [["rmmod"], "rmmod: ERROR: missing module name.\n"],
  ])("%j fails: %s", async (argv, out) => {
    expect(await run(argv, ROOT)).toMatchObject({ output: out, status: 1 });
  });

  it("refuses a module with holders, then removes in order", async () => {
    await run(["modprobe", "vk_user"], ROOT);
    const busy = await run(["rmmod", "vk_demo"], ROOT);
    expect(busy).toMatchObject({
      output: "rmmod: ERROR: Module vk_demo is in use by: vk_user\n",
      status: 1,
    });
    const user = await run(["rmmod", "vk_user"]);
    expect(user).toMatchObject({
      output: "rmmod: ERROR: could not remove module vk_user: Operation not permitted\n",
      status: 1,
    });
    expect((await run(["rmmod", "vk-user", "vk_demo"], ROOT)).status).toBe(0);
    expect(k.modules.list).toHaveLength(0);
  });

  it("names a module by its file path", async () => {
    await run(["insmod", "vk_demo"], ROOT);
    expect((await run(["rmmod", "/lib/modules/5.4.0-llkd01/extra/vk_demo.ko"], ROOT)).status).toBe(
      0,
    );
    expect(k.modules.find("vk_demo")).toBeNull();
  });
});

describe("lsmod", () => {
  it("shows holders after the use count, most recent first", async () => {
    await run(["modprobe", "vk_user"], ROOT);
    const lines = (await run(["lsmod"])).output.split("\n");
    expect(lines[0]).toBe("Module                  Size  Used by");
    expect(lines[1]).toMatch(/^vk_user {16}\d{5} {2}\d$/);
    expect(lines[2]).toMatch(/^vk_demo {16}\d{5} {2}\d vk_user$/);
  });
});

describe("modinfo", () => {
  const expected = (path: string) => [
    `filename:       ${path}`,
    "version:        0.1",
    "description:    a demo module for the tests",
    "author:         Kaiwan N Billimoria",
    "license:        Dual MIT/GPL",
    expect.stringMatching(/^srcversion: {5}[0-9A-F]+$/),
    "depends:        ",
    "retpoline:      Y",
    "name:           vk_demo",
    "vermagic:       5.4.0-llkd01 SMP mod_unload modversions ",
    "parm:           debug_level:int",
    "parm:           cause_an_oops:Setting this to 1 can cause a kernel bug (int)",
    "",
  ];

  it("prints the tags with %-16s alignment and the parameters last, last first", async () => {
    const r = await run(["modinfo", "vk_demo"]);
    expect(r.status).toBe(0);
    expect(r.output.split("\n")).toEqual(expected("/lib/modules/5.4.0-llkd01/extra/vk_demo.ko"));
  });

  it("reads a file given by a relative path, keeping kmod's cwd join", async () => {
    const r = await run(["modinfo", "./extra/vk_demo.ko"], {
      uid: 1000,
      cwd: "/lib/modules/5.4.0-llkd01",
    });
    expect(r.output.split("\n")).toEqual(expected("/lib/modules/5.4.0-llkd01/./extra/vk_demo.ko"));
  });

  it.each([
    [["modinfo", "-F", "license", "vk_demo"], "Dual MIT/GPL\n"],
    [["modinfo", "-a", "vk_demo"], "Kaiwan N Billimoria\n"],
    [["modinfo", "-n", "vk_demo"], "/lib/modules/5.4.0-llkd01/extra/vk_demo.ko\n"],
    [
      ["modinfo", "-p", "vk_demo"],
      "debug_level: (int)\ncause_an_oops:Setting this to 1 can cause a kernel bug (int)\n",
    ],
    [["modinfo", "-F", "depends", "vk_user"], "vk_demo\n"],
  ])("%j", async (argv, out) => {
    expect(await run(argv)).toMatchObject({ output: out, status: 0 });
  });

  it("reports a missing module as kmod does", async () => {
    expect(await run(["modinfo", "nothere"])).toMatchObject({
      output: "modinfo: ERROR: Module nothere not found.\n",
      status: 1,
    });
  });
});

describe("modprobe and depmod", () => {
  it("loads dependencies first and removes them with -r", async () => {
    const r = await run(["modprobe", "-v", "vk_user"], ROOT);
    expect(r.output).toBe(
      "insmod /lib/modules/5.4.0-llkd01/extra/vk_demo.ko \ninsmod /lib/modules/5.4.0-llkd01/extra/vk_user.ko \n",
    );
    expect(k.modules.list.map((m) => m.name)).toEqual(["vk_user", "vk_demo"]);
    expect((await run(["modprobe", "vk_user"], ROOT)).status).toBe(0); // already loaded: quiet
    expect((await run(["modprobe", "-r", "vk_user"], ROOT)).status).toBe(0);
    expect(k.modules.list).toHaveLength(0);
  });

  it.each([
    [
      ["modprobe", "nothere"],
      "modprobe: FATAL: Module nothere not found in directory /lib/modules/5.4.0-llkd01\n",
    ],
    [["modprobe", "-r", "nothere"], "modprobe: FATAL: Module nothere not found.\n"],
    [["modprobe", "vk_fail"], "modprobe: ERROR: could not insert 'vk_fail': No such device\n"],
  ])("%j fails: %s", async (argv, out) => {
    expect(await run(argv, ROOT)).toMatchObject({ output: out, status: 1 });
  });

  it("depmod rewrites modules.dep from the depends tags", async () => {
    const before = (await run(["cat", "/lib/modules/5.4.0-llkd01/modules.dep"])).output;
    expect((await run(["depmod"], ROOT)).status).toBe(0);
    const after = (await run(["cat", "/lib/modules/5.4.0-llkd01/modules.dep"])).output;
    expect(after.split("\n").sort()).toEqual(before.split("\n").sort());
    expect(after).toContain("extra/vk_user.ko: extra/vk_demo.ko\n");
  });

  it.each([
    ["extra/foo-bar.ko", "foo_bar"],
    ["/x/y.ko.xz", "y"],
    ["plain", "plain"],
  ])("path_to_modname(%s) = %s", (p, n) => {
    expect(pathToModname(p)).toBe(n);
  });
});
