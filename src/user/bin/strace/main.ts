/**
 * strace(1), after strace 4.21 of Ubuntu 18.04: `strace [-f] [-qq] [-s N] [-e SET]
 * [-o FILE] CMD ARGS`. The child asks to be traced (PTRACE_TRACEME) and execs the
 * command; the kernel hands each of its system calls to the decoder (decoder.ts)
 * and writes the lines to our stderr or the -o file as they happen.
 */
import { O_CLOEXEC, O_CREAT, O_TRUNC, O_WRONLY } from "../../../include/uapi/fcntl.ts";
import { SIGKILL, SIGSTOP } from "../../../include/uapi/signal.ts";
import { ptrace_register_tracer } from "../../../kernel/ptrace.ts";
import { SysError } from "../../libc/errors.ts";
import type { Libc } from "../../libc/libc.ts";
import { parseTraceSet, StraceDecoder } from "./decoder.ts";

const USAGE_HINT = "Try 'strace -h' for more information.\n";

/** Mirrors error_msg_and_help(). */
async function usage(libc: Libc, msg: string): Promise<number> {
  await libc.stderr.write(`strace: ${msg}\n${USAGE_HINT}`);
  return 1;
}

/** Mirrors startup_child()'s path search: PATH, then "Can't stat". */
async function resolve(libc: Libc, name: string): Promise<string | null> {
  const candidates = name.includes("/")
    ? [name]
    : (libc.getenv("PATH") ?? "/usr/local/bin:/usr/bin:/bin")
        .split(":")
        .map((d) => `${d || "."}/${name}`);
  for (const c of candidates) {
    try {
      const st = await libc.stat(c);
      if ((st.mode & 0o170000) === 0o100000) return c;
    } catch {
      // keep looking
    }
  }
  return null;
}

export async function main(argv: string[], envp: string[], libc: Libc): Promise<number> {
  let follow = false;
  let strsize = 32;
  let outfile: string | null = null;
  let quiet = 0;
  let trace: Set<string> | null = null;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      i++;
      break;
    }
    if (!a.startsWith("-") || a === "-") break;
    const opt = a.slice(1, 2);
    const inline = a.slice(2);
    const value = async (): Promise<string | null> => {
      if (inline) return inline;
      if (i + 1 < argv.length) return argv[++i];
      await usage(libc, `option requires an argument -- '${opt}'`);
      return null;
    };
    if (/^-[fqF]+$/.test(a)) {
      follow ||= a.includes("f") || a.includes("F");
      quiet += [...a].filter((c) => c === "q").length;
    } else if (opt === "e") {
      const v = await value();
      if (v === null) return 1;
      if (/^(raw|abbrev|verbose|signal|signals|read|write|fault|inject)=/.test(v)) continue;
      const set = parseTraceSet(v);
      if (set && "bad" in set) {
        await libc.stderr.write(`strace: invalid system call '${set.bad}'\n`);
        return 1;
      }
      trace = set;
    } else if (opt === "o") {
      outfile = await value();
      if (outfile === null) return 1;
    } else if (opt === "s") {
      const v = await value();
      if (v === null) return 1;
      if (!/^\d+$/.test(v)) {
        await libc.stderr.write(`strace: invalid -s argument: '${v}'\n`);
        return 1;
      }
      strsize = Number(v);
    } else if (opt === "V") {
      await libc.printf("strace -- version 4.21\n");
      return 0;
    } else {
      return usage(libc, `invalid option -- '${opt}'`);
    }
  }
  const cmd = argv.slice(i);
  if (!cmd.length) return usage(libc, "must have PROG [ARGS] or -p PID");
  const path = await resolve(libc, cmd[0]);
  if (!path) {
    await libc.stderr.write(`strace: Can't stat '${cmd[0]}': No such file or directory\n`);
    return 1;
  }
  let fd = 2;
  if (outfile !== null) {
    try {
      fd = await libc.open(outfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666);
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      await libc.stderr.write(`strace: Can't fopen '${outfile}': ${libc.strerror(e.errno)}\n`);
      return 1;
    }
  }
  const decoder = new StraceDecoder({
    strsize,
    trace,
    pidPrefix: outfile !== null && follow,
    quietExit: quiet >= 2,
  });
  // ptrace, reduced: the kernel calls the decoder at each stop of our tracees.
  ptrace_register_tracer(libc.port.task, { fd, followForks: follow, formatter: decoder });
  const pid = await libc.fork(async (child) => {
    await child.syscall("ptrace", 0, 0, 0, 0);
    try {
      await child.execve(path, cmd, envp);
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      await child.stderr.write(`strace: exec: ${child.strerror(e.errno)}\n`);
      return 1;
    }
  });
  const { status } = await libc.waitpid(pid);
  const sig = status & 0x7f;
  if (sig) {
    // Mirror the tracee's death, as strace does on its way out.
    if (sig !== SIGKILL && sig !== SIGSTOP) await libc.signal(sig, "default");
    await libc.kill(await libc.getpid(), sig);
  }
  return (status >> 8) & 0xff;
}
