// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are shell source
/**
 * Shell arithmetic (src/user/sh/parse/arith.ts) against the real shells.
 *
 * Each row was recorded on Debian 12 by running
 *   x=5; y=0; v=12; s='x*2'; empty=; neg=-3; hex=0x1F; spaced=' 7'; self=self
 *   echo $((EXPR)); echo "x=$x"
 * under dash 0.5.12 and bash 5.2.15, keeping stderr minus the `dash: 1: `
 * or `bash: line 1: ` prefix. Dash's arithmetic (arith_yacc.c) is the same
 * in 0.5.8: no `++`, `--`, `**`, `,` or `base#n`, and variables must hold
 * plain integers (`Illegal number`), where bash evaluates them as
 * expressions.
 */
import { describe, expect, it } from "vitest";
import { ArithError, evalArith, parseArith } from "../../src/user/sh/parse/index.ts";

type Outcome = { value: string; x: string } | { err: string };

function run(expr: string, p: "dash" | "bash"): Outcome {
  const vars = new Map<string, string>([
    ["x", "5"],
    ["y", "0"],
    ["v", "12"],
    ["s", "x*2"],
    ["empty", ""],
    ["neg", "-3"],
    ["hex", "0x1F"],
    ["spaced", " 7"],
    ["self", "self"],
  ]);
  const env = {
    lookup: (n: string) => vars.get(n),
    assign: (n: string, v: bigint) => {
      vars.set(n, String(v));
    },
  };
  try {
    const value = evalArith(expr, env, p);
    return { value: String(value), x: vars.get("x") ?? "" };
  } catch (e) {
    if (!(e instanceof ArithError)) throw e;
    return { err: e.message };
  }
}

