/**
 * The checker of sysfs_addrxlate: addrxlate_kva2pa and addrxlate_pa2kva translate over
 * the direct map of RAM and reject addresses outside it.
 */
import { numbersIn, px } from "../common.ts";
import { type Harness, ioText } from "../harness.ts";
import { type Exercise, type ExerciseTest, verdict } from "../types.ts";
import { NAME, PLAT_NAME, STARTER, STATEMENT } from "./starter.ts";

const DIR = `/sys/devices/platform/${PLAT_NAME}`;
const KVA2PA = `${DIR}/addrxlate_kva2pa`;
const PA2KVA = `${DIR}/addrxlate_pa2kva`;

const pageOffset = (h: Harness) => h.k.options.pageOffset;
const ram = (h: Harness) => BigInt(h.k.options.ramBytes);

/** Writes `addr` (as echo does: hex and a newline) and reads the file back. */
async function translate(h: Harness, file: string, addr: bigint) {
  const w = await h.write(file, `${px(addr)}\n`);
  const r = await h.read(file);
  return { w, r, shown: r.ok ? numbersIn(r.text)[0] : undefined };
}

/** A test that a translation is done right. */
function translates(
  name: string,
  file: string,
  from: (h: Harness) => bigint,
  to: (h: Harness) => bigint,
): ExerciseTest {
  return {
    name,
    async run(h) {
      const a = from(h);
      const want = to(h);
      const { w, r, shown } = await translate(h, file, a);
      return verdict(
        w.ok && shown === want,
        `after writing ${px(a)}, reading shows ${px(want)}`,
        `write ${ioText(w)}, read ${ioText(r)}`,
      );
    },
  };
}

/** A test that an address is rejected and the previous translation kept. */
function rejects(
  name: string,
  file: string,
  good: (h: Harness) => bigint,
  bad: (h: Harness) => bigint | string,
): ExerciseTest {
  return {
    name,
    async run(h) {
      const before = await translate(h, file, good(h));
      const b = bad(h);
      const w = await h.write(file, typeof b === "string" ? b : `${px(b)}\n`);
      const r = await h.read(file);
      const kept = r.ok && before.shown !== undefined && numbersIn(r.text)[0] === before.shown;
      return verdict(
        !w.ok && kept,
        `writing ${typeof b === "string" ? JSON.stringify(b) : px(b)} fails (EFAULT or EINVAL) and the file keeps showing ${before.shown !== undefined ? px(before.shown) : "the previous translation"}`,
        `write ${ioText(w)}, then read ${ioText(r)}`,
      );
    },
  };
}

export const exercise: Exercise = {
  name: NAME,
  title: "platform driver translating kva <-> pa over the direct map in sysfs",
  statement: STATEMENT,
  starter: STARTER,
  module: NAME,
  creates: [DIR],
  tests: [
    {
      name: `${KVA2PA} and ${PA2KVA} exist`,
      async run(h) {
        const a = await h.exists(KVA2PA);
        const b = await h.exists(PA2KVA);
        return verdict(
          a && b,
          "both files",
          `${a ? "" : "no addrxlate_kva2pa "}${b ? "" : "no addrxlate_pa2kva"}`.trim() ||
            "both files",
        );
      },
    },
    {
      name: "before any write, both show 0",
      async run(h) {
        const a = await h.read(KVA2PA);
        const b = await h.read(PA2KVA);
        const ok = a.ok && b.ok && numbersIn(a.text)[0] === 0n && numbersIn(b.text)[0] === 0n;
        return verdict(ok, "0 in both", `kva2pa ${ioText(a)}, pa2kva ${ioText(b)}`);
      },
    },
    translates(
      "kva2pa: PAGE_OFFSET + 0x1000 is pa 0x1000",
      KVA2PA,
      (h) => pageOffset(h) + 0x1000n,
      () => 0x1000n,
    ),
    translates(
      "kva2pa: PAGE_OFFSET + 0x7654321 is pa 0x7654321",
      KVA2PA,
      (h) => pageOffset(h) + 0x7654321n,
      () => 0x7654321n,
    ),
    translates(
      "kva2pa: the last byte of the direct map",
      KVA2PA,
      (h) => pageOffset(h) + ram(h) - 1n,
      (h) => ram(h) - 1n,
    ),
    rejects(
      "kva2pa rejects PAGE_OFFSET - 1",
      KVA2PA,
      (h) => pageOffset(h) + 0x2000n,
      (h) => pageOffset(h) - 1n,
    ),
    rejects(
      "kva2pa rejects the end of the direct map (high_memory)",
      KVA2PA,
      (h) => pageOffset(h) + 0x3000n,
      (h) => pageOffset(h) + ram(h),
    ),
    rejects(
      "kva2pa rejects a user-space address",
      KVA2PA,
      (h) => pageOffset(h) + 0x4000n,
      () => 0x400000n,
    ),
    rejects(
      "kva2pa rejects text that is no number",
      KVA2PA,
      (h) => pageOffset(h) + 0x5000n,
      () => "hello\n",
    ),
    translates(
      "pa2kva: pa 0x1000 is PAGE_OFFSET + 0x1000",
      PA2KVA,
      () => 0x1000n,
      (h) => pageOffset(h) + 0x1000n,
    ),
    translates(
      "pa2kva: the last byte of RAM",
      PA2KVA,
      (h) => ram(h) - 1n,
      (h) => pageOffset(h) + ram(h) - 1n,
    ),
    rejects(
      "pa2kva rejects a pa past the end of RAM",
      PA2KVA,
      () => 0x2000n,
      (h) => ram(h) + 0x1000n,
    ),
  ],
};
