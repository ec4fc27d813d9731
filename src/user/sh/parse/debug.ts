/**
 * A compact, unambiguous rendering of the AST as S-expressions, for tests
 * and debugging (`sexp(parse("a | b", "dash"))` is `(pipe (cmd a) (cmd b))`).
 *
 * Words are printed close to shell syntax: quoted parts keep their quotes,
 * `$x` and `${x:-w}` their form, `$(...)` holds the nested S-expression.
 * Glob and tilde parts, which look like literal text in the source, are
 * marked ‹*› and ‹~user›.
 */
import type {
  AndOr,
  CaseItem,
  Command,
  DQPart,
  List,
  ParamExpansion,
  Pipeline,
  Program,
  Redirect,
  Word,
  WordPart,
} from "./ast.ts";

export function sexp(node: Program | List | Command | Word): string {
  switch (node.type) {
    case "Program":
      return node.commands.map(list).join("\n");
    case "List":
      return list(node);
    case "Word":
      return word(node);
    default:
      return command(node);
  }
}

function list(l: List): string {
  if (l.items.length === 0) return "()";
  const items = l.items.map(andOr);
  return items.length === 1 ? (items[0] ?? "") : `(list ${items.join(" ")})`;
}

function andOr(a: AndOr): string {
  let s = pipeline(a.head);
  if (a.tail.length > 0) {
    s = `(${[s, ...a.tail.map((t) => `${t.op} ${pipeline(t.pipeline)}`)].join(" ")})`;
  }
  return a.background ? `(bg ${s})` : s;
}

function pipeline(p: Pipeline): string {
  const cmds = p.commands.map(command);
  const s = cmds.length === 1 ? (cmds[0] ?? "") : `(pipe${cmds.map((c) => ` ${c}`).join("")})`;
  return p.negated ? `(! ${s})` : s;
}

function withRedirs(head: string, parts: string[], redirects: Redirect[]): string {
  const all = [head, ...parts, ...redirects.map(redirect)];
  return `(${all.join(" ")})`;
}

function command(c: Command): string {
  switch (c.type) {
    case "SimpleCommand": {
      const assigns = c.assignments.map(
        (a) =>
          `${a.name}${a.append ? "+=" : "="}${a.array ? `(${a.array.map(word).join(" ")})` : word(a.value)}`,
      );
      return withRedirs("cmd", [...assigns, ...c.words.map(word)], c.redirects);
    }
    case "Subshell":
      return withRedirs("sub", [list(c.body)], c.redirects);
    case "BraceGroup":
      return withRedirs("group", [list(c.body)], c.redirects);
    case "If": {
      const parts = c.clauses.map((cl) => `${list(cl.condition)} ${list(cl.body)}`);
      if (c.elseBody) parts.push(`else ${list(c.elseBody)}`);
      return withRedirs("if", parts, c.redirects);
    }
    case "While":
      return withRedirs(
        c.until ? "until" : "while",
        [list(c.condition), list(c.body)],
        c.redirects,
      );
    case "For": {
      const words = c.words === null ? "" : ` (in${c.words.map((w) => ` ${word(w)}`).join("")})`;
      return withRedirs(`for ${c.name}${words}`, [list(c.body)], c.redirects);
    }
    case "Case":
      return withRedirs(`case ${word(c.word)}`, c.items.map(caseItem), c.redirects);
    case "ArithCommand":
      return withRedirs("((", [dq(c.expr)], c.redirects);
    case "ArithFor":
      return withRedirs(
        "for((",
        [`${dq(c.init)};${dq(c.test)};${dq(c.update)}`, list(c.body)],
        c.redirects,
      );
    case "FunctionDef":
      return `(fn ${c.name} ${command(c.body)})`;
  }
}

function caseItem(i: CaseItem): string {
  return `(${i.patterns.map(word).join("|")} ${list(i.body)} ${i.terminator})`;
}

function redirect(r: Redirect): string {
  switch (r.type) {
    case "File":
    case "Dup":
      return `(${r.op} ${r.fd} ${word(r.target)})`;
    case "HereString":
      return `(<<< ${r.fd} ${word(r.target)})`;
    case "HereDoc":
      return `(${r.stripTabs ? "<<-" : "<<"} ${r.fd} ${JSON.stringify(r.delimiter)}${
        r.quoted ? " quoted" : ""
      } "${dq(r.body)}")`;
  }
}

export function word(w: Word): string {
  return w.parts.map(part).join("");
}

function dq(parts: DQPart[]): string {
  return parts.map(part).join("");
}

function part(p: WordPart): string {
  switch (p.type) {
    case "Literal":
      return p.value;
    case "Glob":
      return `‹${p.value}›`;
    case "Tilde":
      return `‹~${p.user}›`;
    case "SingleQuoted":
      return `'${p.value}'`;
    case "Escaped":
      return `\\${p.value}`;
    case "AnsiCQuoted":
      return `$${JSON.stringify(p.value)}`;
    case "DoubleQuoted":
      return `"${dq(p.parts)}"`;
    case "Param":
      return param(p);
    case "CommandSub":
      return p.backquoted ? `\`${list(p.body)}\`` : `$(${list(p.body)})`;
    case "Arith":
      return `$((${dq(p.expr)}))`;
    case "BadSubst":
      return `‹bad ${p.text}›`;
  }
}

function param(p: ParamExpansion): string {
  if (!p.braced) return `$${p.name}`;
  const name = `${p.indirect ? "!" : ""}${p.name}`;
  const arg = p.arg === null ? "" : word(p.arg);
  switch (p.op) {
    case "":
      return `\${${name}}`;
    case "length":
      return `\${#${name}}`;
    case "substring":
      return `\${${name}:${arg}${p.length === null ? "" : `:${word(p.length)}`}}`;
    case "/":
    case "//":
    case "/#":
    case "/%":
      return `\${${name}${p.op}${arg}${p.replacement === null ? "" : `/${word(p.replacement)}`}}`;
    default:
      return `\${${name}${p.op}${arg}}`;
  }
}
