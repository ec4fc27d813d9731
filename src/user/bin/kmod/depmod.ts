/**
 * depmod(8), reduced: rewrites /lib/modules/$(uname -r)/modules.dep from the
 * "depends" tag of every .ko below that directory (no .bin indexes, no symbols).
 */
import { DT_DIR } from "../../../include/uapi/stat.ts";
import { SysError } from "../../libc/errors.ts";
import type { Libc } from "../../libc/libc.ts";
import { endsWithKmodExt, kmodLog, pathToModname, progName, readModinfo } from "./common.ts";

async function findKo(libc: Libc, dir: string, rel: string, out: string[]): Promise<void> {
  let entries: Awaited<ReturnType<Libc["readdir"]>>;
  try {
    entries = await libc.readdir(rel ? `${dir}/${rel}` : dir);
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name === "." || e.name === "..") continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.type === DT_DIR) await findKo(libc, dir, r, out);
    else if (endsWithKmodExt(e.name)) out.push(r);
  }
}

export async function main(argv: string[], _envp: string[], libc: Libc): Promise<number> {
  const prog = progName(argv, "depmod");
  const rest = argv.slice(1).filter((a) => !a.startsWith("-"));
  const release = rest[0] ?? (await libc.uname()).release;
  const dir = `/lib/modules/${release}`;
  const files: string[] = [];
  await findKo(libc, dir, "", files);
  const byName = new Map(files.map((f) => [pathToModname(f), f]));
  let text = "";
  for (const f of files) {
    const info = await readModinfo(libc, `${dir}/${f}`);
    const deps =
      typeof info === "number"
        ? []
        : (info.tags.find(([k]) => k === "depends")?.[1] ?? "").split(",").filter(Boolean);
    text += `${f}:${deps.map((d) => ` ${byName.get(d.replace(/-/g, "_")) ?? `${d}.ko`}`).join("")}\n`;
  }
  try {
    await libc.writeFile(`${dir}/modules.dep`, text, 0o644);
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    await kmodLog(
      libc,
      prog,
      "ERROR",
      `could not open ${dir}/modules.dep: ${libc.strerror(e.errno)}\n`,
    );
    return 1;
  }
  return 0;
}
