/**
 * printk() and the pr_*() family as drivers use them (include/linux/printk.h).
 * Messages of a module get its prefix: `<module>: ` by default, or what the
 * module's own pr_fmt makes of KBUILD_MODNAME and __func__.
 */
import { format, formatFull, type PrintfArg } from "../lib/vsprintf.ts";
import { formatFast } from "../lib/vsprintf_fast.ts";
import { cpu, this_kernel } from "./context.ts";
import { LOG_KERN, MESSAGE_LOGLEVEL_DEFAULT, printk_get_level } from "./printk.ts";

const SKIP = /^(callerFunc|callerFuncSlow|prefixOf|emit|pr_\w+|printk|dev_\w+)$/;

interface CallSiteLike {
  getFunctionName(): string | null;
}
/** V8's stack-trace API (Node, Chrome); other engines may lack some or all of it. */
type V8ErrorConstructor = ErrorConstructor & {
  prepareStackTrace?: (e: Error, sites: CallSiteLike[]) => unknown;
  captureStackTrace?: (target: object, constructorOpt?: (...args: never[]) => unknown) => void;
};

/** Hands V8's structured call sites back as they are, so no stack text is ever formatted. */
function returnSites(_e: Error, sites: CallSiteLike[]): unknown {
  return sites;
}

/** Where callerFunc() has V8 capture the stack (reused: capturing allocates nothing else). */
const holder: { stack?: unknown } = {};

/** A function name as __func__ spells it: `Class.method` and `obj.method` give `method`. */
function funcName(name: string | null): string {
  if (!name) return "";
  const dot = name.lastIndexOf(".");
  return dot < 0 ? name : name.slice(dot + 1);
}

/**
 * The name of the function that called the pr_*() helper `entry` (__func__). On V8, one
 * frame is captured below `entry` (Error.captureStackTrace with a stack trace limit of 1)
 * and its name read from the structured call site; both globals are restored at once.
 * When that frame has no usable name (an anonymous callback) or the engine lacks the
 * API, the caller is found as before, by walking a longer stack: see callerFuncSlow().
 */
function callerFunc(entry: (...args: never[]) => unknown): string {
  const E = Error as V8ErrorConstructor;
  if (typeof E.captureStackTrace === "function") {
    const limit = E.stackTraceLimit;
    const prepare = E.prepareStackTrace;
    let raw: unknown;
    try {
      E.stackTraceLimit = 1;
      E.prepareStackTrace = returnSites;
      E.captureStackTrace(holder, entry);
      raw = holder.stack;
    } finally {
      E.prepareStackTrace = prepare;
      E.stackTraceLimit = limit;
      holder.stack = undefined;
    }
    if (Array.isArray(raw) && raw.length) {
      const name = funcName((raw[0] as CallSiteLike).getFunctionName());
      if (name && !SKIP.test(name)) return name;
    }
  }
  return callerFuncSlow();
}

/**
 * callerFunc() the long way: the first named frame of the stack that is not printk's own.
 * On V8 the structured call sites are read directly (no string formatting, no source-map
 * lookups); elsewhere the stack text is parsed.
 */
function callerFuncSlow(): string {
  const E = Error as V8ErrorConstructor;
  const limit = Error.stackTraceLimit;
  const prepare = E.prepareStackTrace;
  Error.stackTraceLimit = 8;
  E.prepareStackTrace = returnSites;
  const raw = (new Error() as { stack?: unknown }).stack;
  E.prepareStackTrace = prepare;
  Error.stackTraceLimit = limit;
  if (Array.isArray(raw)) {
    for (const site of raw as CallSiteLike[]) {
      const name = funcName(site.getFunctionName());
      if (name && !SKIP.test(name)) return name;
    }
    return "?";
  }
  for (const f of String(raw ?? "")
    .split("\n")
    .slice(1)) {
    const m = /^\s*at (?:async )?([^\s(]+)/.exec(f) ?? /^([^@\s]+)@/.exec(f);
    if (!m) continue;
    const name = m[1].split(".").pop() ?? "";
    if (!SKIP.test(name)) return name;
  }
  return "?";
}

/**
 * The prefix pr_fmt() puts before a module's message, or "" for kernel code. In C it
 * is pasted onto the format at compile time; here it is printed before the formatted
 * message, which gives the same bytes as long as the prefix holds no '%' (it is then
 * made part of the format, as before).
 */
function prefixOf(entry: (...args: never[]) => unknown): string {
  const mod = cpu.module;
  if (!mod) return "";
  const pf = mod.def.pr_fmt;
  return pf ? pf(mod.name, callerFunc(entry)) : mod.prFmtDefault;
}

/** Formats and stores one message: `prefix` is pr_fmt's text, printed as is. */
function emit(level: number | "c" | null, prefix: string, fmt: string, args: PrintfArg[]): number {
  const k = this_kernel();
  let text: string;
  // Known complete when the fast path formatted it and the format ends with its newline
  // (the last piece is then that literal text); otherwise the ring looks at the text.
  let complete: boolean | undefined;
  if (prefix.indexOf("%") < 0) {
    const fast = formatFast(fmt, args);
    if (fast !== null) {
      text = prefix + fast;
      if (fmt.charCodeAt(fmt.length - 1) === 10) complete = true;
    } else text = prefix + formatFull(fmt, args, KERNEL);
  } else text = format(prefix + fmt, args, KERNEL);
  const lvl =
    level === null ? MESSAGE_LOGLEVEL_DEFAULT : level === "c" ? MESSAGE_LOGLEVEL_DEFAULT : level;
  k.log.store(lvl, LOG_KERN, text, level === "c", complete);
  if (k.options.console && typeof lvl === "number" && lvl < k.sysctl.printk[0])
    k.options.console(text);
  return text.length;
}

const KERNEL = { kernel: true } as const;

/** Mirrors printk(): an optional KERN_<LEVEL> prefix, then a format. No module prefix is added. */
export function printk(fmt: string, ...args: PrintfArg[]): number {
  const { level, rest } = printk_get_level(fmt);
  return emit(level, "", rest, args);
}

// Each helper is its own named function: callerFunc() finds __func__ as the frame below it.
export function pr_emerg(fmt: string, ...a: PrintfArg[]): number {
  return emit(0, prefixOf(pr_emerg), fmt, a);
}
export function pr_alert(fmt: string, ...a: PrintfArg[]): number {
  return emit(1, prefixOf(pr_alert), fmt, a);
}
export function pr_crit(fmt: string, ...a: PrintfArg[]): number {
  return emit(2, prefixOf(pr_crit), fmt, a);
}
export function pr_err(fmt: string, ...a: PrintfArg[]): number {
  return emit(3, prefixOf(pr_err), fmt, a);
}
export function pr_warn(fmt: string, ...a: PrintfArg[]): number {
  return emit(4, prefixOf(pr_warn), fmt, a);
}
export const pr_warning = pr_warn;
export function pr_notice(fmt: string, ...a: PrintfArg[]): number {
  return emit(5, prefixOf(pr_notice), fmt, a);
}
export function pr_info(fmt: string, ...a: PrintfArg[]): number {
  return emit(6, prefixOf(pr_info), fmt, a);
}
/** KERN_CONT: continues the previous message. */
export function pr_cont(fmt: string, ...a: PrintfArg[]): number {
  return emit("c", "", fmt, a);
}

/** Mirrors pr_debug(): printed only when the module is built with DEBUG defined. */
export function pr_debug(fmt: string, ...a: PrintfArg[]): number {
  if (!cpu.module?.def.debug) return 0;
  return emit(7, prefixOf(pr_debug), fmt, a);
}
export const pr_devel = pr_debug;
