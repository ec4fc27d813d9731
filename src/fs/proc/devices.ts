/**
 * /proc/devices (fs/proc/devices.c of Linux 5.4): one seq_file position per major, the 512
 * character majors first, then the 512 block majors, each printed as "%3d %s\n".
 */
import { BLKDEV_MAJOR_MAX, blkdev_show } from "../../block/genhd.ts";
import { this_kernel } from "../../kernel/context.ts";
import { CHRDEV_MAJOR_MAX, chrdev_show } from "../char_dev.ts";
import type { Loff } from "../fs.ts";
import { type SeqFile, type SeqOperations, seq_puts } from "../seq_file.ts";
import { proc_create_seq } from "./generic.ts";

const devinfo_ops: SeqOperations = {
  start(_f: SeqFile, pos: Loff) {
    return pos.value < BLKDEV_MAJOR_MAX + CHRDEV_MAJOR_MAX ? pos.value : null;
  },
  next(_f: SeqFile, _v: unknown, pos: Loff) {
    pos.value++;
    return pos.value < BLKDEV_MAJOR_MAX + CHRDEV_MAJOR_MAX ? pos.value : null;
  },
  stop() {},
  /** Mirrors devinfo_show(). */
  show(f: SeqFile, v: unknown) {
    const k = this_kernel();
    let i = v as number;
    if (i < CHRDEV_MAJOR_MAX) {
      if (i === 0) seq_puts(f, "Character devices:\n");
      const s = chrdev_show(k, i);
      if (s) seq_puts(f, s);
    } else {
      i -= CHRDEV_MAJOR_MAX;
      if (i === 0) seq_puts(f, "\nBlock devices:\n");
      const s = blkdev_show(k, i);
      if (s) seq_puts(f, s);
    }
    return 0;
  },
};

/** Mirrors proc_devices_init(). */
export function proc_devices_init(): void {
  proc_create_seq("devices", 0, null, devinfo_ops);
}
