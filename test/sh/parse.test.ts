// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are shell source
/**
 * The parser's trees. Most cases compare the S-expression rendering of
 * src/user/sh/parse/debug.ts (‹…› marks glob and tilde parts); the node
 * shapes the interpreter depends on are checked field by field below.
 * Whether each input is accepted was checked against Debian 12's dash
 * 0.5.12 and bash 5.2.15 (`sh -n -c`); see parse-errors.test.ts.
 */
import { describe, expect, it } from "vitest";
import { sexp } from "../../src/user/sh/parse/debug.ts";
import type {
  Command,
  List,
  Personality,
  Program,
  Redirect,
  SimpleCommand,
  Word,
} from "../../src/user/sh/parse/index.ts";
import {
  createReader,
  parse,
  parseIncremental,
  ShellSyntaxError,
} from "../../src/user/sh/parse/index.ts";

const show = (src: string, p: Personality) => sexp(parse(src, p));

/** Same tree in both personalities. */
const BOTH: [string, string][] = [
  ["echo hello world", "(cmd echo hello world)"],
  ["A=1 B=2 cmd arg", "(cmd A=1 B=2 cmd arg)"],
  ["A=1", "(cmd A=1)"],
  [">out", "(cmd (> 1 out))"],
  ["echo a=b c=d", "(cmd echo a=b c=d)"],
  ["a | b | c", "(pipe (cmd a) (cmd b) (cmd c))"],
  ["! a | b", "(! (pipe (cmd a) (cmd b)))"],
  ["a && b || c", "((cmd a) && (cmd b) || (cmd c))"],
  ["a & b; c &", "(list (bg (cmd a)) (cmd b) (bg (cmd c)))"],
  ["a && b &", "(bg ((cmd a) && (cmd b)))"],
  ["a; b", "(list (cmd a) (cmd b))"],
  ["a\nb\n\n", "(cmd a)\n(cmd b)"],
  ["a |\n\n b", "(pipe (cmd a) (cmd b))"],
  ["a &&\n b", "((cmd a) && (cmd b))"],
  ["echo a # comment", "(cmd echo a)"],
  ["echo a#b #c", "(cmd echo a#b)"],
  ["# only a comment\n", ""],
  ["(a; b) > f", "(sub (list (cmd a) (cmd b)) (> 1 f))"],
  ["{ a; b; } 2>&1", "(group (list (cmd a) (cmd b)) (>& 2 1))"],
  ["{ echo }; }", "(group (cmd echo }))"],
  ["if a; then b; fi", "(if (cmd a) (cmd b))"],
  [
    "if a; then b; elif c; then d; elif e; then f; else g; fi",
    "(if (cmd a) (cmd b) (cmd c) (cmd d) (cmd e) (cmd f) else (cmd g))",
  ],
  ["if a\nthen\n  b\nfi > x", "(if (cmd a) (cmd b) (> 1 x))"],
  ["while a; do b; done", "(while (cmd a) (cmd b))"],
  ["until a; do b; done", "(until (cmd a) (cmd b))"],
  ["for x in a b c; do echo $x; done", "(for x (in a b c) (cmd echo $x))"],
  ["for x; do :; done", "(for x (cmd :))"],
  ["for x do :; done", "(for x (cmd :))"],
  ["for x\ndo :; done", "(for x (cmd :))"],
  ["for x in; do :; done", "(for x (in) (cmd :))"],
  ["for x in *.c\ndo :; done", "(for x (in ‹*›.c) (cmd :))"],
  [
    "case w in a) x;; b|c) y;; (d) ;; *) z; esac",
    "(case w (a (cmd x) ;;) (b|c (cmd y) ;;) (d () ;;) (‹*› (cmd z) ;;))",
  ],
  ["case w in esac", "(case w)"],
  ["case w in\na)\nx\n;;\nesac", "(case w (a (cmd x) ;;))"],
  ["case $x in in|esac) ;; esac", "(case $x (in|esac () ;;))"],
  ["f() { echo; }", "(fn f (group (cmd echo)))"],
  ["f() ( echo )", "(fn f (sub (cmd echo)))"],
  ["f()\n{ :; }", "(fn f (group (cmd :)))"],
  ["f() { :; } > log", "(fn f (group (cmd :) (> 1 log)))"],
  // Reserved words count only where a command starts.
  ["echo if then fi do done case esac", "(cmd echo if then fi do done case esac)"],
  ["echo { } !", "(cmd echo { } !)"],
  ["x=1 if", "(cmd x=1 if)"],
  ["\\if true", "(cmd \\if true)"],
  ["[ -f x ] && echo y", "((cmd [ -f x ]) && (cmd echo y))"],
  // Quoting.
  ["echo 'single $x' \"double $x\" \\$x", "(cmd echo 'single $x' \"double $x\" \\$x)"],
  ["echo 'it'\\''s'", "(cmd echo 'it'\\''s')"],
  ["echo a\"\"b ''", "(cmd echo a\"\"b '')"],
  ["echo a\\\nb", "(cmd echo ab)"],
  ["e\\\ncho a", "(cmd echo a)"],
  // Parameters.
  ["echo $x ${x} $xyz_1 ${x}y $x-y", "(cmd echo $x ${x} $xyz_1 ${x}y $x-y)"],
  ["echo $? $$ $# $@ $* $0 $1 $9 $! $-", "(cmd echo $? $$ $# $@ $* $0 $1 $9 $! $-)"],
  [
    "echo ${x-w} ${x:-w} ${x=w} ${x:=w} ${x?w} ${x:?w} ${x+w} ${x:+w}",
    "(cmd echo ${x-w} ${x:-w} ${x=w} ${x:=w} ${x?w} ${x:?w} ${x+w} ${x:+w})",
  ],
  ["echo ${#x} ${x%p} ${x%%p} ${x#p} ${x##p}", "(cmd echo ${#x} ${x%p} ${x%%p} ${x#p} ${x##p})"],
  ["echo ${#} ${##} ${#?} ${#-x}", "(cmd echo ${#} ${##} ${#?} ${#-x})"],
  ['echo ${x:-$y} ${x:-"$y z"} ${x:-a b}', '(cmd echo ${x:-$y} ${x:-"$y z"} ${x:-a b})'],
  ["echo ${x%.*} ${x##*/}", "(cmd echo ${x%.‹*›} ${x##‹*›/})"],
  ['echo "${x%.*}" ${x:-*}', '(cmd echo "${x%.‹*›}" ${x:-‹*›})'],
  ["echo ${x!} ${}", "(cmd echo ‹bad ${x!}› ‹bad ${}›)"],
  ['echo $ a$ "$" $% $/', '(cmd echo $ a$ "$" $% $/)'],
  // Command substitution and arithmetic.
  [
    "echo $(echo a; echo b) $(case x in x) echo;; esac)",
    "(cmd echo $((list (cmd echo a) (cmd echo b))) $((case x (x (cmd echo) ;;))))",
  ],
  ["echo $( ) $(\n)", "(cmd echo $(()) $(()))"],
  ["echo $(echo ')' \")\")", "(cmd echo $((cmd echo ')' \")\")))"],
  ["echo `echo \\`echo a\\``", "(cmd echo `(cmd echo `(cmd echo a)`)`)"],
  ['echo "`echo \\"a\\"`"', '(cmd echo "`(cmd echo "a")`")'],
  ["echo $((1 + 2 * $x)) $(( (1) ))", "(cmd echo $((1 + 2 * $x)) $(( (1) )))"],
  ["echo $(( $(echo 1) + 2 ))", "(cmd echo $(( $((cmd echo 1)) + 2 )))"],
  ["echo $( (echo a) )", "(cmd echo $((sub (cmd echo a))))"],
  ["echo `fi`", "(cmd echo `()`)"],
  // Globs and tildes.
  [
    "echo *.c a?b [a-z]x [!x] [ a[ x] \\* '*' \"*\"",
    "(cmd echo ‹*›.c a‹?›b ‹[a-z]›x ‹[!x]› [ a[ x] \\* '*' \"*\")",
  ],
  ["echo [[:alpha:]] []] [!]] [a", "(cmd echo ‹[[:alpha:]]› ‹[]]› ‹[!]]› [a)"],
  [
    'echo ~ ~/x ~user ~user/x a~ "~" \\~ ~"x"',
    '(cmd echo ‹~› ‹~›/x ‹~user› ‹~user›/x a~ "~" \\~ ~"x")',
  ],
  ["x=~ y=a:~/b:~c z=~:~", "(cmd x=‹~› y=a:‹~›/b:‹~c› z=‹~›:‹~›)"],
  ["x=* cmd", "(cmd x=‹*› cmd)"],
  // Redirections.
  [
    "cat < in > out >> app 2> err 3>&1 4<&0 5>&- <> rw >| clob",
    "(cmd cat (< 0 in) (> 1 out) (>> 1 app) (> 2 err) (>& 3 1) (<& 4 0) (>& 5 -) (<> 0 rw) (>| 1 clob))",
  ],
  ["echo 2>x 2 >x a2>x", "(cmd echo 2 a2 (> 2 x) (> 1 x) (> 1 x))"],
  ["2>&1 >f cmd", "(cmd cmd (>& 2 1) (> 1 f))"],
  ["echo >~/f", "(cmd echo (> 1 ‹~›/f))"],
];

