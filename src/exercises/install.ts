/**
 * The starter directories in the guest: /home/llkd/exercises/<name>/ of every exercise,
 * owned by llkd, put there at boot (src/user/userland.ts).
 */
import { mkdirp, writeFile } from "../init/initramfs.ts";
import type { Kernel } from "../kernel/kernel.ts";
import { exercises } from "./index.ts";

export function installExercises(k: Kernel): void {
  const u = k.options.users.find((x) => x.name === "llkd");
  if (!u) return;
  const owner = { uid: u.uid, gid: u.gid };
  const base = `${u.home}/exercises`;
  mkdirp(k, base, 0o755, owner);
  for (const ex of exercises) {
    mkdirp(k, `${base}/${ex.name}`, 0o775, owner);
    for (const [name, text] of Object.entries(ex.starter)) {
      writeFile(k, `${base}/${ex.name}/${name}`, text, 0o664, owner);
    }
  }
}
