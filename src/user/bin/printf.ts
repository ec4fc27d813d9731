/**
 * printf(1), the /usr/bin/printf of GNU coreutils 8.28: format and print data. The format
 * is reused while arguments remain; escapes (\n, \NNN, \xHH, \uHHHH, \c ...) in the format;
 * %b (escapes in the argument), %q (shell-quoted), %c %s and the numeric conversions with
 * flags, width and precision (also `*`). Numbers are read as coreutils' vstrtoimax()/strtold()
 * do, with its diagnostics; each directive is formatted by src/lib/vsprintf.ts (glibc printf).
 */

import { format } from "../../lib/vsprintf.ts";
import { quote, tryHelp, utf8Locale } from "../lib/coreutils.ts";
import { argBytes, byteStr, finish, out, warn } from "../lib/io.ts";
import { quotearg } from "../lib/quote.ts";
import type { Libc } from "../libc/libc.ts";

const enc = new TextEncoder();

class Stop extends Error {}

/** A code point as UTF-8 bytes (a byte string). */
function utf8(cp: number): string {
  return byteStr(enc.encode(String.fromCodePoint(cp)));
}

/**
 * Mirrors printf.c:print_esc(): one escape at s[i] === "\\"; returns [text, next index].
 * `octal0`: %b's rule (\0NNN; \NNN also accepted).
 */
function printEsc(s: string, i: number, octal0: boolean): [string, number] {
  let p = i + 1;
  const c = s[p];
  const simple: Record<string, string> = {
    '"': '"',
    "\\": "\\",
    a: "\x07",
    b: "\b",
    e: "\x1b",
    f: "\f",
    n: "\n",
    r: "\r",
    t: "\t",
    v: "\v",
  };
  if (c === "x") {
    const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(p + 1));
    if (!m) throw new PrintfError("missing hexadecimal number in escape");
    return [String.fromCharCode(Number.parseInt(m[0], 16)), p + 1 + m[0].length];
  }
  if (c !== undefined && c >= "0" && c <= "7") {
    if (octal0 && c === "0") p++;
    const m = /^[0-7]{0,3}/.exec(s.slice(p)) as RegExpExecArray;
    return [String.fromCharCode(Number.parseInt(m[0] || "0", 8) & 0xff), p + m[0].length];
  }
  if (c === "u" || c === "U") {
    const n = c === "u" ? 4 : 8;
    const h = s.slice(p + 1, p + 1 + n);
    if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h))
      throw new PrintfError("missing hexadecimal number in escape");
    const cp = Number.parseInt(h, 16);
    if ((cp < 0xa0 && cp !== 0x24 && cp !== 0x40 && cp !== 0x60) || (cp >= 0xd800 && cp <= 0xdfff))
      throw new PrintfError(`invalid universal character name \\${c}${h}`);
    return [utf8(cp), p + 1 + n];
  }
  if (c === "c") throw new Stop();
  if (c !== undefined && c in simple) return [simple[c], p + 1];
  if (c === undefined) return ["\\", p];
  return [`\\${c}`, p + 1];
}

class PrintfError extends Error {}

interface NumResult {
  value: bigint | number;
  error?: string;
}

/** Mirrors printf.c:vstrtoimax()/vstrtoumax() and verify_numeric(). */
function parseInt64(s: string, unsigned: boolean): NumResult {
  if (s.length > 1 && (s[0] === "'" || s[0] === '"')) {
    const cs = new TextDecoder().decode(Uint8Array.from(s.slice(1), (ch) => ch.charCodeAt(0)));
    const cp = cs.codePointAt(0) ?? 0;
    const rest = cs.slice(String.fromCodePoint(cp).length);
    return {
      value: BigInt(cp),
      error: rest
        ? "warning: characters following character constant have been ignored"
        : undefined,
    };
  }
  const m = /^[ \t\n\v\f\r]*([-+]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(s);
  if (!m) {
    if (s === "") return { value: 0n };
    return { value: 0n, error: "expected a numeric value" };
  }
  const neg = m[1] === "-";
  const body = m[2];
  let v =
    body.startsWith("0x") || body.startsWith("0X")
      ? BigInt(body)
      : body.length > 1 && body[0] === "0"
        ? BigInt(`0o${body.slice(1)}`)
        : BigInt(body);
  let error: string | undefined;
  const max = unsigned ? (1n << 64n) - 1n : (1n << 63n) - 1n;
  if (v > max + (neg && !unsigned ? 1n : 0n)) {
    v = neg && !unsigned ? max + 1n : max;
    error = "Numerical result out of range";
  }
  if (neg) v = unsigned ? BigInt.asUintN(64, -v) : -v;
  if (!error && m[0].length < s.length) error = "value not completely converted";
  return { value: v, error };
}

/** Mirrors vstrtold() for the floating conversions. */
function parseFloatArg(s: string): NumResult {
  if (s.length > 1 && (s[0] === "'" || s[0] === '"')) return parseInt64(s, false);
  const m =
    /^[ \t\n\v\f\r]*([-+]?(?:inf(?:inity)?|nan(?:\([0-9a-zA-Z_]*\))?|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][-+]?[0-9]+)?|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?))/i.exec(
      s,
    );
  if (!m) return { value: 0, error: s === "" ? undefined : "expected a numeric value" };
  const t = m[1];
  let v: number;
  if (/inf/i.test(t)) v = t.startsWith("-") ? -Infinity : Infinity;
  else if (/nan/i.test(t)) v = Number.NaN;
  else if (/0x/i.test(t)) v = parseHexFloat(t);
  else v = Number(t);
  return { value: v, error: m[0].length < s.length ? "value not completely converted" : undefined };
}

