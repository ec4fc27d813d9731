/**
 * File-name quoting as GNU coreutils does it: a port of gnulib lib/quotearg.c
 * (quotearg_buffer_restyled()) as shipped with coreutils 8.28, plus the helpers coreutils
 * calls everywhere: quote() (locale style: 'x' in the C locale, ‘x’ in a UTF-8 one),
 * quoteaf() (shell-escape-always: file names in error messages, `ls: cannot access 'x'`) and
 * quotef() (shell-escape, only when needed, with ':' quoted too: `cat: x: ...`).
 *
 * Version note: gnulib after 2023 (coreutils 9.4+, also this machine's 9.1 build) renders a
 * name holding an apostrophe as "it's"; 8.28 gives 'it'\''s', which is what we print.
 */

export type QuotingStyle =
  | "literal"
  | "shell"
  | "shell-always"
  | "shell-escape"
  | "shell-escape-always"
  | "c"
  | "c-maybe"
  | "escape"
  | "locale"
  | "clocale";

export const QUOTING_STYLES: readonly QuotingStyle[] = [
  "literal",
  "shell",
  "shell-always",
  "shell-escape",
  "shell-escape-always",
  "c",
  "c-maybe",
  "escape",
  "locale",
  "clocale",
];

export interface QuoteOptions {
  /** The locale's charset is UTF-8 (multibyte characters are printable, not escaped). */
  utf8: boolean;
  /** Extra characters to quote (set_char_quoting()), e.g. ":" for quotef(). */
  quoteTheseToo?: string;
}

const enc = new TextEncoder();

/** C isprint() in the C locale. */
function isPrintAscii(c: number): boolean {
  return c >= 0x20 && c < 0x7f;
}

/** c32isprint() of a non-ASCII code point in a UTF-8 locale: not a C1 control. */
function isPrintWide(cp: number): boolean {
  return cp >= 0xa0 && cp !== 0xfffe && cp !== 0xffff && !(cp >= 0xd800 && cp < 0xe000);
}

const SHELL_SPECIAL = new Set('!"$&()*;<=>[^`|');
const SAFE = new Set("%+,-./0123456789:ABCDEFGHIJKLMNOPQRSTUVWXYZ]_abcdefghijklmnopqrstuvwxyz");

/** One character of the argument as quotearg sees it: a byte, or a whole multibyte character. */
interface Unit {
  /** The text to copy when the unit is stored raw. */
  text: string;
  /** Its code point (a byte ≥ 0x80 in the C locale). */
  cp: number;
  /** Its bytes, each escaped as \ooo when unprintable. */
  bytes: number[];
  printable: boolean;
}

function units(arg: string, utf8: boolean): Unit[] {
  const out: Unit[] = [];
  for (const ch of arg) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      out.push({ text: ch, cp, bytes: [cp], printable: isPrintAscii(cp) });
    } else if (utf8) {
      out.push({ text: ch, cp, bytes: Array.from(enc.encode(ch)), printable: isPrintWide(cp) });
    } else {
      // The C locale is unibyte: every byte of the UTF-8 sequence is its own unprintable char.
      enc
        .encode(ch)
        .forEach((b, i) =>
          out.push({ text: i === 0 ? ch : "", cp: b, bytes: [b], printable: false }),
        );
    }
  }
  return out;
}

const FORCE = Symbol("force");

/**
 * Mirrors gnulib lib/quotearg.c:quotearg_buffer_restyled(). `elide` is QA_ELIDE_OUTER_QUOTES,
 * set for the "quote only if needed" styles; when a character needs quoting the function
 * starts over with outer quotes (its force_outer_quoting_style label).
 */
