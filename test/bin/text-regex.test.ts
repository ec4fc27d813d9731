/**
 * POSIX BRE/ERE translation (src/user/lib/regex.ts), checked against GNU grep 3.8 on this
 * machine: each row's expected list is what `printf '%s\n' INPUT | LANG=C.UTF-8 grep -o
 * [-E|-F] PATTERN` printed (grep 3.8's "warning: * at start of expression" on stderr
 * aside, which grep 3.1 does not print). Error texts were recorded the same way.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { argBytes, byteStr } from "../../src/user/lib/io.ts";
import { PosixRegex, RegexError, translateRegex } from "../../src/user/lib/regex.ts";

/** grep -o: every non-empty leftmost-longest match, left to right. */
function onlyMatching(re: PosixRegex, line: string): string[] {
  const out: string[] = [];
  for (let from = 0; from <= line.length; ) {
    const m = re.exec(line, from);
    if (!m) break;
    if (m.end === m.index) {
      from = m.index + 1;
      continue;
    }
    out.push(line.slice(m.index, m.end));
    from = m.end;
  }
  return out;
}

const RECORDED: [string, string, string, string[]][] = [
  ["G", "a\\{2\\}", "aaa ab aa", ["aa", "aa"]],
  ["G", "\\(ab\\)*c", "ababc c abc", ["ababc", "c", "abc"]],
  ["G", "a\\|b", "xaybz", ["a", "b"]],
  ["G", "x\\+", "xxx y x", ["xxx", "x"]],
  ["G", "x\\?y", "xy y xxy", ["xy", "y", "xy"]],
  ["G", "*a", "*a a", ["*a"]],
  ["G", "^*a", "*ab", ["*a"]],
  ["G", "a**", "aaa", ["aaa"]],
  ["G", "\\(^a\\)", "ab", ["a"]],
  ["G", "b$", "ab b", ["b"]],
  ["G", "a$b", "a$b", ["a$b"]],
  ["G", "a^b", "a^b", ["a^b"]],
  ["G", "[[:digit:]]\\+", "a12b345", ["12", "345"]],
  ["G", "[[:alpha:]]*", "ab1cd", ["ab", "cd"]],
  ["G", "[^[:space:]]\\+", "a b  cd", ["a", "b", "cd"]],
  ["G", "[]x]", "a]x", ["]", "x"]],
  ["G", "[a-]", "a-b", ["a", "-"]],
  ["G", "[\\]", "a\\b", ["\\"]],
  ["G", "\\<b", "ab b", ["b"]],
  ["G", "b\\>", "ba b", ["b"]],
  ["G", "\\bfo", "fo ofo", ["fo"]],
  ["G", "o\\B", "oo o", ["o"]],
  ["G", "\\w\\+", "ab_1 c", ["ab_1", "c"]],
  ["G", "\\W", "a b", [" "]],
  ["G", "\\S\\s", "a b", ["a "]],
  ["G", "\\(a\\)\\1", "aa ab", ["aa"]],
  ["G", "\\{1\\}a", "{1}a", ["{1}a"]],
  ["G", ".", "\u00e9", ["\u00e9"]],
  ["G", "\\.", "a.b", ["."]],
  ["G", "a\\{,2\\}", "aaa", ["aa", "a"]],
  ["G", "a\\{2,\\}", "a aa aaa", ["aa", "aaa"]],
  ["E", "a|ab", "xabx", ["ab"]],
  ["E", "(a|ab)(c|bcd)", "abcd", ["abcd"]],
  ["E", "x+", "xx", ["xx"]],
  ["E", "(ab)+", "ababx", ["abab"]],
  ["E", "a{2}", "aaa", ["aa"]],
  ["E", "a{", "a{", ["a{"]],
  ["E", "a{1,2", "a{1,2", ["a{1,2"]],
  ["E", "*a", "*a", ["a"]],
  ["E", "^*ab", "ab", ["ab"]],
  ["E", "a||b", "ab", ["a", "b"]],
  ["E", "()a", "a", ["a"]],
  ["E", ")", "a)b", [")"]],
  ["E", "a+?", "aa", ["aa"]],
  ["E", "(a)\\1", "aa", ["aa"]],
  ["E", "[[:upper:]]+", "ABc", ["AB"]],
  ["E", "colou?r", "color colour", ["color", "colour"]],
  ["E", "^$", "x", []],
  ["E", "a|", "ab", ["a"]],
  ["E", "foo|foobar", "foobar", ["foobar"]],
  ["E", "x*", "axxb", ["xx"]],
  ["E", "(a*)*b", "aab", ["aab"]],
  ["E", "[0-9]{2,3}", "1 12 1234", ["12", "123"]],
  ["F", "a.b", "a.b axb", ["a.b"]],
  ["F", "[x]", "[x] x", ["[x]"]],
  ["F", "\\", "a\\b", ["\\"]],
];

