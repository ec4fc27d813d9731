/**
 * The timing goal: make + insmod of a 200-line module in under 200 ms (host
 * time, from the shell command to the module being live). The first build in a process
 * also pays for compiling sucrase's own code (JIT warm-up); the goal is for the builds a
 * learner makes over and over.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { guest, kbuildMakefile } from "./helpers.ts";

const SRC = readFileSync(join(import.meta.dirname, "fixtures/big_module.ts"), "utf8");

it("make + insmod of a 200-line module takes under 200 ms", { timeout: 60_000 }, async () => {
  expect(SRC.split("\n").length).toBeGreaterThanOrEqual(200);
  const { put, sh, k } = await guest();
  await put("Makefile", kbuildMakefile("big_module"));
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    // A changed source each round: a full compile, modpost and link every time.
    await put("big_module.ts", `${SRC}// round ${i}\n`);
    const t0 = performance.now();
    const r = await sh("make -s && sudo insmod ./big_module.ko");
    times.push(performance.now() - t0);
    expect(r, r.output).toMatchObject({ status: 0, output: "" });
    expect(k.modules.find("big_module")?.state).toBe("LIVE");
    expect((await sh("sudo rmmod big_module")).status).toBe(0);
  }
  const warm = times.slice(1).sort((a, b) => a - b);
  const median = warm[Math.floor(warm.length / 2)];
  console.log(
    `make + insmod, 200-line module: first ${times[0].toFixed(1)} ms, then median ${median.toFixed(1)} ms (${warm.map((t) => t.toFixed(1)).join(", ")})`,
  );
  expect(median).toBeLessThan(200);
});
