/**
 * find's -printf directives (find/print.c) and the file type letters of -type and %y.
 */

import type { Stat } from "../libc/libc.ts";
import type { FindRuntime, Visit } from "./find_expr.ts";

/** The -type letter of a file: b c d p f l s, or U for unknown. */
export function typeOf(st: Stat): string {
  switch (st.mode & 0o170000) {
    case 0o060000:
      return "b";
    case 0o020000:
      return "c";
    case 0o040000:
      return "d";
    case 0o010000:
      return "p";
    case 0o100000:
      return "f";
    case 0o120000:
      return "l";
    case 0o140000:
      return "s";
    default:
      return "U";
  }
}

/** Expands the -printf directives find supports (%p %f %h %P %d %s %m %M %u %g %U %G %i %n %l %y %%). */
export function printfFormat(
  fmt: string,
  v: Visit,
  rt: FindRuntime,
  modeStr: (m: number) => string,
) {
  return async (): Promise<string> => {
    let out = "";
    for (let i = 0; i < fmt.length; i++) {
      const c = fmt[i];
      if (c === "\\" && i + 1 < fmt.length) {
        const e = fmt[++i];
        const map: Record<string, string> = {
          n: "\n",
          t: "\t",
          "0": "\0",
          "\\": "\\",
          a: "\x07",
          b: "\b",
          f: "\f",
          r: "\r",
          v: "\v",
        };
        out += map[e] ?? `\\${e}`;
        continue;
      }
      if (c !== "%" || i + 1 >= fmt.length) {
        out += c;
        continue;
      }
      const d = fmt[++i];
      const st = v.st;
      switch (d) {
        case "%":
          out += "%";
          break;
        case "p":
          out += v.path;
          break;
        case "f":
          out += v.base;
          break;
        case "h": {
          const s = v.path.lastIndexOf("/");
          out += s < 0 ? "." : s === 0 ? "/" : v.path.slice(0, s);
          break;
        }
        case "P":
          out += v.rel;
          break;
        case "d":
          out += String(v.depth);
          break;
        case "s":
          out += String(st?.size ?? 0);
          break;
        case "m":
          out += ((st?.mode ?? 0) & 0o7777).toString(8);
          break;
        case "M":
          out += modeStr(st?.mode ?? 0);
          break;
        case "u":
          out += st ? (rt.userName(st.uid) ?? String(st.uid)) : "";
          break;
        case "g":
          out += st ? (rt.groupName(st.gid) ?? String(st.gid)) : "";
          break;
        case "U":
          out += String(st?.uid ?? "");
          break;
        case "G":
          out += String(st?.gid ?? "");
          break;
        case "i":
          out += String(st?.ino ?? "");
          break;
        case "n":
          out += String(st?.nlink ?? "");
          break;
        case "l":
          out += st && typeOf(st) === "l" ? ((await rt.readlink(v.path)) ?? "") : "";
          break;
        case "y":
          out += st ? typeOf(st) : "U";
          break;
        default:
          out += `%${d}`;
      }
    }
    return out;
  };
}
