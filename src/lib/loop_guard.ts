/**
 * Loop instrumentation for code vkern evaluates (learners' modules and programs).
 *
 * JavaScript cannot be preempted: a `while (1);` in a module would hang the host (the
 * browser tab, the Node process) for good. So before evaluating such code vkern rewrites
 * every loop to call a watchdog tick once per iteration; the tick counts iterations
 * without a yield and ends the loop with an exception (for kernel code: a soft lockup,
 * see src/kernel/watchdog.ts).
 *
 * The rewrite works on sucrase's token stream (a real parse, so `/` as division vs a
 * regular expression, template literals and keyword-named properties are told apart)
 * and only touches loop headers, never loop bodies, so no statement changes shape:
 *
 *   while (c) / do ... while (c)   ->  while (__vkern_wd() && (c))
 *   for (i; c; u)                  ->  for (i; __vkern_wd() && (c); u)
 *   for (i; ; u)                   ->  for (i; __vkern_wd(); u)
 *   for (x of e)                   ->  for (x of __vkern_iter(e))
 *
 * `for (x in o)` visits the finite key set of o and is left alone; `for await` yields on
 * every iteration, which resets the watchdog anyway. Line numbers are preserved (text is
 * only inserted within lines), so stack traces still point at the learner's lines.
 */
import { parse, type Token } from "sucrase/dist/parser/index.js";
import { TokenType as tt } from "sucrase/dist/parser/tokenizer/types.js";

/** The tick the instrumented code calls: returns true, or throws to end a runaway loop. */
export const WD_TICK = "__vkern_wd";
/** Wraps a for-of iterable so each element ticks the watchdog. */
export const WD_ITER = "__vkern_iter";

const OPENERS = new Set([tt.parenL, tt.bracketL, tt.braceL, tt.dollarBraceL]);
const CLOSERS = new Set([tt.parenR, tt.bracketR, tt.braceR]);

/** For each opening bracket token, the index of its closing one. */
export function matchBrackets(tokens: readonly Token[]): Int32Array {
  const match = new Int32Array(tokens.length).fill(-1);
  const stack: number[] = [];
  tokens.forEach((t, i) => {
    if (OPENERS.has(t.type)) stack.push(i);
    else if (CLOSERS.has(t.type)) {
      const o = stack.pop();
      if (o !== undefined) match[o] = i;
    }
  });
  return match;
}

interface Insertion {
  at: number;
  text: string;
}

/** Rewrites the loops of `js` (plain JavaScript) to tick the watchdog; throws on bad syntax. */
export function instrumentLoops(js: string): string {
  const { tokens } = parse(js, false, false, false);
  const match = matchBrackets(tokens);
  const text = (i: number) => js.slice(tokens[i].start, tokens[i].end);
  const ins: Insertion[] = [];
  const wrap = (from: number, to: number, pre: string) => {
    ins.push({ at: from, text: pre }, { at: to, text: ")" });
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === tt._while && tokens[i + 1]?.type === tt.parenL) {
      const open = i + 1;
      const close = match[open];
      if (close < 0) continue;
      wrap(tokens[open].end, tokens[close].start, `${WD_TICK}() && (`);
    } else if (t.type === tt._for && tokens[i + 1]?.type === tt.parenL) {
      const open = i + 1;
      const close = match[open];
      if (close < 0) continue;
      // The header's own semicolons and `of`, skipping nested brackets.
      const semis: number[] = [];
      let ofTok = -1;
      for (let k = open + 1; k < close; k++) {
        const tk = tokens[k];
        if (OPENERS.has(tk.type) && match[k] > 0) {
          k = match[k];
          continue;
        }
        if (tk.type === tt.semi) semis.push(k);
        else if (ofTok < 0 && tk.type === tt.name && text(k) === "of") {
          const prev = tokens[k - 1].type;
          // `for (const of of xs)`: the first `of` is the variable's name.
          if (prev !== tt._const && prev !== tt._let && prev !== tt._var && k - 1 !== open)
            ofTok = k;
        }
      }
      if (semis.length === 2) {
        const [s1, s2] = semis;
        if (s1 + 1 === s2) ins.push({ at: tokens[s1].end, text: ` ${WD_TICK}()` });
        else wrap(tokens[s1].end, tokens[s2].start, ` ${WD_TICK}() && (`);
      } else if (ofTok >= 0) {
        wrap(tokens[ofTok].end, tokens[close].start, ` ${WD_ITER}(`);
      }
    }
  }
  if (!ins.length) return js;
  ins.sort((a, b) => a.at - b.at);
  let out = "";
  let pos = 0;
  for (const x of ins) {
    out += js.slice(pos, x.at) + x.text;
    pos = x.at;
  }
  return out + js.slice(pos);
}

/** Ticks that throw `onLockup()` after `limit()` loop iterations without a yield. */
export interface LoopWatchdog {
  tick: () => boolean;
  iter: <T>(it: Iterable<T>) => Iterable<T>;
}

/**
 * Makes the tick functions for one evaluation. "Without yielding" is detected with a
 * microtask: synchronous code never lets one run, so if the flag it sets is still down
 * at the next check, no await (no sleep, no return to user space) happened in between.
 * Checking every CHECK_EVERY iterations keeps the cost of a tick to an increment and a
 * mask test.
 */
export function loopWatchdog(limit: () => number, onLockup: () => unknown): LoopWatchdog {
  const CHECK_EVERY = 0x4000;
  let n = 0;
  let spins = 0;
  let yielded = true;
  // Once tripped, every tick throws until the code yields: code that catches the
  // lockup and loops on (`for (;;) try { for (;;); } catch {}`) is stopped all the same.
  let tripped: { fault: unknown } | null = null;
  const mark = () => {
    yielded = true;
    tripped = null;
  };
  const slow = () => {
    if (yielded) {
      yielded = false;
      spins = 0;
      queueMicrotask(mark);
      return;
    }
    if (tripped) throw tripped.fault;
    spins += CHECK_EVERY;
    if (spins >= limit()) {
      spins = 0;
      tripped = { fault: onLockup() };
      throw tripped.fault;
    }
  };
  const tick = (): boolean => {
    if ((++n & (CHECK_EVERY - 1)) === 0 || tripped !== null) slow();
    return true;
  };
  function* iter<T>(it: Iterable<T>): Iterable<T> {
    for (const v of it) {
      tick();
      yield v;
    }
  }
  return { tick, iter };
}
