/**
 * The rewrite that confines a learner's module (JavaScript that sucrase made, or that a
 * hand-made .ko carries) to what the loader hands it. It works on sucrase's token stream
 * (a real parse), inserts text only within lines, and does four things:
 *
 * 1. Property names that lead out of the module's reach are renamed (`__vkern_` + name)
 *    wherever the module spells them: `constructor` (the way from any function to the
 *    host's Function constructor), `prototype` and `__proto__` (to the built-ins'
 *    prototypes, which a module must not hold: `Array.prototype.push(x)` would write to
 *    one), `caller`, `callee`, `arguments` (up the stack) and `__defineGetter__` & co.
 *    `x.constructor`, `{ constructor: F } = x`, `x["constructor"]` and object keys are
 *    renamed alike, so the module sees a consistent, harmless property; a class's own
 *    `constructor() {}` is left alone.
 * 2. Computed keys (`x[k]`, `{ [k]: v }`) pass through `__vkern_k(k)`, which renames the
 *    same names at run time.
 * 3. Every write to a member (`x.y = v`, `x[k] op= v`, `++x.y`, `delete x.y`, members as
 *    destructuring or for-in/of targets, `super.y = v`) checks its object with
 *    `__vkern_w(x)`, which refuses the built-ins the module shares with the kernel;
 *    `class C extends B` becomes `extends __vkern_x(B)`, so a base class that returns a
 *    shared object cannot have fields stamped on it.
 * 4. It refuses `import(...)`/`import.meta` and identifiers that name the loader's own
 *    helpers (a module declaring `__vkern_w` would switch the guard off), and reports the
 *    identifiers the code uses, for the loader to shadow the host's globals.
 */
import { parse, type Token } from "sucrase/dist/parser/index.js";
import { TokenType as tt } from "sucrase/dist/parser/tokenizer/types.js";
import { matchBrackets } from "./loop_guard.ts";

/** Property names a module cannot use as such (they are renamed). */
export const BLOCKED_KEYS: ReadonlySet<string> = new Set([
  "constructor",
  "prototype",
  "__proto__",
  "caller",
  "callee",
  "arguments",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
]);
export const RENAMED_PREFIX = "__vkern_";
/** The run-time helpers the rewritten code calls. */
export const KEY_GUARD = "__vkern_k";
export const WRITE_GUARD = "__vkern_w";
export const BASE_GUARD = "__vkern_x";

/** The module's code does something a module may not do (the loader refuses it). */
export class GuestCodeError extends Error {
  override name = "GuestCodeError";
}

export interface HardenedCode {
  code: string;
  /** Every identifier the code uses or declares (decoded). */
  names: string[];
}

/** sucrase's IdentifierRole values that vkern tells apart. */
const ROLE_OBJECT_KEY = 10;
const ROLE_SHORTHAND = new Set([5, 6, 7, 8]);

/** A string literal's value (the escapes that strict code allows). */
export function decodeString(lit: string): string {
  const body = lit.slice(1, -1);
  if (!body.includes("\\")) return body;
  const simple: Record<string, string> = { n: "\n", r: "\r", t: "\t", b: "\b", f: "\f", v: "\v" };
  return body.replace(
    /\\(?:x([0-9a-fA-F]{2})|u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|(\r\n|[\r\n\u2028\u2029])|([\s\S]))/g,
    (_m, x, ub, u, nl, c) => {
      if (x || ub || u) return String.fromCodePoint(Number.parseInt(x ?? ub ?? u, 16));
      if (nl) return "";
      return c === "0" ? "\0" : (simple[c] ?? c);
    },
  );
}

/** An identifier's name, with its \u escapes decoded (`\u0067lobalThis` is globalThis). */
function decodeIdent(raw: string): string {
  if (!raw.includes("\\")) return raw;
  return raw.replace(/\\u\{([0-9a-fA-F]+)\}|\\u([0-9a-fA-F]{4})/g, (_m, a, b) =>
    String.fromCodePoint(Number.parseInt(a ?? b, 16)),
  );
}

const renamed = (k: string) => `${RENAMED_PREFIX}${k}`;

/** Text edits at token boundaries: wraps (a prefix and a suffix) and token replacements. */
class Edits {
  private readonly ins: { pos: number; text: string; open: boolean; span: number; seq: number }[] =
    [];
  private readonly rep = new Map<number, { end: number; text: string }>();

  wrap(from: number, to: number, pre: string, post: string): void {
    const span = to - from;
    const seq = this.ins.length;
    this.ins.push({ pos: from, text: pre, open: true, span, seq });
    this.ins.push({ pos: to, text: post, open: false, span, seq });
  }

  insert(pos: number, text: string): void {
    this.ins.push({ pos, text, open: true, span: 0, seq: this.ins.length });
  }

