/**
 * Random register/unregister/bind/open/read/write/close sequences on platform devices and
 * drivers and their sysfs files. Whatever happens: the host sees no exception (system calls
 * end in a value or an errno), no Oops, and once everything is unregistered and closed
 * every device and driver kobject is back to zero references and released.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { O_RDONLY, O_RDWR, O_WRONLY } from "../../src/include/uapi/fcntl.ts";
import {
  DEVICE_ATTR,
  type DeviceAttribute,
  device_create_file,
  device_remove_file,
  IS_ERR,
  type PlatformDevice,
  type PlatformDriver,
  platform_device_register_simple,
  platform_device_unregister,
  platform_driver_register,
  platform_driver_unregister,
  sprintf,
} from "../../src/linux.ts";
import { SysError } from "../../src/user/libc/errors.ts";
import { bootWith, proc } from "../helpers.ts";

const N = 3;
const ATTRS = ["uevent", "driver_override", "modalias", "power/control", "fzattr", "driver/unbind"];
const FLAGS = [O_RDONLY, O_WRONLY, O_RDWR];

const op = fc.oneof(
  fc.record({ t: fc.constant("regdev" as const), i: fc.nat(N - 1) }),
  fc.record({ t: fc.constant("unregdev" as const), i: fc.nat(N - 1) }),
  fc.record({
    t: fc.constant("regdrv" as const),
    i: fc.nat(N - 1),
    ret: fc.constantFrom(0, 0, -5, -19),
  }),
  fc.record({ t: fc.constant("unregdrv" as const), i: fc.nat(N - 1) }),
  fc.record({ t: fc.constant("addattr" as const), i: fc.nat(N - 1) }),
  fc.record({ t: fc.constant("rmattr" as const), i: fc.nat(N - 1) }),
  fc.record({
    t: fc.constant("open" as const),
    i: fc.nat(N - 1),
    a: fc.constantFrom(...ATTRS),
    f: fc.constantFrom(...FLAGS),
    uid: fc.constantFrom(0, 0, 1000),
  }),
  fc.record({
    t: fc.constant("read" as const),
    j: fc.nat(7),
    n: fc.constantFrom(0, 1, 7, 4096, 9000),
  }),
  fc.record({ t: fc.constant("pread" as const), j: fc.nat(7), n: fc.nat(100), off: fc.nat(5000) }),
  fc.record({
    t: fc.constant("write" as const),
    j: fc.nat(7),
    data: fc.oneof(
      fc.constantFrom("", "add", "change\n", "fz0", "fz1\n", "0", "bogus", "on", "auto"),
      fc.string({ maxLength: 20 }),
      fc.constant("x".repeat(5000)),
    ),
  }),
  fc.record({ t: fc.constant("close" as const), j: fc.nat(7) }),
  fc.record({
    t: fc.constant("sysfs" as const),
    path: fc.constantFrom(
      "/sys/bus/platform/drivers_probe",
      "/sys/bus/platform/drivers/fz0/bind",
      "/sys/bus/platform/drivers/fz1/unbind",
      "/sys/devices/platform/fz0/driver_override",
      "/sys/bus/platform/drivers_autoprobe",
    ),
    data: fc.constantFrom("fz0", "fz1\n", "fz2", "", "0", "1", "fz1"),
  }),
);

/** Runs a libc call; only errnos (SysError) may come back as failures. */
async function sys<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof SysError) return null;
    throw e;
  }
}

