/**
 * Keeps the module compiler (sucrase: `make` and the loader of learners' modules use it) out
 * of the page's first script. In the main build every `sucrase...` import becomes a stub
 * that forwards to `globalThis.vkernCompiler`, filled by assets/compiler.js, which the page
 * loads right after the first prompt; the terminal holds commands until it has arrived.
 * Primitive and plain-data exports (constants, enums such as TokenType) are copied into the
 * stub at build time, so code that reads them while loading still works.
 */

import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin } from "vite";
import { wordsOfTree } from "../src/compiler/read_word_tree.ts";

/**
 * The sucrase entry points src/ imports, and the names it takes from each; the build fails
 * on any other specifier or name, to be added here.
 */
export const COMPILER_IMPORTS: Record<string, string[]> = {
  sucrase: ["transform"],
  "sucrase/dist/parser/index.js": ["parse"],
  "sucrase/dist/parser/tokenizer/types.js": ["TokenType"],
};
const COMPILER_SPECIFIERS = Object.keys(COMPILER_IMPORTS);

const require = createRequire(import.meta.url);
const PREFIX = "\0vkern-lazy:";

function isPlainData(v: unknown): boolean {
  if (v === null || typeof v !== "object") return typeof v !== "function";
  if (Array.isArray(v)) return v.every(isPlainData);
  if (Object.getPrototypeOf(v) !== Object.prototype) return false;
  return Object.values(v).every(
    (x) => x === null || ["number", "string", "boolean"].includes(typeof x),
  );
}

function stubSource(spec: string, used: ReadonlySet<string>): string {
  const mod = require(spec) as Record<string, unknown>;
  const lines = [
    `const m = () => { const g = globalThis.vkernCompiler; if (!g) throw new Error("the compiler is still loading"); return g[${JSON.stringify(spec)}]; };`,
  ];
  for (const name of COMPILER_IMPORTS[spec]) {
    const value = mod[name];
    if (typeof value === "function") {
      lines.push(
        `export function ${name}(...a) { const f = m().${name}; return new.target ? Reflect.construct(f, a) : f.apply(this, a); }`,
      );
    } else if (isPlainData(value) && (Array.isArray(value) || typeof value !== "object")) {
      lines.push(`export const ${name} = ${JSON.stringify(value)};`);
    } else if (isPlainData(value)) {
      // An enum-like table (TokenType has 239 entries, src reads a dozen): only the members
      // some file of src/ might read (`.name` anywhere) are copied; any other comes from the
      // loaded compiler. Pure: when src/ reads the members as numbers (sucrase_enums.ts), the
      // table is left out.
      const copy = Object.fromEntries(Object.entries(value as object).filter(([k]) => used.has(k)));
      lines.push(
        `export const ${name} = /* @__PURE__ */ new Proxy(${JSON.stringify(copy)}, { get: (t, k) => k in t ? t[k] : m().${name}[k], has: (t, k) => k in t || k in m().${name} });`,
      );
    } else {
      lines.push(
        `export const ${name} = /* @__PURE__ */ new Proxy({}, { get: (_, k) => m().${name}[k], has: (_, k) => k in m().${name} });`,
      );
    }
  }
  return lines.join("\n");
}

/** Every `.name` in the .ts files under `dir`: the members code there might read. */
function memberNames(dir: string): Set<string> {
  const names = new Set<string>();
  for (const f of readdirSync(dir, { recursive: true, encoding: "utf8" }))
    if (f.endsWith(".ts"))
      for (const m of readFileSync(join(dir, f), "utf8").matchAll(/\.([A-Za-z_$][\w$]*)/g))
        names.add(m[1]);
  return names;
}

