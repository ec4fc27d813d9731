/**
 * The shell's abstract syntax tree.
 *
 * The parser turns source text into these nodes and does nothing else: no
 * expansion, no evaluation. The interpreter walks them. Every node is plain
 * data (no classes, no methods), so trees can be compared with `toEqual`,
 * printed with JSON.stringify, and cached.
 *
 * Line numbers are 1-based and count lines of the source text given to the
 * parser, as dash's `lineno` (and bash's `LINENO`) do: the interpreter needs
 * them for dash's `sh: 3: foo: not found` style messages.
 */

/** Which shell the grammar, the error messages and a few lexical rules follow. */
export type Personality = "bash" | "dash";

/**
 * A whole script. Shells read and run a script one "complete command" at a
 * time (everything up to an unnested newline): `echo a; exit` on line 1 runs
 * before a syntax error on line 2 is even seen. `commands` keeps that
 * grouping: one List per complete command, in source order. Blank and
 * comment-only lines produce no entry.
 */
export interface Program {
  type: "Program";
  commands: List[];
}

/**
 * Commands separated by `;`, `&` or newlines. An empty list is legal where
 * the shells allow it: a `case` item body, `$( )`.
 */
export interface List {
  type: "List";
  items: AndOr[];
}

/** `a && b || c`, evaluated left to right with equal precedence. */
export interface AndOr {
  type: "AndOr";
  head: Pipeline;
  tail: AndOrTail[];
  /** Terminated by `&`: the whole and-or list runs asynchronously. */
  background: boolean;
  line: number;
}

export interface AndOrTail {
  op: "&&" | "||";
  pipeline: Pipeline;
}

/**
 * `[!] cmd1 | cmd2 | ...`. A single command is a pipeline of one; bash's
 * `!` alone is a negated pipeline of none (status 1). Bash's
 * `a |& b` is stored as `a 2>&1 | b`: the parser appends the Dup redirection
 * to `a`'s redirects, which is exactly how bash defines it.
 */
export interface Pipeline {
  type: "Pipeline";
  negated: boolean;
  commands: Command[];
  line: number;
}

export type Command =
  | SimpleCommand
  | Subshell
  | BraceGroup
  | IfClause
  | WhileClause
  | ForClause
  | CaseClause
  | ArithCommand
  | ArithForClause
  | FunctionDef;

/** The commands that take trailing redirections (`{ ...; } >file`). */
export type CompoundCommand =
  | Subshell
  | BraceGroup
  | IfClause
  | WhileClause
  | ForClause
  | CaseClause
  | ArithCommand
  | ArithForClause;

/**
 * `A=1 B=2 cmd arg >file`. Any of the three lists may be empty, but not all
 * three. Redirections are kept in source order; their position relative to
 * words does not matter to either shell.
 */
export interface SimpleCommand {
  type: "SimpleCommand";
  assignments: Assignment[];
  /** Command name and arguments, before expansion. */
  words: Word[];
  redirects: Redirect[];
  line: number;
}

/**
 * `name=value` in assignment position (before the command name). `value`
 * has had tilde prefixes marked after `=` and after each unquoted `:`.
 */
export interface Assignment {
  name: string;
  value: Word;
  /** Bash `name+=value`. */
  append: boolean;
  /** Bash `name=(w1 w2 ...)`: the array's words (value is then empty). */
  array: Word[] | null;
}

/** `( list )` */
export interface Subshell {
  type: "Subshell";
  body: List;
  redirects: Redirect[];
  line: number;
}

/** `{ list; }` */
export interface BraceGroup {
  type: "BraceGroup";
  body: List;
  redirects: Redirect[];
  line: number;
}

/** `if c1; then b1; elif c2; then b2; else b3; fi`: one clause per if/elif. */
export interface IfClause {
  type: "If";
  clauses: { condition: List; body: List }[];
  elseBody: List | null;
  redirects: Redirect[];
  line: number;
}

/** `while c; do b; done`, or `until` when `until` is true. */
export interface WhileClause {
  type: "While";
  until: boolean;
  condition: List;
  body: List;
  redirects: Redirect[];
  line: number;
}

/**
 * `for name in w1 w2; do body; done`. `words` is null for `for name; do`
 * (iterate over "$@"), and [] for `for name in; do`. Bash checks the name
 * at run time (`bash: line 1: `1': not a valid identifier`), so in bash
 * mode `name` may be any word text; dash rejects bad names while parsing.
 */
export interface ForClause {
  type: "For";
  name: string;
  words: Word[] | null;
  body: List;
  redirects: Redirect[];
  line: number;
}

/** `case word in p1|p2) body ;; ... esac` */
export interface CaseClause {
  type: "Case";
  word: Word;
  items: CaseItem[];
  redirects: Redirect[];
  line: number;
}

