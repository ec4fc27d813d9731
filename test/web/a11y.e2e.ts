/**
 * The playground with the keyboard only, and its colours: every control is reached with
 * Tab and shows where the focus is, the terminal lets the focus go (Esc, then Tab), its
 * keys work (history, Ctrl-C, completion, copy and paste), it follows the window's size,
 * and every piece of text meets WCAG AA contrast (4.5:1, 3:1 for large text).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idle, lastOutput, launch, open, runs, screen, screenshot, type } from "./browser.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** A description of the focused element, and whether its focus can be seen. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const visible = (e: Element) => {
      const s = getComputedStyle(e);
      const outline = s.outlineStyle !== "none" && Number.parseFloat(s.outlineWidth) >= 2;
      return outline || (s.boxShadow !== "none" && s.boxShadow !== "");
    };
    // The terminal's focus ring is drawn by its container (:focus-within).
    const ring =
      visible(el) ||
      (el.classList.contains("xterm-helper-textarea") && visible(el.closest(".terminal")!));
    const id =
      el.id ||
      el.dataset.path ||
      `${el.tagName.toLowerCase()}:${el.getAttribute("aria-label") ?? el.textContent?.trim().slice(0, 40)}`;
    return { id, ring, terminal: el.classList.contains("xterm-helper-textarea") };
  });
}

/** Every element a keyboard user should reach in the visible page. */
function tabbables(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const sel =
      'button, input:not([type="hidden"]):not([hidden]), select, textarea, a[href], [tabindex="0"]';
    return Array.from(document.querySelectorAll<HTMLElement>(sel))
      .filter((e) => {
        if (e.tabIndex < 0 || (e as HTMLButtonElement).disabled) return false;
        const r = e.getBoundingClientRect();
        const s = getComputedStyle(e);
        // The skip link sits off screen until focused; xterm's textarea is 0-sized on purpose.
        const offscreen =
          e.classList.contains("skip") || e.classList.contains("xterm-helper-textarea");
        return offscreen || (r.width > 0 && r.height > 0 && s.visibility !== "hidden");
      })
      .map(
        (el) =>
          el.id ||
          el.dataset.path ||
          `${el.tagName.toLowerCase()}:${el.getAttribute("aria-label") ?? el.textContent?.trim().slice(0, 40)}`,
      );
  });
}

/** Tabs through the page from the top; Esc first whenever the terminal has the focus. */
async function tabAround(page: Page): Promise<{ id: string; ring: boolean }[]> {
  // Start at the first control (the skip link) and go round until the focus comes back.
  await page.focus(".skip");
  await page.evaluate(() => {
    (window as unknown as { start: Element | null }).start = document.activeElement;
  });
  const seen: { id: string; ring: boolean }[] = [];
  for (let i = 0; i < 400; i++) {
    const f = await focused(page);
    if (!f) break;
    seen.push(f);
    if (f.terminal) await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    const back = await page.evaluate(
      () => document.activeElement === (window as unknown as { start: Element }).start,
    );
    if (back) break;
  }
  return seen;
}