describe("trees in both personalities", () => {
  it.each(BOTH)("%j", (src, expected) => {
    expect(show(src, "dash")).toBe(expected);
    expect(show(src, "bash")).toBe(expected);
  });
});

/** [source, dash 0.5.8 tree, bash tree]. */
const DIFFERENT: [string, string, string][] = [
  // Dash 0.5.8 reads all digits after `$`; bash (and dash 0.5.12) one.
  ["echo $10", "(cmd echo $10)", "(cmd echo $10)"],
  // Dash 0.5.8 takes one digit before `>` (readtoken1: `len <= 2`).
  ["echo 10>x", "(cmd echo 10 (> 1 x))", "(cmd echo (> 10 x))"],
  ["echo $'a\\tb' $\"x\"", "(cmd echo $'a\\tb' $\"x\")", '(cmd echo $"a\\tb" "x")'],
  ["echo a &>x", "(list (bg (cmd echo a)) (cmd (> 1 x)))", "(cmd echo a (> 1 x) (>& 2 1))"],
  ["echo x=~", "(cmd echo x=~)", "(cmd echo x=‹~›)"],
  ["f() echo hi", "(fn f (cmd echo hi))", ""],
  ["((x = 1 + 2))", "(sub (sub (cmd x = 1 + 2)))", "((( x = 1 + 2)"],
  ["echo ${x/a/b} ${x:1}", "(cmd echo ‹bad ${x/a/b}› ‹bad ${x:1}›)", "(cmd echo ${x/a/b} ${x:1})"],
  [
    "echo ${!x} ${x//a} ${x/#a/b}",
    "(cmd echo ‹bad ${!x}› ‹bad ${x//a}› ‹bad ${x/#a/b}›)",
    "(cmd echo ${!x} ${x//a} ${x/#a/b})",
  ],
  [
    "echo ${x:1:2} ${x^^} ${x,}",
    "(cmd echo ‹bad ${x:1:2}› ‹bad ${x^^}› ‹bad ${x,}›)",
    "(cmd echo ${x:1:2} ${x^^} ${x,})",
  ],
  ["cat <<EOF\nbody", '(cmd cat (<< 0 "EOF" "body"))', '(cmd cat (<< 0 "EOF" "body\n"))'],
  // `function` is an ordinary command name to dash.
  ["function f\n{ :; }", "(cmd function f)\n(group (cmd :))", "(fn f (group (cmd :)))"],
];

