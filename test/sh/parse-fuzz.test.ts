// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are shell source
/**
 * Property tests: whatever the input, the parser either returns a tree or
 * throws ShellSyntaxError (and arithmetic only ArithError), and finishes
 * quickly. Inputs are short (the parser is linear, and a hang would show
 * at any size) and biased towards shell syntax, so that most of them get
 * deep into the grammar instead of failing on the first character.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sexp } from "../../src/user/sh/parse/debug.ts";
import {
  ArithError,
  evalArith,
  parse,
  parseIncremental,
  ShellSyntaxError,
} from "../../src/user/sh/parse/index.ts";

/** Pieces of shell syntax; joined at random they make plausible nonsense. */
const TOKENS = [
  ..." \t\n;&|()<>'\"\\$`{}[]*?~#=!:-+%/^,@",
  "a",
  "x",
  "1",
  "2",
  "EOF",
  "&&",
  "||",
  ";;",
  ";&",
  "|&",
  "&>",
  ">>",
  "<<",
  "<<-",
  "<<<",
  ">&",
  "<&",
  "$(",
  "$((",
  "))",
  "${",
  "${#",
  ":-",
  "##",
  "%%",
  "$'",
  '$"',
  "\\\n",
  "if ",
  " then ",
  " elif ",
  " else ",
  " fi",
  "while ",
  "until ",
  " do ",
  " done",
  "for ",
  " in ",
  "case ",
  " esac",
  "function ",
  "f()",
  "{ ",
  " }",
  "! ",
  "echo ",
];

const shellish = fc.string({ unit: fc.constantFrom(...TOKENS), maxLength: 40 });
const anyText = fc.string({ unit: "binary-ascii", maxLength: 120 });
const input = fc.oneof({ arbitrary: shellish, weight: 4 }, { arbitrary: anyText, weight: 1 });
const personality = fc.constantFrom("dash" as const, "bash" as const);

/** Parse, allowing only ShellSyntaxError, and check the time taken. */
function parseOrSyntaxError(src: string, p: "dash" | "bash"): void {
  const start = performance.now();
  try {
    const prog = parse(src, p);
    // The tree must be well-formed enough to walk.
    sexp(prog);
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    expect(e.message.length).toBeGreaterThan(0);
    expect(Number.isInteger(e.line) && e.line >= 1).toBe(true);
  }
  expect(performance.now() - start).toBeLessThan(2000);
}

describe("parser robustness", () => {
  it("parse() returns a tree or throws ShellSyntaxError", () => {
    fc.assert(
      fc.property(input, personality, (src, p) => parseOrSyntaxError(src, p)),
      { numRuns: 3000 },
    );
  });

  it("parseIncremental() never throws and gives one of its three answers", () => {
    fc.assert(
      fc.property(input, personality, (src, p) => {
        const r = parseIncremental(src, p);
        const kinds = ["complete" in r, "needMore" in r, "error" in r].filter(Boolean);
        expect(kinds).toHaveLength(1);
      }),
      { numRuns: 2000 },
    );
  });

  it("incomplete input stays incomplete or becomes an error, never a crash, as lines are added", () => {
    fc.assert(
      fc.property(fc.array(shellish, { maxLength: 5 }), personality, (lines, p) => {
        let text = "";
        for (const l of lines) {
          text += `${l}\n`;
          const r = parseIncremental(text, p);
          if (!("needMore" in r)) text = "";
        }
      }),
      { numRuns: 500 },
    );
  });

  it("survives deep nesting", () => {
    for (const open of ["(", "$(", "${x:-", "if a; then ", "`", '"$(', "{ ", "$(("]) {
      for (const p of ["dash", "bash"] as const) parseOrSyntaxError(open.repeat(3000), p);
    }
  });

  it("survives long input in linear time", () => {
    const line = 'echo "$x" ${y:-z} $(a | b) > f; ';
    parse(line.repeat(1000), "bash"); // warm up the JIT first
    const small = performance.now();
    parse(line.repeat(1000), "bash");
    const t1 = performance.now() - small;
    const big = performance.now();
    parse(line.repeat(8000), "bash");
    const t8 = performance.now() - big;
    // 8x the input: linear is ~8x, quadratic ~64x. Generous for loaded machines.
    expect(t8).toBeLessThan(Math.max(t1 * 40, 500));
  });
});

describe("arithmetic robustness", () => {
  const arithText = fc.string({
    unit: fc.constantFrom(..."0123456789 xyz()+-*/%<>=!~&|^?:,#", "0x", "**", "<<", "++"),
    maxLength: 40,
  });
  it("evalArith returns a 64-bit integer or throws ArithError", () => {
    fc.assert(
      fc.property(fc.oneof(arithText, anyText), personality, (expr, p) => {
        const vars = new Map<string, string>([
          ["x", "3"],
          ["y", "x+1"],
          ["z", "z"],
        ]);
        const env = {
          lookup: (n: string) => vars.get(n),
          assign: (n: string, v: bigint) => {
            vars.set(n, String(v));
          },
        };
        try {
          const v = evalArith(expr, env, p);
          expect(v).toBe(BigInt.asIntN(64, v));
        } catch (e) {
          if (!(e instanceof ArithError)) throw e;
        }
      }),
      { numRuns: 3000 },
    );
  });
});
