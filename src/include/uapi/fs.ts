/**
 * The generic file ioctls of include/uapi/linux/fs.h (and FS_IOC_RESVSP of
 * include/linux/falloc.h), which fs/ioctl.c:do_vfs_ioctl() handles before any driver.
 * Values checked with gcc 12.2 against linux-libc-dev 6.1 on this machine (see
 * test/ioctl/encoding.test.ts).
 */
import { _IO, _IOW, _IOWR } from "./ioctl.ts";

/** Block number of a file block (needs a_ops->bmap and CAP_SYS_RAWIO). */
export const FIBMAP = _IO(0x00, 1);
/** The filesystem's block size. */
export const FIGETBSZ = _IO(0x00, 2);
export const FIFREEZE = _IOWR("X", 119, 4);
export const FITHAW = _IOWR("X", 120, 4);
export const FICLONE = _IOW(0x94, 9, 4);
/** sizeof(struct file_clone_range) = 32 */
export const FICLONERANGE = _IOW(0x94, 13, 32);
/** sizeof(struct file_dedupe_range) = 24 */
export const FIDEDUPERANGE = _IOWR(0x94, 54, 24);
/** sizeof(struct fiemap) = 32 */
export const FS_IOC_FIEMAP = _IOWR("f", 11, 32);
/** sizeof(struct space_resv) = 48 */
export const SIZEOF_SPACE_RESV = 48;
export const FS_IOC_RESVSP = _IOW("X", 40, SIZEOF_SPACE_RESV);
export const FS_IOC_RESVSP64 = _IOW("X", 42, SIZEOF_SPACE_RESV);
