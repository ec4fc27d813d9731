/**
 * ../shared/transcripts/ioctl.t run through the login shell, as `vkern cram` runs it.
 *
 * STAND-IN: cr8devnode.sh (the book's script) pipes /proc/devices through `awk '{print $1}'`,
 * and vkern has no awk yet. Until it has, this test installs a stand-in that knows only
 * `{print $N}`; once /usr/bin/awk exists the real one is used and the stand-in is unused.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { writeFile } from "../../src/init/initramfs.ts";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { type CommandResult, diffCram } from "../../src/user/cram/diff.ts";
import { parseCram } from "../../src/user/cram/parse.ts";
import type { Libc } from "../../src/user/libc/libc.ts";
import { programFile, programRegistry } from "../../src/user/libc/process.ts";
import { startSession } from "../../src/user/session.ts";
import { boot } from "../../src/vkern.ts";

const TRANSCRIPT = new URL("../../../shared/transcripts/ioctl.t", import.meta.url);

/** The stand-in awk: `awk '{print $N}'` over standard input, nothing else. */
async function awkStandIn(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const m = /^\{\s*print\s+\$(\d+)\s*\}$/.exec(argv[1] ?? "");
  if (!m || argv.length !== 2) {
    await libc.stderr.write("awk: only '{print $N}' is supported by this stand-in\n");
    return 2;
  }
  const n = Number(m[1]);
  const text = new TextDecoder().decode(await libc.readAll(0));
  for (const line of text.split("\n").slice(0, text.endsWith("\n") ? -1 : undefined)) {
    const fields = line.trim().split(/[ \t]+/);
    await libc.stdout.write(`${n === 0 ? line : (fields[n - 1] ?? "")}\n`);
  }
  return 0;
}

async function installAwkIfMissing(k: Kernel): Promise<void> {
  const registry = programRegistry.get(k);
  if (registry.has("awk")) return;
  registry.set("awk", awkStandIn);
  writeFile(k, "/usr/bin/awk", programFile("awk"), 0o755);
}

describe("ioctl.t", () => {
  it("passes through the login shell", async () => {
    const file = parseCram(readFileSync(TRANSCRIPT, "utf8"));
    const k = await boot({ clock: "virtual" });
    await installAwkIfMissing(k);
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