function parseHexFloat(t: string): number {
  const m = /^([-+]?)0x([0-9a-f]*)\.?([0-9a-f]*)(?:p([-+]?[0-9]+))?$/i.exec(t);
  if (!m) return 0;
  const mant = Number.parseInt(`${m[2] || "0"}${m[3]}`, 16);
  const v = mant * 2 ** (Number(m[4] ?? 0) - 4 * m[3].length);
  return m[1] === "-" ? -v : v;
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = argv[0] ?? "printf";
  let args = argv.slice(1);
  if (args.length === 1 && args[0] === "--help") {
    await out(libc, `Usage: ${prog} FORMAT [ARGUMENT]...\n  or:  ${prog} OPTION\n`);
    return 0;
  }
  if (args.length === 1 && args[0] === "--version") {
    await out(libc, "printf (GNU coreutils) 8.28\n");
    return 0;
  }
  if (args[0] === "--") args = args.slice(1);
  if (!args.length) {
    await warn(libc, prog, "missing operand");
    await libc.stderr.write(tryHelp(prog));
    return 1;
  }
  const fmt = argBytes(args[0]);
  const rest = args.slice(1).map(argBytes);
  let status = 0;
  let ai = 0;
  const next = (): string | undefined => (ai < rest.length ? rest[ai++] : undefined);
  const numArg = async (conv: string): Promise<bigint | number> => {
    const a = next();
    if (a === undefined) return "eEfFgGaA".includes(conv) ? 0 : 0n;
    const r = "eEfFgGaA".includes(conv) ? parseFloatArg(a) : parseInt64(a, "ouxX".includes(conv));
    if (r.error) {
      if (r.error.startsWith("warning:")) await warn(libc, prog, r.error);
      else {
        await warn(libc, prog, `${quote(libc, a)}: ${r.error}`);
        status = 1;
      }
    }
    return r.value;
  };
  try {
    for (;;) {
      const before = ai;
      await printOnce();
      if (ai >= rest.length || ai === before) break;
    }
    if (ai < rest.length)
      await warn(
        libc,
        prog,
        `warning: ignoring excess arguments, starting with ${quote(libc, rest[ai])}`,
      );
  } catch (e) {
    if (e instanceof Stop) return finish(libc, prog, status);
    if (e instanceof PrintfError) {
      await libc.stdout.flush().catch(() => {});
      await warn(libc, prog, e.message);
      return 1;
    }
    throw e;
  }
  return finish(libc, prog, status);

  /** Mirrors printf.c:print_formatted(): one pass over the format. */
  async function printOnce(): Promise<void> {
    let o = "";
    const emit = async () => {
      if (o) await out(libc, o);
      o = "";
    };
    for (let i = 0; i < fmt.length; ) {
      const c = fmt[i];
      if (c === "\\") {
        let t: string;
        try {
          [t, i] = printEsc(fmt, i, false);
        } catch (e) {
          await emit();
          throw e;
        }
        o += t;
        continue;
      }
      if (c !== "%") {
        o += c;
        i++;
        continue;
      }
      const start = i;
      i++;
      if (fmt[i] === "%") {
        o += "%";
        i++;
        continue;
      }
      let flags = "";
      while (i < fmt.length && "-+ #0'".includes(fmt[i])) flags += fmt[i++];
      let width = "";
      if (fmt[i] === "*") {
        i++;
        width = String(Number(BigInt.asIntN(32, BigInt(await numArg("d")))));
      } else while (fmt[i] >= "0" && fmt[i] <= "9") width += fmt[i++];
      let prec = "";
      if (fmt[i] === ".") {
        i++;
        prec = ".";
        if (fmt[i] === "*") {
          i++;
          const p = Number(BigInt.asIntN(32, BigInt(await numArg("d"))));
          prec = p < 0 ? "" : `.${p}`;
        } else while (fmt[i] >= "0" && fmt[i] <= "9") prec += fmt[i++];
      }
      while (i < fmt.length && "hlLjzt".includes(fmt[i])) i++;
      const conv = fmt[i];
      if (conv === undefined || !"diouxXfFeEgGaAcsbq".includes(conv)) {
        await emit();
        throw new PrintfError(`${fmt.slice(start, i + 1)}: invalid conversion specification`);
      }
      i++;
      const spec = `%${flags}${width}${prec}`;
      if ("diouxX".includes(conv)) o += format(`${spec}j${conv}`, [await numArg(conv)]);
      else if ("fFeEgGaA".includes(conv)) o += format(`${spec}L${conv}`, [await numArg(conv)]);
      else if (conv === "c") o += format(`${spec}c`, [(next() ?? "\0")[0] ?? "\0"]);
      else if (conv === "s") o += format(`${spec}s`, [next() ?? ""]);
      else if (conv === "q") {
        const q = quotearg(next() ?? "", "shell-escape", { utf8: utf8Locale(libc) });
        o += format(`${spec}s`, [argBytes(q)]);
      } else {
        // %b: the argument's escapes, \c ends everything.
        const a = next() ?? "";
        let t = "";
        for (let j = 0; j < a.length; ) {
          if (a[j] === "\\") {
            let x: string;
            try {
              [x, j] = printEsc(a, j, true);
            } catch (e) {
              if (e instanceof Stop) {
                o += format(`${spec}s`, [t]);
                await emit();
              }
              throw e;
            }
            t += x;
          } else t += a[j++];
        }
        o += format(`${spec}s`, [t]);
      }
    }
    await emit();
  }
}
