/** ../shared/transcripts/ioctl.t run through the login shell, as `vkern cram` runs it. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type CommandResult, diffCram } from "../../src/user/cram/diff.ts";
import { parseCram } from "../../src/user/cram/parse.ts";
import { startSession } from "../../src/user/session.ts";
import { boot } from "../../src/vkern.ts";

const TRANSCRIPT = new URL("../../../shared/transcripts/ioctl.t", import.meta.url);

describe("ioctl.t", () => {
  it("passes through the login shell", async () => {
    const file = parseCram(readFileSync(TRANSCRIPT, "utf8"));
    const k = await boot({ clock: "virtual" });
    const chunks: Uint8Array[] = [];
    const s = await startSession(k, { onOutput: (b) => chunks.push(b.slice()) });
    const results: CommandResult[] = [];
    for (const c of file.commands) {
      chunks.length = 0;
      const status = await s.shell.run(c.command);
      await new Promise((r) => setImmediate(r));
      await s.shell.beforePrompt();
      const size = chunks.reduce((a, b) => a + b.length, 0);
      const out = new Uint8Array(size);
      let o = 0;
      for (const b of chunks) {
        out.set(b, o);
        o += b.length;
      }
      results.push({ output: out, status, shellExited: s.shell.exited });
    }
    const diff = diffCram(file, results, "ioctl.t");
    expect(diff.diff).toBe("");
    expect(diff.passed).toBe(true);
  });
});
