/** System-call errors as user space sees them: objects like Node's system errors. */
import { errnoName, strerror } from "../../include/uapi/errno.ts";

export class SysError extends Error {
  readonly code: string;
  constructor(
    readonly errno: number,
    readonly syscall: string,
    readonly path?: string,
  ) {
    const code = errnoName(errno) ?? `E${errno}`;
    super(`${code}: ${strerror(errno)}, ${syscall}${path ? ` '${path}'` : ""}`);
    this.code = code;
    this.name = "SysError";
  }
}

export function isSysError(e: unknown, code?: string): e is SysError {
  return e instanceof SysError && (code === undefined || e.code === code);
}

/** A user program touched memory it has not mapped: the kernel sends SIGSEGV. */
export class SegmentationFault extends Error {
  constructor(readonly address: number) {
    super(`segfault at ${address.toString(16)}`);
    this.name = "SegmentationFault";
  }
}
