/**
 * Executables built from a learner's TypeScript (by `tsc`, usually through make): an ELF
 * magic, then the compiled bundle (src/lib/js_bundle.ts). The binary format registered
 * here runs them: each exec evaluates the bundle afresh with "libc" and "linux" (uapi)
 * in scope and calls its main(argv, envp, libc) (the default export, or `main`).
 *
 * A program is JavaScript on the host's only thread: vkern cannot preempt it, so its
 * loops tick a watchdog too. A program that spins without yielding (no system call that
 * sleeps, no await) past the limit gets SIGXCPU, as if it had hit its CPU-time limit
 * (RLIMIT_CPU); the shell then reports "CPU time limit exceeded" (no core: Ubuntu's
 * default `ulimit -c` is 0).
 */
import { register_binfmt } from "../fs/exec.ts";
import { SIGXCPU } from "../include/uapi/signal.ts";
import type { Kernel } from "../kernel/kernel.ts";
import { decodeBundle, evaluateBundle, type JsBundle, undefinedSymbols } from "../lib/js_bundle.ts";
import { loopWatchdog } from "../lib/loop_guard.ts";
import type { Libc, ProgramMain } from "./libc/libc.ts";
import * as libcApi from "./prog_api.ts";
import * as uapi from "./prog_uapi.ts";

export const JSPROG_MAGIC = "\x7fELF\x02\x01\x01\x00vkern-jsprog\x00";

export const PROGRAM_BUILTINS: Record<string, object> = { libc: libcApi, linux: uapi };

/** Loop iterations without a yield before a program gets SIGXCPU. */
export const PROGRAM_SPIN_LIMIT = 1 << 27;

const enc = new TextEncoder();
const dec = new TextDecoder();

export function jsProgramFile(b: JsBundle): Uint8Array {
  return enc.encode(`${JSPROG_MAGIC}${JSON.stringify({ magic: "vkern-bundle-1", ...b })}`);
}

/** Names a program uses that its builtins do not define, as "name" (from "api"). */
export function programUndefined(b: JsBundle): string[] {
  return Object.entries(PROGRAM_BUILTINS).flatMap(([name, api]) => undefinedSymbols(b, name, api));
}

class Spinning extends Error {}

/** The ProgramMain that runs a compiled bundle. */
export function bundleMain(b: JsBundle): ProgramMain {
  return async (argv: string[], envp: string[], libc: Libc) => {
    const wd = loopWatchdog(
      () => PROGRAM_SPIN_LIMIT,
      () => new Spinning("spinning"),
    );
    try {
      const exp = evaluateBundle(b, PROGRAM_BUILTINS, wd);
      const main = (exp.default ?? exp.main) as ProgramMain | undefined;
      if (typeof main !== "function") {
        await libc.stderr.write(`${argv[0]}: no main() (export default async function main)\n`);
        return 127;
      }
      return await main(argv, envp, libc);
    } catch (e) {
      if (!(e instanceof Spinning)) throw e;
      await libc.fflushAll().catch(() => {});
      await libc.kill(await libc.getpid(), SIGXCPU);
      return 128 + SIGXCPU;
    }
  };
}

/** Registers the binary format of compiled programs (register_binfmt()). */
export function registerJsProgramBinfmt(k: Kernel): void {
  k.run(() =>
    register_binfmt(k.tasks.init, (bprm) => {
      const head = dec.decode(bprm.bytes.subarray(0, JSPROG_MAGIC.length));
      if (head !== JSPROG_MAGIC) return null;
      const b = decodeBundle(dec.decode(bprm.bytes.subarray(JSPROG_MAGIC.length)));
      return b ? { main: bundleMain(b) } : null;
    }),
  );
}