describe("keyboard only", () => {
  it("reaches every control with Tab, each with a visible focus ring, in every tab", async () => {
    const { context, page } = await open(browser);
    // Something in each pane: a loaded module, an open directory, a file read.
    await type(page, "sudo insmod procfs_simple_intf");
    for (const tab of ["tab-lessons", "tab-files", "tab-modules"]) {
      await page.focus(`#${tab}`);
      await page.keyboard.press("Enter");
      if (tab === "tab-files") {
        await page.focus('button[data-path="/proc"]');
        await page.keyboard.press("Enter");
        await page.locator('button[data-path="/proc/version"]').waitFor();
      }
      const want = await tabbables(page);
      const seen = await tabAround(page);
      const ids = seen.map((s) => s.id);
      expect(
        want.filter((w) => !ids.includes(w)),
        `unreachable in ${tab}`,
      ).toEqual([]);
      expect(
        seen.filter((s) => !s.ring).map((s) => s.id),
        `no focus ring in ${tab}`,
      ).toEqual([]);
      console.log(`[keyboard] ${tab}: ${seen.length} stops, all with a focus ring`);
    }
    await screenshot(page, "keyboard-modules-tab");
    await context.close();
  });

  it("runs a lesson, opens a file and leaves the terminal without a mouse", async () => {
    const { context, page } = await open(browser);
    expect((await focused(page))?.terminal).toBe(true);
    // Out of the terminal: Esc then Shift+Tab reaches the controls before it.
    await page.keyboard.press("Escape");
    await page.keyboard.press("Shift+Tab");
    expect((await focused(page))?.terminal).toBe(false);
    // To the first step's Run button, and press it.
    await page.focus("#tab-lessons");
    let f = await focused(page);
    for (let i = 0; i < 30 && !f?.id.startsWith("button:Run step 1"); i++) {
      await page.keyboard.press("Tab");
      f = await focused(page);
    }
    expect(f?.id).toBe("button:Run step 1: sudo insmod procfs_simple_intf");
    const n = await runs(page);
    await page.keyboard.press("Enter");
    await idle(page, n);
    expect((await focused(page))?.terminal).toBe(true);
    // The file tree with arrows and Enter: Files tab, /proc, the module's file.
    await page.keyboard.press("Escape");
    await page.focus("#tab-lessons");
    await page.keyboard.press("ArrowRight");
    expect(await page.isVisible("#panel-files")).toBe(true);
    await page.focus('button[data-path="/proc"]');
    await page.keyboard.press("Enter");
    const dir = page.locator('button[data-path="/proc/procfs_simple_intf"]');
    await dir.waitFor();
    await dir.focus();
    await page.keyboard.press("Enter");
    const file = page.locator('button[data-path="/proc/procfs_simple_intf/llkdproc_show_pgoff"]');
    await file.waitFor();
    await file.focus();
    await page.keyboard.press("Enter");
    await expect
      .poll(() => page.locator("#viewer").textContent())
      .toContain("procfs_simple_intf:PAGE_OFFSET:0xffff888000000000");
    await screenshot(page, "keyboard-file-read");
    await context.close();
  });
});

describe("the terminal's keys", () => {
  it("history, completion, Ctrl-C, copy and paste, resize", async () => {
    const { context, page } = await open(browser);
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const line = () => page.evaluate(() => window.vkern.machine.driver.editor.line);

    await type(page, "echo one");
    await type(page, "echo two");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    expect(await line()).toBe("echo one");
    await page.keyboard.press("ArrowDown");
    expect(await line()).toBe("echo two");
    await page.keyboard.press("Control+U");

    await page.keyboard.type("cat /proc/vers");
    await page.keyboard.press("Tab");
    await expect.poll(line).toBe("cat /proc/version ");
    await page.keyboard.press("Control+U");

    // Ctrl-C stops a program waiting for input, and the prompt comes back.
    let n = await runs(page);
    await page.keyboard.type("cat\n");
    await page.waitForFunction(() => window.vkern.machine.driver.busy);
    await page.keyboard.type("typed to cat\n");
    await expect.poll(() => screen(page)).toContain("typed to cat\ntyped to cat");
    await page.keyboard.press("Control+c");
    await idle(page, n);
    expect(await screen(page)).toMatch(/typed to cat\n\^C\nllkd@llkd-vbox:~\$ ?$/);

    // Copy what is selected (Ctrl+Shift+C), paste it back (Ctrl+Shift+V).
    await type(page, "echo copy-this-text");
    await page.evaluate(() => {
      const t = window.vkern.term;
      const b = t.buffer.active;
      for (let y = b.length - 1; y >= 0; y--) {
        const text = b.getLine(y)?.translateToString(true) ?? "";
        if (text === "copy-this-text") {
          t.select(0, y, text.length);
          return;
        }
      }
    });
    await page.keyboard.press("Control+Shift+C");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("copy-this-text");
    await page.evaluate(() => navigator.clipboard.writeText("echo pasted"));
    await page.locator(".xterm-helper-textarea").focus();
    await page.keyboard.press("Control+Shift+V");
    await expect.poll(line).toBe("echo pasted");
    n = await runs(page);
    await page.keyboard.press("Enter");
    await idle(page, n);
    expect(await lastOutput(page, "echo pasted")).toEqual(["pasted"]);

    // The terminal follows the window, and so does the kernel's idea of its size.
    const before = await page.evaluate(() => window.vkern.term.cols);
    await page.setViewportSize({ width: 1000, height: 700 });
    await page.waitForFunction((c) => window.vkern.term.cols < c, before);
    const size = await page.evaluate(() => ({
      term: [window.vkern.term.cols, window.vkern.term.rows],
      tty: [window.vkern.machine.session.tty!.cols, window.vkern.machine.session.tty!.rows],
    }));
    expect(size.tty).toEqual(size.term);
    await screenshot(page, "terminal-keys");
    await context.close();
  });
});

