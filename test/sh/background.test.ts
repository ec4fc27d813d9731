/**
 * `cmd &` of one simple command: the background child runs the command itself, as bash
 * execs it there, so `$!` is the command's pid and `kill $!` reaches it. Recorded from
 * bash 5.2: `bash -c 'sleep 3 & p=$!; kill $p; wait $p; echo "status $?"'` prints
 * `status 143`.
 */
import { describe, expect, it } from "vitest";
import { runProgram } from "../../src/user/run.ts";
import { boot } from "../../src/vkern.ts";

describe("background jobs", () => {
  it("$! is the background command's own pid, and kill $! ends it", async () => {
    const k = await boot({ clock: "real" });
    const r = await runProgram(
      k,
      [
        "bash",
        "-c",
        'sleep 3 & p=$!; ps -o pid= -o comm= | grep -c "^ *$p sleep$"; kill $p; wait $p; echo "status $?"',
      ],
      { uid: 1000, cwd: "/" },
    );
    expect(r.output).toBe("1\nstatus 143\n");
  });

  it("a compound background job still runs in a subshell of its own", async () => {
    const k = await boot({ clock: "real" });
    const r = await runProgram(
      k,
      [
        "bash",
        "-c",
        '{ sleep 3; } & p=$!; ps -o pid= -o comm= | grep -c "^ *$p bash$"; kill $p; wait $p; echo "status $?"',
      ],
      { uid: 1000, cwd: "/" },
    );
    expect(r.output).toBe("1\nstatus 143\n");
  });
});
