/**
 * A buggy module that leaves its device and attribute behind on unload: reading the
 * attribute afterwards jumps into freed module code, which Oopses (the reader is
 * killed) instead of throwing on the host.
 */
import { describe, expect, it } from "vitest";
import type { ModuleDefinition } from "../../src/kernel/module.ts";
import {
  DEVICE_ATTR_RO,
  device_create_file,
  IS_ERR,
  platform_device_register_simple,
  sprintf,
} from "../../src/linux.ts";
import { runProgram } from "../../src/vkern.ts";
import { bootWith, insmod, rmmod } from "../helpers.ts";

const leaky: ModuleDefinition = {
  name: "vkleaky",
  license: "GPL",
  load() {
    const dev_attr_val = DEVICE_ATTR_RO("val", (_d, _a, buf) => sprintf(buf, "7\n"));
    return {
      init() {
        const p = platform_device_register_simple("vkleaky", -1, null, 0);
        if (IS_ERR(p)) return -12;
        return device_create_file(p.dev, dev_attr_val);
      },
      exit() {
        // bug: neither device_remove_file() nor platform_device_unregister()
      },
    };
  },
};

describe("attributes left behind by an unloaded module", () => {
  it("read fine while loaded, Oops once the module's code is gone", async () => {
    const k = await bootWith([leaky]);
    expect(await insmod(k, "vkleaky")).toBe(0);
    const path = "/sys/devices/platform/vkleaky/val";
    expect((await runProgram(k, ["cat", path], { uid: 1000, cwd: "/" })).output).toBe("7\n");
    expect(await rmmod(k, "vkleaky")).toBe(0);
    const r = await runProgram(k, ["cat", path], { uid: 1000, cwd: "/" });
    expect(r.status).toBe(137);
    expect(k.oopsCount).toBe(1);
    expect(k.log.all().some((x) => x.text.includes("BUG: unable to handle page fault"))).toBe(true);
    // the rest of the device still works: its files belong to the core
    expect(
      (await runProgram(k, ["cat", "/sys/devices/platform/vkleaky/modalias"], { uid: 1000 }))
        .output,
    ).toBe("platform:vkleaky\n");
  });
});
