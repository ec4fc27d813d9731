/**
 * Shell arithmetic: the text of `$((...))` (after the shell has expanded
 * `$x` and `$(...)` in it) parsed and evaluated with 64-bit wrap-around,
 * as dash's arith_yacc.c and bash's expr.c do.
 *
 * Dash 0.5.8 knows C's operators minus `++`, `--`, `,`; bash adds those,
 * `**` and `base#digits`. Errors are worded as each shell prints them,
 * minus the prefix the interpreter adds (`sh: 1: ` / `bash: line 1: `):
 *   dash: arithmetic expression: division by zero: "1/0"
 *   bash: 1/0: division by 0 (error token is "0")
 */

import {
  ArithError,
  type ArithNode,
  ArithParser,
  type BinOp,
  dashNumberValue,
  wrap,
} from "./arith-parse.ts";
import type { Personality } from "./ast.ts";

export { ArithError, type ArithNode } from "./arith-parse.ts";

/** Variable access for evaluation. */
export interface ArithEnv {
  /** The variable's value, undefined when unset. */
  lookup(name: string): string | undefined;
  /** Store a new value (the shells keep its decimal text). */
  assign(name: string, value: bigint): void;
}

/**
 * Bash evaluates a variable's value as an expression of its own, which may
 * name more variables: bash allows 1024 levels; self-reference fails with
 * the same message either way.
 */
const MAX_DEPTH = 100;

/** Parse an arithmetic expression. Null: empty (bash evaluates it to 0). */
export function parseArith(expr: string, personality: Personality): ArithNode | null {
  return new ArithParser(expr, personality).parseAll();
}

/**
 * Evaluate `expr` to a 64-bit integer. Throws ArithError (or whatever
 * env.assign throws, say for a readonly variable).
 */
export function evalArith(expr: string, env: ArithEnv, personality: Personality): bigint {
  return evaluate(expr, env, personality, 0);
}

function evaluate(expr: string, env: ArithEnv, personality: Personality, depth: number): bigint {
  const p = new ArithParser(expr, personality);
  const node = p.parseAll();
  if (node === null) return 0n;
  return new Evaluator(p, env, personality, depth).eval(node);
}

class Evaluator {
  constructor(
    private readonly p: ArithParser,
    private readonly env: ArithEnv,
    private readonly personality: Personality,
    private readonly depth: number,
  ) {}

  private value(name: string): bigint {
    const s = this.env.lookup(name);
    if (s === undefined || s === "") return 0n;
    if (this.personality === "dash") {
      // Dash wants a plain integer in the variable.
      const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
      if (m === null) throw new ArithError(`Illegal number: ${s}`);
      const v = dashNumberValue(m[2] ?? "0");
      return m[1] === "-" ? wrap(-v) : v;
    }
    if (/^-?[0-9]+$/.test(s)) return wrap(BigInt(s));
    // Bash evaluates the value as an expression of its own.
    if (this.depth >= MAX_DEPTH) {
      throw new ArithError(`${s}: expression recursion level exceeded (error token is "${s}")`);
    }
    return evaluate(s, this.env, this.personality, this.depth + 1);
  }

  eval(n: ArithNode): bigint {
    switch (n.kind) {
      case "num":
        return n.value;
      case "var":
        return this.value(n.name);
      case "unary": {
        const v = this.eval(n.arg);
        if (n.op === "-") return wrap(-v);
        if (n.op === "!") return v === 0n ? 1n : 0n;
        if (n.op === "~") return wrap(~v);
        return v;
      }
      case "incr": {
        const old = this.value(n.name);
        const v = wrap(n.op === "++" ? old + 1n : old - 1n);
        this.env.assign(n.name, v);
        return n.prefix ? v : old;
      }
      case "binary":
        return this.binop(n.op, this.eval(n.left), this.eval(n.right), n.rhsPos, n.endPos);
      case "logical": {
        const l = this.eval(n.left) !== 0n;
        if (n.op === "&&" ? !l : l) return l ? 1n : 0n;
        return this.eval(n.right) !== 0n ? 1n : 0n;
      }
      case "cond":
        return this.eval(n.test) !== 0n ? this.eval(n.yes) : this.eval(n.no);
      case "assign": {
        const rhs = this.eval(n.value);
        const v =
          n.op === "="
            ? rhs
            : this.binop(n.op.slice(0, -1) as BinOp, this.value(n.name), rhs, n.rhsPos, n.endPos);
        this.env.assign(n.name, v);
        return v;
      }
      case "comma":
        this.eval(n.left);
        return this.eval(n.right);
    }
  }

  private binop(op: BinOp, a: bigint, b: bigint, rhsPos: number, endPos: number): bigint {
    switch (op) {
      case "*":
        return wrap(a * b);
      case "/":
      case "%":
        if (b === 0n) this.p.fail("division by zero", "division by 0", rhsPos);
        // INT_MIN / -1 overflows; both shells' C code wraps (or traps).
        if (b === -1n) return op === "/" ? wrap(-a) : 0n;
        return wrap(op === "/" ? a / b : a % b);
      case "+":
        return wrap(a + b);
      case "-":
        return wrap(a - b);
      case "<<":
        return wrap(a << (b & 63n));
      case ">>":
        return a >> (b & 63n);
      case "<":
        return a < b ? 1n : 0n;
      case "<=":
        return a <= b ? 1n : 0n;
      case ">":
        return a > b ? 1n : 0n;
      case ">=":
        return a >= b ? 1n : 0n;
      case "==":
        return a === b ? 1n : 0n;
      case "!=":
        return a !== b ? 1n : 0n;
      case "&":
        return a & b;
      case "^":
        return a ^ b;
      case "|":
        return a | b;
      case "**": {
        if (b < 0n) this.p.fail("exponent less than 0", "exponent less than 0", endPos);
        let r = 1n;
        let base = a;
        let e = b;
        while (e > 0n) {
          if (e & 1n) r = wrap(r * base);
          base = wrap(base * base);
          e >>= 1n;
        }
        return r;
      }
    }
  }
}
