/**
 * A learner's edit-build-load cycle: `make -s && sudo insmod ./big_module.ko` on a changed
 * 200-line module (a full compile, modpost and link), then rmmod. The goal: make +
 * insmod under 200 ms.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { guest, kbuildMakefile } from "../test/modules/helpers.ts";
import type { BenchCase } from "./harness.ts";

const SRC = readFileSync(
  join(import.meta.dirname, "../test/modules/fixtures/big_module.ts"),
  "utf8",
);

export const cases: BenchCase[] = [
  {
    name: "own_module_make_insmod_rmmod_200_lines",
    batch: 1,
    compare: "the issue's goal: make + insmod under 200 ms (200 000 000 ns)",
    async setup() {
      const { put, sh } = await guest();
      await put("Makefile", kbuildMakefile("big_module"));
      let round = 0;
      return async () => {
        await put("big_module.ts", `${SRC}// round ${round++}\n`);
        const r = await sh("make -s && sudo insmod ./big_module.ko && sudo rmmod big_module");
        if (r.status !== 0) throw new Error(r.output);
      };
    },
  },
];
