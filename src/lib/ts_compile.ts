/**
 * The "compiler" of vkern's build tools: TypeScript to a JsBundle with sucrase, which
 * strips types and turns `import`/`export` into require()/exports (line numbers kept).
 * No type checking is done, as sucrase does none: like a C compiler without warnings, it
 * reports syntax errors, unresolvable imports and (at link time) undefined symbols.
 *
 * Diagnostics are printed the way gcc 7 (the book's Ubuntu 18.04) prints them:
 *   /home/llkd/x/foo.ts:12:5: error: unexpected token
 *    <the source line>
 *        ^
 */
import { transform } from "sucrase";
import type { BundleFile, JsBundle } from "./js_bundle.ts";

export type Severity = "error" | "warning" | "fatal error";

export interface Diagnostic {
  file: string;
  /** 1-based; 0 when the position is unknown. */
  line: number;
  column: number;
  severity: Severity;
  message: string;
}

export interface CompileOptions {
  /** Absolute path of the entry file. */
  entry: string;
  /** Reads a source file; null if it does not exist. */
  read: (path: string) => Promise<string | null>;
  /** Built-in APIs the target may import: ["linux"] for modules, ["libc", "linux"] for programs. */
  builtins: readonly string[];
}

export interface CompileResult {
  bundle: JsBundle | null;
  diagnostics: Diagnostic[];
  /** The source text of every file read, by path (for printing diagnostics). */
  sources: Map<string, string>;
}

export function dirname(p: string): string {
  const i = p.lastIndexOf("/");
  return i <= 0 ? "/" : p.slice(0, i);
}

export function basename(p: string): string {
  return p.slice(p.lastIndexOf("/") + 1);
}

/** Joins and normalizes a POSIX path (no symlink resolution). */
export function resolvePath(dir: string, rel: string): string {
  const parts: string[] = [];
  for (const c of (rel.startsWith("/") ? rel : `${dir}/${rel}`).split("/")) {
    if (!c || c === ".") continue;
    if (c === "..") parts.pop();
    else parts.push(c);
  }
  return `/${parts.join("/")}`;
}

type Target = { builtin: string } | { path: string } | null;

/**
 * Where an import leads: "linux" and "linux/..." (also a shipped module's relative
 * "../../linux.ts") are the kernel API, "libc" and "libc/..." the C library's (the
 * repository's own src/user/prog_api.ts and prog_uapi.ts stand for them too, so vkern's
 * reference solutions type-check in the repository and build in the guest); other
 * relative specifiers are sibling source files.
 */
function classify(spec: string, fromDir: string): Target {
  if (spec === "linux" || spec.startsWith("linux/")) return { builtin: "linux" };
  if (spec === "libc" || spec.startsWith("libc/")) return { builtin: "libc" };
  if (spec.startsWith("./") || spec.startsWith("../") || spec.startsWith("/")) {
    const p = resolvePath(fromDir, spec);
    const base = basename(p);
    if (base === "linux.ts" || base === "linux" || base === "prog_uapi.ts")
      return { builtin: "linux" };
    // vkern's own user-program API (src/user/prog_api.ts), as its reference programs import it
    if (base === "prog_api.ts") return { builtin: "libc" };
    return { path: p };
  }
  return null;
}

/** 1-based line and column of the first quoted occurrence of `spec` in `src`. */
function locate(src: string, spec: string): { line: number; column: number } {
  let i = src.indexOf(`"${spec}"`);
  if (i < 0) i = src.indexOf(`'${spec}'`);
  if (i < 0) return { line: 0, column: 0 };
  const before = src.slice(0, i);
  const line = before.split("\n").length;
  return { line, column: i - before.lastIndexOf("\n") };
}

const REQUIRE = /\brequire\((['"])([^'"\n]+)\1\)/g;

/** Compiles the entry file and the sibling files it imports. */
export async function compileProgram(o: CompileOptions): Promise<CompileResult> {
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  const files: Record<string, BundleFile> = {};
  const queue = [o.entry];
  const seen = new Set<string>();
  while (queue.length) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const src = await o.read(path);
    if (src === null) {
      diagnostics.push({
        file: path,
        line: 0,
        column: 0,
        severity: "fatal error",
        message: "No such file or directory",
      });
      continue;
    }
    sources.set(path, src);
    let js: string;
    try {
      js = transform(src, {
        transforms: ["typescript", "imports"],
        disableESTransforms: true,
      }).code;
    } catch (e) {
      const loc = (e as { loc?: { line: number; column: number } }).loc;
      const msg = (e instanceof Error ? e.message : String(e)).replace(/ \(\d+:\d+\)$/, "");
      diagnostics.push({
        file: path,
        line: loc?.line ?? 0,
        column: loc?.column ?? 0,
        severity: "error",
        message: msg.charAt(0).toLowerCase() + msg.slice(1),
      });
      continue;
    }
    const deps: Record<string, string> = {};
    for (const m of js.matchAll(REQUIRE)) {
      const spec = m[2];
      if (spec in deps) continue;
      const t = classify(spec, dirname(path));
      const where = locate(src, spec);
      const missing = (what: string) =>
        diagnostics.push({
          file: path,
          ...where,
          severity: "fatal error",
          message: `${what}: No such file or directory`,
        });
      if (t === null || ("builtin" in t && !o.builtins.includes(t.builtin))) {
        missing(spec);
        continue;
      }
      if ("builtin" in t) {
        deps[spec] = `builtin:${t.builtin}`;
        continue;
      }
      const found = await findSource(o, t.path);
      if (!found) {
        missing(spec);
        continue;
      }
      deps[spec] = found;
      queue.push(found);
    }
    files[path] = { js, deps };
  }
  const ok = !diagnostics.some((d) => d.severity !== "warning");
  return { bundle: ok ? { main: o.entry, files } : null, diagnostics, sources };
}

/** The file an import names: as written, with .ts added, or .js replaced by .ts. */
async function findSource(o: CompileOptions, p: string): Promise<string | null> {
  const tries = p.endsWith(".ts")
    ? [p]
    : p.endsWith(".js")
      ? [`${p.slice(0, -3)}.ts`, p]
      : [`${p}.ts`, p, `${p}/index.ts`];
  for (const t of tries) if ((await o.read(t)) !== null) return t;
  return null;
}

/** gcc 7's rendering of a diagnostic: the location line, then the source line and a caret. */
export function formatDiagnostic(d: Diagnostic, sources: Map<string, string>): string {
  if (!d.line) return `${d.file}: ${d.severity}: ${d.message}\n`;
  let out = `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}\n`;
  const src = sources.get(d.file);
  const text = src?.split("\n")[d.line - 1];
  if (text !== undefined) {
    const lead = text.slice(0, Math.max(0, d.column - 1)).replace(/[^\t]/g, " ");
    out += ` ${text}\n ${lead}^\n`;
  }
  return out;
}
