/**
 * A learner's module that goes wrong: an exception in init, a file left behind after
 * rmmod, a loop that never ends, runaway recursion, a reach for the host's globals.
 * Each is an Oops (or a soft lockup) in the guest; the host goes on.
 */
import { describe, expect, it } from "vitest";
import { TAINT_DIE, TAINT_SOFTLOCKUP } from "../../src/kernel/panic.ts";
import { softlockupSettings } from "../../src/kernel/watchdog.ts";
import { guest, kbuildMakefile } from "./helpers.ts";

/** A module whose init runs `body` (a statement list); `show` is the body of a proc read. */
function mod(name: string, init: string, show = 'seq_printf(m, "ok\\n");'): string {
  return `import { proc_create_single_data, remove_proc_entry, seq_printf, type SeqFile } from "linux";
export default {
  name: "${name}",
  license: "GPL",
  load() {
    function ${name}_show(m: SeqFile): number {
      ${show}
      return 0;
    }
    function ${name}_init(): number {
      ${init}
      proc_create_single_data("${name}", 0o444, null, ${name}_show, null);
      return 0;
    }
    function ${name}_exit(): void {
      remove_proc_entry("${name}", null);
    }
    return { init: ${name}_init, exit: ${name}_exit };
  },
};
`;
}

async function build(name: string, src: string, fastWatchdog = true) {
  const g = await guest();
  if (fastWatchdog) softlockupSettings.get(g.k).thresholdIterations = 1 << 20;
  await g.put(`${name}.ts`, src);
  await g.put("Makefile", kbuildMakefile(name));
  expect((await g.sh("make -s")).status).toBe(0);
  return g;
}

/** bash -c's report of a command killed by SIGKILL, between `before` and `after`. */
const KILLED = (cmd: string, after: string, before = "") =>
  new RegExp(`^${esc(before)}bash: line 1: +\\d+ Killed +${esc(cmd)}\n${esc(after)}$`);
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

const logText = (k: Awaited<ReturnType<typeof guest>>["k"]) => k.log.all().map((r) => r.text);

