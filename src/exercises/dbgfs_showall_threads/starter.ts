/** The starter directory of dbgfs_showall_threads (~/exercises/dbgfs_showall_threads/). */
import { howTo, makefile } from "../common.ts";

export const NAME = "dbgfs_showall_threads";

export const STATEMENT = `debugfs assignment #2: write a kernel module that sets up a debugfs file here:
<debugfs_mount_point>/dbgfs_showall_threads/dbgfs_showall_threads. When read, it should
display some attributes of every thread alive (as the book's ch6/foreach/thrd_showall
does at insmod time; with a debugfs file you can display them at any time). The
suggested output format is CSV: TGID,PID,current,stack-start,name,#threads. A name in
[square brackets] is a kernel thread; the #threads field shows only a positive integer
(no output there means a single-threaded process); for example:
130,130,0xffff9f8b3cd38000,0xffffc13280420000,[watchdogd]`;

const README = `# ${NAME}

${STATEMENT}

## What the checker expects

- the file \`/sys/kernel/debug/${NAME}/${NAME}\` (in a directory of the same name);
- one line per thread alive, \`TGID,PID,current,stack-start,name\` and, on the main
  thread of a multithreaded user process only, \`,#threads\`; a first line for the idle
  task (pid 0, [swapper/0]) and a header line starting with TGID are allowed;
- every thread exactly once: kernel threads (kthreadd, ksoftirqd/0, kworker/...) and
  user processes with all their threads (the checker starts one with 4 threads);
- \`current\` is the task_struct's address and \`stack-start\` its kernel stack's, as
  \`0x%px\` prints them; kernel threads' names in [brackets], user tasks' not;
- reading it 64 bytes at a time gives the same lines.

The API: \`for (const p of for_each_process())\`, \`for (const t of for_each_thread(p))\`
or \`for (const [p, t] of for_each_process_thread())\` (C's do_each_thread), and
\`get_nr_threads(p)\`, \`get_task_mm(p)\` (null for a kernel thread: C's \`!p->mm\`),
\`task_addr(t)\` (what \`%px\` of t prints in C), \`task_stack_page(t)\` (t->stack),
\`init_task()\`; a task has \`pid\`, \`tgid\` and \`comm\`. Format with kasprintf() and copy
with simple_read_from_buffer().

${howTo(NAME, NAME)}`;

const SKELETON = `/*
 * ${NAME}: the chapter's debugfs assignment #2 - show every thread alive, as CSV,
 * in <debugfs>/${NAME}/${NAME}.
 *
 * TODO: create the directory and the file in init (debugfs_create_dir(),
 * debugfs_create_file()), build the text in the file's read method, and remove it all
 * in exit (debugfs_remove_recursive()).
 */
import { type ModuleDefinition, pr_info } from "linux";

const OURMODNAME = "${NAME}";

const ${NAME}: ModuleDefinition = {
  name: OURMODNAME,
  description: "LKP-2 ch2 assignment: debugfs file showing all threads alive",
  author: "<your name here>",
  license: "Dual MIT/GPL",
  version: "0.1",

  load(THIS_MODULE) {
    const g = THIS_MODULE.static({ gparent: null as unknown });

    function ${NAME}_init(): number {
      /* TODO */
      void g;
      pr_info("initialized\\n");
      return 0;
    }

    function ${NAME}_cleanup(): void {
      /* TODO */
      pr_info("removed\\n");
    }

    return { init: ${NAME}_init, exit: ${NAME}_cleanup };
  },
};

export default ${NAME};
`;

export const STARTER: Record<string, string> = {
  "README.md": README,
  [`${NAME}.ts`]: SKELETON,
  Makefile: makefile(NAME),
};