  replace(t: Token, text: string): void {
    this.rep.set(t.start, { end: t.end, text });
  }

  apply(src: string): string {
    if (!this.ins.length && !this.rep.size) return src;
    // At one position: closers first (innermost first), then openers (outermost first).
    const ins = [...this.ins].sort(
      (a, b) =>
        a.pos - b.pos ||
        Number(a.open) - Number(b.open) ||
        (a.open ? b.span - a.span || a.seq - b.seq : a.span - b.span || b.seq - a.seq),
    );
    const reps = [...this.rep.entries()].sort((a, b) => a[0] - b[0]);
    let out = "";
    let pos = 0;
    let r = 0;
    for (const x of ins) {
      while (r < reps.length && reps[r][0] < x.pos) {
        out += src.slice(pos, reps[r][0]) + reps[r][1].text;
        pos = reps[r][1].end;
        r++;
      }
      out += src.slice(pos, x.pos) + x.text;
      pos = x.pos;
    }
    for (; r < reps.length; r++) {
      out += src.slice(pos, reps[r][0]) + reps[r][1].text;
      pos = reps[r][1].end;
    }
    return out + src.slice(pos);
  }
}

/** Rewrites module code as described above; throws GuestCodeError or the parser's error. */
export function hardenModuleCode(js: string): HardenedCode {
  const { tokens } = parse(js, false, false, false);
  const n = tokens.length;
  const match = matchBrackets(tokens);
  const opener = new Int32Array(n).fill(-1);
  match.forEach((c, o) => {
    if (c >= 0) opener[c] = o;
  });
  const text = (i: number) => js.slice(tokens[i].start, tokens[i].end);
  const type = (i: number) => tokens[i]?.type;
  const ed = new Edits();
  const names = new Set<string>();
  const guarded = new Set<number>();
  const classCtx = new Set<number>();
  for (const t of tokens)
    if (t.type === tt._class && t.contextId != null) classCtx.add(t.contextId);

  const isSubscript = (i: number) => tokens[i]?.subscriptStartIndex != null;
  const isMemberDot = (i: number) =>
    (type(i) === tt.dot || type(i) === tt.questionDot) && isSubscript(i);

  /** `[k]` as a member or object key: rename a blocked literal key, else guard the key. */
  function guardKey(open: number): void {
    const close = match[open];
    if (close < 0) return;
    if (close === open + 2 && type(open + 1) === tt.num) return;
    if (close === open + 2 && type(open + 1) === tt.string) {
      const v = decodeString(text(open + 1));
      if (BLOCKED_KEYS.has(v)) ed.replace(tokens[open + 1], JSON.stringify(renamed(v)));
      return;
    }
    ed.wrap(tokens[open].end, tokens[close].start, `${KEY_GUARD}(`, ")");
  }

  /**
   * The member expression that ends at token `e` (through grouping parentheses) is
   * written to: guard its object. Returns false if it is no member expression.
   */
  function guardTarget(e: number): boolean {
    while (type(e) === tt.parenR && !isSubscript(opener[e])) e--;
    let last: number;
    if (type(e) === tt.bracketR) {
      const o = opener[e];
      if (o < 0) return false;
      if (isSubscript(o)) last = o;
      else if (isMemberDot(o - 1)) last = o - 1;
      else return false;
    } else if (isMemberDot(e - 1)) {
      last = e - 1;
    } else return false;
    if (guarded.has(last)) return true;
    guarded.add(last);
    const start = tokens[last].subscriptStartIndex!;
    if (type(start) === tt._super && start === last - 1) {
      // super.x = v stores into `this`: check that instead.
      const pre = `(${WRITE_GUARD}(this), `;
      if (type(last) === tt.dot) {
        ed.replace(tokens[last], `[${pre}"`);
        ed.insert(tokens[last + 1].end, `")]`);
      } else {
        const open = type(last) === tt.questionDot ? last + 1 : last;
        ed.wrap(tokens[open].end, tokens[match[open]].start, pre, ")");
      }
      return true;
    }
    ed.wrap(tokens[start].start, tokens[last - 1].end, `${WRITE_GUARD}(`, ")");
    return true;
  }

  /** `++x.y`, `delete x.y`: the operand starts at `s`. */
  function guardOperand(s: number): void {
    while (type(s) === tt.parenL && !isSubscript(s)) s++;
    let last = -1;
    for (let j = s + 1; j < n; j++) if (tokens[j].subscriptStartIndex === s) last = j;
    if (last < 0) return;
    if (type(last) === tt.bracketL) guardTarget(match[last]);
    else if (type(last) === tt.questionDot && type(last + 1) === tt.bracketL)
      guardTarget(match[last + 1]);
    else if (isMemberDot(last)) guardTarget(last + 1);
  }

  /** Member expressions among the targets of the pattern between brackets open..close. */
  function guardPattern(open: number, close: number): void {
    const isObject = type(open) === tt.braceL;
    let k = open + 1;
    while (k < close) {
      let j = k;
      let colon = -1;
      let eq = -1;
      while (j < close && type(j) !== tt.comma) {
        if (type(j) === tt.colon && colon < 0) colon = j;
        if (type(j) === tt.eq && eq < 0) eq = j;
        j = match[j] > j ? match[j] + 1 : j + 1;
      }
      let a = k;
      const b = eq >= 0 && eq > colon ? eq : j;
      if (type(a) === tt.ellipsis) a++;
      else if (isObject) a = colon >= 0 ? colon + 1 : b;
      if (a < b) {
        if ((type(a) === tt.bracketL || type(a) === tt.braceL) && match[a] === b - 1)
          guardPattern(a, b - 1);
        else guardTarget(b - 1);
      }
      k = j + 1;
    }
  }

  /** `for (TARGET of/in ...)` without a declaration. */
  function guardForHead(forTok: number): void {
    let open = forTok + 1;
    if (type(open) === tt.name && text(open) === "await") open++;
    if (type(open) !== tt.parenL) return;
    const close = match[open];
    const k = open + 1;
    if (close < 0 || [tt._var, tt._let, tt._const].includes(type(k))) return;
    for (let j = k; j < close; j = match[j] > j ? match[j] + 1 : j + 1) {
      if (type(j) === tt.semi) return;
      if (type(j) === tt._in || (type(j) === tt.name && text(j) === "of" && j > k)) {
        if ((type(k) === tt.bracketL || type(k) === tt.braceL) && match[k] === j - 1)
          guardPattern(k, j - 1);
        else guardTarget(j - 1);
        return;
      }
    }
  }

  /** `class C extends B {` -> `class C extends __vkern_x(B) {` */
  function guardHeritage(ext: number): void {
    let c = ext - 1;
    while (c >= 0 && type(c) !== tt._class) c--;
    const ctx = tokens[c]?.contextId;
    let body = ext + 1;
    while (body < n && !(type(body) === tt.braceL && tokens[body].contextId === ctx)) body++;
    if (body >= n) return;
    ed.wrap(tokens[ext + 1].start, tokens[body - 1].end, `${BASE_GUARD}(`, ")");
  }

  function onName(i: number): void {
    const t = tokens[i];
    const prev = type(i - 1);
    if (prev === tt.hash) return;
    const name = decodeIdent(text(i));
    const classKey = t.contextId != null && classCtx.has(t.contextId);
    if (isMemberDot(i - 1) || t.identifierRole === ROLE_OBJECT_KEY) {
      if (BLOCKED_KEYS.has(name) && !(classKey && name === "constructor"))
        ed.replace(t, renamed(name));
      return;
    }
    if (name === "import")
      throw new GuestCodeError("import() and import.meta are not available to a module");
    if (name.startsWith(RENAMED_PREFIX))
      throw new GuestCodeError(`'${name}' is a name reserved for the module loader`);
    names.add(name);
    if (t.identifierRole != null && ROLE_SHORTHAND.has(t.identifierRole) && BLOCKED_KEYS.has(name))
      ed.insert(t.start, `${renamed(name)}: `);
  }

  for (let i = 0; i < n; i++) {
    const t = tokens[i];
    switch (t.type) {
      case tt._import:
        throw new GuestCodeError("import() and import.meta are not available to a module");
      case tt.name:
        onName(i);
        break;
      case tt.string:
        if (t.identifierRole === ROLE_OBJECT_KEY) {
          const v = decodeString(text(i));
          const classKey = t.contextId != null && classCtx.has(t.contextId);
          if (BLOCKED_KEYS.has(v) && !(classKey && v === "constructor"))
            ed.replace(t, JSON.stringify(renamed(v)));
        }
        break;
      case tt.bracketL:
        if (isSubscript(i) || type(i - 1) === tt.questionDot || t.contextId != null) guardKey(i);
        break;
      case tt.eq:
        if (!guardTarget(i - 1) && (type(i - 1) === tt.bracketR || type(i - 1) === tt.braceR)) {
          const o = opener[i - 1];
          if (o >= 0 && !isSubscript(o) && !isMemberDot(o - 1)) guardPattern(o, i - 1);
        }
        break;
      case tt.assign:
      case tt.postIncDec:
        guardTarget(i - 1);
        break;
      case tt.preIncDec:
      case tt._delete:
        guardOperand(i + 1);
        break;
      case tt._extends:
        guardHeritage(i);
        break;
      case tt._for:
        guardForHead(i);
        break;
    }
  }
  return { code: ed.apply(js), names: [...names] };
}
