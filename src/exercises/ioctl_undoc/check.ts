/**
 * The checker of ioctl_undoc: IOCTL_LLKD_IOCQDRVSTAT (_IOR(0xa8, 3, 168)) copies the
 * driver context as C's struct drv_ctx, the context follows the driver's state, and the
 * user program prints every member.
 */
import { _IOR } from "../../include/uapi/ioctl.ts";
import {
  devNode,
  hex,
  IOCTL_LLKD_IOCSPOWER,
  IOCTL_LLKD_MAGIC,
  ioctl,
  ioctlText,
  templateChecks,
  withDevice,
} from "../ioctl_common.ts";
import { type Exercise, verdict } from "../types.ts";
import { DRVCTX_INIT, NAME, PROGRAM, STARTER, STATEMENT } from "./starter.ts";

const DRV_CTX_SIZE = 168;
export const IOCTL_LLKD_IOCQDRVSTAT = _IOR(IOCTL_LLKD_MAGIC, 3, DRV_CTX_SIZE);

type Ctx = { [K in keyof typeof DRVCTX_INIT]: number | string };

/** struct drv_ctx from its 168 bytes. */
function decode(b: Uint8Array): Ctx {
  const v = new DataView(b.buffer, b.byteOffset, b.length);
  const s = b.subarray(40, 168);
  const nul = s.indexOf(0);
  return {
    tx: v.getInt32(0, true),
    rx: v.getInt32(4, true),
    err: v.getInt32(8, true),
    myword: v.getInt32(12, true),
    power: v.getInt32(16, true),
    config1: v.getUint32(20, true),
    config2: v.getUint32(24, true),
    config3: Number(v.getBigUint64(32, true)),
    oursecret: new TextDecoder().decode(s.subarray(0, nul < 0 ? s.length : nul)),
  };
}

const show = (c: Ctx) =>
  Object.entries(c)
    .map(
      ([k, v]) =>
        `${k}=${typeof v === "string" ? JSON.stringify(v) : k.startsWith("config") ? hex(v) : v}`,
    )
    .join(" ");

const diff = (want: Ctx, got: Ctx) =>
  Object.keys(want)
    .filter((k) => want[k as keyof Ctx] !== got[k as keyof Ctx])
    .join(", ");

/** DRVSTAT into a buffer with canaries after the struct. */
async function drvstat(
  h: Parameters<Exercise["tests"][number]["run"]>[0],
  before?: (libc: import("../../user/libc/libc.ts").Libc, fd: number) => Promise<unknown>,
) {
  return withDevice(h, NAME, 0, async (libc, fd) => {
    if (before) await before(libc, fd);
    const p = libc.mem.malloc(DRV_CTX_SIZE + 8);
    libc.mem.write(p, new Uint8Array(DRV_CTX_SIZE + 8).fill(0xaa));
    const res = await ioctl(libc, fd, IOCTL_LLKD_IOCQDRVSTAT, p);
    const bytes = libc.mem.read(p, DRV_CTX_SIZE + 8);
    return {
      res,
      ctx: decode(bytes.slice(0, DRV_CTX_SIZE)),
      canary: bytes.subarray(DRV_CTX_SIZE).every((x) => x === 0xaa),
    };
  });
}

export const exercise: Exercise = {
  name: NAME,
  title:
    "char driver with an undocumented IOCTL_LLKD_IOCQDRVSTAT, and a program printing the context",
  statement: STATEMENT,
  starter: STARTER,
  module: NAME,
  program: PROGRAM,
  creates: [],
  chrdev: NAME,
  tests: [
    {
      name: `a character device ${NAME} is registered`,
      async run(h) {
        const node = await devNode(h, NAME);
        return verdict(
          !!node,
          `"NNN ${NAME}" in /proc/devices`,
          node ? `${node} made` : "not in /proc/devices",
        );
      },
    },
    {
      name: `IOCTL_LLKD_IOCQDRVSTAT (${hex(IOCTL_LLKD_IOCQDRVSTAT)}) copies the initialized driver context`,
      async run(h) {
        const r = await drvstat(h);
        if (!("res" in r)) return verdict(false, show(DRVCTX_INIT), r.code);
        if (!r.res.ok) return verdict(false, `returns 0; ${show(DRVCTX_INIT)}`, ioctlText(r.res));
        const d = diff(DRVCTX_INIT, r.ctx);
        return verdict(
          r.res.ok && !d && r.canary,
          `returns 0; ${show(DRVCTX_INIT)}; nothing written past 168 bytes`,
          `${ioctlText(r.res)}; ${show(r.ctx)}${d ? ` (wrong: ${d})` : ""}${r.canary ? "" : "; bytes past 168 overwritten"}`,
        );
      },
    },
    {
      name: "the context follows the driver: power is 0 after SPOWER 0",
      async run(h) {
        const r = await drvstat(h, (libc, fd) => ioctl(libc, fd, IOCTL_LLKD_IOCSPOWER, 0));
        await withDevice(h, NAME, 0, (libc, fd) => ioctl(libc, fd, IOCTL_LLKD_IOCSPOWER, 1));
        if (!("res" in r)) return verdict(false, "power=0", r.code);
        if (!r.res.ok) return verdict(false, "power=0 in the context", ioctlText(r.res));
        return verdict(
          r.res.ok && r.ctx.power === 0,
          "power=0 in the context",
          `${ioctlText(r.res)}; power=${r.ctx.power}`,
        );
      },
    },
    {
      name: "IOCTL_LLKD_IOCQDRVSTAT with a bad pointer fails with EFAULT",
      async run(h) {
        const r = await withDevice(h, NAME, 0, (libc, fd) =>
          ioctl(libc, fd, IOCTL_LLKD_IOCQDRVSTAT, 0x10),
        );
        return verdict(!r.ok && r.code === "EFAULT", "EFAULT", ioctlText(r));
      },
    },
    ...templateChecks(NAME),
    {
      name: `${PROGRAM} /dev/${NAME} prints every member`,
      async run(h) {
        const node = await devNode(h, NAME);
        const r = await h.sh(`sudo ./${PROGRAM} ${node ?? `/dev/${NAME}`}`);
        const wrong: string[] = [];
        for (const [k, want] of Object.entries(DRVCTX_INIT)) {
          const m = new RegExp(`\\b${k}\\s*[=:]\\s*(.*)$`, "m").exec(r.output);
          const got = m?.[1].trim();
          const ok =
            got !== undefined &&
            (typeof want === "string"
              ? got === want || got === JSON.stringify(want)
              : /^(0x[0-9a-f]+|-?\d+)/i.test(got) &&
                Number(/^(0x[0-9a-f]+|-?\d+)/i.exec(got)![1]) === want);
          if (!ok) wrong.push(`${k}: ${got === undefined ? "missing" : JSON.stringify(got)}`);
        }
        return verdict(
          r.status === 0 && !wrong.length,
          `exit 0 and ${show(DRVCTX_INIT)} printed as "name = value" lines`,
          r.status !== 0
            ? `exit ${r.status}: ${JSON.stringify(r.output)}`
            : wrong.length
              ? wrong.join("; ")
              : "all members",
        );
      },
    },
  ],
};
