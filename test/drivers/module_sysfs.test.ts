/**
 * /sys/module/<mod>/ (kernel/module.c:mod_sysfs_setup(), kernel/params.c): the files of a
 * loaded module, parameters honouring module_param's perm, holders/ links, teardown.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { Kernel } from "../../src/kernel/kernel.ts";
import type { ModuleDefinition } from "../../src/kernel/module.ts";
import type { ParamValue } from "../../src/kernel/params.ts";
import { register_uevent_listener } from "../../src/linux.ts";
import { bootWith, expectErrno, insmod, proc, rmmod } from "../helpers.ts";

const seen: { params: Record<string, ParamValue> | null } = { params: null };

const vkparams: ModuleDefinition = {
  name: "vkparams",
  license: "GPL",
  version: "1.2",
  params: {
    level: { type: "int", perm: 0o644, desc: "a level", default: 5 },
    fixed: { type: "int", perm: 0o444, default: 7 },
    hidden: { type: "int", perm: 0, default: 1 },
    flag: { type: "bool", perm: 0o644 },
    name: { type: "charp", perm: 0o644 },
    secret: { type: "int", perm: 0o600, default: 42 },
  },
  load(_m, params) {
    seen.params = params;
    return { init: () => 0, exit: () => {} };
  },
};

const vkuser: ModuleDefinition = {
  name: "vkuser",
  license: "GPL",
  depends: ["vkparams"],
  load: () => ({ init: () => 0, exit: () => {} }),
};

let k: Kernel;
beforeEach(async () => {
  k = await bootWith([vkparams, vkuser]);
});

const M = "/sys/module/vkparams";

describe("/sys/module/<mod>", () => {
  it("has the files a loaded module has", async () => {
    expect(await insmod(k, "vkparams")).toBe(0);
    const { libc } = proc(k, 1000);
    const names = (await libc.readdir(M)).map((e) => e.name).sort();
    expect(names).toEqual(
      [
        ".",
        "..",
        "coresize",
        "holders",
        "initsize",
        "initstate",
        "notes",
        "parameters",
        "refcnt",
        "sections",
        "srcversion",
        "taint",
        "uevent",
        "version",
      ].sort(),
    );
    expect(await libc.readFileText(`${M}/initstate`)).toBe("live\n");
    expect(await libc.readFileText(`${M}/refcnt`)).toBe("0\n");
    expect(await libc.readFileText(`${M}/version`)).toBe("1.2\n");
    expect(await libc.readFileText(`${M}/taint`)).toBe("O\n");
    expect(await libc.readFileText(`${M}/initsize`)).toBe("0\n");
    const size = k.modules.find("vkparams")!.size;
    expect(await libc.readFileText(`${M}/coresize`)).toBe(`${size}\n`);
    expect(await libc.readFileText(`${M}/srcversion`)).toMatch(/^[0-9A-F]{23}\n$/);
    await expectErrno(libc.readFileText(`${M}/sections/.text`), "EACCES");
    const root = proc(k, 0).libc;
    expect(await root.readFileText(`${M}/sections/.text`)).toMatch(/^0xffffffffc0[0-9a-f]{6}\n$/);
    expect((await libc.stat(`${M}/notes/.note.gnu.build-id`)).size).toBe(36);
  });

  it.each([
    ["level", 0o644, "5\n"],
    ["fixed", 0o444, "7\n"],
    ["flag", 0o644, "N\n"],
    ["name", 0o644, "(null)\n"],
    ["secret", 0o600, "42\n"],
  ])("parameters/%s has mode %o and reads %j", async (p, mode, text) => {
    expect(await insmod(k, "vkparams")).toBe(0);
    const root = proc(k, 0).libc;
    expect((await root.stat(`${M}/parameters/${p}`)).mode & 0o777).toBe(mode);
    expect(await root.readFileText(`${M}/parameters/${p}`)).toBe(text);
  });

  it("a parameter with perm 0 has no file", async () => {
    expect(await insmod(k, "vkparams")).toBe(0);
    await expectErrno(proc(k, 0).libc.stat(`${M}/parameters/hidden`), "ENOENT");
  });

  it("writes go through the parameter's set, and the module sees them", async () => {
    expect(await insmod(k, "vkparams", "level=3")).toBe(0);
    const root = proc(k, 0).libc;
    expect(await root.readFileText(`${M}/parameters/level`)).toBe("3\n");
    await root.writeFile(`${M}/parameters/level`, "9\n");
    expect(seen.params!.level).toBe(9);
    await expectErrno(root.writeFile(`${M}/parameters/level`, "nine\n"), "EINVAL");
    await root.writeFile(`${M}/parameters/flag`, "1");
    expect(await root.readFileText(`${M}/parameters/flag`)).toBe("Y\n");
    await root.writeFile(`${M}/parameters/name`, "abc\n");
    expect(await root.readFileText(`${M}/parameters/name`)).toBe("abc\n\n");
    await expectErrno(root.writeFile(`${M}/parameters/fixed`, "1"), "EACCES");
    await expectErrno(proc(k, 1000).libc.writeFile(`${M}/parameters/level`, "1"), "EACCES");
    await expectErrno(proc(k, 1000).libc.readFileText(`${M}/parameters/secret`), "EACCES");
  });

  it("holders/ lists the modules that use this one; all goes on unload", async () => {
    const events: string[] = [];
    register_uevent_listener(k, (a, p) => events.push(`${a} ${p}`));
    expect(await insmod(k, "vkparams")).toBe(0);
    expect(await insmod(k, "vkuser")).toBe(0);
    const { libc } = proc(k, 1000);
    expect(await libc.readlink(`${M}/holders/vkuser`)).toBe("../../vkuser");
    expect(await libc.readFileText(`${M}/refcnt`)).toBe("1\n");
    expect(await rmmod(k, "vkuser")).toBe(0);
    await expectErrno(libc.lstat(`${M}/holders/vkuser`), "ENOENT");
    await expectErrno(libc.stat("/sys/module/vkuser"), "ENOENT");
    expect(await rmmod(k, "vkparams")).toBe(0);
    await expectErrno(libc.stat(M), "ENOENT");
    expect(events).toEqual([
      "add /module/vkparams",
      "add /module/vkuser",
      "remove /module/vkuser",
      "remove /module/vkparams",
    ]);
  });
});
