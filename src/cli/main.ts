/**
 * The `vkern` command: boot a kernel and
 *   vkern                      open the interactive shell (real clock)
 *   vkern -c 'commands'        run commands as `bash -c` does, print their output
 *   vkern run script.sh        show a script's session as a terminal would
 *   vkern cram FILE.t...       check cram transcripts
 *   vkern exercise list|start NAME|check NAME [--dir PATH] [--json]
 * Options: --clock virtual|real, --user NAME, --panic-on-oops, --mount HOST:GUEST[:ro]
 */

import { readFileSync } from "node:fs";
import type { KernelOptions } from "../kernel/kernel.ts";
import { startSession } from "../user/session.ts";
import { boot } from "../vkern.ts";
import { runCramFiles } from "./cram.ts";
import { cramRunner } from "./cram_runner.ts";
import { exerciseMain } from "./exercise.ts";
import { applyMounts, type HostMount, parseMount } from "./hostfs.ts";
import { guardRejections } from "./rejections.ts";
import { interactive } from "./repl.ts";

interface CliOptions {
  clock?: "virtual" | "real";
  user: string;
  panicOnOops: boolean;
  mounts: HostMount[];
  rest: string[];
}

const USAGE = `usage: vkern [options] [-c COMMANDS | run SCRIPT | cram FILE.t... | exercise ...]
options:
  --clock virtual|real   the kernel's clock (default: real for the shell, virtual otherwise)
  --user NAME            log in as NAME (default llkd)
  --panic-on-oops        boot with /proc/sys/kernel/panic_on_oops = 1
  --mount HOST:GUEST[:ro]  copy a host directory into the guest at boot (:ro read-only)
`;

function parseArgs(argv: string[]): CliOptions | string {
  const o: CliOptions = { user: "llkd", panicOnOops: false, mounts: [], rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--clock") {
      const v = argv[++i];
      if (v !== "virtual" && v !== "real") return `vkern: --clock must be virtual or real`;
      o.clock = v;
    } else if (a.startsWith("--clock=")) {
      const v = a.slice(8);
      if (v !== "virtual" && v !== "real") return `vkern: --clock must be virtual or real`;
      o.clock = v;
    } else if (a === "--user") o.user = argv[++i] ?? "llkd";
    else if (a === "--panic-on-oops") o.panicOnOops = true;
    else if (a === "--mount") {
      const m = parseMount(argv[++i] ?? "");
      if (typeof m === "string") return m;
      o.mounts.push(m);
    } else if (a === "-h" || a === "--help") return USAGE;
    else {
      o.rest = argv.slice(i);
      break;
    }
  }
  return o;
}

async function bootFor(
  o: CliOptions,
  clock: "virtual" | "real",
  extra: Partial<KernelOptions> = {},
) {
  const k = await boot({ clock, panicOnOops: o.panicOnOops ? 1 : 0, ...extra });
  guardRejections(k);
  applyMounts(k, o.mounts);
  return k;
}

async function runCommands(o: CliOptions, source: string): Promise<number> {
  const k = await bootFor(o, o.clock ?? "virtual");
  const s = await startSession(k, {
    user: o.user,
    onOutput: (b) => process.stdout.write(b),
    interactive: false,
  });
  const status = await s.shell.run(source);
  return k.panicked ? 1 : status;
}

/** `vkern run`: each line after its prompt, then its output, as a terminal shows a session. */
async function runScript(o: CliOptions, path: string): Promise<number> {
  const text = readFileSync(path, "utf8");
  const k = await bootFor(o, o.clock ?? "virtual");
  const s = await startSession(k, { user: o.user, onOutput: (b) => process.stdout.write(b) });
  let pending = "";
  for (const line of text.split("\n")) {
    if (pending === "" && line === "") continue;
    await s.shell.beforePrompt();
    process.stdout.write(pending ? `> ${line}\n` : `${await s.shell.prompt()}${line}\n`);
    pending = pending ? `${pending}\n${line}` : line;
    if (!s.shell.isComplete(pending)) continue;
    await s.shell.run(pending);
    pending = "";
    if (s.shell.exited || k.panicked) break;
  }
  return s.shell.status;
}

export async function main(argv: string[]): Promise<number> {
  const o = parseArgs(argv);
  if (typeof o === "string") {
    process.stderr.write(o.endsWith("\n") ? o : `${o}\n`);
    return o === USAGE ? 0 : 2;
  }
  const [cmd, ...args] = o.rest;
  if (cmd === "-c") {
    if (args[0] === undefined) {
      process.stderr.write("vkern: -c: option requires an argument\n");
      return 2;
    }
    return runCommands(o, args[0]);
  }
  if (cmd === "run") {
    if (!args[0]) {
      process.stderr.write("vkern: run: a script file is needed\n");
      return 2;
    }
    return runScript(o, args[0]);
  }
  if (cmd === "exercise") return exerciseMain(args);
  if (cmd === "cram") {
    if (!args.length) {
      process.stderr.write("vkern: cram: no transcripts given\n");
      return 2;
    }
    return runCramFiles(args, cramRunner({ user: o.user }));
  }
  if (cmd !== undefined) {
    process.stderr.write(`vkern: unknown command '${cmd}'\n${USAGE}`);
    return 2;
  }
  const k = await bootFor(o, o.clock ?? "real");
  return interactive(k, o.user);
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
