import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  escapeDecode,
  globToRegex,
  matchLine,
  matchTranscriptLine,
  outputToLines,
  postLine,
  pythonRegexMatch,
  pythonRegexToJs,
  toBinary,
} from "../../src/user/cram/match.ts";

describe("matchLine against cram 0.7", () => {
  // [expected text after the indent, actual line, actual had no newline, match?]. Every
  // answer was computed by cram 0.7's own matchers (Debian python3-cram 0.7-5 on Python
  // 3.11.2): the line "  " + expected + "\n" against the line cram makes of the output,
  // tried with equality, cram._diff.esc, glob and regex. Left out: a possessive quantifier
  // ("a*+", new in Python 3.11, no JavaScript equivalent: we report a mismatch) and an
  // invalid "\x4 (esc)" (cram crashes with ValueError; we report a mismatch).
  it.each([
    ["hello * (glob)", "hello world", false, true],
    ["hello * (glob)", "hello", false, false],
    ["a\\*b (glob)", "a*b", false, true],
    ["a\\*b (glob)", "axb", false, false],
    ["x?y (glob)", "x1y", false, true],
    ["x?y (glob)", "xy", false, false],
    ["\\\\ (glob)", "\\", false, true],
    ["a\\b (glob)", "a\\b", false, true],
    ["[ab] (glob)", "[ab]", false, true],
    ["[ab] (glob)", "a", false, false],
    ["foo.* (glob)", "foo.bar", false, true],
    ["foo.* (glob)", "fooxbar", false, false],
    ["* (glob)", "", false, true],
    ["abc (glob)", "abcd", false, false],
    ["x(glob)", "x", false, false],
    ["2? (no-eol) (glob)", "25", true, true],
    ["25 (glob)", "25", true, false],
    ["[a-z]+\\d+ (re)", "abc123", false, true],
    ["[a-z]+ (re)", "abc123", false, false],
    ["foo|bar (re)", "foo", false, true],
    ["foo|bar (re)", "bar", false, false],
    ["foo|bar (re)", "foobar", false, true],
    ["(?:foo|bar) (re)", "bar", false, true],
    ["\\d{,2} (re)", "12", false, true],
    ["\\d{,2} (re)", "123", false, false],
    ["(?P<x>a)(?P=x) (re)", "aa", false, true],
    ["a\\Z (re)", "a", false, true],
    ["\\Aa (re)", "a", false, false],
    ["(?i)abc (re)", "ABC", false, false],
    ["[]a]+ (re)", "]a]", false, true],
    ["[^]a]+ (re)", "bcd", false, true],
    ["\\q (re)", "q", false, false],
    ["*** (re)", "***", false, false],
    ["*** (re)", "*** (re)", false, true],
    ["x (re)", "x (re)", false, true],
    ["\\x41 (re)", "A", false, true],
    ["\\101 (re)", "A", false, true],
    ["[\\101] (re)", "A", false, true],
    ["(a)\\1 (re)", "aa", false, true],
    ["(a)\\10 (re)", "aa0", false, false],
    ["a{1,2 (re)", "a{1,2", false, true],
    ["(?<n>a) (re)", "a", false, false],
    [" {2}x (re)", "  x", false, true],
    ["\\ba\\b (re)", "a", false, true],
    ["a.c (re)", "a\tc", false, false],
    ["a\\\\tc \\(esc\\) (re)", "a\tc", false, true],
    ["\\s\\S\\w\\W\\d\\D (re)", " xa-1b", false, true],
    ["\\a (re)", "\u0007", false, false],
    ["(?#comment)abc (re)", "abc", false, true],
    ["a(?=b)b (re)", "ab", false, true],
    ["(?<=a)b (re)", "ab", false, false],
    ["[[:alpha:]] (re)", "a]", false, true],
    ["a{2}{3} (re)", "aaaaaa", false, false],
    ["caf. (re)", "café", false, false],
    ["tab\\there (esc)", "tab\there", false, true],
    ["\\x1b[1m (esc)", "\u001b[1m", false, true],
    ["caf\\xc3\\xa9 (esc)", "café", false, true],
    ["café", "café", false, true],
    ["a\tb", "a\tb", false, true],
    ["a\\qb (esc)", "a\\qb", false, true],
    ["back\\\\slash (esc)", "back\\slash", false, true],
    ["\\101 (esc)", "A", false, true],
    ["\\0 (esc)", "\u0000", false, true],
    ["x (no-eol) (esc)", "x", true, true],
    ["\\x01 (no-eol) (esc)", "\u0001", true, true],
    ["\\r (esc)", "\r", false, true],
    ["25 (no-eol)", "25", true, true],
    ["25", "25", true, false],
    ["25 (no-eol)", "25", false, false],
    ["25 (no-eol)", "25 (no-eol)", false, true],
    ["a\\tb (esc)", "a\\tb (esc)", false, true],
    ["é (re)", "é", false, false],
    ["é? (re)", "", false, false],
    ["[^é]x (re)", "ax", false, true],
  ] as [string, string, boolean, boolean][])(
    "%j vs %j (no-eol: %s) -> %s",
    (expected, actual, noEol, result) => {
      expect(matchLine(expected, actual, { noEol })).toBe(result);
    },
  );

  it("sees the indent in (re) patterns, as cram does", () => {
    // With a 4-space indent the same pattern needs 2 more leading spaces.
    expect(matchLine(" {2}x (re)", "  x", { indent: 4 })).toBe(true);
    expect(matchLine("^x (re)", "x")).toBe(false);
    expect(matchLine("  x (re)", "x", { indent: 0 })).toBe(false);
  });

  it("matches the acceptance transcripts' patterns", () => {
    expect(
      matchLine(
        "-rw-r--r-- 1 root root 0 * llkd_dbgfs_debug_level (glob)",
        "-rw-r--r-- 1 root root 0 Jan  1 00:00 llkd_dbgfs_debug_level",
      ),
    ).toBe(true);
    expect(
      matchLine(
        "crw-r--r-- 1 root root *, 0 * /dev/ioctl_llkd_kdrv (glob)",
        "crw-r--r-- 1 root root 240, 0 Jan  1 00:00 /dev/ioctl_llkd_kdrv",
      ),
    ).toBe(true);
    expect(
      matchLine(
        "netlink_userapp:sendmsg(): \\*\\*\\* success, sent 1040 bytes all-inclusive (glob)",
        "netlink_userapp:sendmsg(): *** success, sent 1040 bytes all-inclusive",
      ),
    ).toBe(true);
    expect(
      matchLine(
        "\\[ *[0-9]+\\.[0-9]{6}\\] netlink_simple_intf: received from PID [0-9]+: (re)",
        "[    3.141592] netlink_simple_intf: received from PID 1234:",
      ),
    ).toBe(true);
    const sample = '"sample user data to send to kernel via netlink"';
    expect(matchLine(` {15}${sample} (re)`, `${" ".repeat(15)}${sample}`)).toBe(true);
    expect(matchLine(` {15}${sample} (re)`, `${" ".repeat(14)}${sample}`)).toBe(false);
    expect(
      matchLine(
        "config1:0x0,config2:0x48524a5f,config3:0x[0-9a-f]+ \\([0-9]+\\) (re)",
        "config1:0x0,config2:0x48524a5f,config3:0xfffb6c20 (4294667296)",
      ),
    ).toBe(true);
    expect(matchLine("25 (no-eol)", "25", { noEol: true })).toBe(true);
    expect(matchLine("25 (no-eol)", "25")).toBe(false);
  });
});

