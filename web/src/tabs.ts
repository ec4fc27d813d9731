/**
 * The side panel's tabs (WAI-ARIA tabs pattern): click or Enter/Space selects; Left/Right,
 * Home/End move between tabs. Every tab also stays in the Tab order, so keyboard users who
 * do not know the arrow-key convention reach each one.
 */
export function selectTab(id: string): void {
  for (const t of Array.from(document.querySelectorAll<HTMLButtonElement>('[role="tab"]'))) {
    const on = t.id === id;
    t.setAttribute("aria-selected", String(on));
    const panel = document.getElementById(t.getAttribute("aria-controls")!);
    if (panel) panel.hidden = !on;
  }
}

export function setupTabs(): void {
  const tabs = Array.from(document.querySelectorAll<HTMLButtonElement>('[role="tab"]'));
  tabs.forEach((t, i) => {
    t.addEventListener("click", () => selectTab(t.id));
    t.addEventListener("keydown", (e) => {
      const to =
        e.key === "ArrowRight"
          ? (i + 1) % tabs.length
          : e.key === "ArrowLeft"
            ? (i - 1 + tabs.length) % tabs.length
            : e.key === "Home"
              ? 0
              : e.key === "End"
                ? tabs.length - 1
                : -1;
      if (to < 0) return;
      e.preventDefault();
      tabs[to].focus();
      selectTab(tabs[to].id);
    });
  });
}
