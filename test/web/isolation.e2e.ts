/**
 * The confinement of a learner's module in a real browser (test/modules/isolation.test.ts
 * is the full table, in Node): a module built and loaded in the playground tries the
 * tab's globals (window, document, indexedDB, localStorage), the Function constructor,
 * the kernel behind `current()` and a prototype of the page, and reaches none of them.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idle, lastOutput, launch, open, runs, screenshot, type } from "./browser.ts";

const SOURCE = `import { current, proc_create_single_data, remove_proc_entry, seq_printf, type SeqFile } from "linux";

function attempt(f: () => unknown): string {
  try {
    const v = f();
    return v === undefined || v === null ? "nothing" : \`GOT \${typeof v}\`;
  } catch (e) {
    return \`threw \${e instanceof Error ? e.name : typeof e}\`;
  }
}

export default {
  name: "esc_web",
  license: "GPL",
  load() {
    const results = [
      ["window", attempt(() => window)],
      ["document", attempt(() => document)],
      ["indexedDB", attempt(() => indexedDB)],
      ["localStorage", attempt(() => localStorage)],
      ["Function", attempt(() => (() => 0).constructor("return globalThis")())],
      ["kernel", attempt(() => (current() as any).kernel)],
      ["prototype", attempt(() => { (Object.prototype as any).polluted = 1; return ({} as any).polluted; })],
    ];
    function esc_web_show(m: SeqFile): number {
      for (const [what, r] of results) seq_printf(m, "%s: %s\\n", what, r);
      return 0;
    }
    return {
      init() { proc_create_single_data("esc_web", 0o444, null, esc_web_show, null); return 0; },
      exit() { remove_proc_entry("esc_web", null); },
    };
  },
};
`;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("a module in the browser", () => {
  it("reaches neither the tab nor the kernel", async () => {
    const { context, page, errors } = await open(browser);
    await page.click("#tab-modules");
    await page.fill("#mod-new-name", "esc_web");
    await page.click("#mod-new");
    const editor = page.locator("#mod-editor");
    await expect.poll(() => editor.inputValue()).toContain("esc_web");
    await editor.fill(SOURCE);
    const n = await runs(page);
    await page.click("#mod-build");
    await idle(page, n, 30_000);
    await type(page, "cat /proc/esc_web");
    expect(await lastOutput(page, "cat /proc/esc_web")).toEqual([
      "window: nothing",
      "document: nothing",
      "indexedDB: nothing",
      "localStorage: nothing",
      "Function: threw TypeError",
      "kernel: nothing",
      "prototype: nothing",
    ]);
    expect(await page.evaluate(() => "polluted" in Object.prototype)).toBe(false);
    await screenshot(page, "module-confined");
    expect(errors).toEqual([]);
    await context.close();
  });
});
