/**
 * Word expansion (POSIX 2.6, as dash and bash do it): bash's brace expansion
 * (braces.ts), tilde, parameters, command substitution, arithmetic, field
 * splitting, pathname expansion, quote removal.
 */

import { braceExpandWord } from "./braces.ts";
import type { DQPart, List, ParamExpansion, Word, WordPart } from "./parse/index.ts";
import { ArithError, evalArith } from "./parse/index.ts";
import { ShellError, type ShellState } from "./state.ts";

/** What expansion needs from the running shell. */
export interface ExpandHost {
  state: ShellState;
  commandSub(body: List, text: string): Promise<string>;
  homeOf(user: string): Promise<string | null>;
  readdir(dir: string): Promise<string[] | null>;
  /** Reports an expansion error the way the personality does, and aborts the command. */
  fail(message: string, status?: number): never;
}

interface Seg {
  text: string;
  /** Quoted text: never split, never a pattern. */
  quoted: boolean;
  /** Unquoted pattern characters (a Glob part). */
  glob: boolean;
}

interface Field {
  segs: Seg[];
  /** Had a quoted part: survives even when empty. */
  quotedEmpty: boolean;
}

function ifsOf(st: ShellState): string {
  const v = st.get("IFS");
  return v === undefined ? " \t\n" : v;
}

/** Escapes text so it matches itself in a shell pattern. */
function escapePattern(s: string): string {
  return s.replace(/[\\*?[\]]/g, (c) => `\\${c}`);
}

/** A shell pattern (glob) as a RegExp source; `\` escapes. */
export function patternToRegex(p: string): string {
  let re = "";
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === "\\" && i + 1 < p.length) {
      re += p[++i].replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    } else if (c === "*") re += "[\\s\\S]*";
    else if (c === "?") re += "[\\s\\S]";
    else if (c === "[") {
      const end = findBracketEnd(p, i);
      if (end < 0) {
        re += "\\[";
        continue;
      }
      let body = p.slice(i + 1, end);
      let neg = false;
      if (body.startsWith("!") || body.startsWith("^")) {
        neg = true;
        body = body.slice(1);
      }
      const cls = body
        .replace(/\[:(\w+):\]/g, (_m, n: string) => POSIX_CLASSES[n] ?? "")
        .replace(/\\(.)/g, (_m, ch: string) => `\\${ch}`)
        .replace(/([\]^])/g, "\\$1")
        .replace(/\\\\\\\]/g, "\\]");
      re += `[${neg ? "^" : ""}${cls}]`;
      i = end;
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return re;
}

const POSIX_CLASSES: Record<string, string> = {
  alpha: "a-zA-Z",
  digit: "0-9",
  alnum: "a-zA-Z0-9",
  upper: "A-Z",
  lower: "a-z",
  space: " \\t\\n\\r\\f\\v",
  blank: " \\t",
  punct: "!-\\/:-@\\[-`{-~",
  xdigit: "0-9A-Fa-f",
  cntrl: "\\x00-\\x1f\\x7f",
  print: "\\x20-\\x7e",
  graph: "\\x21-\\x7e",
};

function findBracketEnd(p: string, start: number): number {
  let i = start + 1;
  if (p[i] === "!" || p[i] === "^") i++;
  if (p[i] === "]") i++;
  for (; i < p.length; i++) {
    if (p[i] === "[" && p[i + 1] === ":") {
      const e = p.indexOf(":]", i + 2);
      if (e > 0) {
        i = e + 1;
        continue;
      }
    }
    if (p[i] === "\\") {
      i++;
      continue;
    }
    if (p[i] === "]") return i;
  }
  return -1;
}

export function patternMatch(pattern: string, s: string): boolean {
  return new RegExp(`^${patternToRegex(pattern)}$`).test(s);
}

export class Expander {
  constructor(private readonly h: ExpandHost) {}

  private get st(): ShellState {
    return this.h.state;
  }

