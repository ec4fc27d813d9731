/**
 * The playground's first script: boots vkern with the learner's saved home directory, puts
 * its login shell on an xterm.js terminal, wires the machine's buttons, and only then mounts
 * the side panes (lessons, file tree, module editor, dmesg), which the first prompt does
 * not need. The built site is classic scripts, not ES modules, so it also runs from file://.
 */
import "@xterm/xterm/css/xterm.css";
import "./style.css";
import { FitAddon } from "@xterm/addon-fit";
import { Terminal } from "@xterm/xterm";
import { KeyValueStore, openDatabase } from "./idb.ts";
import { Machine } from "./machine.ts";
import * as panesModule from "./panes/index.ts";
import { setupTabs } from "./tabs.ts";
import { terminalTheme } from "./theme.ts";

declare const __BUILD_ID__: string;

performance.mark("vkern:script");
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function setStatus(text: string, bad = false): void {
  const s = $("status");
  s.textContent = text;
  s.classList.toggle("bad", bad);
}

const term = new Terminal({
  theme: terminalTheme,
  fontFamily: '"DejaVu Sans Mono", "Liberation Mono", ui-monospace, Menlo, Consolas, monospace',
  fontSize: 14,
  // Room below the baseline: underscores must not be clipped (procfs_simple_intf ...).
  lineHeight: 1.2,
  cursorBlink: true,
  convertEol: true,
  scrollback: 5000,
  // WCAG AA for every colour a program may print.
  minimumContrastRatio: 4.5,
  allowProposedApi: false,
});
const fit = new FitAddon();
term.loadAddon(fit);
const host = $("terminal");
term.open(host);
fit.fit();
term.textarea?.setAttribute("aria-label", "Terminal: the login shell of the virtual machine");
term.textarea?.setAttribute("aria-describedby", "term-hint");

const machine = new Machine(
  {
    write: (d) => term.write(d),
    get cols() {
      return term.cols;
    },
    get rows() {
      return term.rows;
    },
  },
  new KeyValueStore(
    window.vkernPrefetch ? window.vkernPrefetch.then((p) => p?.db ?? null) : openDatabase(),
  ),
);

// Keys: Esc then Tab (or Shift+Tab) leaves the terminal, so keyboard users are never trapped;
// Ctrl+Shift+C copies the selection (also Ctrl+C while text is selected); Ctrl+Shift+V and
// Ctrl+V are left to the browser, whose paste event xterm.js turns into input.
let escaped = false;
const MODIFIERS = new Set(["Shift", "Control", "Alt", "Meta"]);
term.attachCustomKeyEventHandler((e) => {
  if (e.type !== "keydown" || MODIFIERS.has(e.key)) return true;
  if (e.key === "Tab" && escaped) {
    escaped = false;
    return false;
  }
  escaped = e.key === "Escape";
  const ctrl = e.ctrlKey || e.metaKey;
  if (ctrl && e.code === "KeyC" && (e.shiftKey || term.hasSelection())) {
    const text = term.getSelection();
    if (text) void navigator.clipboard?.writeText(text).catch(() => {});
    e.preventDefault();
    return false;
  }
  if (ctrl && e.code === "KeyV") return false;
  return true;
});
term.onData((d) => machine.driver?.input(d));
term.onResize(({ cols, rows }) => machine.driver?.resize(cols, rows));
new ResizeObserver(() => fit.fit()).observe(host);

declare global {
  interface Window {
    /** For the browser tests and the curious: the machine and the terminal's text. */
    vkern: {
      machine: Machine;
      term: Terminal;
      /** The terminal's text once everything written to it has been drawn. */
      screen(): Promise<string>;
      promptReadyAt: number;
      panesReadyAt: number;
    };
  }
}

window.vkern = {
  machine,
  term,
  promptReadyAt: 0,
  panesReadyAt: 0,
  async screen() {
    await new Promise<void>((resolve) => term.write("", resolve));
    const b = term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < b.length; i++) {
      const l = b.getLine(i);
      if (!l) continue;
      const text = l.translateToString(true);
      if (l.isWrapped && lines.length) lines[lines.length - 1] += text;
      else lines.push(text);
    }
    while (lines.length && lines[lines.length - 1] === "") lines.pop();
    return lines.join("\n");
  },
};

setupTabs();

$("btn-reset").addEventListener("click", async () => {
  setStatus("Rebooting…");
  await machine.reset();
  setStatus("Rebooted; files kept");
  term.focus();
});

$("btn-export").addEventListener("click", () => {
  const tar = machine.exportTar();
  const url = URL.createObjectURL(new Blob([tar as BlobPart], { type: "application/x-tar" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = `vkern-home-${new Date().toISOString().slice(0, 10)}.tar`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  setStatus("Exported");
});

const fileInput = $<HTMLInputElement>("file-import");
$("btn-import").addEventListener("click", () => fileInput.click());
fileInput.addEventListener("change", async () => {
  const f = fileInput.files?.[0];
  if (!f) return;
  try {
    const n = await machine.importTar(new Uint8Array(await f.arrayBuffer()));
    setStatus(`Imported ${n} file${n === 1 ? "" : "s"}`);
  } catch (e) {
    setStatus(`Import failed: ${e instanceof Error ? e.message : e}`, true);
  }
  fileInput.value = "";
});

machine.panicListeners.add(() => {
  setStatus("Kernel panic: press Reset", true);
  $("btn-reset").focus();
});
// Leaving the page: one more save (IndexedDB usually finishes a transaction begun here).
addEventListener("pagehide", () => void machine.save());
machine.savedListeners.add((ok) => {
  if (!ok) setStatus("Not saved (no IndexedDB)", true);
});

/** Loads one of the build's classic scripts (they work from file://, unlike modules). */
function loadScript(name: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const s = document.createElement("script");
    s.src = `./assets/${name}?v=${__BUILD_ID__}`;
    s.onload = () => resolve();
    s.onerror = () => reject(new Error(`could not load ${name}`));
    document.head.append(s);
  });
}

/**
 * The panes are part of this script (a script of their own cost 660 bytes more gzipped,
 * against the site's 400 KiB budget); they are mounted once the prompt is up.
 */
async function loadPanes(): Promise<typeof panesModule> {
  return panesModule;
}

/** The module compiler (sucrase), kept out of the first script by the build. */
function loadCompiler(): Promise<void> {
  if (import.meta.env.DEV) return Promise.resolve();
  return loadScript("compiler.js").catch((e) => {
    setStatus(String(e), true);
  });
}

async function start(): Promise<void> {
  await machine.start(window.vkernPrefetch);
  window.vkern.promptReadyAt = performance.now();
  document.body.dataset.prompt = "ready";
  setStatus("Ready");
  term.focus();
  machine.runGate = loadCompiler();

  try {
    const panes = await loadPanes();
    panes.mount(machine, { focusTerminal: () => term.focus(), setStatus });
    window.vkern.panesReadyAt = performance.now();
    document.body.dataset.panes = "ready";
  } catch (e) {
    setStatus(String(e), true);
  }
}

void start();
