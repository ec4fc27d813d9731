/**
 * The awk interpreter: walks the tree of parser.ts the way mawk's execute.c runs its code:
 * BEGIN actions, then each record of the input files against every pattern, then END;
 * fields split lazily and $0 rebuilt with OFS when a field or NF is assigned (field.c).
 */

import { SysError } from "../../libc/errors.ts";
import type { Libc } from "../../libc/libc.ts";
import type { AwkArray, Cell, Expr, Func, LValue, Program, Stmt, VarRef } from "./ast.ts";
import { rmEscape } from "./lexer.ts";
import { awkRegex, RegexError } from "./re.ts";
import { RecordReader, Streams } from "./streams.ts";
import {
  AwkRuntimeError,
  awkSprintf,
  regexSplit,
  splitWith,
  substitute,
  substr,
} from "./strfuncs.ts";
import {
  compare,
  dToI,
  maybeNum,
  numToStr,
  StrNum,
  toBool,
  toNum,
  toStr,
  UNINIT,
  type Val,
} from "./value.ts";

export class AwkExit {
  constructor(readonly code: number) {}
}
class AwkNext {}

const NORMAL = 0;
const BREAK = 1;
/** `continue` ends the body's statement list; the loop goes on as after a normal pass. */
const CONTINUE = 2;
const RETURN = 3;

interface Ref {
  get(): Val;
  set(v: Val): void;
}

export class Interp {
  private record = "";
  private recordVal: Val = "";
  private fields: Val[] | null = [];
  private nf = 0;
  private readonly frames: Cell[][] = [];
  private retVal: Val = UNINIT;
  private readonly inRange: boolean[];
  readonly streams: Streams;
  private main: RecordReader | null = null;
  private argIndex = 1;
  private usedFile = false;
  private exitCode = 0;
  private seed = 0;
  private randState = 0;
  private readonly g: (name: string) => Cell;

  constructor(
    private readonly libc: Libc,
    private readonly prog: Program,
  ) {
    this.inRange = prog.items.map(() => false);
    this.streams = new Streams(libc);
    this.g = (name) => {
      let c = prog.globals.get(name);
      if (!c) {
        c = { v: undefined };
        prog.globals.set(name, c);
      }
      return c;
    };
    this.srand(0);
  }

  // -- variables --------------------------------------------------------------

  private sv(name: string): string {
    const v = this.g(name).v;
    return v === undefined || v instanceof Map ? "" : toStr(v, this.convfmt());
  }
  private convfmt(): string {
    const v = this.g("CONVFMT").v;
    return typeof v === "string" ? v : v instanceof StrNum ? v.s : "%.6g";
  }
  /** A variable's value as a string (for run-time error reports). */
  get(name: string): string {
    return this.sv(name);
  }
  setVar(name: string, v: Val): void {
    this.g(name).v = v;
  }
  arrayOf(name: string): AwkArray {
    return this.arrayCell(this.g(name));
  }

  private cellOf(r: VarRef): Cell {
    return r.k === "var" ? r.cell : this.frames[this.frames.length - 1][r.idx];
  }

  private arrayCell(c: Cell): AwkArray {
    if (c.v instanceof Map) return c.v;
    if (c.v !== undefined) throw new AwkRuntimeError("can't use scalar as array");
    const a: AwkArray = new Map();
    c.v = a;
    if (c.parent && c.parent.v === undefined) c.parent.v = a;
    return a;
  }

  private scalar(c: Cell): Val {
    const v = c.v;
    if (v === undefined) return UNINIT;
    if (v instanceof Map) throw new AwkRuntimeError("can't use array in scalar context");
    return v;
  }

  private async subscript(subs: Expr[]): Promise<string> {
    if (subs.length === 1) return toStr(await this.eval(subs[0]), this.convfmt());
    const parts: string[] = [];
    for (const s of subs) parts.push(toStr(await this.eval(s), this.convfmt()));
    return parts.join(this.sv("SUBSEP"));
  }

  // -- records and fields -----------------------------------------------------

  setRecord(s: string): void {
    this.record = s;
    this.recordVal = maybeNum(s);
    this.fields = null;
  }

