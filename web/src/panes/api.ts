/**
 * What the main script hands the lazily loaded panes. The panes bundle is built separately
 * (a classic script, so the site works from file://) and must not import kernel code at run
 * time: it reaches the kernel only through the Machine it is given (type imports only).
 */
import type { Machine } from "../machine.ts";

export interface PageUi {
  focusTerminal(): void;
  setStatus(text: string, bad?: boolean): void;
}

export interface PanesModule {
  mount(machine: Machine, ui: PageUi): void;
}