describe("trees that differ", () => {
  it.each(DIFFERENT)("%j", (src, dash, bash) => {
    expect(show(src, "dash")).toBe(dash);
    if (bash === "") expect(() => parse(src, "bash")).toThrow(ShellSyntaxError);
    else expect(show(src, "bash")).toBe(bash);
  });
});

/** Bash only: dash rejects these. */
const BASH_ONLY: [string, string][] = [
  ["echo a |& cat", "(pipe (cmd echo a (>& 2 1)) (cmd cat))"],
  ["{ a; } |& b", "(pipe (group (cmd a) (>& 2 1)) (cmd b))"],
  ["function f { :; }", "(fn f (group (cmd :)))"],
  ["function f() { :; }", "(fn f (group (cmd :)))"],
  ["a=(1 2 $x) b+=x cmd", "(cmd a=(1 2 $x) b+=x cmd)"],
  ["a=(\n1\n) ", "(cmd a=(1))"],
  ["case x in a) ;& b) ;;& c) ;; esac", "(case x (a () ;&) (b () ;;&) (c () ;;))"],
  ["for ((i = 0; i < 3; i++)); do :; done", "(for(( i = 0; i < 3; i++ (cmd :))"],
  ["for ((;;)) { :; }", "(for(( ;; (cmd :))"],
  ["for x in a; { :; }", "(for x (in a) (cmd :))"],
  ["! ! true", "(cmd true)"],
  ["!", "(! (pipe))"],
  ['echo a <<<"$b" &>>log', '(cmd echo a (<<< 0 "$b") (>> 1 log) (>& 2 1))'],
  ["echo $((echo a) )", "(cmd echo $((sub (cmd echo a))))"],
];

