/**
 * `vkern -c` runs its commands as `bash -c` does: a non-interactive shell, so a background
 * job prints no `[1] PID` notice (bash 5.2: `bash -c 'true & wait; echo ok'` prints "ok"),
 * and a command's exit status is the process's.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const vkern = fileURLToPath(new URL("../../bin/vkern.js", import.meta.url));

describe("vkern -c", () => {
  it("is not interactive: no job notices, the last status is the exit status", () => {
    const r = spawnSync(process.execPath, [vkern, "-c", "true & wait; echo ok; exit 3"], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.stdout).toBe("ok\n");
    expect(r.status).toBe(3);
  }, 60_000);
});
