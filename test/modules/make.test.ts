/**
 * make and kbuild: building modules from TypeScript with the book's Makefiles, with the
 * output of kbuild 5.4 run by GNU make 4.1 (Ubuntu 18.04): the CC/MODPOST/LD lines, the
 * Entering/Leaving directory lines, gcc-style diagnostics and make's error lines.
 */
import { describe, expect, it } from "vitest";
import { DIR, guest, KDIR, kbuildMakefile, procModule } from "./helpers.ts";

const MAKE_LINE = `make -C /lib/modules/5.4.0-llkd01/build M=${DIR} modules`;

describe("kbuild", () => {
  it("builds foo.ko from foo.ts as kbuild prints it, then has nothing to compile", async () => {
    const { put, sh } = await guest();
    await put("hello.ts", procModule("hello"));
    await put("Makefile", kbuildMakefile("hello"));
    const r = await sh("make");
    expect(r).toMatchObject({
      status: 0,
      output: `${MAKE_LINE}
make[1]: Entering directory '${KDIR}'
  CC [M]  ${DIR}/hello.o
  Building modules, stage 2.
  MODPOST 1 modules
  CC [M]  ${DIR}/hello.mod.o
  LD [M]  ${DIR}/hello.ko
make[1]: Leaving directory '${KDIR}'
`,
    });
    expect((await sh("ls")).output).toBe(
      "Makefile\nModule.symvers\nhello.ko\nhello.mod\nhello.mod.c\nhello.mod.o\nhello.o\nhello.ts\nmodules.order\n",
    );
    // Up to date: kbuild only runs modpost again.
    expect((await sh("make")).output).toBe(`${MAKE_LINE}
make[1]: Entering directory '${KDIR}'
  Building modules, stage 2.
  MODPOST 1 modules
make[1]: Leaving directory '${KDIR}'
`);
    // A changed source is compiled again.
    await put("hello.ts", procModule("hello", "// changed"));
    expect((await sh("make")).output).toContain(`  CC [M]  ${DIR}/hello.o\n`);
  });

  it("make clean removes what kbuild made", async () => {
    const { put, sh } = await guest();
    await put("hello.ts", procModule("hello"));
    await put("Makefile", kbuildMakefile("hello"));
    await sh("make");
    const r = await sh("make clean");
    expect(r.output).toBe(`make -C /lib/modules/5.4.0-llkd01/build M=${DIR} clean
make[1]: Entering directory '${KDIR}'
  CLEAN   ${DIR}/Module.symvers
make[1]: Leaving directory '${KDIR}'
`);
    expect((await sh("ls -A")).output).toBe("Makefile\nhello.ts\n");
  });

  it("reads the book's Makefile: KERNELRELEASE, $(info), KDIR ?=, several modules", async () => {
    const { put, sh } = await guest();
    await put("a.ts", procModule("a"));
    await put("b.ts", procModule("b"));
    await put(
      "Makefile",
      `# the book's layout
ifneq ($(KERNELRELEASE),)
  $(info Building with KERNELRELEASE = \${KERNELRELEASE})
  obj-m := a.o
  obj-m += b.o
else
  KDIR ?= /lib/modules/$(shell uname -r)/build
all:
\t$(MAKE) -C $(KDIR) M=$(PWD) modules
endif
`,
    );
    const r = await sh("make");
    expect(r.status).toBe(0);
    expect(r.output).toBe(`${MAKE_LINE}
make[1]: Entering directory '${KDIR}'
Building with KERNELRELEASE = 5.4.0-llkd01
  CC [M]  ${DIR}/a.o
  CC [M]  ${DIR}/b.o
  Building modules, stage 2.
  MODPOST 2 modules
  CC [M]  ${DIR}/a.mod.o
  LD [M]  ${DIR}/a.ko
  CC [M]  ${DIR}/b.mod.o
  LD [M]  ${DIR}/b.ko
make[1]: Leaving directory '${KDIR}'
`);
  });

  it("a syntax error prints as gcc does and make fails with status 2", async () => {
    const { put, sh } = await guest();
    await put(
      "bad.ts",
      `import { pr_info } from "linux";
export default {
  name: "bad",
  license: "GPL",
  load() {
    return { init() { pr_info("x\\n") return 0; } };
  },
};
`,
    );
    await put("Makefile", kbuildMakefile("bad"));
    const r = await sh("make");
    expect(r.status).toBe(2);
    expect(r.output).toBe(`${MAKE_LINE}
make[1]: Entering directory '${KDIR}'
  CC [M]  ${DIR}/bad.o
${DIR}/bad.ts:6:38: error: unexpected token, expected ";"
     return { init() { pr_info("x\\n") return 0; } };
                                      ^
scripts/Makefile.build:270: recipe for target '${DIR}/bad.o' failed
make[2]: *** [${DIR}/bad.o] Error 1
Makefile:1762: recipe for target '${DIR}' failed
make[1]: *** [${DIR}] Error 2
make[1]: Leaving directory '${KDIR}'
Makefile:3: recipe for target 'all' failed
make: *** [all] Error 2
`);
    expect((await sh("ls bad.ko")).status).toBe(2);
  });

  it.each([
    [
      "a missing local import",
      'import { x } from "./nothere";\nexport default { name: "m", load() { return { init: () => x }; } };\n',
      `${DIR}/m.ts:1:19: fatal error: ./nothere: No such file or directory\n import { x } from "./nothere";\n                   ^\ncompilation terminated.\n`,
    ],
    [
      "a Node module",
      'import { readFileSync } from "fs";\nexport default { name: "m", load() { return { init: () => readFileSync } } };\n',
      `${DIR}/m.ts:1:30: fatal error: fs: No such file or directory\n import { readFileSync } from "fs";\n                              ^\ncompilation terminated.\n`,
    ],
    [
      "the C library in a module",
      'import { O_RDWR } from "libc";\nexport default { name: "m", load() { return { init: () => O_RDWR } } };\n',
      `${DIR}/m.ts:1:24: fatal error: libc: No such file or directory\n import { O_RDWR } from "libc";\n                        ^\ncompilation terminated.\n`,
    ],
    [
      "no module definition",
      "export const x = 1;\n",
      `${DIR}/m.ts: error: no module definition: 'export default' an object with load(THIS_MODULE, params)\n`,
    ],
    [
      "a bad parameter type",
      'export default { name: "m", params: { n: { type: "float", perm: 0 } }, load() { return { init: () => 0 } } };\n',
      `${DIR}/m.ts: error: unknown type 'float' of module parameter 'n'\n`,
    ],
  ])("%s is a compile error", async (_n, src, diag) => {
    const { put, sh } = await guest();
    await put("m.ts", src);
    await put("Makefile", kbuildMakefile("m"));
    const r = await sh("make 2>&1 >/dev/null");
    expect(r.output).toBe(
      `${diag}scripts/Makefile.build:270: recipe for target '${DIR}/m.o' failed
make[2]: *** [${DIR}/m.o] Error 1
Makefile:1762: recipe for target '${DIR}' failed
make[1]: *** [${DIR}] Error 2
Makefile:3: recipe for target 'all' failed
make: *** [all] Error 2
`,
    );
  });

  it("modpost warns of undefined symbols and a missing MODULE_LICENSE()", async () => {
    const { put, sh } = await guest();
    await put(
      "w.ts",
      'import { pr_info, not_a_kernel_function } from "linux";\nexport default { name: "w", load() { return { init() { not_a_kernel_function(); pr_info("x"); return 0; } } } };\n',
    );
    await put("Makefile", kbuildMakefile("w"));
    const r = await sh("make 2>&1 >/dev/null");
    expect(r.output).toBe(`WARNING: modpost: missing MODULE_LICENSE() in ${DIR}/w.o
see include/linux/module.h for more information
WARNING: "not_a_kernel_function" [${DIR}/w.ko] undefined!
`);
  });

  it("no source for an object: make's No rule to make target", async () => {
    const { put, sh } = await guest();
    await put("Makefile", kbuildMakefile("ghost"));
    const r = await sh("make 2>&1 >/dev/null");
    expect(
      r.output,
    ).toBe(`make[2]: *** No rule to make target '${DIR}/ghost.o', needed by '__build'.  Stop.
Makefile:1762: recipe for target '${DIR}' failed
make[1]: *** [${DIR}] Error 2
Makefile:3: recipe for target 'all' failed
make: *** [all] Error 2
`);
  });

  it("modules_install needs root, then installs and runs depmod", async () => {
    const { put, sh } = await guest();
    await put("hello.ts", procModule("hello"));
    await put("Makefile", kbuildMakefile("hello"));
    await sh("make");
    const r = await sh(`sudo make -C /lib/modules/5.4.0-llkd01/build M=${DIR} modules_install`);
    expect(r.output).toBe(`make: Entering directory '${KDIR}'
  INSTALL ${DIR}/hello.ko
  DEPMOD  5.4.0-llkd01
make: Leaving directory '${KDIR}'
`);
    expect((await sh("grep hello /lib/modules/5.4.0-llkd01/modules.dep")).output).toBe(
      "extra/hello.ko:\n",
    );
    expect((await sh("sudo modprobe hello && cat /proc/hello")).output).toBe("read 1\n");
  });
});

