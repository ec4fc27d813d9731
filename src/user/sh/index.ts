/**
 * The shell: `bash` (the login shell's personality) and `sh` (dash 0.5.8),
 * one interpreter. Exports the session factory and the two programs.
 */
import type { Libc, ProgramMain } from "../libc/libc.ts";
import type { CreateShell, ShellPersonality } from "./api.ts";
import { Shell } from "./exec.ts";

export const createShell: CreateShell = (libc, options) => new Shell(libc, options);

const dec = new TextDecoder();

/** `sh [-c CMD [NAME [ARGS]] | SCRIPT [ARGS] | -s]` and the same for bash. */
function shellMain(personality: ShellPersonality): ProgramMain {
  return async (argv: string[], _envp: string[], libc: Libc) => {
    const self = personality === "dash" ? "sh" : "bash";
    const name0 = argv[0]?.split("/").pop() ?? self;
    const opts = new Set<string>();
    let i = 1;
    let command: string | null = null;
    for (; i < argv.length; i++) {
      const a = argv[i];
      if (a === "-c") {
        command = argv[++i] ?? null;
        if (command === null) {
          await libc.stderr.write(
            personality === "dash"
              ? `${name0}: 0: -c requires an argument\n`
              : `${name0}: -c: option requires an argument\n`,
          );
          return 2;
        }
        i++;
        break;
      }
      if (a === "--") {
        i++;
        break;
      }
      if (/^-[euxfCvil]+$/.test(a) || a === "--login" || a === "--norc" || a === "--noprofile") {
        for (const f of a.slice(1)) opts.add(f);
        continue;
      }
      if (/^-o$/.test(a)) {
        i++;
        continue;
      }
      break;
    }
    let source: string;
    let reads: "c" | "s" | undefined;
    let name = name0;
    let args: string[];
    if (command !== null) {
      source = command;
      reads = "c";
      name = argv[i] ?? name0;
      args = argv.slice(i + 1);
    } else if (i < argv.length) {
      const file = argv[i];
      try {
        source = dec.decode(await libc.readFile(file));
      } catch (e) {
        const errno = (e as { errno?: number }).errno ?? 2;
        if (personality === "dash") await libc.stderr.write(`${name0}: 0: Can't open ${file}\n`);
        else await libc.stderr.write(`${name0}: ${file}: ${libc.strerror(errno)}\n`);
        return 127;
      }
      name = file;
      args = argv.slice(i + 1);
    } else {
      source = dec.decode(await libc.readAll(0));
      reads = "s";
      args = [];
    }
    const sh = new Shell(libc, { personality, interactive: false, name, args, reads });
    for (const f of opts) if ("euxfCv".includes(f)) sh.st.options.add(f);
    const status = await sh.run(source);
    return status;
  };
}

export const bashMain = shellMain("bash");
export const dashMain = shellMain("dash");
export { Shell };