describe("faults in a learner's module", () => {
  it("an exception in init: insmod is killed by an Oops naming the function, nothing is loaded", async () => {
    const { sh, k } = await build(
      "boom",
      mod("boom", "const p: { x: number } | null = null;\n      if (p!.x) return 1;"),
    );
    const r = await sh(
      "sudo insmod ./boom.ko; echo status $?; lsmod | grep -c boom; echo still here",
    );
    expect(r.output).toMatch(KILLED("sudo insmod ./boom.ko", "status 137\n0\nstill here\n"));
    const log = logText(k);
    expect(
      log.some((l) => /^BUG: kernel NULL pointer dereference, address: 0{14}[0-9a-f]{2}$/.test(l)),
    ).toBe(true);
    expect(log.some((l) => /^RIP: 0010:boom_init\+0x[0-9a-f]+\/0x[0-9a-f]+$/.test(l))).toBe(true);
    expect(
      log.some((l) =>
        /^CPU: 0 PID: \d+ Comm: insmod Tainted: G {11}O {6}5\.4\.0-llkd01 #1$/.test(l),
      ),
    ).toBe(true);
    expect(k.taint.test(TAINT_DIE)).toBe(true);
    expect(k.modules.find("boom")).toBeNull();
    // print_modules() during the Oops: the module is still on the list, being loaded.
    expect(log).toContain("Modules linked in: boom(O+)");
  });

  it("after an Oops in init the module can be fixed and loaded again", async () => {
    const g = await build(
      "boom2",
      mod("boom2", "const p: { x: number } | null = null;\n      if (p!.x) return 1;"),
    );
    await g.sh("sudo insmod ./boom2.ko");
    await g.put("boom2.ts", mod("boom2", ""));
    const r = await g.sh(
      "make -s && sudo insmod ./boom2.ko && cat /proc/boom2 && lsmod | grep -c boom2",
    );
    expect(r.output).toBe("ok\n1\n");
  });

  it("an exception in exit: the Oops lists the module as going, rmmod is killed", async () => {
    const src = mod("exitboom", "").replace(
      'remove_proc_entry("exitboom", null);',
      'remove_proc_entry("exitboom", null);\n      const q: { y: number } | null = null;\n      q!.y = 1;',
    );
    const { sh, k } = await build("exitboom", src);
    const r = await sh("sudo insmod ./exitboom.ko && sudo rmmod exitboom; echo status $?");
    expect(r.output).toMatch(/Killed +sudo rmmod exitboom\nstatus 137\n$/);
    const log = logText(k);
    expect(log).toContain("Modules linked in: exitboom(O-)");
    expect(k.modules.find("exitboom")).toBeNull();
  });

  it("a file left behind after rmmod: reading it is a use-after-free Oops", async () => {
    const src = mod("leak", "").replace(
      'remove_proc_entry("leak", null);',
      "/* forgot remove_proc_entry() */",
    );
    const { sh, k } = await build("leak", src);
    const r = await sh(
      "sudo insmod ./leak.ko && cat /proc/leak && sudo rmmod leak && cat /proc/leak; echo status $?",
    );
    expect(r.output).toMatch(KILLED("cat /proc/leak", "status 137\n", "ok\n"));
    expect(
      logText(k).some((l) =>
        l.startsWith("BUG: unable to handle page fault for address: ffffffffc"),
      ),
    ).toBe(true);
    expect(logText(k)).toContain("Modules linked in: [last unloaded: leak]");
    expect((await sh("echo the host is fine")).output).toBe("the host is fine\n");
  });

  it.each([
    ["while (true)", "let n = 0;\n      while (true) n++;"],
    ["for (;;)", "let n = 0;\n      for (;;) { n++; }"],
    ["do {} while", "let n = 0;\n      do n++; while (n > 0);"],
    [
      "for-of over an endless generator",
      "function* nat() { let i = 0; for (;;) yield i++; }\n      for (const _ of nat()) { /* spin */ }",
    ],
    ["an array that grows as it is walked", "const a = [1];\n      for (const x of a) a.push(x);"],
  ])("a loop that never ends in init (%s): a soft lockup, insmod killed", async (_n, body) => {
    const { sh, k } = await build("spin", mod("spin", body));
    const r = await sh("sudo insmod ./spin.ko; echo status $?");
    expect(r.output).toMatch(KILLED("sudo insmod ./spin.ko", "status 137\n"));
    const log = logText(k);
    const i = log.findIndex((l) => l.startsWith("watchdog: BUG: soft lockup"));
    expect(log[i]).toMatch(/^watchdog: BUG: soft lockup - CPU#0 stuck for 22s! \[insmod:\d+\]$/);
    expect(log[i + 1]).toMatch(/^Modules linked in:/);
    expect(log[i + 2]).toMatch(
      /^CPU: 0 PID: \d+ Comm: insmod Tainted: G {11}O {6}5\.4\.0-llkd01 #1$/,
    );
    expect(log.some((l) => /^RIP: 0010:spin_init\+/.test(l) || /^RIP: 0010:nat\+/.test(l))).toBe(
      true,
    );
    expect(log.some((l) => l.includes("ORIG_RAX: ffffffffffffff13"))).toBe(true);
    expect(k.taint.test(TAINT_SOFTLOCKUP)).toBe(true);
    expect(k.oopsCount).toBe(0);
  });

  it("with the default watchdog too, a stuck read: cat is killed, the module stays usable", async () => {
    const { sh, k } = await build(
      "stuck",
      mod("stuck", "", "for (;;) { /* never returns */ }"),
      false,
    );
    const t0 = performance.now();
    const r = await sh(
      "sudo insmod ./stuck.ko && cat /proc/stuck; echo status $?; sudo rmmod stuck; echo rmmod $?",
    );
    const ms = performance.now() - t0;
    expect(r.output).toMatch(KILLED("cat /proc/stuck", "status 137\nrmmod 0\n"));
    expect(
      logText(k).some((l) =>
        /^watchdog: BUG: soft lockup - CPU#0 stuck for 22s! \[cat:\d+\]$/.test(l),
      ),
    ).toBe(true);
    expect(ms).toBeLessThan(5000);
  });

  it("runaway recursion is an Oops, not a host crash", async () => {
    const src = mod(
      "deep",
      "function down(n: number): number { return down(n + 1) + 1; }\n      down(0);",
    );
    const { sh, k } = await build("deep", src);
    expect((await sh("sudo insmod ./deep.ko; echo status $?")).output).toMatch(
      KILLED("sudo insmod ./deep.ko", "status 137\n"),
    );
    expect(k.oopsCount).toBe(1);
  });

  it("the host's globals are out of reach: globalThis, process, setTimeout, console are undefined", async () => {
    const src = mod(
      "peek",
      'pr_info("%s %s %s %s\\n", typeof globalThis, typeof process, typeof setTimeout, typeof console);',
    ).replace("import { proc_create_single_data,", "import { pr_info, proc_create_single_data,");
    const { sh } = await build("peek", src);
    await sh("sudo insmod ./peek.ko");
    expect((await sh("dmesg | tail -1 | cut -c16-")).output).toBe(
      "peek: undefined undefined undefined undefined\n",
    );
    const esc = mod(
      "esc",
      "(globalThis as unknown as { process: { exit(n: number): void } }).process.exit(1);",
    );
    const g = await build("esc", esc);
    expect((await g.sh("sudo insmod ./esc.ko; echo status $?")).output).toMatch(
      KILLED("sudo insmod ./esc.ko", "status 137\n"),
    );
  });
});
