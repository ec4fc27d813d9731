import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { braceExpand, braceExpandWord } from "../../src/user/sh/braces.ts";
import type { Word } from "../../src/user/sh/parse/index.ts";
import { boot, runProgram } from "../../src/vkern.ts";

type Kernel = Awaited<ReturnType<typeof boot>>;

/**
 * [name, shell, script, output (stdout and stderr in write order), status].
 * Every expected output was recorded from the real `bash -c SCRIPT` (GNU bash
 * 5.2.15) and `sh -c SCRIPT` (dash 0.5.12) on this Debian 12 machine, run in
 * an empty directory. Where dash's `set` fails it also exits; the status is 2
 * either way.
 */
const cases: [string, "bash" | "sh", string, string, number][] = [
  ["comma list", "bash", "echo a{b,c}d", "abd acd\n", 0],
  [
    "nesting",
    "bash",
    "echo {a,{b,c}} {a,{b,c}}d {{a,b},c}{1,2}",
    "a b c ad bd cd a1 a2 b1 b2 c1 c2\n",
    0,
  ],
  ["products", "bash", "echo {a,b}{c,d} X{a,b}Y{c,d}Z", "ac ad bc bd XaYcZ XaYdZ XbYcZ XbYdZ\n", 0],
  ["empty members", "bash", "echo x{,.bak} {,}x", "x x.bak x x\n", 0],
  ["all members empty", "bash", 'set -- {,}; echo $#; set -- x{,}; echo $# "$@"', "0\n2 x x\n", 0],
  ["numeric sequences", "bash", "echo {1..5} {5..1} {3..3}", "1 2 3 4 5 5 4 3 2 1 3\n", 0],
  ["letter sequences", "bash", "echo {a..e} {e..a} {A..C}", "a b c d e e d c b a A B C\n", 0],
  [
    "sequences with a step",
    "bash",
    "echo {1..10..3} {10..1..3} {1..10..-3} {1..3..0}",
    "1 4 7 10 10 7 4 1 1 4 7 10 1 2 3\n",
    0,
  ],
  [
    "zero padding",
    "bash",
    "echo {01..10} {001..3} {1..003}",
    "01 02 03 04 05 06 07 08 09 10 001 002 003 001 002 003\n",
    0,
  ],
  [
    "negative numbers",
    "bash",
    "echo {-3..3} {0..-2} {-1..-10..3}",
    "-3 -2 -1 0 1 2 3 0 -1 -2 -1 -4 -7 -10\n",
    0,
  ],
  [
    "negative zero padding",
    "bash",
    "echo {-03..3} {3..-03} {-01..1}",
    "-03 -02 -01 000 001 002 003 003 002 001 000 -01 -02 -03 -01 000 001\n",
    0,
  ],
  [
    "letters with a step",
    "bash",
    "echo {a..k..3} {k..a..3} {a..e..-2} {a..z..25}",
    "a d g j k h e b a c e a z\n",
    0,
  ],
  ["signed ends", "bash", "echo {+1..3} {1..+3}", "1 2 3 1 2 3\n", 0],
  [
    "64-bit ends",
    "bash",
    "echo {9223372036854775806..9223372036854775807}",
    "9223372036854775806 9223372036854775807\n",
    0,
  ],
  [
    "overflow leaves it",
    "bash",
    "echo {1..99999999999999999999}",
    "{1..99999999999999999999}\n",
    0,
  ],
  [
    "letters across the ASCII gap",
    "bash",
    "printf '<%s>' {Z..a}; echo",
    "<Z><[><><]><^><_><`><a>\n",
    0,
  ],
  [
    "sequences combined",
    "bash",
    "echo {a..c}{1..2} {0..10..5}x{a,b}",
    "a1 a2 b1 b2 c1 c2 0xa 0xb 5xa 5xb 10xa 10xb\n",
    0,
  ],
  ["one member is no list", "bash", "echo {a} {} {a}b{c}", "{a} {} {a}b{c}\n", 0],
  [
    "unbalanced",
    "bash",
    "echo {a,b a}b }{a,b}{ {a,b}} {{a,b}",
    "{a,b a}b }a{ }b{ a} b} {a {b\n",
    0,
  ],
  ["unbalanced word", "bash", "echo a{b,c", "a{b,c\n", 0],
  ["blanks around a brace", "bash", "echo { a,b } {a,b }", "{ a,b } {a,b }\n", 0],
  [
    "invalid sequences",
    "bash",
    "echo {1..a} {1..} {..1} {1...3} {1..3..} {1..3..a} {a..A..} {aa..c}",
    "{1..a} {1..} {..1} {1...3} {1..3..} {1..3..a} {a..A..} {aa..c}\n",
    0,
  ],
  ["invalid sequence, later braces expand", "bash", "echo {1..a}{x,y}", "{1..a}x {1..a}y\n", 0],
  [
    "quotes stop it",
    "bash",
    "echo \"{a,b}\" '{a,b}' {'a,b'} {\"a,b\"}",
    "{a,b} {a,b} {a,b} {a,b}\n",
    0,
  ],
  [
    "escapes stop it",
    "bash",
    "echo \\{a,b} {a\\,b,c} {a,b\\} \\${a,b}",
    "{a,b} a,b c {a,b} $a $b\n",
    0,
  ],
  [
    "quoted members",
    "bash",
    "echo {\"a b\",c} {'x',y}z \"a\"{b,c} $'{a,b}' {$'a,b',c}",
    "a b c xz yz ab ac {a,b} a,b c\n",
    0,
  ],
  ["trailing backslash", "bash", "echo {a,b}\\", "a\\ b\\\n", 0],
  ["${var} is no brace", "bash", "x=1; echo ${x}{a,b} {$x,y} {${x},y}", "1a 1b 1 y 1 y\n", 0],
  [
    "before parameter expansion",
    "bash",
    'x=1; xa=2; xb=3; echo $x{a,b} "$x"{a,b}',
    "2 3 1a 1b\n",
    0,
  ],
  [
    "each member expanded later",
    "bash",
    "a=A b=B; echo {$a,$b}; x='1 2'; set -- {$x,y}; echo $#",
    "A B\n3\n",
    0,
  ],
  ["${...} operands", "bash", "echo ${x:-{a,b}} ${x:-a,b}{1,2}", "{a,b} a,b1 a,b2\n", 0],
  [
    "command substitution",
    "bash",
    "echo $(echo {a,b}) $(echo {a,b}){1,2} `echo x`{1,2}",
    "a b a b1 a b2 x1 x2\n",
    0,
  ],
  [
    "command substitution inside",
    "bash",
    'echo {$(echo a),b} {$(echo a,b),c} {"$(echo a,b)",c}',
    "a b a,b c a,b c\n",
    0,
  ],
  ["arithmetic", "bash", "echo $((1+2)){a,b} {$((1,2)),x}", "3a 3b 2 x\n", 0],
  ["assignment values", "bash", 'a={x,y}; echo "$a"; echo a={x,y}', "{x,y}\na=x a=y\n", 0],
  ["prefix assignments", "bash", "x={a,b} bash -c 'echo \"$x\"'", "{a,b}\n", 0],
  ["assignment arguments", "bash", 'export a={x,y}; echo "$a"', "y\n", 0],
  [
    "tildes",
    "bash",
    "HOME=/h; echo ~/{a,b} {~,b} ~{root,nosuchuser} a=~/{x} a=~/{x,y}",
    "/h/a /h/b /h b /root ~nosuchuser a=/h/{x} a=~/x a=~/y\n",
    0,
  ],
  ["for lists", "bash", 'for i in {1..3}; do echo -n "$i "; done; echo', "1 2 3 \n", 0],
  [
    "case word and patterns",
    "bash",
    "case {a,b} in {a,b}) echo literal;; *) echo other;; esac; case a in {a,b}) echo brace;; *) echo none;; esac",
    "literal\nnone\n",
    0,
  ],
  ["here-document body", "bash", "cat <<EOF\n{a,b}\nEOF", "{a,b}\n", 0],
  ["here-string", "bash", "cat <<< {a,b}", "{a,b}\n", 0],
  [
    "ambiguous redirect",
    "bash",
    "mkdir r1 && cd r1 && { echo hi > f{1,2}; echo $?; ls; }",
    "bash: line 1: f{1,2}: ambiguous redirect\n1\n",
    0,
  ],
  [
    "redirects that stay one word",
    "bash",
    "mkdir r2 && cd r2 && { echo a > f{1}; echo b > {g,}; echo c > {1..1}h; ls; }",
    "1h\nf{1}\ng\n",
    0,
  ],
  [
    "redirects to no word",
    "bash",
    "echo hi > {,}; echo $?",
    "bash: line 1: {,}: ambiguous redirect\n1\n",
    0,
  ],
  [
    "fd redirect",
    "bash",
    "echo hi >&{1,2}; echo $?",
    "bash: line 1: {1,2}: ambiguous redirect\n1\n",
    0,
  ],
  [
    "globs after braces",
    "bash",
    "mkdir g && cd g && touch a1 a2 b1 && echo {a,b}* {c,d}*",
    "a1 a2 b1 c* d*\n",
    0,
  ],
  ["set +B and set -B", "bash", "set +B; echo {a,b}; set -B; echo {a,b}", "{a,b}\na b\n", 0],
  [
    "set -o braceexpand",
    "bash",
    "set +o braceexpand; echo {a,b}; set -o braceexpand; echo {a,b}",
    "{a,b}\na b\n",
    0,
  ],
  [
    "$- has B",
    "bash",
    "case $- in *B*) echo on;; *) echo off;; esac; set +B; case $- in *B*) echo on;; *) echo off;; esac",
    "on\noff\n",
    0,
  ],
  [
    "subshells inherit set +B",
    "bash",
    "set +B; (echo {a,b}); echo $(echo {a,b}); bash -c 'echo {a,b}'",
    "{a,b}\n{a,b}\na b\n",
    0,
  ],
  [
    "bad set letter",
    "bash",
    "set +Q; echo $?",
    "bash: line 1: set: +Q: invalid option\nset: usage: set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]\n2\n",
    0,
  ],
  ["eval and functions", "bash", "eval 'echo {a,b}'; f() { echo {1..3}; }; f", "a b\n1 2 3\n", 0],
  ["xtrace", "bash", "set -x; echo {a,b}", "+ echo a b\na b\n", 0],
  ["many", "bash", "set -- {1..1000}; echo $# $1 ${1000}", "1000 1 1000\n", 0],
  [
    "dash: no brace expansion",
    "sh",
    "echo {a,b} a{b,c}d {1..3} x{,.bak}",
    "{a,b} a{b,c}d {1..3} x{,.bak}\n",
    0,
  ],
  ["dash: for list", "sh", "for i in {1..3}; do echo $i; done", "{1..3}\n", 0],
  ["dash: redirect", "sh", "mkdir r3 && cd r3 && { echo hi > f{1,2}; ls; }", "f{1,2}\n", 0],
  ["dash: set -B", "sh", "set -B", "sh: 1: set: Illegal option -B\n", 2],
  ["dash: set +B", "sh", "set +B", "sh: 1: set: Illegal option -B\n", 2],
  [
    "dash: set -o braceexpand",
    "sh",
    "set -o braceexpand",
    "sh: 1: set: Illegal option -o braceexpand\n",
    2,
  ],
];

