// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are shell source
/**
 * Syntax errors: message and line number as the real shells print them.
 *
 * Recorded on Debian 12 with `dash -n -c SRC` (dash 0.5.12) and
 * `bash -n -c SRC` (bash 5.2.15), keeping what follows the prefix
 * (`dash: N: `, `bash: -c: line N: `). The interpreter adds its own prefix
 * (`sh: 1: ` for dash, `bash: ` interactively). Bash counts lines as if
 * the `-c` text ended with a newline, so end-of-file errors are on the line
 * after the last one.
 *
 * vkern's `sh` is dash 0.5.8. Its parser.c (the list() before the
 * 2014-10-28 commit "Simplify EOF/newline handling in list parser", and
 * readtoken1() before the later rework of parameter expansions) words a few
 * errors differently; those are in DASH_058 below, with 0.5.12's text in
 * a comment. For everything in CASES, 0.5.8 and 0.5.12 agree.
 */
import { describe, expect, it } from "vitest";
import { parse, ShellSyntaxError } from "../../src/user/sh/parse/index.ts";

type Expect = [line: number, message: string] | null;

function errorOf(src: string, personality: "bash" | "dash"): Expect {
  try {
    parse(src, personality);
    return null;
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    return [e.line, e.message];
  }
}

/** [source, dash, bash]: null where the shell parses the text without error. */
const CASES: [string, Expect, Expect][] = [
  ["fi", [1, 'Syntax error: "fi" unexpected'], [1, "syntax error near unexpected token `fi'"]],
  [
    "echo a |",
    [1, "Syntax error: end of file unexpected"],
    [2, "syntax error: unexpected end of file"],
  ],
  [
    'echo "abc',
    [1, "Syntax error: Unterminated quoted string"],
    [1, "unexpected EOF while looking for matching `\"'"],
  ],
  [
    "echo 'abc",
    [1, "Syntax error: Unterminated quoted string"],
    [1, "unexpected EOF while looking for matching `''"],
  ],
  [
    "if true; then fi",
    [1, 'Syntax error: "fi" unexpected'],
    [1, "syntax error near unexpected token `fi'"],
  ],
  [
    "if true; then echo; fi fi",
    [1, 'Syntax error: "fi" unexpected'],
    [1, "syntax error near unexpected token `fi'"],
  ],
  [
    "case x y",
    [1, 'Syntax error: word unexpected (expecting "in")'],
    [1, "syntax error near unexpected token `y'"],
  ],
  ["echo )", [1, 'Syntax error: ")" unexpected'], [1, "syntax error near unexpected token `)'"]],
  [
    "echo a;;",
    [1, 'Syntax error: ";;" unexpected'],
    [1, "syntax error near unexpected token `;;'"],
  ],
  ["| a", [1, 'Syntax error: "|" unexpected'], [1, "syntax error near unexpected token `|'"]],
  [
    "echo (",
    [1, 'Syntax error: end of file unexpected (expecting ")")'],
    [1, "syntax error near unexpected token `newline'"],
  ],
  [
    "echo ${x",
    [1, "Syntax error: Missing '}'"],
    [1, "unexpected EOF while looking for matching `}'"],
  ],
  [
    "echo $(echo",
    [1, 'Syntax error: end of file unexpected (expecting ")")'],
    [2, "unexpected EOF while looking for matching `)'"],
  ],
  [
    "echo `echo",
    [1, "Syntax error: EOF in backquote substitution"],
    [1, "unexpected EOF while looking for matching ``'"],
  ],
  [
    "echo $((1+2)",
    [1, "Syntax error: Missing '))'"],
    [1, "unexpected EOF while looking for matching `)'"],
  ],
  ["f() echo hi", null, [1, "syntax error near unexpected token `echo'"]],
  ["for 1 in a; do :; done", [1, "Syntax error: Bad for loop variable"], null],
  ["1a() { :; }", [1, "Syntax error: Bad function name"], null],
  [
    "echo >",
    [1, "Syntax error: end of file unexpected"],
    [1, "syntax error near unexpected token `newline'"],
  ],
  ["echo > ;", [1, 'Syntax error: ";" unexpected'], [1, "syntax error near unexpected token `;'"]],
  [")", [1, 'Syntax error: ")" unexpected'], [1, "syntax error near unexpected token `)'"]],
  ["}", [1, 'Syntax error: "}" unexpected'], [1, "syntax error near unexpected token `}'"]],
  [
    "while true",
    [1, 'Syntax error: end of file unexpected (expecting "do")'],
    [2, "syntax error: unexpected end of file"],
  ],
  ["a=(1 2)", [1, 'Syntax error: "(" unexpected'], null],
  [
    "echo hi; fi",
    [1, 'Syntax error: "fi" unexpected'],
    [1, "syntax error near unexpected token `fi'"],
  ],
  [
    "echo hi\nfi",
    [2, 'Syntax error: "fi" unexpected'],
    [2, "syntax error near unexpected token `fi'"],
  ],
  ["for x in a b; { echo $x; }", [1, 'Syntax error: "{" unexpected (expecting "do")'], null],
  ["! ! true", [1, 'Syntax error: "!" unexpected'], null],
  [
    "echo a |\n",
    [2, "Syntax error: end of file unexpected"],
    [2, "syntax error: unexpected end of file"],
  ],
  [
    'echo "a\nb\nc',
    [3, "Syntax error: Unterminated quoted string"],
    [1, "unexpected EOF while looking for matching `\"'"],
  ],
  [
    'echo a\necho "a\nb',
    [3, "Syntax error: Unterminated quoted string"],
    [2, "unexpected EOF while looking for matching `\"'"],
  ],
  [
    "echo $(echo a\nb\n",
    [3, 'Syntax error: end of file unexpected (expecting ")")'],
    [3, "unexpected EOF while looking for matching `)'"],
  ],
  [
    "x\n\n\nfi",
    [4, 'Syntax error: "fi" unexpected'],
    [4, "syntax error near unexpected token `fi'"],
  ],
  [
    "echo `a\nb",
    [2, "Syntax error: EOF in backquote substitution"],
    [1, "unexpected EOF while looking for matching ``'"],
  ],
  [
    "echo ${x\n",
    [1, "Syntax error: Missing '}'"],
    [1, "unexpected EOF while looking for matching `}'"],
  ],
  [
    "echo $((1+\n2",
    [2, "Syntax error: Missing '))'"],
    [1, "unexpected EOF while looking for matching `)'"],
  ],
  [
    "(echo a\n",
    [2, 'Syntax error: end of file unexpected (expecting ")")'],
    [2, "syntax error: unexpected end of file"],
  ],
  [
    "echo a &&",
    [1, "Syntax error: end of file unexpected"],
    [2, "syntax error: unexpected end of file"],
  ],
  [
    "echo a && \n fi",
    [2, 'Syntax error: "fi" unexpected'],
    [2, "syntax error near unexpected token `fi'"],
  ],
  [
    "echo a & & b",
    [1, 'Syntax error: "&" unexpected'],
    [1, "syntax error near unexpected token `&'"],
  ],
  [
    "echo a || || b",
    [1, 'Syntax error: "||" unexpected'],
    [1, "syntax error near unexpected token `||'"],
  ],
  [";", [1, 'Syntax error: ";" unexpected'], [1, "syntax error near unexpected token `;'"]],
  ["echo a; ;", [1, 'Syntax error: ";" unexpected'], [1, "syntax error near unexpected token `;'"]],
  ["&", [1, 'Syntax error: "&" unexpected'], [1, "syntax error near unexpected token `&'"]],
  [
    "echo a && ;",
    [1, 'Syntax error: ";" unexpected'],
    [1, "syntax error near unexpected token `;'"],
  ],
  ["a | | b", [1, 'Syntax error: "|" unexpected'], [1, "syntax error near unexpected token `|'"]],
  ["! ;", [1, 'Syntax error: ";" unexpected'], null],
  ["!", [1, "Syntax error: end of file unexpected"], null],
  [
    "echo >>",
    [1, "Syntax error: end of file unexpected"],
    [1, "syntax error near unexpected token `newline'"],
  ],
  [
    "echo <&",
    [1, "Syntax error: end of file unexpected"],
    [1, "syntax error near unexpected token `newline'"],
  ],
  [
    "<",
    [1, "Syntax error: end of file unexpected"],
    [1, "syntax error near unexpected token `newline'"],
  ],
  ["echo a (", [1, 'Syntax error: "(" unexpected'], [1, "syntax error near unexpected token `('"]],
  ["echo a ()", [1, 'Syntax error: "(" unexpected'], [1, "syntax error near unexpected token `('"]],
  [
    "f ( )",
    [1, "Syntax error: end of file unexpected"],
    [2, "syntax error: unexpected end of file"],
  ],
  ["f()", [1, "Syntax error: end of file unexpected"], [2, "syntax error: unexpected end of file"]],
  ["function f { :; }", [1, 'Syntax error: "}" unexpected'], null],
  ["function f() { :; }", [1, 'Syntax error: "(" unexpected'], null],
  ["function f", null, [2, "syntax error: unexpected end of file"]],
  ["function", null, [1, "syntax error near unexpected token `newline'"]],
  [
    "case x in ) ;; esac",
    [1, 'Syntax error: ";;" unexpected (expecting ")")'],
    [1, "syntax error near unexpected token `)'"],
  ],
  [
    "case x in a) echo a esac",
    [1, 'Syntax error: end of file unexpected (expecting ";;")'],
    [2, "syntax error: unexpected end of file"],
  ],
  [
    "case x in a|) ;; esac",
    [1, 'Syntax error: ";;" unexpected (expecting ")")'],
    [1, "syntax error near unexpected token `)'"],
  ],
  [
    "case x in a) ;;",
    [1, 'Syntax error: end of file unexpected (expecting ")")'],
    [2, "syntax error: unexpected end of file"],
  ],
  [
    "case x",
    [1, 'Syntax error: end of file unexpected (expecting "in")'],
    [2, "syntax error: unexpected end of file"],
  ],
  [
    "case",
    [1, "Syntax error: end of file unexpected (expecting word)"],
    [1, "syntax error near unexpected token `newline'"],
  ],
  [
    "case x in a;; esac",
    [1, 'Syntax error: ";;" unexpected (expecting ")")'],
    [1, "syntax error near unexpected token `;;'"],
  ],
  ["case x in a) echo; ;& b) ;; esac", [1, 'Syntax error: ";" unexpected'], null],
  [
    "for",
    [1, "Syntax error: Bad for loop variable"],
    [1, "syntax error near unexpected token `newline'"],
  ],
  [
    "for x",
    [1, 'Syntax error: end of file unexpected (expecting "do")'],
    [2, "syntax error: unexpected end of file"],
  ],
  [
    "for x in a b do",
    [1, "Syntax error: end of file unexpected"],
    [2, "syntax error: unexpected end of file"],
  ],
  [
    "for x in a b; echo",
    [1, 'Syntax error: word unexpected (expecting "do")'],
    [1, "syntax error near unexpected token `echo'"],
  ],
  ['for "x" in a; do :; done', [1, "Syntax error: Bad for loop variable"], null],
  [
    "while :; done",
    [1, 'Syntax error: "done" unexpected (expecting "do")'],
    [1, "syntax error near unexpected token `done'"],
  ],
  [
    "if :; then :; elif :; fi",
    [1, 'Syntax error: "fi" unexpected (expecting "then")'],
    [1, "syntax error near unexpected token `fi'"],
  ],
  [
    "if :; fi",
    [1, 'Syntax error: "fi" unexpected (expecting "then")'],
    [1, "syntax error near unexpected token `fi'"],
  ],
  [
    "if :; then :; else :; else :; fi",
    [1, 'Syntax error: "else" unexpected (expecting "fi")'],
    [1, "syntax error near unexpected token `else'"],
  ],
  [
    "echo $(if true",
    [1, 'Syntax error: end of file unexpected (expecting "then")'],
    [2, "unexpected EOF while looking for matching `)'"],
  ],
  [
    "echo $(echo a |",
    [1, "Syntax error: end of file unexpected"],
    [2, "unexpected EOF while looking for matching `)'"],
  ],
  [
    "echo $(case x in",
    [1, 'Syntax error: end of file unexpected (expecting ")")'],
    [2, "unexpected EOF while looking for matching `)'"],
  ],
  [
    "echo $(\n",
    [2, 'Syntax error: end of file unexpected (expecting ")")'],
    [2, "unexpected EOF while looking for matching `)'"],
  ],
  [
    "echo $(echo a;;)",
    [1, 'Syntax error: ";;" unexpected (expecting ")")'],
    [1, "syntax error near unexpected token `;;'"],
  ],
  [
    "echo $(echo a; fi)",
    [1, 'Syntax error: "fi" unexpected (expecting ")")'],
    [1, "syntax error near unexpected token `fi'"],
  ],
  [
    'echo $(echo "a)',
    [1, "Syntax error: Unterminated quoted string"],
    [1, "unexpected EOF while looking for matching `\"'"],
  ],
  ["for ((i=0;i<3;i++)); do echo; done", [1, "Syntax error: Bad for loop variable"], null],
  ["echo a |& cat", [1, 'Syntax error: "&" unexpected'], null],
  ["function f echo", null, [1, "syntax error near unexpected token `echo'"]],
  ["f() x=1", null, [1, "syntax error near unexpected token `x=1'"]],
  [
    "echo $(fi); echo after",
    [1, 'Syntax error: "fi" unexpected (expecting ")")'],
    [1, "syntax error near unexpected token `fi'"],
  ],
  [
    'echo "${x:-abc',
    [1, "Syntax error: Unterminated quoted string"],
    [1, "unexpected EOF while looking for matching `}'"],
  ],
  [
    "cat <<EOF\nbody\nEOF\n    fi",
    [4, 'Syntax error: "fi" unexpected'],
    [4, "syntax error near unexpected token `fi'"],
  ],
  [
    "echo $((1+2)))",
    [1, 'Syntax error: ")" unexpected'],
    [1, "syntax error near unexpected token `)'"],
  ],
  [
    'echo ${x%%"a"',
    [1, "Syntax error: Missing '}'"],
    [1, "unexpected EOF while looking for matching `}'"],
  ],
  [
    "echo >\nfoo",
    [2, "Syntax error: newline unexpected"],
    [1, "syntax error near unexpected token `newline'"],
  ],
  [
    "{ echo; } fi",
    [1, 'Syntax error: "fi" unexpected'],
    [1, "syntax error near unexpected token `fi'"],
  ],
  ["echo a &;", [1, 'Syntax error: ";" unexpected'], [1, "syntax error near unexpected token `;'"]],
  ["in", [1, 'Syntax error: "in" unexpected'], [1, "syntax error near unexpected token `in'"]],
  [
    "then",
    [1, 'Syntax error: "then" unexpected'],
    [1, "syntax error near unexpected token `then'"],
  ],
  ["do", [1, 'Syntax error: "do" unexpected'], [1, "syntax error near unexpected token `do'"]],
  [
    "done",
    [1, 'Syntax error: "done" unexpected'],
    [1, "syntax error near unexpected token `done'"],
  ],
  [
    "esac",
    [1, 'Syntax error: "esac" unexpected'],
    [1, "syntax error near unexpected token `esac'"],
  ],
  [
    "else",
    [1, 'Syntax error: "else" unexpected'],
    [1, "syntax error near unexpected token `else'"],
  ],
  [
    "elif",
    [1, 'Syntax error: "elif" unexpected'],
    [1, "syntax error near unexpected token `elif'"],
  ],
  ["{ }", [1, 'Syntax error: "}" unexpected'], [1, "syntax error near unexpected token `}'"]],
  ["( )", [1, 'Syntax error: ")" unexpected'], [1, "syntax error near unexpected token `)'"]],
  [
    "if true; then :; fi >",
    [1, "Syntax error: end of file unexpected"],
    [1, "syntax error near unexpected token `newline'"],
  ],
  [
    "if true; then :; fi > x y",
    [1, "Syntax error: word unexpected"],
    [1, "syntax error near unexpected token `y'"],
  ],
  [
    "while :; do :; done | ",
    [1, "Syntax error: end of file unexpected"],
    [2, "syntax error: unexpected end of file"],
  ],
  [
    "x=1 f() { :; }",
    [1, 'Syntax error: "(" unexpected'],
    [1, "syntax error near unexpected token `('"],
  ],
  [
    "> x f() { :; }",
    [1, 'Syntax error: "(" unexpected'],
    [1, "syntax error near unexpected token `('"],
  ],
  [
    "case x in a) echo ;; b",
    [1, 'Syntax error: end of file unexpected (expecting ")")'],
    [1, "syntax error near unexpected token `newline'"],
  ],
  [
    "case x in a) ;; esac esac",
    [1, 'Syntax error: "esac" unexpected'],
    [1, "syntax error near unexpected token `esac'"],
  ],
  [
    "{ echo a }",
    [1, 'Syntax error: end of file unexpected (expecting "}")'],
    [2, "syntax error: unexpected end of file"],
  ],
  [
    "echo a;\n;",
    [2, 'Syntax error: ";" unexpected'],
    [2, "syntax error near unexpected token `;'"],
  ],
  [
    "echo a &\n&",
    [2, 'Syntax error: "&" unexpected'],
    [2, "syntax error near unexpected token `&'"],
  ],
  [
    "echo $((",
    [1, "Syntax error: Missing '))'"],
    [1, "unexpected EOF while looking for matching `)'"],
  ],
  [
    "echo $(((1))",
    [1, "Syntax error: Missing '))'"],
    [1, "unexpected EOF while looking for matching `)'"],
  ],
  [
    "if true\nthen\nfi",
    [3, 'Syntax error: "fi" unexpected'],
    [3, "syntax error near unexpected token `fi'"],
  ],
  [
    "while\ndo\ndone",
    [2, 'Syntax error: "do" unexpected'],
    [2, "syntax error near unexpected token `do'"],
  ],
  ["echo )(", [1, 'Syntax error: ")" unexpected'], [1, "syntax error near unexpected token `)'"]],
  ["echo ;;", [1, 'Syntax error: ";;" unexpected'], [1, "syntax error near unexpected token `;;'"]],
  ["echo a |;", [1, 'Syntax error: ";" unexpected'], [1, "syntax error near unexpected token `;'"]],
  [
    "echo a | &",
    [1, 'Syntax error: "&" unexpected'],
    [1, "syntax error near unexpected token `&'"],
  ],
  ["! | a", [1, 'Syntax error: "|" unexpected'], [1, "syntax error near unexpected token `|'"]],
  [
    "echo <<",
    [1, "Syntax error: end of file unexpected"],
    [1, "syntax error near unexpected token `newline'"],
  ],
  ["echo <<;", [1, 'Syntax error: ";" unexpected'], [1, "syntax error near unexpected token `;'"]],
  [
    "echo < >",
    [1, "Syntax error: redirection unexpected"],
    [1, "syntax error near unexpected token `>'"],
  ],
  ["cat << EOF\n$(\nEOF", [3, 'Syntax error: end of file unexpected (expecting ")")'], null],
  ["function f() ( : )", [1, 'Syntax error: "(" unexpected'], null],
  ["f() echo", null, [1, "syntax error near unexpected token `echo'"]],
  [
    "echo a | ! cat",
    [1, 'Syntax error: "!" unexpected'],
    [1, "syntax error near unexpected token `!'"],
  ],
  [";;", [1, 'Syntax error: ";;" unexpected'], [1, "syntax error near unexpected token `;;'"]],
  [
    "echo a ;; echo b",
    [1, 'Syntax error: ";;" unexpected'],
    [1, "syntax error near unexpected token `;;'"],
  ],
  [
    "case x in a) echo ;;; esac",
    [1, 'Syntax error: word unexpected (expecting ")")'],
    [1, "syntax error near unexpected token `;'"],
  ],
  [
    "echo a | | b",
    [1, 'Syntax error: "|" unexpected'],
    [1, "syntax error near unexpected token `|'"],
  ],
  [
    "echo a &&& b",
    [1, 'Syntax error: "&" unexpected'],
    [1, "syntax error near unexpected token `&'"],
  ],
  [
    "echo a ||| b",
    [1, 'Syntax error: "|" unexpected'],
    [1, "syntax error near unexpected token `|'"],
  ],
  [
    "echo a >>> b",
    [1, "Syntax error: redirection unexpected"],
    [1, "syntax error near unexpected token `>'"],
  ],
  ["echo a <<< b", [1, "Syntax error: redirection unexpected"], null],
  [
    "echo a <<<< b",
    [1, "Syntax error: redirection unexpected"],
    [1, "syntax error near unexpected token `<'"],
  ],
  [
    "echo a >>& b",
    [1, 'Syntax error: "&" unexpected'],
    [1, "syntax error near unexpected token `&'"],
  ],
  [
    "echo $(( 1 +",
    [1, "Syntax error: Missing '))'"],
    [1, "unexpected EOF while looking for matching `)'"],
  ],
  [
    "echo ${x:-$(",
    [1, 'Syntax error: end of file unexpected (expecting ")")'],
    [2, "unexpected EOF while looking for matching `)'"],
  ],
  [
    'echo "$(',
    [1, 'Syntax error: end of file unexpected (expecting ")")'],
    [2, "unexpected EOF while looking for matching `)'"],
  ],
  [
    'echo "`',
    [1, "Syntax error: EOF in backquote substitution"],
    [1, "unexpected EOF while looking for matching ``'"],
  ],
  [
    'echo $( " )',
    [1, "Syntax error: Unterminated quoted string"],
    [1, "unexpected EOF while looking for matching `\"'"],
  ],
];

