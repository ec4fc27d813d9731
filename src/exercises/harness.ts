/**
 * The checkers' common part: boot a fresh kernel, put the submission into
 * /home/llkd/exercises/<name>/, build it with make, load it with insmod, run the
 * exercise's tests, unload it and check that it left nothing behind. Every step is a
 * test result with what was expected and what was seen.
 *
 * The kernel is booted with a PAGE_OFFSET other than the default (as KASLR would give),
 * so a module that prints a hard-coded 0xffff888000000000 fails.
 */
import { mkdirp, writeFile } from "../init/initramfs.ts";
import type { Kernel, KernelOptions } from "../kernel/kernel.ts";
import type { Task } from "../kernel/task.ts";
import { SysError } from "../user/libc/errors.ts";
import type { Libc } from "../user/libc/libc.ts";
import { hostProcess, type RunResult, runProgram } from "../user/run.ts";
import { boot } from "../vkern.ts";
import type { CheckReport, Exercise, TestResult } from "./types.ts";

/** The PAGE_OFFSET checkers boot with: 1 GiB aligned, as KASLR's page_offset_base is. */
export const CHECK_PAGE_OFFSET = 0xffff9f8b00000000n;
/** Host milliseconds a single test may take. */
const TEST_TIMEOUT_MS = 10_000;

const dec = new TextDecoder();
const enc = new TextEncoder();

export type IoResult =
  | { ok: true; text: string; n: number }
  | { ok: false; code: string; errno: number };

export class Harness {
  private constructor(
    readonly k: Kernel,
    readonly ex: Exercise,
    readonly dir: string,
  ) {}

  static async create(
    ex: Exercise,
    files: Map<string, Uint8Array | string>,
    opts: Partial<KernelOptions> = {},
  ): Promise<Harness> {
    const k = await boot({ pageOffset: CHECK_PAGE_OFFSET, ...opts });
    const dir = `/home/llkd/exercises/${ex.name}`;
    mkdirp(k, dir, 0o775, { uid: 1000, gid: 1000 });
    for (const [name, data] of files) {
      writeFile(k, `${dir}/${name}`, data, 0o664, { uid: 1000, gid: 1000 });
    }
    return new Harness(k, ex, dir);
  }

  /** Runs a bash command line as `uid` in the exercise directory. */
  sh(cmd: string, uid = 1000): Promise<RunResult> {
    return runProgram(this.k, ["bash", "-c", cmd], { uid, cwd: this.dir });
  }

  /** A process to make system calls from (it stays alive, so it is in the task list). */
  proc(uid = 0): { task: Task; libc: Libc } {
    return hostProcess(this.k, uid, this.dir, () => {});
  }

