/**
 * The Lessons tab: the chapter's five demos as steps (each command can be typed at the
 * prompt for the learner, or run), with what the book's machine prints; and the exercises,
 * whose files live in ~/exercises and whose checker runs in the terminal.
 */
import type { Machine } from "../machine.ts";
import type { PageUi } from "./api.ts";
import { h } from "./dom.ts";
import { exercises, type Lesson, lessons } from "./lessons_data.ts";
import { showSource } from "./modules.ts";

function selectModulesTab(): void {
  document.getElementById("tab-modules")?.click();
}

/** Opens the first source file named `<module>.ts` in the editor. */
function openModuleSource(module: string): boolean {
  const select = document.getElementById("mod-file") as HTMLSelectElement | null;
  const opt = Array.from(select?.options ?? []).find((o) => o.value.endsWith(`/${module}.ts`));
  if (!opt) return false;
  selectModulesTab();
  showSource(opt.value);
  document.getElementById("mod-editor")?.focus();
  return true;
}

export function mountLessons(machine: Machine, panel: HTMLElement, ui: PageUi): void {
  panel.textContent = "";
  const picker = h("div", { class: "lesson-list", role: "group", "aria-label": "Lessons" });
  const body = h("div", { id: "lesson-body" });
  panel.append(
    h("h2", {}, "The chapter's demos"),
    h(
      "p",
      { class: "muted" },
      "Pick a pathway. Each step's command can be typed at the prompt for you (Type) or run (Run); below it is what the book shows.",
    ),
    picker,
    body,
  );

  const buttons = new Map<string, HTMLButtonElement>();
  const show = (lesson: Lesson) => {
    for (const [id, b] of buttons) b.setAttribute("aria-current", String(id === lesson.id));
    body.textContent = "";
    const list = h("ol", { class: "steps" });
    lesson.steps.forEach((step, i) => {
      const li = h("li", { class: "step", "data-step": String(i) });
      const label = `Step ${i + 1}`;
      const run = h(
        "button",
        { type: "button", "aria-label": `Run step ${i + 1}: ${step.cmd}` },
        "Run",
      );
      const type = h(
        "button",
        { type: "button", "aria-label": `Type step ${i + 1} at the prompt: ${step.cmd}` },
        "Type",
      );
      run.addEventListener("click", () => {
        machine.driver.run(step.cmd);
        li.classList.add("done");
        ui.focusTerminal();
      });
      type.addEventListener("click", () => {
        machine.driver.typeIn(step.cmd);
        ui.focusTerminal();
      });
      li.append(
        h("p", {}, h("strong", {}, `${label}. `), step.say),
        h("code", { class: "cmd" }, `$ ${step.cmd}`),
        step.expect
          ? h("pre", { class: "expect", "aria-label": "The book shows" }, step.expect)
          : h("p", { class: "muted" }, "Prints nothing."),
        h("div", { class: "row" }, type, run),
      );
      list.append(li);
    });
    const source = h("button", { type: "button" }, `Open ${lesson.module}'s source`);
    source.addEventListener("click", () => {
      if (!openModuleSource(lesson.module))
        ui.setStatus(`No source of ${lesson.module} in your home directory`, true);
    });
    body.append(
      h("h3", {}, `${lesson.title}: ${lesson.module}`),
      h("p", {}, lesson.intro),
      h("div", { class: "row" }, source),
      list,
    );
  };
  for (const l of lessons) {
    const b = h("button", { type: "button", "aria-current": "false" }, l.title);
    b.addEventListener("click", () => show(l));
    buttons.set(l.id, b);
    picker.append(b);
  }
  show(lessons[0]);

  const exList = h("ul", { class: "steps", id: "exercises" });
  panel.append(
    h("h2", {}, "Exercises"),
    h(
      "p",
      { class: "muted" },
      "Each exercise has a starter directory in ~/exercises (README, skeleton module, Makefile). Edit it in the Modules tab; Check runs its checker in a fresh kernel.",
    ),
    exList,
  );
  for (const ex of exercises) {
    const open = h(
      "button",
      { type: "button", "aria-label": `Open the files of ${ex.name}` },
      "Open files",
    );
    const check = h("button", { type: "button", "aria-label": `Check ${ex.name}` }, "Check");
    open.addEventListener("click", () => {
      const select = document.getElementById("mod-file") as HTMLSelectElement | null;
      const dir = `${machine.user.home}/exercises/${ex.name}/`;
      const options = Array.from(select?.options ?? []);
      const opt =
        options.find((o) => o.value === `${dir}${ex.name}.ts`) ??
        options.find((o) => o.value.startsWith(dir) && o.value.endsWith(".ts"));
      if (!opt) {
        ui.setStatus(`~/exercises/${ex.name} does not exist`, true);
        return;
      }
      selectModulesTab();
      showSource(opt.value);
      document.getElementById("mod-editor")?.focus();
    });
    check.addEventListener("click", () => {
      machine.driver.run(`check ${ex.name}`);
      ui.focusTerminal();
    });
    exList.append(
      h(
        "li",
        { class: "step" },
        h("p", {}, h("strong", {}, ex.title), " ", h("code", {}, ex.name)),
        h("p", {}, ex.summary),
        h("div", { class: "row" }, open, check),
      ),
    );
  }
}
