/**
 * The live tree of the pseudo-filesystems: /proc, /sys, /sys/kernel/debug and /dev, listed
 * through real system calls by a short-lived process of the learner (or of root, when the
 * box is ticked), so permissions apply as they would to `ls` and `cat`. Open directories
 * are listed again after every command and on each boot; a file is read when clicked.
 */
import type { Libc } from "../../../src/user/libc/libc.ts";
import type { Machine } from "../machine.ts";
import { errText, h } from "./dom.ts";

const ROOTS = ["/proc", "/sys", "/sys/kernel/debug", "/dev"];
/** Largest read shown; /dev/zero and friends never end. */
const READ_LIMIT = 64 * 1024;
const O_RDONLY = 0;
const O_NONBLOCK = 0o4000;
const DT_DIR = 4;
const DT_LNK = 10;

interface Listing {
  names: { name: string; type: number }[];
  error?: string;
}

function join(dir: string, name: string): string {
  return dir === "/" ? `/${name}` : `${dir}/${name}`;
}

/** Reads up to READ_LIMIT bytes without blocking (an empty FIFO or /dev/kmsg would wait). */
async function readSome(libc: Libc, path: string): Promise<{ text: string; more: boolean }> {
  const fd = await libc.open(path, O_RDONLY | O_NONBLOCK);
  try {
    const chunks: Uint8Array[] = [];
    let total = 0;
    while (total < READ_LIMIT) {
      let b: Uint8Array;
      try {
        b = await libc.readBytes(fd, Math.min(4096, READ_LIMIT - total));
      } catch (e) {
        if (total && (e as { code?: string }).code === "EAGAIN") break;
        throw e;
      }
      if (!b.length) break;
      chunks.push(b);
      total += b.length;
    }
    const all = new Uint8Array(total);
    let o = 0;
    for (const c of chunks) {
      all.set(c, o);
      o += c.length;
    }
    return { text: new TextDecoder().decode(all), more: total >= READ_LIMIT };
  } finally {
    await libc.close(fd).catch(() => {});
  }
}

