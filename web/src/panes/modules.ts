/**
 * The module sources in the learner's home (~/booksrc, ~/exercises and any directory of
 * their own with a Makefile), editable in place. "Build and load" saves the file, then
 * types `make` and `insmod` into the terminal (with `rmmod` first when the module is
 * loaded), so the learner sees the same commands and compiler messages as in a shell.
 */
import type { Libc } from "../../../src/user/libc/libc.ts";
import type { Machine } from "../machine.ts";
import type { PageUi } from "./api.ts";
import { errText, h } from "./dom.ts";

const EDITABLE = /(^Makefile$|^Kbuild$|^README|\.(ts|c|h|sh|md|txt)$)/;
const MAX_DEPTH = 6;

export interface SourceFile {
  /** Absolute path in the guest. */
  path: string;
  dir: string;
  name: string;
}

/** `obj-m += foo.o` (or `:=`) in a Kbuild Makefile: the modules it builds. */
export function kbuildModules(makefile: string): string[] {
  const out: string[] = [];
  for (const m of makefile.matchAll(/^\s*obj-m\s*[+:]?=\s*(.+)$/gm))
    for (const w of m[1].split(/\s+/)) if (w.endsWith(".o")) out.push(w.slice(0, -2));
  return out;
}

/** The shell command that builds the module of `dir` and (re)loads it. */
export function buildAndLoadCommand(dirShown: string, module: string, loaded: boolean): string {
  const cd = `cd ${/[\s'"$`\\]/.test(dirShown) ? `'${dirShown}'` : dirShown}`;
  return loaded
    ? `${cd} && make && sudo rmmod ${module} && sudo insmod ./${module}.ko`
    : `${cd} && make && sudo insmod ./${module}.ko`;
}

/** A first module: a /proc file that greets, in the book's style, with its Kbuild Makefile. */
export function newModuleFiles(name: string): { source: string; makefile: string } {
  const source = `/*
 * ${name}.ts: your module. It makes /proc/${name}, which prints a greeting.
 * Build and load: the "Build and load" button, or in the terminal
 *   make && sudo insmod ./${name}.ko
 * then: cat /proc/${name}; dmesg | tail; sudo rmmod ${name}
 */
import {
  type ModuleDefinition,
  pr_info,
  proc_create_single_data,
  remove_proc_entry,
  seq_printf,
} from "linux";

const mod: ModuleDefinition = {
  name: "${name}",
  license: "Dual MIT/GPL",
  author: "you",
  description: "a first module",
  params: { count: { type: "int", perm: 0o644, default: 1, desc: "how many greetings" } },
  load(THIS_MODULE, params) {
    return {
      init() {
        proc_create_single_data(
          "${name}",
          0o444,
          null,
          (m) => {
            for (let i = 0; i < Number(params.count); i++) seq_printf(m, "Hello from ${name}\\n");
            return 0;
          },
          null,
        );
        pr_info("loaded\\n");
        return 0;
      },
      exit() {
        remove_proc_entry("${name}", null);
        pr_info("unloaded\\n");
      },
    };
  },
};
export default mod;
`;
  const makefile = `obj-m += ${name}.o

