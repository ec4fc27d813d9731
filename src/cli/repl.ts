/**
 * The interactive shell in a host terminal: bash's prompt, line editing and
 * history from Node's readline, Ctrl-C to the foreground job, Ctrl-D to exit,
 * tab completion of paths in the guest.
 */
import { createInterface } from "node:readline";
import type { Kernel } from "../kernel/kernel.ts";
import { startSession } from "../user/session.ts";

export async function interactive(k: Kernel, user: string): Promise<number> {
  const out = process.stdout;
  const s = await startSession(k, {
    user,
    terminal: {
      write: (b) => out.write(Buffer.from(b).toString("utf8").replace(/\r?\n/g, "\r\n")),
      cols: out.columns,
      rows: out.rows,
    },
  });
  const tty = s.tty!;
  out.on("resize", () => tty.resize(out.columns, out.rows));
  k.panicListeners.add(() => {
    out.write(
      "\r\nvkern: the kernel panicked; it refuses further work. Restart vkern to reboot.\r\n",
    );
  });
  let busy = false;
  const completer = async (line: string): Promise<[string[], string]> => {
    const word = line.split(/\s+/).pop() ?? "";
    const slash = word.lastIndexOf("/");
    const dir = slash >= 0 ? word.slice(0, slash + 1) || "/" : ".";
    const prefix = word.slice(slash + 1);
    try {
      const entries = await s.libc.readdir(dir);
      const names = entries
        .map((e) => e.name)
        .filter((n) => n.startsWith(prefix) && n !== "." && n !== "..");
      return [names.map((n) => (slash >= 0 ? word.slice(0, slash + 1) : "") + n), word];
    } catch {
      return [[], word];
    }
  };
  const rl = createInterface({
    input: process.stdin,
    output: out,
    terminal: true,
    historySize: 1000,
    completer: (line: string, cb: (e: Error | null, r: [string[], string]) => void) => {
      completer(line).then((r) => cb(null, r));
    },
  });
  rl.on("SIGINT", () => {
    if (busy) tty.interrupt();
    else {
      out.write("^C\n");
      pending = "";
      void showPrompt();
    }
  });
  let pending = "";
  const showPrompt = async () => {
    await s.shell.beforePrompt();
    rl.setPrompt(pending ? "> " : await s.shell.prompt());
    rl.prompt();
  };
  await showPrompt();
  return new Promise<number>((resolve) => {
    rl.on("line", (line) => {
      if (busy) {
        tty.type(`${line}\n`);
        return;
      }
      pending = pending ? `${pending}\n${line}` : line;
      if (!s.shell.isComplete(pending)) {
        void showPrompt();
        return;
      }
      const src = pending;
      pending = "";
      busy = true;
      void s.shell.run(src).then(async () => {
        busy = false;
        if (s.shell.exited || k.panicked) {
          rl.close();
          return;
        }
        await showPrompt();
      });
    });
    rl.on("close", () => {
      if (busy) {
        tty.sendEof();
        return;
      }
      if (!s.shell.exited) out.write("logout\n");
      resolve(s.shell.status);
    });
  });
}
