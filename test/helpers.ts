/** Shared test helpers: a booted kernel, a process to make system calls from, errno checks. */
import { expect } from "vitest";
import type { Kernel, KernelOptions } from "../src/kernel/kernel.ts";
import type { ModuleDefinition } from "../src/kernel/module.ts";
import { shippedModules } from "../src/modules/index.ts";
import { SysError } from "../src/user/libc/errors.ts";
import type { Libc } from "../src/user/libc/libc.ts";
import { hostProcess } from "../src/user/run.ts";
import { boot } from "../src/vkern.ts";

export async function bootWith(
  mods: ModuleDefinition[] = [],
  opts: Partial<KernelOptions> = {},
): Promise<Kernel> {
  return boot({ modules: [...shippedModules, ...mods], ...opts });
}

/** A process of user `uid` (0 = root) whose output is collected. */
export function proc(k: Kernel, uid = 1000, cwd = "/") {
  let output = "";
  const dec = new TextDecoder();
  const p = hostProcess(k, uid, cwd, (b) => {
    output += dec.decode(b);
  });
  return { ...p, output: () => output };
}

/** Expects the promise to reject with a SysError of this code. */
export async function expectErrno(p: Promise<unknown>, code: string): Promise<void> {
  let err: unknown = null;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(err, `expected ${code}`).toBeInstanceOf(SysError);
  expect((err as SysError).code).toBe(code);
}

/** Loads a module as root through finit_module; returns 0 or -errno. */
export async function insmod(k: Kernel, name: string, params = ""): Promise<number> {
  const { libc } = proc(k, 0);
  const fd = await libc.open(`/lib/modules/${k.options.release}/extra/${name}.ko`, 0);
  const p = libc.mem.strdup(params);
  const r = await libc.rawSyscall("finit_module", fd, p, 0);
  await libc.close(fd);
  return r;
}

export async function rmmod(k: Kernel, name: string): Promise<number> {
  const { libc } = proc(k, 0);
  return libc.rawSyscall("delete_module", libc.mem.strdup(name), 0);
}

export async function readText(libc: Libc, path: string): Promise<string> {
  return new TextDecoder().decode(await libc.readFile(path));
}