  private split(): Val[] {
    if (this.fields) return this.fields;
    const parts = splitWith(this.record, this.sv("FS"));
    const f: Val[] = new Array(parts.length + 1);
    f[0] = UNINIT;
    for (let i = 0; i < parts.length; i++) f[i + 1] = maybeNum(parts[i]);
    this.fields = f;
    this.nf = parts.length;
    return f;
  }

  private getField(i: number): Val {
    if (i === 0) return this.recordVal;
    if (i < 0) throw new AwkRuntimeError(`negative field index $${i}`);
    const f = this.split();
    // mawk: a field past NF is the empty string, not an uninitialized value ($5 == 0 is false).
    return i <= this.nf ? f[i] : "";
  }

  private rebuild(): void {
    const f = this.fields as Val[];
    const ofs = this.sv("OFS");
    const conv = this.convfmt();
    let s = "";
    for (let i = 1; i <= this.nf; i++) s += (i > 1 ? ofs : "") + toStr(f[i], conv);
    this.record = s;
    this.recordVal = s;
  }

  private setField(i: number, v: Val): void {
    if (i === 0) {
      this.setRecord(toStr(v, this.convfmt()));
      return;
    }
    if (i < 0) throw new AwkRuntimeError(`negative field index $${i}`);
    const f = this.split();
    while (this.nf < i) f[++this.nf] = UNINIT;
    f[i] = v;
    this.rebuild();
  }

  private getNF(): number {
    this.split();
    return this.nf;
  }

  private setNF(v: Val): void {
    const f = this.split();
    const n = dToI(toNum(v));
    while (this.nf < n) f[++this.nf] = UNINIT;
    this.nf = Math.max(n, 0);
    f.length = this.nf + 1;
    this.rebuild();
  }

  // -- lvalues ----------------------------------------------------------------

  private async ref(lv: LValue): Promise<Ref> {
    switch (lv.k) {
      case "var":
      case "local": {
        const c = this.cellOf(lv);
        return {
          get: () => this.scalar(c),
          set: (v) => {
            if (c.v instanceof Map) throw new AwkRuntimeError("can't assign to array");
            c.v = v;
          },
        };
      }
      case "nf":
        return { get: () => this.getNF(), set: (v) => this.setNF(v) };
      case "field": {
        const i = dToI(toNum(await this.eval(lv.e)));
        return { get: () => this.getField(i), set: (v) => this.setField(i, v) };
      }
      case "index": {
        const a = this.arrayCell(this.cellOf(lv.arr));
        const key = await this.subscript(lv.subs);
        return {
          get: () => {
            const v = a.get(key);
            if (v === undefined) {
              a.set(key, UNINIT);
              return UNINIT;
            }
            return v;
          },
          set: (v) => {
            a.set(key, v);
          },
        };
      }
    }
  }

  // -- expressions ------------------------------------------------------------

  private async regexOf(e: Expr) {
    const src = e.k === "regex" ? e.src : toStr(await this.eval(e), this.convfmt());
    try {
      return awkRegex(src);
    } catch (err) {
      if (err instanceof RegexError)
        throw new AwkRuntimeError(`regular expression compile failed (${err.message})\n${src}`);
      throw err;
    }
  }

