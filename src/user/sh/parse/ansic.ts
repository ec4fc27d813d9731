/**
 * Decoding of bash's `$'...'` strings (ANSI-C quoting), as bash's
 * ansicstr() does it: known escapes are replaced, unknown ones kept whole.
 */
const SIMPLE: Record<string, string> = {
  a: "\x07",
  b: "\b",
  e: "\x1b",
  E: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "?": "?",
};

function isOctal(c: string): boolean {
  return c >= "0" && c <= "7";
}

function isHex(c: string): boolean {
  return /^[0-9a-fA-F]$/.test(c);
}

/** Decode the text between `$'` and `'`. */
export function decodeAnsiC(raw: string): string {
  let out = "";
  let i = 0;
  while (i < raw.length) {
    const c = raw.charAt(i++);
    if (c !== "\\" || i >= raw.length) {
      out += c;
      continue;
    }
    const e = raw.charAt(i++);
    const simple = SIMPLE[e];
    if (simple !== undefined) {
      out += simple;
    } else if (isOctal(e)) {
      let digits = e;
      while (digits.length < 3 && isOctal(raw.charAt(i))) digits += raw.charAt(i++);
      out += String.fromCharCode(Number.parseInt(digits, 8) & 0xff);
    } else if (e === "x" || e === "u" || e === "U") {
      const max = e === "x" ? 2 : e === "u" ? 4 : 8;
      let digits = "";
      while (digits.length < max && isHex(raw.charAt(i))) digits += raw.charAt(i++);
      if (digits === "") {
        out += `\\${e}`;
      } else {
        const code = Number.parseInt(digits, 16);
        out += code <= 0x10ffff ? String.fromCodePoint(code) : "";
      }
    } else if (e === "c" && i < raw.length) {
      // \cx: the control character of x (\c? is DEL).
      const x = raw.charAt(i++);
      out += x === "?" ? "\x7f" : String.fromCharCode(x.toUpperCase().charCodeAt(0) & 0x1f);
    } else {
      out += `\\${e}`;
    }
  }
  return out;
}