/** The main build's side: sucrase imports (from the files under `srcDir`) become stubs. */
export function lazyCompilerStubs(srcDir: string): Plugin {
  let used: Set<string> | null = null;
  return {
    name: "vkern-lazy-compiler",
    enforce: "pre",
    apply: "build",
    resolveId(id) {
      if (id !== "sucrase" && !id.startsWith("sucrase/")) return null;
      if (!COMPILER_SPECIFIERS.includes(id))
        this.error(`${id}: add it to COMPILER_SPECIFIERS in web/build/lazy_compiler.ts`);
      return PREFIX + id;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      used ??= memberNames(srcDir);
      return stubSource(id.slice(PREFIX.length), used);
    },
  };
}

/** The compiler bundle's entry: the names src/ uses, on globalThis.vkernCompiler. */
export function compilerEntrySource(): string {
  const lines: string[] = [];
  const table: string[] = [];
  COMPILER_SPECIFIERS.forEach((spec, i) => {
    const names = COMPILER_IMPORTS[spec];
    lines.push(
      `import { ${names.map((n) => `${n} as m${i}_${n}`).join(", ")} } from ${JSON.stringify(spec)};`,
    );
    table.push(`${JSON.stringify(spec)}: { ${names.map((n) => `${n}: m${i}_${n}`).join(", ")} }`);
  });
  return `${lines.join("\n")}\nglobalThis.vkernCompiler = { ${table.join(", ")} };\nexport {};\n`;
}

/**
 * sucrase checks its options at run time with ts-interface-checker (28 KB); vkern's options
 * are constants (src/lib/ts_compile.ts), so the browser build drops the checker.
 */
export function noOptionsChecker(): Plugin {
  const id = "\0vkern-no-options-checker";
  const builders = ["array", "iface", "lit", "opt", "union", "name", "func", "param", "tuple"];
  return {
    name: "vkern-no-options-checker",
    enforce: "pre",
    resolveId: (spec) => (spec === "ts-interface-checker" ? id : null),
    load: (x) =>
      x === id
        ? `${builders.map((b) => `export const ${b} = () => ({});`).join("\n")}
const ok = { check() {}, strictCheck() {}, test: () => true, strictTest: () => true };
export const createCheckers = () => new Proxy({}, { get: () => ok });
`
        : null,
  };
}

/**
 * Parts of sucrase for syntax and transforms vkern never asks for (JSX, Flow, Jest, React,
 * ESM output: ts_compile.ts uses ["typescript", "imports"]; the ES transforms that
 * `disableESTransforms: true` turns off; source maps and token dumps, which vkern never
 * requests; the option types only the dropped checker reads), replaced in the browser build
 * by stubs that throw if ever called: about a third of the compiler's size.
 */
export const UNUSED_SUCRASE = [
  "transformers/JSXTransformer.js",
  "transformers/FlowTransformer.js",
  "transformers/JestHoistTransformer.js",
  "transformers/ReactDisplayNameTransformer.js",
  "transformers/ReactHotLoaderTransformer.js",
  "transformers/ESMImportTransformer.js",
  "transformers/OptionalChainingNullishTransformer.js",
  "transformers/NumericSeparatorTransformer.js",
  "transformers/OptionalCatchBindingTransformer.js",
  "parser/plugins/flow.js",
  "parser/plugins/jsx/index.js",
  "parser/plugins/jsx/xhtml.js",
  "computeSourceMap.js",
  "util/formatTokens.js",
  "Options-gen-types.js",
];

export function dropUnusedSucrase(): Plugin {
  const prefix = "\0vkern-unused-sucrase:";
  return {
    name: "vkern-drop-unused-sucrase",
    enforce: "pre",
    async resolveId(spec, importer) {
      if (!importer?.includes("/sucrase/dist/")) return null;
      const r = await this.resolve(spec, importer, { skipSelf: true });
      const hit = r && UNUSED_SUCRASE.find((u) => r.id.endsWith(`/sucrase/dist/esm/${u}`));
      return hit ? prefix + hit : null;
    },
    load(id) {
      if (!id.startsWith(prefix)) return null;
      const part = id.slice(prefix.length);
      const mod = require(`sucrase/dist/${part}`) as Record<string, unknown>;
      const fail = `() => { throw new Error("sucrase: ${part} is left out of vkern's browser build"); }`;
      const lines = Object.keys(mod)
        .filter((n) => n !== "__esModule" && n !== "default" && /^[A-Za-z_$][\w$]*$/.test(n))
        .map((n) => `export const ${n} = ${fail};`);
      if ("default" in mod) lines.push(`export default ${fail};`);
      return lines.join("\n");
    },
  };
}