  async eval(e: Expr): Promise<Val> {
    switch (e.k) {
      case "num":
        return e.v;
      case "str":
        return e.v;
      case "regex":
        return (await this.regexOf(e)).test(this.record) ? 1 : 0;
      case "group":
        return this.eval(e.e);
      case "var":
        return this.scalar(e.cell);
      case "local":
        return this.scalar(this.frames[this.frames.length - 1][e.idx]);
      case "nf":
        return this.getNF();
      case "field":
        return this.getField(dToI(toNum(await this.eval(e.e))));
      case "index": {
        const a = this.arrayCell(this.cellOf(e.arr));
        const key = await this.subscript(e.subs);
        const v = a.get(key);
        if (v !== undefined) return v;
        a.set(key, UNINIT);
        return UNINIT;
      }
      case "in": {
        const a = this.arrayCell(this.cellOf(e.arr));
        return a.has(await this.subscript(e.subs)) ? 1 : 0;
      }
      case "assign": {
        const r = await this.ref(e.lhs);
        const rhs = await this.eval(e.rhs);
        let v: Val;
        if (e.op === "=") v = rhs;
        else v = arith(e.op.slice(0, 1), toNum(r.get()), toNum(rhs));
        r.set(v);
        return v;
      }
      case "cond":
        return toBool(await this.eval(e.c)) ? this.eval(e.a) : this.eval(e.b);
      case "and":
        return toBool(await this.eval(e.a)) && toBool(await this.eval(e.b)) ? 1 : 0;
      case "or":
        return toBool(await this.eval(e.a)) || toBool(await this.eval(e.b)) ? 1 : 0;
      case "match": {
        const s = toStr(await this.eval(e.a), this.convfmt());
        const hit = (await this.regexOf(e.re)).test(s);
        return hit !== e.neg ? 1 : 0;
      }
      case "arith":
        return arith(e.op, toNum(await this.eval(e.a)), toNum(await this.eval(e.b)));
      case "cmp": {
        const c = compare(await this.eval(e.a), await this.eval(e.b), this.convfmt());
        switch (e.op) {
          case "<":
            return c < 0 ? 1 : 0;
          case "<=":
            return c <= 0 ? 1 : 0;
          case ">":
            return c > 0 ? 1 : 0;
          case ">=":
            return c >= 0 ? 1 : 0;
          case "==":
            return c === 0 ? 1 : 0;
          default:
            return c !== 0 ? 1 : 0;
        }
      }
      case "concat": {
        const conv = this.convfmt();
        return toStr(await this.eval(e.a), conv) + toStr(await this.eval(e.b), conv);
      }
      case "unary": {
        const v = await this.eval(e.e);
        if (e.op === "!") return toBool(v) ? 0 : 1;
        const n = toNum(v);
        return e.op === "-" ? -n : n;
      }
      case "incdec": {
        const r = await this.ref(e.lhs);
        const old = toNum(r.get());
        const nv = e.op === "++" ? old + 1 : old - 1;
        r.set(nv);
        return e.prefix ? nv : old;
      }
      case "call":
        return this.call(e.name, e.args);
      case "builtin":
        return this.builtin(e.name, e.args);
      case "getline":
        return this.getline(e);
    }
  }

  private async call(name: string, args: Expr[]): Promise<Val> {
    const f = this.prog.funcs.get(name) as Func;
    const frame: Cell[] = [];
    for (let i = 0; i < f.params.length; i++) {
      const a = args[i];
      if (a === undefined) frame.push({ v: undefined });
      else if (a.k === "var" || a.k === "local") {
        // Arrays go by reference; an untyped variable may become one in the callee.
        const c = this.cellOf(a);
        if (c.v instanceof Map) frame.push({ v: c.v });
        else if (c.v === undefined) frame.push({ v: undefined, parent: c });
        else frame.push({ v: c.v });
      } else frame.push({ v: await this.eval(a) });
    }
    if (this.frames.length > 4096) throw new AwkRuntimeError("function call nesting too deep");
    this.frames.push(frame);
    try {
      this.retVal = UNINIT;
      await this.execList(f.body);
      return this.retVal;
    } finally {
      this.frames.pop();
    }
  }