export interface CaseItem {
  patterns: Word[];
  body: List;
  /**
   * What ended the item. `;;` also stands for "nothing" (the last item
   * before `esac`). `;&` (fall through) and `;;&` (test next) are bash only.
   */
  terminator: ";;" | ";&" | ";;&";
  line: number;
}

/**
 * Bash `(( expr ))`: status 0 when the expression is non-zero. `expr` is
 * expanded like a double-quoted string, then given to evalArith.
 */
export interface ArithCommand {
  type: "ArithCommand";
  expr: DQPart[];
  text: string;
  redirects: Redirect[];
  line: number;
}

/**
 * Bash `for ((init; test; update)); do body; done`. Each expression is
 * expanded like a double-quoted string and given to evalArith; an empty
 * test is true.
 */
export interface ArithForClause {
  type: "ArithFor";
  init: DQPart[];
  test: DQPart[];
  update: DQPart[];
  body: List;
  redirects: Redirect[];
  line: number;
}

/**
 * `name() body` or bash `function name body`. Redirections written after
 * the body belong to the body (applied on each call), as in both shells.
 * Dash accepts any command as the body (`f() echo hi`); bash wants a
 * compound command.
 */
export interface FunctionDef {
  type: "FunctionDef";
  name: string;
  body: Command;
  line: number;
}

// ---------------------------------------------------------------------------
// Redirections

export type Redirect = FileRedirect | DupRedirect | HereDoc | HereString;

/**
 * `[n]<file`, `[n]>file`, `[n]>>file`, `[n]>|file`, `[n]<>file`. `fd` is
 * the explicit number or the operator's default (0 for `<` and `<>`, 1
 * otherwise). Bash `&>file` and `&>>file` are stored as `>file 2>&1`
 * (`>>file 2>&1`), which is their definition.
 */
export interface FileRedirect {
  type: "File";
  op: "<" | ">" | ">>" | ">|" | "<>";
  fd: number;
  target: Word;
}

/**
 * `[n]<&word`, `[n]>&word`. After expansion the target is a descriptor
 * number or `-` (close). Anything else is an error at run time: dash prints
 * `Syntax error: Bad fd number`; bash treats `>&file` without an explicit
 * fd as `&>file` and otherwise reports `ambiguous redirect`. `fdGiven`
 * tells the interpreter which case applies.
 */
export interface DupRedirect {
  type: "Dup";
  op: "<&" | ">&";
  fd: number;
  fdGiven: boolean;
  target: Word;
}

/**
 * `[n]<<delim` / `[n]<<-delim`. The body is already read (the parser takes
 * it from the lines after the command). With a quoted delimiter the body is
 * one literal; otherwise it contains expansions and is expanded like a
 * double-quoted string (but `"` stays literal). Tabs are already stripped
 * for `<<-`.
 */
export interface HereDoc {
  type: "HereDoc";
  fd: number;
  stripTabs: boolean;
  /** The delimiter after quote removal. */
  delimiter: string;
  /** Any part of the delimiter was quoted: no expansion in the body. */
  quoted: boolean;
  body: DQPart[];
  /**
   * The input ended before the delimiter line. Legal in both shells; bash
   * warns `here-document at line N delimited by end-of-file (wanted `EOF')`
   * with N = `line`.
   */
  endedByEof: boolean;
  /** Line of the `<<` operator. */
  line: number;
  /**
   * Bash only: the body did not parse (say, an unclosed `$(`). Bash reads
   * bodies when the redirection runs, so this is reported then; the body
   * is kept as one literal.
   */
  deferredError: DeferredError | null;
}

/** Bash `[n]<<<word`: the expanded word plus a newline on the fd. */
export interface HereString {
  type: "HereString";
  fd: number;
  target: Word;
}

// ---------------------------------------------------------------------------
// Words

/**
 * One shell word, split into parts by quoting. Rules the interpreter relies
 * on:
 * - `Literal` at the top level of a word is unquoted text that can never be
 *   special: glob characters are split out into `Glob` parts and tilde
 *   prefixes into `Tilde` parts.
 * - Everything inside a quoted part is quoted.
 * - Results of unquoted Param/CommandSub/Arith/BadSubst parts undergo field
 *   splitting and pathname expansion; quoted ones do not.
 * - `''` is one empty SingleQuoted part. Only an empty `${x:-}` operand
 *   (or `$((...))` text) has no parts at all.
 * - Glob parts in assignment values are plain text: shells do not expand
 *   pathnames there.
 */
export interface Word {
  type: "Word";
  parts: WordPart[];
  /** The word as written, quotes included (for messages and `set -x`). */
  text: string;
}

