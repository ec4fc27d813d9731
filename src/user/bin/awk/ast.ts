/** The syntax tree of an awk program, as the parser builds it and the interpreter walks it. */
import type { Val } from "./value.ts";

/** An associative array: keys are strings, as awk's subscripts always are. */
export type AwkArray = Map<string, Val>;

/**
 * A variable's storage. A function's local that was passed an uninitialized variable keeps
 * it as `parent`, so that using the local as an array creates the caller's array (awk
 * passes arrays by reference, and an untyped argument becomes one on first use).
 */
export interface Cell {
  v: Val | AwkArray | undefined;
  parent?: Cell;
}

export type VarRef =
  | { k: "var"; name: string; cell: Cell }
  | { k: "local"; name: string; idx: number };

export type LValue =
  | VarRef
  | { k: "nf" }
  | { k: "field"; e: Expr }
  | { k: "index"; arr: VarRef; subs: Expr[] };

export type Expr =
  | LValue
  | { k: "num"; v: number }
  | { k: "str"; v: string }
  | { k: "regex"; src: string }
  | { k: "group"; e: Expr }
  | { k: "in"; subs: Expr[]; arr: VarRef }
  | { k: "assign"; op: string; lhs: LValue; rhs: Expr }
  | { k: "cond"; c: Expr; a: Expr; b: Expr }
  | { k: "and" | "or"; a: Expr; b: Expr }
  | { k: "match"; neg: boolean; a: Expr; re: Expr }
  | { k: "arith"; op: string; a: Expr; b: Expr }
  | { k: "cmp"; op: string; a: Expr; b: Expr }
  | { k: "concat"; a: Expr; b: Expr }
  | { k: "unary"; op: string; e: Expr }
  | { k: "incdec"; op: string; prefix: boolean; lhs: LValue }
  | { k: "call"; name: string; args: Expr[]; line: number }
  | { k: "builtin"; name: string; args: Expr[] }
  | { k: "getline"; from: "main" | "file" | "cmd"; lhs?: LValue; src?: Expr };

export interface Redirect {
  mode: ">" | ">>" | "|";
  e: Expr;
}

export type Stmt =
  | { k: "print" | "printf"; args: Expr[]; dest?: Redirect }
  | { k: "expr"; e: Expr }
  | { k: "if"; c: Expr; t: Stmt; f?: Stmt }
  | { k: "while"; c: Expr; body: Stmt }
  | { k: "do"; body: Stmt; c: Expr }
  | { k: "for"; init?: Expr; c?: Expr; step?: Expr; body: Stmt }
  | { k: "forin"; v: LValue; arr: VarRef; body: Stmt }
  | { k: "block"; body: Stmt[] }
  | { k: "next" | "break" | "continue" }
  | { k: "exit" | "return"; e?: Expr }
  | { k: "delete"; arr: VarRef; subs?: Expr[] };

export interface Item {
  pattern?: Expr;
  /** A range pattern's end (`p1, p2`). */
  end?: Expr;
  /** null: the default action, print $0. */
  body: Stmt[] | null;
}

export interface Func {
  name: string;
  params: string[];
  body: Stmt[];
}

export interface Program {
  begin: Stmt[][];
  items: Item[];
  end: Stmt[][];
  funcs: Map<string, Func>;
  globals: Map<string, Cell>;
}