describe("fuzz: device model and sysfs", () => {
  it("never throws on the host, never Oopses, and every reference returns to zero", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), fc.nat(), async (ops, seed) => {
        const k = await bootWith();
        const root = proc(k, 0).libc;
        const user = proc(k, 1000).libc;
        const devs: (PlatformDevice | null)[] = new Array(N).fill(null);
        const drvs: (PlatformDriver | null)[] = new Array(N).fill(null);
        const attrs: (DeviceAttribute | null)[] = new Array(N).fill(null);
        const everDevs: PlatformDevice[] = [];
        const everDrvs: PlatformDriver[] = [];
        const fds: { fd: number; libc: typeof root }[] = [];
        let r = seed;
        const rand = () => {
          r = (Math.imul(r, 1103515245) + 12345) >>> 0;
          return r;
        };
        for (const o of ops) {
          switch (o.t) {
            case "regdev": {
              if (devs[o.i]) break;
              const p = k.run(() => platform_device_register_simple(`fz${o.i}`, -1, null, 0));
              if (IS_ERR(p)) throw new Error("register failed");
              devs[o.i] = p;
              everDevs.push(p);
              break;
            }
            case "unregdev": {
              const p = devs[o.i];
              if (!p) break;
              k.run(() => platform_device_unregister(p));
              devs[o.i] = null;
              attrs[o.i] = null;
              break;
            }
            case "regdrv": {
              if (drvs[o.i]) break;
              const d: PlatformDriver = {
                driver: { name: `fz${o.i}` },
                probe: () => o.ret,
                remove: () => 0,
              };
              expect(k.run(() => platform_driver_register(d))).toBe(0);
              drvs[o.i] = d;
              everDrvs.push(d);
              break;
            }
            case "unregdrv": {
              const d = drvs[o.i];
              if (!d) break;
              k.run(() => platform_driver_unregister(d));
              drvs[o.i] = null;
              break;
            }
            case "addattr": {
              const p = devs[o.i];
              if (!p || attrs[o.i]) break;
              const a = DEVICE_ATTR(
                "fzattr",
                0o644,
                (_d, _a, buf) => {
                  const x = rand() % 6;
                  if (x === 0) return -22;
                  if (x === 1) return sprintf(buf, "%s", "y".repeat(5000));
                  return sprintf(buf, "%u\n", rand());
                },
                (_d, _a, _buf, count) => (rand() % 3 === 0 ? -5 : rand() % 2 ? count : 1),
              );
              expect(k.run(() => device_create_file(p.dev, a))).toBe(0);
              attrs[o.i] = a;
              break;
            }
            case "rmattr": {
              const p = devs[o.i];
              const a = attrs[o.i];
              if (!p || !a) break;
              k.run(() => device_remove_file(p.dev, a));
              attrs[o.i] = null;
              break;
            }
            case "open": {
              const libc = o.uid ? user : root;
              const fd = await sys(libc.open(`/sys/devices/platform/fz${o.i}/${o.a}`, o.f));
              if (fd !== null) fds.push({ fd, libc });
              break;
            }
            case "read": {
              const f = fds[o.j % Math.max(1, fds.length)];
              if (f) await sys(f.libc.readBytes(f.fd, o.n));
              break;
            }
            case "pread": {
              const f = fds[o.j % Math.max(1, fds.length)];
              if (f) await sys(f.libc.preadBytes(f.fd, o.n, o.off));
              break;
            }
            case "write": {
              const f = fds[o.j % Math.max(1, fds.length)];
              if (f) await sys(f.libc.writeBytes(f.fd, o.data));
              break;
            }
            case "close": {
              const idx = o.j % Math.max(1, fds.length);
              const f = fds[idx];
              if (f) {
                expect(await f.libc.close(f.fd)).toBe(0);
                fds.splice(idx, 1);
              }
              break;
            }
            case "sysfs":
              await sys(root.writeFile(o.path, o.data));
              break;
          }
        }
        // Tear everything down, then check the invariants.
        for (const f of fds) expect(await f.libc.close(f.fd)).toBe(0);
        for (const p of devs) if (p) k.run(() => platform_device_unregister(p));
        for (const d of drvs) if (d) k.run(() => platform_driver_unregister(d));
        expect(k.oopsCount).toBe(0);
        for (const p of everDevs) expect(p.dev.kobj.kref).toBe(0);
        for (const d of everDrvs) expect(d.driver.p ?? null).toBeNull();
        const left = (await root.readdir("/sys/devices/platform")).filter((e) =>
          e.name.startsWith("fz"),
        );
        expect(left).toEqual([]);
        const drvLeft = (await root.readdir("/sys/bus/platform/drivers")).filter((e) =>
          e.name.startsWith("fz"),
        );
        expect(drvLeft).toEqual([]);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
