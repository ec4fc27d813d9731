/** Backslash escapes as echo and printf %b decode them (bash, coreutils, dash). */

/**
 * Whose escapes: beyond the common ones (\a \b \c \e \f \n \r \t \v \\ \0NNN), \xHH is
 * taken by all but dash, and \NNN without the 0 by all but bash's echo (bash's ansicstr()
 * leaves \1..\7 alone in echo mode). Checked against bash 5.2, dash 0.5.12 and coreutils
 * 9.1 on Debian 12 with the argument 'a\x41\101\0101'.
 */
export type EscapeDialect = "bash-echo" | "bash-printf" | "coreutils" | "dash";

const HEX: Record<EscapeDialect, boolean> = {
  "bash-echo": true,
  "bash-printf": true,
  coreutils: true,
  dash: false,
};
const BARE_OCTAL: Record<EscapeDialect, boolean> = {
  "bash-echo": false,
  "bash-printf": true,
  coreutils: true,
  dash: true,
};

/**
 * Backslash escapes of echo -e, dash's echo, printf %b and /bin/echo -e (coreutils
 * echo.c's loop): \c stops all output.
 */
export function decodeEscapes(s: string, dialect: EscapeDialect): { text: string; stop: boolean } {
  const hex = HEX[dialect];
  const bareOctal = BARE_OCTAL[dialect];
  let o = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== "\\" || i + 1 >= s.length) {
      o += c;
      continue;
    }
    const n = s[++i];
    switch (n) {
      case "a":
        o += "\x07";
        break;
      case "b":
        o += "\b";
        break;
      case "c":
        return { text: o, stop: true };
      case "e":
        o += "\x1b";
        break;
      case "f":
        o += "\f";
        break;
      case "n":
        o += "\n";
        break;
      case "r":
        o += "\r";
        break;
      case "t":
        o += "\t";
        break;
      case "v":
        o += "\v";
        break;
      case "\\":
        o += "\\";
        break;
      case "0": {
        const m = /^[0-7]{0,3}/.exec(s.slice(i + 1))![0];
        o += String.fromCharCode(Number.parseInt(m || "0", 8) & 0xff);
        i += m.length;
        break;
      }
      case "x": {
        if (!hex) {
          o += "\\x";
          break;
        }
        const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1));
        if (!m) o += "\\x";
        else {
          o += String.fromCharCode(Number.parseInt(m[0], 16));
          i += m[0].length;
        }
        break;
      }
      default:
        if (bareOctal && /[1-7]/.test(n)) {
          const m = /^[0-7]{1,3}/.exec(s.slice(i))![0];
          o += String.fromCharCode(Number.parseInt(m, 8) & 0xff);
          i += m.length - 1;
        } else o += `\\${n}`;
    }
  }
  return { text: o, stop: false };
}
