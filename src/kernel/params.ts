/**
 * Module parameters (kernel/params.c): typed values set from insmod's arguments
 * and read/written through /sys/module/<mod>/parameters/<name>.
 */
import { EINVAL, ENOENT } from "../include/uapi/errno.ts";
import {
  kstrtobool,
  kstrtoint,
  kstrtol,
  kstrtos16,
  kstrtou8,
  kstrtou16,
  kstrtouint,
  kstrtoul,
} from "../lib/kstrtox.ts";

export type ParamType =
  | "int"
  | "uint"
  | "long"
  | "ulong"
  | "short"
  | "ushort"
  | "byte"
  | "bool"
  | "invbool"
  | "charp";
export type ParamValue = number | bigint | boolean | string | null;

export interface ModuleParamSpec {
  type: ParamType;
  /** Permissions of /sys/module/<mod>/parameters/<name>; 0 means no file. */
  perm: number;
  /** MODULE_PARM_DESC */
  desc?: string;
  default?: ParamValue;
}

function defaultOf(t: ParamType): ParamValue {
  switch (t) {
    case "bool":
    case "invbool":
      return false;
    case "charp":
      return null;
    case "long":
    case "ulong":
      return 0n;
    default:
      return 0;
  }
}

/** Mirrors param_set_<type>(): parse as the kernel's kstrto* with base 0. */
export function param_set(type: ParamType, val: string): { err: number; value?: ParamValue } {
  const ok = <T extends ParamValue>(r: { err: number; value?: T }) =>
    r.err ? { err: r.err } : { err: 0, value: r.value as ParamValue };
  switch (type) {
    case "int":
      return ok(kstrtoint(val, 0));
    case "uint":
      return ok(kstrtouint(val, 0));
    case "long":
      return ok(kstrtol(val, 0));
    case "ulong":
      return ok(kstrtoul(val, 0));
    case "short":
      return ok(kstrtos16(val, 0));
    case "ushort":
      return ok(kstrtou16(val, 0));
    case "byte":
      return ok(kstrtou8(val, 0));
    case "bool": {
      // param_set_bool(): no value means "y".
      if (val === "") return { err: 0, value: true };
      return ok(kstrtobool(val));
    }
    case "invbool": {
      const r = kstrtobool(val === "" ? "y" : val);
      return r.err ? { err: r.err } : { err: 0, value: !r.value };
    }
    case "charp":
      if (val.length > 1024) return { err: -28 }; // -ENOSPC
      return { err: 0, value: val };
  }
}

/** Mirrors param_get_<type>(): the text of /sys/module/.../parameters/<name>. */
export function param_get(type: ParamType, v: ParamValue): string {
  switch (type) {
    case "bool":
      return v ? "Y\n" : "N\n";
    case "invbool":
      return v ? "N\n" : "Y\n";
    case "charp":
      return `${v ?? "(null)"}\n`;
    default:
      return `${v}\n`;
  }
}

/** The parameters of one loaded module. */
export class ParamStore {
  readonly values: Record<string, ParamValue> = {};

  constructor(readonly specs: Record<string, ModuleParamSpec>) {
    for (const [k, s] of Object.entries(specs)) this.values[k] = s.default ?? defaultOf(s.type);
  }

  set(name: string, val: string): number {
    const spec = this.specs[name];
    if (!spec) return -ENOENT;
    const r = param_set(spec.type, val);
    if (r.err) return r.err;
    this.values[name] = r.value ?? null;
    return 0;
  }
}

/** Splits insmod's "a=1 b='x y'" arguments (next_arg() of kernel/params.c). */
export function parse_args(args: string): { name: string; value: string | null }[] | number {
  const out: { name: string; value: string | null }[] = [];
  let i = 0;
  while (i < args.length) {
    while (i < args.length && /\s/.test(args[i])) i++;
    if (i >= args.length) break;
    let inQuote = false;
    let tok = "";
    for (; i < args.length; i++) {
      const c = args[i];
      if (c === '"') {
        inQuote = !inQuote;
        continue;
      }
      if (!inQuote && /\s/.test(c)) break;
      tok += c;
    }
    if (inQuote) return -EINVAL;
    const eq = tok.indexOf("=");
    out.push(
      eq < 0 ? { name: tok, value: null } : { name: tok.slice(0, eq), value: tok.slice(eq + 1) },
    );
  }
  return out;
}
