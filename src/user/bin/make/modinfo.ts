/**
 * What the C compiler gets from MODULE_LICENSE(), MODULE_AUTHOR(), module_param() ...
 * at compile time, vkern gets by evaluating the compiled module once, at build time, with
 * an inert stand-in for the kernel API: its constants are real, its functions do nothing
 * and return inert values, so top-level code such as `const mtx = DEFINE_MUTEX("m")`
 * runs without a kernel, and the default export's metadata can be read.
 */
import type { ModuleDefinition } from "../../../kernel/module.ts";
import { KERNEL_API } from "../../../kernel/module_js.ts";
import type { ParamType } from "../../../kernel/params.ts";
import { evaluateBundle, type JsBundle } from "../../../lib/js_bundle.ts";
import { loopWatchdog } from "../../../lib/loop_guard.ts";

const PARAM_TYPES: readonly ParamType[] = [
  "int",
  "uint",
  "long",
  "ulong",
  "short",
  "ushort",
  "byte",
  "bool",
  "invbool",
  "charp",
];

/** A callable that absorbs every use: calls, property reads, `new`, arithmetic. */
function inert(): object {
  const target = function inertValue() {};
  const p: object = new Proxy(target, {
    get: (_t, key) => (key === Symbol.toPrimitive ? () => 0 : key === "then" ? undefined : p),
    apply: () => p,
    construct: () => p,
  });
  return p;
}

let stub: object | null = null;

/** The kernel API as the build sees it: constants kept, functions inert. */
function buildTimeApi(): object {
  if (stub) return stub;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(KERNEL_API)) out[k] = typeof v === "function" ? inert() : v;
  stub = Object.freeze(out);
  return stub;
}

export interface ModuleMeta {
  def: Pick<
    ModuleDefinition,
    "license" | "author" | "description" | "version" | "params" | "depends"
  > & { name?: string };
  licenseMissing: boolean;
}

/** Thrown when the module's metadata is missing or malformed; the message is gcc-like. */
export class MetaError extends Error {}

/** Evaluates the bundle at build time and returns its checked metadata. */
export function moduleMeta(b: JsBundle): ModuleMeta {
  const wd = loopWatchdog(
    () => 1 << 26,
    () => new MetaError("top-level code does not terminate (a loop ran without end)"),
  );
  const exp = evaluateBundle(b, { linux: buildTimeApi() }, wd);
  const def = exp.default as Record<string, unknown> | undefined;
  if (!def || typeof def !== "object" || typeof def.load !== "function") {
    throw new MetaError(
      "no module definition: 'export default' an object with load(THIS_MODULE, params)",
    );
  }
  const str = (k: string): string | undefined => {
    const v = def[k];
    if (v === undefined) return undefined;
    if (typeof v !== "string") throw new MetaError(`'${k}' of the module must be a string`);
    return v;
  };
  const params = def.params as Record<string, { type?: unknown; perm?: unknown }> | undefined;
  for (const [n, spec] of Object.entries(params ?? {})) {
    if (!spec || !PARAM_TYPES.includes(spec.type as ParamType))
      throw new MetaError(`unknown type '${String(spec?.type)}' of module parameter '${n}'`);
    if (typeof spec.perm !== "number")
      throw new MetaError(`module parameter '${n}' needs a numeric perm`);
  }
  const depends = def.depends;
  if (
    depends !== undefined &&
    !(Array.isArray(depends) && depends.every((d) => typeof d === "string"))
  )
    throw new MetaError("'depends' of the module must be an array of module names");
  const license = str("license");
  return {
    def: {
      name: str("name"),
      license: license ?? "unspecified",
      author: str("author"),
      description: str("description"),
      version: str("version"),
      params: params as ModuleDefinition["params"],
      depends: depends as string[] | undefined,
    },
    licenseMissing: license === undefined,
  };
}
