/**
 * Command-line options as glibc's getopt_long() parses them (posix/getopt.c): clustered short
 * options (`-nv`), attached or separate arguments (`-n5`, `-n 5`), optional arguments (`x::`
 * attached only), long options with `=value` or a separate value, unambiguous abbreviations
 * of long options, `--` to end options, and argument permutation (operands may come before
 * options) unless the short-option string starts with '+' or POSIXLY_CORRECT is set.
 *
 * Errors are returned as the exact text glibc prints to stderr, so a command can print it,
 * add its "Try '... --help'" line and exit with its own status.
 */

export interface LongOption {
  name: string;
  /** 0: no argument, 1: required, 2: optional (only as `--name=value`). */
  hasArg: 0 | 1 | 2;
  /** What next() reports for it: a short option letter or any key. */
  val: string;
}

export interface ParsedOption {
  /** The short letter, or the long option's `val`. */
  key: string;
  arg?: string;
  /** How the user wrote it (`-n` or `--lines`), for diagnostics. */
  spelled: string;
  /** The argv index it came from (tells apart `-12` from `-1 -2`). */
  index: number;
}

export interface ParseResult {
  options: ParsedOption[];
  operands: string[];
  /** glibc's message (with the trailing newline) when parsing failed. */
  error?: string;
}

interface ShortSpec {
  hasArg: 0 | 1 | 2;
}

function parseShortSpec(spec: string): Map<string, ShortSpec> {
  const m = new Map<string, ShortSpec>();
  let i = spec[0] === "+" || spec[0] === "-" ? 1 : 0;
  if (spec[i] === ":") i++;
  for (; i < spec.length; i++) {
    const c = spec[i];
    let hasArg: 0 | 1 | 2 = 0;
    if (spec[i + 1] === ":") {
      hasArg = spec[i + 2] === ":" ? 2 : 1;
      i += hasArg;
    }
    m.set(c, { hasArg });
  }
  return m;
}

/**
 * Parses argv[1..] like repeated getopt_long() calls. Mirrors glibc posix/getopt.c:
 * _getopt_internal_r(), process_long_option().
 */
export function getoptLong(
  argv: readonly string[],
  shortSpec: string,
  longOptions: readonly LongOption[] = [],
  env?: { posixlyCorrect?: boolean },
): ParseResult {
  const prog = argv[0] ?? "";
  const shorts = parseShortSpec(shortSpec);
  const requireOrder = shortSpec[0] === "+" || env?.posixlyCorrect === true;
  const options: ParsedOption[] = [];
  const operands: string[] = [];
  const fail = (error: string): ParseResult => ({ options, operands, error });

  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (a.length < 2 || a[0] !== "-") {
      if (requireOrder) {
        operands.push(...argv.slice(i));
        break;
      }
      operands.push(a);
      continue;
    }
    if (a.startsWith("--")) {
      const body = a.slice(2);
      const eq = body.indexOf("=");
      const name = eq >= 0 ? body.slice(0, eq) : body;
      const exact = longOptions.find((o) => o.name === name);
      let opt = exact;
      if (!opt) {
        const cands = longOptions.filter((o) => o.name.startsWith(name));
        const distinct = cands.filter(
          (o) => o.hasArg !== cands[0].hasArg || o.val !== cands[0].val,
        );
        if (cands.length > 1 && distinct.length > 0) {
          const list = cands.map((o) => ` '--${o.name}'`).join("");
          return fail(`${prog}: option '--${name}' is ambiguous; possibilities:${list}\n`);
        }
        opt = cands[0];
      }
      if (!opt) return fail(`${prog}: unrecognized option '--${name}'\n`);
      const spelled = `--${opt.name}`;
      if (eq >= 0) {
        if (opt.hasArg === 0)
          return fail(`${prog}: option '--${opt.name}' doesn't allow an argument\n`);
        options.push({ key: opt.val, arg: body.slice(eq + 1), spelled, index: i });
      } else if (opt.hasArg === 1) {
        if (i + 1 >= argv.length)
          return fail(`${prog}: option '--${opt.name}' requires an argument\n`);
        options.push({ key: opt.val, arg: argv[i + 1], spelled, index: i++ });
      } else {
        options.push({ key: opt.val, spelled, index: i });
      }
      continue;
    }
    // A cluster of short options.
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      const s = c === ":" ? undefined : shorts.get(c);
      if (!s) return fail(`${prog}: invalid option -- '${c}'\n`);
      if (s.hasArg === 0) {
        options.push({ key: c, spelled: `-${c}`, index: i });
        continue;
      }
      const rest = a.slice(j + 1);
      if (rest) options.push({ key: c, arg: rest, spelled: `-${c}`, index: i });
      else if (s.hasArg === 2) options.push({ key: c, spelled: `-${c}`, index: i });
      else if (i + 1 < argv.length)
        options.push({ key: c, arg: argv[i + 1], spelled: `-${c}`, index: i++ });
      else return fail(`${prog}: option requires an argument -- '${c}'\n`);
      break;
    }
  }
  return { options, operands };
}

/** The line coreutils prints after a usage error (emit_try_help()). */
export function tryHelp(prog: string): string {
  return `Try '${prog} --help' for more information.\n`;
}
