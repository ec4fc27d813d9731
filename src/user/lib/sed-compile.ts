/**
 * The sed script compiler: GNU sed 4.x's compile.c (compile_program(), compile_address(),
 * match_slash(), mark_subst_opts(), setup_replacement(), read_text()) producing a flat
 * command list whose `{` and branch commands hold jump indexes. Error texts and the
 * "-e expression #N, char M" positions are GNU sed's.
 */
import { PosixRegex, RegexError } from "./regex.ts";

export type Addr =
  | { t: "num"; n: number }
  | { t: "last" }
  | { t: "re"; re: PosixRegex | null }
  | { t: "mod"; first: number; step: number }
  | { t: "zero" }
  | { t: "plus"; n: number }
  | { t: "mult"; n: number };

export type ReplPart =
  | { t: "lit"; s: string }
  | { t: "ref"; n: number }
  | { t: "case"; c: "U" | "L" | "u" | "l" | "E" };

export interface Subst {
  re: PosixRegex | null;
  repl: ReplPart[];
  global: boolean;
  /** Replace the Nth match (and later ones with g). */
  numb: number;
  print: number;
  wfile?: string;
}

export interface Cmd {
  a1?: Addr;
  a2?: Addr;
  bang: boolean;
  name: string;
  range: "idle" | "active" | "closed";
  /** End line of a `+N`/`~N` range, computed when it starts. */
  rangeEnd: number;
  text?: string;
  label?: string;
  jump?: number;
  int?: number;
  subst?: Subst;
  ytab?: Map<string, string>;
  fname?: string;
}

export interface Program {
  cmds: Cmd[];
  /** `#n` on the first line: as -n. */
  quiet: boolean;
  /** Files named by w commands and s///w, to create before running. */
  wfiles: Set<string>;
  /**
   * Where compiling ended, which GNU sed's bad_prog() still names for an error found while
   * running ("-e expression #2, char 0", "file x.sed line 3"): the last piece, past its end.
   */
  endLocation: string;
}

export class SedError extends Error {
  /** Exit status: 1 for a bad script (EXIT_BAD_USAGE), 4 for a panic. */
  constructor(
    message: string,
    readonly status = 1,
  ) {
    super(message);
  }
}

export interface ScriptPiece {
  text: string;
  /** "-e expression #N" or "file F". */
  kind: "expr" | "file";
  name: string;
  index: number;
  /** For a file: the line its reading ended on (1 + its newlines). */
  endLine?: number;
}

const EOF = "";

export interface CompileOptions {
  extended: boolean;
  posix?: boolean;
  /** UTF-8 locale: `.` matches a whole character. */
  utf8?: boolean;
}

