/**
 * The checker of ioctl_pgoff: IOCTL_LLKD_IOCQPGOFF (_IOR(0xa8, 3, 8)) writes PAGE_OFFSET
 * to the caller's unsigned long, the template's commands still work, and the user
 * program prints the value.
 */
import { _IOR } from "../../include/uapi/ioctl.ts";
import { numbersIn, px } from "../common.ts";
import {
  devNode,
  hex,
  IOCTL_LLKD_MAGIC,
  ioctl,
  ioctlText,
  templateChecks,
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
    ...templateChecks(NAME),
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
