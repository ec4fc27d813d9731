/** finit_module, init_module and delete_module (kernel/module.c). */
import { fdget } from "../fs/file_table.ts";
import { EFAULT, EINVAL, ENOENT, ENOEXEC, EPERM } from "../include/uapi/errno.ts";
import { copy_from_user, strncpy_from_user } from "../mm/uaccess.ts";
import { CAP_SYS_MODULE, cred_has_cap } from "./capability.ts";
import { defineKernelLocal } from "./kernel.ts";
import type { ModuleDefinition } from "./module.ts";
import { parseKo } from "./module_ko.ts";
import type { Task } from "./task.ts";

const dec = new TextDecoder();

/** Loaders for modules compiled from source (set by the own-modules support). */
export const jsModuleLoader = defineKernelLocal<{
  load: ((source: string, name: string) => ModuleDefinition | number) | null;
}>(() => ({ load: null }));

function loadImage(t: Task, bytes: Uint8Array, paramsPtr: number): number | Promise<number> {
  if (!cred_has_cap(t.cred, CAP_SYS_MODULE)) return -EPERM;
  const ko = parseKo(bytes);
  if (!ko) return -ENOEXEC;
  const args = strncpy_from_user(paramsPtr, 4096);
  if (args.err) return args.err;
  const k = t.kernel;
  let def: ModuleDefinition | undefined;
  if (ko.code.kind === "builtin") {
    const name = ko.code.name;
    def = k.options.modules.find((m) => m.name === name);
    if (!def) return -ENOEXEC;
  } else {
    const loader = jsModuleLoader.get(k).load;
    if (!loader) return -ENOEXEC;
    const name = ko.tags.find(([key]) => key === "name")?.[1] ?? "";
    const r = loader(ko.code.source, name);
    if (typeof r === "number") return r;
    def = r;
  }
  return k.modules.load(def, dec.decode(args.bytes));
}

export function sys_finit_module(
  t: Task,
  fd: number,
  paramsPtr: number,
  flags: number,
): number | Promise<number> {
  if (flags) return -EINVAL;
  const f = fdget(t, fd);
  if (typeof f === "number") return f;
  if (!(f.f_mode & 1)) return -9; // -EBADF
  const inode = f.f_inode;
  const bytes = inode.i_data ? inode.i_data.subarray(0, inode.i_size) : new Uint8Array(0);
  return loadImage(t, bytes, paramsPtr);
}

export function sys_init_module(
  t: Task,
  image: number,
  len: number,
  paramsPtr: number,
): number | Promise<number> {
  if (len < 0 || len > 64 * 1024 * 1024) return -EINVAL;
  const b = new Uint8Array(len);
  if (copy_from_user(b, image, len)) return -EFAULT;
  return loadImage(t, b, paramsPtr);
}

/** O_TRUNC in delete_module's flags forces removal (CONFIG_MODULE_FORCE_UNLOAD). */
export function sys_delete_module(
  t: Task,
  namePtr: number,
  flags: number,
): number | Promise<number> {
  if (!cred_has_cap(t.cred, CAP_SYS_MODULE)) return -EPERM;
  const r = strncpy_from_user(namePtr, 56);
  if (r.err) return r.err;
  const name = dec.decode(r.bytes);
  if (!t.kernel.modules.find(name)) return -ENOENT;
  return t.kernel.modules.unload(name, (flags & 0o1000) !== 0);
}
