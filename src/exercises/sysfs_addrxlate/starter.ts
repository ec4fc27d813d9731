/** The starter directory of sysfs_addrxlate (~/exercises/sysfs_addrxlate/). */
import { howTo, makefile } from "../common.ts";

export const NAME = "sysfs_addrxlate";
export const PLAT_NAME = "llkd_sysfs_addrxlate";

export const STATEMENT = `sysfs assignment #2 (a bit more advanced): address translation. Exploiting the
knowledge gained from this chapter and the "Direct-mapped RAM and address translation"
section of Linux Kernel Programming (Ch 7), write a simple platform driver that provides
two sysfs interface files called addrxlate_kva2pa and addrxlate_pa2kva. Writing a kva
(kernel virtual address) into the sysfs file addrxlate_kva2pa should have the driver
read and translate the kva into its corresponding physical address (pa); then, reading
from the same file should cause the pa to be displayed. Do the same with the
addrxlate_pa2kva sysfs file.`;

const README = `# ${NAME}

${STATEMENT}

## What the checker expects

- a platform device named \`${PLAT_NAME}\`, so the files are
  \`/sys/devices/platform/${PLAT_NAME}/addrxlate_kva2pa\` and \`.../addrxlate_pa2kva\`;
- \`echo 0x<kva> > addrxlate_kva2pa\` then \`cat addrxlate_kva2pa\` shows the physical
  address, as a hexadecimal number (\`0x%px\\n\` is a good format); likewise for
  \`addrxlate_pa2kva\`; before any write, they show 0;
- only kernel direct-mapped RAM addresses translate: a kva below PAGE_OFFSET or at or past
  the end of the direct map (PAGE_OFFSET + RAM size), or a pa at or past the end of RAM,
  is rejected: the write fails (the book's code returns -EFAULT) and the file keeps
  showing the previous translation; so is text that is not a number;
- the checker boots with a PAGE_OFFSET other than the default (as KASLR gives) and 2 GiB
  of RAM.

vkern models the x86_64 layout: RAM is \`ramBytes\` from physical 0, mapped at
PAGE_OFFSET. The API has \`__pa()\`, \`__va()\`, \`virt_to_phys()\`, \`phys_to_virt()\`,
\`virt_addr_valid()\`, \`pfn_valid()\`, \`high_memory()\` and \`PAGE_OFFSET()\`; addresses
are bigints (C's unsigned long). Parse the written text with \`kstrtoull(buf, 0)\`.

${howTo(NAME, NAME)}`;

const SKELETON = `/*
 * ${NAME}: the chapter's sysfs assignment #2 - translate kernel virtual addresses
 * of the direct map to physical ones and back, through two sysfs files of a platform
 * device.
 *
 * TODO:
 *  - register a platform device "${PLAT_NAME}" (platform_device_register_simple())
 *  - create addrxlate_kva2pa and addrxlate_pa2kva with DEVICE_ATTR_RW() and
 *    device_create_file(); their store() parses and validates the address, their
 *    show() prints the last translation
 *  - remove both and unregister the device in exit
 */
import { type ModuleDefinition, pr_info } from "linux";

const OURMODNAME = "${NAME}";
const PLAT_NAME = "${PLAT_NAME}";

const ${NAME}: ModuleDefinition = {
  name: OURMODNAME,
  description: "LKP-2 ch2 assignment: sysfs interface to translate direct-mapped addresses",
  author: "<your name here>",
  license: "Dual MIT/GPL",
  version: "0.1",

  load(THIS_MODULE) {
    const g = THIS_MODULE.static({ xlated_kva2pa: 0n, xlated_pa2kva: 0n });

    function ${NAME}_init(): number {
      /* TODO */
      void g;
      void PLAT_NAME;
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