/** [expression, dash, bash] */
const CASES: [string, Outcome, Outcome][] = [
  ["1+2*3", { value: "7", x: "5" }, { value: "7", x: "5" }],
  ["(1+2)*3", { value: "9", x: "5" }, { value: "9", x: "5" }],
  ["7/2", { value: "3", x: "5" }, { value: "3", x: "5" }],
  ["-7/2", { value: "-3", x: "5" }, { value: "-3", x: "5" }],
  ["7%3", { value: "1", x: "5" }, { value: "1", x: "5" }],
  ["-7%3", { value: "-1", x: "5" }, { value: "-1", x: "5" }],
  ["7%-3", { value: "1", x: "5" }, { value: "1", x: "5" }],
  ["2-3-4", { value: "-5", x: "5" }, { value: "-5", x: "5" }],
  ["1<<3", { value: "8", x: "5" }, { value: "8", x: "5" }],
  ["-16>>2", { value: "-4", x: "5" }, { value: "-4", x: "5" }],
  ["5&3", { value: "1", x: "5" }, { value: "1", x: "5" }],
  ["5|3", { value: "7", x: "5" }, { value: "7", x: "5" }],
  ["5^3", { value: "6", x: "5" }, { value: "6", x: "5" }],
  ["~0", { value: "-1", x: "5" }, { value: "-1", x: "5" }],
  ["!0", { value: "1", x: "5" }, { value: "1", x: "5" }],
  ["!7", { value: "0", x: "5" }, { value: "0", x: "5" }],
  ["-(-3)", { value: "3", x: "5" }, { value: "3", x: "5" }],
  ["+3", { value: "3", x: "5" }, { value: "3", x: "5" }],
  ["1<2", { value: "1", x: "5" }, { value: "1", x: "5" }],
  ["2<1", { value: "0", x: "5" }, { value: "0", x: "5" }],
  ["2<=2", { value: "1", x: "5" }, { value: "1", x: "5" }],
  ["3>=4", { value: "0", x: "5" }, { value: "0", x: "5" }],
  ["1==1", { value: "1", x: "5" }, { value: "1", x: "5" }],
  ["1!=1", { value: "0", x: "5" }, { value: "0", x: "5" }],
  ["1&&0", { value: "0", x: "5" }, { value: "0", x: "5" }],
  ["1||0", { value: "1", x: "5" }, { value: "1", x: "5" }],
  ["0||0", { value: "0", x: "5" }, { value: "0", x: "5" }],
  ["2&&3", { value: "1", x: "5" }, { value: "1", x: "5" }],
  ["1?2:3", { value: "2", x: "5" }, { value: "2", x: "5" }],
  ["0?2:3", { value: "3", x: "5" }, { value: "3", x: "5" }],
  ["0?1:0?2:3", { value: "3", x: "5" }, { value: "3", x: "5" }],
  ["1?0?4:5:6", { value: "5", x: "5" }, { value: "5", x: "5" }],
  ["x", { value: "5", x: "5" }, { value: "5", x: "5" }],
  ["x+1", { value: "6", x: "5" }, { value: "6", x: "5" }],
  ["y", { value: "0", x: "5" }, { value: "0", x: "5" }],
  ["unset_var", { value: "0", x: "5" }, { value: "0", x: "5" }],
  ["x=7", { value: "7", x: "7" }, { value: "7", x: "7" }],
  ["x+=3", { value: "8", x: "8" }, { value: "8", x: "8" }],
  ["x-=1", { value: "4", x: "4" }, { value: "4", x: "4" }],
  ["x*=2", { value: "10", x: "10" }, { value: "10", x: "10" }],
  ["x/=2", { value: "2", x: "2" }, { value: "2", x: "2" }],
  ["x%=3", { value: "2", x: "2" }, { value: "2", x: "2" }],
  ["x<<=2", { value: "20", x: "20" }, { value: "20", x: "20" }],
  ["x>>=1", { value: "2", x: "2" }, { value: "2", x: "2" }],
  ["x&=6", { value: "4", x: "4" }, { value: "4", x: "4" }],
  ["x|=8", { value: "13", x: "13" }, { value: "13", x: "13" }],
  ["x^=1", { value: "4", x: "4" }, { value: "4", x: "4" }],
  ["0x10", { value: "16", x: "5" }, { value: "16", x: "5" }],
  ["0X1f", { value: "31", x: "5" }, { value: "31", x: "5" }],
  ["010", { value: "8", x: "5" }, { value: "8", x: "5" }],
  ["0", { value: "0", x: "5" }, { value: "0", x: "5" }],
  ["00", { value: "0", x: "5" }, { value: "0", x: "5" }],
  [
    "9223372036854775807",
    { value: "9223372036854775807", x: "5" },
    { value: "9223372036854775807", x: "5" },
  ],
  [
    "9223372036854775807+1",
    { value: "-9223372036854775808", x: "5" },
    { value: "-9223372036854775808", x: "5" },
  ],
  [
    "-9223372036854775808",
    { value: "-9223372036854775807", x: "5" },
    { value: "-9223372036854775808", x: "5" },
  ],
  [
    "9223372036854775808",
    { value: "9223372036854775807", x: "5" },
    { value: "-9223372036854775808", x: "5" },
  ],
  ["1<<63", { value: "-9223372036854775808", x: "5" }, { value: "-9223372036854775808", x: "5" }],
  ["1<<64", { value: "1", x: "5" }, { value: "1", x: "5" }],
  ["1<<-1", { value: "-9223372036854775808", x: "5" }, { value: "-9223372036854775808", x: "5" }],
  [
    "2*4611686018427387904",
    { value: "-9223372036854775808", x: "5" },
    { value: "-9223372036854775808", x: "5" },
  ],
  [
    "1/0",
    { err: 'arithmetic expression: division by zero: "1/0"' },
    { err: '1/0: division by 0 (error token is "0")' },
  ],
  [
    "1%0",
    { err: 'arithmetic expression: division by zero: "1%0"' },
    { err: '1%0: division by 0 (error token is "0")' },
  ],
  [
    "x/=0",
    { err: 'arithmetic expression: division by zero: "x/=0"' },
    { err: 'x/=0: division by 0 (error token is "0")' },
  ],
  [
    "5/0 + 3",
    { err: 'arithmetic expression: division by zero: "5/0 + 3"' },
    { err: '5/0 + 3: division by 0 (error token is "0 + 3")' },
  ],
  [
    "(5/0)",
    { err: 'arithmetic expression: division by zero: "(5/0)"' },
    { err: '(5/0): division by 0 (error token is "0)")' },
  ],
  ["0&&1/0", { value: "0", x: "5" }, { value: "0", x: "5" }],
  ["1||1/0", { value: "1", x: "5" }, { value: "1", x: "5" }],
  ["0?1/0:2", { value: "2", x: "5" }, { value: "2", x: "5" }],
  [
    "1+",
    { err: 'arithmetic expression: expecting primary: "1+"' },
    { err: '1+: syntax error: operand expected (error token is "+")' },
  ],
  [
    "1 2",
    { err: 'arithmetic expression: expecting EOF: "1 2"' },
    { err: '1 2: syntax error in expression (error token is "2")' },
  ],
  ["", { err: 'arithmetic expression: expecting primary: ""' }, { value: "0", x: "5" }],
  [" ", { err: 'arithmetic expression: expecting primary: " "' }, { value: "0", x: "5" }],
  [
    "x=",
    { err: 'arithmetic expression: expecting primary: "x="' },
    { err: 'x=: syntax error: operand expected (error token is "=")' },
  ],
  [
    "3=4",
    { err: 'arithmetic expression: expecting EOF: "3=4"' },
    { err: '3=4: attempted assignment to non-variable (error token is "=4")' },
  ],
  [
    "(x)=1",
    { err: 'arithmetic expression: expecting EOF: "(x)=1"' },
    { err: '(x)=1: attempted assignment to non-variable (error token is "=1")' },
  ],
  [
    "1?2",
    { err: "arithmetic expression: expecting ':': \"1?2\"" },
    { err: '1?2: `:\' expected for conditional expression (error token is "2")' },
  ],
  [
    "1?",
    { err: 'arithmetic expression: expecting primary: "1?"' },
    { err: '1?: expression expected (error token is "?")' },
  ],
  [
    "a b",
    { err: 'arithmetic expression: expecting EOF: "a b"' },
    { err: 'a b: syntax error in expression (error token is "b")' },
  ],
  [
    "@",
    { err: 'arithmetic expression: expecting primary: "@"' },
    { err: '@: syntax error: operand expected (error token is "@")' },
  ],
  [
    "'a'",
    { err: "arithmetic expression: expecting primary: \"'a'\"" },
    { err: "'a': syntax error: operand expected (error token is \"'a'\")" },
  ],
  [
    "08",
    { err: 'arithmetic expression: expecting EOF: "08"' },
    { err: '08: value too great for base (error token is "08")' },
  ],
  ["0x", { err: 'arithmetic expression: expecting EOF: "0x"' }, { value: "0", x: "5" }],
  ["1+0x", { err: 'arithmetic expression: expecting EOF: "1+0x"' }, { value: "1", x: "5" }],
  ["2#101", { err: 'arithmetic expression: expecting EOF: "2#101"' }, { value: "5", x: "5" }],
  ["16#ff", { err: 'arithmetic expression: expecting EOF: "16#ff"' }, { value: "255", x: "5" }],
  ["x++", { err: 'arithmetic expression: expecting primary: "x++"' }, { value: "5", x: "6" }],
  ["++x", { value: "5", x: "5" }, { value: "6", x: "6" }],
  ["x--", { err: 'arithmetic expression: expecting primary: "x--"' }, { value: "5", x: "4" }],
  ["--x", { value: "5", x: "5" }, { value: "4", x: "4" }],
  [
    "2**10",
    { err: 'arithmetic expression: expecting primary: "2**10"' },
    { value: "1024", x: "5" },
  ],
  [
    "2**-1",
    { err: 'arithmetic expression: expecting primary: "2**-1"' },
    { err: '2**-1: exponent less than 0 (error token is "1")' },
  ],
  ["1,2", { err: 'arithmetic expression: expecting EOF: "1,2"' }, { value: "2", x: "5" }],
  ["x=1,x+1", { err: 'arithmetic expression: expecting EOF: "x=1,x+1"' }, { value: "2", x: "1" }],
  ["v", { value: "12", x: "5" }, { value: "12", x: "5" }],
  ["s", { err: "Illegal number: x*2" }, { value: "10", x: "5" }],
  ["empty", { value: "0", x: "5" }, { value: "0", x: "5" }],
  ["neg", { value: "-3", x: "5" }, { value: "-3", x: "5" }],
  ["hex", { value: "31", x: "5" }, { value: "31", x: "5" }],
  ["spaced", { value: "7", x: "5" }, { value: "7", x: "5" }],
  [
    "self",
    { err: "Illegal number: self" },
    { err: 'self: expression recursion level exceeded (error token is "self")' },
  ],
];