/** Compiles the -e/-f pieces in order into one program. Mirrors compile.c:compile_program(). */
export function compileScript(pieces: ScriptPiece[], opts: CompileOptions): Program {
  const last = pieces.at(-1);
  const endLocation =
    last?.kind === "file"
      ? `file ${last.name} line ${last.endLine ?? 1}`
      : `-e expression #${last?.index ?? 0}, char 0`;
  const prog: Program = { cmds: [], quiet: false, wfiles: new Set(), endLocation };
  const blocks: number[] = [];
  const labels = new Map<string, number>();
  const jumps: { cmd: Cmd; label: string }[] = [];
  let pendingText: Cmd | null = null;

  for (let pi = 0; pi < pieces.length; pi++) {
    const piece = pieces[pi];
    const src = piece.text;
    let pos = 0;
    let line = 1;
    const where = () =>
      piece.kind === "expr"
        ? `-e expression #${piece.index}, char ${pos}`
        : `file ${piece.name} line ${line}`;
    const bad = (msg: string): never => {
      throw new SedError(`${where()}: ${msg}`);
    };
    const inchar = (): string => {
      if (pos >= src.length) return EOF;
      const c = src[pos++];
      if (c === "\n") line++;
      return c;
    };
    const savchar = (c: string) => {
      if (c === EOF) return;
      pos--;
      if (c === "\n") line--;
    };
    const isBlank = (c: string) => c === " " || c === "\t";
    const inNonblank = (): string => {
      let c: string;
      do c = inchar();
      while (isBlank(c));
      return c;
    };
    const readEndOfCmd = () => {
      const c = inNonblank();
      if (c === "}" || c === "#") savchar(c);
      else if (c !== EOF && c !== "\n" && c !== ";") bad("extra characters after command");
    };
    const inInteger = (first: string): number => {
      let s = first;
      for (let c = inchar(); ; c = inchar()) {
        if (c >= "0" && c <= "9" && c !== EOF) s += c;
        else {
          savchar(c);
          break;
        }
      }
      return Number(s);
    };
    /** Mirrors match_slash(): text up to an unescaped delimiter, or null. */
    const matchSlash = (slash: string, regex: boolean): string | null => {
      let b = "";
      for (;;) {
        let c = inchar();
        if (c === EOF || c === "\n") {
          savchar(c);
          return null;
        }
        if (c === slash) return b;
        if (c === "\\") {
          c = inchar();
          if (c === EOF) return null;
          if (c === "n" && regex) c = "\n";
          else if (c !== "\n" && (c !== slash || (!regex && c === "&"))) b += "\\";
          b += c;
          continue;
        }
        b += c;
        // sed 4.9: a bracket expression may contain the delimiter.
        if (regex && c === "[") {
          const end = bracketEnd(src, pos);
          if (end > pos) {
            b += src.slice(pos, end);
            pos = end;
          }
        }
      }
    };
    const compileRe = (text: string, flags: { icase: boolean; multiline: boolean }) => {
      if (text === "") return null;
      try {
        return new PosixRegex([text], {
          extended: opts.extended,
          utf8: opts.utf8,
          sedEscapes: true,
          icase: flags.icase,
          multiline: flags.multiline,
        });
      } catch (e) {
        if (e instanceof RegexError) bad(e.message);
        throw e;
      }
    };
    /** Mirrors compile_address(); returns null when there is no address here. */
    const address = (c: string): Addr | null => {
      if (c === "/" || c === "\\") {
        if (c === "\\") c = inchar();
        const text = matchSlash(c, true);
        if (text === null) bad("unterminated address regex");
        const flags = { icase: false, multiline: false };
        for (;;) {
          const f = inNonblank();
          if (f === "I") flags.icase = true;
          else if (f === "M") flags.multiline = true;
          else {
            savchar(f);
            break;
          }
        }
        return { t: "re", re: compileRe(text as string, flags) };
      }
      if (c >= "0" && c <= "9" && c !== EOF) {
        const n = inInteger(c);
        const d = inNonblank();
        if (d !== "~") {
          savchar(d);
          return n === 0 ? { t: "zero" } : { t: "num", n };
        }
        const s = inNonblank();
        if (!(s >= "0" && s <= "9" && s !== EOF)) bad("expected newer version of sed");
        const step = inInteger(s);
        return step > 0 ? { t: "mod", first: n, step } : n === 0 ? { t: "zero" } : { t: "num", n };
      }
      if (c === "+" || c === "~") {
        const s = inNonblank();
        if (!(s >= "0" && s <= "9" && s !== EOF)) bad("expected newer version of sed");
        const n = inInteger(s);
        return c === "+" ? { t: "plus", n } : { t: "mult", n };
      }
      if (c === "$") return { t: "last" };
      return null;
    };
    const readLabel = (): string => {
      let c = inNonblank();
      let s = "";
      while (c !== EOF && c !== "\n" && c !== ";" && !isBlank(c)) {
        s += c;
        c = inchar();
      }
      savchar(c);
      return s;
    };
    const readFilename = (): string => {
      let c = inNonblank();
      let s = "";
      while (c !== EOF && c !== "\n") {
        s += c;
        c = inchar();
      }
      return s;
    };
    /** Mirrors read_text(): the text of a, i, c. */
    const readText = (cmd: Cmd, first: string) => {
      let c = first;
      if (c === "\\") {
        c = inchar();
        if (c !== "\n") savchar(c);
        if (c === EOF) {
          // "a\" at the end of an -e: the text is the next piece.
          pendingText = cmd;
          cmd.text = "";
          return;
        }
      } else {
        if (opts.posix) bad("expected \\ after `a', `c' or `i'");
        savchar(c);
        c = inNonblank();
        savchar(c);
        if (c === EOF || c === "\n") bad("expected \\ after `a', `c' or `i'");
      }
      cmd.text = collectText();
    };
    const collectText = (): string => {
      let t = "";
      for (let c = inchar(); c !== EOF; c = inchar()) {
        if (c === "\\") {
          const d = inchar();
          if (d === EOF) break;
          t += d;
          continue;
        }
        if (c === "\n") {
          t += "\n";
          return t;
        }
        t += c;
      }
      return `${t}\n`;
    };

    if (pendingText) {
      (pendingText as Cmd).text = collectText();
      pendingText = null;
    }
    if (pi === 0 && src.startsWith("#n") && (src.length === 2 || src[2] === "\n"))
      prog.quiet = true;

    for (;;) {
      let c = inchar();
      while (c === ";" || isBlank(c) || c === "\n") c = inchar();
      if (c === EOF) break;
      const cmd: Cmd = { bang: false, name: "", range: "idle", rangeEnd: 0 };
      const a1 = address(c);
      if (a1) {
        if (a1.t === "plus" || a1.t === "mult") bad("invalid usage of +N or ~N as first address");
        cmd.a1 = a1;
        c = inNonblank();
        if (c === ",") {
          const a2 = address(inNonblank());
          if (!a2) bad("unexpected `,'");
          if ((a2 as Addr).t === "zero") bad("invalid usage of line address 0");
          cmd.a2 = a2 as Addr;
          c = inNonblank();
        }
        if (a1.t === "zero" && cmd.a2?.t !== "re") bad("invalid usage of line address 0");
      }
      if (c === "!") {
        cmd.bang = true;
        c = inNonblank();
        while (isBlank(c)) c = inNonblank();
        if (c === "!") bad("multiple `!'s");
      }
      cmd.name = c;
      switch (c) {
        case "#":
          if (cmd.a1) bad("comments don't accept any addresses");
          while (c !== EOF && c !== "\n") c = inchar();
          continue;
        case "{":
          blocks.push(prog.cmds.length);
          prog.cmds.push(cmd);
          continue;
        case "}":
          if (!blocks.length) bad("unexpected `}'");
          if (cmd.a1) bad("`}' doesn't want any addresses");
          prog.cmds[blocks.pop() as number].jump = prog.cmds.length + 1;
          prog.cmds.push(cmd);
          readEndOfCmd();
          continue;
        case "a":
        case "i":
        case "c":
          readText(cmd, inNonblank());
          prog.cmds.push(cmd);
          continue;
        case ":": {
          if (cmd.a1) bad(": doesn't want any addresses");
          const l = readLabel();
          if (!l) bad('":" lacks a label');
          labels.set(l, prog.cmds.length);
          prog.cmds.push(cmd);
          continue;
        }
        case "b":
        case "t":
        case "T": {
          const l = readLabel();
          jumps.push({ cmd, label: l });
          prog.cmds.push(cmd);
          readEndOfCmd();
          continue;
        }
        case "q":
        case "Q":
        case "l":
        case "L": {
          if ((c === "q" || c === "Q") && cmd.a2) bad("command only uses one address");
          const d = inNonblank();
          if (d >= "0" && d <= "9" && d !== EOF) cmd.int = inInteger(d);
          else savchar(d);
          prog.cmds.push(cmd);
          readEndOfCmd();
          continue;
        }
        case "=":
        case "d":
        case "D":
        case "F":
        case "g":
        case "G":
        case "h":
        case "H":
        case "n":
        case "N":
        case "p":
        case "P":
        case "x":
        case "z":
          prog.cmds.push(cmd);
          readEndOfCmd();
          continue;
        case "r":
        case "R":
        case "w":
        case "W": {
          const f = readFilename();
          if (!f) bad("missing filename in r/R/w/W commands");
          cmd.fname = f;
          if (c === "w" || c === "W") prog.wfiles.add(f);
          prog.cmds.push(cmd);
          continue;
        }
        case "s": {
          const slash = inchar();
          const re = matchSlash(slash, true);
          if (re === null) bad("unterminated `s' command");
          const rep = matchSlash(slash, false);
          if (rep === null) bad("unterminated `s' command");
          const sub: Subst = { re: null, repl: [], global: false, numb: 0, print: 0 };
          const flags = { icase: false, multiline: false };
          // Mirrors mark_subst_opts().
          for (let done = false; !done; ) {
            const f = inchar();
            switch (f) {
              case "i":
              case "I":
                flags.icase = true;
                break;
              case "m":
              case "M":
                flags.multiline = true;
                break;
              case "e":
                break;
              case "p":
                if (sub.print) bad("multiple `p' options to `s' command");
                sub.print |= 1 << (sub.global ? 1 : 0);
                break;
              case "g":
                if (sub.global) bad("multiple `g' options to `s' command");
                sub.global = true;
                break;
              case "w":
                sub.wfile = readFilename();
                if (!sub.wfile) bad("missing filename in r/R/w/W commands");
                prog.wfiles.add(sub.wfile);
                done = true;
                break;
              case "#":
              case "}":
                savchar(f);
                done = true;
                break;
              case EOF:
              case "\n":
              case ";":
                done = true;
                break;
              case " ":
              case "\t":
                break;
              default:
                if (f >= "0" && f <= "9") {
                  if (sub.numb) bad("multiple number options to `s' command");
                  const n = inInteger(f);
                  if (n === 0) bad("number option to `s' command may not be zero");
                  sub.numb = n;
                  break;
                }
                bad("unknown option to `s'");
            }
          }
          if (!sub.numb) sub.numb = 1;
          sub.re = compileRe(re as string, flags);
          sub.repl = replacement(rep as string);
          const maxRef = Math.max(0, ...sub.repl.map((r) => (r.t === "ref" ? r.n : 0)));
          if (sub.re && maxRef > sub.re.groups)
            bad(`invalid reference \\${maxRef} on \`s' command's RHS`);
          cmd.subst = sub;
          prog.cmds.push(cmd);
          continue;
        }
        case "y": {
          const slash = inchar();
          const from = matchSlash(slash, false);
          if (from === null) bad("unterminated `y' command");
          const to = matchSlash(slash, false);
          if (to === null) bad("unterminated `y' command");
          const f = yString(from as string);
          const t = yString(to as string);
          if (f.length !== t.length) bad("strings for `y' command are different lengths");
          cmd.ytab = new Map(f.map((ch, i) => [ch, t[i]]));
          prog.cmds.push(cmd);
          readEndOfCmd();
          continue;
        }
        case EOF:
          bad("missing command");
          break;
        default:
          bad(`unknown command: \`${c}'`);
      }
    }
  }
  if (blocks.length) {
    const p = pieces[0];
    throw new SedError(
      p.kind === "expr"
        ? `-e expression #1, char 0: unmatched \`{'`
        : `file ${p.name} line 0: unmatched \`{'`,
    );
  }
  for (const j of jumps) {
    if (!j.label) j.cmd.jump = prog.cmds.length;
    else {
      const at = labels.get(j.label);
      if (at === undefined) throw new SedError(`can't find label for jump to \`${j.label}'`, 4);
      j.cmd.jump = at;
    }
  }
  return prog;
}

