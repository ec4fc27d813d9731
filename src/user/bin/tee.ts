/**
 * tee(1), GNU coreutils 8.28: copy standard input to standard output and files. Mirrors
 * src/tee.c (tee_files()): unbuffered, each chunk read is written everywhere at once; a
 * file that fails is reported and dropped, the others go on.
 */

import { O_APPEND, O_CREAT, O_TRUNC, O_WRONLY } from "../../include/uapi/fcntl.ts";
import { SIGINT } from "../../include/uapi/signal.ts";
import type { LongOption } from "../lib/getopt.ts";
import { type Cmd, coreutilsMain, errnoOf } from "../lib/prog.ts";

const LONG: LongOption[] = [
  { name: "append", hasArg: 0, val: "a" },
  { name: "ignore-interrupts", hasArg: 0, val: "i" },
  { name: "output-error", hasArg: 2, val: "output-error" },
];

const BUFSIZ = 8192;

async function run(cmd: Cmd, argv: string[]): Promise<number> {
  const { libc, q } = cmd;
  const { options, operands } = await cmd.getopt(argv, "aip", LONG);
  let append = false;
  for (const { key } of options) {
    if (key === "a") append = true;
    else if (key === "i") await libc.signal(SIGINT, "ignore");
  }
  let ok = true;
  const outs: { fd: number; name: string }[] = [{ fd: 1, name: "standard output" }];
  const flags = O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC);
  for (const f of operands) {
    try {
      outs.push({ fd: f === "-" ? 1 : await libc.open(f, flags, 0o666), name: f });
    } catch (e) {
      await cmd.error(q.quotef(f), errnoOf(e));
      ok = false;
    }
  }
  const buf = libc.mem.malloc(BUFSIZ);
  try {
    for (;;) {
      let n: number;
      try {
        n = await libc.read(0, buf, BUFSIZ);
      } catch (e) {
        await cmd.error("read error", errnoOf(e));
        ok = false;
        break;
      }
      if (n === 0) break;
      const data = libc.mem.read(buf, n);
      for (const o of outs) {
        if (o.fd < 0) continue;
        try {
          await libc.writeAll(o.fd, data);
        } catch (e) {
          await cmd.error(q.quotef(o.name), errnoOf(e));
          o.fd = -1;
          ok = false;
        }
      }
    }
  } finally {
    libc.mem.free(buf);
  }
  for (const o of outs.slice(1)) {
    if (o.fd > 1) await libc.close(o.fd).catch(() => 0);
  }
  return ok ? 0 : 1;
}

export const main = coreutilsMain(run);