all:
\tmake -C /lib/modules/$(shell uname -r)/build M=$(PWD) modules
clean:
\tmake -C /lib/modules/$(shell uname -r)/build M=$(PWD) clean
`;
  return { source, makefile };
}

async function findSources(libc: Libc, home: string): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  const walk = async (dir: string, depth: number, wanted: boolean) => {
    let entries: { name: string; type: number }[];
    try {
      entries = await libc.readdir(dir);
    } catch {
      return;
    }
    const names = entries.map((e) => e.name);
    const isModuleDir = wanted || names.includes("Makefile") || names.includes("Kbuild");
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name.startsWith(".")) continue;
      const p = `${dir}/${e.name}`;
      if (e.type === 4) {
        if (depth < MAX_DEPTH) await walk(p, depth + 1, wanted);
      } else if (isModuleDir && EDITABLE.test(e.name)) {
        out.push({ path: p, dir, name: e.name });
      }
    }
  };
  for (const e of await libc.readdir(home).catch(() => [])) {
    if (e.name.startsWith(".") || e.type !== 4) continue;
    await walk(`${home}/${e.name}`, 1, e.name === "booksrc" || e.name === "exercises");
  }
  return out;
}

export function mountModules(machine: Machine, panel: HTMLElement, ui: PageUi): void {
  let files: SourceFile[] = [];
  let current: SourceFile | null = null;
  let loadedText = "";
  const select = h("select", { id: "mod-file" });
  const editor = h("textarea", {
    id: "mod-editor",
    class: "editor",
    spellcheck: "false",
    autocomplete: "off",
    wrap: "off",
    "aria-label": "Module source",
  });
  const note = h("span", { id: "mod-note", class: "muted", role: "status" });
  const saveBtn = h("button", { type: "button", id: "mod-save" }, "Save");
  const buildBtn = h("button", { type: "button", id: "mod-build" }, "Build and load");
  const revertBtn = h("button", { type: "button", id: "mod-revert" }, "Revert");
  const empty = h("p", { class: "muted" }, "Looking for module sources…");
  const newName = h("input", {
    id: "mod-new-name",
    type: "text",
    value: "hello_web",
    size: "14",
    pattern: "[a-z_][a-z0-9_]*",
    spellcheck: "false",
  });
  const newBtn = h("button", { type: "button", id: "mod-new" }, "New module");

  panel.append(
    h(
      "p",
      { class: "muted" },
      "Module sources in your home directory. Edit, then build and load: the terminal runs make and insmod. Ctrl+S saves.",
    ),
    h(
      "div",
      { class: "toolbar" },
      h("label", { for: "mod-file" }, "File"),
      select,
      h("button", { type: "button", id: "mod-rescan", onclick: () => void scan() }, "Rescan"),
    ),
    empty,
    editor,
    h("div", { class: "toolbar" }, saveBtn, buildBtn, revertBtn, note),
    h("div", { class: "toolbar" }, h("label", { for: "mod-new-name" }, "Name"), newName, newBtn),
  );

  const home = () => machine.user.home;
  const shown = (p: string) => (p.startsWith(`${home()}/`) ? `~${p.slice(home().length)}` : p);
  const dirty = () => current !== null && editor.value !== loadedText;

  async function scan(): Promise<void> {
    try {
      files = await machine.withProcess(false, (libc) => findSources(libc, home()));
    } catch {
      return;
    }
    const keep = current?.path;
    select.textContent = "";
    const groups = new Map<string, HTMLOptGroupElement>();
    for (const f of files) {
      let g = groups.get(f.dir);
      if (!g) {
        g = h("optgroup", { label: shown(f.dir) });
        groups.set(f.dir, g);
        select.append(g);
      }
      g.append(h("option", { value: f.path }, f.name));
    }
    empty.hidden = files.length > 0;
    empty.textContent = "No module sources in your home directory yet.";
    editor.hidden = buttonsHidden(files.length === 0);
    if (keep && files.some((f) => f.path === keep)) {
      select.value = keep;
      if (!dirty()) await open(keep);
    } else if (files.length && !dirty()) {
      const first = files.find((f) => f.name.endsWith(".ts")) ?? files[0];
      select.value = first.path;
      await open(first.path);
    }
  }

  function buttonsHidden(hide: boolean): boolean {
    for (const b of [saveBtn, buildBtn, revertBtn]) b.hidden = hide;
    return hide;
  }

  async function open(path: string): Promise<void> {
    const f = files.find((x) => x.path === path);
    if (!f) return;
    try {
      const text = await machine.withProcess(false, (libc) => libc.readFileText(path));
      current = f;
      loadedText = text;
      if (editor.value !== text) editor.value = text;
      editor.setAttribute("aria-label", `Source of ${shown(path)}`);
      note.textContent = shown(path);
    } catch (e) {
      note.textContent = `${shown(path)}: ${errText(e, String)}`;
    }
  }

  /** Writes the editor's text as the learner (permissions apply); true when saved. */
  async function save(): Promise<boolean> {
    if (!current) return false;
    const f = current;
    const text = editor.value;
    try {
      await machine.withProcess(false, async (libc) => {
        try {
          await libc.writeFile(f.path, text);
        } catch (e) {
          throw new Error(`${shown(f.path)}: ${errText(e, (n) => libc.strerror(n))}`);
        }
      });
      loadedText = text;
      note.textContent = `Saved ${shown(f.path)}`;
      await machine.save();
      return true;
    } catch (e) {
      note.textContent = e instanceof Error ? e.message : String(e);
      return false;
    }
  }

  async function buildAndLoad(): Promise<void> {
    if (!current || !(await save())) return;
    const dir = current.dir;
    const info = await machine.withProcess(false, async (libc) => {
      const mk = await libc.readFileText(`${dir}/Makefile`).catch(() => "");
      const mods = await libc.readFileText("/proc/modules").catch(() => "");
      return { mk, mods };
    });
    const base = current.name.replace(/\.(ts|c)$/, "");
    const names = kbuildModules(info.mk);
    const module = names.includes(base) ? base : (names[0] ?? base);
    const loaded = info.mods.split("\n").some((l) => l.split(" ")[0] === module);
    machine.driver.run(buildAndLoadCommand(shown(dir), module, loaded));
    ui.focusTerminal();
  }

  /** Makes ~/NAME with NAME.ts and its Makefile, as the learner, and opens the source. */
  async function create(): Promise<void> {
    const name = newName.value.trim();
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
      note.textContent = "A module name is lower-case letters, digits and underscores.";
      return;
    }
    if (dirty() && !confirm("Discard your unsaved changes?")) return;
    const dir = `${home()}/${name}`;
    const { source, makefile } = newModuleFiles(name);
    try {
      await machine.withProcess(false, async (libc) => {
        try {
          await libc.mkdir(dir, 0o775);
          await libc.writeFile(`${dir}/${name}.ts`, source);
          await libc.writeFile(`${dir}/Makefile`, makefile);
        } catch (e) {
          throw new Error(`${shown(dir)}: ${errText(e, (n) => libc.strerror(n))}`);
        }
      });
    } catch (e) {
      note.textContent = e instanceof Error ? e.message : String(e);
      return;
    }
    current = null;
    await scan();
    select.value = `${dir}/${name}.ts`;
    await open(select.value);
    void machine.save();
    editor.focus();
  }

  newBtn.addEventListener("click", () => void create());
  select.addEventListener("change", async () => {
    if (dirty() && !confirm("Discard your unsaved changes?")) {
      select.value = current!.path;
      return;
    }
    await open(select.value);
  });
  saveBtn.addEventListener("click", () => void save());
  buildBtn.addEventListener("click", () => void buildAndLoad());
  revertBtn.addEventListener("click", () => {
    if (current) void open(current.path);
  });
  editor.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
      e.preventDefault();
      void save();
    }
  });
  editor.addEventListener("input", () => {
    if (current) note.textContent = `${shown(current.path)}${dirty() ? " (modified)" : ""}`;
  });

  machine.idleListeners.add(() => {
    if (!dirty()) void scan();
  });
  machine.bootListeners.add(() => void scan());
  void scan();
}

/** Selects a file in the editor by path, if it is one of the sources (used by lessons). */
export function showSource(path: string): void {
  const select = document.getElementById("mod-file") as HTMLSelectElement | null;
  if (!select || !Array.from(select.options).some((o) => o.value === path)) return;
  select.value = path;
  select.dispatchEvent(new Event("change"));
}