describe("brace expansion (bash 5.2 braces.c), and none in dash", () => {
  let k: Kernel;
  beforeAll(async () => {
    k = await boot();
  });

  it.each(cases)("%s (%s)", async (_name, shell, script, output, status) => {
    const r = await runProgram(k, [shell, "-c", script]);
    expect(r.output).toBe(output);
    expect(r.status).toBe(status);
  });
});

const word = (text: string): Word => ({
  type: "Word",
  parts: [{ type: "Literal", value: text }],
  text,
});

describe("braceExpand", () => {
  it("leaves a word without `{` unchanged", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."ab,}.$(`'\"\\ 1-~*") }), (text) => {
        expect(braceExpand(text)).toEqual([text]);
        const w = word(text);
        const out = braceExpandWord(w);
        expect(out).toHaveLength(1);
        expect(out[0]).toBe(w);
      }),
    );
  });

  it("gives one word per member of a plain comma list, in order", () => {
    const plain = fc.string({ unit: fc.constantFrom(..."abc123_-") });
    fc.assert(
      fc.property(
        plain,
        fc.array(plain, { minLength: 2, maxLength: 5 }),
        plain,
        (pre, members, post) => {
          const expected = members.map((m) => pre + m + post);
          // array_concat() drops nothing; only an all-empty result is one empty word.
          expect(braceExpand(`${pre}{${members.join(",")}}${post}`)).toEqual(expected);
        },
      ),
    );
  });
});