describe("evalArith matches dash and bash", () => {
  it.each(CASES)("%j", (expr, dash, bash) => {
    expect(run(expr, "dash")).toEqual(dash);
    expect(run(expr, "bash")).toEqual(bash);
  });
});

/** Integer constants (recorded as above). Dash saturates like strtoimax. */
const NUMBERS: [string, "dash" | "bash", string][] = [
  ["99999999999999999999", "dash", "9223372036854775807"],
  ["0x8000000000000000", "dash", "9223372036854775807"],
  ["0x1ffffffffffffffff", "dash", "9223372036854775807"],
  ["077777777777777777777777", "dash", "9223372036854775807"],
  ["-9223372036854775809", "dash", "-9223372036854775807"],
  ["1a", "dash", 'arithmetic expression: expecting EOF: "1a"'],
  ["0y#", "bash", '0y#: value too great for base (error token is "0y#")'],
  ["1#1", "bash", '1#1: invalid arithmetic base (error token is "1#1")'],
  ["65#1", "bash", '65#1: invalid arithmetic base (error token is "65#1")'],
  ["2#", "bash", '2#: invalid integer constant (error token is "2#")'],
  ["0x#1", "bash", '0x#1: invalid number (error token is "0x#1")'],
  ["2#1#1", "bash", '2#1#1: invalid number (error token is "2#1#1")'],
  ["1a", "bash", '1a: value too great for base (error token is "1a")'],
  ["0x1g", "bash", '0x1g: value too great for base (error token is "0x1g")'],
  ["8#9", "bash", '8#9: value too great for base (error token is "8#9")'],
  ["36#z", "bash", "35"],
  ["37#z", "bash", "35"],
  ["37#Z", "bash", '37#Z: value too great for base (error token is "37#Z")'],
  ["64#@", "bash", "62"],
  ["99999999999999999999", "bash", "7766279631452241919"],
  ["0x8000000000000000", "bash", "-9223372036854775808"],
  ["0x1ffffffffffffffff", "bash", "-1"],
];