/**
 * Lexical corners, recorded the same way: what dash's parsesub() does with
 * the character after a name, bash's scan of `((`, array and here-document
 * words, and the line bash gives an operator split by a line continuation.
 */
const CORNERS: [string, Expect, Expect][] = [
  [
    ' fi${#"&}#;;#"',
    [1, 'Syntax error: ";;" unexpected'],
    [1, "unexpected EOF while looking for matching `}'"],
  ],
  ["<<EOF\n\\ b${#a", [2, "Syntax error: Missing '}'"], null],
  [
    "x=(",
    [1, 'Syntax error: "(" unexpected'],
    [1, "unexpected EOF while looking for matching `)'"],
  ],
  [
    "(( 1 +",
    [1, 'Syntax error: end of file unexpected (expecting ")")'],
    [1, "unexpected EOF while looking for matching `)'"],
  ],
  [
    "for x { :; }",
    [1, 'Syntax error: "{" unexpected (expecting "do")'],
    [1, "syntax error near unexpected token `{'"],
  ],
  ["f()1<<EOF\n", null, [1, "syntax error near unexpected token `1'"]],
  [
    "<<$(b&&<&",
    [1, 'Syntax error: "(" unexpected'],
    [1, "syntax error near unexpected token `newline'"],
  ],
  [")\\\n", [1, 'Syntax error: ")" unexpected'], [2, "syntax error near unexpected token `)'"]],
  ["|\\\n&", [2, 'Syntax error: "|" unexpected'], [2, "syntax error near unexpected token `|&'"]],
  [
    "&&\\\n esac",
    [1, 'Syntax error: "&&" unexpected'],
    [1, "syntax error near unexpected token `&&'"],
  ],
  [
    "echo ${x'}'",
    [1, "Syntax error: Unterminated quoted string"],
    [1, "unexpected EOF while looking for matching `}'"],
  ],
  [
    'echo ${x"}"',
    [1, "Syntax error: Unterminated quoted string"],
    [1, "unexpected EOF while looking for matching `}'"],
  ],
  [
    "echo ${#'",
    [1, "Syntax error: Missing '}'"],
    [1, "unexpected EOF while looking for matching `''"],
  ],
  ["cat <<E\n${x\nE", [2, "Syntax error: Missing '}'"], null],
  ["echo $(( $'a' ))", null, null],
  ["echo $(('1'))", null, null],
  [
    "a=(1 2",
    [1, 'Syntax error: "(" unexpected'],
    [1, "unexpected EOF while looking for matching `)'"],
  ],
  [
    "$((echo a) ) )",
    [1, "Syntax error: Missing '))'"],
    [1, "syntax error near unexpected token `)'"],
  ],
  [
    "echo 2>",
    [1, "Syntax error: end of file unexpected"],
    [1, "syntax error near unexpected token `newline'"],
  ],
  [
    "cat 3<<",
    [1, "Syntax error: end of file unexpected"],
    [1, "syntax error near unexpected token `newline'"],
  ],
  ["f() { :; } |& x", [1, 'Syntax error: "&" unexpected'], null],
];