  /** Expands words into fields (simple-command arguments, for-lists). */
  async words(words: readonly Word[]): Promise<string[]> {
    const out: string[] = [];
    for (const w of words) {
      for (const b of this.braces(w)) out.push(...(await this.word(b, true)));
    }
    return out;
  }

  /** Bash's brace expansion, while `set -B` is on (dash has none). */
  private braces(w: Word): Word[] {
    const st = this.st;
    return st.personality === "bash" && st.options.has("B") ? braceExpandWord(w, st.lineno) : [w];
  }

  /**
   * A redirection's file or fd word. Bash brace-expands it, and one that
   * becomes other than one field is an "ambiguous redirect"
   * (redir.c:redirection_expand()).
   */
  async target(w: Word): Promise<string> {
    const words = this.braces(w);
    if (words.length === 1 && words[0] === w) return this.single(w);
    const fields: string[] = [];
    for (const b of words) fields.push(...(await this.word(b, true)));
    if (fields.length !== 1) this.h.fail(`${w.text}: ambiguous redirect`, 1);
    return fields[0];
  }

  /** Expands one word without field splitting or globbing (redirection targets, assignments, case). */
  async single(w: Word): Promise<string> {
    const fields = await this.fields(w, false);
    return fields.map((f) => f.segs.map((s) => s.text).join("")).join(" ");
  }

  /** Expands a word into a pattern: quoted parts escaped, Glob parts active (case, ${x#p}). */
  async pattern(w: Word): Promise<string> {
    const fields = await this.fields(w, false);
    return fields
      .map((f) => f.segs.map((s) => (s.glob ? s.text : escapePattern(s.text))).join(""))
      .join(" ");
  }

  async word(w: Word, glob: boolean): Promise<string[]> {
    const fields = await this.fields(w, true);
    const out: string[] = [];
    for (const f of fields) {
      const text = f.segs.map((s) => s.text).join("");
      if (text === "" && !f.quotedEmpty) continue;
      if (glob && !this.st.options.has("f") && f.segs.some((s) => s.glob)) {
        const pat = f.segs.map((s) => (s.glob ? s.text : escapePattern(s.text))).join("");
        const matches = await this.glob(pat);
        if (matches.length) {
          out.push(...matches);
          continue;
        }
      }
      out.push(text);
    }
    return out;
  }

