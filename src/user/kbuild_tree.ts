/**
 * The kernel headers package in the root filesystem, as on Ubuntu: the build tree
 * /usr/src/linux-headers-<release> and the /lib/modules/<release>/build link to it,
 * which Makefiles of external modules name (make -C /lib/modules/$(uname -r)/build).
 * make recognises the directory and runs kbuild (src/user/bin/make/kbuild.ts).
 */
import { mkdirp, symlink, writeFile } from "../init/initramfs.ts";
import type { Kernel } from "../kernel/kernel.ts";
import { kbuildDir } from "./bin/make/engine.ts";

export function installKbuildTree(k: Kernel): void {
  const rel = k.options.release;
  const dir = kbuildDir(rel);
  for (const d of ["scripts/mod", "include/linux", "include/generated", "arch/x86"]) {
    mkdirp(k, `${dir}/${d}`);
  }
  const [version, patchlevel, sublevel] = rel.split(/[.-]/);
  writeFile(
    k,
    `${dir}/Makefile`,
    `# SPDX-License-Identifier: GPL-2.0\nVERSION = ${version}\nPATCHLEVEL = ${patchlevel}\nSUBLEVEL = ${sublevel}\nEXTRAVERSION = ${rel.slice(rel.indexOf("-"))}\nNAME = Kleptomaniac Octopus\n\n# vkern: external modules (M=<dir>) are built by make itself, from TypeScript.\n`,
  );
  writeFile(
    k,
    `${dir}/.config`,
    "CONFIG_MODULES=y\nCONFIG_MODULE_UNLOAD=y\nCONFIG_SYSFS=y\nCONFIG_DEBUG_FS=y\n",
  );
  writeFile(k, `${dir}/Module.symvers`, "");
  writeFile(k, `${dir}/include/generated/utsrelease.h`, `#define UTS_RELEASE "${rel}"\n`);
  symlink(k, `lib/modules/${rel}/build`, dir);
}
