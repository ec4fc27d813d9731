/**
 * The shared helpers of the file commands, against the real implementations on Debian 12:
 * quoting (GNU ls 9.1 --quoting-style, whose gnulib matches 8.28's except for names with an
 * apostrophe), human-readable sizes (ls -lh / ls -l --si, coreutils 9.1), glibc 2.36
 * fnmatch() (called through ctypes), and mode changes (chmod 9.1).
 */
import { describe, expect, it } from "vitest";
import { FNM_CASEFOLD, FNM_PATHNAME, FNM_PERIOD, fnmatch } from "../../src/user/lib/fnmatch.ts";
import {
  human_autoscale,
  human_base_1024,
  human_SI,
  humanReadable,
} from "../../src/user/lib/human.ts";
import { modeAdjust, modeCompile } from "../../src/user/lib/modechange.ts";
import { quotearg } from "../../src/user/lib/quote.ts";

describe("quotearg (gnulib quotearg.c)", () => {
  // `ls -1 --quoting-style=S` of these names, coreutils 9.1, LC_ALL=C.UTF-8.
  it.each([
    ["a\nb", "'a'$'\\n''b'", "'a'$'\\n''b'", "\u2018a\\nb\u2019", '"a\\nb"'],
    ["p q", "'p q'", "'p q'", "\u2018p q\u2019", '"p q"'],
    ["abc", "abc", "'abc'", "\u2018abc\u2019", '"abc"'],
    ["a:b", "a:b", "'a:b'", "\u2018a:b\u2019", '"a:b"'],
    ["é", "é", "'é'", "\u2018é\u2019", '"é"'],
    [
      "a\tb\tc",
      "'a'$'\\t''b'$'\\t''c'",
      "'a'$'\\t''b'$'\\t''c'",
      "\u2018a\\tb\\tc\u2019",
      '"a\\tb\\tc"',
    ],
    ["~x", "'~x'", "'~x'", "\u2018~x\u2019", '"~x"'],
    ["x~", "x~", "'x~'", "\u2018x~\u2019", '"x~"'],
    ["{", "'{'", "'{'", "\u2018{\u2019", '"{"'],
    ["a\x01b", "'a'$'\\001''b'", "'a'$'\\001''b'", "\u2018a\\001b\u2019", '"a\\001b"'],
    ["$HOME", "'$HOME'", "'$HOME'", "\u2018$HOME\u2019", '"$HOME"'],
  ])("%j", (name, shellEscape, always, locale, c) => {
    const o = { utf8: true };
    expect(quotearg(name, "shell-escape", o)).toBe(shellEscape);
    expect(quotearg(name, "shell-escape-always", o)).toBe(always);
    expect(quotearg(name, "locale", o)).toBe(locale);
    expect(quotearg(name, "c", o)).toBe(c);
  });

  it("uses ASCII quotes and octal escapes of UTF-8 bytes in the C locale", () => {
    // `LC_ALL=C ls --quoting-style=locale`
    expect(quotearg("é", "locale", { utf8: false })).toBe("'\\303\\251'");
    expect(quotearg("a\nb", "locale", { utf8: false })).toBe("'a\\nb'");
  });

  it("quotes an apostrophe as 8.28 does ('it'\\''s'; gnulib since 2023 prefers \"it's\")", () => {
    expect(quotearg("it's", "shell-escape-always", { utf8: true })).toBe("'it'\\''s'");
  });

  it("quotes ':' for quotef()", () => {
    expect(quotearg("a:b", "shell-escape", { utf8: true, quoteTheseToo: ":" })).toBe("'a:b'");
  });
});

