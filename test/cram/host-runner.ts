/**
 * A CramRunner for tests that runs the commands in the host's /bin/sh the way cram 0.7 does
 * (cram/_test.py:test(): one `sh -` session, an `echo SALT i $?` before each command and one
 * at the end, combined stdout and stderr, LANG/LC_ALL/LANGUAGE=C, TZ=GMT), then cuts the
 * output back into one result per command. Lets tests compare runCramFiles with real cram.
 */

import { spawnSync } from "node:child_process";
import type { CommandResult } from "../../src/user/cram/diff.ts";

export function hostShellRun(commands: readonly string[], cwd?: string): CommandResult[] {
  const salt = `VKERNCRAM${process.hrtime.bigint()}`;
  let script = "";
  commands.forEach((c, i) => {
    script += `echo ${salt} ${i} $?\n${c}\n`;
  });
  script += `echo ${salt} ${commands.length} $?\n`;
  const r = spawnSync("/bin/sh", ["-c", "exec 2>&1; exec /bin/sh -"], {
    input: script,
    cwd,
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      LANG: "C",
      LC_ALL: "C",
      LANGUAGE: "C",
      TZ: "GMT",
      CDPATH: "",
      COLUMNS: "80",
    },
  });
  const out = r.stdout.toString("latin1");
  const marks = [...out.matchAll(new RegExp(`${salt} (\\d+) (\\d+)\\n`, "g"))];
  const results: CommandResult[] = [];
  for (let k = 0; k < commands.length; k++) {
    const start = marks[k];
    if (start === undefined) break;
    const begin = start.index + start[0].length;
    const next = marks[k + 1];
    const bytes = Buffer.from(
      out.slice(begin, next === undefined ? undefined : next.index),
      "latin1",
    );
    if (next === undefined) {
      results.push({ output: new Uint8Array(bytes), status: r.status ?? 0, shellExited: true });
      break;
    }
    results.push({ output: new Uint8Array(bytes), status: Number(next[2]) });
  }
  return results;
}
