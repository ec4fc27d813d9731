/** Helpers of the debugfs tests: files made by kernel code, read and written as root. */
import { O_RDONLY, O_WRONLY } from "../../src/include/uapi/fcntl.ts";
import type { Kernel } from "../../src/kernel/kernel.ts";
import { type DebugfsDentry, debugfs_create_dir, IS_ERR } from "../../src/linux.ts";
import { SysError } from "../../src/user/libc/errors.ts";
import type { Libc } from "../../src/user/libc/libc.ts";
import { bootWith, proc } from "../helpers.ts";

export const DBG = "/sys/kernel/debug";
const dec = new TextDecoder();

export interface Fixture {
  k: Kernel;
  root: Libc;
  dir: DebugfsDentry;
}

/** A kernel, a root process, and a fresh directory /sys/kernel/debug/t. */
export async function fixture(): Promise<Fixture> {
  const k = await bootWith();
  const dir = k.run(() => debugfs_create_dir("t", null));
  if (IS_ERR(dir)) throw new Error("debugfs_create_dir failed");
  return { k, root: proc(k, 0).libc, dir };
}

/** Reads a whole file (one open, reads until EOF, close). */
export async function cat(libc: Libc, path: string): Promise<string> {
  return dec.decode(await libc.readFile(path));
}

/** open(O_WRONLY) + one write() + close(); the write's return value. */
export async function write1(libc: Libc, path: string, data: string): Promise<number> {
  const fd = await libc.open(path, O_WRONLY);
  try {
    return await libc.writeBytes(fd, data);
  } finally {
    await libc.close(fd);
  }
}

/** Runs a libc call and gives its errno name, or "ok" / the value. */
export async function errnoOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    if (e instanceof SysError) return e.code;
    throw e;
  }
}

/** Opens read-only, reads `n` bytes at a time until EOF. */
export async function readChunks(libc: Libc, path: string, n: number): Promise<string[]> {
  const fd = await libc.open(path, O_RDONLY);
  const out: string[] = [];
  for (;;) {
    const b = await libc.readBytes(fd, n);
    if (!b.length) break;
    out.push(dec.decode(b));
  }
  await libc.close(fd);
  return out;
}