describe("human_readable (gnulib human.c)", () => {
  // [size, `ls -lh`, `ls -l --si`] of files of that size, coreutils 9.1.
  it.each([
    [0, "0", "0"],
    [1, "1", "1"],
    [999, "999", "999"],
    [1000, "1000", "1.0k"],
    [1023, "1023", "1.1k"],
    [1024, "1.0K", "1.1k"],
    [1025, "1.1K", "1.1k"],
    [1536, "1.5K", "1.6k"],
    [2047, "2.0K", "2.1k"],
    [10239, "10K", "11k"],
    [10240, "10K", "11k"],
    [10241, "11K", "11k"],
    [102400, "100K", "103k"],
    [1048575, "1.0M", "1.1M"],
    [1048576, "1.0M", "1.1M"],
    [1048577, "1.1M", "1.1M"],
    [5000000, "4.8M", "5.0M"],
    [1073741824, "1.0G", "1.1G"],
    [1099511627776, "1.0T", "1.1T"],
  ])("%d bytes", (n, h, si) => {
    expect(humanReadable(n, human_autoscale | human_SI | human_base_1024, 1, 1)).toBe(h);
    expect(humanReadable(n, human_autoscale | human_SI, 1, 1)).toBe(si);
  });

  it("converts 512-byte blocks to 1K blocks rounding up, as ls -s does", () => {
    expect(humanReadable(8, 0, 512, 1024)).toBe("4");
    expect(humanReadable(1, 0, 512, 1024)).toBe("1");
    expect(humanReadable(0, 0, 512, 1024)).toBe("0");
  });
});

describe("fnmatch (glibc 2.36, through ctypes)", () => {
  it.each([
    ["*.txt", "a.txt", 0, true],
    ["*.txt", ".a.txt", FNM_PERIOD, false],
    ["*.txt", ".a.txt", 0, true],
    ["?", "a", 0, true],
    ["?", "ab", 0, false],
    ["[a-c]x", "bx", 0, true],
    ["[!a-c]x", "bx", 0, false],
    ["[^a-c]x", "dx", 0, true],
    ["[[:digit:]]*", "9lives", 0, true],
    ["[]]", "]", 0, true],
    ["[]a]", "a", 0, true],
    ["a\\*", "a*", 0, true],
    ["a\\*", "ab", 0, false],
    ["*", "", 0, true],
    ["*/b", "a/b", FNM_PATHNAME, true],
    ["*", "a/b", FNM_PATHNAME, false],
    ["*", "a/b", 0, true],
    ["A*", "abc", FNM_CASEFOLD, true],
    ["[A-Z]", "b", FNM_CASEFOLD, true],
    ["llkd*", "llkdproc_debug_level", 0, true],
    ["*_intf*", "dbgfs_simple_intf", 0, true],
    ["[", "[", 0, true],
    ["a[", "a[", 0, true],
    ["*[", "x[", 0, true],
    ["x*y*z", "xAyBz", 0, true],
    ["x*y*z", "xAyB", 0, false],
  ] as const)("fnmatch(%j, %j, %d) = %s", (p, n, f, want) => {
    expect(fnmatch(p, n, f)).toBe(want);
  });
});

describe("mode_compile/mode_adjust (gnulib modechange.c)", () => {
  // Results of `chmod MODE f` on a file of mode 0644 (or a directory of 0755), umask 022.
  it.each([
    ["644", 0o600, false, 0o644],
    ["u+x,g=u", 0o600, false, 0o770],
    ["o-w", 0o770, false, 0o770],
    ["a-x,+t", 0o644, false, 0o1644],
    ["=r", 0o1644, false, 0o444],
    ["u+s,g+s", 0o444, false, 0o6444],
    ["go-rwx", 0o755, true, 0o700],
    ["a+X", 0o700, true, 0o711],
    ["a+X", 0o600, false, 0o600],
    ["+w", 0o444, false, 0o644],
    ["g=u-w", 0o740, false, 0o750],
  ] as const)("%s on %o", (mode, old, dir, want) => {
    const c = modeCompile(mode);
    expect(c).not.toBeNull();
    expect(modeAdjust(old, dir, 0o022, c ?? []).mode).toBe(want);
  });

  it.each(["abc", "u+q", "8", "u=rw,", ""])("rejects %j", (m) => {
    expect(modeCompile(m)).toBeNull();
  });
});
