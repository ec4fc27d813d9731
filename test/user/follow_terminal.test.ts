/**
 * tail -f and dmesg -W as a learner meets them: typed at the playground's terminal (real
 * clock, so -s 0.1 really waits 0.1 s between polls), stopped with Ctrl-C: the terminal
 * echoes "^C" and the shell reports the job killed by SIGINT as status 130 (128 + 2).
 */
import { expect, it } from "vitest";
import { hostProcess } from "../../src/user/run.ts";
import type { Store } from "../../web/src/idb.ts";
import { Machine } from "../../web/src/machine.ts";
import { Screen } from "../web/screen.ts";

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

/** A terminal as xterm.js is set up in the page (convertEol). */
class FakeTerm {
  cols = 80;
  rows = 24;
  screen = new Screen(80);
  write(d: string | Uint8Array) {
    const s = typeof d === "string" ? d : new TextDecoder().decode(d);
    this.screen.write(s.replace(/\r?\n/g, "\r\n"));
  }
  text(): string {
    return this.screen.lines().join("\n").trimEnd();
  }
}

async function until(cond: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
}

it("Ctrl-C ends tail -f and dmesg -W at the terminal with status 130", async () => {
  const term = new FakeTerm();
  const m = new Machine(term, new MemoryStore());
  await m.start();
  const run = async (s: string) => {
    const before = m.driver.runs;
    m.driver.input(s);
    await until(() => m.driver.idle && m.driver.runs > before);
  };
  const interrupt = async () => {
    const before = m.driver.runs;
    m.driver.input("\x03");
    await until(() => m.driver.idle && m.driver.runs > before, 3000);
  };
  await run("seq 3 > /tmp/l\r");
  m.driver.input("tail -f -s 0.1 /tmp/l\r");
  await until(() => term.text().endsWith("\n3"));
  const { libc } = hostProcess(m.kernel, 1000, "/", () => {});
  const fd = await libc.open("/tmp/l", 0o2001); // O_WRONLY | O_APPEND
  await libc.writeAll(fd, "four\n");
  await libc.close(fd);
  await until(() => term.text().endsWith("\nfour"));
  await interrupt();
  await run("echo status $?\r");
  m.driver.input("sudo dmesg -W\r");
  await until(() => [...m.kernel.tasks.all()].some((t) => t.comm === "dmesg" && t.alive));
  await new Promise((r) => setTimeout(r, 100));
  m.kernel.printk("hello followers", 6);
  await until(() => term.text().includes("hello followers"));
  await interrupt();
  await run("echo status $?\r");
  expect(term.text().replace(/\[ *\d+\.\d{6}\]/, "[T]")).toBe(
    [
      "llkd@llkd-vbox:~$ seq 3 > /tmp/l",
      "llkd@llkd-vbox:~$ tail -f -s 0.1 /tmp/l",
      "1",
      "2",
      "3",
      "four",
      "^C",
      "llkd@llkd-vbox:~$ echo status $?",
      "status 130",
      "llkd@llkd-vbox:~$ sudo dmesg -W",
      "[T] hello followers",
      "^C",
      "llkd@llkd-vbox:~$ echo status $?",
      "status 130",
      "llkd@llkd-vbox:~$",
    ].join("\n"),
  );
});