describe("bash extensions", () => {
  it.each(BASH_ONLY)("%j", (src, expected) => {
    expect(show(src, "bash")).toBe(expected);
    expect(() => parse(src, "dash")).toThrow(ShellSyntaxError);
  });
});

// ---------------------------------------------------------------------------
// Node shapes

function firstCommand(src: string, p: Personality = "dash"): Command {
  const c = parse(src, p).commands[0]?.items[0]?.head.commands[0];
  if (c === undefined) throw new Error("no command");
  return c;
}

function simple(src: string, p: Personality = "dash"): SimpleCommand {
  const c = firstCommand(src, p);
  if (c.type !== "SimpleCommand") throw new Error(`not simple: ${c.type}`);
  return c;
}

function words(src: string, p: Personality = "dash"): Word[] {
  return simple(src, p).words.slice(1);
}

function redirects(src: string, p: Personality = "dash"): Redirect[] {
  return simple(src, p).redirects;
}

describe("words", () => {
  it("splits a word into parts by quoting", () => {
    expect(words(`echo a'b'"c$d"\\e`)[0]).toEqual({
      type: "Word",
      text: `a'b'"c$d"\\e`,
      parts: [
        { type: "Literal", value: "a" },
        { type: "SingleQuoted", value: "b" },
        {
          type: "DoubleQuoted",
          parts: [
            { type: "Literal", value: "c" },
            {
              type: "Param",
              name: "d",
              braced: false,
              op: "",
              arg: null,
              indirect: false,
              replacement: null,
              length: null,
            },
          ],
        },
        { type: "Escaped", value: "e" },
      ],
    });
  });

  it("keeps backslashes that quote nothing inside double quotes", () => {
    expect(words(`echo "a\\$b\\"c\\\\d\\e"`)[0]?.parts).toEqual([
      { type: "DoubleQuoted", parts: [{ type: "Literal", value: 'a$b"c\\d\\e' }] },
    ]);
  });

  it("has a quoted empty part for '' and \"\"", () => {
    expect(words(`echo '' ""`).map((w) => w.parts)).toEqual([
      [{ type: "SingleQuoted", value: "" }],
      [{ type: "DoubleQuoted", parts: [] }],
    ]);
  });

  it("takes a trailing backslash literally", () => {
    expect(words("echo a\\")[0]?.parts).toEqual([
      { type: "Literal", value: "a" },
      { type: "Escaped", value: "\\" },
    ]);
  });

  it("marks glob characters as Glob parts", () => {
    expect(words("echo a*b?[xy]")[0]?.parts).toEqual([
      { type: "Literal", value: "a" },
      { type: "Glob", value: "*" },
      { type: "Literal", value: "b" },
      { type: "Glob", value: "?" },
      { type: "Glob", value: "[xy]" },
    ]);
  });

  it("marks tilde prefixes", () => {
    expect(words("echo ~bob/x")[0]?.parts).toEqual([
      { type: "Tilde", user: "bob" },
      { type: "Literal", value: "/x" },
    ]);
    expect(words("echo ~$x")[0]?.parts[0]).toEqual({ type: "Literal", value: "~" });
  });

  it("decodes bash $'...'", () => {
    expect(words("echo $'a\\tb\\x41\\101\\u00e9\\cA\\q\\''", "bash")[0]?.parts).toEqual([
      { type: "AnsiCQuoted", value: "a\tbAAé\x01\\q'" },
    ]);
  });

  it("records parameter operators and operands", () => {
    const [w] = words("echo ${x:-a b}");
    expect(w?.parts[0]).toMatchObject({
      type: "Param",
      name: "x",
      braced: true,
      op: ":-",
      arg: { type: "Word", text: "a b", parts: [{ type: "Literal", value: "a b" }] },
    });
    expect(words("echo ${#x}")[0]?.parts[0]).toMatchObject({ name: "x", op: "length", arg: null });
    expect(words("echo ${x}")[0]?.parts[0]).toMatchObject({ name: "x", op: "", braced: true });
    expect(words("echo ${x:-}")[0]?.parts[0]).toMatchObject({ arg: { parts: [], text: "" } });
  });

  it("records bash's extra parameter forms", () => {
    const [a, b, c] = words("echo ${x/a/b} ${x:1:2} ${!r}", "bash");
    expect(a?.parts[0]).toMatchObject({ op: "/", arg: { text: "a" }, replacement: { text: "b" } });
    expect(b?.parts[0]).toMatchObject({
      op: "substring",
      arg: { text: "1" },
      length: { text: "2" },
    });
    expect(c?.parts[0]).toMatchObject({ name: "r", indirect: true, op: "" });
  });

  it("keeps bad substitutions for run time, with their text", () => {
    expect(words("echo ${x!y}z")[0]?.parts).toEqual([
      { type: "BadSubst", text: "${x!y}" },
      { type: "Literal", value: "z" },
    ]);
  });

  it("reads `$10` as dash 0.5.8 or bash do", () => {
    expect(words("echo $10")[0]?.parts).toMatchObject([{ type: "Param", name: "10" }]);
    expect(words("echo $10", "bash")[0]?.parts).toMatchObject([
      { type: "Param", name: "1" },
      { type: "Literal", value: "0" },
    ]);
  });

  it("parses command substitutions recursively, keeping their text", () => {
    expect(words("echo $(a | b)")[0]?.parts[0]).toMatchObject({
      type: "CommandSub",
      backquoted: false,
      text: "a | b",
      deferredError: null,
      body: { type: "List", items: [{ head: { commands: [{}, {}] } }] },
    });
    expect(words("echo `a \\$b`")[0]?.parts[0]).toMatchObject({
      type: "CommandSub",
      backquoted: true,
      text: "a $b",
    });
  });

  it("keeps arithmetic text and expands what is inside", () => {
    expect(words("echo $((x + $y))")[0]?.parts[0]).toEqual({
      type: "Arith",
      text: "x + $y",
      expr: [
        { type: "Literal", value: "x + " },
        {
          type: "Param",
          name: "y",
          braced: false,
          op: "",
          arg: null,
          indirect: false,
          replacement: null,
          length: null,
        },
      ],
    });
  });

  it("defers syntax errors inside backquotes in bash", () => {
    const part = words("echo `fi`", "bash")[0]?.parts[0];
    expect(part).toMatchObject({
      type: "CommandSub",
      body: { items: [] },
      deferredError: {
        message: "syntax error near unexpected token `fi'",
        line: 1,
        sourceLine: "fi",
      },
    });
    expect(() => parse("echo `if`", "dash")).toThrow(ShellSyntaxError);
  });
});

