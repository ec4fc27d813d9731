/**
 * The built compiler.js is sucrase trimmed and rewritten for size (web/build/lazy_compiler.ts,
 * sucrase_enums.ts): unused transforms and helpers left out, enums read as numbers. Whatever
 * vkern asks of it, it must answer as sucrase itself does: the same JavaScript for every
 * TypeScript file of the repository's modules, exercises and apps, and the same errors.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { transform } from "sucrase";
import { describe, expect, it } from "vitest";
import { DIST, ROOT } from "./browser.ts";

type Transform = typeof transform;

function bundledTransform(): Transform {
  const g = globalThis as { vkernCompiler?: { sucrase: { transform: Transform } } };
  new Function(readFileSync(join(DIST, "assets/compiler.js"), "utf8"))();
  if (!g.vkernCompiler) throw new Error("compiler.js did not set globalThis.vkernCompiler");
  return g.vkernCompiler.sucrase.transform;
}

/** The options of src/lib/ts_compile.ts. */
const OPTIONS = { transforms: ["typescript", "imports"] as const, disableESTransforms: true };

function sources(): string[] {
  const out: string[] = [];
  for (const dir of ["src/modules", "src/exercises", "src/user/apps"])
    for (const f of readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" }))
      if (f.endsWith(".ts")) out.push(join(dir, f));
  return out;
}

const BROKEN = [
  "if x",
  "function f() {",
  "let a = [1, 2",
  "switch (x) { case 1 }",
  "x = {a b}",
  "interface I { a: }",
  "`abc",
  "let 1 = 2",
  "import x from;",
  "class { x: }",
];

function outcome(f: Transform, src: string): string {
  try {
    return f(src, { ...OPTIONS, transforms: [...OPTIONS.transforms] }).code;
  } catch (e) {
    return `error: ${e instanceof Error ? e.message : String(e)}`;
  }
}

describe("compiler.js", () => {
  const bundled = bundledTransform();

  it.each(sources())("compiles %s as sucrase does", (file) => {
    const src = readFileSync(join(ROOT, file), "utf8");
    expect(outcome(bundled, src)).toBe(outcome(transform, src));
  });

  it.each(BROKEN)("reports %j as sucrase does", (src) => {
    const want = outcome(transform, src);
    expect(want).toMatch(/^error: /);
    expect(outcome(bundled, src)).toBe(want);
  });

  it("writes the interop helpers as sucrase does", () => {
    const src = `import * as a from "x"; import b from "y"; export * from "z"; export { c } from "w";`;
    const want = outcome(transform, src);
    expect(want).toContain("function _interopRequireWildcard(");
    expect(outcome(bundled, src)).toBe(want);
  });
});
