/**
 * The playground's machine without a browser: the login shell driven by keys as xterm.js
 * sends them, the home directory kept across reboots, panics and logouts, tar export and
 * import, and the panes' helper processes.
 */
import { describe, expect, it } from "vitest";
import type { Store } from "../../web/src/idb.ts";
import { Machine } from "../../web/src/machine.ts";
import { packTar, unpackTar } from "../../web/src/tar.ts";
import { Screen } from "./screen.ts";

class MemoryStore implements Store {
  readonly map = new Map<string, unknown>();
  async get<T>(key: string) {
    return structuredClone(this.map.get(key)) as T | undefined;
  }
  async set(key: string, value: unknown) {
    this.map.set(key, structuredClone(value));
    return true;
  }
  async delete(key: string) {
    this.map.delete(key);
  }
}

/** A terminal as xterm.js is set up in the page (convertEol: LF is CR LF). */
class FakeTerm {
  cols = 80;
  rows = 24;
  screen = new Screen(80);
  write(d: string | Uint8Array) {
    const s = typeof d === "string" ? d : new TextDecoder().decode(d);
    this.screen.write(s.replace(/\r?\n/g, "\r\n"));
  }
  /** What the learner sees: the rows, trailing blanks and empty rows dropped. */
  text(): string {
    return this.screen.lines().join("\n").trimEnd();
  }
}