describe("lexical corners match dash and bash", () => {
  it.each(CORNERS)("%j", (src, dash, bash) => {
    expect(errorOf(src, "dash")).toEqual(dash);
    expect(errorOf(src, "bash")).toEqual(bash);
  });
});

describe("syntax errors match dash and bash", () => {
  it.each(CASES)("%j", (src, dash, bash) => {
    expect(errorOf(src, "dash")).toEqual(dash);
    expect(errorOf(src, "bash")).toEqual(bash);
  });
});

/**
 * Dash 0.5.8 only. An empty list at end of input: 0.5.8's list() leaves the
 * EOF to command(), whose synexpect(-1) names no expected token; 0.5.12's
 * list() returns and the caller's synexpect(TFI) etc. adds "(expecting ...)".
 */
const DASH_058: [string, Expect][] = [
  // 0.5.12: end of file unexpected (expecting ")")
  ["(", [1, "Syntax error: end of file unexpected"]],
  ["((", [1, "Syntax error: end of file unexpected"]],
  // 0.5.12: end of file unexpected (expecting "}")
  ["{", [1, "Syntax error: end of file unexpected"]],
  ["f() {", [1, "Syntax error: end of file unexpected"]],
  // 0.5.12: end of file unexpected (expecting "then")
  ["if", [1, "Syntax error: end of file unexpected"]],
  ["if :; then :; elif", [1, "Syntax error: end of file unexpected"]],
  ["echo `if`; echo after", [1, "Syntax error: end of file unexpected"]],
  // 0.5.12: end of file unexpected (expecting "fi")
  ["if :; then :; else", [1, "Syntax error: end of file unexpected"]],
  ["if true\nthen\n", [3, "Syntax error: end of file unexpected"]],
  // 0.5.12: end of file unexpected (expecting "do") / (expecting "done")
  ["until", [1, "Syntax error: end of file unexpected"]],
  ["while :; do", [1, "Syntax error: end of file unexpected"]],
  // With a non-empty list the EOF is pushed back and read again: both
  // versions then say what they expected.
  ["if true; then echo a", [1, 'Syntax error: end of file unexpected (expecting "fi")']],
  ["while :; do echo", [1, 'Syntax error: end of file unexpected (expecting "done")']],
  ["(echo a", [1, 'Syntax error: end of file unexpected (expecting ")")']],
  // 0.5.8's readtoken1 ends an unquoted word at a newline even inside
  // ${...} (`case CNL: if (syntax == BASESYNTAX) goto endword`); later
  // versions read on. 0.5.12: no error.
  ["echo ${x:-a\nb}", [1, "Syntax error: Missing '}'"]],
  // Inside double quotes the newline is fine in every version.
  ['echo "${x:-a\nb}"', null],
];