function restyled(
  arg: string,
  styleIn: QuotingStyle,
  elideIn: boolean,
  quoteThese: string | undefined,
  utf8: boolean,
): string {
  let style = styleIn;
  let elide = elideIn;
  let out = "";
  let quoteString = "";
  let backslash = false;
  let pendingShellEscapeEnd = false;

  switch (style) {
    case "c-maybe":
    case "c":
      if (style === "c-maybe") elide = true;
      style = "c";
      if (!elide) out += '"';
      backslash = true;
      quoteString = '"';
      break;
    case "escape":
      backslash = true;
      elide = false;
      break;
    case "locale":
    case "clocale": {
      // gettext_quote(): U+2018/U+2019 in a UTF-8 locale, else ASCII.
      const left = utf8 ? "\u2018" : style === "clocale" ? '"' : "'";
      const right = utf8 ? "\u2019" : style === "clocale" ? '"' : "'";
      if (!elide) out += left;
      backslash = true;
      quoteString = right;
      break;
    }
    case "shell-escape":
    case "shell":
    case "shell-escape-always":
    case "shell-always":
      if (style === "shell-escape") backslash = true;
      if (style === "shell-escape" || style === "shell") elide = true;
      if (style === "shell-escape-always" && !elide) backslash = true;
      style = "shell-always";
      if (!elide) out += "'";
      quoteString = "'";
      break;
    case "literal":
      elide = false;
      break;
  }
  const shellAlways = style === "shell-always";
  const list = units(arg, utf8);

  const run = (): typeof FORCE | undefined => {
    for (let i = 0; i < list.length; i++) {
      const u = list[i];
      let c = u.text;
      let isRightQuote = false;
      let escaping = false;
      const startEsc = (): boolean => {
        if (elide) return false;
        escaping = true;
        if (shellAlways && !pendingShellEscapeEnd) {
          out += "'$'";
          pendingShellEscapeEnd = true;
        }
        out += "\\";
        return true;
      };
      const endEsc = () => {
        if (pendingShellEscapeEnd && !escaping) {
          out += "''";
          pendingShellEscapeEnd = false;
        }
      };
      if (
        backslash &&
        !shellAlways &&
        quoteString &&
        list
          .slice(i, i + quoteString.length)
          .map((x) => x.text)
          .join("") === quoteString
      ) {
        if (elide) return FORCE;
        isRightQuote = true;
      }
      // What to do after the switch: copy c, escape c, or test quote_these_too first.
      let action: "store" | "escape" | "check" = "check";
      const cEscape = (esc: string) => {
        if (backslash) {
          c = esc;
          action = "escape";
        }
      };
      switch (u.cp) {
        case 0x3f /* ? */:
          if (shellAlways && elide) return FORCE;
          break;
        case 0x07:
          cEscape("a");
          break;
        case 0x08:
          cEscape("b");
          break;
        case 0x0c:
          cEscape("f");
          break;
        case 0x0b:
          cEscape("v");
          break;
        case 0x0a:
        case 0x0d:
        case 0x09:
          if (shellAlways && elide) return FORCE;
          cEscape(u.cp === 0x0a ? "n" : u.cp === 0x0d ? "r" : "t");
          break;
        case 0x5c /* \\ */:
          if (shellAlways) {
            if (elide) return FORCE;
            action = "store";
            break;
          }
          if (backslash && elide && quoteString) {
            action = "store";
            break;
          }
          cEscape("\\");
          break;
        case 0x27 /* ' */:
          if (shellAlways) {
            if (elide) return FORCE;
            out += "'\\'";
            pendingShellEscapeEnd = false;
          }
          break;
        default: {
          const isolated = list.length === 1;
          let special = SHELL_SPECIAL.has(c) || c === " ";
          if ((c === "{" || c === "}") && isolated && i === 0) special = true;
          if ((c === "#" || c === "~") && i === 0) special = true;
          if (special) {
            if (shellAlways && elide) return FORCE;
            break;
          }
          if (SAFE.has(c) || c === "{" || c === "}" || c === "#" || c === "~") break;
          // Control characters and multibyte characters.
          if (u.bytes.length > 1 || (backslash && !u.printable)) {
            if (backslash && !u.printable) {
              for (let b = 0; b < u.bytes.length; b++) {
                if (!startEsc()) return FORCE;
                const oct = u.bytes[b].toString(8).padStart(3, "0");
                if (b === u.bytes.length - 1) c = oct;
                else out += oct;
              }
            } else if (isRightQuote) {
              out += "\\";
            }
            action = "store";
          }
          break;
        }
      }
      if (action === "check") {
        const extra =
          ((backslash && !shellAlways) || elide) &&
          quoteThese !== undefined &&
          quoteThese.includes(c);
        action = extra || isRightQuote ? "escape" : "store";
      }
      if (action === "escape" && !startEsc()) return FORCE;
      endEsc();
      out += c;
    }
    if (out.length === 0 && shellAlways && elide) return FORCE;
    return undefined;
  };

  if (run() === FORCE) {
    const next: QuotingStyle = shellAlways && backslash ? "shell-escape-always" : style;
    return restyled(arg, next, false, undefined, utf8);
  }
  if (quoteString && !elide) out += quoteString;
  return out;
}

/** Characters no style ever changes (quotearg.c's "cannot cause problems" list). */
const PLAIN = /^[%+,\-./0-9:A-Z\]_a-z]+$/;

/** quotearg_style(): `arg` quoted in `style`. */
export function quotearg(arg: string, style: QuotingStyle, opts: QuoteOptions): string {
  // Fast paths (ls quotes every name it prints): nothing to escape or force.
  if (style === "literal") return arg;
  if (
    PLAIN.test(arg) &&
    !(opts.quoteTheseToo && [...opts.quoteTheseToo].some((c) => arg.includes(c)))
  ) {
    switch (style) {
      case "shell":
      case "shell-escape":
      case "c-maybe":
      case "escape":
        return arg;
      case "shell-always":
      case "shell-escape-always":
        return `'${arg}'`;
      case "c":
        return `"${arg}"`;
      case "clocale":
        return opts.utf8 ? `\u2018${arg}\u2019` : `"${arg}"`;
      case "locale":
        return opts.utf8 ? `\u2018${arg}\u2019` : `'${arg}'`;
    }
  }
  return restyled(arg, style, false, opts.quoteTheseToo, opts.utf8);
}

/** Whether the locale environment (LC_ALL, LC_CTYPE, LANG) names a UTF-8 charset. */
export function localeIsUtf8(getenv: (name: string) => string | undefined): boolean {
  const loc = getenv("LC_ALL") || getenv("LC_CTYPE") || getenv("LANG") || "";
  return /utf-?8/i.test(loc);
}

/** The quoting helpers of one running program (its locale fixed at start). */
export class Quoter {
  constructor(readonly utf8: boolean) {}

  /** quote(): locale quotes ('x' or ‘x’), for option values and other non-file words. */
  quote(s: string): string {
    return quotearg(s, "locale", { utf8: this.utf8 });
  }

  /** quoteaf(): always quoted shell-escape style, for file names in diagnostics. */
  quoteaf(s: string): string {
    return quotearg(s, "shell-escape-always", { utf8: this.utf8 });
  }

  /** quotef(): shell-escape style only when needed, colons quoted (`cat: a:b` → 'a:b'). */
  quotef(s: string): string {
    return quotearg(s, "shell-escape", { utf8: this.utf8, quoteTheseToo: ":" });
  }

  style(s: string, style: QuotingStyle, quoteTheseToo?: string): string {
    return quotearg(s, style, { utf8: this.utf8, quoteTheseToo });
  }
}
