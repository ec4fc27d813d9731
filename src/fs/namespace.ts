/** The mount table (fs/namespace.c): one namespace per kernel. */
import type { Dentry, Mount, Path, SuperBlock } from "./fs.ts";

export class MountTable {
  readonly mounts: Mount[] = [];
  private byMountpoint = new Map<Dentry, Mount[]>();
  root!: Mount;
  private nextId = 21;

  /** Mounts `sb` on `at` (or as the root when `at` is null). Mirrors do_new_mount(). */
  add(sb: SuperBlock, at: Path | null, devname: string, flags: string): Mount {
    const m: Mount = {
      mnt_root: sb.s_root,
      mnt_sb: sb,
      mnt_mountpoint: at ? at.dentry : sb.s_root,
      mnt_parent: null as unknown as Mount,
      mnt_devname: devname,
      mnt_flags: flags,
      mnt_id: this.nextId++,
    };
    m.mnt_parent = at ? at.mnt : m;
    if (at) {
      const list = this.byMountpoint.get(at.dentry) ?? [];
      list.push(m);
      this.byMountpoint.set(at.dentry, list);
      at.dentry.d_mounted++;
    } else {
      this.root = m;
    }
    this.mounts.push(m);
    return m;
  }

  remove(m: Mount): void {
    const list = this.byMountpoint.get(m.mnt_mountpoint);
    if (list) {
      const i = list.indexOf(m);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.byMountpoint.delete(m.mnt_mountpoint);
      m.mnt_mountpoint.d_mounted--;
    }
    const j = this.mounts.indexOf(m);
    if (j >= 0) this.mounts.splice(j, 1);
  }

  /** Mirrors lookup_mnt(): the topmost mount on `dentry` under `parent`. */
  lookup(parent: Mount, dentry: Dentry): Mount | null {
    const list = this.byMountpoint.get(dentry);
    if (!list) return null;
    for (let i = list.length - 1; i >= 0; i--) if (list[i].mnt_parent === parent) return list[i];
    return null;
  }

  /** Mounts whose mountpoint is at or below `path` (umount busy checks). */
  children(m: Mount): Mount[] {
    return this.mounts.filter((c) => c !== m && c.mnt_parent === m);
  }
}

/** The absolute path name of a Path, as d_path() gives it. */
export function d_path(p: Path, root?: Path): string {
  // Pseudo filesystems (pipefs, sockfs) are not mounted anywhere: they name their dentries.
  if (p.dentry.d_dname) return p.dentry.d_dname(p.dentry);
  const parts: string[] = [];
  let { mnt, dentry } = p;
  for (let guard = 0; guard < 4096; guard++) {
    if (root && dentry === root.dentry && mnt === root.mnt) break;
    if (dentry === mnt.mnt_root) {
      if (mnt.mnt_parent === mnt) break;
      dentry = mnt.mnt_mountpoint;
      mnt = mnt.mnt_parent;
      continue;
    }
    parts.push(dentry.d_name);
    dentry = dentry.d_parent;
  }
  const s = `/${parts.reverse().join("/")}`;
  return p.dentry.d_deleted ? `${s} (deleted)` : s;
}
