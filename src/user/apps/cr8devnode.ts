/**
 * cr8devnode.sh, the book's helper script for the ioctl demo (ch13/ioctl_intf), installed as
 * a real bash script: it reads the driver's major from /proc/devices and mknods the node.
 * The book's copy names the node /dev/ioctl_intf; the chapter's text (and ioctl.t) use
 * /dev/ioctl_llkd_kdrv, which wins. It needs grep, awk, basename, rm, mknod, ls and sudo.
 */
import { writeFile } from "../../init/initramfs.ts";
import type { Kernel } from "../../kernel/kernel.ts";

export const CR8DEVNODE_PATH = "/usr/local/bin/cr8devnode.sh";

export const CR8DEVNODE_SH = `#!/bin/bash
# cr8devnode.sh
# Simple utility script to create the device node for the driver
# (Binds on the basis of the OURMODNAME macro; so simply update it...
# also, we just set the minor # to 0)
name=$(basename "$0")
OURMODNAME="ioctl_llkd_kdrv"
DEVNM=/dev/\${OURMODNAME}

MAJOR=$(grep "\${OURMODNAME}" /proc/devices | awk '{print $1}')
[ -z "\${MAJOR}" ] && {
	echo "\${name}: failed to retreive the major #, aborting ...
  (is the \${OURMODNAME} device driver loaded ?)"
	exit 1
}
echo "major number is \${MAJOR}"
sudo rm -f "\${DEVNM}" # rm any stale instance
sudo mknod "\${DEVNM}" c "\${MAJOR}" 0
ls -l "\${DEVNM}"
exit 0
`;

/** Installs the script, mode 0755, owned by root. */
export function installCr8devnode(k: Kernel): void {
  writeFile(k, CR8DEVNODE_PATH, CR8DEVNODE_SH, 0o755);
}