  private async fields(w: Word, split: boolean): Promise<Field[]> {
    const fields: Field[] = [{ segs: [], quotedEmpty: false }];
    const cur = () => fields[fields.length - 1];
    const push = (seg: Seg) => cur().segs.push(seg);
    const ifs = ifsOf(this.st);
    const newField = (): Field => ({ segs: [], quotedEmpty: false });
    // POSIX field splitting: IFS whitespace separates (and is trimmed); each
    // other IFS character ends a field, empty or not.
    const addUnquoted = (value: string) => {
      if (!split) {
        push({ text: value, quoted: false, glob: false });
        return;
      }
      let buf = "";
      let pendingBreak = false;
      const flush = () => {
        if (buf) push({ text: buf, quoted: false, glob: /[*?[]/.test(buf) });
        buf = "";
      };
      for (const c of value) {
        if (ifs.includes(c)) {
          flush();
          if (" \t\n".includes(c)) {
            if (cur().segs.length || cur().quotedEmpty) pendingBreak = true;
          } else {
            cur().quotedEmpty = true;
            fields.push(newField());
            pendingBreak = false;
          }
        } else {
          if (pendingBreak) {
            fields.push(newField());
            pendingBreak = false;
          }
          buf += c;
        }
      }
      flush();
      if (pendingBreak) fields.push(newField());
    };
    for (const part of w.parts) {
      await this.part(part, {
        push,
        addUnquoted,
        markQuoted: () => {
          cur().quotedEmpty = true;
        },
        newField: () => fields.push({ segs: [], quotedEmpty: true }),
      });
    }
    return fields;
  }

  private async part(
    part: WordPart,
    o: {
      push: (s: Seg) => void;
      addUnquoted: (v: string) => void;
      markQuoted: () => void;
      newField: () => void;
    },
  ): Promise<void> {
    switch (part.type) {
      case "Literal":
        o.push({ text: part.value, quoted: true, glob: false });
        return;
      case "Glob":
        o.push({ text: part.value, quoted: false, glob: true });
        return;
      case "Tilde": {
        const home =
          part.user === "" ? (this.st.get("HOME") ?? "") : await this.h.homeOf(part.user);
        o.push({ text: home ?? `~${part.user}`, quoted: true, glob: false });
        return;
      }
      case "SingleQuoted":
      case "Escaped":
      case "AnsiCQuoted":
        o.markQuoted();
        o.push({ text: part.value, quoted: true, glob: false });
        return;
      case "DoubleQuoted":
        o.markQuoted();
        await this.doubleQuoted(part.parts, o);
        return;
      case "Param": {
        if ((part.name === "@" || part.name === "*") && part.op === "") {
          // Unquoted $@ and $*: each positional parameter, each split again.
          const params = this.st.positional;
          params.forEach((p, i) => {
            if (i > 0) o.addUnquoted(" ");
            o.addUnquoted(p);
          });
          return;
        }
        const v = await this.param(part, false);
        if (v !== null) o.addUnquoted(v);
        return;
      }
      case "CommandSub":
        o.addUnquoted(await this.h.commandSub(part.body, part.text));
        return;
      case "Arith":
        o.addUnquoted(await this.arith(part.expr, part.text));
        return;
      case "BadSubst":
        this.h.fail(
          this.st.personality === "dash" ? "Bad substitution" : `${part.text}: bad substitution`,
          this.st.personality === "dash" ? 2 : 1,
        );
    }
  }

  private async doubleQuoted(
    parts: readonly DQPart[],
    o: { push: (s: Seg) => void; newField: () => void },
  ): Promise<void> {
    for (const p of parts) {
      if (p.type === "Param" && p.name === "@" && p.op === "") {
        // "$@": one field per positional parameter.
        this.st.positional.forEach((v, i) => {
          if (i > 0) o.newField();
          o.push({ text: v, quoted: true, glob: false });
        });
        continue;
      }
      o.push({ text: await this.dqText(p), quoted: true, glob: false });
    }
  }

  /** The text of a part inside double quotes (or a here-document body). */
  async dqText(p: DQPart): Promise<string> {
    switch (p.type) {
      case "Literal":
        return p.value;
      case "Glob":
        return p.value;
      case "DoubleQuoted": {
        let s = "";
        for (const q of p.parts) s += await this.dqText(q);
        return s;
      }
      case "Param":
        return (await this.param(p, true)) ?? "";
      case "CommandSub":
        return this.h.commandSub(p.body, p.text);
      case "Arith":
        return this.arith(p.expr, p.text);
      case "BadSubst":
        return this.h.fail(
          this.st.personality === "dash" ? "Bad substitution" : `${p.text}: bad substitution`,
          this.st.personality === "dash" ? 2 : 1,
        );
    }
  }

  async dqParts(parts: readonly DQPart[]): Promise<string> {
    let s = "";
    for (const p of parts) s += await this.dqText(p);
    return s;
  }

  private async arith(expr: readonly DQPart[], text: string): Promise<string> {
    const src = await this.dqParts(expr);
    try {
      const v = evalArith(
        src,
        {
          lookup: (n) => this.st.get(n),
          assign: (n, val) => {
            this.st.set(n, val.toString());
          },
        },
        this.st.personality,
      );
      return BigInt.asIntN(64, v).toString();
    } catch (e) {
      if (e instanceof ArithError) {
        const msg =
          this.st.personality === "dash"
            ? `arithmetic expression: ${e.message}: "${text}"`
            : `${src}: ${e.message}`;
        return this.h.fail(msg, this.st.personality === "dash" ? 2 : 1);
      }
      throw e;
    }
  }

  /** The value of a special or named parameter, undefined when unset. */
  lookup(name: string): string | undefined {
    const st = this.st;
    switch (name) {
      case "?":
        return String(st.status);
      case "$":
        return String(st.pid);
      case "#":
        return String(st.positional.length);
      case "@":
      case "*":
        return st.positional.join(name === "*" ? (ifsOf(st)[0] ?? "") : " ");
      case "0":
        return st.name;
      case "!":
        return st.lastBg ? String(st.lastBg) : st.personality === "dash" ? undefined : "";
      case "-":
        return st.dollarDash();
      case "LINENO":
        return String(st.lineno);
      default:
        if (/^\d+$/.test(name)) return st.positional[Number(name) - 1];
        return st.get(name);
    }
  }

  private async param(p: ParamExpansion, quoted: boolean): Promise<string | null> {
    const st = this.st;
    let name = p.name;
    if (p.indirect) name = this.lookup(name) ?? "";
    const value = this.lookup(name);
    const isSet = value !== undefined;
    const nullOrUnset = !isSet || value === "";
    const argText = async () => (p.arg ? ((await this.wordAsString(p.arg)) ?? "") : "");
    switch (p.op) {
      case "":
        if (!isSet && st.options.has("u") && name !== "@" && name !== "*") this.unbound(name);
        return value ?? "";
      case "length":
        if (!isSet && st.options.has("u")) this.unbound(name);
        return String(
          name === "@" || name === "*" ? st.positional.length : [...(value ?? "")].length,
        );
      case "-":
        return isSet ? value : argText();
      case ":-":
        return nullOrUnset ? argText() : value;
      case "=":
      case ":=": {
        if (p.op === "=" ? !isSet : nullOrUnset) {
          const v = await argText();
          if (/^\d+$|^[@*#?$!0-]$/.test(name)) {
            this.h.fail(
              st.personality === "dash"
                ? `${name}: cannot assign in this way`
                : `$${name}: cannot assign in this way`,
            );
          }
          st.set(name, v);
          return v;
        }
        return value ?? "";
      }
      case "?":
      case ":?": {
        if (p.op === "?" ? !isSet : nullOrUnset) {
          const msg = await argText();
          const text =
            msg ||
            (st.personality === "dash"
              ? isSet
                ? "parameter null or not set"
                : "parameter not set"
              : isSet
                ? "parameter null or not set"
                : "parameter null or not set");
          this.h.fail(`${name}: ${text}`, st.personality === "dash" ? 2 : 1);
        }
        return value ?? "";
      }
      case "+":
        return isSet ? argText() : "";
      case ":+":
        return nullOrUnset ? "" : argText();
      case "#":
      case "##":
      case "%":
      case "%%": {
        const v = value ?? "";
        const pat = p.arg ? await this.pattern(p.arg) : "";
        return removePattern(v, pat, p.op);
      }
      case "/":
      case "//":
      case "/#":
      case "/%": {
        const v = value ?? "";
        const pat = p.arg ? await this.pattern(p.arg) : "";
        const rep = p.replacement ? await this.single(p.replacement) : "";
        return replacePattern(v, pat, rep, p.op);
      }
      case "substring": {
        const v = [...(value ?? "")];
        const off = Number(await this.arithOf(p.arg));
        const start = off < 0 ? Math.max(0, v.length + off) : Math.min(off, v.length);
        if (p.length === null) return v.slice(start).join("");
        const len = Number(await this.arithOf(p.length));
        const end = len < 0 ? v.length + len : start + len;
        return v.slice(start, Math.max(start, end)).join("");
      }
      case "^":
      case "^^":
      case ",":
      case ",,": {
        const v = value ?? "";
        const up = p.op.startsWith("^");
        const all = p.op.length === 2;
        const conv = (c: string) => (up ? c.toUpperCase() : c.toLowerCase());
        return all ? [...v].map(conv).join("") : v ? conv(v[0]) + v.slice(1) : v;
      }
    }
    void quoted;
    return value ?? "";
  }

  private async arithOf(w: Word | null): Promise<bigint> {
    if (!w) return 0n;
    const text = await this.single(w);
    try {
      return evalArith(
        text,
        { lookup: (n) => this.st.get(n), assign: (n, v) => void this.st.set(n, v.toString()) },
        this.st.personality,
      );
    } catch (e) {
      if (e instanceof ArithError) this.h.fail(`${text}: ${e.message}`);
      throw e;
    }
  }

  private async wordAsString(w: Word): Promise<string | null> {
    return this.single(w);
  }

  private unbound(name: string): never {
    const st = this.st;
    return this.h.fail(
      st.personality === "dash" ? `${name}: parameter not set` : `${name}: unbound variable`,
      st.personality === "dash" ? 2 : 1,
    );
  }

  /** Pathname expansion of a pattern: matches, sorted; [] when none. */
  private async glob(pattern: string): Promise<string[]> {
    const absolute = pattern.startsWith("/");
    const comps = pattern.split("/").filter((c, i) => c !== "" || i === 0);
    let bases: string[] = [absolute ? "/" : ""];
    for (let i = absolute ? 1 : 0; i < comps.length; i++) {
      const comp = comps[i];
      const last = i === comps.length - 1;
      const next: string[] = [];
      const hasMeta = /(^|[^\\])[*?[]/.test(comp);
      for (const base of bases) {
        if (!hasMeta) {
          next.push(base + comp.replace(/\\(.)/g, "$1") + (last ? "" : "/"));
          continue;
        }
        const names = await this.h.readdir(base === "" ? "." : base);
        if (!names) continue;
        const re = new RegExp(`^${patternToRegex(comp)}$`);
        const matched = names
          .filter(
            (n) =>
              n !== "." && n !== ".." && (!n.startsWith(".") || comp.startsWith(".")) && re.test(n),
          )
          .sort();
        for (const n of matched) next.push(base + n + (last ? "" : "/"));
      }
      bases = next;
      if (!bases.length) return [];
    }
    // Components without pattern characters were not checked for existence.
    const out: string[] = [];
    for (const b of bases) {
      const slash = b.lastIndexOf("/", b.length - 2);
      const dir = slash < 0 ? "." : b.slice(0, slash) || "/";
      const names = await this.h.readdir(dir);
      const leaf = b.slice(slash + 1).replace(/\/$/, "");
      if (names?.includes(leaf)) out.push(b);
    }
    return out;
  }
}

function removePattern(v: string, pat: string, op: "#" | "##" | "%" | "%%"): string {
  const re = new RegExp(`^(?:${patternToRegex(pat)})$`);
  const chars = [...v];
  if (op === "#") {
    for (let i = 0; i <= chars.length; i++)
      if (re.test(chars.slice(0, i).join(""))) return chars.slice(i).join("");
  } else if (op === "##") {
    for (let i = chars.length; i >= 0; i--)
      if (re.test(chars.slice(0, i).join(""))) return chars.slice(i).join("");
  } else if (op === "%") {
    for (let i = chars.length; i >= 0; i--)
      if (re.test(chars.slice(i).join(""))) return chars.slice(0, i).join("");
  } else {
    for (let i = 0; i <= chars.length; i++)
      if (re.test(chars.slice(i).join(""))) return chars.slice(0, i).join("");
  }
  return v;
}

function replacePattern(v: string, pat: string, rep: string, op: "/" | "//" | "/#" | "/%"): string {
  if (pat === "") return v;
  const src = patternToRegex(pat);
  if (op === "/#") return v.replace(new RegExp(`^(?:${src})`), () => rep);
  if (op === "/%") return v.replace(new RegExp(`(?:${src})$`), () => rep);
  return v.replace(new RegExp(`(?:${src})`, op === "//" ? "g" : ""), () => rep);
}

export { ShellError };
