/**
 * ioctl(1), vkern's own tool for poking drivers from the shell (no standard tool exists):
 *
 *   ioctl DEVICE CMD [ARG]
 *
 * CMD is a number (decimal, 0x hex, 0 octal, as strtoul(3) with base 0 reads it) or a known
 * name (FIONREAD, IOCTL_LLKD_IOCQPOWER ...). Known commands that return data through a
 * pointer get a buffer when ARG is left out, and the data is printed; commands that read an
 * int through a pointer (FIONBIO ...) take ARG as that int. Otherwise ARG is passed as the
 * raw argument (so `ioctl DEV IOCTL_LLKD_IOCQPOWER 0` passes NULL). On failure it prints the
 * errno name and text and exits 1.
 */
import { O_RDONLY, O_RDWR, O_WRONLY } from "../../include/uapi/fcntl.ts";
import {
  FIBMAP,
  FICLONE,
  FIFREEZE,
  FIGETBSZ,
  FITHAW,
  FS_IOC_FIEMAP,
} from "../../include/uapi/fs.ts";
import {
  _IOC_DIR,
  _IOC_READ,
  _IOC_SIZE,
  FIOASYNC,
  FIOCLEX,
  FIONBIO,
  FIONCLEX,
  FIONREAD,
  FIOQSIZE,
  TCGETS,
  TIOCGPGRP,
  TIOCGWINSZ,
} from "../../include/uapi/ioctl.ts";
import {
  RNDADDTOENTCNT,
  RNDCLEARPOOL,
  RNDGETENTCNT,
  RNDZAPENTCNT,
} from "../../include/uapi/random.ts";
import {
  IOCTL_LLKD_IOCQPOWER,
  IOCTL_LLKD_IOCRESET,
  IOCTL_LLKD_IOCSPOWER,
} from "../../modules/ioctl_llkd_kdrv/ioctl_llkd.ts";
import { SysError } from "../libc/errors.ts";
import type { Libc } from "../libc/libc.ts";

/** How a command uses its argument. */
type ArgKind =
  | { kind: "value" }
  | { kind: "in-int" }
  | { kind: "out-int" }
  | { kind: "out-s64" }
  | { kind: "out-buf"; size: number };

const VALUE: ArgKind = { kind: "value" };
const IN_INT: ArgKind = { kind: "in-int" };
const OUT_INT: ArgKind = { kind: "out-int" };

/** The commands known by name. */
export const knownCommands: Record<string, [number, ArgKind]> = {
  IOCTL_LLKD_IOCRESET: [IOCTL_LLKD_IOCRESET, VALUE],
  IOCTL_LLKD_IOCQPOWER: [IOCTL_LLKD_IOCQPOWER, OUT_INT],
  IOCTL_LLKD_IOCSPOWER: [IOCTL_LLKD_IOCSPOWER, VALUE],
  FIOCLEX: [FIOCLEX, VALUE],
  FIONCLEX: [FIONCLEX, VALUE],
  FIONBIO: [FIONBIO, IN_INT],
  FIOASYNC: [FIOASYNC, IN_INT],
  FIONREAD: [FIONREAD, OUT_INT],
  FIOQSIZE: [FIOQSIZE, { kind: "out-s64" }],
  FIGETBSZ: [FIGETBSZ, OUT_INT],
  FIBMAP: [FIBMAP, IN_INT],
  FIFREEZE: [FIFREEZE, VALUE],
  FITHAW: [FITHAW, VALUE],
  FICLONE: [FICLONE, VALUE],
  FS_IOC_FIEMAP: [FS_IOC_FIEMAP, { kind: "out-buf", size: 32 }],
  TCGETS: [TCGETS, { kind: "out-buf", size: 36 }],
  TIOCGWINSZ: [TIOCGWINSZ, { kind: "out-buf", size: 8 }],
  TIOCGPGRP: [TIOCGPGRP, OUT_INT],
  RNDGETENTCNT: [RNDGETENTCNT, OUT_INT],
  RNDADDTOENTCNT: [RNDADDTOENTCNT, IN_INT],
  RNDZAPENTCNT: [RNDZAPENTCNT, VALUE],
  RNDCLEARPOOL: [RNDCLEARPOOL, VALUE],
};

