/**
 * tsc: user programs in TypeScript, compiled and "linked" into executables that the
 * kernel runs with a binary format of their own; gcc/ld-style messages; a program that
 * spins without yielding gets SIGXCPU.
 */
import { describe, expect, it } from "vitest";
import { guest } from "./helpers.ts";

const HELLO = `import { type Libc, O_RDONLY, SysError } from "libc";
import { GREETING } from "./greeting";

export default async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  await libc.printf("%s, %s\\n", GREETING, argv[1] ?? "world");
  try {
    await libc.open("/nonexistent", O_RDONLY);
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    await libc.perror("open");
  }
  return 0;
}
`;

describe("tsc", () => {
  it("builds an executable from a program and the file it imports; it runs like any other", async () => {
    const { put, sh } = await guest();
    await put("hello.ts", HELLO);
    await put("greeting.ts", 'export const GREETING = "Hello";\n');
    expect(await sh("tsc -o hello hello.ts")).toMatchObject({ status: 0, output: "" });
    expect((await sh("./hello llkd; echo $?")).output).toBe(
      // stdout is a pipe here, fully buffered as glibc's; stderr is not buffered
      "open: No such file or directory\nHello, llkd\n0\n",
    );
    expect((await sh("head -c 24 hello | od -c | head -2")).output).toBe(
      '0000000 177   E   L   F 002 001 001  \\0   v   k   e   r   n   -   j   s\n0000020   p   r   o   g  \\0   {   "   m\n',
    );
    // without -o, as cc: a.out
    expect((await sh("tsc hello.ts && ./a.out x")).output).toBe(
      "open: No such file or directory\nHello, x\n",
    );
  });

  it.each([
    [
      "a syntax error",
      "hello.ts",
      "export default async function main() {\n  return 1 2;\n}\n",
      'hello.ts:2:12: error: unexpected token, expected ";"\n   return 1 2;\n            ^\n',
    ],
    [
      "an undefined reference",
      "hello.ts",
      'import { no_such } from "libc";\nexport default async function main() { return no_such(); }\n',
      "hello.ts: undefined reference to `no_such'\ncollect2: error: ld returned 1 exit status\n",
    ],
    [
      "a missing header",
      "hello.ts",
      'import { X } from "./nothere";\nexport default async function main() { return X; }\n',
      'hello.ts:1:19: fatal error: ./nothere: No such file or directory\n import { X } from "./nothere";\n                   ^\ncompilation terminated.\n',
    ],
  ])("%s", async (_n, file, src, msg) => {
    const { put, sh } = await guest();
    await put(file, src);
    const r = await sh(`tsc -o hello ${file}`);
    expect(r).toMatchObject({ status: 1, output: msg });
    expect((await sh("ls hello")).status).toBe(2);
  });

  it("no input files", async () => {
    const { sh } = await guest();
    expect(await sh("tsc")).toMatchObject({
      status: 1,
      output: "tsc: fatal error: no input files\ncompilation terminated.\n",
    });
  });

  it("a program that spins without a system call gets SIGXCPU", async () => {
    const { put, sh } = await guest();
    await put("spin.ts", "export default async function main() { let n = 0; for (;;) n++; }\n");
    await sh("tsc -o spin spin.ts");
    const r = await sh("./spin; echo status $?");
    expect(r.output).toMatch(/^bash: line 1: +\d+ CPU time limit exceeded \.\/spin\nstatus 152\n$/);
  });

  it("a program without main", async () => {
    const { put, sh } = await guest();
    await put("nomain.ts", "export const x = 1;\n");
    await sh("tsc -o nomain nomain.ts");
    expect(await sh("./nomain")).toMatchObject({
      status: 127,
      output: "./nomain: no main() (export default async function main)\n",
    });
  });
});