async function until(cond: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function setup(store: MemoryStore = new MemoryStore()) {
  const term = new FakeTerm();
  const m = new Machine(term, store);
  await m.start();
  return { m, term, store };
}

/** Types keys and waits until the shell is back at its prompt. */
async function keys(m: Machine, data: string): Promise<void> {
  const before = m.driver.runs;
  m.driver.input(data);
  await until(() => m.driver.idle && m.driver.runs > before);
}

/** Runs one command line and returns what the terminal showed for it, prompt line included. */
async function run(m: Machine, term: FakeTerm, line: string): Promise<string> {
  const from = term.screen.y;
  await keys(m, `${line}\r`);
  return term.screen.lines().slice(from).join("\n").trimEnd();
}

describe("the terminal", () => {
  it("shows the prompt, echoes the line, prints the output", async () => {
    const { m, term } = await setup();
    expect(term.text()).toBe("llkd@llkd-vbox:~$");
    expect(await run(m, term, "echo hello; id -un")).toBe(
      "llkd@llkd-vbox:~$ echo hello; id -un\nhello\nllkd\nllkd@llkd-vbox:~$",
    );
  });

  it("reads continuation lines after PS2", async () => {
    const { m, term } = await setup();
    m.driver.input("for i in 1 2\r");
    await until(() => m.driver.idle);
    expect(term.text().endsWith("\n>")).toBe(true);
    expect(await run(m, term, "do echo n$i; done")).toBe(
      "> do echo n$i; done\nn1\nn2\nllkd@llkd-vbox:~$",
    );
  });

  it("gives typed lines to a running program, Ctrl-D ends its input", async () => {
    const { m, term } = await setup();
    const before = m.driver.runs;
    m.driver.input("cat\r");
    await until(() => m.driver.busy);
    m.driver.input("abc\r");
    await until(() => term.text().endsWith("abc\nabc"));
    m.driver.input("x\x7fy\r");
    await until(() => term.text().endsWith("y\ny"));
    m.driver.input("\x04");
    await until(() => m.driver.idle && m.driver.runs > before);
    expect(term.text()).toBe("llkd@llkd-vbox:~$ cat\nabc\nabc\ny\ny\nllkd@llkd-vbox:~$");
  });

  it("Ctrl-C interrupts the foreground job", async () => {
    const { m, term } = await setup();
    const before = m.driver.runs;
    m.driver.input("sleep 30\r");
    await until(() => m.driver.busy);
    await until(() => [...m.kernel.tasks.all()].some((t) => t.comm === "sleep" && t.sleeping));
    m.driver.input("\x03");
    await until(() => m.driver.idle && m.driver.runs > before, 3000);
    expect(await run(m, term, "echo $?")).toContain("\n130\n");
    expect(term.text()).toContain("llkd@llkd-vbox:~$ sleep 30\n^C");
  });

  it("Ctrl-C at the prompt drops the line", async () => {
    const { m, term } = await setup();
    m.driver.input("echo no\x03");
    await until(() => m.driver.idle);
    expect(term.text()).toBe("llkd@llkd-vbox:~$ echo no^C\nllkd@llkd-vbox:~$");
  });

  it.each([
    ["a path", "ls /proc/sys/ker\t", "ls /proc/sys/kernel/"],
    ["a command", "unam\t", "uname "],
    ["the home directory", "cat ~/.bas\t", "cat ~/.bashrc "],
    ["a common prefix", "ls /proc/sys/kernel/pan\t", "ls /proc/sys/kernel/panic"],
  ])("Tab completes %s", async (_name, typed, line) => {
    const { m } = await setup();
    m.driver.input(typed);
    await until(() => m.driver.idle && m.driver.editor.line === line);
  });

  it("a second Tab lists the candidates", async () => {
    const { m, term } = await setup();
    m.driver.input("ls /proc/sys/kernel/pan\t");
    await until(() => m.driver.idle && m.driver.editor.line === "ls /proc/sys/kernel/panic");
    m.driver.input("\t");
    await until(() => m.driver.idle && term.text().includes("panic_on_oops"));
    expect(term.text()).toBe(
      "llkd@llkd-vbox:~$ ls /proc/sys/kernel/panic\npanic          panic_on_oops\nllkd@llkd-vbox:~$ ls /proc/sys/kernel/panic",
    );
  });

  it("queues commands from the page and runs them in order, pasted lines too", async () => {
    const { m, term } = await setup();
    m.driver.run("echo one");
    m.driver.run("echo two");
    m.driver.input("echo three\recho four\r");
    await until(() => m.driver.idle && m.driver.runs === 4);
    expect(term.text()).toBe(
      [
        // Typed while "echo one" ran: the tty echoes it, then bash reads it.
        "llkd@llkd-vbox:~$ echo one",
        "echo three",
        "echo four",
        "one",
        "llkd@llkd-vbox:~$ echo two",
        "two",
        "llkd@llkd-vbox:~$ echo three",
        "three",
        "llkd@llkd-vbox:~$ echo four",
        "four",
        "llkd@llkd-vbox:~$",
      ].join("\n"),
    );
  });

  it("runs a here-document queued by the page", async () => {
    const { m, term } = await setup();
    m.driver.run("cat <<EOF\nline 1\nline 2\nEOF");
    await until(() => m.driver.idle && m.driver.runs === 1);
    expect(term.text()).toBe(
      "llkd@llkd-vbox:~$ cat <<EOF\n> line 1\n> line 2\n> EOF\nline 1\nline 2\nllkd@llkd-vbox:~$",
    );
  });

  it("waits for the run gate (the compiler still loading)", async () => {
    const { m, term } = await setup();
    let open!: () => void;
    m.runGate = new Promise<void>((r) => (open = r));
    m.driver.input("echo gated\r");
    await new Promise((r) => setTimeout(r, 30));
    expect(term.text()).toBe("llkd@llkd-vbox:~$ echo gated");
    open();
    await until(() => m.driver.idle && m.driver.runs === 1);
    expect(term.text()).toBe("llkd@llkd-vbox:~$ echo gated\ngated\nllkd@llkd-vbox:~$");
  });

  it("logs in again after exit, with the history kept", async () => {
    const { m, term } = await setup();
    await run(m, term, "echo before");
    const first = m.session;
    m.driver.input("\x04");
    await until(() => m.session !== first && m.driver.idle);
    expect(term.text()).toContain("[logged out; a new login shell starts]");
    expect(m.driver.editor.history).toEqual(["echo before"]);
  });
});

describe("nothing lost", () => {
  it("keeps the home directory across reset, with changes and deletions", async () => {
    const { m, term, store } = await setup();
    await run(
      m,
      term,
      "mkdir -p proj/sub && echo data > proj/sub/f && ln -s proj/sub/f lnk && rm .profile && chmod 600 .bashrc",
    );
    await m.reset();
    const out = await run(m, term, "cat proj/sub/f lnk; ls -a; stat -c '%a %U' .bashrc proj");
    expect(out).toContain("\ndata\ndata\n");
    expect(out).not.toContain(".profile");
    expect(out).toContain("600 llkd\n775 llkd\n");
    const saved = store.map.get("home") as { changed: { path: string }[]; deleted: string[] };
    expect(saved.deleted).toEqual([".profile"]);
    // Files as shipped are not stored, only the learner's changes.
    expect(saved.changed.map((e) => e.path).sort()).toEqual([
      ".bashrc",
      "lnk",
      "proj",
      "proj/sub",
      "proj/sub/f",
    ]);
  });

  it("brings the files back in a new page (a fresh machine on the same store)", async () => {
    const { m, term, store } = await setup();
    await run(m, term, "echo persisted > note.txt");
    await m.save();
    const again = await setup(store);
    expect(await run(again.m, again.term, "cat note.txt")).toContain("\npersisted\n");
    expect(again.m.driver.editor.history).toContain("echo persisted > note.txt");
  });

  it("saves the files when the kernel panics, and Reset brings them back", async () => {
    const { m, term } = await setup();
    const panics: string[] = [];
    m.panicListeners.add((r) => panics.push(r));
    await run(m, term, "echo precious > keep.txt");
    await run(m, term, 'sudo sh -c "echo 1 > /proc/sys/kernel/panic_on_oops"');
    await run(
      m,
      term,
      "sudo insmod debugfs_simple_intf cause_an_oops=1 && sudo rmmod debugfs_simple_intf",
    );
    m.driver.input("sudo cat /sys/kernel/debug/dbgfs_simple_intf/llkd_dbgfs_debug_level\r");
    await until(() => panics.length > 0);
    expect(term.text()).toContain("Kernel panic - not syncing: Fatal exception");
    expect(m.kernel.panicked).toBeTruthy();
    await m.reset();
    expect(m.kernel.panicked).toBeNull();
    expect(await run(m, term, "cat keep.txt")).toContain("\nprecious\n");
  });

  it("exports the home as tar and imports an archive, owned by the learner", async () => {
    const { m, term } = await setup();
    await run(m, term, "echo x > exported.txt");
    const paths = unpackTar(m.exportTar()).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining([".bashrc", ".profile", "exported.txt"]));
    const tar = packTar([
      {
        path: "llkd/imported/a.txt",
        type: "file",
        mode: 0o644,
        uid: 0,
        gid: 0,
        mtime: 0,
        data: new TextEncoder().encode("from tar\n"),
      },
    ]);
    expect(await m.importTar(tar)).toBe(1);
    expect(
      await run(m, term, "cat imported/a.txt; stat -c '%U:%G %a' imported imported/a.txt"),
    ).toContain("from tar\nllkd:llkd 755\nllkd:llkd 644\n");
  });

  it("the panes' processes read as the learner, and die with an Oops without hanging", async () => {
    const { m, term } = await setup();
    const asUser = await m
      .withProcess(false, (libc) => libc.readFileText("/sys/kernel/debug/x"))
      .catch((e) => e.code);
    expect(asUser).toBe("EACCES");
    await run(
      m,
      term,
      "sudo insmod debugfs_simple_intf cause_an_oops=1 && sudo rmmod debugfs_simple_intf",
    );
    const r = await m
      .withProcess(true, (libc) =>
        libc.readFileText("/sys/kernel/debug/dbgfs_simple_intf/llkd_dbgfs_debug_level"),
      )
      .catch((e: Error) => e.name);
    expect(r).toBe("ProcessKilled");
    expect(await run(m, term, "echo alive")).toContain("\nalive\n");
  });
});
