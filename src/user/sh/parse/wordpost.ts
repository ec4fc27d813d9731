/**
 * Word finishing: marking tilde prefixes and glob characters in unquoted
 * text, and recognising assignments. The reader first produces plain
 * Literal parts; these passes run once the word's role is known.
 */
import type { Assignment, Personality, Word, WordPart } from "./ast.ts";
import { isLiteral } from "./context.ts";

/** Login names we try for `~user`; anything else is left as text. */
const USER_RE = /^[A-Za-z0-9._+-]*$/;

/**
 * Split tilde prefixes out of unquoted Literal parts: at the start of the
 * word and, for assignment values, after every unquoted `:`. A prefix runs
 * to the first `/` (or `:` in assignments); if it runs into a quoted or
 * expanded part it is no tilde prefix (POSIX: no character of it quoted).
 */
export function markTildes(parts: WordPart[], assignment: boolean): WordPart[] {
  const out: WordPart[] = [];
  parts.forEach((p, idx) => {
    if (!isLiteral(p)) {
      out.push(p);
      return;
    }
    const v = p.value;
    const lastPart = idx === parts.length - 1;
    let lit = "";
    let i = 0;
    while (i < v.length) {
      const c = v.charAt(i);
      const canStart =
        c === "~" && ((idx === 0 && i === 0) || (assignment && i > 0 && v.charAt(i - 1) === ":"));
      if (canStart) {
        let end = i + 1;
        while (end < v.length && v.charAt(end) !== "/" && !(assignment && v.charAt(end) === ":"))
          end++;
        const user = v.slice(i + 1, end);
        if ((end < v.length || lastPart) && USER_RE.test(user)) {
          if (lit !== "") out.push({ type: "Literal", value: lit });
          lit = "";
          out.push({ type: "Tilde", user });
          i = end;
          continue;
        }
      }
      lit += c;
      i++;
    }
    if (lit !== "") out.push({ type: "Literal", value: lit });
  });
  return out;
}

/** End index of the bracket expression opening at s[i], or -1. */
function bracketEnd(s: string, i: number): number {
  let j = i + 1;
  if (s.charAt(j) === "!" || s.charAt(j) === "^") j++;
  if (s.charAt(j) === "]") j++;
  while (j < s.length) {
    const c = s.charAt(j);
    if (c === "]") return j;
    const d = s.charAt(j + 1);
    if (c === "[" && (d === ":" || d === "=" || d === ".")) {
      const close = s.indexOf(`${d}]`, j + 2);
      if (close >= 0) {
        j = close + 2;
        continue;
      }
    }
    j++;
  }
  return -1;
}

/** Split `*`, `?` and bracket expressions out of Literal parts as Glob parts. */
export function markGlobs(parts: WordPart[]): WordPart[] {
  const out: WordPart[] = [];
  for (const p of parts) {
    if (!isLiteral(p)) {
      out.push(p);
      continue;
    }
    const v = p.value;
    let lit = "";
    const flush = () => {
      if (lit !== "") out.push({ type: "Literal", value: lit });
      lit = "";
    };
    for (let i = 0; i < v.length; i++) {
      const c = v.charAt(i);
      if (c === "*" || c === "?") {
        flush();
        out.push({ type: "Glob", value: c });
      } else if (c === "[") {
        const end = bracketEnd(v, i);
        if (end < 0) {
          lit += c;
        } else {
          flush();
          out.push({ type: "Glob", value: v.slice(i, end + 1) });
          i = end;
        }
      } else lit += c;
    }
    flush();
  }
  return out;
}

/** The word's text if it is entirely unquoted plain text, else null. */
export function plainText(parts: readonly WordPart[]): string | null {
  let s = "";
  for (const p of parts) {
    if (!isLiteral(p)) return null;
    s += p.value;
  }
  return s;
}

const ASSIGN_RE = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/;

interface SplitAssignment {
  name: string;
  append: boolean;
  value: WordPart[];
  valueText: string;
}

/** `name=value` (bash also `name+=value`) split at the unquoted `=`. */
function splitAssignment(
  parts: readonly WordPart[],
  text: string,
  personality: Personality,
): SplitAssignment | null {
  const first = parts[0];
  if (first === undefined || !isLiteral(first)) return null;
  const m = ASSIGN_RE.exec(first.value);
  if (m === null) return null;
  const append = m[2] === "+";
  if (append && personality !== "bash") return null;
  const rest = first.value.slice(m[0].length);
  const value: WordPart[] = rest === "" ? [] : [{ type: "Literal", value: rest }];
  value.push(...parts.slice(1));
  const eq = text.indexOf("=");
  return { name: m[1] ?? "", append, value, valueText: text.slice(eq + 1) };
}

/** Whether a word (in command-prefix position) is an assignment. */
export function isAssignmentWord(parts: readonly WordPart[], personality: Personality): boolean {
  return splitAssignment(parts, "", personality) !== null;
}

/** Build an Assignment from a word known to be one. */
export function makeAssignment(
  parts: readonly WordPart[],
  text: string,
  personality: Personality,
): Assignment | null {
  const a = splitAssignment(parts, text, personality);
  if (a === null) return null;
  return {
    name: a.name,
    append: a.append,
    array: null,
    value: { type: "Word", parts: markGlobs(markTildes(a.value, true)), text: a.valueText },
  };
}

/**
 * Finish an ordinary word. Bash (outside POSIX mode) also expands tildes
 * after `=` and `:` in any word that looks like an assignment, so that
 * `echo a=~` prints `a=/root`; dash only at the start of the word.
 */
export function makeWord(parts: readonly WordPart[], text: string, personality: Personality): Word {
  if (personality === "bash") {
    const a = splitAssignment(parts, text, personality);
    if (a !== null) {
      const head: WordPart = {
        type: "Literal",
        value: `${a.name}${a.append ? "+=" : "="}`,
      };
      return {
        type: "Word",
        parts: mergeLiterals(markGlobs([head, ...markTildes(a.value, true)])),
        text,
      };
    }
  }
  return { type: "Word", parts: markGlobs(markTildes([...parts], false)), text };
}

/** Merge adjacent Literal parts (after splicing lists together). */
function mergeLiterals(parts: WordPart[]): WordPart[] {
  const out: WordPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (isLiteral(p) && last !== undefined && isLiteral(last)) {
      out[out.length - 1] = { type: "Literal", value: last.value + p.value };
    } else out.push(p);
  }
  return out;
}