describe("integer constants", () => {
  it.each(NUMBERS)("%s (%s)", (expr, p, want) => {
    const r = run(expr, p);
    expect("value" in r ? r.value : r.err).toBe(want);
  });
});

describe("evalArith", () => {
  it("does not evaluate the branch not taken", () => {
    const assigned: string[] = [];
    const env = { lookup: () => undefined, assign: (n: string) => void assigned.push(n) };
    expect(evalArith("0 && (a = 1)", env, "bash")).toBe(0n);
    expect(evalArith("1 || (b = 1)", env, "bash")).toBe(1n);
    expect(evalArith("1 ? 2 : (c = 1)", env, "bash")).toBe(2n);
    expect(assigned).toEqual([]);
  });

  it("bounds nesting instead of exhausting the stack", () => {
    const deep = `${"(".repeat(5000)}1${")".repeat(5000)}`;
    const env = { lookup: () => undefined, assign: () => {} };
    for (const p of ["dash", "bash"] as const) {
      expect(() => evalArith(deep, env, p)).toThrow(ArithError);
    }
  });

  it("exposes the parsed tree", () => {
    expect(parseArith("a = 1 + 2 * b", "dash")).toMatchObject({
      kind: "assign",
      name: "a",
      value: { kind: "binary", op: "+", right: { kind: "binary", op: "*" } },
    });
    expect(parseArith("", "bash")).toBeNull();
  });
});
