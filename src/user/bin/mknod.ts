/**
 * mknod(1), GNU coreutils 8.28: make block or character special files, or FIFOs. Mirrors
 * src/mknod.c main(): operand counts checked first (with its hints about device numbers),
 * numbers parsed as C's strtoumax() with base 0 (so 0x.. and 0.. work), -m applied with
 * chmod afterwards so that the umask does not mask it.
 */

import { S_IFBLK, S_IFCHR, S_IFIFO } from "../../include/uapi/stat.ts";
import type { LongOption } from "../lib/getopt.ts";
import { modeAdjust, modeCompile } from "../lib/modechange.ts";
import { type Cmd, coreutilsMain, errnoOf } from "../lib/prog.ts";
import { makeDev } from "../lib/sys.ts";

const LONG: LongOption[] = [
  { name: "mode", hasArg: 1, val: "m" },
  { name: "context", hasArg: 2, val: "Z" },
];

/** xstrtoumax(s, NULL, 0, ...) as an unsigned 32-bit device number, or null. */
function parseNumber(s: string): number | null {
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) v = parseInt(s.slice(2), 16);
  else if (/^0[0-7]*$/.test(s)) v = parseInt(s, 8);
  else if (/^[1-9]\d*$/.test(s)) v = Number(s);
  else return null;
  return v <= 0xffffffff ? v : null;
}

async function run(cmd: Cmd, argv: string[]): Promise<number> {
  const { libc, q } = cmd;
  const { options, operands } = await cmd.getopt(argv, "m:Z", LONG);
  let specifiedMode: string | null = null;
  for (const { key, arg = "" } of options) if (key === "m") specifiedMode = arg;
  let newmode = 0o666;
  if (specifiedMode !== null) {
    const change = modeCompile(specifiedMode);
    if (!change) await cmd.die(1, "invalid mode");
    const umask = await libc.umask(0);
    await libc.umask(umask);
    newmode = modeAdjust(newmode, false, umask, change ?? []).mode;
    if (newmode & ~0o777) await cmd.die(1, "mode must specify only file permission bits");
  }
  const n = operands.length;
  const expected = n === 0 || (n > 1 && operands[1][0] === "p") ? 2 : 4;
  if (n < expected) {
    if (n === 0) await cmd.error("missing operand");
    else await cmd.error(`missing operand after ${q.quote(operands[n - 1])}`);
    if (expected === 4 && n === 2) {
      await libc.stderr.write("Special files require major and minor device numbers.\n");
    }
    await cmd.usageError();
  }
  if (n > expected) {
    await cmd.error(`extra operand ${q.quote(operands[expected])}`);
    if (expected === 2 && n === 4) {
      await libc.stderr.write("Fifos do not have major and minor device numbers.\n");
    }
    await cmd.usageError();
  }
  const [name, type] = operands;
  let nodeType: number;
  switch (type[0]) {
    case "b":
      nodeType = S_IFBLK;
      break;
    case "c":
    case "u":
      nodeType = S_IFCHR;
      break;
    case "p":
      nodeType = S_IFIFO;
      break;
    default:
      await cmd.error(`invalid device type ${q.quote(type)}`);
      return cmd.usageError();
  }
  let dev = 0;
  if (nodeType !== S_IFIFO) {
    const major = parseNumber(operands[2]);
    if (major === null) await cmd.die(1, `invalid major device number ${q.quote(operands[2])}`);
    const minor = parseNumber(operands[3]);
    if (minor === null) await cmd.die(1, `invalid minor device number ${q.quote(operands[3])}`);
    // glibc's mknodat() refuses a dev_t that does not fit the kernel's 32 bits (EINVAL).
    if (major! > 0xfff || minor! > 0xfffff) await cmd.die(1, q.quotef(name), 22);
    dev = makeDev(major!, minor!);
  }
  try {
    await libc.mknod(name, newmode | nodeType, dev);
  } catch (e) {
    await cmd.die(1, q.quotef(name), errnoOf(e));
  }
  if (specifiedMode !== null) {
    try {
      await libc.chmod(name, newmode);
    } catch (e) {
      await cmd.die(1, `cannot set permissions of ${q.quoteaf(name)}`, errnoOf(e));
    }
  }
  return 0;
}

export const main = coreutilsMain(run);
