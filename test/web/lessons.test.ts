/**
 * The playground's lessons say what the book's machine prints after each command: run
 * every lesson in a fresh kernel on a terminal session and check that vkern prints it
 * ("…" in an expectation stands for text that changes from run to run).
 */
import { describe, expect, it } from "vitest";
import { startSession } from "../../src/user/session.ts";
import { boot } from "../../src/vkern.ts";
import { lessons } from "../../web/src/panes/lessons_data.ts";

function pattern(expected: string): RegExp {
  const parts = expected.split("…").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join("[\\s\\S]*?")}$`);
}

describe("lessons", () => {
  it.each(lessons.map((l) => [l.id, l] as const))(
    "%s: every step prints what the lesson says",
    async (_id, lesson) => {
      const k = await boot();
      let out = "";
      const s = await startSession(k, {
        terminal: { write: (b) => (out += new TextDecoder().decode(b)), cols: 200, rows: 50 },
      });
      for (const step of lesson.steps) {
        out = "";
        await s.shell.run(step.cmd);
        if (step.expect === undefined) continue;
        const got = out.replace(/\n$/, "");
        expect({ cmd: step.cmd, got }).toEqual({
          cmd: step.cmd,
          got: expect.stringMatching(pattern(step.expect)),
        });
      }
    },
  );
});
