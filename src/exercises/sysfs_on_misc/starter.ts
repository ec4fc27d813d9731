/** The starter directory of sysfs_on_misc (~/exercises/sysfs_on_misc/). */
import { howTo, makefile } from "../common.ts";

export const NAME = "sysfs_on_misc";
export const INITIAL_MSG = "Hello from sysfs_on_misc";

export const STATEMENT = `sysfs assignment #1: update a misc device driver that you wrote in Chapter 1
(Writing a Simple misc Character Device Driver); set it up to create two sysfs files and
their read/write callbacks. Test them from user space.`;

const README = `# ${NAME}

${STATEMENT}

The starter file is such a misc driver: /dev/${NAME} keeps a message that reading the
device gives (with a newline) and writing it replaces.

## What the checker expects

- the misc device \`${NAME}\` (so /dev/${NAME} and /sys/class/misc/${NAME}/);
- two sysfs files on the misc device, \`/sys/class/misc/${NAME}/debug_level\` and
  \`/sys/class/misc/${NAME}/msg\`, both mode 0644 (\`DEVICE_ATTR_RW()\`);
- \`debug_level\` reads as \`0\\n\` at first; writing 0, 1 or 2 sets it (it then reads back
  as such); anything else (3, -1, text) fails with EINVAL and changes nothing;
- \`msg\` reads as the driver's message and a newline (at first \`${INITIAL_MSG}\\n\`);
  writing it sets the message (without the trailing newline \`echo\` adds), which reading
  /dev/${NAME} then gives too; a message of 128 bytes or more fails with EINVAL;
- after \`rmmod\` both the device and its sysfs directory are gone.

Hints: \`misc_register()\` fills in \`this_device\`, the struct device to give
\`device_create_file(dev, DEVICE_ATTR_RW(name, show, store))\`; show() and store() get a
kernel buffer (a Uint8Array), not a user pointer: format with snprintf(buf, size, ...),
parse with kstrtoint(buf.subarray(0, count), 0).

${howTo(NAME, NAME)}`;

const SKELETON = `/*
 * ${NAME}: the chapter's sysfs assignment #1 - a misc driver (the book's Ch 1 kind)
 * with two sysfs files.
 *
 * The misc device works: /dev/${NAME} keeps a message.
 * TODO: add the sysfs files debug_level and msg on the misc device
 * (llkd_miscdev.this_device), with their show and store callbacks, and remove them in
 * exit.
 */
import {
  copy_from_user,
  DEFINE_MUTEX,
  EFAULT,
  EINVAL,
  ERESTARTSYS,
  type File,
  type FileOperations,
  type Inode,
  type Loff,
  MISC_DYNAMIC_MINOR,
  type ModuleDefinition,
  type miscdevice,
  misc_deregister,
  misc_register,
  mutex_lock_interruptible,
  mutex_unlock,
  pr_info,
  simple_read_from_buffer,
  type UserPtr,
} from "linux";

const OURMODNAME = "${NAME}";
const MSG_MAX = 128;

const ${NAME}: ModuleDefinition = {
  name: OURMODNAME,
  description: "LKP-2 ch2 assignment: sysfs files on a misc device",
  author: "<your name here>",
  license: "Dual MIT/GPL",
  version: "0.1",

  load(THIS_MODULE) {
    const mtx = DEFINE_MUTEX("mtx");
    const g = THIS_MODULE.static({ debug_level: 0, msg: "${INITIAL_MSG}" });
    const dec = new TextDecoder();

    function open_miscdrv(_inode: Inode, _filp: File): number {
      return 0;
    }
    function read_miscdrv(_filp: File, ubuf: UserPtr, count: number, off: Loff): number {
      return simple_read_from_buffer(ubuf, count, off, \`\${g.msg}\\n\`);
    }
    function write_miscdrv(_filp: File, ubuf: UserPtr, count: number, _off: Loff): number {
      if (count === 0 || count >= MSG_MAX) return -EINVAL;
      const buf = new Uint8Array(count);
      if (copy_from_user(buf, ubuf, count)) return -EFAULT;
      if (mutex_lock_interruptible(mtx)) return -ERESTARTSYS;
      g.msg = dec.decode(buf).replace(/\\n$/, "");
      mutex_unlock(mtx);
      return count;
    }
    const llkd_misc_fops: FileOperations = {
      owner: THIS_MODULE,
      open: open_miscdrv,
      read: read_miscdrv,
      write: write_miscdrv,
    };
    const llkd_miscdev: miscdevice = {
      minor: MISC_DYNAMIC_MINOR,
      name: OURMODNAME,
      fops: llkd_misc_fops,
      mode: 0o666,
    };

    /* TODO: the sysfs files' show/store callbacks and DEVICE_ATTR_RW()s */

    function ${NAME}_init(): number {
      const ret = misc_register(llkd_miscdev);
      if (ret) {
        pr_info("misc device registration failed, aborting\\n");
        return ret;
      }
      /* TODO: device_create_file(llkd_miscdev.this_device!, ...) x 2 */
      pr_info("LLKD misc driver (major # 10) registered, minor# = %d, dev node is /dev/%s\\n", llkd_miscdev.minor, OURMODNAME);
      return 0;
    }

    function ${NAME}_exit(): void {
      /* TODO: device_remove_file() x 2 */
      misc_deregister(llkd_miscdev);
      pr_info("LLKD misc driver deregistered, bye\\n");
    }

    return { init: ${NAME}_init, exit: ${NAME}_exit };
  },
};

export default ${NAME};
`;

export const STARTER: Record<string, string> = {
  "README.md": README,
  [`${NAME}.ts`]: SKELETON,
  Makefile: makefile(NAME),
};
