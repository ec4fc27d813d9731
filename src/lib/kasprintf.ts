/** Allocating formatters of the driver API: kasprintf() and kvasprintf(). */
import { format, type PrintfArg } from "./vsprintf.ts";

/**
 * Mirrors lib/kasprintf.c:kasprintf(): the formatted string in newly allocated memory.
 * JavaScript strings are values, so the allocation is the string itself; kfree() of it
 * is not needed (and harmless).
 */
export function kasprintf(_gfp: number, fmt: string, ...args: PrintfArg[]): string {
  return format(fmt, args, { kernel: true });
}

/** Mirrors kvasprintf(): kasprintf() with the arguments as an array (a va_list). */
export function kvasprintf(_gfp: number, fmt: string, args: readonly PrintfArg[]): string {
  return format(fmt, args, { kernel: true });
}
