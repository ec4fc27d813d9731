/** A kernel with a directory of llkd's to build modules in, and a shell to run there. */
import { mkdirp } from "../../src/init/initramfs.ts";
import type { KernelOptions } from "../../src/kernel/kernel.ts";
import { hostProcess } from "../../src/user/run.ts";
import { boot, runProgram } from "../../src/vkern.ts";

export const DIR = "/home/llkd/m";
export const KDIR = "/usr/src/linux-headers-5.4.0-llkd01";

export async function guest(opts: Partial<KernelOptions> = {}) {
  const k = await boot(opts);
  mkdirp(k, DIR, 0o775, { uid: 1000, gid: 1000 });
  // Written by a process of llkd's, so the file's mtime is now (make compares mtimes).
  const put = async (name: string, text: string) => {
    const { libc } = hostProcess(k, 1000, DIR, () => {});
    await libc.writeFile(`${DIR}/${name}`, text, 0o664);
  };
  const sh = (cmd: string, uid = 1000) => runProgram(k, ["bash", "-c", cmd], { uid, cwd: DIR });
  return { k, put, sh };
}

/** The usual two-target Makefile of an out-of-tree module. */
export function kbuildMakefile(...objs: string[]): string {
  return `obj-m += ${objs.map((o) => `${o}.o`).join(" ")}
all:
\tmake -C /lib/modules/$(shell uname -r)/build M=$(PWD) modules
clean:
\tmake -C /lib/modules/$(shell uname -r)/build M=$(PWD) clean
`;
}

/** A module with a /proc file that counts its reads (its statics live in the closure). */
export function procModule(name: string, extra = ""): string {
  return `import { pr_info, proc_create_single_data, remove_proc_entry, seq_printf, type SeqFile } from "linux";

let reads = 0; // a module static: fresh on every load
${extra}
export default {
  name: "${name}",
  license: "GPL",
  author: "llkd",
  description: "counts the reads of /proc/${name}",
  version: "1.0",
  load(THIS_MODULE) {
    function ${name}_show(m: SeqFile): number {
      seq_printf(m, "read %d\\n", ++reads);
      return 0;
    }
    function ${name}_init(): number {
      proc_create_single_data("${name}", 0o444, null, ${name}_show, null);
      pr_info("loaded\\n");
      return 0;
    }
    function ${name}_exit(): void {
      remove_proc_entry("${name}", null);
      pr_info("unloaded\\n");
    }
    return { init: ${name}_init, exit: ${name}_exit };
  },
};
`;
}