export function mountTree(machine: Machine, panel: HTMLElement): void {
  const expanded = new Set<string>();
  const containers = new Map<string, HTMLUListElement>();
  const signatures = new Map<string, string>();
  let asRoot = false;
  let refreshing: Promise<void> | null = null;
  let again = false;

  const who = () => (asRoot ? "root" : machine.user.name);
  const rootBox = h("input", { type: "checkbox", id: "tree-as-root" });
  rootBox.addEventListener("change", () => {
    asRoot = rootBox.checked;
    void refresh();
  });
  const treeEl = h("div", { class: "tree" });
  const viewerTitle = h("h3", { id: "viewer-title" }, "Click a file to read it");
  const viewerText = h("pre", {
    id: "viewer",
    tabindex: "0",
    "aria-labelledby": "viewer-title",
  });
  const again_ = h("button", { type: "button", id: "viewer-again", hidden: true }, "Read again");
  let viewing: string | null = null;

  panel.append(
    h(
      "p",
      { class: "muted" },
      "The kernel's pseudo-filesystems, read with real system calls. Open directories follow what you do in the terminal.",
    ),
    h(
      "div",
      { class: "toolbar" },
      h("label", {}, rootBox, " read as root (sudo)"),
      h("button", { type: "button", id: "tree-refresh", onclick: () => void refresh() }, "Refresh"),
    ),
    treeEl,
    h("div", { class: "viewer" }, h("div", { class: "toolbar" }, viewerTitle, again_), viewerText),
  );
  again_.addEventListener("click", () => {
    if (viewing) void readFile(viewing);
  });

  async function list(libc: Libc, dir: string): Promise<Listing> {
    try {
      const entries = await libc.readdir(dir);
      const names = entries
        .filter((e) => e.name !== "." && e.name !== "..")
        .map((e) => ({ name: e.name, type: e.type }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return { names };
    } catch (e) {
      return { names: [], error: errText(e, (n) => libc.strerror(n)) };
    }
  }

  function node(path: string, name: string, type: number): HTMLLIElement {
    const isDir = type === DT_DIR;
    const label = type === DT_LNK ? `${name}@` : isDir ? `${name}/` : name;
    const btn = h("button", { type: "button", "data-path": path }, label);
    const li = h("li", {}, btn);
    if (isDir) {
      btn.setAttribute("aria-expanded", String(expanded.has(path)));
      btn.addEventListener("click", () => toggle(path, btn, li));
      if (expanded.has(path)) li.append(containerFor(path));
    } else {
      btn.addEventListener("click", () => void openEntry(path, type, btn, li));
    }
    return li;
  }

  function containerFor(path: string): HTMLUListElement {
    let ul = containers.get(path);
    if (!ul) {
      ul = h("ul", { "aria-label": path });
      containers.set(path, ul);
    }
    return ul;
  }

  function toggle(path: string, btn: HTMLElement, li: HTMLElement): void {
    if (expanded.has(path)) {
      expanded.delete(path);
      btn.setAttribute("aria-expanded", "false");
      containers.get(path)?.remove();
      return;
    }
    expanded.add(path);
    btn.setAttribute("aria-expanded", "true");
    li.append(containerFor(path));
    void refresh();
  }

  /** A symlink: a directory behind it opens like one, anything else is read. */
  async function openEntry(path: string, type: number, btn: HTMLElement, li: HTMLElement) {
    if (type === DT_LNK) {
      try {
        const st = await machine.withProcess(asRoot, (libc) => libc.stat(path));
        if ((st.mode & 0o170000) === 0o040000) {
          toggle(path, btn, li);
          return;
        }
      } catch {
        // dangling: reading it reports the error
      }
    }
    await readFile(path);
  }

  async function readFile(path: string): Promise<void> {
    viewing = path;
    viewerTitle.textContent = `${path} (read as ${who()})`;
    again_.hidden = false;
    viewerText.textContent = "…";
    try {
      const r = await machine.withProcess(asRoot, async (libc) => {
        try {
          return await readSome(libc, path);
        } catch (e) {
          return { text: `cat: ${path}: ${errText(e, (n) => libc.strerror(n))}\n`, more: false };
        }
      });
      viewerText.textContent = r.text + (r.more ? `\n[… first ${READ_LIMIT} bytes shown]` : "");
      if (!r.text) viewerText.textContent = "(empty)";
    } catch (e) {
      viewerText.textContent = e instanceof Error && e.name === "ProcessKilled" ? "Killed" : `${e}`;
    }
    void refresh();
  }

  function render(dir: string, l: Listing): void {
    const sig = l.error ?? l.names.map((n) => `${n.name}:${n.type}`).join("/");
    const ul = containerFor(dir);
    if (signatures.get(dir) === sig && ul.childElementCount) return;
    signatures.set(dir, sig);
    const focused = (document.activeElement as HTMLElement | null)?.dataset?.path;
    ul.textContent = "";
    if (l.error) ul.append(h("li", { class: "err" }, l.error));
    else if (!l.names.length) ul.append(h("li", { class: "muted" }, "(empty)"));
    for (const n of l.names) ul.append(node(join(dir, n.name), n.name, n.type));
    if (focused) treeEl.querySelector<HTMLElement>(`[data-path="${CSS.escape(focused)}"]`)?.focus();
  }

  /** Lists every open directory again (one process for the lot). */
  async function refresh(): Promise<void> {
    if (refreshing) {
      again = true;
      return refreshing;
    }
    refreshing = (async () => {
      do {
        again = false;
        if (machine.kernel.panicked) break;
        const open = [...expanded].filter((p) =>
          [...expanded].every((q) => q === p || !p.startsWith(`${q}/`) || expanded.has(q)),
        );
        try {
          const listings = await machine.withProcess(asRoot, async (libc) => {
            const out = new Map<string, Listing>();
            for (const p of open) out.set(p, await list(libc, p));
            return out;
          });
          for (const [p, l] of listings) render(p, l);
        } catch {
          // killed or panicked: the next command refreshes again
        }
      } while (again);
    })();
    try {
      await refreshing;
    } finally {
      refreshing = null;
    }
  }

  const top = h("ul", { "aria-label": "Pseudo-filesystems" });
  for (const r of ROOTS) top.append(node(r, r, DT_DIR));
  treeEl.append(top);

  machine.idleListeners.add(() => void refresh());
  machine.bootListeners.add(() => {
    signatures.clear();
    void refresh();
  });
  void refresh();
}
