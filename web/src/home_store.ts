/**
 * The guest's home directory outside the kernel: a snapshot read straight from tmpfs's
 * dentries (so it works even after a panic, when the kernel refuses system calls), the
 * difference from the freshly booted home (what IndexedDB keeps), and restoring both into
 * a new kernel before the login shell starts — what initramfs does for a real rootfs.
 */
import type { Dentry } from "../../src/fs/fs.ts";
import { lookup_one } from "../../src/fs/namei.ts";
import { S_IFDIR, S_IFLNK, S_IFMT, S_IFREG } from "../../src/include/uapi/stat.ts";
import { mkdirp, symlink, writeFile } from "../../src/init/initramfs.ts";
import type { Kernel } from "../../src/kernel/kernel.ts";
import type { TarEntry } from "./tar.ts";

/** What the browser stores: the files that differ from a fresh boot, and those removed. */
export interface HomeDiff {
  changed: TarEntry[];
  /** Paths (relative to home) of files a fresh boot has and the learner deleted. */
  deleted: string[];
}

function dentryAt(k: Kernel, path: string): Dentry | null {
  let d = k.mounts.root.mnt_root;
  for (const comp of path.split("/").filter(Boolean)) {
    const hit = lookup_one(d, comp);
    if (!hit || typeof hit === "number") return null;
    d = hit;
  }
  return d;
}

/** Every directory, regular file and symlink under `home`, parents before children. */
export function snapshotHome(k: Kernel, home: string): TarEntry[] {
  const out: TarEntry[] = [];
  const root = dentryAt(k, home);
  if (!root) return out;
  const walk = (d: Dentry, rel: string) => {
    const kids = [...(d.d_subdirs?.values() ?? [])].sort((a, b) =>
      a.d_name < b.d_name ? -1 : a.d_name > b.d_name ? 1 : 0,
    );
    for (const c of kids) {
      const inode = c.d_inode;
      if (!inode) continue;
      const path = rel ? `${rel}/${c.d_name}` : c.d_name;
      const fmt = inode.i_mode & S_IFMT;
      const base = {
        path,
        mode: inode.i_mode & 0o7777,
        uid: inode.i_uid,
        gid: inode.i_gid,
        mtime: Number(inode.i_mtimeNs / 1_000_000_000n),
      };
      if (fmt === S_IFDIR) {
        out.push({ ...base, type: "dir" });
        walk(c, path);
      } else if (fmt === S_IFREG) {
        const data = (inode.i_data ?? new Uint8Array(0)).slice(0, inode.i_size);
        out.push({ ...base, type: "file", data });
      } else if (fmt === S_IFLNK && inode.i_link !== null) {
        out.push({ ...base, type: "symlink", target: inode.i_link });
      }
    }
  };
  walk(root, "");
  return out;
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameEntry(a: TarEntry, b: TarEntry): boolean {
  return (
    a.type === b.type &&
    a.mode === b.mode &&
    a.uid === b.uid &&
    a.gid === b.gid &&
    a.target === b.target &&
    sameBytes(a.data, b.data)
  );
}

/** The learner's changes: entries not in the fresh home or different there, and deletions. */
export function diffHome(pristine: readonly TarEntry[], now: readonly TarEntry[]): HomeDiff {
  const base = new Map(pristine.map((e) => [e.path, e]));
  const seen = new Set(now.map((e) => e.path));
  return {
    changed: now.filter((e) => {
      const p = base.get(e.path);
      return !p || !sameEntry(p, e);
    }),
    deleted: pristine.filter((e) => !seen.has(e.path)).map((e) => e.path),
  };
}

/** Applies a diff on top of whatever `home` holds now (a fresh kernel, before login). */
export function restoreHome(k: Kernel, home: string, diff: HomeDiff): void {
  // Deepest first, so a removed directory is empty when its turn comes.
  for (const rel of [...diff.deleted].sort((a, b) => b.length - a.length)) {
    const d = dentryAt(k, `${home}/${rel}`);
    const dir = d?.d_parent.d_inode;
    if (!d?.d_inode || !dir) continue;
    const isDir = (d.d_inode.i_mode & S_IFMT) === S_IFDIR;
    k.run(() => (isDir ? dir.i_op.rmdir?.(dir, d) : dir.i_op.unlink?.(dir, d)));
  }
  for (const e of diff.changed) {
    const path = `${home}/${e.path}`;
    const owner = { uid: e.uid, gid: e.gid };
    const existing = dentryAt(k, path);
    if (e.type === "dir") {
      const d = mkdirp(k, path, e.mode, owner);
      d.d_inode!.i_mode = S_IFDIR | e.mode;
      d.d_inode!.i_uid = e.uid;
      d.d_inode!.i_gid = e.gid;
      continue;
    }
    // A file replacing a directory or symlink of the same name (or the other way round).
    if (
      existing?.d_inode &&
      (existing.d_inode.i_mode & S_IFMT) !== (e.type === "file" ? S_IFREG : S_IFLNK)
    ) {
      const dir = existing.d_parent.d_inode!;
      k.run(() => dir.i_op.unlink?.(dir, existing));
    }
    if (e.type === "file") {
      const inode = writeFile(k, path, e.data ?? new Uint8Array(0), e.mode, owner);
      inode.i_mtimeNs = BigInt(e.mtime) * 1_000_000_000n;
    } else if (e.target !== undefined) {
      symlink(k, path, e.target, owner);
    }
  }
}
