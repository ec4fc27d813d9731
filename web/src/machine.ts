/**
 * The virtual machine behind the page: one booted kernel (real clock) with the learner
 * logged in on the page's terminal, the home directory kept in IndexedDB after every
 * command, and reboots (the Reset button, or after a panic) that bring the files back.
 */
import type { Kernel } from "../../src/kernel/kernel.ts";
import type { LogRecord } from "../../src/kernel/printk.ts";
import { formatDmesgLine } from "../../src/user/lib/format.ts";
import type { Libc } from "../../src/user/libc/libc.ts";
import { hostProcess } from "../../src/user/run.ts";
import { type Session, startSession } from "../../src/user/session.ts";
import { boot } from "../../src/vkern.ts";
import { diffHome, type HomeDiff, restoreHome, snapshotHome } from "./home_store.ts";
import type { Store } from "./idb.ts";
import { ShellDriver, type TermLike } from "./shell_driver.ts";
import { cleanTarPath, packTar, type TarEntry, unpackTar } from "./tar.ts";

export interface GuestUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

type Listener<T> = (v: T) => void;

const HOME_KEY = "home";
const HISTORY_KEY = "history";

export class Machine {
  kernel!: Kernel;
  session!: Session;
  driver!: ShellDriver;
  user!: GuestUser;
  /** Increases with every boot; panes compare it to notice a reboot. */
  generation = 0;
  /** When the first prompt appeared, in ms since navigation (performance.now()). */
  firstPromptAt = 0;
  /** Saves completed (the browser tests wait on it before reloading). */
  saves = 0;
  /** Commands wait for this (the lazily loaded module compiler). */
  runGate: Promise<void> = Promise.resolve();
  private pristine: TarEntry[] = [];
  private token: object = {};
  private lastSaved: Promise<boolean> = Promise.resolve(true);
  readonly bootListeners = new Set<Listener<Kernel>>();
  readonly idleListeners = new Set<Listener<string>>();
  readonly panicListeners = new Set<Listener<string>>();
  readonly savedListeners = new Set<Listener<boolean>>();

  constructor(
    private readonly term: TermLike,
    private readonly store: Store | null,
    private readonly userName = "llkd",
  ) {}

  /**
   * A record of the kernel log as `dmesg` prints it, for the log pane: the panes bundle
   * imports no kernel code (panes/api.ts), and the page's script has the formatter anyway.
   */
  dmesgLine(rec: LogRecord): string {
    const us = Math.floor(rec.tsNs / 1000);
    return formatDmesgLine(Math.floor(us / 1_000_000), us % 1_000_000, rec.text);
  }

  /**
   * Boots, brings back the saved home directory and history (`saved`: what index.html
   * prefetched, else read from the store now), and shows the first prompt.
   */
  async start(saved?: Promise<{ home?: unknown; history?: unknown } | null>): Promise<void> {
    const read = saved
      ? saved.then((s) => ({ home: s?.home as HomeDiff | undefined, history: s?.history }))
      : Promise.all([
          this.store?.get<HomeDiff>(HOME_KEY),
          this.store?.get<string[]>(HISTORY_KEY),
        ]).then(([home, history]) => ({ home, history }));
    const { home, history } = await read;
    await this.bootKernel(
      home && Array.isArray(home.changed) ? home : undefined,
      Array.isArray(history) ? history.filter((x): x is string => typeof x === "string") : [],
    );
  }

  private async bootKernel(diff: HomeDiff | undefined, history: readonly string[]): Promise<void> {
    performance.mark("vkern:boot");
    const k = await boot({ clock: "real", bootTimeMs: Date.now(), now: () => performance.now() });
    performance.mark("vkern:booted");
    const u = k.options.users.find((x) => x.name === this.userName)!;
    this.user = { name: u.name, uid: u.uid, gid: u.gid, home: u.home };
    this.pristine = snapshotHome(k, u.home);
    if (diff) {
      try {
        restoreHome(k, u.home, diff);
      } catch (e) {
        this.term.write(`\r\nvkern: could not restore every saved file: ${String(e)}\r\n`);
      }
    }
    this.kernel = k;
    this.generation++;
    k.panicListeners.add((reason) => {
      if (this.kernel === k) this.onPanic(reason);
    });
    await this.login(history);
    performance.mark("vkern:prompt");
    if (!this.firstPromptAt) this.firstPromptAt = performance.now();
    for (const l of this.bootListeners) l(k);
  }

  private async login(history: readonly string[]): Promise<void> {
    const k = this.kernel;
    const token = {};
    this.token = token;
    const session = await startSession(k, {
      user: this.userName,
      terminal: {
        write: (b) => {
          if (this.token === token) this.term.write(b);
        },
        cols: this.term.cols,
        rows: this.term.rows,
      },
    });
    this.session = session;
    this.driver = new ShellDriver(
      this.term,
      session,
      {
        beforeRun: () => this.runGate,
        onIdle: (src) => {
          void this.save();
          for (const l of this.idleListeners) l(src);
        },
        onLogout: () => {
          if (this.token !== token) return;
          this.term.write("\r\n[logged out; a new login shell starts]\r\n\r\n");
          void this.save();
          void this.login(this.driver.editor.history);
        },
      },
      history,
    );
    await this.driver.start();
  }