describe("assignments", () => {
  it("takes NAME=value words before the command name only", () => {
    const c = simple("A=1 B=$x cmd C=2");
    expect(c.assignments.map((a) => [a.name, a.value.text])).toEqual([
      ["A", "1"],
      ["B", "$x"],
    ]);
    expect(c.words.map((w) => w.text)).toEqual(["cmd", "C=2"]);
  });

  it("needs an unquoted name and `=`", () => {
    expect(simple('"A"=1 x').assignments).toEqual([]);
    expect(simple("A\\=1 x").assignments).toEqual([]);
    expect(simple("1A=1 x").assignments).toEqual([]);
  });

  it("knows bash's += and arrays", () => {
    const [a, b] = simple("a+=x b=(1 2)", "bash").assignments;
    expect(a).toMatchObject({ name: "a", append: true, array: null, value: { text: "x" } });
    expect(b?.array?.map((w) => w.text)).toEqual(["1", "2"]);
    expect(simple("a+=x", "dash").words[0]?.text).toBe("a+=x");
  });
});

describe("redirections", () => {
  it("defaults descriptors per operator", () => {
    expect(
      redirects("cmd <a >b >>c <>d >|e <&3 >&4").map((r) => [r.type, "fd" in r ? r.fd : -1]),
    ).toEqual([
      ["File", 0],
      ["File", 1],
      ["File", 1],
      ["File", 0],
      ["File", 1],
      ["Dup", 0],
      ["Dup", 1],
    ]);
  });

  it("tells explicit descriptors of dups apart", () => {
    expect(redirects("cmd >&f 2>&1")).toMatchObject([
      { type: "Dup", op: ">&", fd: 1, fdGiven: false, target: { text: "f" } },
      { type: "Dup", op: ">&", fd: 2, fdGiven: true, target: { text: "1" } },
    ]);
  });

  it("reads here-document bodies after the command line", () => {
    const prog = parse("cat <<A; cat <<-'B'\n$x\nA\n\t$y\n\tB\necho done\n", "dash");
    const [a, b] = (prog.commands[0]?.items ?? []).map(
      (i) => (i.head.commands[0] as SimpleCommand).redirects[0],
    );
    expect(a).toMatchObject({
      type: "HereDoc",
      fd: 0,
      delimiter: "A",
      quoted: false,
      stripTabs: false,
      endedByEof: false,
      line: 1,
      deferredError: null,
      body: [
        { type: "Param", name: "x" },
        { type: "Literal", value: "\n" },
      ],
    });
    expect(b).toMatchObject({
      delimiter: "B",
      quoted: true,
      stripTabs: true,
      body: [{ type: "Literal", value: "$y\n" }],
    });
    expect(sexp(prog.commands[1] as List)).toBe("(cmd echo done)");
  });

  it("removes quotes from the delimiter, any quoting makes it quoted", () => {
    for (const d of ["'EOF'", '"EOF"', "\\EOF", 'E"O"F', "E\\OF"]) {
      expect(redirects(`cat <<${d}\n$x\nEOF`)[0]).toMatchObject({
        delimiter: "EOF",
        quoted: true,
        body: [{ type: "Literal", value: "$x\n" }],
      });
    }
    expect(redirects("cat <<$x\nbody\n$x")[0]).toMatchObject({ delimiter: "$x", quoted: false });
  });

  it("treats only $, `, \\ and newline as special in a body", () => {
    expect(redirects('cat <<E\n"a" \'b\' \\$ \\" \\\\ c\\\nd\nE')[0]).toMatchObject({
      body: [{ type: "Literal", value: '"a" \'b\' $ \\" \\ cd\n' }],
    });
  });

  it("lets a body end at end of input", () => {
    expect(redirects("cat <<E\nx")[0]).toMatchObject({ endedByEof: true, body: [{ value: "x" }] });
    expect(redirects("cat <<E")[0]).toMatchObject({ endedByEof: true, body: [] });
  });

  it("defers body errors to run time in bash only", () => {
    expect(redirects("cat <<E\n$(\nE", "bash")[0]).toMatchObject({
      body: [{ type: "Literal", value: "$(\n" }],
      deferredError: { message: "unexpected EOF while looking for matching `)'" },
    });
    expect(() => parse("cat <<E\n$(\nE", "dash")).toThrow(ShellSyntaxError);
  });

  it("stores bash &> as > plus 2>&1", () => {
    expect(sexp(parse("cmd &>f", "bash"))).toBe("(cmd cmd (> 1 f) (>& 2 1))");
  });
});

