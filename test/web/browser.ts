/**
 * Helpers of the browser tests: Debian's Chromium driven by playwright-core (never a
 * downloaded browser), the built playground opened from file://, keys typed into its
 * terminal, its screen read back, and screenshots kept in test-results/web/.
 */
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

export const ROOT = resolve(import.meta.dirname, "../..");
export const DIST = join(ROOT, "web/dist");
export const PAGE_URL = pathToFileURL(join(DIST, "index.html")).href;
export const ARTIFACTS = join(ROOT, "test-results/web");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium (or set CHROMIUM_PATH)`);
  if (!existsSync(join(DIST, "index.html")))
    throw new Error("web/dist is missing: run npm run build:web first (npm run test:web does)");
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Root in a container has no user namespaces for the sandbox.
    args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
  });
}

export interface Opened {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** A fresh profile (empty IndexedDB) with the playground loaded and its prompt up. */
export async function open(browser: Browser, url = PAGE_URL): Promise<Opened> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(url);
  await ready(page);
  return { context, page, errors };
}

/** Waits for the first prompt and the lazily loaded panes. */
export async function ready(page: Page): Promise<void> {
  await page.waitForSelector("body[data-prompt=ready]", { timeout: 15_000 });
  await page.waitForSelector("body[data-panes=ready]", { timeout: 15_000 });
}

/** A screenshot named after the step, numbered in the order taken (across test files). */
export async function screenshot(page: Page, name: string): Promise<string> {
  const shot = readdirSync(ARTIFACTS).filter((f) => f.endsWith(".png")).length + 1;
  const file = join(ARTIFACTS, `${String(shot).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** How many command lines the terminal has run. */
export function runs(page: Page): Promise<number> {
  return page.evaluate(() => window.vkern.machine.driver.runs);
}

/** Waits until the shell is back at its prompt after `after` command lines. */
export async function idle(page: Page, after: number, timeout = 20_000): Promise<void> {
  await page.waitForFunction(
    (n) => window.vkern.machine.driver.runs > n && window.vkern.machine.driver.idle,
    after,
    { timeout, polling: 10 },
  );
}

/** Types a command line into the terminal with the keyboard and waits for the prompt. */
export async function type(page: Page, line: string): Promise<void> {
  const n = await runs(page);
  await page.locator(".xterm-helper-textarea").focus();
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
  await idle(page, n);
}

/** The terminal's text: rows of the buffer, wrapped rows joined. */
export function screen(page: Page): Promise<string> {
  return page.evaluate(() => window.vkern.screen());
}

/** The output of the last command on screen: the rows between its line and the new prompt. */
export async function lastOutput(page: Page, line: string): Promise<string[]> {
  const rows = (await screen(page)).split("\n");
  const prompt = /^(llkd|root)@llkd-vbox:[^$#]*[$#] /;
  let i = rows.length - 1;
  while (i >= 0 && !(prompt.test(rows[i]) && rows[i].replace(prompt, "") === line)) i--;
  if (i < 0) throw new Error(`"${line}" is not on the screen`);
  let end = i + 1;
  while (end < rows.length && !prompt.test(rows[end])) end++;
  return rows.slice(i + 1, end);
}

/** Waits until the home directory has been saved after the last command. */
export async function saved(page: Page): Promise<void> {
  const n = await page.evaluate(() => window.vkern.machine.saves);
  await page.evaluate(() => window.vkern.machine.save());
  await page.waitForFunction((k) => window.vkern.machine.saves > k, n);
}

/** The dmesg pane's text. */
export async function dmesgPane(page: Page): Promise<string> {
  return (await page.locator("#dmesg").textContent()) ?? "";
}