export type WordPart =
  | Literal
  | Glob
  | Tilde
  | SingleQuoted
  | Escaped
  | AnsiCQuoted
  | DoubleQuoted
  | ParamExpansion
  | CommandSubstitution
  | ArithExpansion
  | BadSubstitution;

/** Parts that can appear inside double quotes (and in here-document bodies). */
export type DQPart =
  | Literal
  | DoubleQuoted
  | ParamExpansion
  | CommandSubstitution
  | ArithExpansion
  | BadSubstitution
  // In `"${x#*.c}"` the pattern's glob characters stay active (both shells).
  | Glob;

/** Plain text. Unquoted at word level, quoted inside DoubleQuoted. */
export interface Literal {
  type: "Literal";
  value: string;
}

/**
 * Unquoted pattern syntax: `*`, `?`, or a whole bracket expression such as
 * `[a-z]` or `[!x]` (an unmatched `[` stays Literal). To build a pattern,
 * use Glob text raw and escape every other part's text.
 */
export interface Glob {
  type: "Glob";
  value: string;
}

/** `~` or `~user` at the start of a word (or after `=`/`:` in assignments). */
export interface Tilde {
  type: "Tilde";
  /** "" for plain `~` ($HOME). */
  user: string;
}

/** `'text'` */
export interface SingleQuoted {
  type: "SingleQuoted";
  value: string;
}

/** `\c` outside quotes: the one character c, quoted. */
export interface Escaped {
  type: "Escaped";
  value: string;
}

/** Bash `$'text'`, escapes already decoded. */
export interface AnsiCQuoted {
  type: "AnsiCQuoted";
  value: string;
}

/** `"..."` (also bash `$"..."`). */
export interface DoubleQuoted {
  type: "DoubleQuoted";
  parts: DQPart[];
}

/**
 * `$x`, `${x}`, `${x:-w}`... Operators:
 * - ""            plain `$x` / `${x}`
 * - "length"      `${#x}`
 * - "-" ":-" "=" ":=" "?" ":?" "+" ":+"   default/assign/error/alternative
 * - "#" "##" "%" "%%"                     remove prefix/suffix pattern
 * - bash only: "/" "//" "/#" "/%" (replace; `replacement`), "substring"
 *   (`${x:off:len}`; offset in `arg`, length in `length`, both arithmetic
 *   text), "^" "^^" "," ",," (case change; pattern in `arg`, may be null)
 *
 * Dash 0.5.8 reads any number of digits after `$` (`$10` is `${10}`), bash
 * only one (`$10` is `${1}0`); the parser applies the personality's rule.
 */
export interface ParamExpansion {
  type: "Param";
  /** Identifier, positional number ("1", "10"), or one of @ * # ? - $ ! 0. */
  name: string;
  braced: boolean;
  op: ParamOp;
  /** Operand word or pattern; null when the operator takes none. */
  arg: Word | null;
  /** Bash `${!name}`: indirect expansion. */
  indirect: boolean;
  /** Bash replace operators: the replacement (null for `${x/p}`). */
  replacement: Word | null;
  /** Bash substring: the length operand, null for `${x:off}`. */
  length: Word | null;
}

export type ParamOp =
  | ""
  | "length"
  | "-"
  | ":-"
  | "="
  | ":="
  | "?"
  | ":?"
  | "+"
  | ":+"
  | "#"
  | "##"
  | "%"
  | "%%"
  | "/"
  | "//"
  | "/#"
  | "/%"
  | "substring"
  | "^"
  | "^^"
  | ","
  | ",,";

/**
 * `${...}` that is not valid syntax, such as `${x!}` or `${}`. Both shells
 * accept these while parsing and fail only when the word is expanded: dash
 * prints `Bad substitution`, bash `${x!}: bad substitution` (hence `text`).
 */
export interface BadSubstitution {
  type: "BadSubst";
  text: string;
}

/** `$(list)` or `` `list` ``, parsed recursively. */
export interface CommandSubstitution {
  type: "CommandSub";
  body: List;
  backquoted: boolean;
  /** The source between the delimiters. */
  text: string;
  /**
   * Bash parses backquoted text only when it runs it, so a syntax error
   * inside is a run-time error (`bash: command substitution: line 1: ...`,
   * then the source line) and the rest of the script still runs. Set, in
   * bash mode only, when the text does not parse; `body` is then empty.
   */
  deferredError: DeferredError | null;
}

/** A syntax error to report when the construct holding it runs. */
export interface DeferredError {
  message: string;
  line: number;
  /** The line bash echoes after the message, or null. */
  sourceLine: string | null;
}

/**
 * `$((expr))`. The expression is first expanded like a double-quoted string
 * (`$x`, `$(cmd)` inside), then given to evalArith. `text` is the source
 * between `$((` and `))`.
 */
export interface ArithExpansion {
  type: "Arith";
  expr: DQPart[];
  text: string;
}
