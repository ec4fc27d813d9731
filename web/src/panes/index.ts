/**
 * The side panes, mounted after the first prompt: lessons, the file tree, the module editor
 * and the live kernel log. Part of the page's script, mounted after the first prompt.
 */
import type { Machine } from "../machine.ts";
import type { PageUi } from "./api.ts";
import { mountDmesg } from "./dmesg.ts";
import { mountLessons } from "./lessons.ts";
import { mountModules } from "./modules.ts";
import { mountTree } from "./tree.ts";

export function mount(machine: Machine, ui: PageUi): void {
  const el = (id: string) => document.getElementById(id)!;
  mountDmesg(machine, el("dmesg"));
  mountLessons(machine, el("panel-lessons"), ui);
  mountTree(machine, el("panel-files"));
  mountModules(machine, el("panel-modules"), ui);
}
