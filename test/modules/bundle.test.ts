/**
 * The compiler front end and the evaluation of compiled code: imports resolved to the
 * built-in APIs or sibling files, diagnostics with positions, fresh module scope on every
 * evaluation, the fence around host globals.
 */
import { describe, expect, it } from "vitest";
import {
  decodeBundle,
  encodeBundle,
  evaluateBundle,
  importedNames,
  undefinedSymbols,
} from "../../src/lib/js_bundle.ts";
import { loopWatchdog } from "../../src/lib/loop_guard.ts";
import { compileProgram, formatDiagnostic, resolvePath } from "../../src/lib/ts_compile.ts";

const wd = () =>
  loopWatchdog(
    () => 1 << 20,
    () => new Error("stuck"),
  );

async function compile(files: Record<string, string>, entry = "/m/main.ts", builtins = ["linux"]) {
  return compileProgram({ entry, read: async (p) => files[p] ?? null, builtins });
}

describe("compileProgram", () => {
  it("resolves linux, linux/..., ../../linux.ts to the API and ./x to sibling files", async () => {
    const r = await compile({
      "/m/main.ts":
        'import { a } from "linux";\nimport { b } from "linux/module";\nimport { c } from "../../linux.ts";\nimport { H } from "./hdr";\nexport default a + b + c + H;\n',
      "/m/hdr.ts": "export const H: number = 4;\n",
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.bundle!.files["/m/main.ts"].deps).toEqual({
      linux: "builtin:linux",
      "linux/module": "builtin:linux",
      "../../linux.ts": "builtin:linux",
      "./hdr": "/m/hdr.ts",
    });
    const out = evaluateBundle(r.bundle!, { linux: { a: 1, b: 2, c: 3 } }, wd());
    expect(out.default).toBe(10);
    expect(decodeBundle(encodeBundle(r.bundle!))).toEqual(r.bundle);
  });

  it("type-only imports vanish; used names are what the API must export", async () => {
    const r = await compile({
      "/m/main.ts":
        'import { type SeqFile, seq_printf, pr_info, unused } from "linux";\nexport default (m: SeqFile) => { seq_printf(m, "x"); pr_info("y"); };\n',
    });
    const f = r.bundle!.files["/m/main.ts"];
    expect([...importedNames(f, "linux")].sort()).toEqual(["pr_info", "seq_printf"]);
    expect(undefinedSymbols(r.bundle!, "linux", { seq_printf() {} })).toEqual(["pr_info"]);
  });

  it("syntax errors carry the position; formatDiagnostic prints as gcc 7", async () => {
    const r = await compile({ "/m/main.ts": "const a = 1;\nconst b = (a +;\n" });
    expect(r.bundle).toBeNull();
    expect(r.diagnostics).toEqual([
      { file: "/m/main.ts", line: 2, column: 15, severity: "error", message: "unexpected token" },
    ]);
    expect(formatDiagnostic(r.diagnostics[0], r.sources)).toBe(
      "/m/main.ts:2:15: error: unexpected token\n const b = (a +;\n               ^\n",
    );
  });

  it("libc is not for modules; programs get it", async () => {
    const src = { "/m/main.ts": 'import { O_RDWR } from "libc";\nexport default O_RDWR;\n' };
    expect((await compile(src)).diagnostics[0]).toMatchObject({
      severity: "fatal error",
      message: "libc: No such file or directory",
    });
    expect((await compile(src, "/m/main.ts", ["libc", "linux"])).diagnostics).toEqual([]);
  });

  it.each([
    ["/a/b", "../c", "/a/c"],
    ["/a/b", "./c/../d", "/a/b/d"],
    ["/", "x", "/x"],
    ["/a", "/abs/./y", "/abs/y"],
  ])("resolvePath(%s, %s) is %s", (d, r, want) => {
    expect(resolvePath(d, r)).toBe(want);
  });
});

describe("evaluateBundle", () => {
  it("evaluates afresh each time: module statics start over", async () => {
    const r = await compile({ "/m/main.ts": "let n = 0;\nexport default () => ++n;\n" });
    const f1 = evaluateBundle(r.bundle!, { linux: {} }, wd()).default as () => number;
    f1();
    expect(f1()).toBe(2);
    const f2 = evaluateBundle(r.bundle!, { linux: {} }, wd()).default as () => number;
    expect(f2()).toBe(1);
  });

  it("host globals are undefined inside; eval of an unknown import fails to link", async () => {
    const r = await compile({
      "/m/main.ts":
        "export default [typeof globalThis, typeof process, typeof setTimeout, typeof window, typeof fetch, typeof Math];\n",
    });
    expect(evaluateBundle(r.bundle!, { linux: {} }, wd()).default).toEqual([
      "undefined",
      "undefined",
      "undefined",
      "undefined",
      "undefined",
      "object",
    ]);
    const bad = { main: "/m/x.ts", files: { "/m/x.ts": { js: "require('fs');", deps: {} } } };
    expect(() => evaluateBundle(bad, { linux: {} }, wd())).toThrow("cannot find module 'fs'");
  });
});