  private async builtin(name: string, args: Expr[]): Promise<Val> {
    const conv = this.convfmt();
    const str = async (i: number) => toStr(await this.eval(args[i]), conv);
    const num = async (i: number) => toNum(await this.eval(args[i]));
    switch (name) {
      case "length": {
        if (!args.length) return this.record.length;
        const a = args[0];
        if (a.k === "var" || a.k === "local") {
          const c = this.cellOf(a);
          if (c.v instanceof Map) return c.v.size;
        }
        return (await str(0)).length;
      }
      case "substr": {
        const s = await str(0);
        const m = await num(1);
        return substr(s, m, args.length > 2 ? await num(2) : undefined);
      }
      case "index": {
        const s = await str(0);
        return s.indexOf(await str(1)) + 1;
      }
      case "split": {
        const s = await str(0);
        const a = this.arrayCell(this.cellOf(args[1] as VarRef));
        let parts: string[];
        if (args.length < 3) parts = splitWith(s, this.sv("FS"));
        else if (args[2].k === "regex")
          parts = s === "" ? [] : regexSplit(s, await this.regexOf(args[2]));
        else parts = splitWith(s, await str(2));
        a.clear();
        parts.forEach((p, i) => a.set(String(i + 1), maybeNum(p)));
        return parts.length;
      }
      case "sub":
      case "gsub": {
        const re = await this.regexOf(args[0]);
        const repl = await str(1);
        const target: LValue = (args[2] as LValue | undefined) ?? {
          k: "field",
          e: { k: "num", v: 0 },
        };
        const r = await this.ref(target);
        const [out, n] = substitute(re, repl, toStr(r.get(), conv), name === "gsub");
        if (n) r.set(out);
        return n;
      }
      case "match": {
        const s = await str(0);
        const m = (await this.regexOf(args[1])).exec(s);
        this.setVar("RSTART", m ? m.index + 1 : 0);
        this.setVar("RLENGTH", m ? m.end - m.index : -1);
        return m ? m.index + 1 : 0;
      }
      case "sprintf": {
        const vals: Val[] = [];
        for (const a of args) vals.push(await this.eval(a));
        return awkSprintf("sprintf", toStr(vals[0], conv), vals.slice(1), conv);
      }
      case "sin":
        return Math.sin(await num(0));
      case "cos":
        return Math.cos(await num(0));
      case "atan2": {
        const y = await num(0);
        return Math.atan2(y, await num(1));
      }
      case "exp":
        return Math.exp(await num(0));
      case "log":
        return Math.log(await num(0));
      case "sqrt":
        return Math.sqrt(await num(0));
      case "int":
        return Math.trunc(await num(0));
      case "rand":
        return this.rand();
      case "srand": {
        const prev = this.seed;
        this.srand(args.length ? await num(0) : await this.libc.time());
        return prev;
      }
      case "tolower":
        return (await str(0)).replace(/[A-Z]+/g, (m) => m.toLowerCase());
      case "toupper":
        return (await str(0)).replace(/[a-z]+/g, (m) => m.toUpperCase());
      case "system":
        return this.streams.system(await str(0));
      case "close":
        return this.streams.close(await str(0));
      case "fflush": {
        if (!args.length) {
          await this.libc.stdout.flush();
          return 0;
        }
        const s = this.streams.out.get(await str(0));
        if (!s) return -1;
        await s.file.flush();
        return 0;
      }
    }
    throw new AwkRuntimeError(`unknown builtin ${name}`);
  }

  /** A deterministic generator (vkern has no entropy to seed from): a 32-bit LCG. */
  private srand(seed: number): void {
    this.seed = seed;
    this.randState = (Math.trunc(seed) ^ 0x5deece66) >>> 0;
  }
  private rand(): number {
    this.randState = (Math.imul(this.randState, 1103515245) + 12345) >>> 0;
    return this.randState / 4294967296;
  }

  private async getline(e: Extract<Expr, { k: "getline" }>): Promise<Val> {
    let rec: string | null;
    try {
      if (e.from === "main") {
        rec = await this.nextMainRecord();
      } else {
        const name = toStr(await this.eval(e.src as Expr), this.convfmt());
        const s = await this.streams.input(name, e.from);
        rec = await s.reader.read(this.sv("RS"));
      }
    } catch (err) {
      if (err instanceof SysError) return -1;
      throw err;
    }
    if (rec === null) return 0;
    // mawk counts records read by plain getline only: `cmd | getline` leaves NR alone.
    if (e.from === "main") this.bumpNR(true);
    if (e.lhs) (await this.ref(e.lhs)).set(maybeNum(rec));
    else this.setRecord(rec);
    return 1;
  }

  private bumpNR(fnr: boolean): void {
    const nr = this.g("NR");
    nr.v = toNum(this.scalar(nr)) + 1;
    if (fnr) {
      const f = this.g("FNR");
      f.v = toNum(this.scalar(f)) + 1;
    }
  }