describe("dash 0.5.8 specifics", () => {
  it.each(DASH_058)("%j", (src, dash) => {
    expect(errorOf(src, "dash")).toEqual(dash);
  });

  it("reports `echo hi; fi` on the next command, after running `echo hi`", () => {
    // 0.5.8's list(1) returns at a list-ending keyword after `;`; parsecmd()
    // then fails on `fi` in the next call. 0.5.12 and bash fail at once.
    // Either way parse() fails with the same message.
    expect(errorOf("echo hi; fi", "dash")).toEqual([1, 'Syntax error: "fi" unexpected']);
  });
});

/** Non-interactive bash echoes the offending line: `bash: -c: line 1: `fi'`. */
const BASH_ECHO: [string, string][] = [
  ["fi", "fi"],
  ["if true; then fi", "if true; then fi"],
  ["if true; then echo; fi fi", "if true; then echo; fi fi"],
  ["case x y", "case x y"],
  ["echo )", "echo )"],
  ["echo a;;", "echo a;;"],
  ["| a", "| a"],
  ["echo (", "echo ("],
  ["f() echo hi", "f() echo hi"],
  ["echo >", "echo >"],
  ["echo > ;", "echo > ;"],
  [")", ")"],
  ["}", "}"],
  ["echo hi; fi", "echo hi; fi"],
  ["echo hi\nfi", "fi"],
  ["x\n\n\nfi", "fi"],
  ["echo a && \n fi", " fi"],
  ["echo a & & b", "echo a & & b"],
  ["echo a || || b", "echo a || || b"],
  [";", ";"],
  ["echo a; ;", "echo a; ;"],
  ["&", "&"],
  ["echo a && ;", "echo a && ;"],
  ["a | | b", "a | | b"],
  ["echo >>", "echo >>"],
  ["echo <&", "echo <&"],
  ["<", "<"],
  ["echo a (", "echo a ("],
  ["echo a ()", "echo a ()"],
  ["function", "function"],
  ["case x in ) ;; esac", "case x in ) ;; esac"],
  ["case x in a|) ;; esac", "case x in a|) ;; esac"],
  ["case", "case"],
  ["case x in a;; esac", "case x in a;; esac"],
  ["for", "for"],
  ["for x in a b; echo", "for x in a b; echo"],
  ["while :; done", "while :; done"],
  ["if :; then :; elif :; fi", "if :; then :; elif :; fi"],
  ["if :; fi", "if :; fi"],
  ["if :; then :; else :; else :; fi", "if :; then :; else :; else :; fi"],
  ["echo $(echo a;;)", "echo $(echo a;;)"],
  ["echo $(echo a; fi)", "echo $(echo a; fi)"],
  ["function f echo", "function f echo"],
  ["f() x=1", "f() x=1"],
  ["echo $(fi); echo after", "echo $(fi); echo after"],
  ["cat <<EOF\nbody\nEOF\n    fi", "    fi"],
  ["echo $((1+2)))", "echo $((1+2)))"],
  ["echo >\nfoo", "echo >"],
  ["{ echo; } fi", "{ echo; } fi"],
  ["echo a &;", "echo a &;"],
  ["in", "in"],
  ["then", "then"],
  ["do", "do"],
  ["done", "done"],
  ["esac", "esac"],
  ["else", "else"],
  ["elif", "elif"],
  ["{ }", "{ }"],
  ["( )", "( )"],
  ["if true; then :; fi >", "if true; then :; fi >"],
  ["if true; then :; fi > x y", "if true; then :; fi > x y"],
  ["x=1 f() { :; }", "x=1 f() { :; }"],
  ["> x f() { :; }", "> x f() { :; }"],
  ["case x in a) echo ;; b", "case x in a) echo ;; b"],
  ["case x in a) ;; esac esac", "case x in a) ;; esac esac"],
  ["echo a;\n;", ";"],
  ["echo a &\n&", "&"],
  ["if true\nthen\nfi", "fi"],
  ["while\ndo\ndone", "do"],
  ["echo )(", "echo )("],
  ["echo ;;", "echo ;;"],
  ["echo a |;", "echo a |;"],
  ["echo a | &", "echo a | &"],
  ["! | a", "! | a"],
  ["echo <<", "echo <<"],
  ["echo <<;", "echo <<;"],
  ["echo < >", "echo < >"],
  ["f() echo", "f() echo"],
  ["echo a | ! cat", "echo a | ! cat"],
  [";;", ";;"],
  ["echo a ;; echo b", "echo a ;; echo b"],
  ["case x in a) echo ;;; esac", "case x in a) echo ;;; esac"],
  ["echo a | | b", "echo a | | b"],
  ["echo a &&& b", "echo a &&& b"],
  ["echo a ||| b", "echo a ||| b"],
  ["echo a >>> b", "echo a >>> b"],
  ["echo a <<<< b", "echo a <<<< b"],
  ["echo a >>& b", "echo a >>& b"],
];

