/** Pieces the exercises share: their Makefile, the README's how-to, value parsing. */

/** The usual kbuild Makefile, plus the user program when the exercise has one. */
export function makefile(module: string, program?: { name: string; deps: string[] }): string {
  const prog = program
    ? `
# The user program, built from ${program.name}.ts by vkern's tsc (as gcc builds app.c).
${program.name}: ${[`${program.name}.ts`, ...program.deps].join(" ")}
\ttsc -o $@ $<
`
    : "";
  return `# Makefile for the ${module} exercise: kbuild builds ${module}.ko from ${module}.ts.
obj-m += ${module}.o

KDIR ?= /lib/modules/$(shell uname -r)/build

all:${program ? ` ${program.name}` : ""}
\t$(MAKE) -C $(KDIR) M=$(PWD) modules
${prog}
clean:
\t$(MAKE) -C $(KDIR) M=$(PWD) clean${program ? `\n\trm -f ${program.name}` : ""}
`;
}

/** The part of every starter README that says how to work on the exercise. */
export function howTo(name: string, module: string, program?: string): string {
  return `## Working on it

    cd ~/exercises/${name}
    make                        # builds ${module}.ko${program ? ` and ${program}` : ""}
    sudo insmod ./${module}.ko
    ...                         # try it: cat, echo >, ls -l, dmesg${program ? `, ./${program}` : ""}
    sudo rmmod ${module}
    check ${name}               # the automatic checker

The module is TypeScript: \`import { ... } from "linux"\` gives the kernel API under
Linux's names, and the file exports its definition (\`export default { name, license,
..., load(THIS_MODULE) { ...; return { init, exit }; } }\`), like the chapter's demo
modules in vkern's src/modules/. \`check ${name}\` boots a fresh kernel, builds and loads
this directory's sources there and prints each test as PASS or FAIL with what it
expected and what it saw; it does not touch the kernel you are working in.
`;
}

/** The numbers in a text: hexadecimal (with 0x, or 8+ hex digits) and decimal. */
export function numbersIn(text: string): bigint[] {
  const out: bigint[] = [];
  for (const m of text.matchAll(/0x[0-9a-fA-F]+|\b[0-9a-fA-F]{8,16}\b|-?\b\d+\b/g)) {
    const t = m[0];
    try {
      if (/^0x/i.test(t)) out.push(BigInt(t));
      else if (/[a-fA-F]/.test(t) || (t.length >= 8 && !/^-/.test(t) && t.length === 16))
        out.push(BigInt(`0x${t}`));
      else out.push(BigInt(t));
    } catch {
      // not a number after all
    }
  }
  return out;
}

/** A 64-bit value as %px prints it, with 0x. */
export function px(v: bigint): string {
  return `0x${BigInt.asUintN(64, v).toString(16).padStart(16, "0")}`;
}