  // -- main input -------------------------------------------------------------

  /** The next record of the input files named in ARGV (or standard input); null at the end. */
  async nextMainRecord(): Promise<string | null> {
    for (;;) {
      if (!this.main) {
        const opened = await this.openNext();
        if (!opened) return null;
      }
      const r = await (this.main as RecordReader).read(this.sv("RS"));
      if (r !== null) return r;
      await (this.main as RecordReader).close();
      this.main = null;
    }
  }

  private async openNext(): Promise<boolean> {
    const argv = this.arrayOf("ARGV");
    const argc = () => dToI(toNum(this.scalar(this.g("ARGC"))));
    while (this.argIndex < argc()) {
      const v = argv.get(String(this.argIndex++));
      const arg = v === undefined ? "" : toStr(v, this.convfmt());
      if (arg === "") continue;
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(arg);
      if (m) {
        this.assignOperand(m[1], arg.slice(m[0].length));
        continue;
      }
      this.usedFile = true;
      let fd = 0;
      if (arg !== "-" && arg !== "/dev/stdin") {
        try {
          fd = await this.libc.open(arg, 0);
        } catch (err) {
          const errno = (err as { errno?: number }).errno ?? 0;
          throw new AwkFatal(`cannot open ${arg} (${this.libc.strerror(errno)})`);
        }
      }
      return this.startFile(fd, arg);
    }
    if (this.usedFile) return false;
    this.usedFile = true;
    return this.startFile(0, "-");
  }

  private startFile(fd: number, name: string): boolean {
    this.main = new RecordReader(this.libc, fd);
    this.setVar("FILENAME", name);
    this.setVar("FNR", 0);
    return true;
  }

  /** A `var=value` operand or -v assignment: escapes processed, numeric strings recognized. */
  assignOperand(name: string, value: string): void {
    const c = this.g(name);
    if (c.v instanceof Map) throw new AwkFatal(`can't assign to array ${name}`);
    c.v = maybeNum(rmEscape(value));
  }

  // -- statements -------------------------------------------------------------

  private async execList(list: Stmt[]): Promise<number> {
    for (const s of list) {
      const r = await this.exec(s);
      if (r !== NORMAL) return r;
    }
    return NORMAL;
  }

  private async exec(s: Stmt): Promise<number> {
    switch (s.k) {
      case "expr":
        await this.eval(s.e);
        return NORMAL;
      case "print":
      case "printf":
        await this.print(s);
        return NORMAL;
      case "block":
        return this.execList(s.body);
      case "if":
        if (toBool(await this.eval(s.c))) return this.exec(s.t);
        return s.f ? this.exec(s.f) : NORMAL;
      case "while":
        while (toBool(await this.eval(s.c))) {
          const r = await this.exec(s.body);
          if (r === BREAK) break;
          if (r === RETURN) return r;
        }
        return NORMAL;
      case "do":
        do {
          const r = await this.exec(s.body);
          if (r === BREAK) break;
          if (r === RETURN) return r;
        } while (toBool(await this.eval(s.c)));
        return NORMAL;
      case "for":
        if (s.init) await this.eval(s.init);
        while (!s.c || toBool(await this.eval(s.c))) {
          const r = await this.exec(s.body);
          if (r === BREAK) break;
          if (r === RETURN) return r;
          if (s.step) await this.eval(s.step);
        }
        return NORMAL;
      case "forin": {
        const a = this.arrayCell(this.cellOf(s.arr));
        for (const key of [...a.keys()]) {
          (await this.ref(s.v)).set(key);
          const r = await this.exec(s.body);
          if (r === BREAK) break;
          if (r === RETURN) return r;
        }
        return NORMAL;
      }
      case "next":
        throw new AwkNext();
      case "break":
        return BREAK;
      case "continue":
        return CONTINUE;
      case "return":
        this.retVal = s.e ? await this.eval(s.e) : UNINIT;
        return RETURN;
      case "exit":
        if (s.e) this.exitCode = dToI(toNum(await this.eval(s.e))) & 0xff;
        throw new AwkExit(this.exitCode);
      case "delete": {
        const a = this.arrayCell(this.cellOf(s.arr));
        if (s.subs) a.delete(await this.subscript(s.subs));
        else a.clear();
        return NORMAL;
      }
    }
  }