/** The end (index after `]`) of a bracket expression whose `[` is just before `i`, or i. */
function bracketEnd(s: string, i: number): number {
  let j = i;
  if (s[j] === "^") j++;
  if (s[j] === "]") j++;
  while (j < s.length && s[j] !== "]" && s[j] !== "\n") {
    if (s[j] === "[" && (s[j + 1] === ":" || s[j + 1] === "." || s[j + 1] === "=")) {
      const close = s.indexOf(`${s[j + 1]}]`, j + 2);
      if (close < 0) return i;
      j = close + 2;
    } else j++;
  }
  return s[j] === "]" ? j + 1 : i;
}

const ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  f: "\f",
  v: "\v",
  a: "\x07",
};

/** y strings: `\\` is a backslash, `\n` etc. are escapes, other backslashes stay. */
function yString(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\\" && i + 1 < s.length) {
      const d = s[++i];
      if (d === "\\") out.push("\\");
      else if (d in ESCAPES) out.push(ESCAPES[d]);
      else out.push("\\", d);
    } else out.push(s[i]);
  }
  return out;
}

/** Mirrors setup_replacement(): `&`, `\1`..`\9`, `\L \U \l \u \E`, escapes. */
function replacement(s: string): ReplPart[] {
  const parts: ReplPart[] = [];
  let lit = "";
  const flush = () => {
    if (lit) parts.push({ t: "lit", s: lit });
    lit = "";
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "&") {
      flush();
      parts.push({ t: "ref", n: 0 });
    } else if (c === "\\" && i + 1 < s.length) {
      const d = s[++i];
      if (d >= "0" && d <= "9") {
        flush();
        parts.push({ t: "ref", n: Number(d) });
      } else if (d === "L" || d === "U" || d === "l" || d === "u" || d === "E") {
        flush();
        parts.push({ t: "case", c: d });
      } else if (d in ESCAPES) lit += ESCAPES[d];
      else if (d === "c" && i + 1 < s.length) {
        lit += String.fromCharCode(s[++i].toUpperCase().charCodeAt(0) ^ 0x40);
      } else if ((d === "o" || d === "d" || d === "x") && i + 1 < s.length) {
        const re = d === "o" ? /^[0-7]{1,3}/ : d === "d" ? /^[0-9]{1,3}/ : /^[0-9a-fA-F]{1,2}/;
        const m = re.exec(s.slice(i + 1));
        if (m) {
          lit += String.fromCharCode(
            Number.parseInt(m[0], d === "o" ? 8 : d === "d" ? 10 : 16) & 0xff,
          );
          i += m[0].length;
        } else lit += d;
      } else lit += d;
    } else lit += c;
  }
  flush();
  return parts;
}