describe("bash source line echo", () => {
  it.each(BASH_ECHO)("%j", (src, line) => {
    let err: unknown;
    try {
      parse(src, "bash");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ShellSyntaxError);
    expect((err as ShellSyntaxError).sourceLine).toBe(line);
  });

  it("gives none for end-of-file errors, and dash never", () => {
    for (const [src, p] of [
      ["echo a |", "bash"],
      ["fi", "dash"],
      ['echo "abc', "bash"],
    ] as const) {
      try {
        parse(src, p);
        expect.unreachable();
      } catch (e) {
        expect((e as ShellSyntaxError).sourceLine).toBeNull();
      }
    }
  });
});

describe("error object", () => {
  it("is a ShellSyntaxError carrying personality, line and incompleteness", () => {
    try {
      parse("echo a\nif true; then\n", "dash");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ShellSyntaxError);
      expect(e).toBeInstanceOf(Error);
      const err = e as ShellSyntaxError;
      expect(err.name).toBe("ShellSyntaxError");
      expect(err.personality).toBe("dash");
      expect(err.line).toBe(3);
      expect(err.incomplete).toBe(true);
    }
  });

  it.each([
    ["fi", false],
    ["echo )", false],
    ["echo >\n", false],
    ["echo 'a", true],
    ["echo $(a", true],
    ["if a", true],
    ["echo a |", true],
    ["echo ${a", true],
    ["echo `a", true],
    ["echo $((1", true],
  ] as const)("%s: incomplete=%s", (src, incomplete) => {
    for (const p of ["dash", "bash"] as const) {
      try {
        parse(src, p);
        expect.unreachable();
      } catch (e) {
        expect((e as ShellSyntaxError).incomplete).toBe(incomplete);
      }
    }
  });
});