/**
 * sucrase's HelperManager: the helpers only the left-out transforms ask for (optional chaining
 * and nullish coalescing, ESM's createRequire) go, and the others are kept with their
 * whitespace collapsed, as emitHelpers() writes them out anyway (`replace(/\s+/g, " ")`):
 * the compiled code is byte for byte the same.
 */
export const UNUSED_HELPERS = [
  "require",
  "nullishCoalesce",
  "asyncNullishCoalesce",
  "optionalChain",
  "asyncOptionalChain",
  "optionalChainDelete",
  "asyncOptionalChainDelete",
];

export function trimSucraseHelpers(): Plugin {
  return {
    name: "vkern-trim-sucrase-helpers",
    transform(code, id) {
      if (!id.endsWith("/sucrase/dist/esm/HelperManager.js")) return null;
      const entry = /^ {2}(\w+): `([^`]*)`,\n/gm;
      const names = [...code.matchAll(entry)].map((m) => m[1]);
      for (const n of UNUSED_HELPERS)
        if (!names.includes(n)) this.error(`sucrase's HelperManager has no helper ${n}`);
      return code.replace(entry, (_m, name: string, text: string) =>
        UNUSED_HELPERS.includes(name)
          ? ""
          : `  ${name}: ${JSON.stringify(text.replace(/\s+/g, " "))},\n`,
      );
    },
  };
}

/**
 * In the compiler bundle, deep imports of sucrase's CommonJS files (dist/...) take the ES
 * module twins (dist/esm/...), which the main entry uses too: one copy of the parser.
 */
export function sucraseEsmDeepImports(): Plugin {
  return {
    name: "vkern-sucrase-esm",
    enforce: "pre",
    async resolveId(id, importer) {
      const m = /^sucrase\/dist\/(?!esm\/)(.+)$/.exec(id);
      if (!m) return null;
      return this.resolve(`sucrase/dist/esm/${m[1]}`, importer, { skipSelf: true });
    },
  };
}

/**
 * sucrase's keyword trie (parser/tokenizer/readWordTree.js, a 43 KB table of numbers) built
 * when the compiler loads, from the keywords read out of that table here at build time (see
 * web/src/compiler/read_word_tree.ts).
 */
export function generatedReadWordTree(): Plugin {
  const id = "\0vkern-read-word-tree";
  const tokenizer = "sucrase/dist/esm/parser/tokenizer";
  return {
    name: "vkern-read-word-tree",
    enforce: "pre",
    async resolveId(spec, importer) {
      if (!importer?.includes("/sucrase/dist/")) return null;
      const r = await this.resolve(spec, importer, { skipSelf: true });
      return r?.id.endsWith(`/${tokenizer}/readWordTree.js`) ? id : null;
    },
    load(x) {
      if (x !== id) return null;
      const { READ_WORD_TREE } = require("sucrase/dist/parser/tokenizer/readWordTree.js") as {
        READ_WORD_TREE: Int32Array;
      };
      const { words, kinds } = wordsOfTree(READ_WORD_TREE);
      const dir = dirname(require.resolve(`${tokenizer}/readWordTree.js`));
      const builder = fileURLToPath(new URL("../src/compiler/read_word_tree.ts", import.meta.url));
      return `import { ContextualKeyword } from ${JSON.stringify(`${dir}/keywords.js`)};
import { TokenType } from ${JSON.stringify(`${dir}/types.js`)};
import { buildReadWordTree } from ${JSON.stringify(builder)};
export const READ_WORD_TREE = buildReadWordTree(${JSON.stringify(words.join(" "))}.split(" "), ${JSON.stringify(kinds)}, TokenType, ContextualKeyword);
`;
    },
  };
}
