/**
 * `--mount HOST:GUEST[:ro]`: copies a host directory tree into the guest at
 * boot (a snapshot, not a live mount: writes stay in the guest).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { mkdirp, writeFile } from "../init/initramfs.ts";
import type { Kernel } from "../kernel/kernel.ts";

export interface HostMount {
  host: string;
  guest: string;
  readonly: boolean;
}

export function parseMount(spec: string): HostMount | string {
  const parts = spec.split(":");
  if (parts.length < 2 || !parts[0] || !parts[1]?.startsWith("/")) {
    return `vkern: --mount needs HOST:GUEST[:ro] with an absolute GUEST path, not '${spec}'`;
  }
  if (parts.length > 3 || (parts[2] !== undefined && parts[2] !== "ro" && parts[2] !== "rw")) {
    return `vkern: --mount: bad option in '${spec}'`;
  }
  try {
    if (!statSync(parts[0]).isDirectory())
      return `vkern: --mount: '${parts[0]}' is not a directory`;
  } catch {
    return `vkern: --mount: cannot access '${parts[0]}'`;
  }
  return { host: parts[0], guest: parts[1], readonly: parts[2] === "ro" };
}

export function applyMounts(k: Kernel, mounts: HostMount[]): void {
  for (const m of mounts) {
    const owner = { uid: 1000, gid: 1000 };
    const copy = (host: string, guest: string) => {
      mkdirp(k, guest, m.readonly ? 0o555 : 0o755, owner);
      for (const e of readdirSync(host, { withFileTypes: true })) {
        const hp = join(host, e.name);
        const gp = `${guest}/${e.name}`;
        if (e.isDirectory()) copy(hp, gp);
        else if (e.isFile()) {
          const mode = statSync(hp).mode & 0o777;
          writeFile(k, gp, readFileSync(hp), m.readonly ? mode & ~0o222 : mode, owner);
        }
      }
    };
    copy(m.host, m.guest.replace(/\/+$/, ""));
  }
}
