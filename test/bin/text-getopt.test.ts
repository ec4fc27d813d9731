/**
 * getoptLong() (src/user/lib/getopt.ts) against glibc getopt_long() behaviour; the error
 * texts are those glibc 2.36 printed for GNU grep/sort on this machine
 * (`grep --foo`, `grep -k`, `grep -e`, `sort --che=x`...).
 */
import { describe, expect, it } from "vitest";
import { getoptLong, type LongOption } from "../../src/user/lib/getopt.ts";

const LONG: LongOption[] = [
  { name: "lines", hasArg: 1, val: "n" },
  { name: "quiet", hasArg: 0, val: "q" },
  { name: "silent", hasArg: 0, val: "q" },
  { name: "color", hasArg: 2, val: "color" },
  { name: "colour", hasArg: 2, val: "color" },
  { name: "count", hasArg: 0, val: "c" },
];

const parse = (argv: string[], spec = "cn:qz::") => getoptLong(["prog", ...argv], spec, LONG);
const brief = (argv: string[], spec?: string) => {
  const r = parse(argv, spec);
  return {
    opts: r.options.map((o) => (o.arg === undefined ? o.key : `${o.key}=${o.arg}`)),
    operands: r.operands,
    error: r.error,
  };
};

describe("getoptLong", () => {
  it.each([
    [["-cq", "file"], ["c", "q"], ["file"]],
    [["-n5", "-n", "6", "--lines=7", "--lines", "8"], ["n=5", "n=6", "n=7", "n=8"], []],
    [["-cn", "3"], ["c", "n=3"], []],
    [["a", "-c", "b"], ["c"], ["a", "b"]],
    [["-c", "--", "-q"], ["c"], ["-q"]],
    [["-", "-c"], ["c"], ["-"]],
    [["-z", "-zx"], ["z", "z=x"], []],
    [["--qui", "--colo"], ["q", "color"], []],
    [["--col=always"], ["color=always"], []],
    [["--cou"], ["c"], []],
  ])("%j", (argv, opts, operands) => {
    expect(brief(argv)).toEqual({ opts, operands, error: undefined });
  });

  it("stops at the first operand with a leading '+'", () => {
    expect(brief(["-c", "cmd", "-q"], "+cq")).toEqual({
      opts: ["c"],
      operands: ["cmd", "-q"],
      error: undefined,
    });
  });

  it.each([
    [["-k"], "prog: invalid option -- 'k'\n"],
    [["-n"], "prog: option requires an argument -- 'n'\n"],
    [["--foo"], "prog: unrecognized option '--foo'\n"],
    [["--lines"], "prog: option '--lines' requires an argument\n"],
    [["--quiet=1"], "prog: option '--quiet' doesn't allow an argument\n"],
    [["--c"], "prog: option '--c' is ambiguous; possibilities: '--color' '--colour' '--count'\n"],
  ])("%j fails", (argv, error) => {
    expect(parse(argv).error).toBe(error);
  });
});
