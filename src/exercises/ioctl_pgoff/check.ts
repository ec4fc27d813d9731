/**
 * The checker of ioctl_pgoff: IOCTL_LLKD_IOCQPGOFF (_IOR(0xa8, 3, 8)) writes PAGE_OFFSET
 * to the caller's unsigned long, the template's commands still work, and the user
 * program prints the value.
 */
import { _IO, _IOR } from "../../include/uapi/ioctl.ts";
import { numbersIn, px } from "../common.ts";
import {
  devNode,
  hex,
  IOCTL_LLKD_IOCQPOWER,
  IOCTL_LLKD_IOCRESET,
  IOCTL_LLKD_IOCSPOWER,
  IOCTL_LLKD_MAGIC,
  ioctl,
  ioctlText,
  withDevice,
} from "../ioctl_common.ts";
import { type Exercise, verdict } from "../types.ts";
import { NAME, PROGRAM, STARTER, STATEMENT } from "./starter.ts";

export const IOCTL_LLKD_IOCQPGOFF = _IOR(IOCTL_LLKD_MAGIC, 3, 8);

export const exercise: Exercise = {
  name: NAME,
  title: "char driver with IOCTL_LLKD_IOCQPGOFF returning PAGE_OFFSET, and its user program",
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
      name: `IOCTL_LLKD_IOCQPGOFF (${hex(IOCTL_LLKD_IOCQPGOFF)}) writes PAGE_OFFSET to the user's unsigned long`,
      async run(h) {
        const want = h.k.options.pageOffset;
        const r = await withDevice(h, NAME, 0, async (libc, fd) => {
          const p = libc.mem.malloc(16);
          libc.mem.write(p, new Uint8Array(16).fill(0xaa));
          const res = await ioctl(libc, fd, IOCTL_LLKD_IOCQPGOFF, p);
          return { res, v: libc.mem.u64(p), after: libc.mem.read(p + 8, 8) };
        });
        if (!("res" in r)) return verdict(false, `0 and ${px(want)} in the unsigned long`, r.code);
        const ok = r.res.ok && r.v === want && r.after.every((b) => b === 0xaa);
        return verdict(
          ok,
          `returns 0, the 8 bytes at the pointer hold ${px(want)} (and nothing after them is touched)`,
          `${ioctlText(r.res)}, the unsigned long holds ${px(r.v)}${r.after.every((b) => b === 0xaa) ? "" : ", bytes after it overwritten"}`,
        );
      },
    },
    {
      name: "IOCTL_LLKD_IOCQPGOFF with a bad pointer fails with EFAULT",
      async run(h) {
        const r = await withDevice(h, NAME, 0, (libc, fd) =>
          ioctl(libc, fd, IOCTL_LLKD_IOCQPGOFF, 0x10),
        );
        return verdict(!r.ok && r.code === "EFAULT", "EFAULT", ioctlText(r));
      },
    },
    {
      name: "the template's RESET, QPOWER and SPOWER still work",
      async run(h) {
        const r = await withDevice(h, NAME, 0, async (libc, fd) => {
          const p = libc.mem.malloc(4);
          const reset = await ioctl(libc, fd, IOCTL_LLKD_IOCRESET, 0);
          const q1 = await ioctl(libc, fd, IOCTL_LLKD_IOCQPOWER, p);
          const v1 = libc.mem.i32(p);
          const s = await ioctl(libc, fd, IOCTL_LLKD_IOCSPOWER, 0);
          const q2 = await ioctl(libc, fd, IOCTL_LLKD_IOCQPOWER, p);
          const v2 = libc.mem.i32(p);
          return { reset, q1, v1, s, q2, v2 };
        });
        if (!("reset" in r)) return verdict(false, "the three commands", r.code);
        const ok = r.reset.ok && r.q1.ok && r.v1 === 1 && r.s.ok && r.q2.ok && r.v2 === 0;
        return verdict(
          ok,
          "RESET returns 0, QPOWER gives 1, SPOWER 0 then QPOWER gives 0",
          `RESET ${ioctlText(r.reset)}, QPOWER ${ioctlText(r.q1)} (${r.v1}), SPOWER ${ioctlText(r.s)}, QPOWER ${ioctlText(r.q2)} (${r.v2})`,
        );
      },
    },
    {
      name: "unknown commands and a wrong magic fail with ENOTTY",
      async run(h) {
        const r = await withDevice(h, NAME, 0, async (libc, fd) => ({
          nr: await ioctl(libc, fd, _IO(IOCTL_LLKD_MAGIC, 9), 0),
          magic: await ioctl(libc, fd, _IO(0xa9, 1), 0),
        }));
        if (!("nr" in r)) return verdict(false, "ENOTTY twice", r.code);
        const ok = !r.nr.ok && r.nr.code === "ENOTTY" && !r.magic.ok && r.magic.code === "ENOTTY";
        return verdict(
          ok,
          "ENOTTY for _IO(0xa8, 9) and _IO(0xa9, 1)",
          `${ioctlText(r.nr)}; ${ioctlText(r.magic)}`,
        );
      },
    },
    {
      name: `${PROGRAM} /dev/${NAME} prints PAGE_OFFSET`,
      async run(h) {
        const want = h.k.options.pageOffset;
        const node = await devNode(h, NAME);
        const r = await h.sh(`sudo ./${PROGRAM} ${node ?? `/dev/${NAME}`}`);
        const ok = r.status === 0 && numbersIn(r.output).includes(want);
        return verdict(
          ok,
          `exit 0, ${px(want)} in the output`,
          `exit ${r.status}: ${JSON.stringify(r.output)}`,
        );
      },
    },
  ],
};