/** strtoul(s, &end, 0) accepting only a complete number; a leading '-' negates as C does. */
export function parseNumber(s: string): bigint | null {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return null;
  const digits = m[2];
  let v: bigint;
  if (/^0[xX]/.test(digits)) v = BigInt(digits);
  else if (digits.length > 1 && digits[0] === "0") v = BigInt(`0o${digits.slice(1)}`);
  else v = BigInt(digits);
  if (v >= 1n << 64n) return null;
  return BigInt.asUintN(64, m[1] === "-" ? -v : v);
}

function hex(n: number | bigint): string {
  return `0x${n.toString(16)}`;
}

function usage(): string {
  return (
    "Usage: ioctl DEVICE CMD [ARG]\n  CMD: a number or one of " +
    `${Object.keys(knownCommands).join(", ")}\n`
  );
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const args = argv.slice(1);
  if (args[0] === "-h" || args[0] === "--help") {
    await libc.stdout.write(usage());
    return 0;
  }
  if (args.length < 2 || args.length > 3) {
    await libc.stderr.write(usage());
    return 2;
  }
  const [device, cmdText, argText] = args;
  const known = knownCommands[cmdText];
  const cmdNum = known ? BigInt(known[0]) : parseNumber(cmdText);
  if (cmdNum === null) {
    await libc.stderr.write(`ioctl: invalid command '${cmdText}'\n${usage()}`);
    return 2;
  }
  const cmd = Number(BigInt.asUintN(32, cmdNum)); // the request is an unsigned int
  let argVal: bigint | null = null;
  if (argText !== undefined) {
    argVal = parseNumber(argText);
    if (argVal === null) {
      await libc.stderr.write(`ioctl: invalid argument '${argText}'\n`);
      return 2;
    }
  }
  let kind: ArgKind = known ? known[1] : VALUE;
  if (!known && argVal === null && _IOC_DIR(cmd) & _IOC_READ && _IOC_SIZE(cmd) > 0)
    kind = { kind: "out-buf", size: _IOC_SIZE(cmd) };
  const name = known ? cmdText : hex(cmd);

  let fd = -1;
  for (const flags of [O_RDWR, O_RDONLY, O_WRONLY]) {
    try {
      fd = await libc.open(device, flags);
      break;
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      const retry = e.code === "EACCES" || e.code === "EISDIR" || e.code === "EROFS";
      if (!retry || flags === O_WRONLY) {
        await libc.stderr.write(`ioctl: ${device}: ${libc.strerror(e.errno)}\n`);
        return 1;
      }
    }
  }

  // The buffer for data the command moves through a pointer.
  const size =
    kind.kind === "out-buf"
      ? kind.size
      : kind.kind === "out-s64"
        ? 8
        : kind.kind === "value"
          ? 0
          : 4;
  const usesBuffer = kind.kind === "in-int" || (kind.kind !== "value" && argVal === null);
  const buf = usesBuffer ? libc.mem.calloc(1, Math.max(size, 1)) : 0;
  let rawArg: number | bigint = 0;
  if (kind.kind === "in-int") {
    libc.mem.setI32(buf, Number(BigInt.asIntN(32, argVal ?? 0n)));
    rawArg = buf;
  } else if (usesBuffer) rawArg = buf;
  else if (argVal !== null)
    rawArg = argVal <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(argVal) : argVal;

  let ret: number;
  try {
    ret = await libc.ioctl(fd, cmd, rawArg);
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    await libc.stderr.write(
      `ioctl: ${device}: ${name}: ${libc.errnoName(e.errno)} (${libc.strerror(e.errno)})\n`,
    );
    await libc.close(fd).catch(() => 0);
    return 1;
  }
  let line = `ioctl(${device}, ${name}) = ${ret}`;
  if (usesBuffer && kind.kind !== "in-int") {
    if (kind.kind === "out-int") {
      const v = libc.mem.i32(buf);
      line += `, *arg = ${v} (${hex(v >>> 0)})`;
    } else if (kind.kind === "out-s64") {
      const v = libc.mem.i64(buf);
      line += `, *arg = ${v} (${hex(BigInt.asUintN(64, v))})`;
    } else {
      const bytes = [...libc.mem.read(buf, size)].map((b) => b.toString(16).padStart(2, "0"));
      line += `, *arg = ${bytes.join(" ")}`;
    }
  }
  await libc.stdout.write(`${line}\n`);
  await libc.close(fd);
  return 0;
}
