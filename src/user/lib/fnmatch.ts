/**
 * Shell wildcard matching as glibc's fnmatch(3) does it (posix/fnmatch_loop.c) for the flags
 * find(1) and ls(1) use: `*`, `?`, bracket expressions with ranges, negation (`!` or `^`)
 * and character classes, backslash quoting, FNM_PERIOD (a leading dot must be matched
 * explicitly), FNM_CASEFOLD, FNM_PATHNAME ('/' matched only by a '/').
 */

export const FNM_NOESCAPE = 1 << 1;
export const FNM_PATHNAME = 1 << 0;
export const FNM_PERIOD = 1 << 2;
export const FNM_CASEFOLD = 1 << 4;

const CLASSES: Record<string, (c: string) => boolean> = {
  alnum: (c) => /^[A-Za-z0-9]$/.test(c),
  alpha: (c) => /^[A-Za-z]$/.test(c),
  blank: (c) => c === " " || c === "\t",
  cntrl: (c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f,
  digit: (c) => /^[0-9]$/.test(c),
  graph: (c) => c.charCodeAt(0) > 0x20 && c.charCodeAt(0) < 0x7f,
  lower: (c) => /^[a-z]$/.test(c),
  print: (c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) < 0x7f,
  punct: (c) => /^[!-/:-@[-`{-~]$/.test(c),
  space: (c) => /^[ \t\n\v\f\r]$/.test(c),
  upper: (c) => /^[A-Z]$/.test(c),
  xdigit: (c) => /^[0-9A-Fa-f]$/.test(c),
};

interface Bracket {
  /** Index just after the closing ']'. */
  end: number;
  test(c: string): boolean;
}

/** Parses a bracket expression at p[i] === '['; null if it is not one (then '[' is literal). */
function parseBracket(p: string[], i: number, flags: number): Bracket | null {
  let j = i + 1;
  let negate = false;
  if (p[j] === "!" || p[j] === "^") {
    negate = true;
    j++;
  }
  const tests: ((c: string) => boolean)[] = [];
  let first = true;
  for (;;) {
    if (j >= p.length) return null;
    let c = p[j];
    if (c === "]" && !first) break;
    first = false;
    if (c === "[" && p[j + 1] === ":") {
      const close = p
        .slice(j + 2)
        .join("")
        .indexOf(":]");
      if (close >= 0) {
        const name = p.slice(j + 2, j + 2 + close).join("");
        const fn = CLASSES[name];
        if (!fn) return null;
        tests.push(fn);
        j += close + 4;
        continue;
      }
    }
    if (c === "\\" && !(flags & FNM_NOESCAPE) && j + 1 < p.length) {
      j++;
      c = p[j];
    }
    if (p[j + 1] === "-" && j + 2 < p.length && p[j + 2] !== "]") {
      let hi = p[j + 2];
      let step = 3;
      if (hi === "\\" && !(flags & FNM_NOESCAPE) && j + 3 < p.length) {
        hi = p[j + 3];
        step = 4;
      }
      const lo = c.codePointAt(0)!;
      const h = hi.codePointAt(0)!;
      tests.push((x) => {
        const v = x.codePointAt(0)!;
        return v >= lo && v <= h;
      });
      j += step;
      continue;
    }
    const lit = c;
    tests.push((x) => x === lit);
    j++;
  }
  return {
    end: j + 1,
    test: (c) => tests.some((t) => t(c)) !== negate,
  };
}

/** Mirrors glibc fnmatch(): true if `name` matches `pattern`. */
export function fnmatch(pattern: string, name: string, flags = 0): boolean {
  const fold = (s: string) => (flags & FNM_CASEFOLD ? s.toLowerCase() : s);
  const p = Array.from(fold(pattern));
  const s = Array.from(fold(name));
  const leadingPeriod = (si: number) =>
    !!(flags & FNM_PERIOD) &&
    s[si] === "." &&
    (si === 0 || (!!(flags & FNM_PATHNAME) && s[si - 1] === "/"));

  // Iterative matcher with backtracking to the last '*' (as the classic algorithm does).
  const match = (pi0: number, si0: number): boolean => {
    let pi = pi0;
    let si = si0;
    while (pi < p.length) {
      const c = p[pi];
      if (c === "*") {
        if (leadingPeriod(si)) return false;
        while (p[pi] === "*") pi++;
        if (pi === p.length) return !(flags & FNM_PATHNAME) || !s.slice(si).includes("/");
        for (let k = si; k <= s.length; k++) {
          if (match(pi, k)) return true;
          if (flags & FNM_PATHNAME && s[k] === "/") break;
        }
        return false;
      }
      if (si >= s.length) return false;
      if (c === "?") {
        if (flags & FNM_PATHNAME && s[si] === "/") return false;
        if (leadingPeriod(si)) return false;
        pi++;
        si++;
        continue;
      }
      if (c === "[") {
        const b = parseBracket(p, pi, flags);
        if (b) {
          if (flags & FNM_PATHNAME && s[si] === "/") return false;
          if (leadingPeriod(si)) return false;
          if (!b.test(s[si])) return false;
          pi = b.end;
          si++;
          continue;
        }
      }
      let lit = c;
      if (c === "\\" && !(flags & FNM_NOESCAPE) && pi + 1 < p.length) {
        pi++;
        lit = p[pi];
      }
      if (s[si] !== lit) return false;
      pi++;
      si++;
    }
    return si === s.length;
  };
  return match(0, 0);
}
