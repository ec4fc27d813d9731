/** Replays recorded real-tool sessions (test/bin/fixtures/*.ts) in vkern. */
import { expect } from "vitest";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { hostProcess, runProgram } from "../../src/user/run.ts";
import type { Step } from "./fixtures/step.ts";

/** The environment of the recordings: the C locale, UTC. */
export const C_ENV = [
  "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
  "HOME=/root",
  "LC_ALL=C",
  "TZ=UTC",
];

export async function run(
  k: Kernel,
  argv: string[],
  opts: { uid?: number; cwd?: string; env?: string[] } = {},
): Promise<{ output: string; status: number }> {
  const r = await runProgram(k, argv, {
    uid: opts.uid ?? 0,
    cwd: opts.cwd ?? "/",
    env: opts.env ?? C_ENV,
  });
  return { output: r.output, status: r.status };
}

/** Creates a file with `text` as user `uid` (the recordings' `!write` steps). */
export async function writeAs(k: Kernel, uid: number, path: string, text: string): Promise<void> {
  const { libc } = hostProcess(k, uid, "/", () => {});
  await libc.writeFile(path, text, 0o644);
}

export interface Replay {
  /** Expected output and status that differ in coreutils 8.28 (Ubuntu 18.04), by argv. */
  overrides?: Record<string, [string, number]>;
  /** Steps (by argv) that are not replayed, with the reason. */
  skip?: Record<string, string>;
  /** Rewrites of the expected text (e.g. the recording directory's absolute path). */
  rewrite?: (s: string) => string;
}

export const key = (argv: string[]) => argv.join(" ");

/** Runs the steps in `dir` (created first) as root; checks each output and status. */
export async function replay(
  k: Kernel,
  dir: string,
  steps: Step[],
  r: Replay = {},
): Promise<number> {
  await run(k, ["mkdir", "-p", dir]);
  let checked = 0;
  for (const step of steps) {
    if (step[0] === "!write") {
      await writeAs(k, 0, `${dir}/${step[1]}`, step[2].repeat(step.length === 4 ? step[3] : 1));
      continue;
    }
    const [argv, expected, status] = step;
    if (r.skip?.[key(argv)] !== undefined) continue;
    const [exp, st] = r.overrides?.[key(argv)] ?? [expected, status];
    const got = await run(k, argv, { cwd: dir });
    expect({ argv, output: got.output, status: got.status }).toEqual({
      argv,
      output: r.rewrite ? r.rewrite(exp) : exp,
      status: st,
    });
    checked++;
  }
  return checked;
}