  /**
   * Resolves with p, or rejects with Killed when `task` dies first: a process killed by an
   * Oops (or the watchdog) inside a system call never returns from it.
   */
  guard<T>(task: Task, p: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const listeners = this.k.tasks.exitListeners;
      const onExit = (t: Task) => {
        if (t !== task) return;
        listeners.delete(onExit);
        reject(new Killed(task.exitStatus));
      };
      listeners.add(onExit);
      p.then(
        (v) => {
          listeners.delete(onExit);
          resolve(v);
        },
        (e) => {
          listeners.delete(onExit);
          reject(e);
        },
      );
    });
  }

  /**
   * Reads a whole file as `uid`, in chunks of `chunk` bytes (at most 64 KiB: a read method
   * that ignores the file position never reaches end-of-file).
   */
  async read(path: string, uid = 0, chunk = 4096): Promise<IoResult> {
    const { task, libc } = this.proc(uid);
    return this.guard(
      task,
      (async (): Promise<IoResult> => {
        let fd = -1;
        try {
          fd = await libc.open(path, 0);
          let text = "";
          for (;;) {
            const b = await libc.readBytes(fd, chunk);
            if (!b.length) break;
            text += dec.decode(b);
            if (text.length >= 1 << 16) break;
          }
          return { ok: true, text, n: text.length };
        } catch (e) {
          return ioError(e);
        } finally {
          if (fd >= 0) await libc.close(fd).catch(() => 0);
        }
      })(),
    ).catch(killedResult);
  }

  /** Writes `data` to a file with one write(2) as `uid` (as `echo data > file` does). */
  async write(path: string, data: string, uid = 0): Promise<IoResult> {
    const { task, libc } = this.proc(uid);
    return this.guard(
      task,
      (async (): Promise<IoResult> => {
        let fd = -1;
        try {
          fd = await libc.open(path, 1);
          const n = await libc.writeBytes(fd, enc.encode(data));
          return { ok: true, text: "", n };
        } catch (e) {
          return ioError(e);
        } finally {
          if (fd >= 0) await libc.close(fd).catch(() => 0);
        }
      })(),
    ).catch(killedResult);
  }

  /** The kernel log's messages from sequence number `from` on, without timestamps. */
  log(from = 0): string[] {
    return this.k.log.from(from).map((r) => r.text.replace(/\n$/, ""));
  }

  /** The sequence number the next log record will have (a mark for log() and faults()). */
  mark(): number {
    return this.k.log.next;
  }

  /** BUG/Oops/soft-lockup report lines in the log since mark `from`. */
  faults(from = 0): string[] {
    return this.log(from).filter((l) =>
      /^(BUG:|watchdog: BUG:|kernel BUG|Oops:|general protection)/.test(l),
    );
  }

  async exists(path: string): Promise<boolean> {
    const { libc } = this.proc(0);
    try {
      await libc.lstat(path);
      return true;
    } catch {
      return false;
    }
  }
}

/** The process making the calls was killed (by an Oops, the watchdog ...). */
export class Killed extends Error {
  constructor(readonly status: number) {
    super("the process was killed");
    this.name = "Killed";
  }
}

function killedResult(e: unknown): IoResult {
  if (e instanceof Killed) return { ok: false, code: "killed (the kernel faulted)", errno: 0 };
  throw e;
}

function ioError(e: unknown): IoResult {
  if (e instanceof SysError) return { ok: false, code: e.code, errno: e.errno };
  throw e;
}

