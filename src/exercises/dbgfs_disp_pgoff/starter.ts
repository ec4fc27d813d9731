/** The starter directory of dbgfs_disp_pgoff (~/exercises/dbgfs_disp_pgoff/). */
import { howTo, makefile } from "../common.ts";

export const NAME = "dbgfs_disp_pgoff";

export const STATEMENT = `debugfs assignment #1: write a kernel module that sets up a debugfs file here:
<debugfs_mount_point>/dbgfs_disp_pgoff. When read, it should display (to user space)
the current value of the PAGE_OFFSET kernel macro.`;

const README = `# ${NAME}

${STATEMENT}

## What the checker expects

- \`/sys/kernel/debug/${NAME}\` exists while the module is loaded (a file directly in
  the debugfs root) and is gone after \`rmmod\`;
- reading it (as root: /sys/kernel/debug is 0700) gives PAGE_OFFSET as a number, for
  example \`0xffff888000000000\` (the format is yours: \`0x%px\\n\` is a good one);
- the value is the running kernel's: the checker boots with a different PAGE_OFFSET,
  as KASLR would give, so a hard-coded value fails;
- \`dd bs=3\` and \`cat\` read the same text (the read method honours the file position:
  simple_read_from_buffer() does that for you).

Hints: debugfs_create_file(name, mode, parent, data, fops), a \`read\` method in the
fops, PAGE_OFFSET() (a function in vkern: C's macro reads a variable), snprintf() or
kasprintf(), simple_read_from_buffer(), debugfs_remove() in exit.

${howTo(NAME, NAME)}`;

const SKELETON = `/*
 * ${NAME}: the chapter's debugfs assignment #1 - a debugfs file that shows the
 * value of PAGE_OFFSET when read.
 *
 * TODO: create <debugfs>/${NAME} in init, with a read method that copies the text
 * to user space; remove the file in exit.
 */
import { type ModuleDefinition, pr_info } from "linux";

const OURMODNAME = "${NAME}";

const ${NAME}: ModuleDefinition = {
  name: OURMODNAME,
  description: "LKP-2 ch2 assignment: debugfs file showing PAGE_OFFSET",
  author: "<your name here>",
  license: "Dual MIT/GPL",
  version: "0.1",

  load(THIS_MODULE) {
    /* module statics: what C keeps in static variables */
    const g = THIS_MODULE.static({ dentry: null as unknown });

    function ${NAME}_init(): number {
      /* TODO */
      void g;
      pr_info("initialized\\n");
      return 0;
    }

    function ${NAME}_exit(): void {
      /* TODO */
      pr_info("removed\\n");
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