describe("line numbers", () => {
  it("records the line each command starts on", () => {
    const prog: Program = parse("a\n\nb; c \\\n d\nif x\nthen y\nfi\n", "dash");
    const lines = prog.commands.map((l) => l.items.map((i) => i.head.commands[0]?.line));
    expect(lines).toEqual([[1], [3, 3], [5]]);
    const ifc = prog.commands[2]?.items[0]?.head.commands[0];
    if (ifc?.type !== "If") throw new Error("if");
    expect(ifc.clauses[0]?.body.items[0]?.line).toBe(6);
  });

  it("counts lines inside here-documents and substitutions", () => {
    const prog = parse("cat <<E\n1\n2\nE\necho $(\n\n)\nlast", "dash");
    expect(prog.commands.map((l) => l.items[0]?.line)).toEqual([1, 5, 8]);
  });
});

describe("createReader", () => {
  it("yields one complete command at a time, failing only when reaching the error", () => {
    const r = createReader("echo a\necho b; echo c\nfi\n", "dash");
    expect(sexp(r.next() as List)).toBe("(cmd echo a)");
    expect(sexp(r.next() as List)).toBe("(list (cmd echo b) (cmd echo c))");
    expect(() => r.next()).toThrow('Syntax error: "fi" unexpected');
  });

  it("returns `echo hi;` before a following `fi` in dash 0.5.8, not in bash", () => {
    const d = createReader("echo hi; fi", "dash");
    expect(sexp(d.next() as List)).toBe("(cmd echo hi)");
    expect(() => d.next()).toThrow(ShellSyntaxError);
    expect(() => createReader("echo hi; fi", "bash").next()).toThrow(
      "syntax error near unexpected token `fi'",
    );
  });

  it("returns null at the end", () => {
    const r = createReader("\n# nothing\n", "bash");
    expect(r.next()).toBeNull();
  });
});

