/**
 * The playground in a real browser (Debian's Chromium, headless), loaded from file:// as
 * built by `npm run build:web`: its size and speed, the procfs transcript typed into the
 * terminal, the file tree and the dmesg pane, a module edited and loaded, files kept across
 * reloads, reboots and panics, tar export and import, and the debugfs Oops.
 * Every step leaves a screenshot in test-results/web/.
 */

import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matchLine } from "../../src/user/cram/match.ts";
import { parseCram } from "../../src/user/cram/parse.ts";
import { packTar, unpackTar } from "../../web/src/tar.ts";
import {
  ARTIFACTS,
  DIST,
  dmesgPane,
  idle,
  lastOutput,
  launch,
  open,
  ROOT,
  ready,
  runs,
  saved,
  screen,
  screenshot,
  type,
} from "./browser.ts";

/**
 * Issue 9: under 400 KiB of gzipped JavaScript (gzip -9 of each file, index.html's inline
 * script included), features and all: ~/booksrc's sources, own-module confinement, every
 * command, xterm.js and sucrase. The build gets there with the plugins of web/build/ (see
 * web/vite.config.ts); the test prints the real number and the breakdown.
 */
const SIZE_TARGET = 400 * 1024;
const PROMPT_LIMIT_MS = 1500;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("size and speed", () => {
  it("the site's JavaScript gzipped: printed, under 400 KiB", () => {
    const assets = join(DIST, "assets");
    const rows = readdirSync(assets)
      .filter((f) => f.endsWith(".js"))
      .map((f) => {
        const raw = readFileSync(join(assets, f));
        return { file: f, bytes: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
      });
    // index.html's own inline script counts too.
    const html = readFileSync(join(DIST, "index.html"), "utf8");
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join("\n");
    rows.push({
      file: "index.html <script>",
      bytes: inline.length,
      gzip: gzipSync(inline, { level: 9 }).length,
    });
    const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
    const total = rows.reduce((n, r) => n + r.gzip, 0);
    const first = rows.filter((r) => r.file.startsWith("vkern-") || r.file.startsWith("index"));
    for (const r of rows) console.log(`[size] ${r.file}: ${kib(r.bytes)}, gzip -9 ${kib(r.gzip)}`);
    console.log(
      `[size] before the first prompt: ${kib(first.reduce((n, r) => n + r.gzip, 0))} gzipped`,
    );
    console.log(
      `[size] total JavaScript gzipped: ${kib(total)} = ${total} bytes (target ${kib(SIZE_TARGET)})`,
    );
    expect(total).toBeLessThan(SIZE_TARGET);
  });

  it("the terminal prompt is ready under 1.5 s after navigation", async () => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      // A fresh profile each time: nothing cached, an empty IndexedDB.
      const { context, page, errors } = await open(browser);
      const t = await page.evaluate(() => ({
        prompt: window.vkern.promptReadyAt,
        marks: Object.fromEntries(
          performance.getEntriesByType("mark").map((m) => [m.name, Math.round(m.startTime)]),
        ),
      }));
      times.push(t.prompt);
      console.log(
        `[speed] load ${i + 1}: prompt ready ${t.prompt.toFixed(0)} ms after navigation`,
        t.marks,
      );
      expect(errors).toEqual([]);
      if (i === 0) await screenshot(page, "first-prompt");
      await context.close();
    }
    const median = [...times].sort((a, b) => a - b)[1];
    console.log(`[speed] median ${median.toFixed(0)} ms (limit ${PROMPT_LIMIT_MS} ms)`);
    expect(median).toBeLessThan(PROMPT_LIMIT_MS);
  });

  it("works from a static web server too", async () => {
    const types: Record<string, string> = {
      ".html": "text/html",
      ".js": "text/javascript",
      ".css": "text/css",
    };
    const server: Server = createServer((req, res) => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      try {
        const body = readFileSync(join(DIST, path === "/" ? "index.html" : path));
        res.writeHead(200, {
          "content-type": types[extname(path) || ".html"] ?? "application/octet-stream",
        });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    try {
      const { context, page, errors } = await open(browser, `http://127.0.0.1:${port}/`);
      await type(page, "uname -r");
      expect(await lastOutput(page, "uname -r")).toEqual(["5.4.0-llkd01"]);
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      server.close();
    }
  });
});

describe("the chapter in the browser", () => {
  it("types the procfs transcript's commands and the screen shows what it expects", async () => {
    const file = join(ROOT, "../shared/transcripts/procfs.t");
    const cram = parseCram(readFileSync(file, "utf8"));
    const { context, page, errors } = await open(browser);
    let step = 0;
    for (const c of cram.commands) {
      await type(page, c.command);
      const got = await lastOutput(page, c.command);
      await screenshot(page, `procfs-${String(++step).padStart(2, "0")}`);
      const ok =
        got.length === c.expected.length && c.expected.every((e, i) => matchLine(e, got[i]));
      expect({ command: c.command, got }, "the screen after the command").toEqual({
        command: c.command,
        got: ok ? got : c.expected,
      });
    }
    // The driver's complaint also reached the live dmesg pane.
    expect(await dmesgPane(page)).toMatch(
      /\[ *\d+\.\d{6}\] procfs_simple_intf: trying to set invalid value for debug_level \[allowed range: 0-2\]; resetting to previous \(2\)/,
    );
    // What dmesg -C clears leaves the pane too.
    await type(page, "sudo dmesg -C");
    expect(await dmesgPane(page)).toBe("");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows /proc live in the file tree and reads a file when clicked", async () => {
    const { context, page } = await open(browser);
    await page.click("#tab-files");
    await page.click('button[data-path="/proc"]');
    await expect.poll(() => page.locator('button[data-path="/proc/version"]').count()).toBe(1);
    expect(await page.locator('button[data-path="/proc/procfs_simple_intf"]').count()).toBe(0);
    await type(page, "sudo insmod procfs_simple_intf");
    // The open directory follows: the module's directory appears.
    const dir = page.locator('button[data-path="/proc/procfs_simple_intf"]');
    await dir.waitFor();
    await dir.click();
    await page.click('button[data-path="/proc/procfs_simple_intf/llkdproc_debug_level"]');
    await expect
      .poll(async () => (await page.locator("#viewer").textContent())?.trimEnd())
      .toBe("debug_level:0");
    expect(await page.locator("#viewer-title").textContent()).toContain("read as llkd");
    await page.click('button[data-path="/proc/procfs_simple_intf/llkdproc_show_drvctx"]');
    await expect
      .poll(() => page.locator("#viewer").textContent())
      .toContain("cat: /proc/procfs_simple_intf/llkdproc_show_drvctx: Permission denied");
    await page.check("#tree-as-root");
    await page.click('button[data-path="/proc/procfs_simple_intf/llkdproc_show_drvctx"]');
    await expect.poll(() => page.locator("#viewer").textContent()).toContain("oursecret:AhA xxx");
    // The other roots are there, and debugfs is root's.
    await page.uncheck("#tree-as-root");
    await page.click('button[data-path="/sys/kernel/debug"]');
    await expect
      .poll(() => page.locator('ul[aria-label="/sys/kernel/debug"]').textContent())
      .toContain("Permission denied");
    await screenshot(page, "file-tree");
    await type(page, "sudo rmmod procfs_simple_intf");
    await page
      .locator('button[data-path="/proc/procfs_simple_intf"]')
      .waitFor({ state: "detached" });
    await context.close();
  });

  it("runs a lesson step from its button", async () => {
    const { context, page } = await open(browser);
    const n = await runs(page);
    await page
      .locator(".step")
      .first()
      .getByRole("button", { name: /^Run step 1/ })
      .click();
    await idle(page, n);
    await page
      .locator(".step")
      .nth(2)
      .getByRole("button", { name: /^Run step 3/ })
      .click();
    await idle(page, n + 1);
    expect(await lastOutput(page, "cat /proc/procfs_simple_intf/llkdproc_debug_level")).toEqual([
      "debug_level:0",
    ]);
    await page
      .locator(".step")
      .nth(1)
      .getByRole("button", { name: /^Type step 2/ })
      .click();
    expect(await page.evaluate(() => window.vkern.machine.driver.editor.line)).toBe(
      "ls -l /proc/procfs_simple_intf",
    );
    await screenshot(page, "lesson");
    // An exercise: its source opens in the editor, its checker runs in the terminal.
    await page.getByRole("button", { name: "Open the files of dbgfs_disp_pgoff" }).click();
    expect(await page.isVisible("#panel-modules")).toBe(true);
    await expect
      .poll(() => page.locator("#mod-file").inputValue())
      .toBe("/home/llkd/exercises/dbgfs_disp_pgoff/dbgfs_disp_pgoff.ts");
    await page.click("#tab-lessons");
    const n2 = await runs(page);
    await page.getByRole("button", { name: "Check dbgfs_disp_pgoff" }).click();
    await idle(page, n2, 30_000);
    expect(await lastOutput(page, "check dbgfs_disp_pgoff")).toContain(
      "Checking dbgfs_disp_pgoff (/home/llkd/exercises/dbgfs_disp_pgoff)",
    );
    await screenshot(page, "exercise-check");
    await context.close();
  });

  it("edits a module, builds and loads it, and finds the edit again after a reload", async () => {
    const { context, page, errors } = await open(browser);
    await page.click("#tab-modules");
    await page.fill("#mod-new-name", "hello_web");
    await page.click("#mod-new");
    const editor = page.locator("#mod-editor");
    await expect.poll(() => editor.inputValue()).toContain('"Hello from hello_web\\n"');
    const source = (await editor.inputValue()).replace(
      "Hello from hello_web",
      "Greetings, browser",
    );
    await editor.fill(source);
    const n = await runs(page);
    await page.click("#mod-build");
    await idle(page, n, 30_000);
    const rows = await screen(page);
    await screenshot(page, "module-built");
    expect(rows).toContain(
      "llkd@llkd-vbox:~$ cd ~/hello_web && make && sudo insmod ./hello_web.ko",
    );
    expect(rows).toMatch(/LD \[M\] +\/home\/llkd\/hello_web\/hello_web\.ko/);
    await type(page, "cat /proc/hello_web");
    expect(await lastOutput(page, "cat /proc/hello_web")).toEqual(["Greetings, browser"]);
    expect(await dmesgPane(page)).toMatch(/hello_web: loaded/);
    // Build and load again: the loaded module is removed first.
    await editor.fill(source.replace("Greetings, browser", "Greetings again"));
    const n2 = await runs(page);
    await page.click("#mod-build");
    await idle(page, n2, 30_000);
    expect(await screen(page)).toContain(
      "make && sudo rmmod hello_web && sudo insmod ./hello_web.ko",
    );
    await type(page, "cat /proc/hello_web");
    expect(await lastOutput(page, "cat /proc/hello_web")).toEqual(["Greetings again"]);

    await page.reload();
    await ready(page);
    await page.click("#tab-modules");
    await page.selectOption("#mod-file", "/home/llkd/hello_web/hello_web.ts");
    await expect.poll(() => page.locator("#mod-editor").inputValue()).toContain("Greetings again");
    await type(page, "ls ~/hello_web");
    expect((await lastOutput(page, "ls ~/hello_web")).join(" ")).toMatch(
      /Makefile.*hello_web\.ko.*hello_web\.ts/,
    );
    await screenshot(page, "module-after-reload");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("builds and loads a demo module from ~/booksrc with the Modules pane", async () => {
    const { context, page, errors } = await open(browser);
    await page.click("#tab-modules");
    const path = "/home/llkd/booksrc/procfs_simple_intf/procfs_simple_intf.ts";
    await expect
      .poll(() => page.locator(`#mod-file option[value="${path}"]`).count(), { timeout: 10_000 })
      .toBe(1);
    await page.selectOption("#mod-file", path);
    const editor = page.locator("#mod-editor");
    await expect.poll(() => editor.inputValue()).toContain('} from "linux";');
    const n = await runs(page);
    await page.click("#mod-build");
    await idle(page, n, 30_000);
    await screenshot(page, "booksrc-built");
    expect(await screen(page)).toContain(
      "llkd@llkd-vbox:~$ cd ~/booksrc/procfs_simple_intf && make && sudo insmod ./procfs_simple_intf.ko",
    );
    await type(page, "cd"); // a short prompt: the command must fit on one row
    await type(page, "cat /proc/procfs_simple_intf/llkdproc_debug_level");
    expect(await lastOutput(page, "cat /proc/procfs_simple_intf/llkdproc_debug_level")).toEqual([
      "debug_level:0",
    ]);
    expect(await dmesgPane(page)).toMatch(/procfs_simple_intf: loaded/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("triggers the debugfs Oops: Killed in the terminal, the Oops in the dmesg pane", async () => {
    const { context, page } = await open(browser);
    await type(page, "sudo insmod debugfs_simple_intf cause_an_oops=1");
    await type(page, "sudo cat /sys/kernel/debug/dbgfs_simple_intf/llkd_dbgfs_debug_level");
    await type(page, "sudo rmmod debugfs_simple_intf");
    const cmd = "sudo cat /sys/kernel/debug/dbgfs_simple_intf/llkd_dbgfs_debug_level";
    await type(page, cmd);
    expect(await lastOutput(page, cmd)).toEqual(["Killed"]);
    await expect.poll(() => dmesgPane(page)).toContain("Oops: 0000 [#1] SMP PTI");
    const log = await dmesgPane(page);
    expect(log).toContain("BUG: unable to handle page fault for address");
    expect(log).toMatch(/RIP: 0010:debugfs_u32_get\+0x[0-9a-f]+\/0x[0-9a-f]+/);
    await screenshot(page, "oops");
    await type(page, "echo still alive");
    expect(await lastOutput(page, "echo still alive")).toEqual(["still alive"]);
    await context.close();
  });
});

describe("nothing lost", () => {
  it("keeps files across a reload, a Reset and a panic", async () => {
    const { context, page } = await open(browser);
    await type(page, "echo my notes > notes.txt && sudo insmod procfs_simple_intf");
    await saved(page);
    await page.reload();
    await ready(page);
    await type(page, "cat notes.txt");
    expect(await lastOutput(page, "cat notes.txt")).toEqual(["my notes"]);

    await type(page, "sudo insmod procfs_simple_intf && lsmod | grep -c procfs");
    await page.click("#btn-reset");
    await page.waitForFunction(
      () =>
        window.vkern.machine.driver.idle &&
        document.getElementById("status")?.textContent === "Rebooted; files kept",
    );
    await type(page, "cat notes.txt; lsmod | grep -c procfs");
    expect(await lastOutput(page, "cat notes.txt; lsmod | grep -c procfs")).toEqual([
      "my notes",
      "0",
    ]);

    await type(page, 'sudo sh -c "echo 1 > /proc/sys/kernel/panic_on_oops"');
    await type(
      page,
      "sudo insmod debugfs_simple_intf cause_an_oops=1 && sudo rmmod debugfs_simple_intf",
    );
    await page.locator(".xterm-helper-textarea").focus();
    await page.keyboard.type(
      "sudo cat /sys/kernel/debug/dbgfs_simple_intf/llkd_dbgfs_debug_level\n",
    );
    await page.waitForFunction(() =>
      document.getElementById("status")?.textContent?.includes("Kernel panic"),
    );
    expect(await screen(page)).toContain("Kernel panic - not syncing: Fatal exception");
    // The Reset button has the focus: Enter reboots.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("btn-reset");
    await screenshot(page, "panic");
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      () => window.vkern.machine.kernel.panicked === null && window.vkern.machine.driver.idle,
    );
    await type(page, "cat notes.txt");
    expect(await lastOutput(page, "cat notes.txt")).toEqual(["my notes"]);
    await context.close();
  });

  it("exports the home directory as tar and imports one", async () => {
    const { context, page } = await open(browser);
    await type(page, "mkdir -p work && echo exported > work/e.txt");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click("#btn-export"),
    ]);
    const file = join(ARTIFACTS, "home-export.tar");
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/^vkern-home-\d{4}-\d\d-\d\d\.tar$/);
    const entries = unpackTar(new Uint8Array(readFileSync(file)));
    const e = entries.find((x) => x.path === "work/e.txt");
    expect(new TextDecoder().decode(e?.data)).toBe("exported\n");

    const tar = join(ARTIFACTS, "home-import.tar");
    writeFileSync(
      tar,
      packTar([
        {
          path: "imported/hello.txt",
          type: "file",
          mode: 0o644,
          uid: 0,
          gid: 0,
          mtime: 1614592800,
          data: new TextEncoder().encode("from a tar\n"),
        },
      ]),
    );
    await page.setInputFiles("#file-import", tar);
    await page.waitForFunction(
      () => document.getElementById("status")?.textContent === "Imported 1 file",
    );
    await type(page, "cat imported/hello.txt; stat -c %U imported/hello.txt");
    expect(await lastOutput(page, "cat imported/hello.txt; stat -c %U imported/hello.txt")).toEqual(
      ["from a tar", "llkd"],
    );
    await screenshot(page, "import");
    await context.close();
  });
});
