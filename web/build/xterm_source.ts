/**
 * xterm.js bundled from its TypeScript sources (the package ships them in src/) instead of its
 * prebuilt lib/xterm.js, a webpack bundle: its module wrappers, `(0, x.f)(...)` calls and
 * `exports.X = ...` go, the page's bundler hoists xterm's modules into one scope with vkern's,
 * and the minifier sees all of it at once. Same code, compiled as xterm's own build does it
 * (tsc: cross-file `const enum`s inlined, legacy parameter decorators for its services,
 * `useDefineForClassFields: false`), whatever tsconfig.json encloses node_modules.
 * Written for xterm 5's layout (src/browser, src/common; xterm 6 adds src/vs, VS Code's base).
 * The fit addon comes from its source too (src/FitAddon.ts), without its UMD wrapper.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import ts from "typescript";
import type { Plugin } from "vite";

const PREFIX = "\0vkern-xterm:";
const TSLIB = "\0vkern-xterm-tslib";
const FIT = "\0vkern-xterm-fit:";

/** tslib's __decorate and __param (importHelpers): xterm decorates constructor parameters. */
const TSLIB_SOURCE = `export function __decorate(decorators, target, key, desc) {
  const c = arguments.length;
  let r = c < 3 ? target : desc === null ? Object.getOwnPropertyDescriptor(target, key) : desc;
  for (let i = decorators.length - 1; i >= 0; i--) {
    const d = decorators[i];
    if (d) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  }
  if (c > 3 && r) Object.defineProperty(target, key, r);
  return r;
}
export const __param = (index, decorator) => (target, key) => decorator(target, key, index);
`;

/**
 * xterm's `this._logService.debug(...)` and `.trace(...)` statements, which print only at log
 * levels the page never sets (option logLevel, "info" by default), become empty statements.
 */
const dropDebugLogs: ts.TransformerFactory<ts.SourceFile> = (ctx) => (file) => {
  const isDebugLog = (n: ts.Node) =>
    ts.isExpressionStatement(n) &&
    ts.isCallExpression(n.expression) &&
    ts.isPropertyAccessExpression(n.expression.expression) &&
    ["debug", "trace"].includes(n.expression.expression.name.text) &&
    ts.isPropertyAccessExpression(n.expression.expression.expression) &&
    n.expression.expression.expression.name.text === "_logService";
  const visit = (n: ts.Node): ts.Node =>
    isDebugLog(n) ? ctx.factory.createEmptyStatement() : ts.visitEachChild(n, visit, ctx);
  return ts.visitEachChild(file, visit, ctx);
};

/**
 * Every .ts file under xterm's src/ compiled to an ES module: path without .ts -> code. One
 * program, as the checker is what inlines a `const enum` declared in another file (~5 s).
 */
function compileXterm(src: string): Map<string, string> {
  const files: string[] = [];
  const out = new Map<string, string>();
  const outDir = join(src, "__out__");
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2021,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    baseUrl: src,
    noLib: true,
    types: [],
    experimentalDecorators: true,
    useDefineForClassFields: false,
    importHelpers: true,
    removeComments: true,
    skipLibCheck: true,
    noEmitOnError: false,
    outDir,
    rootDir: src,
  };
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(".ts") && !p.endsWith(".test.ts")) files.push(p);
    }
  };
  walk(src);
  ts.createProgram(files, options).emit(
    undefined,
    (name, text) => {
      if (name.endsWith(".js")) out.set(join(src, name.slice(outDir.length + 1, -3)), text);
    },
    undefined,
    false,
    { before: [dropDebugLogs] },
  );
  return out;
}

/** The fit addon's one file: it imports only types, so it compiles on its own. */
function transpile(source: string): string {
  return ts.transpileModule(source, {
    compilerOptions: {
      target: ts.ScriptTarget.ES2021,
      module: ts.ModuleKind.ESNext,
      useDefineForClassFields: false,
      removeComments: true,
    },
  }).outputText;
}

/**
 * The page's `import ... from "@xterm/xterm"` served from xterm's compiled sources; `stubs`
 * (path under src/ without .ts -> module source, or a function of the compiled module's
 * source) stands in for some of them.
 */
export function xtermSource(
  stubs: Record<string, string | ((compiled: string) => string)> = {},
): Plugin {
  let src = "";
  let compiled: Map<string, string> | null = null;
  return {
    name: "vkern-xterm-source",
    enforce: "pre",
    async resolveId(spec, importer) {
      if (spec === "@xterm/xterm" && !importer?.startsWith(PREFIX)) {
        const pkg = await this.resolve("@xterm/xterm/package.json", importer, { skipSelf: true });
        if (!pkg) return null;
        src = join(dirname(pkg.id), "src");
        return `${PREFIX}${src}/browser/public/Terminal`;
      }
      if (spec === "@xterm/addon-fit" && !importer?.startsWith(PREFIX)) {
        const pkg = await this.resolve("@xterm/addon-fit/package.json", importer, {
          skipSelf: true,
        });
        return pkg ? FIT + join(dirname(pkg.id), "src/FitAddon.ts") : null;
      }
      if (!importer?.startsWith(PREFIX)) return null;
      if (spec === "tslib") return TSLIB;
      compiled ??= compileXterm(src);
      let base: string;
      if (/^(browser|common)\//.test(spec)) base = `${src}/${spec}`;
      else if (spec.startsWith(".")) base = join(dirname(importer.slice(PREFIX.length)), spec);
      else return null;
      if (!compiled.has(base)) this.error(`xterm source: cannot resolve ${spec} from ${importer}`);
      return PREFIX + base;
    },
    load(id) {
      if (id === TSLIB) return TSLIB_SOURCE;
      if (id.startsWith(FIT)) return transpile(readFileSync(id.slice(FIT.length), "utf8"));
      if (!id.startsWith(PREFIX)) return null;
      const rel = id.slice(PREFIX.length + src.length + 1);
      const stub = stubs[rel];
      if (typeof stub === "string") return stub;
      compiled ??= compileXterm(src);
      const code = compiled.get(id.slice(PREFIX.length));
      if (code === undefined) this.error(`xterm source: no ${id.slice(PREFIX.length)}.ts`);
      return stub ? stub(code) : code;
    },
  };
}