describe("how output becomes transcript lines (cram/_test.py)", () => {
  it.each([
    ["plain\n", ["  plain\n"]],
    ["", []],
    ["a\nb", ["  a\n", "  b (no-eol)\n"]],
    ["tab\there\n", ["  tab\\there (esc)\n"]],
    // A backslash alone needs no escaping; once a line is escaped, backslashes double.
    ["back\\slash\n", ["  back\\slash\n"]],
    ["a\tb\\c\n", ["  a\\tb\\\\c (esc)\n"]],
    ["\x1b[0m\n", ["  \\x1b[0m (esc)\n"]],
    ["caf\u00e9\n", ["  caf\\xc3\\xa9 (esc)\n"]],
    ["del\x7f\n", ["  del\\x7f (esc)\n"]],
    // Python's bytes.splitlines() also ends lines at "\r".
    ["a\rb\n", ["  a\\r (no-eol) (esc)\n", "  b\n"]],
    ["a\r\n", ["  a\\r (esc)\n"]],
    ["x\x01", ["  x\\x01 (no-eol) (esc)\n"]],
    ["\n\n", ["  \n", "  \n"]],
  ])("%j", (output, lines) => {
    expect(outputToLines(output, "  ")).toEqual(lines);
  });

  it("takes bytes as they are, valid UTF-8 or not", () => {
    expect(outputToLines(new Uint8Array([0xff, 0x41, 0x0a]), "  ")).toEqual(["  \\xffA (esc)\n"]);
  });

  it("always matches its own rendering", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.boolean(), (s, noEol) => {
        const line = s.replace(/[\r\n]/g, "");
        const written = postLine(`${toBinary(line)}${noEol ? "" : "\n"}`, "");
        expect(matchLine(written.slice(0, -1), line, { noEol })).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe("escapeDecode (Python codecs.escape_decode)", () => {
  it.each([
    ["a\\tb", "a\tb"],
    ["\\\\", "\\"],
    ["\\'\\\"", "'\""],
    ["\\a\\b\\f\\n\\r\\v", "\x07\b\f\n\r\v"],
    ["\\x1b\\x41", "\x1bA"],
    ["\\101\\0\\7", "A\0\x07"],
    ["\\1010", "A0"],
    ["\\777", "\xff"],
    ["\\q\\8", "\\q\\8"],
    ["a\\\nb", "ab"],
  ])("%j -> %j", (input, output) => {
    expect(escapeDecode(input)).toBe(output);
  });

  it.each(["\\x4", "\\xg0", "trailing\\"])("%j is an error", (input) => {
    expect(escapeDecode(input)).toBeNull();
  });
});

describe("Python regular expressions in JavaScript", () => {
  it.each([
    ["a\\Z", "a$"],
    ["\\Aa", "^a"],
    ["(?P<n>a)(?P=n)", "(?<n>a)\\k<n>"],
    ["(?#note)a", "a"],
    ["a{,3}", "a{0,3}"],
    ["[]a]", "[\\]a]"],
    ["[^]a]", "[^\\]a]"],
    ["\\a\\101\\0", "\\x07\\x41\\x00"],
    ["(a)\\1", "(a)(?:\\1)"],
    ["\\.\\-\\ ", "\\x2e\\x2d\\x20"],
    ["[[:x:]]", "[\\[:x:]]"],
  ])("%j -> %j", (python, js) => {
    expect(pythonRegexToJs(python)).toBe(js);
  });

  it.each(["(?i)a", "(?<n>a)", "\\k<n>", "\\cA", "\\p{L}", "\\u0041", "[a", "[\\Z]", "(?>a)"])(
    "%j is rejected as Python 3.11 rejects it, or not expressible",
    (python) => {
      expect(pythonRegexToJs(python)).toBeNull();
    },
  );

  it("anchors like re.match(pattern + '\\Z'): start for all, end for the last branch", () => {
    expect(pythonRegexMatch("ab|cd", "abxx")).toBe(true);
    expect(pythonRegexMatch("ab|cd", "xcd")).toBe(false);
    expect(pythonRegexMatch("ab|cd", "cd")).toBe(true);
    expect(pythonRegexMatch("ab|cd", "cdx")).toBe(false);
    expect(pythonRegexMatch("***", "***")).toBe(false);
  });

  it("matches any escaped literal line", () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
        }),
        (s) => {
          const re = s.replace(/[.^$*+?{}[\]\\|()]/g, "\\$&");
          expect(pythonRegexMatch(re, s)).toBe(true);
          expect(pythonRegexMatch(re, `${s}x`)).toBe(false);
        },
      ),
    );
  });
});

describe("globs", () => {
  it("escapes everything but * and ?", () => {
    expect(globToRegex("a*b?.\\*\\?\\\\\\x")).toBe("\\x61[^]*\\x62[^]\\x2e\\*\\?\\\\\\x5c\\x78$");
  });

  it("matches any line whose * ? \\ are escaped", () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
        }),
        (s) => {
          const glob = s.replace(/[*?\\]/g, "\\$&");
          expect(matchLine(`${glob} (glob)`, s)).toBe(true);
          expect(matchLine(`${glob} (glob)`, `${s}x`)).toBe(false);
        },
      ),
    );
  });
});

describe("matchTranscriptLine", () => {
  it("compares whole lines, equality first", () => {
    expect(matchTranscriptLine("  x (re)\n", "  x (re)\n")).toBe(true);
    expect(matchTranscriptLine("  x* (glob)\n", "  xyz\n")).toBe(true);
    // A comment line can meet an output line in the diff; matchers see it too.
    expect(matchTranscriptLine("comment (glob)\n", "comment\n")).toBe(true);
  });
});