/** WCAG 2.x contrast of every visible text element against what is really behind it. */
function contrastFailures(page: Page) {
  return page.evaluate(() => {
    const parse = (c: string): number[] => {
      const m = c.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      return [m[0], m[1], m[2], m[3] ?? 1];
    };
    const over = (top: number[], under: number[]) => {
      const a = top[3];
      return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat(1);
    };
    const lum = (c: number[]) => {
      const ch = c.slice(0, 3).map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
    };
    const background = (el: Element): number[] => {
      const layers: number[][] = [];
      for (let e: Element | null = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
      }
      let bg = [255, 255, 255, 1];
      for (const l of layers.reverse()) bg = over(l, bg);
      return bg;
    };
    const failures: string[] = [];
    let checked = 0;
    for (const el of Array.from(document.querySelectorAll<HTMLElement>("body *"))) {
      const own = Array.from(el.childNodes).some(
        (n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== "",
      );
      if (!own) continue;
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      if (s.visibility === "hidden" || s.display === "none" || r.width === 0 || r.height === 0)
        continue;
      if (r.bottom < 0 || r.right < 0 || r.top > innerHeight || r.left > innerWidth) continue;
      // xterm.js measures glyphs with hidden elements; they are not shown.
      if (
        el.closest(
          ".xterm-char-measure-element, .xterm-width-cache-measure-container, .xterm-accessibility, .skip",
        )
      )
        continue;
      const bg = background(el);
      const fg = over(parse(s.color), bg);
      const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      const size = Number.parseFloat(s.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
      checked++;
      if (ratio < (large ? 3 : 4.5))
        failures.push(
          `${ratio.toFixed(2)}:1 ${el.tagName.toLowerCase()}.${el.className} "${el.textContent!.trim().slice(0, 30)}" ${s.color} on rgb(${bg.slice(0, 3).join(",")})`,
        );
    }
    return { checked, failures };
  });
}

describe("contrast", () => {
  it("every visible text meets WCAG AA, in every tab, with an Oops in the log", async () => {
    const { context, page } = await open(browser);
    await type(
      page,
      "sudo insmod debugfs_simple_intf cause_an_oops=1 && sudo rmmod debugfs_simple_intf",
    );
    await type(page, "sudo cat /sys/kernel/debug/dbgfs_simple_intf/llkd_dbgfs_debug_level");
    await type(
      page,
      "ls /nonexistent; printf '\\033[31mred \\033[32mgreen \\033[34mblue \\033[90mgrey\\033[0m\\n'",
    );
    // Steps done, a directory that refuses the reader, an error note in the editor pane.
    await page
      .locator(".step")
      .first()
      .getByRole("button", { name: /^Run step 1/ })
      .click();
    let total = 0;
    for (const tab of ["tab-lessons", "tab-files", "tab-modules"]) {
      await page.click(`#${tab}`);
      if (tab === "tab-files") {
        await page.click('button[data-path="/sys/kernel/debug"]');
        await page.locator('ul[aria-label="/sys/kernel/debug"] .err').waitFor();
        await page.click('button[data-path="/proc"]');
      }
      const { checked, failures } = await contrastFailures(page);
      total += checked;
      expect(failures, `contrast in ${tab}`).toEqual([]);
      await screenshot(page, `contrast-${tab}`);
    }
    // A kernel panic changes the status line's colour.
    await type(page, 'sudo sh -c "echo 1 > /proc/sys/kernel/panic_on_oops"');
    await page.locator(".xterm-helper-textarea").focus();
    await page.keyboard.type(
      "sudo cat /sys/kernel/debug/dbgfs_simple_intf/llkd_dbgfs_show_drvctx\n",
    );
    await page.waitForFunction(() => document.getElementById("status")?.classList.contains("bad"));
    const { checked, failures } = await contrastFailures(page);
    expect(failures, "contrast after a panic").toEqual([]);
    console.log(
      `[contrast] ${total + checked} text elements checked, all at least 4.5:1 (3:1 large)`,
    );
    await context.close();
  });
});