  private onPanic(reason: string): void {
    this.driver.dispose();
    this.token = {};
    this.term.write(
      `\r\n\x1b[1;31mKernel panic - not syncing: ${reason}\x1b[0m\r\n` +
        "The kernel refuses further work. Your files are saved: press Reset to reboot.\r\n",
    );
    void this.save();
    for (const l of this.panicListeners) l(reason);
  }

  /** The learner's changes to the home directory, read from the kernel as it is now. */
  currentDiff(): HomeDiff {
    return diffHome(this.pristine, snapshotHome(this.kernel, this.user.home));
  }

  /**
   * Writes the home directory's changes and the history to IndexedDB now (after every
   * command: a snapshot of a home directory takes well under a millisecond).
   */
  save(): Promise<boolean> {
    if (!this.store || !this.kernel) return Promise.resolve(false);
    const diff = this.currentDiff();
    const history = this.driver?.editor.history.slice(-1000) ?? [];
    const store = this.store;
    this.lastSaved = this.lastSaved.then(async () => {
      const ok = (await store.set(HOME_KEY, diff)) && (await store.set(HISTORY_KEY, history));
      this.saves++;
      for (const l of this.savedListeners) l(ok);
      return ok;
    });
    return this.lastSaved;
  }

  /** Reboots the kernel, keeping the home directory and the history. */
  async reset(): Promise<void> {
    const diff = this.currentDiff();
    const history = this.driver.editor.history.slice();
    this.driver.dispose();
    this.token = {};
    this.term.write("\r\n\x1b[0m\x1b[2J\x1b[3J\x1b[H");
    await this.bootKernel(diff, history);
    await this.save();
  }

  /** Forgets every saved change and reboots with the home directory as shipped. */
  async factoryReset(): Promise<void> {
    this.driver.dispose();
    this.token = {};
    await this.store?.delete(HOME_KEY);
    this.term.write("\x1b[0m\x1b[2J\x1b[3J\x1b[H");
    await this.bootKernel(undefined, this.driver.editor.history.slice());
  }

  /** The whole home directory as a tar archive. */
  exportTar(): Uint8Array {
    return packTar(snapshotHome(this.kernel, this.user.home));
  }

  /**
   * Merges an archive into the home directory (files owned by the learner, whatever the
   * archive says). A dead kernel is rebooted with the merged files. Returns the file count.
   */
  async importTar(bytes: Uint8Array): Promise<number> {
    const entries = unpackTar(bytes);
    // Archives made with "tar cf x.tar llkd/" or of the home itself: strip a leading
    // component that names the home directory.
    const homeName = this.user.home.split("/").pop()!;
    const strip = entries.every((e) => e.path === homeName || e.path.startsWith(`${homeName}/`));
    const owned: TarEntry[] = [];
    const dirs = new Set<string>();
    for (const e of entries) {
      const path = cleanTarPath(strip ? e.path.slice(homeName.length + 1) : e.path);
      if (!path) continue;
      const parts = path.split("/");
      for (let i = 1; i < parts.length; i++) {
        const d = parts.slice(0, i).join("/");
        if (!dirs.has(d)) {
          dirs.add(d);
          owned.push({ path: d, type: "dir", mode: 0o755, uid: 0, gid: 0, mtime: e.mtime });
        }
      }
      if (e.type === "dir") dirs.add(path);
      owned.push({ ...e, path });
    }
    for (const e of owned) {
      e.uid = this.user.uid;
      e.gid = this.user.gid;
    }
    // Directories that already exist keep their mode.
    const existing = new Set(snapshotHome(this.kernel, this.user.home).map((e) => e.path));
    const changed = owned.filter((e) => !(e.type === "dir" && existing.has(e.path)));
    if (this.kernel.panicked) {
      const diff = this.currentDiff();
      await this.bootKernel({ changed: [...diff.changed, ...changed], deleted: diff.deleted }, [
        ...this.driver.editor.history,
      ]);
    } else {
      restoreHome(this.kernel, this.user.home, { changed, deleted: [] });
    }
    await this.save();
    return owned.filter((e) => e.type === "file").length;
  }

  /**
   * Runs `fn` with the C library of a short-lived process of the learner (or root), the
   * way the page's panes read and write guest files; the process exits afterwards.
   */
  async withProcess<T>(asRoot: boolean, fn: (libc: Libc) => Promise<T>): Promise<T> {
    const k = this.kernel;
    if (k.panicked) throw new Error("the kernel has panicked");
    const { libc, task } = hostProcess(k, asRoot ? 0 : this.user.uid, this.user.home, () => {});
    // A process killed inside a system call (an Oops) never returns from it: notice the
    // death instead of waiting for it.
    let timer: ReturnType<typeof setInterval> | undefined;
    const died = new Promise<never>((_, reject) => {
      timer = setInterval(() => {
        if (!task.alive || k.panicked) reject(new ProcessKilled());
      }, 25);
    });
    try {
      return await Promise.race([fn(libc), died]);
    } finally {
      clearInterval(timer);
      if (task.alive && !k.panicked) void libc._exit(0);
    }
  }
}

/** The pane's helper process was killed (an Oops in the file it read). */
export class ProcessKilled extends Error {
  override name = "ProcessKilled";
  constructor() {
    super("Killed");
  }
}
