/**
 * File mode changes as chmod(1), mkdir -m and mknod -m understand them: a port of gnulib
 * lib/modechange.c (mode_compile(), mode_adjust()). Octal modes ("644", "4755") and
 * symbolic ones ("u+x,go-w", "a=rX", "g=u", "+t").
 */

const S_ISUID = 0o4000;
const S_ISGID = 0o2000;
const S_ISVTX = 0o1000;
const S_IRWXU = 0o700;
const S_IRWXG = 0o070;
const S_IRWXO = 0o007;
const S_IRWXUGO = 0o777;
const CHMOD_MODE_BITS = 0o7777;
const R = 0o444;
const W = 0o222;
const X = 0o111;

type Flag = "ordinary" | "x_if_any_x" | "copy_existing";

export interface ModeChange {
  op: "=" | "+" | "-";
  flag: Flag;
  affected: number;
  value: number;
  mentioned: number;
}

/** Mirrors mode_compile(): the changes MODE describes, or null if it is not a valid mode. */
export function modeCompile(mode: string): ModeChange[] | null {
  if (/^[0-7]/.test(mode)) {
    if (!/^[0-7]+$/.test(mode)) return null;
    let octal = 0;
    for (const c of mode) {
      octal = octal * 8 + Number(c);
      if (octal > CHMOD_MODE_BITS) return null;
    }
    const mentioned =
      mode.length < 5 ? (octal & (S_ISUID | S_ISGID)) | S_ISVTX | S_IRWXUGO : CHMOD_MODE_BITS;
    return [{ op: "=", flag: "ordinary", affected: CHMOD_MODE_BITS, value: octal, mentioned }];
  }
  const out: ModeChange[] = [];
  let p = 0;
  const at = () => mode[p] ?? "";
  for (;;) {
    let affected = 0;
    for (; ; p++) {
      const c = at();
      if (c === "u") affected |= S_ISUID | S_IRWXU;
      else if (c === "g") affected |= S_ISGID | S_IRWXG;
      else if (c === "o") affected |= S_ISVTX | S_IRWXO;
      else if (c === "a") affected |= CHMOD_MODE_BITS;
      else if (c === "=" || c === "+" || c === "-") break;
      else return null;
    }
    do {
      const op = at() as ModeChange["op"];
      p++;
      let value = 0;
      let mentioned = 0;
      let flag: Flag = "copy_existing";
      const c = at();
      if (/[0-7]/.test(c)) {
        let octal = 0;
        while (/[0-7]/.test(at())) {
          octal = octal * 8 + Number(at());
          p++;
          if (octal > CHMOD_MODE_BITS) return null;
        }
        if (affected || (at() && at() !== ",")) return null;
        affected = mentioned = CHMOD_MODE_BITS;
        value = octal;
        flag = "ordinary";
      } else if (c === "u" || c === "g" || c === "o") {
        value = c === "u" ? S_IRWXU : c === "g" ? S_IRWXG : S_IRWXO;
        p++;
      } else {
        flag = "ordinary";
        for (; ; p++) {
          const v = at();
          if (v === "r") value |= R;
          else if (v === "w") value |= W;
          else if (v === "x") value |= X;
          else if (v === "X") flag = "x_if_any_x";
          else if (v === "s") value |= S_ISUID | S_ISGID;
          else if (v === "t") value |= S_ISVTX;
          else break;
        }
      }
      out.push({
        op,
        flag,
        affected,
        value,
        mentioned: mentioned ? mentioned : affected ? affected & value : value,
      });
    } while (at() === "=" || at() === "+" || at() === "-");
    if (at() !== ",") break;
    p++;
  }
  return at() === "" ? out : null;
}

/**
 * Mirrors mode_adjust(): OLDMODE changed by CHANGES under UMASK (which only applies to
 * clauses without a "who"). Returns the new mode and the bits the changes touched.
 */
export function modeAdjust(
  oldmode: number,
  dir: boolean,
  umask: number,
  changes: readonly ModeChange[],
): { mode: number; modeBits: number } {
  let newmode = oldmode & CHMOD_MODE_BITS;
  let modeBits = 0;
  for (const ch of changes) {
    const omit = (dir ? S_ISUID | S_ISGID : 0) & ~ch.mentioned;
    let value = ch.value;
    if (ch.flag === "copy_existing") {
      value &= newmode;
      value |= (value & R ? R : 0) | (value & W ? W : 0) | (value & X ? X : 0);
    } else if (ch.flag === "x_if_any_x") {
      if (newmode & X || dir) value |= X;
    }
    value &= (ch.affected ? ch.affected : ~umask) & ~omit;
    if (ch.op === "=") {
      const preserved = (ch.affected ? ~ch.affected : 0) | omit;
      modeBits |= CHMOD_MODE_BITS & ~preserved;
      newmode = (newmode & preserved) | value;
    } else if (ch.op === "+") {
      modeBits |= value;
      newmode |= value;
    } else {
      modeBits |= value;
      newmode &= ~value;
    }
  }
  return { mode: newmode & CHMOD_MODE_BITS, modeBits: modeBits & CHMOD_MODE_BITS };
}
