/**
 * Devices, drivers and binding on the platform bus (drivers/base/{core,bus,dd,platform}.c):
 * probe/remove, the driver links, bind/unbind/drivers_probe files, driver_override and id
 * tables, probe errors, naming, duplicates, and references back to zero.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { Kernel } from "../../src/kernel/kernel.ts";
import {
  IS_ERR,
  PLATFORM_DEVID_AUTO,
  type PlatformDevice,
  type PlatformDriver,
  PTR_ERR,
  platform_device_register_simple,
  platform_device_unregister,
  platform_driver_register,
  platform_driver_unregister,
  register_uevent_listener,
} from "../../src/linux.ts";
import { bootWith, expectErrno, proc } from "../helpers.ts";

let k: Kernel;
let events: string[];
beforeEach(async () => {
  k = await bootWith();
  events = [];
  register_uevent_listener(k, (action, devpath) => events.push(`${action} ${devpath}`));
});

function device(name: string, id = -1): PlatformDevice {
  const p = k.run(() => platform_device_register_simple(name, id, null, 0));
  if (IS_ERR(p)) throw new Error(`register ${name}: ${PTR_ERR(p)}`);
  return p;
}

function driver(name: string, probeRet = 0, extra: Partial<PlatformDriver> = {}) {
  const log: string[] = [];
  const drv: PlatformDriver = {
    driver: { name },
    probe: (pdev) => {
      log.push(`probe ${pdev.dev.kobj.name}`);
      return probeRet;
    },
    remove: (pdev) => {
      log.push(`remove ${pdev.dev.kobj.name}`);
      return 0;
    },
    ...extra,
  };
  expect(k.run(() => platform_driver_register(drv))).toBe(0);
  return { drv, log };
}

const P = "/sys/devices/platform";
const B = "/sys/bus/platform";

describe("binding", () => {
  it("a driver registered after its device probes it and links both ways", async () => {
    const pdev = device("vkfoo");
    const { drv, log } = driver("vkfoo");
    expect(log).toEqual(["probe vkfoo"]);
    expect(pdev.dev.driver).toBe(drv.driver);
    const { libc } = proc(k, 1000);
    expect(await libc.readlink(`${P}/vkfoo/driver`)).toBe("../../../bus/platform/drivers/vkfoo");
    expect(await libc.readlink(`${B}/drivers/vkfoo/vkfoo`)).toBe(
      "../../../../devices/platform/vkfoo",
    );
    expect(await libc.readFileText(`${P}/vkfoo/uevent`)).toBe(
      "DRIVER=vkfoo\nMODALIAS=platform:vkfoo\n",
    );
    // driver_register() sends the driver's "add" after bus_add_driver() has attached.
    expect(events).toEqual([
      "add /devices/platform/vkfoo",
      "bind /devices/platform/vkfoo",
      "add /bus/platform/drivers/vkfoo",
    ]);
  });

  it("a device registered after its driver is probed at once (autoprobe)", () => {
    const { log } = driver("vkbar");
    device("vkbar");
    expect(log).toEqual(["probe vkbar"]);
  });

  it("the driver directory has bind, unbind, uevent and the device link", async () => {
    device("vkdir");
    driver("vkdir");
    const { libc } = proc(k, 0);
    const names = (await libc.readdir(`${B}/drivers/vkdir`)).map((e) => e.name).sort();
    expect(names).toEqual([".", "..", "bind", "uevent", "unbind", "vkdir"]);
    for (const f of ["bind", "unbind", "uevent"])
      expect((await libc.stat(`${B}/drivers/vkdir/${f}`)).mode & 0o777).toBe(0o200);
  });

  it("unbind and bind through sysfs", async () => {
    const pdev = device("vkub");
    const { log } = driver("vkub");
    const { libc } = proc(k, 0);
    await libc.writeFile(`${B}/drivers/vkub/unbind`, "vkub\n");
    expect(log).toEqual(["probe vkub", "remove vkub"]);
    expect(pdev.dev.driver).toBeNull();
    await expectErrno(libc.readlink(`${P}/vkub/driver`), "ENOENT");
    await expectErrno(libc.writeFile(`${B}/drivers/vkub/unbind`, "vkub"), "ENODEV");
    await libc.writeFile(`${B}/drivers/vkub/bind`, "vkub");
    expect(log).toEqual(["probe vkub", "remove vkub", "probe vkub"]);
    await expectErrno(libc.writeFile(`${B}/drivers/vkub/bind`, "vkub"), "ENODEV");
    await expectErrno(libc.writeFile(`${B}/drivers/vkub/bind`, "nosuchdev"), "ENODEV");
    expect(events.filter((e) => e.endsWith("/devices/platform/vkub"))).toEqual([
      "add /devices/platform/vkub",
      "bind /devices/platform/vkub",
      "unbind /devices/platform/vkub",
      "bind /devices/platform/vkub",
    ]);
  });

  it("driver_override: only the named driver binds; empty clears it", async () => {
    device("vkov");
    const a = driver("vkov");
    const b = driver("vkother");
    const { libc } = proc(k, 0);
    await libc.writeFile(`${P}/vkov/driver_override`, "vkother\n");
    expect(await libc.readFileText(`${P}/vkov/driver_override`)).toBe("vkother\n");
    await libc.writeFile(`${B}/drivers/vkov/unbind`, "vkov");
    await expectErrno(libc.writeFile(`${B}/drivers/vkov/bind`, "vkov"), "ENODEV");
    await libc.writeFile(`${B}/drivers_probe`, "vkov");
    expect(b.log).toEqual(["probe vkov"]);
    expect(a.log).toEqual(["probe vkov", "remove vkov"]);
    await libc.writeFile(`${P}/vkov/driver_override`, "\n");
    expect(await libc.readFileText(`${P}/vkov/driver_override`)).toBe("(null)\n");
  });

  it("an id table matches by device name instead of the driver name", () => {
    const { log } = driver("vktable", 0, {
      id_table: [{ name: "vkchip-a" }, { name: "vkchip-b" }],
    });
    device("vkchip-b");
    device("vktable-not");
    expect(log).toEqual(["probe vkchip-b"]);
  });

  it.each([
    [-5, "vkfail: probe of vkfail failed with error -5"],
    [-12, "vkfail: probe of vkfail failed with error -12"],
    [-19, null],
    [-6, null],
  ])("probe returning %i leaves the device unbound (log: %s)", (ret, msg) => {
    const before = k.log.all().length;
    const pdev = device("vkfail");
    driver("vkfail", ret);
    expect(pdev.dev.driver).toBeNull();
    const texts = k.log
      .all()
      .slice(before)
      .map((r) => r.text);
    if (msg) expect(texts).toContain(msg);
    else expect(texts.some((t) => t.includes("probe of"))).toBe(false);
  });

  it("a second driver of the same name is refused with EBUSY", () => {
    driver("vkdup");
    const before = k.log.all().length;
    expect(k.run(() => platform_driver_register({ driver: { name: "vkdup" } }))).toBe(-16);
    expect(
      k.log
        .all()
        .slice(before)
        .map((r) => r.text),
    ).toContain("Error: Driver 'vkdup' is already registered, aborting...");
  });
});

describe("naming and duplicates", () => {
  it.each([
    [-1, "vkname"],
    [3, "vkname.3"],
    [PLATFORM_DEVID_AUTO, "vkname.0.auto"],
  ])("id %i names the device %s", async (id, name) => {
    device("vkname", id);
    const { libc } = proc(k, 1000);
    expect((await libc.lstat(`${P}/${name}`)).mode & 0o170000).toBe(0o040000);
    expect(await libc.readFileText(`${P}/${name}/modalias`)).toBe("platform:vkname\n");
  });

  it("a duplicate name fails with EEXIST and the kernel's complaints", () => {
    device("vktwin");
    const before = k.log.all().length;
    const r = k.run(() => platform_device_register_simple("vktwin", -1, null, 0));
    expect(IS_ERR(r) && PTR_ERR(r)).toBe(-17);
    const texts = k.log
      .all()
      .slice(before)
      .map((x) => x.text);
    expect(texts[0]).toBe("sysfs: cannot create duplicate filename '/devices/platform/vktwin'");
    expect(texts).toContain(
      "kobject_add_internal failed for vktwin with -EEXIST, don't try to register things with the same name in the same directory.",
    );
  });
});

describe("references", () => {
  it("unregistering drops every reference and removes the directory", async () => {
    const pdev = device("vkref");
    const { drv, log } = driver("vkref");
    const dkobj = drv.driver.p!.kobj;
    k.run(() => platform_device_unregister(pdev));
    expect(log).toEqual(["probe vkref", "remove vkref"]);
    expect(pdev.dev.kobj.kref).toBe(0);
    k.run(() => platform_driver_unregister(drv));
    expect(dkobj.kref).toBe(0);
    expect(drv.driver.p).toBeNull();
    const { libc } = proc(k, 1000);
    await expectErrno(libc.stat(`${P}/vkref`), "ENOENT");
    await expectErrno(libc.stat(`${B}/drivers/vkref`), "ENOENT");
    await expectErrno(libc.lstat(`${B}/devices/vkref`), "ENOENT");
    expect(events.slice(-3)).toEqual([
      "unbind /devices/platform/vkref",
      "remove /devices/platform/vkref",
      "remove /bus/platform/drivers/vkref",
    ]);
  });
});
