/**
 * The checker of dbgfs_disp_pgoff: <debugfs>/dbgfs_disp_pgoff shows PAGE_OFFSET.
 * Run: `vkern exercise check dbgfs_disp_pgoff [--dir PATH]`, or `check dbgfs_disp_pgoff`
 * in the guest.
 */
import { numbersIn, px } from "../common.ts";
import { ioText } from "../harness.ts";
import { type Exercise, verdict } from "../types.ts";
import { NAME, STARTER, STATEMENT } from "./starter.ts";

const FILE = `/sys/kernel/debug/${NAME}`;

export const exercise: Exercise = {
  name: NAME,
  title: "debugfs file <debugfs>/dbgfs_disp_pgoff showing PAGE_OFFSET",
  statement: STATEMENT,
  starter: STARTER,
  module: NAME,
  creates: [FILE],
  tests: [
    {
      name: `${FILE} exists`,
      async run(h) {
        const ok = await h.exists(FILE);
        return verdict(
          ok,
          `${FILE} is there while the module is loaded`,
          ok ? "it is" : "no such file",
        );
      },
    },
    {
      name: "reading it shows PAGE_OFFSET",
      async run(h) {
        const want = h.k.options.pageOffset;
        const r = await h.read(FILE);
        const seen = ioText(r);
        const ok = r.ok && numbersIn(r.text).includes(want);
        return verdict(ok, `text with ${px(want)} (this kernel's PAGE_OFFSET)`, seen);
      },
    },
    {
      name: "reading it 3 bytes at a time gives the same text",
      async run(h) {
        const whole = await h.read(FILE);
        const bits = await h.read(FILE, 0, 3);
        const ok = whole.ok && bits.ok && whole.text === bits.text && whole.text.length > 0;
        return verdict(
          ok,
          whole.ok ? JSON.stringify(whole.text) : "a readable file",
          `${ioText(bits)} (read(fd, buf, 3) in a loop)`,
        );
      },
    },
  ],
};
