/**
 * Property test: random ioctl commands and arguments, from root and from a user, to every
 * device node in /dev, the demo driver, a misc device and ordinary files, never make the
 * host throw and never Oops the kernel; every call ends in a number or an errno, and when
 * the files are closed no module stays pinned.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MISC_DYNAMIC_MINOR, misc_register } from "../../src/drivers/char/misc.ts";
import { O_RDONLY } from "../../src/include/uapi/fcntl.ts";
import {
  FIBMAP,
  FICLONE,
  FICLONERANGE,
  FIDEDUPERANGE,
  FIFREEZE,
  FIGETBSZ,
  FITHAW,
  FS_IOC_FIEMAP,
  FS_IOC_RESVSP,
} from "../../src/include/uapi/fs.ts";
import {
  _IOC,
  FIOASYNC,
  FIOCLEX,
  FIONBIO,
  FIONCLEX,
  FIONREAD,
  FIOQSIZE,
  TCGETS,
  TIOCGWINSZ,
} from "../../src/include/uapi/ioctl.ts";
import {
  RNDADDENTROPY,
  RNDADDTOENTCNT,
  RNDCLEARPOOL,
  RNDGETENTCNT,
  RNDRESEEDCRNG,
} from "../../src/include/uapi/random.ts";
import { makedev, S_IFCHR } from "../../src/include/uapi/stat.ts";
import { TASK_SIZE } from "../../src/mm/mm.ts";
import {
  IOCTL_LLKD_IOCQPOWER,
  IOCTL_LLKD_IOCRESET,
  IOCTL_LLKD_IOCSPOWER,
} from "../../src/modules/ioctl_llkd_kdrv/ioctl_llkd.ts";
import { SysError } from "../../src/user/libc/errors.ts";
import { boot } from "../../src/vkern.ts";
import { insmod, proc } from "../helpers.ts";

const KNOWN = [
  FIOCLEX,
  FIONCLEX,
  FIONBIO,
  FIOASYNC,
  FIONREAD,
  FIOQSIZE,
  TCGETS,
  TIOCGWINSZ,
  FIBMAP,
  FIGETBSZ,
  FIFREEZE,
  FITHAW,
  FICLONE,
  FICLONERANGE,
  FIDEDUPERANGE,
  FS_IOC_FIEMAP,
  FS_IOC_RESVSP,
  RNDGETENTCNT,
  RNDADDTOENTCNT,
  RNDADDENTROPY,
  RNDCLEARPOOL,
  RNDRESEEDCRNG,
  IOCTL_LLKD_IOCRESET,
  IOCTL_LLKD_IOCQPOWER,
  IOCTL_LLKD_IOCSPOWER,
];

const cmdArb = fc.oneof(
  fc.constantFrom(...KNOWN),
  fc.integer({ min: 0, max: 0xffffffff }),
  fc
    .tuple(
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 0, max: 255 }),
      fc.integer({ min: 0, max: 255 }),
      fc.integer({ min: 0, max: 0x3fff }),
    )
    .map(([d, t, n, s]) => _IOC(d, t, n, s)),
  fc.constantFrom(-1, 2 ** 40, 0.5, Number.NaN),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
);

describe("ioctl fuzz", () => {
  it("random commands and arguments to every device never throw in the host", async () => {
    const k = await boot();
    expect(await insmod(k, "ioctl_llkd_kdrv")).toBe(0);
    k.run(() =>
      misc_register({
        minor: MISC_DYNAMIC_MINOR,
        name: "fuzzmisc",
        fops: { read: () => 0 },
        mode: 0o666,
      }),
    );
    const root = proc(k, 0).libc;
    await root.mknod("/dev/ioctl_llkd_kdrv", S_IFCHR | 0o666, makedev(240, 0));
    await root.writeFile("/tmp/file", "some bytes");
    const nodes = (await root.readdir("/dev"))
      .filter((e) => e.type === 2)
      .map((e) => `/dev/${e.name}`);
    expect(nodes).toEqual(
      expect.arrayContaining(["/dev/null", "/dev/kmsg", "/dev/ioctl_llkd_kdrv", "/dev/fuzzmisc"]),
    );
    const paths = [...nodes, "/tmp/file", "/tmp", "/proc/version", "/proc/devices"];

    const users = [root, proc(k, 1000).libc];
    const fds: number[][] = [];
    for (const libc of users) {
      const mine: number[] = [];
      for (const p of paths) mine.push(await libc.open(p, O_RDONLY).catch(() => -1));
      const [r] = await libc.pipe();
      mine.push(r, 99, -1);
      fds.push(mine);
    }
    const bufs = users.map((l) => l.mem.malloc(16384));

    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1 }),
        fc.nat(),
        cmdArb,
        fc.oneof(
          fc.constantFrom("buf", 0, 1, -1, 0x1000, TASK_SIZE - 4, 2 ** 53, 1.5),
          fc.bigInt({ min: 0n, max: 2n ** 64n + 5n }),
          fc.integer(),
        ),
        async (who, fdIndex, cmd, arg) => {
          const libc = users[who];
          const fd = fds[who][fdIndex % fds[who].length];
          const a = typeof arg === "string" ? bufs[who] : arg;
          // An Oops kills the caller, whose call then never returns: race it against a timer.
          const call = libc.syscall("ioctl", fd, cmd, a).catch((e) => {
            if (!(e instanceof SysError)) throw e;
            return e.errno;
          });
          let timer: ReturnType<typeof setTimeout> | undefined;
          const hung = new Promise<string>((res) => {
            timer = setTimeout(() => res("no return"), 2000);
          });
          const r = await Promise.race([call, hung]);
          clearTimeout(timer);
          expect(k.oopsCount, k.log.all().at(-1)?.text).toBe(0);
          expect(typeof r).toBe("number");
          expect(k.oopsCount).toBe(0);
          expect(k.panicked).toBeNull();
        },
      ),
      { numRuns: 2000 },
    );

    for (const [i, libc] of users.entries())
      for (const fd of fds[i]) if (fd > 2 && fd !== 99) await libc.close(fd).catch(() => 0);
    expect(k.modules.find("ioctl_llkd_kdrv")?.refcnt).toBe(0);
  });
});
