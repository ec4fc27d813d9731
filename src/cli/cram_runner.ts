/**
 * Runs a transcript's commands in one login shell of a freshly booted kernel
 * with the virtual clock: output is what the shell and its children write to
 * the session's pipe while each command runs.
 */

import type { CommandResult } from "../user/cram/diff.ts";
import { startSession } from "../user/session.ts";
import { boot } from "../vkern.ts";
import type { CramRunner } from "./cram.ts";
import { guardRejections } from "./rejections.ts";

export function cramRunner(o: { user?: string } = {}): CramRunner {
  return async (commands) => {
    const k = await boot({ clock: "virtual" });
    guardRejections(k);
    const chunks: Uint8Array[] = [];
    const s = await startSession(k, { user: o.user, onOutput: (b) => chunks.push(b.slice()) });
    const results: CommandResult[] = [];
    for (const c of commands) {
      chunks.length = 0;
      const status = await s.shell.run(c);
      // Let background work that is already runnable finish writing, then print the
      // job notices bash shows before the next prompt: they end this command's output.
      await new Promise((r) => setImmediate(r));
      await s.shell.beforePrompt();
      const out = Buffer.concat(chunks);
      const exited = s.shell.exited || k.panicked !== null;
      results.push({ output: new Uint8Array(out), status, shellExited: exited });
      if (exited) break;
    }
    return results;
  };
}
