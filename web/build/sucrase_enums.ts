/**
 * sucrase's enums as numbers in the compiler bundle. sucrase is written in TypeScript with
 * `enum`s (TokenType, ContextualKeyword, charCodes, IdentifierRole, JSXRole) and published
 * compiled, so its code reads every token type as a property of an object (`tt.braceL`,
 * 1400 times; `charCodes.digit0`, 200) where TypeScript's `const enum` would have written the
 * number. Each such read, in a file that imports the enum (or defines it), becomes the
 * member's value here. The objects stay (vkern imports TokenType; the keyword trie is built
 * from TokenType and ContextualKeyword), except charCodes, which nothing reads but by member:
 * its table goes, and the build fails if some file still names it otherwise.
 */
import { createRequire } from "node:module";
import type { Plugin } from "vite";

const require = createRequire(import.meta.url);

/** Enum name -> the sucrase module (CommonJS twin, same values) that defines it. */
const ENUM_MODULES: Record<string, string> = {
  TokenType: "sucrase/dist/parser/tokenizer/types.js",
  ContextualKeyword: "sucrase/dist/parser/tokenizer/keywords.js",
  charCodes: "sucrase/dist/parser/util/charcodes.js",
  IdentifierRole: "sucrase/dist/parser/tokenizer/index.js",
  JSXRole: "sucrase/dist/parser/tokenizer/index.js",
};

/** The enum whose object the bundle leaves out, and its definition in sucrase's ES module. */
const DROPPED = "charCodes";
const DROPPED_DEFINITION =
  /^export var charCodes; \(function \(charCodes\) \{[\s\S]*?^\}\)\(charCodes \|\| \(charCodes = \{\}\)\);$/m;

function enumValues(name: string): Record<string, number> {
  const e = (require(ENUM_MODULES[name]) as Record<string, Record<string, unknown>>)[name];
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(e)) if (typeof v === "number") out[k] = v;
  return out;
}

/**
 * The local names under which `code` imports or defines each enum; `from` tells the specifiers
 * that lead to sucrase.
 */
function enumBindings(code: string, from: (spec: string) => boolean): Map<string, string> {
  const local = new Map<string, string>();
  for (const m of code.matchAll(/\bimport\s*\{([^}]*)\}\s*from\s*"([^"]+)"/g)) {
    if (!from(m[2])) continue;
    for (const part of m[1].split(",")) {
      const [imported, alias] = part.trim().split(/\s+as\s+/);
      if (imported in ENUM_MODULES) local.set(alias ?? imported, imported);
    }
  }
  for (const m of code.matchAll(/\bexport var (\w+);/g))
    if (m[1] in ENUM_MODULES) local.set(m[1], m[1]);
  return local;
}

/**
 * `srcDir`: vkern's own files there that import an enum from sucrase (the page's bundle reads
 * TokenType in the module confinement's rewriter and the loop guard) get the numbers too.
 */
export function inlineSucraseEnums(srcDir?: string): Plugin {
  const values = new Map<string, Record<string, number>>();
  const memberValue = (e: string, member: string) => {
    if (!values.has(e)) values.set(e, enumValues(e));
    return values.get(e)?.[member];
  };
  return {
    name: "vkern-inline-sucrase-enums",
    transform(code, id) {
      const own = srcDir !== undefined && id.startsWith(`${srcDir}/`);
      if (!own && !id.includes("/sucrase/dist/esm/")) return null;
      const bindings = enumBindings(code, own ? (s) => s.startsWith("sucrase/") : () => true);
      if (bindings.size === 0) return null;
      const names = [...bindings.keys()].join("|");
      const read = new RegExp(
        `(?<![\\w$.])(${names})\\.([A-Za-z_$][\\w$]*)(?![\\w$]|\\s*=[^=])`,
        "g",
      );
      let out = code.replace(read, (whole, local: string, member: string) => {
        const v = memberValue(bindings.get(local) as string, member);
        return v === undefined ? whole : String(v);
      });
      if (id.endsWith("/parser/util/charcodes.js")) {
        if (!DROPPED_DEFINITION.test(out)) this.error(`${id}: charCodes is defined differently`);
        out = out.replace(DROPPED_DEFINITION, `export var ${DROPPED} = {};`);
      }
      for (const [local, e] of bindings) {
        if (e !== DROPPED) continue;
        const uses = out.replace(/\bimport\s*\{[^}]*\}\s*from\s*"[^"]+"/g, "");
        if (new RegExp(`(?<![\\w$.])${local}(?![\\w$])(?! = \\{\\};)`).test(uses))
          this.error(`${id} reads ${DROPPED} other than by a known member`);
      }
      return out;
    },
  };
}
