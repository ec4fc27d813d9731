/**
 * Classes and class devices (drivers/base/class.c, core.c:device_create()) and uevents
 * (lib/kobject_uevent.c): /sys/class links, /sys/devices/virtual glue directories,
 * /sys/dev/char, /dev nodes, event variables and synthetic events.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { Kernel } from "../../src/kernel/kernel.ts";
import {
  type Class,
  class_create,
  class_destroy,
  type Device,
  device_create,
  device_destroy,
  IS_ERR,
  MKDEV,
  PTR_ERR,
  platform_device_register_simple,
  platform_device_unregister,
  register_uevent_listener,
} from "../../src/linux.ts";
import { bootWith, expectErrno, proc } from "../helpers.ts";

let k: Kernel;
let events: { action: string; devpath: string; env: string[] }[];
beforeEach(async () => {
  k = await bootWith();
  events = [];
  register_uevent_listener(k, (action, devpath, env) => events.push({ action, devpath, env }));
});

function mkclass(...args: [null, string] | [string]): Class {
  const c = k.run(() =>
    args.length === 2 ? class_create(args[0], args[1]) : class_create(args[0]),
  );
  if (IS_ERR(c)) throw new Error(String(PTR_ERR(c)));
  return c;
}

function mkdev(cls: Class, devt: number, name: string, parent: Device | null = null): Device {
  const d = k.run(() => device_create(cls, parent, devt, null, "%s", name));
  if (IS_ERR(d)) throw new Error(String(PTR_ERR(d)));
  return d;
}

describe("classes", () => {
  it.each([
    ["the 5.4 form class_create(THIS_MODULE, name)", [null, "vkcls"] as [null, string]],
    ["the 6.4 form class_create(name)", ["vkcls"] as [string]],
  ])("%s makes /sys/class/<name> with an add uevent", async (_t, args) => {
    mkclass(...args);
    const { libc } = proc(k, 1000);
    expect((await libc.stat("/sys/class/vkcls")).mode & 0o170000).toBe(0o040000);
    expect(events.map((e) => `${e.action} ${e.devpath}`)).toEqual(["add /class/vkcls"]);
    expect(events[0].env.slice(0, 3)).toEqual([
      "ACTION=add",
      "DEVPATH=/class/vkcls",
      "SUBSYSTEM=class",
    ]);
  });

  it("a duplicate class is EEXIST", () => {
    mkclass("vkdup");
    const r = k.run(() => class_create("vkdup"));
    expect(IS_ERR(r) && PTR_ERR(r)).toBe(-17);
    expect(IS_ERR(k.run(() => class_create("mem")))).toBe(true);
  });

  it("device_create: virtual dir, dev file, class and /sys/dev links, /dev node, uevent", async () => {
    const cls = mkclass("vkc");
    const dev = mkdev(cls, MKDEV(240, 7), "vkc7");
    const { libc } = proc(k, 1000);
    expect(await libc.readFileText("/sys/devices/virtual/vkc/vkc7/dev")).toBe("240:7\n");
    expect(await libc.readFileText("/sys/class/vkc/vkc7/uevent")).toBe(
      "MAJOR=240\nMINOR=7\nDEVNAME=vkc7\n",
    );
    expect(await libc.readlink("/sys/class/vkc/vkc7")).toBe("../../devices/virtual/vkc/vkc7");
    expect(await libc.readlink("/sys/dev/char/240:7")).toBe("../../devices/virtual/vkc/vkc7");
    expect(await libc.readlink("/sys/devices/virtual/vkc/vkc7/subsystem")).toBe(
      "../../../../class/vkc",
    );
    const st = await libc.stat("/dev/vkc7");
    expect(st.mode).toBe(0o020600);
    const add = events.find((e) => e.devpath === "/devices/virtual/vkc/vkc7")!;
    expect(add.env).toEqual([
      "ACTION=add",
      "DEVPATH=/devices/virtual/vkc/vkc7",
      "SUBSYSTEM=vkc",
      "MAJOR=240",
      "MINOR=7",
      "DEVNAME=vkc7",
      expect.stringMatching(/^SEQNUM=\d+$/),
    ]);
    expect(dev.kobj.kref).toBe(1);
  });

  it("device_destroy removes everything, the glue directory too, and releases the device", async () => {
    const cls = mkclass("vkg");
    const a = mkdev(cls, MKDEV(240, 1), "vkg1");
    const b = mkdev(cls, MKDEV(240, 2), "vkg2");
    const { libc } = proc(k, 1000);
    k.run(() => device_destroy(cls, MKDEV(240, 1)));
    expect(a.kobj.kref).toBe(0);
    expect((await libc.readdir("/sys/devices/virtual/vkg")).map((e) => e.name).sort()).toEqual([
      ".",
      "..",
      "vkg2",
    ]);
    k.run(() => device_destroy(cls, MKDEV(240, 2)));
    expect(b.kobj.kref).toBe(0);
    await expectErrno(libc.stat("/sys/devices/virtual/vkg"), "ENOENT");
    await expectErrno(libc.lstat("/sys/dev/char/240:2"), "ENOENT");
    await expectErrno(libc.lstat("/sys/class/vkg/vkg2"), "ENOENT");
    await expectErrno(libc.stat("/dev/vkg2"), "ENOENT");
    k.run(() => class_destroy(cls));
    await expectErrno(libc.stat("/sys/class/vkg"), "ENOENT");
    expect(events.map((e) => `${e.action} ${e.devpath}`).slice(-3)).toEqual([
      "remove /devices/virtual/vkg/vkg1",
      "remove /devices/virtual/vkg/vkg2",
      "remove /class/vkg",
    ]);
  });

  it("a class device under a platform device lives in a glue directory named after the class", async () => {
    const cls = mkclass("vkglue");
    const p = k.run(() => platform_device_register_simple("vkparent", -1, null, 0));
    if (IS_ERR(p)) throw new Error("register");
    mkdev(cls, 0, "vkchild", p.dev);
    const { libc } = proc(k, 1000);
    expect(await libc.readlink("/sys/class/vkglue/vkchild")).toBe(
      "../../devices/platform/vkparent/vkglue/vkchild",
    );
    expect(await libc.readlink("/sys/devices/platform/vkparent/vkglue/vkchild/device")).toBe(
      "../../../vkparent",
    );
    k.run(() => device_destroy(cls, 0));
    await expectErrno(libc.stat("/sys/devices/platform/vkparent/vkglue"), "ENOENT");
    k.run(() => platform_device_unregister(p));
    expect(p.dev.kobj.kref).toBe(0);
  });
});

describe("uevents", () => {
  it("a platform device's add and remove carry ACTION, DEVPATH, SUBSYSTEM, MODALIAS, SEQNUM", () => {
    const p = k.run(() => platform_device_register_simple("vkev", -1, null, 0));
    if (IS_ERR(p)) throw new Error("register");
    k.run(() => platform_device_unregister(p));
    const seq = (e: { env: string[] }) => Number(e.env.at(-1)!.split("=")[1]);
    expect(events.map((e) => e.env.slice(0, -1))).toEqual([
      [
        "ACTION=add",
        "DEVPATH=/devices/platform/vkev",
        "SUBSYSTEM=platform",
        "MODALIAS=platform:vkev",
      ],
      [
        "ACTION=remove",
        "DEVPATH=/devices/platform/vkev",
        "SUBSYSTEM=platform",
        "MODALIAS=platform:vkev",
      ],
    ]);
    expect(seq(events[1])).toBe(seq(events[0]) + 1);
  });

  it("/sys/kernel/uevent_seqnum is the last SEQNUM", async () => {
    const p = k.run(() => platform_device_register_simple("vkseq", -1, null, 0));
    if (IS_ERR(p)) throw new Error("register");
    const { libc } = proc(k, 1000);
    const last = events.at(-1)!.env.at(-1)!.split("=")[1];
    expect(await libc.readFileText("/sys/kernel/uevent_seqnum")).toBe(`${last}\n`);
  });

  it.each([
    ["add\n", "add", ["SYNTH_UUID=0"]],
    ["change", "change", ["SYNTH_UUID=0"]],
    [
      "change 12345678-1234-1234-1234-123456789abc A=1 B2=x\n",
      "change",
      ["SYNTH_UUID=12345678-1234-1234-1234-123456789abc", "SYNTH_ARG_A=1", "SYNTH_ARG_B2=x"],
    ],
  ])("writing %j to uevent sends a synthetic %s", async (text, action, extra) => {
    const { libc } = proc(k, 0);
    await libc.writeFile("/sys/devices/platform/serial8250/uevent", text);
    expect(events).toHaveLength(1);
    expect(events[0].action).toBe(action);
    expect(events[0].env.slice(3, 3 + extra.length)).toEqual(extra);
    expect(events[0].env).toContain("DRIVER=serial8250");
  });

  it.each([
    ["bogus", "unknown uevent action string"],
    ["add not-a-uuid", "incorrect uevent action arguments"],
    ["add 12345678-1234-1234-1234-123456789abc A", "incorrect uevent action arguments"],
  ])("writing %j is EINVAL with a warning", async (text, msg) => {
    const { libc } = proc(k, 0);
    const before = k.log.all().length;
    await expectErrno(libc.writeFile("/sys/devices/platform/serial8250/uevent", text), "EINVAL");
    expect(events).toHaveLength(0);
    expect(
      k.log
        .all()
        .slice(before)
        .map((r) => r.text),
    ).toEqual([
      `synth uevent: /devices/platform/serial8250: ${msg}`,
      "serial8250 serial8250: uevent: failed to send synthetic uevent",
    ]);
  });

  it("devices without a bus or class send none; an unsubscribed listener hears nothing", () => {
    const seen: string[] = [];
    const off = register_uevent_listener(k, (a) => seen.push(a));
    off();
    const p = k.run(() => platform_device_register_simple("vkquiet", -1, null, 0));
    expect(IS_ERR(p)).toBe(false);
    expect(seen).toEqual([]);
  });
});
