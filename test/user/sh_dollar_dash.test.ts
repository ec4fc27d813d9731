/**
 * `$-`: the shell's flags in each shell's own order. Expected values recorded from bash 5.2
 * and dash 0.5.12 on Debian 12: bash lists flags.c's shell_flags[] in order, then c (-c) or
 * s (standard input); dash lists its optletters backwards and has no c. A login bash at a
 * terminal shows himBHs.
 */
import { describe, expect, it } from "vitest";
import { startSession } from "../../src/user/session.ts";
import { boot, runProgram } from "../../src/vkern.ts";

describe("$-", () => {
  it.each([
    [["bash", "-c", 'echo "[$-]"'], "[hBc]\n"],
    [["bash", "-c", 'set -e; echo "[$-]"'], "[ehBc]\n"],
    [["bash", "-c", 'set -x -f -C; echo "[$-]"'], "[fhxBCc]\n"],
    [["bash", "-c", '(echo "[$-]")'], "[hBc]\n"],
    [["sh", "-c", 'echo "[$-]"'], "[]\n"],
    [["sh", "-c", 'set -eu; echo "[$-]"'], "[ue]\n"],
    [["sh", "-c", 'set -xfC; echo "[$-]"'], "[Cxf]\n"],
    [["sh", "-c", `echo 'echo "[$-]"' | bash`], "[hBs]\n"],
    [["sh", "-c", `echo 'echo "[$-]"' | sh`], "[s]\n"],
  ])("%j", async (argv, want) => {
    const k = await boot();
    const r = await runProgram(k, argv, { uid: 1000, cwd: "/" });
    expect(r.stdout).toBe(want);
  });

  it("an interactive login bash shows himBHs, and its subshells too", async () => {
    const k = await boot();
    let out = "";
    const s = await startSession(k, { onOutput: (b) => (out += new TextDecoder().decode(b)) });
    await s.shell.run('echo "[$-]"; (echo "[$-]")');
    expect(out).toBe("[himBHs]\n[himBHs]\n");
  });
});
