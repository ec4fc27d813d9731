/**
 * The .ko file format of vkern: an ELF magic, then the .modinfo strings that
 * modinfo prints, then the code: a reference to a module built into vkern, or
 * JavaScript compiled from a learner's TypeScript.
 */
import type { ModuleDefinition } from "./module.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

export const KO_MAGIC = "\x7fELF\x02\x01\x01\x00vkern-ko\x00";

export interface KoInfo {
  /** .modinfo tags in order (a tag may repeat, e.g. parm). */
  tags: [string, string][];
  code: { kind: "builtin"; name: string } | { kind: "js"; source: string };
}

/** A stable 23-hex-digit srcversion (modpost makes it from an MD4 of the sources). */
function srcversion(name: string): string {
  let out = "";
  let h = 0x811c9dc5;
  for (let round = 0; out.length < 23; round++) {
    for (const c of `${name}:${round}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
    out += h.toString(16).toUpperCase().padStart(8, "0");
  }
  return out.slice(0, 23);
}

/** The .modinfo tags of a definition, in modinfo's order. */
export function modinfoTags(def: ModuleDefinition, release: string): [string, string][] {
  const tags: [string, string][] = [];
  if (def.version) tags.push(["version", def.version]);
  if (def.description) tags.push(["description", def.description]);
  if (def.author) tags.push(["author", def.author]);
  tags.push(["license", def.license]);
  for (const [p, spec] of Object.entries(def.params ?? {})) {
    if (spec.desc) tags.push(["parm", `${p}:${spec.desc}`]);
    tags.push(["parmtype", `${p}:${spec.type}`]);
  }
  tags.push(["srcversion", srcversion(def.name)]);
  tags.push(["depends", (def.depends ?? []).join(",")]);
  tags.push(["retpoline", "Y"]);
  tags.push(["name", def.name]);
  tags.push(["vermagic", `${release} SMP mod_unload modversions `]);
  return tags;
}

export function buildKo(tags: [string, string][], code: KoInfo["code"]): Uint8Array {
  let s = KO_MAGIC;
  for (const [k, v] of tags) s += `${k}=${v}\x00`;
  s += code.kind === "builtin" ? `.vkern.builtin=${code.name}\x00` : `.vkern.js\x00${code.source}`;
  return enc.encode(s);
}

export function parseKo(bytes: Uint8Array): KoInfo | null {
  const s = dec.decode(bytes);
  if (!s.startsWith(KO_MAGIC)) return null;
  let i = KO_MAGIC.length;
  const tags: [string, string][] = [];
  while (i < s.length) {
    const end = s.indexOf("\x00", i);
    const field = end < 0 ? s.slice(i) : s.slice(i, end);
    if (field === ".vkern.js") return { tags, code: { kind: "js", source: s.slice(end + 1) } };
    const eq = field.indexOf("=");
    if (eq < 0) return null;
    const key = field.slice(0, eq);
    const val = field.slice(eq + 1);
    if (key === ".vkern.builtin") return { tags, code: { kind: "builtin", name: val } };
    tags.push([key, val]);
    if (end < 0) break;
    i = end + 1;
  }
  return null;
}