describe("parseIncremental", () => {
  const cases: [string, "complete" | "more" | "error"][] = [
    ["echo a\n", "complete"],
    ["\n", "complete"],
    ["", "complete"],
    ["echo 'a\n", "more"],
    ['echo "a\n', "more"],
    ["echo a \\\n", "more"],
    ["echo a |\n", "more"],
    ["echo a &&\n", "more"],
    ["echo a ||", "more"],
    ["if true\n", "more"],
    ["if true; then\n", "more"],
    ["if true; then echo; fi\n", "complete"],
    ["while :\n", "more"],
    ["for x in a\n", "more"],
    ["case x in\n", "more"],
    ["case x in a) echo\n", "more"],
    ["case x in a) echo;; esac\n", "complete"],
    ["f() {\n", "more"],
    ["(\n", "more"],
    ["echo $(\n", "more"],
    ['echo ${x:-"\n', "more"],
    ["echo `\n", "more"],
    ["echo $((\n", "more"],
    ["cat <<EOF\n", "more"],
    ["cat <<EOF\nline\n", "more"],
    ["cat <<EOF\nline\nEOF\n", "complete"],
    ["fi\n", "error"],
    ["echo >\n", "error"],
    ["echo a;;\n", "error"],
    ["if true; then fi\n", "error"],
  ];
  it.each(cases)("%j → %s", (text, want) => {
    for (const p of ["dash", "bash"] as const) {
      const r = parseIncremental(text, p);
      const got = "complete" in r ? "complete" : "needMore" in r ? "more" : "error";
      expect(got, p).toBe(want);
    }
  });

  it("returns the error with the shell's wording", () => {
    const r = parseIncremental("fi\n", "bash");
    expect("error" in r && r.error.message).toBe("syntax error near unexpected token `fi'");
  });

  it("returns the tree when complete", () => {
    const r = parseIncremental("a | b\n", "dash");
    expect("complete" in r && sexp(r.complete)).toBe("(pipe (cmd a) (cmd b))");
  });

  it("differs where the shells do: dash ${ ends at a newline", () => {
    expect(parseIncremental("echo ${x:-a\n", "dash")).toMatchObject({ error: {} });
    expect(parseIncremental("echo ${x:-a\n", "bash")).toEqual({ needMore: true });
  });
});
