/** Shared fixtures for the system-administration command tests. */
import { writeFile } from "../../src/init/initramfs.ts";
import type { Kernel } from "../../src/kernel/kernel.ts";
import type { ModuleDefinition } from "../../src/kernel/module.ts";
import type { ProgramMain } from "../../src/user/libc/libc.ts";
import { programFile, programRegistry } from "../../src/user/libc/process.ts";
import { boot } from "../../src/vkern.ts";

/** A minimal module with a parameter, like the chapter's demos. */
export const demoModule: ModuleDefinition = {
  name: "vk_demo",
  license: "Dual MIT/GPL",
  author: "Kaiwan N Billimoria",
  description: "a demo module for the tests",
  version: "0.1",
  params: {
    cause_an_oops: { type: "int", perm: 0o644, desc: "Setting this to 1 can cause a kernel bug" },
    debug_level: { type: "int", perm: 0o644 },
  },
  load() {
    return { init: () => 0, exit: () => {} };
  },
};

/** A module that uses vk_demo (its holder) and one that refuses to load. */
export const userModule: ModuleDefinition = {
  name: "vk_user",
  license: "GPL",
  depends: ["vk_demo"],
  load() {
    return { init: () => 0, exit: () => {} };
  },
};

export const failingModule: ModuleDefinition = {
  name: "vk_fail",
  license: "GPL",
  load() {
    return { init: () => -19 };
  },
};

export function bootWithModules() {
  return boot({ modules: [demoModule, userModule, failingModule] });
}

/** Installs a test program in /usr/bin of a booted kernel. */
export function installProgram(k: Kernel, name: string, main: ProgramMain): void {
  programRegistry.get(k).set(name, main);
  writeFile(k, `/usr/bin/${name}`, programFile(name), 0o755);
}

/** `ids`: prints its credentials and a few environment variables, one per line. */
export const idsProgram: ProgramMain = async (_argv, _envp, libc) => {
  const groups = await libc.getgroups();
  await libc.printf(
    "uid=%d euid=%d gid=%d groups=%s\n",
    await libc.getuid(),
    await libc.geteuid(),
    await libc.getgid(),
    groups.join(","),
  );
  for (const v of ["HOME", "USER", "LOGNAME", "SUDO_USER", "SUDO_UID", "PATH"]) {
    await libc.printf("%s=%s\n", v, libc.getenv(v) ?? "");
  }
  return 0;
};

/** `suicide SIG`: kills itself with a signal. */
export const suicideProgram: ProgramMain = async (argv, _envp, libc) => {
  await libc.kill(await libc.getpid(), Number(argv[1] ?? 9));
  return 0;
};

/** `exitwith N` */
export const exitProgram: ProgramMain = async (argv) => Number(argv[1] ?? 0);