/** Accepted by both shells (and by this parser). */
const VALID: string[] = [
  "cat <<EOF",
  "f()\n{ :; }",
  "f() ( : )",
  "f() if true; then :; fi",
  "case x in (a) ;; esac",
  "case x in esac",
  "for x do :; done",
  "for x; do :; done",
  "for x in; do :; done",
  "echo $( )",
  "echo $(( 1 + $(echo 2 ) ))",
  "((1+2))",
  "function f\n{ :; }",
  "echo `fi`; echo after",
  "cat <<EOF\nhi",
  "if (true) then :; fi",
  "case x in\na) echo ;;\nb) echo ;;\nesac",
  "case x in a | b ) ;; (c) ;; esac",
  "case $x in *) ;; esac",
  "echo a\\",
  "echo a \\\n",
  'echo "a\\\nb"',
  "echo 'a\\\nb'",
  "cat <<'EOF'\n$x\nEOF",
  "cat <<-EOF\n\tx\n\tEOF",
  "echo ${x:-a b}",
  "echo ${#x} ${x%%a*} ${x##*/}",
  "echo ${}",
  "echo ${x!}",
  "echo ${x:1}",
  "echo ${x/a/b}",
  "echo $'a'",
  "{ echo a; }",
  "(echo a) > x",
  "echo a > x < y 2>&1 >> z 3<> w >| v",
  "echo 2>&-",
  "! echo a | cat",
  "echo a || echo b && echo c &",
  "f() { echo a; }\nf",
  "until false; do break; done",
  "if a; then b; elif c; then d; else e; fi",
  "for i in 1 2 3\ndo\necho $i\ndone",
  "echo $((1 + (2 * 3)))",
  'echo "$(echo "a b")"',
  "echo `echo \\`echo a\\``",
  "echo ${x:-$(echo a)}",
  'echo "${x:-"a b"}"',
  "cat <<A <<B\na\nA\nb\nB",
  "echo a\n\n\necho b",
  "# comment\necho a # c\n",
  "echo a#b",
  "echo \\#a",
  "a=1 b=2",
  "a=1 b=2 echo",
  "echo a=b",
  "time echo",
  "echo {a,b}",
  "[[ -f x ]]",
  "echo $(( (1) ))",
  "echo ${x:-`echo }`}",
  'echo "`echo \\"a\\"`"',
  "echo 'it''s'",
  'echo "\\$x\\`"',
  "case x in\nesac",
  "echo a | \n\n cat",
  "echo a &&\n\n echo b",
  "{ echo a; } &",
  "f() { :; } &",
  "echo $(cat <<EOF\nhi\nEOF\n)",
  "echo \"${x#'a'}\"",
  "echo $10",
  "echo 10>/dev/null",
  "for x in a\ndo :; done",
  "for x\ndo :; done",
  "for x\nin a; do :; done",
  "case x\nin x) ;; esac",
  "if ! true; then :; fi",
  "! if true; then :; fi",
  "echo !",
  "echo a !",
  "while ! false; do break; done",
  "echo $(case x in a) echo a;; esac)",
  "echo $(case x in (a) echo a;; esac)",
  'x=$(echo ")")',
  "echo $(echo ')')",
  "echo $(# comment )\n)",
  "echo a &\\\n& echo b",
  "echo a |\\\n| echo b",
  "e\\\ncho a",
  "if\\\n true; then :; fi",
  "echo ${x\\\n}",
  "echo $\\\nx",
  "cat <<EOF | cat\na\nEOF\necho b",
  "cat <<EOF; cat <<EOF2\na\nEOF\nb\nEOF2",
  "if cat <<EOF; then :; fi\na\nEOF\n",
  'cat <<"E O"\nx\nE O',
  "cat <<EOF\n  EOF\nEOF",
  "cat <<-EOF\n\t\tx\n  EOF\n\tEOF",
  "cat << \\EOF\n$x\nEOF",
  "echo a <<EOF >x\nb\nEOF",
  "cat <<EOF\n`echo a`\n$(echo b)\n$((1+1))\nEOF",
  'echo "$(echo "$(echo a)")"',
  "for i do echo; done",
  "for i in $(seq 3); do echo $i; done",
  'while read x; do echo "$x"; done < f',
  'case "$1" in start|stop) echo;; *) echo no;; esac',
  "case x in *) ;;\nesac",
  "case x in a) echo a\n;;\nesac",
  "case x in a)\n;; b)\n;; esac",
  "f() {\necho\n}",
  "f ()\n{\n:\n}",
  "{ echo a; } > f 2>&1",
  "( echo a ) | ( cat )",
  "if true; then :; fi | cat",
  "echo a && { echo b; } || ( echo c )",
  "! { echo a; }",
  "echo ${x:=5} ${x:?err} ${x:+alt} ${x-def}",
  "echo ${#} ${##} ${#?} ${#-x}",
  "echo $@ $* $# $? $$ $! $- $0",
  'echo "$@"',
  "echo ${@:-a}",
  "echo ${1:-a}",
  "echo $1$2",
  "echo $a_b ${a}_b",
  "echo \\$x '$x' \"\\$x\"",
  "echo \"a'b\" 'a\"b'",
  "echo ''",
  'echo ""',
  "echo a\\ b",
  "echo ~ ~/a ~root a~",
  "x=~/a:~/b",
  "echo *.c [a-z]* ?x \\*",
  "echo [ ] [a",
  "PATH=/bin:$PATH cmd",
  "a=1; b=$a",
  "echo $((x+=1)) $((y))",
  "echo $(( $(echo 1) + 2 ))",
  'echo $(("1" + 2))',
  "exec 3>&1 4<&0 5>&-",
  "cat 0</dev/null",
  "echo >&2 hi",
  "echo a 1>&2 2>/dev/null",
  "echo a>b",
  "echo a<b",
  "echo 2>x",
  "echo a2>x",
  "echo a=2>x",
  'echo "2">x',
  "echo ${x}>x",
  "ls -l | grep x | wc -l &",
  "sleep 1 & sleep 2 & wait",
  "echo a; echo b;",
  "echo a & echo b &",
  "echo a;\n",
  "if true; then echo a; elif false; then echo b; fi",
  "while :\ndo\nbreak\ndone",
  "until :; do :; done",
  "for x in a b\ndo\necho $x\ndone",
  "for x in\ndo :; done",
  "echo $(\necho a\n)",
  'echo "$(\necho a\n)"',
  "a=$(cat <<EOF\nx\nEOF\n)",
  "echo `echo a; echo b`",
  "echo ` echo a `",
  'echo "`echo a`"',
  "set -- $(echo a b)",
  'test -n "$x" && echo y',
  "[ -f x ] || exit 1",
  "trap 'echo hi' EXIT",
  'eval "echo \\$x"',
  "export A=1 B",
  "readonly C=2",
  "local x=1",
  "f() { local x; x=1; return 0; }",
  "echo $(( 1 ? 2 : 3 ))",
  "echo $((1<<2)) $((8>>1))",
  ": ${x:=y}",
  "echo ${x%.*} ${x##*.}",
  'echo "${x%"a"}"',
  'echo ${x:-"$y"}',
  "echo ${x:-'a'}",
  "echo \"${x:-'a'}\"",
  'echo ${x+"a b"}',
  "echo a # comment",
  "echo 'a # b'",
  "echo a\\#b",
  "#!/bin/sh\necho a",
  'echo "\\a\\b\\\\"',
  "printf '%s\\n' a",
  "echo $'\\t'",
  "echo \\\n",
  "echo a\\\\\nb",
  "\n\n\necho a\n\n",
  "  \t echo a  \t ",
  "case x in a) ;; esac;",
  "{ :; };",
  "( :; );",
  "if true; then :; fi;",
  "echo a >& b",
  "echo a &> b",
  "f() { :; } >x",
  "f() ( : ) >x",
  "case x in a) echo ;; esac >x",
];

describe("valid scripts parse in both personalities", () => {
  it.each(VALID)("%j", (src) => {
    expect(errorOf(src, "dash")).toBeNull();
    expect(errorOf(src, "bash")).toBeNull();
  });
});
