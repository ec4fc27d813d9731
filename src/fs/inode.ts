/** fs/inode.c helpers. */
import { S_IFBLK, S_IFCHR, S_IFIFO, S_IFMT, S_IFSOCK } from "../include/uapi/stat.ts";
import { def_chr_fops } from "./char_dev.ts";
import type { Inode } from "./fs.ts";
import { pipefifo_fops } from "./pipe.ts";

/** Mirrors init_special_inode(): device nodes, fifos and sockets get generic operations. */
export function init_special_inode(inode: Inode, mode: number, rdev: number): void {
  inode.i_mode = mode;
  switch (mode & S_IFMT) {
    case S_IFCHR:
      inode.i_fop = def_chr_fops;
      inode.i_rdev = rdev;
      break;
    case S_IFBLK:
      inode.i_fop = { open: () => -6 }; // -ENXIO: vkern has no block devices
      inode.i_rdev = rdev;
      break;
    case S_IFIFO:
      inode.i_fop = pipefifo_fops;
      break;
    case S_IFSOCK:
      inode.i_fop = { open: () => -6 };
      break;
  }
}