describe("regex: grep -o matches", () => {
  it.each(RECORDED)("%s %j on %j", (mode, pat, input, want) => {
    const re = new PosixRegex([argBytes(pat)], {
      extended: mode === "E",
      fixed: mode === "F",
      utf8: true,
    });
    expect(
      onlyMatching(re, argBytes(input)).map((s) =>
        new TextDecoder().decode(Uint8Array.from(s, (c) => c.charCodeAt(0))),
      ),
    ).toEqual(want);
  });
});

// grep 3.8 (`grep PATTERN`, or -E) stderr for bad patterns; status 2.
const ERRORS: [boolean, string, string][] = [
  [false, "a\\{1", "Unmatched \\{"],
  [false, "a\\{1,2\\", "Unmatched \\{"],
  [true, "(", "Unmatched ( or \\("],
  [false, "\\)", "Unmatched ) or \\)"],
  [false, "\\(", "Unmatched ( or \\("],
  [false, "a\\1", "Invalid back reference"],
  [false, "\\(a\\)\\2", "Invalid back reference"],
  [false, "\\(a\\1\\)", "Invalid back reference"],
  [false, "[[:foo:]]", "Invalid character class name"],
  [false, "[:alpha:]", "character class syntax is [[:space:]], not [:space:]"],
  [false, "[z-a]", "Invalid range end"],
  [false, "[[:alpha:]-z]", "Invalid range end"],
  [false, "a\\", "Trailing backslash"],
  [false, "[a", "Unmatched [, [^, [:, [., or [="],
  [false, "[", "Invalid regular expression"],
  [false, "[^", "Invalid regular expression"],
  [false, "[]", "Unmatched [, [^, [:, [., or [="],
  [true, "a{2,1}", "Invalid content of \\{\\}"],
  [false, "a\\{2,1\\}", "Invalid content of \\{\\}"],
];

describe("regex: errors", () => {
  it.each(ERRORS)("ere=%s %j", (extended, pat, msg) => {
    expect(() => translateRegex(pat, { extended })).toThrow(new RegexError(msg));
  });
});

describe("regex: properties", () => {
  it("a fixed string matches exactly where String.includes finds it", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary-ascii", maxLength: 6 }),
        fc.string({ unit: "binary-ascii", maxLength: 40 }),
        (needle, hay) => {
          const re = new PosixRegex([needle], { extended: false, fixed: true });
          expect(re.test(hay)).toBe(hay.includes(needle));
        },
      ),
      { numRuns: 300 },
    );
  });
  it("a literal escaped into BRE and ERE finds the same first match as indexOf", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 5 }),
        fc.string({ unit: "grapheme-ascii", maxLength: 30 }),
        (needle, hay) => {
          const bre = needle.replace(/[\\.*[\]^$]/g, "\\$&");
          for (const [src, extended] of [
            [bre, false],
            [needle.replace(/[\\.*[\]^$+?(){}|]/g, "\\$&"), true],
          ] as const) {
            const m = new PosixRegex([src], { extended }).exec(hay);
            const i = hay.indexOf(needle);
            expect(m ? m.index : -1).toBe(i);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
  it("bytes round-trip through byteStr/argBytes", () => {
    expect(byteStr(new TextEncoder().encode("é"))).toBe(argBytes("é"));
  });
});