/** "write succeeded (4 bytes)" / "EINVAL" ... for a result's "seen". */
export function ioText(r: IoResult): string {
  return r.ok
    ? r.text
      ? JSON.stringify(r.text)
      : `succeeded (${r.n} bytes)`
    : `failed with ${r.code}`;
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

const short = (s: string, n = 600) => (s.length > n ? `${s.slice(0, n)}...` : s);

/** Checks one submission (its files by name) against an exercise. */
export async function checkSubmission(
  ex: Exercise,
  files: Map<string, Uint8Array | string>,
  submission: string,
): Promise<CheckReport> {
  const results: TestResult[] = [];
  const add = (r: TestResult) => results.push(r);
  const h = await Harness.create(ex, files);
  const notRun = (why: string) => {
    for (const t of ex.tests) add({ name: t.name, pass: false, expected: "(not run)", seen: why });
  };

  // 1. make
  const products = [`${ex.module}.ko`, ...(ex.program ? [ex.program] : [])];
  const built = await h.sh("make");
  const missing: string[] = [];
  for (const p of products) if (!(await h.exists(`${h.dir}/${p}`))) missing.push(p);
  add({
    name: "builds with make",
    pass: built.status === 0 && !missing.length,
    expected: `make exits 0 and builds ${products.join(" and ")}`,
    seen:
      built.status === 0 && !missing.length
        ? "built"
        : `make exited ${built.status}${missing.length ? `, no ${missing.join(", ")}` : ""}:\n${short(built.output)}`,
  });
  if (built.status !== 0 || missing.length) {
    notRun("the build failed");
    return report(ex, submission, results);
  }

  // 2. insmod
  let mark = h.mark();
  const ins = await h.sh(`sudo insmod ./${ex.module}.ko`);
  const loaded = !!h.k.modules.find(ex.module);
  const f0 = h.faults(mark);
  add({
    name: "loads with insmod",
    pass: ins.status === 0 && loaded && !f0.length,
    expected: `insmod ./${ex.module}.ko succeeds, the module is listed by lsmod`,
    seen:
      ins.status === 0 && loaded && !f0.length
        ? "loaded"
        : `insmod exited ${ins.status}: ${short(ins.output.trim())}${f0.length ? `; kernel: ${f0.join("; ")}` : ""}`,
  });
  if (!loaded) {
    notRun("the module did not load");
    return report(ex, submission, results);
  }

  // 3. the exercise's tests
  for (const t of ex.tests) {
    mark = h.mark();
    let r: Omit<TestResult, "name">;
    try {
      r = await withTimeout(t.run(h), TEST_TIMEOUT_MS);
    } catch (e) {
      r = {
        pass: false,
        expected: "(the test to run)",
        seen: e instanceof Error ? e.message : String(e),
      };
    }
    const f = h.faults(mark);
    if (f.length) r = { ...r, pass: false, seen: `${r.seen}; kernel fault: ${f.join("; ")}` };
    add({ name: t.name, ...r });
  }

  // 4. rmmod, and nothing left behind
  mark = h.mark();
  const rm = await h.sh(`sudo rmmod ${ex.module}`);
  const left: string[] = [];
  for (const p of h.ex.creates) if (await h.exists(p)) left.push(p);
  if (ex.chrdev) {
    const devices = await h.read("/proc/devices");
    if (devices.ok && new RegExp(`^\\s*\\d+ ${ex.chrdev}$`, "m").test(devices.text))
      left.push(`${ex.chrdev} in /proc/devices`);
  }
  const f4 = h.faults(mark);
  add({
    name: "unloads with rmmod and leaves nothing behind",
    pass: rm.status === 0 && !left.length && !f4.length && !h.k.modules.find(ex.module),
    expected: `rmmod succeeds and removes ${[...h.ex.creates, ...(ex.chrdev ? [`${ex.chrdev} from /proc/devices`] : [])].join(", ")}`,
    seen:
      rm.status !== 0
        ? `rmmod exited ${rm.status}: ${rm.output.trim()}`
        : left.length
          ? `still there after rmmod: ${left.join(", ")}`
          : f4.length
            ? `kernel fault: ${f4.join("; ")}`
            : "unloaded, nothing left",
  });
  return report(ex, submission, results);
}

function report(ex: Exercise, submission: string, results: TestResult[]): CheckReport {
  const passed = results.filter((r) => r.pass).length;
  return {
    exercise: ex.name,
    submission,
    passed,
    total: results.length,
    ok: passed === results.length,
    results,
  };
}

/** Files of a directory listing that are sources, not build products. */
export function isSourceFile(name: string, data: Uint8Array): boolean {
  if (name.startsWith(".")) return false;
  if (/\.(o|ko|mod|mod\.c|a|s|i)$/.test(name)) return false;
  if (name === "modules.order" || name === "Module.symvers") return false;
  // Executables built by tsc start with an ELF magic.
  return !(data[0] === 0x7f && data[1] === 0x45 && data[2] === 0x4c && data[3] === 0x46);
}

/** The report as the checker prints it for people. */
export function formatReport(r: CheckReport): string {
  let out = `Checking ${r.exercise} (${r.submission})\n`;
  for (const t of r.results) {
    out += `${t.pass ? "PASS" : "FAIL"}  ${t.name}\n`;
    if (!t.pass) {
      const ind = (s: string) => s.replace(/\n/g, "\n                ");
      out += `      expected: ${ind(t.expected)}\n      seen:     ${ind(t.seen)}\n`;
    }
  }
  out += `${r.passed}/${r.total} tests passed\n`;
  return out;
}