  private async print(s: Extract<Stmt, { k: "print" | "printf" }>): Promise<void> {
    const vals: Val[] = [];
    for (const a of s.args) vals.push(await this.eval(a));
    let text: string;
    if (s.k === "printf") {
      try {
        text = awkSprintf("printf", toStr(vals[0], this.convfmt()), vals.slice(1), this.convfmt());
      } catch (e) {
        if (e instanceof AwkRuntimeError && e.partial && !s.dest)
          await this.streams.write({ file: this.libc.stdout, fd: 1 }, e.partial);
        throw e;
      }
    } else if (!vals.length) text = this.record + this.sv("ORS");
    else {
      const ofmt = this.sv("OFMT");
      const strs = vals.map((v) => (typeof v === "number" ? numToStr(v, ofmt) : toStr(v, "")));
      text = strs.join(this.sv("OFS")) + this.sv("ORS");
    }
    if (!s.dest) {
      await this.streams.write({ file: this.libc.stdout, fd: 1 }, text);
      return;
    }
    const name = toStr(await this.eval(s.dest.e), this.convfmt());
    let out: Awaited<ReturnType<Streams["output"]>>;
    try {
      out = await this.streams.output(name, s.dest.mode);
    } catch (err) {
      const errno = (err as { errno?: number }).errno ?? 0;
      const how = s.dest.mode === "|" ? "pipe" : "output";
      throw new AwkFatal(`cannot open "${name}" for ${how} (${this.libc.strerror(errno)})`);
    }
    await this.streams.write(out, text);
  }

  // -- the program ------------------------------------------------------------

  /** Runs BEGIN, the main loop and END; returns the exit status. */
  async run(): Promise<number> {
    let exiting = false;
    try {
      for (const b of this.prog.begin) await this.execAction(b);
    } catch (e) {
      if (!(e instanceof AwkExit)) throw e;
      exiting = true;
    }
    if (!exiting && (this.prog.items.length || this.prog.end.length)) {
      try {
        await this.mainLoop();
      } catch (e) {
        if (!(e instanceof AwkExit)) throw e;
      }
    }
    try {
      for (const b of this.prog.end) await this.execAction(b);
    } catch (e) {
      if (!(e instanceof AwkExit)) throw e;
    }
    return this.exitCode;
  }

  private async execAction(body: Stmt[]): Promise<void> {
    await this.execList(body);
  }

  private async mainLoop(): Promise<void> {
    const items = this.prog.items;
    for (;;) {
      const rec = await this.nextMainRecord();
      if (rec === null) return;
      this.bumpNR(true);
      this.setRecord(rec);
      try {
        for (let i = 0; i < items.length; i++) {
          const it = items[i];
          if (!(await this.matches(i))) continue;
          if (it.body === null) {
            await this.streams.write(
              { file: this.libc.stdout, fd: 1 },
              this.record + this.sv("ORS"),
            );
          } else await this.execList(it.body);
        }
      } catch (e) {
        if (!(e instanceof AwkNext)) throw e;
      }
    }
  }

  private async matches(i: number): Promise<boolean> {
    const it = this.prog.items[i];
    if (!it.pattern) return true;
    if (!it.end) return toBool(await this.eval(it.pattern));
    if (!this.inRange[i]) {
      if (!toBool(await this.eval(it.pattern))) return false;
      this.inRange[i] = true;
    }
    if (toBool(await this.eval(it.end))) this.inRange[i] = false;
    return true;
  }
}

/** A fatal error outside run-time error reporting ("mawk: cannot open ..."), exit 2. */
export class AwkFatal {
  constructor(readonly message: string) {}
}

function arith(op: string, a: number, b: number): number {
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      return a / b;
    case "%":
      return a % b;
    default:
      return a ** b;
  }
}

export { AwkRuntimeError };