describe("make", () => {
  it.each([
    [
      "a default goal and variables",
      "X = a\nY := $(X)b\nX = c\nall:\n\t@echo $(X) $(Y)\n",
      "",
      "c ab\n",
      0,
    ],
    ["+= and ?=", "A = 1\nA += 2\nB ?= 3\nB ?= 4\nall:\n\t@echo $(A) $(B)\n", "", "1 2 3\n", 0],
    ["command-line variables win", "V = file\nall:\n\t@echo $(V)\n", "V=cmd", "cmd\n", 0],
    [
      "ifeq/else ifeq/else",
      "V = b\nifeq ($(V),a)\nR = A\nelse ifeq ($(V),b)\nR = B\nelse\nR = C\nendif\nall:\n\t@echo $(R)\n",
      "",
      "B\n",
      0,
    ],
    ["ifdef", "D = 1\nifdef D\nall:\n\t@echo yes\nendif\n", "", "yes\n", 0],
    [
      "functions",
      "S = a.c b.c\nall:\n\t@echo $(patsubst %.c,%.o,$(S)) $(S:.c=.h) $(words $(S)) $(notdir /x/y.z) $(subst a,b,aaa) $(strip  x   y )\n",
      "",
      "a.o b.o a.h b.h 2 y.z bbb x y\n",
      0,
    ],
    ["$(shell)", "all:\n\t@echo $(shell echo hi; echo there)\n", "", "hi there\n", 0],
    ["echo of recipe lines", "all:\n\techo one\n", "", "echo one\none\n", 0],
    [
      "automatic variables",
      "x.txt: y.txt\n\t@echo $@ $< $^\ny.txt:\n\t@touch y.txt\n",
      "",
      "x.txt y.txt y.txt\n",
      0,
    ],
    ["nothing to be done", "all:\n", "", "make: Nothing to be done for 'all'.\n", 0],
    [
      "a failing recipe",
      "all:\n\t@true\n\t@false\n",
      "",
      "Makefile:2: recipe for target 'all' failed\nmake: *** [all] Error 1\n",
      2,
    ],
    [
      "an ignored failure",
      "all:\n\t-@false\n\t@echo after\n",
      "",
      "Makefile:2: recipe for target 'all' failed\nmake: [all] Error 1 (ignored)\nafter\n",
      0,
    ],
    [
      "no rule",
      "all: nothere\n",
      "",
      "make: *** No rule to make target 'nothere', needed by 'all'.  Stop.\n",
      2,
    ],
    [
      "spaces for a tab",
      "all:\n        echo hi\n",
      "",
      "Makefile:2: *** missing separator (did you mean TAB instead of 8 spaces?).  Stop.\n",
      2,
    ],
    ["$(error)", "$(error no way)\n", "", "Makefile:1: *** no way.  Stop.\n", 2],
    [
      "a missing goal",
      "all:\n\t@true\n",
      "other",
      "make: *** No rule to make target 'other'.  Stop.\n",
      2,
    ],
  ])("%s", async (_n, mf, args, out, status) => {
    const { put, sh } = await guest();
    await put("Makefile", mf);
    const r = await sh(`make ${args} 2>&1`);
    expect(r.output).toBe(out);
    expect(r.status).toBe(status);
  });

  it("without a Makefile", async () => {
    const { sh } = await guest();
    expect(await sh("make")).toMatchObject({
      status: 2,
      output: "make: *** No targets specified and no makefile found.  Stop.\n",
    });
  });

  it("'foo' is up to date", async () => {
    const { put, sh } = await guest();
    await put("Makefile", "out: in\n\tcp in out\n");
    await put("in", "x\n");
    expect((await sh("make")).output).toBe("cp in out\n");
    expect((await sh("make")).output).toBe("make: 'out' is up to date.\n");
  });

  it("builds a user program from TypeScript with its built-in rule", async () => {
    const { put, sh } = await guest();
    await put(
      "hello.ts",
      'import type { Libc } from "libc";\nexport default async function main(argv: string[], _e: string[], libc: Libc) { await libc.printf("hello from %s\\n", argv[0]); return 3; }\n',
    );
    await put("Makefile", "all: hello\n");
    expect((await sh("make")).output).toBe("tsc     hello.ts   -o hello\n");
    const r = await sh("./hello; echo $?");
    expect(r.output).toBe("hello from ./hello\n3\n");
    expect((await sh("ls -l hello")).output).toMatch(/^-rwxrwxr-x 1 llkd llkd /);
  });
});

describe("modpost's evaluation of the module", () => {
  it("top-level code that throws is an error at its line", async () => {
    const { put, sh } = await guest();
    await put(
      "top.ts",
      'import { pr_info } from "linux";\nconst table: number[] | null = null;\nconst first = table![0];\nexport default { name: "top", license: "GPL", load() { return { init: () => first }; } };\nvoid pr_info;\n',
    );
    await put("Makefile", kbuildMakefile("top"));
    const r = await sh("make 2>&1 >/dev/null | head -1");
    expect(r.output).toBe(`${DIR}/top.ts:3: error: Cannot read properties of null (reading '0')\n`);
  });
});
